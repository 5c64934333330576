#include <stdlib.h>

#include "core/error.h"
#include "core/utf8.h"
#include "filters/html.h"
#include "filters/html_score.h"
#include "tests/unit/test.h"

#define MAXP ((size_t)64 << 20)

/* Extracts s in mode; returns the rc and leaves the result in *r. */
static int extract(struct html_ctx *h, struct html_result *r, const char *s, size_t n,
		   enum html_mode mode, const char *cs)
{
	return html_extract(h, s, n, mode, cs, r);
}

static int has(const struct html_result *r, const char *needle)
{
	return r->text.data && strstr(r->text.data, needle) != NULL;
}

TEST(html_text_mode_basics)
{
	struct html_ctx *h = html_ctx_new(MAXP);
	struct html_result r;
	html_result_init(&r, MAXP);
	const char *page =
		"<!DOCTYPE html><html lang=\"en-GB\"><head><title> The  title </title>"
		"<style>p{color:red}</style><script>var x = '<p>no</p>';</script></head>"
		"<body><h1>Head&amp;line</h1><p>One&nbsp;two &eacute;t&#233; &#x263A; &lt;tag&gt;"
		"<br>next line</p><div hidden>secret</div><p style=\"display: none\">hidden</p>"
		"<ul><li>a</li><li>b</li></ul><noscript>enable js</noscript>"
		"<table><tr><td>c1</td><td>c2</td></tr></table></body></html>";
	REQUIRE(extract(h, &r, page, strlen(page), HTML_TEXT, NULL) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len,
		  "Head&line\n\nOne two été ☺ <tag>\nnext line\n\na\nb\n\nc1 c2");
	CHECK_MEM(r.title.data, r.title.len, "The title");
	CHECK_MEM(r.lang.data, r.lang.len, "en-GB");
	CHECK(!strcmp(r.charset, "UTF-8"));
	html_result_release(&r);
	html_ctx_free(h);
}

TEST(html_unclosed_and_nested_tables)
{
	struct html_ctx *h = html_ctx_new(MAXP);
	struct html_result r;
	html_result_init(&r, MAXP);
	const char *page = "<p>first <b>bold <i>both</p><p>second<div>third"
			   "<table><tr><td>x<table><tr><td>inner1<td>inner2</table>y</td>"
			   "<td>z</tr></table><p>last";
	REQUIRE(extract(h, &r, page, strlen(page), HTML_TEXT, NULL) == WN_OK);
	CHECK(has(&r, "first bold both"));
	CHECK(has(&r, "second"));
	CHECK(has(&r, "inner1 inner2"));
	CHECK(has(&r, "third"));
	CHECK(has(&r, "last"));
	CHECK(r.text.len > 0 && r.text.data[r.text.len - 1] == 't');
	html_result_release(&r);
	html_ctx_free(h);
}

TEST(html_deep_nesting)
{
	struct html_ctx *h = html_ctx_new(MAXP);
	struct html_result r;
	struct wn_buf b = WN_BUF_INIT(1 << 20);
	html_result_init(&r, MAXP);
	for (int i = 0; i < 10000; i++)
		REQUIRE(wn_buf_adds(&b, i % 2 ? "<div class=\"x\">" : "<span>") == WN_OK);
	REQUIRE(wn_buf_adds(&b, "deep words, here, and there, and a long enough sentence.") == WN_OK);
	for (int i = 0; i < 3; i++)
		REQUIRE(wn_buf_adds(&b, "</div></span>") == WN_OK);
	REQUIRE(extract(h, &r, b.data, b.len, HTML_TEXT, NULL) == WN_OK);
	CHECK(has(&r, "deep words"));
	REQUIRE(extract(h, &r, b.data, b.len, HTML_MAIN, NULL) == WN_OK);
	CHECK(has(&r, "deep words"));
	/* Unbalanced the other way: 10,000 close tags. */
	wn_buf_reset(&b);
	for (int i = 0; i < 10000; i++)
		REQUIRE(wn_buf_adds(&b, "</div></p>") == WN_OK);
	REQUIRE(wn_buf_adds(&b, "<p>after") == WN_OK);
	REQUIRE(extract(h, &r, b.data, b.len, HTML_MAIN, NULL) == WN_OK);
	CHECK(has(&r, "after"));
	wn_buf_release(&b);
	html_result_release(&r);
	html_ctx_free(h);
}

TEST(html_big_page_and_limits)
{
	struct html_ctx *h = html_ctx_new(MAXP);
	struct html_result r;
	struct wn_buf b = WN_BUF_INIT(MAXP);
	html_result_init(&r, MAXP);
	REQUIRE(wn_buf_adds(&b, "<html><body><nav><a href=/>Home</a></nav><article>") == WN_OK);
	while (b.len < ((size_t)50 << 20))
		REQUIRE(wn_buf_adds(&b, "<p>A paragraph of the long article, with commas, "
					"and words enough to be text.</p>\n") == WN_OK);
	REQUIRE(wn_buf_adds(&b, "</article><footer>Copyright</footer></body></html>") == WN_OK);
	REQUIRE(extract(h, &r, b.data, b.len, HTML_MAIN, NULL) == WN_OK);
	CHECK(r.main_found);
	CHECK(r.text.len > ((size_t)30 << 20));
	CHECK(!has(&r, "Copyright"));
	REQUIRE(extract(h, &r, b.data, b.len, HTML_TEXT, NULL) == WN_OK);
	CHECK(has(&r, "Copyright"));
	html_ctx_free(h);
	/* A context for smaller pages refuses it rather than cutting it. */
	h = html_ctx_new(1 << 20);
	CHECK_INT(extract(h, &r, b.data, b.len, HTML_MAIN, NULL), WN_ERECBIG);
	CHECK(strstr(html_ctx_error(h), "limit") != NULL);
	wn_buf_release(&b);
	html_result_release(&r);
	html_ctx_free(h);
}

TEST(html_charsets)
{
	struct html_ctx *h = html_ctx_new(MAXP);
	struct html_result r;
	html_result_init(&r, MAXP);
	/* Undeclared and not UTF-8: windows-1252. */
	const char *w = "<p>caf\xe9 \x93quoted\x94 \x80 5</p>";
	REQUIRE(extract(h, &r, w, strlen(w), HTML_TEXT, NULL) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "café “quoted” € 5");
	CHECK(!strcmp(r.charset, "WINDOWS-1252"));
	/* Declared latin1 means windows-1252. */
	const char *l = "<meta charset=\"iso-8859-1\"><p>\x93x\x94</p>";
	REQUIRE(extract(h, &r, l, strlen(l), HTML_TEXT, NULL) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "“x”");
	/* Shift_JIS through <meta http-equiv>: 日本語 */
	const char *sj = "<html><head><meta http-equiv=\"Content-Type\" "
			 "content=\"text/html; charset=Shift_JIS\"><title>\x93\xfa\x96\x7b</title>"
			 "</head><body><p>\x93\xfa\x96\x7b\x8c\xea</p></body></html>";
	REQUIRE(extract(h, &r, sj, strlen(sj), HTML_TEXT, NULL) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "日本語");
	CHECK_MEM(r.title.data, r.title.len, "日本");
	CHECK(!strcmp(r.charset, "CP932"));
	/* The HTTP header wins over <meta>; a BOM wins over both. */
	const char *hv = "<meta charset=utf-8><p>\xe9t\xe9</p>";
	REQUIRE(extract(h, &r, hv, strlen(hv), HTML_TEXT, "windows-1252") == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "été");
	const char *bom = "\xef\xbb\xbf<p>\xc3\xa9</p>";
	REQUIRE(extract(h, &r, bom, strlen(bom), HTML_TEXT, "windows-1252") == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "é");
	/* Declared UTF-8 with a bad byte: repaired and counted. */
	const char *bad = "<meta charset=utf-8><p>a\xff" "b</p>";
	REQUIRE(extract(h, &r, bad, strlen(bad), HTML_TEXT, NULL) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "a\xef\xbf\xbd" "b");
	CHECK_INT(r.bad_bytes, 1);
	/* Raw mode: converted, untouched otherwise. */
	REQUIRE(extract(h, &r, w, strlen(w), HTML_RAW, NULL) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "<p>café “quoted” € 5</p>");
	char cs[32];
	html_content_type_charset("text/html; Charset=\"Shift_JIS\"", 30, cs, sizeof(cs));
	CHECK(!strcmp(cs, "Shift_JIS"));
	html_result_release(&r);
	html_ctx_free(h);
}

TEST(html_metadata)
{
	struct html_ctx *h = html_ctx_new(MAXP);
	struct html_result r;
	html_result_init(&r, MAXP);
	const char *page =
		"<html lang=fr><head><title>Site | Page</title>"
		"<meta property=\"og:title\" content=\"The &quot;real&quot; title\">"
		"<meta name=\"date\" content=\"2001-01-01\">"
		"<meta property=\"article:published_time\" content=\"2019-11-19T13:03:00+01:00\">"
		"</head><body><p>x</p></body></html>";
	REQUIRE(extract(h, &r, page, strlen(page), HTML_MAIN, NULL) == WN_OK);
	CHECK_MEM(r.title.data, r.title.len, "The \"real\" title");
	CHECK_MEM(r.date.data, r.date.len, "2019-11-19T12:03:00Z");
	CHECK_MEM(r.lang.data, r.lang.len, "fr");
	const char *ld = "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
			 "\"datePublished\": \"Tue, 19 Nov 2019 08:00:00 EST\"}</script><p>y</p>";
	REQUIRE(extract(h, &r, ld, strlen(ld), HTML_MAIN, NULL) == WN_OK);
	CHECK_MEM(r.date.data, r.date.len, "2019-11-19T13:00:00Z");
	CHECK(!has(&r, "NewsArticle"));
	const char *tm = "<p>On <time datetime=\"2020-02-29\">leap day</time></p>";
	REQUIRE(extract(h, &r, tm, strlen(tm), HTML_MAIN, NULL) == WN_OK);
	CHECK_MEM(r.date.data, r.date.len, "2020-02-29T00:00:00Z");
	html_result_release(&r);
	html_ctx_free(h);
}

TEST(html_main_drops_boilerplate)
{
	struct html_ctx *h = html_ctx_new(MAXP);
	struct html_result r;
	struct wn_buf b = WN_BUF_INIT(1 << 20);
	html_result_init(&r, MAXP);
	REQUIRE(wn_buf_adds(&b,
		"<html><body><header><nav><ul><li><a href=/a>World</a></li><li><a href=/b>Sport"
		"</a></li><li><a href=/c>Business</a></li></ul></nav></header>"
		"<div class=cookie-banner>We use cookies to improve your experience, click accept.</div>"
		"<div id=page><div class=sidebar><h3>Most read</h3><ul><li><a href=/1>Another story "
		"about something else</a></li><li><a href=/2>And one more link to click</a></li>"
		"</ul></div><article><h1>The headline</h1><div class=byline>By A. Writer</div>"
		"<div class=article-body>") == WN_OK);
	for (int i = 0; i < 8; i++)
		REQUIRE(wn_buf_addf(&b, "<p>Paragraph %d of the story, which goes on for a while, "
					"with commas, clauses, and a <a href=/x>link</a> or two.</p>",
				    i) == WN_OK);
	REQUIRE(wn_buf_adds(&b,
		"<h3>Related stories</h3><ul><li><a href=/r1>Link one to another story</a></li>"
		"<li><a href=/r2>Link two to yet another story</a></li></ul>"
		"<div class=share-tools><a href=/fb>Facebook</a> <a href=/tw>Twitter</a></div>"
		"</div></article><section class=comments><h2>Comments</h2><p>Reader one says this "
		"is a comment that is long enough, with commas, to look like text.</p></section>"
		"</div><footer><p>Copyright 2019 The Paper, all rights reserved.</p></footer>"
		"</body></html>") == WN_OK);
	REQUIRE(extract(h, &r, b.data, b.len, HTML_MAIN, NULL) == WN_OK);
	CHECK(r.main_found);
	CHECK(has(&r, "Paragraph 0 of the story"));
	CHECK(has(&r, "Paragraph 7 of the story"));
	CHECK(has(&r, "a link or two."));
	CHECK(!has(&r, "World"));
	CHECK(!has(&r, "cookies"));
	CHECK(!has(&r, "Another story"));
	CHECK(!has(&r, "The headline"));
	CHECK(!has(&r, "Facebook"));
	CHECK(!has(&r, "Related stories"));
	CHECK(!has(&r, "Link one"));
	CHECK(!has(&r, "Reader one"));
	CHECK(!has(&r, "Copyright"));
	/* Text mode keeps all of it. */
	REQUIRE(extract(h, &r, b.data, b.len, HTML_TEXT, NULL) == WN_OK);
	CHECK(has(&r, "World") && has(&r, "Reader one") && has(&r, "Copyright"));
	/* A fragment without structure (a feed item) keeps its text. */
	const char *frag = "Short item text with <b>bold</b> words.";
	REQUIRE(extract(h, &r, frag, strlen(frag), HTML_MAIN, NULL) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "Short item text with bold words.");
	REQUIRE(extract(h, &r, "", 0, HTML_MAIN, NULL) == WN_OK);
	CHECK_INT(r.text.len, 0);
	wn_buf_release(&b);
	html_result_release(&r);
	html_ctx_free(h);
}

TEST(html_sniffing)
{
	CHECK(html_sniff("<!DOCTYPE html><html>", 21));
	CHECK(html_sniff("\xef\xbb\xbf  <!-- c --> <HTML lang=en>", 30));
	CHECK(html_sniff("<?xml version=\"1.0\"?>\n<html xmlns=\"x\">", 38));
	CHECK(html_sniff("<p>hello", 8));
	CHECK(html_sniff("<head>", 6));
	CHECK(!html_sniff("<header-ish", 11));
	CHECK(!html_sniff("hello <p>", 9));
	CHECK(!html_sniff("<rss version=\"2.0\">", 19));
	CHECK(!html_sniff("{\"id\":1}", 8));
	CHECK(!html_sniff("<!-- never closed", 17));
	enum html_mode m;
	CHECK(html_mode_parse("text", &m) == 0 && m == HTML_TEXT);
	CHECK(html_mode_parse("Main", &m) == -1);
}

TEST(html_score_metric)
{
	double s[3];
	struct html_score_sum sum = {0};
	double p, r, f1;
	/* Identical: all true positives. */
	REQUIRE(html_score_page("a b c d e", 9, "a b, c d e!", 11, s) == WN_OK);
	CHECK(s[0] == 1.0 && s[1] == 0 && s[2] == 0);
	html_score_add(&sum, s);
	/* truth shingles: abcd bcde; pred: abcd bcdx cdxy -> tp 1, fp 2, fn 1 */
	REQUIRE(html_score_page("a b c d e", 9, "a b c d x y", 11, s) == WN_OK);
	CHECK(s[0] == 0.25 && s[1] == 0.5 && s[2] == 0.25);
	html_score_add(&sum, s);
	/* Case matters, as in the benchmark; short texts are one shingle. */
	REQUIRE(html_score_page("Ab", 2, "ab", 2, s) == WN_OK);
	CHECK(s[0] == 0 && s[1] == 0.5 && s[2] == 0.5);
	/* Empty prediction: no precision for the page, recall 0. */
	REQUIRE(html_score_page("x y z w", 7, "", 0, s) == WN_OK);
	html_score_add(&sum, s);
	html_score_result(&sum, &p, &r, &f1);
	CHECK(p > 0.666 && p < 0.667);  /* (1 + 1/3) / 2 */
	CHECK(r > 0.499 && r < 0.501);  /* (1 + 1/2 + 0) / 3 */
	CHECK(f1 > 0.571 && f1 < 0.572);
	/* A combining mark splits a token, as Python's \w does. */
	REQUIRE(html_score_page("x\xcc\x81y z w v", 10, "x y z w v", 9, s) == WN_OK);
	CHECK(s[0] == 1.0);
	/* Multisets: a repeated shingle counts each time. */
	REQUIRE(html_score_page("a b c d a b c d", 15, "a b c d", 7, s) == WN_OK);
	CHECK(s[0] == 0.2 && s[2] == 0.8);
}

TEST(html_prefilter_keeps_the_tree)
{
	struct html_ctx *h = html_ctx_new(MAXP);
	struct html_result r;
	html_result_init(&r, MAXP);
	const char *page =
		"<p title=\"<script>\">one</p><SCRIPT type=text/javascript>document.write('<p>no</p>"
		"</scr' + 'ipt>')</SCRIPT><p>two<!-- <p>hidden</p> -->three</p><!--><p>four</p>"
		"<style>p::after{content:'</p>'}</style><scripts>five</scripts><script/><p>six</p>"
		"<script>never closed <p>seven</p>";
	REQUIRE(html_extract(h, page, strlen(page), HTML_TEXT, NULL, &r) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "one\n\ntwothree\n\nfour\n\nfive\n\nsix");
	html_result_release(&r);
	html_ctx_free(h);
}
