#include <stdlib.h>

#include "core/buf.h"
#include "core/error.h"
#include "filters/feed.h"
#include "tests/unit/test.h"

/* Items collected as "id|url|title|date|html|content" lines. */
static int collect(void *ud, const struct feed_item *it)
{
	struct wn_buf *b = ud;
	return wn_buf_addf(b, "%.*s|%.*s|%.*s|%.*s|%d|%.*s\n", (int)it->id_len, it->id,
			   (int)it->url_len, it->url, (int)it->title_len, it->title,
			   (int)it->date_len, it->date, it->content_is_html, (int)it->content_len,
			   it->content) != WN_OK;
}

static int parse(const char *xml, struct wn_buf *b, struct feed_result *res)
{
	wn_buf_reset(b);
	int rc = feed_parse(xml, strlen(xml), 1 << 20, collect, b, res);
	if (!b->data)
		wn_buf_grow(b, 0);
	return rc;
}

TEST(feed_rss2)
{
	struct wn_buf b = WN_BUF_INIT(1 << 20);
	struct feed_result res;
	const char *rss =
		"<?xml version=\"1.0\"?>\n<rss version=\"2.0\" "
		"xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
		"xmlns:media=\"http://search.yahoo.com/mrss/\">"
		"<channel><title>Chan</title><link>http://x/</link><description>chan</description>"
		"<item><title> One &amp; only </title><link>http://x/1</link>"
		"<guid isPermaLink=\"false\">id-1</guid><media:title>not this</media:title>"
		"<pubDate>Tue, 19 Nov 2019 13:03:00 +0100</pubDate>"
		"<description>&lt;p&gt;short&lt;/p&gt;</description>"
		"<content:encoded><![CDATA[<p>Full & <b>rich</b> text</p>]]></content:encoded></item>"
		"<item><guid>http://x/2</guid><description>Only a guid</description></item>"
		"<item><title></title></item>"
		"</channel></rss>";
	REQUIRE(parse(rss, &b, &res) == WN_OK);
	CHECK_INT(res.kind, FEED_RSS);
	CHECK_INT(res.items, 2);
	CHECK_INT(res.empty, 1);
	CHECK_INT(res.errors, 0);
	CHECK_MEM(b.data, b.len,
		  "id-1|http://x/1|One & only|2019-11-19T12:03:00Z|1|<p>Full & <b>rich</b> text</p>\n"
		  "http://x/2|http://x/2|||1|Only a guid\n");
	wn_buf_release(&b);
}

TEST(feed_atom_and_rdf)
{
	struct wn_buf b = WN_BUF_INIT(1 << 20);
	struct feed_result res;
	const char *atom =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>F</title><id>urn:f</id>"
		"<entry><title type=\"text\">A</title><id>urn:1</id>"
		"<link rel=\"self\" href=\"http://x/self\"/><link href=\"http://x/a1\"/>"
		"<author><name>N</name><id>urn:author</id></author>"
		"<updated>2019-11-19T13:03:00-05:00</updated>"
		"<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>x &amp; "
		"&lt;y&gt;</p></div></content></entry>"
		"<entry><id>urn:2</id><summary type=\"text\">plain &lt;b&gt;</summary></entry></feed>";
	REQUIRE(parse(atom, &b, &res) == WN_OK);
	CHECK_INT(res.kind, FEED_ATOM);
	CHECK_MEM(b.data, b.len,
		  "urn:1|http://x/a1|A|2019-11-19T18:03:00Z|1|<div><p>x &amp; &lt;y&gt;</p></div>\n"
		  "urn:2||||0|plain <b>\n");
	const char *rdf =
		"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>"
		"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
		"xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
		"<channel rdf:about=\"http://x/\"><title>C</title></channel>"
		"<item rdf:about=\"http://x/r1\"><title>Caf\xe9</title><link>http://x/r1</link>"
		"<dc:date>2019-11-19</dc:date><description>d&#233;j&#xE0;</description></item>"
		"</rdf:RDF>";
	REQUIRE(parse(rdf, &b, &res) == WN_OK);
	CHECK_INT(res.kind, FEED_RDF);
	CHECK_MEM(b.data, b.len, "http://x/r1|http://x/r1|Café|2019-11-19T00:00:00Z|1|déjà\n");
	wn_buf_release(&b);
}

TEST(feed_broken_item_in_the_middle)
{
	struct wn_buf b = WN_BUF_INIT(1 << 20);
	struct feed_result res;
	/* Item 2: a bare ampersand, an HTML entity XML does not know, and
	 * unescaped HTML that never closes its <b>. Items 1 and 3 must survive
	 * intact, entities included. */
	const char *rss =
		"<rss version=\"2.0\"><channel>"
		"<item><title>One</title><link>http://x/1</link><description>a &amp; b</description></item>"
		"<item><title>AT&T &mdash; two</title><link>http://x/2?a=1&b=2</link>"
		"<description>x <b>bold</description></item>"
		"<item><title>Three &amp; &nbsp;x</title><link>http://x/3</link>"
		"<description>&lt;p&gt;c&lt;/p&gt;</description></item>"
		"</channel></rss>";
	REQUIRE(parse(rss, &b, &res) == WN_ECORRUPT);
	CHECK(res.errors > 0);
	CHECK(strstr(res.err, "line 1") != NULL);
	CHECK_INT(res.amps_fixed, 2);
	CHECK_INT(res.items, 3);
	CHECK_MEM(b.data, b.len,
		  "http://x/1|http://x/1|One||1|a & b\n"
		  "http://x/2?a=1&b=2|http://x/2?a=1&b=2|AT&T — two||1|x bold\n"
		  "http://x/3|http://x/3|Three & \xc2\xa0x||1|<p>c</p>\n");
	wn_buf_release(&b);
}

TEST(feed_truncated_and_not_a_feed)
{
	struct wn_buf b = WN_BUF_INIT(1 << 20);
	struct feed_result res;
	const char *cut = "<rss><channel><item><title>A</title><link>http://x/a</link></item>"
			  "<item><title>B</title><description>half of it";
	REQUIRE(parse(cut, &b, &res) == WN_ECORRUPT);
	CHECK_INT(res.items, 1);
	CHECK_INT(res.truncated, 1);
	CHECK_MEM(b.data, b.len, "http://x/a|http://x/a|A||1|\n");
	CHECK(parse("<html><body>no</body></html>", &b, &res) == WN_EINVAL);
	CHECK(parse("", &b, &res) == WN_EINVAL);
	/* An external entity is never fetched nor expanded. */
	const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM "
			  "\"file:///etc/passwd\">]><rss><channel><item><title>&e;</title>"
			  "<link>http://x/</link></item></channel></rss>";
	parse(xxe, &b, &res);
	CHECK(strstr(b.data, "root:") == NULL);
	CHECK_INT(feed_sniff("\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">", 55),
		  FEED_RSS);
	CHECK_INT(feed_sniff("<feed xmlns=\"http://www.w3.org/2005/Atom\">", 42), FEED_ATOM);
	CHECK_INT(feed_sniff("<rdf:RDF xmlns:rdf=\"x\">", 23), FEED_RDF);
	CHECK_INT(feed_sniff("<feedback>", 10), FEED_NONE);
	CHECK_INT(feed_sniff("<html>", 6), FEED_NONE);
	wn_buf_release(&b);
}

TEST(feed_stop_and_field_limit)
{
	struct feed_result res;
	struct wn_buf b = WN_BUF_INIT(1 << 20);
	const char *rss = "<rss><channel><item><title>A</title><description>0123456789abcdef"
			  "</description></item><item><title>B</title></item></channel></rss>";
	/* A field past the maximum drops its item, counted. */
	CHECK(feed_parse(rss, strlen(rss), 8, collect, &b, &res) == WN_OK);
	CHECK_INT(res.too_large, 1);
	CHECK_INT(res.items, 1);
	wn_buf_release(&b);
}
