/*
 * The parse tree of one page, built from libxml2's HTML parser in SAX mode
 * (see html_dom.h). libxml2 does the tokenizing, entity decoding and the
 * HTML error recovery (implied and unclosed elements); this file decides
 * what enters the tree and what each element hints about its content.
 */
#include "filters/html_dom.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"

/* What an element does to the tree. */
enum tag_kind {
	K_INLINE = 0,
	K_BLOCK,
	K_SKIP, /* element and content never enter the tree */
};

struct tag_def {
	const char *name;
	uint16_t tag;
	uint8_t kind;
};

/* Sorted by name for bsearch. */
static const struct tag_def tag_defs[] = {
	{"a", T_A, K_INLINE},
	{"address", T_ADDRESS, K_BLOCK},
	{"applet", T_OTHER, K_SKIP},
	{"article", T_ARTICLE, K_BLOCK},
	{"aside", T_ASIDE, K_BLOCK},
	{"audio", T_OTHER, K_SKIP},
	{"blockquote", T_BLOCKQUOTE, K_BLOCK},
	{"body", T_BODY, K_BLOCK},
	{"br", T_BR, K_BLOCK},
	{"button", T_OTHER, K_SKIP},
	{"canvas", T_OTHER, K_SKIP},
	{"caption", T_CAPTION, K_BLOCK},
	{"center", T_CENTER, K_BLOCK},
	{"code", T_CODE, K_INLINE},
	{"datalist", T_OTHER, K_SKIP},
	{"dd", T_DD, K_BLOCK},
	{"details", T_DETAILS, K_BLOCK},
	{"dialog", T_DIALOG, K_BLOCK},
	{"dir", T_UL, K_BLOCK},
	{"div", T_DIV, K_BLOCK},
	{"dl", T_DL, K_BLOCK},
	{"dt", T_DT, K_BLOCK},
	{"embed", T_OTHER, K_SKIP},
	{"fieldset", T_FIELDSET, K_BLOCK},
	{"figcaption", T_FIGCAPTION, K_BLOCK},
	{"figure", T_FIGURE, K_BLOCK},
	{"footer", T_FOOTER, K_BLOCK},
	{"form", T_FORM, K_BLOCK},
	{"frame", T_OTHER, K_SKIP},
	{"frameset", T_OTHER, K_SKIP},
	{"h1", T_H1, K_BLOCK},
	{"h2", T_H2, K_BLOCK},
	{"h3", T_H3, K_BLOCK},
	{"h4", T_H4, K_BLOCK},
	{"h5", T_H5, K_BLOCK},
	{"h6", T_H6, K_BLOCK},
	{"head", T_OTHER, K_INLINE},
	{"header", T_HEADER, K_BLOCK},
	{"hr", T_HR, K_BLOCK},
	{"html", T_HTML, K_BLOCK},
	{"iframe", T_OTHER, K_SKIP},
	{"img", T_IMG, K_INLINE},
	{"input", T_OTHER, K_SKIP},
	{"label", T_LABEL, K_INLINE},
	{"li", T_LI, K_BLOCK},
	{"main", T_MAIN, K_BLOCK},
	{"map", T_OTHER, K_SKIP},
	{"math", T_OTHER, K_SKIP},
	{"menu", T_MENU, K_BLOCK},
	{"nav", T_NAV, K_BLOCK},
	{"noembed", T_OTHER, K_SKIP},
	{"noframes", T_OTHER, K_SKIP},
	{"noscript", T_OTHER, K_SKIP},
	{"object", T_OTHER, K_SKIP},
	{"ol", T_OL, K_BLOCK},
	{"optgroup", T_OTHER, K_SKIP},
	{"option", T_OTHER, K_SKIP},
	{"p", T_P, K_BLOCK},
	{"picture", T_OTHER, K_INLINE},
	{"pre", T_PRE, K_BLOCK},
	{"script", T_OTHER, K_SKIP},
	{"section", T_SECTION, K_BLOCK},
	{"select", T_OTHER, K_SKIP},
	{"span", T_SPAN, K_INLINE},
	{"style", T_OTHER, K_SKIP},
	{"summary", T_SUMMARY, K_BLOCK},
	{"sup", T_SUP, K_INLINE},
	{"svg", T_OTHER, K_SKIP},
	{"table", T_TABLE, K_BLOCK},
	{"tbody", T_TBODY, K_BLOCK},
	{"td", T_TD, K_BLOCK},
	{"template", T_OTHER, K_SKIP},
	{"textarea", T_OTHER, K_SKIP},
	{"tfoot", T_TBODY, K_BLOCK},
	{"th", T_TH, K_BLOCK},
	{"thead", T_TBODY, K_BLOCK},
	{"time", T_TIME, K_INLINE},
	{"title", T_OTHER, K_SKIP},
	{"tr", T_TR, K_BLOCK},
	{"ul", T_UL, K_BLOCK},
	{"video", T_OTHER, K_SKIP},
};

static int tag_cmp(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const struct tag_def *)elem)->name);
}

static const struct tag_def *tag_lookup(const char *name)
{
	return bsearch(name, tag_defs, sizeof(tag_defs) / sizeof(tag_defs[0]), sizeof(tag_defs[0]),
		       tag_cmp);
}

/* ---- class/id hints ---------------------------------------------------- */

/* Substrings of the lower-cased class and id that say "this is the article". */
static const char *const hint_body[] = {
	"articlebody", "article-body", "article_body", "article__body", "articletext",
	"article-text", "article__text", "article-content", "article__content", "articlecontent",
	"story-body", "storybody", "story-text", "story__body", "story-content", "storycontent",
	"post-body", "postbody", "post-content", "postcontent", "post__content", "entry-content",
	"entry__content", "entrycontent", "entry-body", "body-text", "bodytext", "body-copy",
	"rich-text", "richtext", "article-main", "main-text", "content-body", "article-copy",
	"text-body", "page-body-content",
};

/* Substrings that lean towards content. */
static const char *const hint_good[] = {
	"article", "content", "entry", "post", "story", "body", "text", "main", "blog",
	"prose", "copy",
};

/* Substrings that mark boilerplate strongly: never part of an article. */
static const char *const hint_junk[] = {
	"share", "social", "comment", "related", "newsletter", "subscribe", "promo", "advert",
	"cookie", "consent", "gdpr", "sponsor", "outbrain", "taboola", "recommend", "popular",
	"trending", "most-read", "mostread", "most_read", "breadcrumb", "signup", "sign-up",
	"paywall", "disqus", "byline", "author", "caption", "credit", "masthead", "toolbar",
	"read-more", "readmore", "read-next", "readnext", "more-stories", "morestories",
	"up-next", "upnext", "follow", "donate", "inline-ad", "ad-container", "ad-slot",
	"adslot", "ad-wrapper", "adwrapper", "dfp", "banner", "print-only", "sr-only",
	"visually-hidden", "screen-reader", "timestamp", "dateline", "published", "tags",
	"keywords", "rating", "feedback", "tooltip", "modal", "popup", "overlay",
	"newsletter", "promo", "pagination", "pager", "skip-link", "nocontent",
};

/* Substrings that lean towards boilerplate. */
static const char *const hint_bad[] = {
	"nav", "menu", "footer", "header", "sidebar", "widget", "meta", "hidden", "tool",
	"login", "extra", "teaser", "rail", "aside", "masthead", "contact", "legal",
	"copyright", "disclaimer", "bottom", "top-", "secondary", "complementary", "card",
	"list", "module", "embed", "video", "player", "gallery", "photo", "image", "media",
};

/* Whole tokens (split on non-alphanumerics) too short to match as substrings. */
static const char *const tok_junk[] = {"ad", "ads", "adv", "nav", "tag", "hide", "share"};

static int has_sub(const char *s, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strstr(s, list[i]))
			return 1;
	return 0;
}

static int has_token(const char *s, const char *const *list, size_t n)
{
	const char *p = s;
	while (*p) {
		while (*p && !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
			p++;
		const char *q = p;
		while (*q && ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9')))
			q++;
		for (size_t i = 0; q > p && i < n; i++)
			if (strlen(list[i]) == (size_t)(q - p) && !memcmp(list[i], p, (size_t)(q - p)))
				return 1;
		p = q;
	}
	return 0;
}

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The hint of a class+id string (lower-cased). */
static int class_hint(const char *s)
{
	int h = 0;
	if (!*s)
		return 0;
	if (has_sub(s, hint_body, NELEM(hint_body)))
		h += HINT_ARTICLE_BODY;
	else if (has_sub(s, hint_good, NELEM(hint_good)))
		h += 25;
	if (has_sub(s, hint_junk, NELEM(hint_junk)) || has_token(s, tok_junk, NELEM(tok_junk)))
		h += HINT_STRONG_BAD;
	else if (has_sub(s, hint_bad, NELEM(hint_bad)))
		h -= 25;
	return h;
}

/* ---- the builder ------------------------------------------------------- */

struct builder {
	struct html_dom *d;
	uint32_t cur;        /* open element (node index) */
	unsigned skip;       /* depth inside a skipped element */
	int capture;         /* 0, or what skipped text goes to: 1 title, 2 JSON-LD */
	uint32_t cap_off;    /* start of the capture in d->meta */
	int space;           /* last text byte written was a collapsed space */
	unsigned pre;        /* depth inside <pre> */
	unsigned link;       /* depth inside <a href> */
	int date_prio;       /* priority of d->date so far (higher wins) */
	uint32_t depth;
	int hints;           /* compute class/id hints (HTML_MAIN needs them) */
};

static int dom_add_node(struct builder *b, uint16_t tag, uint8_t flags, int16_t hint)
{
	struct html_dom *d = b->d;
	if (d->n >= d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 1024, bytes;
		if (cap > d->max_nodes)
			cap = d->max_nodes;
		if (d->n >= cap)
			return WN_ERECBIG;
		if (wn_size_mul(cap, sizeof(struct html_node), &bytes))
			return WN_ERECBIG;
		struct html_node *p = realloc(d->nodes, bytes);
		if (!p)
			return WN_ENOMEM;
		d->nodes = p;
		d->cap = cap;
	}
	uint32_t i = (uint32_t)d->n++;
	struct html_node *nd = &d->nodes[i], *par = &d->nodes[b->cur];
	memset(nd, 0, sizeof(*nd));
	nd->parent = b->cur;
	nd->tag = tag;
	nd->flags = flags;
	nd->hint = hint;
	nd->depth8 = b->depth > 255 ? 255 : (uint8_t)b->depth;
	if (par->last)
		d->nodes[par->last].next = i;
	else
		par->first = i;
	par->last = i;
	return WN_OK;
}

static void fail(struct builder *b, int err)
{
	if (!b->d->err)
		b->d->err = err;
}

static struct html_span meta_add(struct builder *b, const char *s)
{
	struct html_span sp = {0, 0};
	size_t n = strlen(s);
	struct wn_buf *m = &b->d->meta;
	if (m->len > UINT32_MAX - n - 1)
		return sp;
	sp.off = (uint32_t)m->len;
	if (wn_buf_add(m, s, n) || wn_buf_addc(m, '\0')) {
		fail(b, WN_ERECBIG);
		return (struct html_span){0, 0};
	}
	sp.len = (uint32_t)n;
	return sp;
}

static int ieq(const char *a, const char *b)
{
	while (*a && *b && html_lower((unsigned char)*a) == html_lower((unsigned char)*b))
		a++, b++;
	return !*a && !*b;
}

/* Priority of a <meta name/property/itemprop> as the publication date. */
static int date_name_prio(const char *n)
{
	static const struct {
		const char *name;
		int prio;
	} names[] = {
		{"article:published_time", 9}, {"datepublished", 8}, {"og:published_time", 8},
		{"article.published", 7}, {"published_time", 7}, {"publishdate", 7},
		{"publish-date", 7}, {"pubdate", 7}, {"parsely-pub-date", 6},
		{"sailthru.date", 6}, {"dc.date.issued", 6}, {"dcterms.created", 5},
		{"dc.date", 5}, {"dcterms.date", 5}, {"date", 4}, {"article:modified_time", 2},
		{"datemodified", 2}, {"og:updated_time", 1}, {"last-modified", 1},
	};
	for (size_t i = 0; i < NELEM(names); i++)
		if (ieq(n, names[i].name))
			return names[i].prio;
	return 0;
}

static void on_meta(struct builder *b, const char *name, const char *content, const char *heq)
{
	struct html_dom *d = b->d;
	if (!content)
		return;
	if (name) {
		if (ieq(name, "og:title")) {
			if (!d->og_title.len)
				d->og_title = meta_add(b, content);
			return;
		}
		int p = date_name_prio(name);
		if (p > b->date_prio && *content) {
			d->date = meta_add(b, content);
			b->date_prio = p;
		}
	}
	if (heq && ieq(heq, "content-language") && !d->meta_lang.len)
		d->meta_lang = meta_add(b, content);
}

/* Whether inline style hides the element. */
static int style_hidden(const char *st)
{
	char buf[128];
	size_t j = 0;
	for (const char *p = st; *p && j + 1 < sizeof(buf); p++)
		if (*p != ' ' && *p != '\t')
			buf[j++] = (char)html_lower((unsigned char)*p);
	buf[j] = 0;
	return strstr(buf, "display:none") || strstr(buf, "visibility:hidden");
}

static void on_start(void *ctx, const xmlChar *xname, const xmlChar **atts)
{
	struct builder *b = ctx;
	struct html_dom *d = b->d;
	const char *name = (const char *)xname;
	const struct tag_def *def;
	const char *cls = NULL, *id = NULL, *role = NULL, *itemprop = NULL, *href = NULL;
	const char *type = NULL, *mname = NULL, *content = NULL, *heq = NULL, *lang = NULL;
	const char *datetime = NULL;
	int hidden = 0;

	if (d->err)
		return;
	if (b->skip) {
		b->skip++;
		return;
	}
	def = tag_lookup(name);
	for (const xmlChar **a = atts; a && a[0]; a += 2) {
		const char *k = (const char *)a[0], *v = a[1] ? (const char *)a[1] : "";
		switch (k[0]) {
		case 'c':
			if (!strcmp(k, "class"))
				cls = v;
			else if (!strcmp(k, "content"))
				content = v;
			break;
		case 'i':
			if (!strcmp(k, "id"))
				id = v;
			else if (!strcmp(k, "itemprop"))
				itemprop = v;
			break;
		case 'r':
			if (!strcmp(k, "role"))
				role = v;
			break;
		case 'h':
			if (!strcmp(k, "href"))
				href = v;
			else if (!strcmp(k, "hidden"))
				hidden = 1;
			else if (!strcmp(k, "http-equiv"))
				heq = v;
			break;
		case 't':
			if (!strcmp(k, "type"))
				type = v;
			break;
		case 'n':
			if (!strcmp(k, "name"))
				mname = v;
			break;
		case 'p':
			if (!strcmp(k, "property"))
				mname = v;
			break;
		case 'l':
			if (!strcmp(k, "lang"))
				lang = v;
			break;
		case 'd':
			if (!strcmp(k, "datetime"))
				datetime = v;
			break;
		case 'a':
			if (!strcmp(k, "aria-hidden") && ieq(v, "true"))
				hidden = 1;
			break;
		case 's':
			if (!strcmp(k, "style") && style_hidden(v))
				hidden = 1;
			break;
		}
	}

	/* Metadata, wherever it is. */
	if (!strcmp(name, "meta")) {
		on_meta(b, mname ? mname : itemprop, content, heq);
		return; /* void element: libxml2 still sends its end */
	}
	if (itemprop && ieq(itemprop, "datePublished") && b->date_prio < 8 &&
	    (datetime || content)) {
		d->date = meta_add(b, datetime ? datetime : content);
		b->date_prio = 8;
	}
	if (datetime && def && def->tag == T_TIME && !d->time_date.len)
		d->time_date = meta_add(b, datetime);
	if (!strcmp(name, "html") && lang && !d->lang.len)
		d->lang = meta_add(b, lang);

	if (!def || def->kind == K_SKIP || hidden) {
		if (!strcmp(name, "title") && !d->title.len && !b->capture) {
			b->capture = 1;
			b->cap_off = (uint32_t)d->meta.len;
		} else if (!strcmp(name, "script") && type && ieq(type, "application/ld+json") &&
			   d->n_ldjson < NELEM(d->ldjson) && !b->capture) {
			b->capture = 2;
			b->cap_off = (uint32_t)d->meta.len;
		}
		if (def || hidden) {
			b->skip = 1;
			return;
		}
	}
	/* Unknown elements are inline containers (custom elements hold text). */

	int hint = 0;
	if (b->hints && ((cls && *cls) || (id && *id))) {
		char hbuf[256];
		size_t j = 0;
		for (const char *s = cls; s && *s && j + 2 < sizeof(hbuf); s++)
			hbuf[j++] = (char)html_lower((unsigned char)*s);
		hbuf[j++] = ' ';
		for (const char *s = id; s && *s && j + 1 < sizeof(hbuf); s++)
			hbuf[j++] = (char)html_lower((unsigned char)*s);
		hbuf[j] = 0;
		/* Pages repeat their class names: remember the last answers. */
		uint64_t hv = wn_hash64(hbuf, j, 0);
		struct hint_memo *m = &b->d->memo[hv % HTML_HINT_MEMO];
		if (m->key == hv && m->key) {
			hint = m->hint;
		} else {
			hint = class_hint(hbuf);
			m->key = hv;
			m->hint = (int16_t)hint;
		}
	}
	if (role) {
		if (ieq(role, "main") || ieq(role, "article"))
			hint += 25;
		else if (ieq(role, "navigation") || ieq(role, "banner") ||
			 ieq(role, "contentinfo") || ieq(role, "complementary") ||
			 ieq(role, "menu") || ieq(role, "menubar") || ieq(role, "dialog") ||
			 ieq(role, "alert") || ieq(role, "search") || ieq(role, "toolbar"))
			hint += HINT_STRONG_BAD;
	}
	if (itemprop && (ieq(itemprop, "articleBody") || ieq(itemprop, "reviewBody")))
		hint += HINT_ARTICLE_BODY;
	if (hint > 200)
		hint = 200;
	if (hint < -200)
		hint = -200;

	uint16_t tag = def ? def->tag : T_OTHER;
	uint8_t flags = (def && def->kind == K_BLOCK) ? HN_BLOCK : 0;
	if (tag == T_A && href)
		b->link++;
	if (tag == T_PRE)
		b->pre++;
	int rc = dom_add_node(b, tag, flags, (int16_t)hint);
	if (rc) {
		fail(b, rc);
		return;
	}
	b->cur = (uint32_t)d->n - 1;
	b->depth++;
	b->space = 0;
	/* Mark links so link text can be told apart: kept on the element. */
	if (tag == T_A && href)
		d->nodes[b->cur].flags |= HN_INLINK;
	if (tag == T_BR || tag == T_HR || tag == T_IMG)
		b->space = 1;
}

static void on_end(void *ctx, const xmlChar *xname)
{
	struct builder *b = ctx;
	struct html_dom *d = b->d;
	(void)xname;
	if (d->err)
		return;
	if (b->skip) {
		if (--b->skip == 0 && b->capture) {
			struct html_span sp = {b->cap_off, (uint32_t)(d->meta.len - b->cap_off)};
			if (!d->err && wn_buf_addc(&d->meta, '\0'))
				fail(b, WN_ERECBIG);
			if (b->capture == 1)
				d->title = sp;
			else if (d->n_ldjson < NELEM(d->ldjson))
				d->ldjson[d->n_ldjson++] = sp;
			b->capture = 0;
		}
		return;
	}
	if (!strcmp((const char *)xname, "meta"))
		return;
	if (b->cur == 0)
		return;
	struct html_node *nd = &d->nodes[b->cur];
	if (nd->tag == T_A && (nd->flags & HN_INLINK) && b->link)
		b->link--;
	if (nd->tag == T_PRE && b->pre)
		b->pre--;
	b->cur = nd->parent;
	b->depth--;
	if (nd->flags & HN_BLOCK)
		b->space = 1;
}

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

static void on_text(void *ctx, const xmlChar *xs, int len)
{
	struct builder *b = ctx;
	struct html_dom *d = b->d;
	const unsigned char *s = xs;
	size_t n = len > 0 ? (size_t)len : 0;

	if (d->err || !n)
		return;
	if (b->skip) {
		if (b->capture && wn_buf_add(&d->meta, s, n))
			fail(b, WN_ERECBIG);
		return;
	}
	struct html_node *par = &d->nodes[b->cur];
	struct html_node *last = par->last ? &d->nodes[par->last] : NULL;
	int extend = last && last->tag == T_TEXT && last->text_off + last->text_len == d->text.len;
	if (!extend) {
		int rc = dom_add_node(b, T_TEXT, 0, 0);
		if (rc) {
			fail(b, rc);
			return;
		}
		if (d->text.len > UINT32_MAX - n) {
			fail(b, WN_ERECBIG);
			return;
		}
		last = &d->nodes[d->n - 1];
		last->text_off = (uint32_t)d->text.len;
		if (b->link)
			last->flags |= HN_INLINK;
		if (b->pre)
			last->flags |= HN_PRE;
		b->space = 0;
	}
	if (wn_buf_grow(&d->text, n)) {
		fail(b, WN_ERECBIG);
		return;
	}
	char *o = d->text.data + d->text.len;
	size_t k = 0;
	if (b->pre) {
		for (size_t i = 0; i < n; i++)
			if (s[i] != '\r')
				o[k++] = (char)s[i];
	} else {
		int sp = b->space && extend;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = s[i];
			if (is_space(c) || (c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)) {
				if (c == 0xC2)
					i++;
				if (!sp)
					o[k++] = ' ';
				sp = 1;
			} else {
				o[k++] = (char)c;
				sp = 0;
			}
		}
		b->space = sp;
	}
	d->text.len += k;
	d->text.data[d->text.len] = '\0';
	last->text_len += (uint32_t)k;
}

void html_dom_init(struct html_dom *d, size_t max_input)
{
	memset(d, 0, sizeof(*d));
	/* Every node costs at least one byte of input ("<a>" three, a text
	 * node one), plus the root and the implied html/head/body/p. */
	d->max_nodes = 1024;
	wn_buf_init(&d->text, max_input + 64);
	wn_buf_init(&d->meta, max_input + 1024);
	wn_buf_init(&d->pre, max_input + 64);
}

void html_dom_reset(struct html_dom *d)
{
	d->n = 0;
	wn_buf_reset(&d->text);
	wn_buf_reset(&d->meta);
	memset(&d->title, 0, sizeof(d->title));
	d->og_title = d->lang = d->date = d->ld_date = d->time_date = d->meta_lang = d->title;
	d->n_ldjson = 0;
	d->err = 0;
}

void html_dom_release(struct html_dom *d)
{
	if (!d)
		return;
	free(d->nodes);
	d->nodes = NULL;
	d->n = d->cap = 0;
	wn_buf_release(&d->text);
	wn_buf_release(&d->meta);
	wn_buf_release(&d->pre);
}

int html_dom_build(struct html_dom *d, const char *utf8, size_t len, int hints)
{
	struct builder b;
	htmlParserCtxtPtr ctxt;
	htmlSAXHandler sax;

	html_dom_reset(d);
	memset(&b, 0, sizeof(b));
	b.d = d;
	b.hints = hints;
	/* Node 0: the root. */
	if (dom_add_node(&b, T_ROOT, HN_BLOCK, 0) != WN_OK)
		return WN_ENOMEM;
	d->nodes[0].parent = 0;
	d->nodes[0].first = d->nodes[0].last = 0;
	/* Make sure meta offsets 0 mean "none": a NUL at offset 0. */
	if (wn_buf_addc(&d->meta, '\0'))
		return WN_ENOMEM;
	if (len == 0)
		return WN_OK;
	int rc = html_prefilter(utf8, len, &d->pre);
	if (rc)
		return rc;
	utf8 = d->pre.data;
	len = d->pre.len;
	if (len > INT_MAX)
		return WN_ERECBIG;
	if (len == 0)
		return WN_OK;
	/* An element takes at least 3 bytes ("<b>") and a text node one between
	 * two of them: a page cannot honestly need more than one node per two
	 * bytes (libxml2 adds a few implied ones). This bounds the tree at 16
	 * bytes per input byte on hostile pages (real ones: under 0.5). */
	d->max_nodes = len / 2 + 1024;
	if (d->max_nodes > UINT32_MAX - 1)
		d->max_nodes = UINT32_MAX - 1;

	memset(&sax, 0, sizeof(sax));
	sax.startElement = on_start;
	sax.endElement = on_end;
	sax.characters = on_text;
	sax.ignorableWhitespace = on_text;
	sax.cdataBlock = on_text;
	sax.initialized = 1;
	ctxt = htmlCreateMemoryParserCtxt(utf8, (int)len);
	if (!ctxt)
		return WN_ENOMEM;
	memcpy(ctxt->sax, &sax, sizeof(sax));
	ctxt->userData = &b;
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
					 HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED |
					 HTML_PARSE_IGNORE_ENC);
	htmlParseDocument(ctxt);
	htmlFreeParserCtxt(ctxt);
	return d->err;
}
