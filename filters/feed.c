/*
 * Feeds (filters/feed.h): a SAX2 walk over the document that fills one
 * item at a time. Only the element names and namespaces the three formats
 * use are looked at, so extensions (media:, itunes:, slash:...) pass by.
 */
#include "filters/feed.h"

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"

#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS1 "http://purl.org/rss/1.0/"

/* Item fields, in capture order. */
enum field {
	F_NONE = 0, F_ID, F_LINK, F_TITLE, F_PUBDATE, F_DCDATE, F_UPDATED,
	F_ENCODED, F_CONTENT, F_DESC, F_ABOUT, F_NFIELDS
};

struct parse {
	struct feed_result *res;
	feed_item_fn on_item;
	void *ud;
	xmlParserCtxtPtr ctxt;
	struct wn_buf f[F_NFIELDS];
	int depth;        /* element depth */
	int in_item;      /* an item or entry is open */
	int item_nest;    /* elements open inside it, outside any field */
	enum field cur;   /* field being captured */
	int cur_nest;     /* elements open inside the field */
	int xhtml;        /* the captured content is Atom type="xhtml": rebuild markup */
	int content_text; /* Atom content/summary type="text" */
	int title_html;
	int guid_link;    /* the guid is a permalink */
	int overflow;     /* a field went past its maximum */
	int stopped;
	size_t root_seen;
	/* HTML entities (&nbsp;) met in this document, as XML entities. */
	xmlEntityPtr ents[64];
	unsigned nents;
};

/* Callbacks run after libxml2 marks the document not well-formed; it then
 * drops every entity reference (even &amp;) for the rest of the document.
 * Errors are counted by on_error; the parse goes on as if there were none. */
static void keep_going(struct parse *p)
{
	p->ctxt->wellFormed = 1;
}

static int eq(const xmlChar *a, const char *b)
{
	return a && !strcmp((const char *)a, b);
}

static int is_atom(const xmlChar *uri)
{
	return eq(uri, NS_ATOM) || eq(uri, NS_ATOM03);
}

/* Plain element of the item's own vocabulary (no foreign prefix). */
static int own(const xmlChar *prefix, const xmlChar *uri)
{
	return !uri || is_atom(uri) || eq(uri, NS_RSS1) || !prefix;
}

static void add(struct parse *p, enum field f, const char *s, size_t n)
{
	if (p->overflow)
		return;
	if (wn_buf_add(&p->f[f], s, n))
		p->overflow = 1;
}

/* Appends text to the captured field, escaped when markup is being rebuilt. */
static void add_text(struct parse *p, const char *s, size_t n)
{
	if (!p->xhtml) {
		add(p, p->cur, s, n);
		return;
	}
	size_t a = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep = s[i] == '&' ? "&amp;" : s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;" : NULL;
		if (!rep)
			continue;
		add(p, p->cur, s + a, i - a);
		add(p, p->cur, rep, strlen(rep));
		a = i + 1;
	}
	add(p, p->cur, s + a, n - a);
}

static const char *attr(int nb, const xmlChar **attrs, const char *name, size_t *len)
{
	for (int i = 0; i < nb; i++) {
		const xmlChar **a = attrs + 5 * i;
		if (eq(a[0], name)) {
			*len = (size_t)(a[4] - a[3]);
			return (const char *)a[3];
		}
	}
	return NULL;
}

static int attr_is(int nb, const xmlChar **attrs, const char *name, const char *val)
{
	size_t len;
	const char *v = attr(nb, attrs, name, &len);
	return v && len == strlen(val) && !strncmp(v, val, len);
}

static void item_reset(struct parse *p)
{
	for (int i = 0; i < F_NFIELDS; i++)
		wn_buf_reset(&p->f[i]);
	p->overflow = 0;
	p->content_text = 0;
	p->title_html = 0;
	p->guid_link = 1;
}

static void emit_item(struct parse *p);

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
		     int nb_ns, const xmlChar **ns, int nb_attrs, int nb_def, const xmlChar **attrs)
{
	struct parse *p = ud;
	(void)nb_ns, (void)ns, (void)nb_def;
	keep_going(p);
	p->depth++;
	if (p->stopped)
		return;
	if (p->depth == 1) {
		p->root_seen = 1;
		if (eq(local, "rss"))
			p->res->kind = FEED_RSS;
		else if (eq(local, "RDF"))
			p->res->kind = FEED_RDF;
		else if (eq(local, "feed"))
			p->res->kind = FEED_ATOM;
		return;
	}
	int is_item = (eq(local, "item") && (!uri || eq(uri, NS_RSS1) || !prefix)) ||
		      (eq(local, "entry") && (is_atom(uri) || !uri));
	if (is_item && p->in_item && !p->xhtml) {
		/* An item inside an item: the previous one was left open by broken
		 * markup (unescaped HTML in a description). It is complete. */
		p->cur = F_NONE;
		emit_item(p);
		p->in_item = 0;
		if (p->stopped)
			return;
	}
	if (p->cur) {
		/* Markup inside a field: kept for HTML content (Atom xhtml), else only
		 * its text counts. */
		p->cur_nest++;
		if (p->xhtml) {
			add(p, p->cur, "<", 1);
			add(p, p->cur, (const char *)local, strlen((const char *)local));
			add(p, p->cur, ">", 1);
		}
		return;
	}
	if (!p->in_item) {
		if (is_item) {
			p->in_item = 1;
			p->item_nest = 0;
			item_reset(p);
			size_t len;
			const char *about = attr(nb_attrs, attrs, "about", &len);
			if (about)
				add(p, F_ABOUT, about, len);
		}
		return;
	}
	if (p->item_nest++ > 0)
		return;
	enum field f = F_NONE;
	if (eq(local, "title") && own(prefix, uri)) {
		f = F_TITLE;
		p->title_html = !attr_is(nb_attrs, attrs, "type", "text");
	} else if (eq(local, "link") && own(prefix, uri)) {
		size_t len;
		const char *href = attr(nb_attrs, attrs, "href", &len);
		if (href) {
			/* Atom: the alternate link (rel absent or "alternate"). */
			if ((!attr(nb_attrs, attrs, "rel", &len) ||
			     attr_is(nb_attrs, attrs, "rel", "alternate")) && !p->f[F_LINK].len) {
				href = attr(nb_attrs, attrs, "href", &len);
				add(p, F_LINK, href, len);
			}
		} else if (!p->f[F_LINK].len) {
			f = F_LINK;
		}
	} else if ((eq(local, "guid") && !uri) || (eq(local, "id") && is_atom(uri))) {
		f = F_ID;
		if (attr_is(nb_attrs, attrs, "isPermaLink", "false"))
			p->guid_link = 0;
		if (is_atom(uri))
			p->guid_link = 0;
	} else if ((eq(local, "pubDate") && !uri) || (eq(local, "published") && is_atom(uri)) ||
		   (eq(local, "issued") && is_atom(uri))) {
		f = F_PUBDATE;
	} else if (eq(local, "date") && (eq(uri, NS_DC) || eq(prefix, "dc"))) {
		f = F_DCDATE;
	} else if ((eq(local, "updated") || eq(local, "modified")) && is_atom(uri)) {
		f = F_UPDATED;
	} else if (eq(local, "encoded") && (eq(uri, NS_CONTENT) || eq(prefix, "content"))) {
		f = F_ENCODED;
	} else if (eq(local, "content") && (is_atom(uri) || (!uri && !prefix))) {
		f = F_CONTENT;
	} else if ((eq(local, "description") && own(prefix, uri)) ||
		   (eq(local, "summary") && is_atom(uri))) {
		f = F_DESC;
	}
	/* A second element of the same field (two descriptions): keep the first. */
	if (!f || p->f[f].len)
		return;
	p->item_nest--; /* a field is not nesting */
	p->cur = f;
	p->cur_nest = 0;
	p->xhtml = 0;
	if (f == F_CONTENT || f == F_DESC || f == F_TITLE) {
		if (attr_is(nb_attrs, attrs, "type", "xhtml"))
			p->xhtml = 1;
		else if (f != F_TITLE && attr_is(nb_attrs, attrs, "type", "text"))
			p->content_text = 1;
	}
}

static void emit_item(struct parse *p)
{
	struct feed_item it;
	struct wn_buf *f = p->f;
	struct wn_buf date = WN_BUF_INIT(64);

	memset(&it, 0, sizeof(it));
	if (p->overflow) {
		p->res->too_large++;
		return;
	}
	/* Trim the single-line fields. */
	for (int i = F_ID; i <= F_UPDATED; i++) {
		struct wn_buf *b = &f[i];
		size_t a = 0, e = b->len;
		while (a < e && (b->data[a] == ' ' || b->data[a] == '\n' || b->data[a] == '\r' ||
				 b->data[a] == '\t'))
			a++;
		while (e > a && (b->data[e - 1] == ' ' || b->data[e - 1] == '\n' ||
				 b->data[e - 1] == '\r' || b->data[e - 1] == '\t'))
			e--;
		if (a)
			memmove(b->data, b->data + a, e - a);
		if (b->data)
			wn_buf_setlen(b, e - a);
	}
	struct wn_buf *content = f[F_ENCODED].len ? &f[F_ENCODED]
				 : f[F_CONTENT].len ? &f[F_CONTENT] : &f[F_DESC];
	struct wn_buf *link = &f[F_LINK];
	if (!link->len && f[F_ID].len && p->guid_link &&
	    (!strncmp(f[F_ID].data, "http://", 7) || !strncmp(f[F_ID].data, "https://", 8)))
		link = &f[F_ID];
	struct wn_buf *id = f[F_ID].len ? &f[F_ID] : f[F_ABOUT].len ? &f[F_ABOUT] : link;
	if (!content->len && !f[F_TITLE].len && !link->len) {
		p->res->empty++;
		return;
	}
	for (int i = F_PUBDATE; i <= F_UPDATED; i++)
		if (f[i].len && !wn_date_normalize(f[i].data, f[i].len, &date))
			break;
	/* libxml2 in recovery mode may pass on bytes that are not UTF-8. */
	struct wn_buf *used[] = {id, link, &f[F_TITLE], content};
	for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++) {
		struct wn_buf *b = used[i];
		if (!b->len || wn_utf8_valid(b->data, b->len))
			continue;
		struct wn_buf fix = WN_BUF_INIT(b->max);
		size_t bad = 0;
		if (wn_utf8_repair(&fix, b->data, b->len, &bad)) {
			wn_buf_release(&fix);
			p->res->too_large++;
			return;
		}
		p->res->bad_utf8 += bad;
		wn_buf_release(b);
		*b = fix;
	}
#define SET(field, b) \
	do { \
		it.field = (b)->data ? (b)->data : ""; \
		it.field##_len = (b)->len; \
	} while (0)
	SET(id, id);
	SET(url, link);
	SET(title, &f[F_TITLE]);
	SET(content, content);
#undef SET
	it.date = date.data ? date.data : "";
	it.date_len = date.len;
	it.content_is_html = !(content == &f[F_CONTENT] || content == &f[F_DESC]) || !p->content_text;
	it.title_is_html = p->title_html;
	p->res->items++;
	if (p->on_item(p->ud, &it)) {
		p->stopped = 1;
		xmlStopParser(p->ctxt);
	}
	wn_buf_release(&date);
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	struct parse *p = ud;
	(void)prefix, (void)uri;
	keep_going(p);
	p->depth--;
	if (p->stopped)
		return;
	if (p->cur) {
		if (p->cur_nest == 0) {
			p->cur = F_NONE;
			p->xhtml = 0;
			return;
		}
		p->cur_nest--;
		if (p->xhtml) {
			add(p, p->cur, "</", 2);
			add(p, p->cur, (const char *)local, strlen((const char *)local));
			add(p, p->cur, ">", 1);
		}
		return;
	}
	if (!p->in_item)
		return;
	if (p->item_nest > 0) {
		p->item_nest--;
		return;
	}
	emit_item(p);
	p->in_item = 0;
}

static void on_text(void *ud, const xmlChar *s, int len)
{
	struct parse *p = ud;
	keep_going(p);
	if (p->cur && !p->stopped && len > 0)
		add_text(p, (const char *)s, (size_t)len);
}

/* An undeclared entity (&nbsp; in RSS): kept as written for the HTML
 * extraction to decode. */
static void on_reference(void *ud, const xmlChar *name)
{
	struct parse *p = ud;
	if (!p->cur || p->stopped)
		return;
	add(p, p->cur, "&", 1);
	add(p, p->cur, (const char *)name, strlen((const char *)name));
	add(p, p->cur, ";", 1);
}

/* Feeds use HTML's named entities without declaring them. Known names
 * become entities of their own (typed "predefined" so libxml2 inlines the
 * text); nothing is ever loaded from outside. */
static xmlEntityPtr on_get_entity(void *ud, const xmlChar *name)
{
	struct parse *p = ud;
	for (unsigned i = 0; i < p->nents; i++)
		if (!strcmp((const char *)p->ents[i]->name, (const char *)name))
			return p->ents[i];
	const htmlEntityDesc *d = htmlEntityLookup(name);
	if (!d || p->nents >= sizeof(p->ents) / sizeof(p->ents[0]))
		return NULL;
	xmlEntityPtr e = calloc(1, sizeof(*e));
	char *nm = strdup((const char *)name);
	xmlChar *val = malloc(8);
	if (!e || !nm || !val) {
		free(e);
		free(nm);
		free(val);
		return NULL;
	}
	int len = (int)wn_utf8_encode(d->value, (char *)val);
	val[len] = 0;
	e->type = XML_ENTITY_DECL;
	e->name = (const xmlChar *)nm;
	e->content = val;
	e->length = len;
	e->etype = XML_INTERNAL_PREDEFINED_ENTITY;
	p->ents[p->nents++] = e;
	return e;
}

static void free_entities(struct parse *p)
{
	for (unsigned i = 0; i < p->nents; i++) {
		free((void *)p->ents[i]->name);
		free(p->ents[i]->content);
		free(p->ents[i]);
	}
	p->nents = 0;
}

static int name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

static int name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

/* Length of a well-formed reference at s[0] == '&', or 0. */
static size_t reference_len(const char *s, size_t n)
{
	size_t i = 1;
	if (i < n && s[i] == '#') {
		i++;
		int hex = i < n && (s[i] == 'x' || s[i] == 'X');
		if (hex)
			i++;
		size_t d0 = i;
		while (i < n && i - d0 < 8 &&
		       ((s[i] >= '0' && s[i] <= '9') ||
			(hex && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f'))))
			i++;
		return i > d0 && i < n && s[i] == ';' ? i + 1 : 0;
	}
	if (i >= n || !name_start((unsigned char)s[i]))
		return 0;
	while (i < n && i < 40 && name_char((unsigned char)s[i]))
		i++;
	return i < n && s[i] == ';' ? i + 1 : 0;
}

/*
 * The commonest damage in real feeds is a bare '&' ("AT&T", URLs with
 * query strings). Escaping those first keeps their text; CDATA sections,
 * comments and processing instructions are left as they are. Returns the
 * number of ampersands escaped (0: out is untouched and unused).
 */
static size_t escape_bare_amps(const char *s, size_t n, struct wn_buf *out, int *err)
{
	size_t fixed = 0, from = 0, i = 0;
	*err = 0;
	while (i < n) {
		char c = s[i];
		if (c == '<' && i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) {
			const char *end_tok = s[i + 1] == '?' ? "?>"
					      : (i + 8 < n && !memcmp(s + i, "<![CDATA[", 9)) ? "]]>"
					      : (i + 3 < n && !memcmp(s + i, "<!--", 4)) ? "-->" : ">";
			const char *e = memmem(s + i + 2, n - i - 2, end_tok, strlen(end_tok));
			i = e ? (size_t)(e - s) + strlen(end_tok) : n;
			continue;
		}
		if (c == '&' && !reference_len(s + i, n - i)) {
			if (wn_buf_add(out, s + from, i - from) || wn_buf_add(out, "&amp;", 5)) {
				*err = 1;
				return 0;
			}
			from = i + 1;
			fixed++;
		}
		i++;
	}
	if (fixed && wn_buf_add(out, s + from, n - from)) {
		*err = 1;
		return 0;
	}
	return fixed;
}

static void on_error(void *ud, xmlErrorPtr e)
{
	struct parse *p = ud;
	if (!e || e->level < XML_ERR_ERROR)
		return;
	/* Namespace slips (an undeclared content: prefix) are not damage. */
	if (e->domain == XML_FROM_NAMESPACE)
		return;
	if (e->code == XML_ERR_UNDECLARED_ENTITY || e->code == XML_WAR_UNDECLARED_ENTITY)
		return;
	if (!p->res->errors++) {
		size_t n = e->message ? strlen(e->message) : 0;
		while (n && (e->message[n - 1] == '\n' || e->message[n - 1] == ' '))
			n--;
		snprintf(p->res->err, sizeof(p->res->err), "line %d: %.*s", e->line, (int)n,
			 e->message ? e->message : "xml error");
	}
}

static int ascii_prefix_ci(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)p[i];
		if (c >= 'A' && c <= 'Z')
			c |= 0x20;
		if (c != (unsigned char)lit[i])
			return 0;
	}
	return 1;
}

enum feed_kind feed_sniff(const char *p, size_t n)
{
	size_t i = 0;
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = 3;
	for (int guard = 0; guard < 64 && i < n; guard++) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
			i++;
		if (i + 1 >= n || p[i] != '<')
			return FEED_NONE;
		if (p[i + 1] == '?' || p[i + 1] == '!') {
			/* declaration, processing instruction, comment, doctype */
			const char *end = p[i + 1] == '!' && i + 3 < n && p[i + 2] == '-' && p[i + 3] == '-'
						  ? NULL : memchr(p + i, '>', n - i);
			if (!end) {
				for (size_t j = i + 4; j + 3 <= n; j++)
					if (!memcmp(p + j, "-->", 3)) {
						end = p + j + 2;
						break;
					}
			}
			if (!end)
				return FEED_NONE;
			i = (size_t)(end - p) + 1;
			continue;
		}
		const char *q = p + i + 1;
		size_t m = n - i - 1;
		if (ascii_prefix_ci(q, m, "rss") && m > 3 && (q[3] == ' ' || q[3] == '>' || q[3] == '\n' || q[3] == '\t' || q[3] == '\r'))
			return FEED_RSS;
		if (ascii_prefix_ci(q, m, "rdf:rdf"))
			return FEED_RDF;
		if (ascii_prefix_ci(q, m, "feed") && m > 4 && (q[4] == ' ' || q[4] == '>' || q[4] == '\n' || q[4] == '\t' || q[4] == '\r'))
			return FEED_ATOM;
		return FEED_NONE;
	}
	return FEED_NONE;
}

int feed_parse(const char *xml, size_t len, size_t max_field, feed_item_fn on_item, void *ud,
	       struct feed_result *res)
{
	struct parse p;
	xmlSAXHandler sax;
	int rc = WN_OK;

	memset(res, 0, sizeof(*res));
	memset(&p, 0, sizeof(p));
	p.res = res;
	p.on_item = on_item;
	p.ud = ud;
	for (int i = 0; i < F_NFIELDS; i++)
		wn_buf_init(&p.f[i], max_field);

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.reference = on_reference;
	sax.getEntity = on_get_entity;
	sax.serror = on_error;

	struct wn_buf fixed;
	size_t maxfixed;
	int ferr;
	if (wn_size_mul(len, 5, &maxfixed) || wn_size_add(maxfixed, 16, &maxfixed))
		maxfixed = len;
	wn_buf_init(&fixed, maxfixed);
	res->amps_fixed = escape_bare_amps(xml, len, &fixed, &ferr);
	if (ferr) {
		wn_buf_release(&fixed);
		return WN_ENOMEM;
	}
	if (res->amps_fixed) {
		xml = fixed.data;
		len = fixed.len;
	}

	xmlInitParser();
	p.ctxt = xmlCreatePushParserCtxt(&sax, &p, NULL, 0, NULL);
	if (!p.ctxt) {
		wn_buf_release(&fixed);
		return WN_ENOMEM;
	}
	xmlCtxtUseOptions(p.ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOWARNING |
					  XML_PARSE_NOERROR);
	/* xmlCtxtUseOptions resets the user data pointer only for SAX1; make sure. */
	p.ctxt->userData = &p;
	p.ctxt->replaceEntities = 0;
	/* Chunks keep libxml2's own buffer small whatever the document size. */
	const size_t chunk = 1 << 16;
	size_t off = 0;
	do {
		size_t n = len - off < chunk ? len - off : chunk;
		int last = off + n >= len;
		xmlParseChunk(p.ctxt, xml + off, (int)n, last);
		off += n;
		if (p.stopped || p.ctxt->disableSAX)
			break;
	} while (off < len);
	if (p.in_item && !p.stopped)
		res->truncated++;
	xmlFreeParserCtxt(p.ctxt);
	free_entities(&p);
	wn_buf_release(&fixed);
	for (int i = 0; i < F_NFIELDS; i++)
		wn_buf_release(&p.f[i]);
	if (p.stopped)
		return WN_EIO;
	if (!p.root_seen || res->kind == FEED_NONE) {
		if (!res->err[0])
			snprintf(res->err, sizeof(res->err), "not an RSS, RDF or Atom document");
		return res->items ? WN_ECORRUPT : WN_EINVAL;
	}
	if (res->errors || res->truncated)
		rc = WN_ECORRUPT;
	return rc;
}
