/*
 * html_dom: the html module's private parse tree (not for other modules).
 *
 * libxml2's HTML parser runs in SAX mode and the callbacks build this
 * compact tree: nodes in one array in document order (so a parent always
 * comes before its children, and walking the array backwards visits
 * children before parents: no recursion anywhere, whatever the depth).
 * Text is whitespace-collapsed as it arrives and kept in one arena; scripts,
 * styles, hidden elements and the like never enter the tree. The tree owns
 * its arrays; html_dom_reset keeps their memory for the next page.
 */
#ifndef WN_HTML_DOM_H
#define WN_HTML_DOM_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum html_tag {
	T_TEXT = 0, T_ROOT, T_OTHER, /* inline or unknown */
	/* block structure */
	T_P, T_DIV, T_SECTION, T_ARTICLE, T_MAIN, T_HEADER, T_FOOTER, T_NAV, T_ASIDE,
	T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_UL, T_OL, T_LI, T_DL, T_DT, T_DD,
	T_TABLE, T_TR, T_TD, T_TH, T_BLOCKQUOTE, T_PRE, T_FIGURE, T_FIGCAPTION,
	T_FORM, T_FIELDSET, T_ADDRESS, T_HR, T_BR, T_CENTER, T_CAPTION, T_DETAILS,
	T_SUMMARY, T_BODY, T_HTML, T_TBODY, T_MENU, T_DIALOG,
	/* inline that matter */
	T_A, T_IMG, T_SPAN, T_TIME, T_LABEL, T_CODE, T_SUP,
	T_NTAGS
};

/* Node flags. */
#define HN_BLOCK 0x01   /* a block element: line breaks around it */
#define HN_INLINK 0x02  /* text inside an <a href> */
#define HN_PRE 0x04     /* whitespace kept (inside <pre>) */
#define HN_LDJSON 0x08  /* unused on nodes; see html_dom.ldjson */

struct html_node {
	uint32_t parent, next, first, last; /* 0: none (node 0 is the root) */
	uint32_t text_off, text_len;        /* text nodes: span in dom->text */
	uint16_t tag;
	int16_t hint;   /* class/id/role/itemprop evidence, + content, - boilerplate */
	uint8_t flags;
	uint8_t depth8; /* depth, saturated at 255 */
};

/* Strong hint values (node->hint). */
#define HINT_ARTICLE_BODY 60 /* itemprop=articleBody and the like */
#define HINT_STRONG_BAD (-50) /* share bars, comment threads, cookie banners */

/* What the parse found besides the tree. Spans point into dom->meta. */
struct html_span {
	uint32_t off, len;
};

/* Class/id strings already judged on this page (a direct-mapped memo). */
#define HTML_HINT_MEMO 512
struct hint_memo {
	uint64_t key;
	int16_t hint;
};

struct html_dom {
	struct html_node *nodes;
	size_t n, cap, max_nodes;
	struct wn_buf text; /* collapsed text of the text nodes */
	struct wn_buf meta; /* title, meta values, JSON-LD scripts */
	struct wn_buf pre;  /* the page after html_prefilter */
	struct html_span title, og_title, lang, date, ld_date, time_date, meta_lang;
	struct html_span ldjson[8];
	unsigned n_ldjson;
	int err; /* first wn_err of the build, sticky */
	struct hint_memo memo[HTML_HINT_MEMO];
};

void html_dom_init(struct html_dom *d, size_t max_input);
void html_dom_reset(struct html_dom *d);
void html_dom_release(struct html_dom *d);

/* Parses UTF-8 html into the tree; hints: judge class/id/role attributes
 * (node->hint stays 0 otherwise). WN_OK or a wn_err. */
int html_dom_build(struct html_dom *d, const char *utf8, size_t len, int hints);

/* Pre-pass (html_prefilter.c): copies the page into out without the
 * contents of <script> (except JSON-LD) and <style>, and without comments. */
int html_prefilter(const char *s, size_t n, struct wn_buf *out);

/* ASCII lower-case. */
static inline unsigned char html_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c | 0x20) : c;
}

/* Charset (html_charset.c): the page as valid UTF-8 in view and vlen: s
 * itself when it already is (no copy), else converted into out. The name of
 * the charset used is returned in *used (a static string). */
int html_to_utf8(const char *s, size_t n, const char *hint, struct wn_buf *out,
		 size_t *nbad, const char **used, const char **view, size_t *vlen);

/* Serialization (html_textout.c): appends the text of the subtree at node
 * (all of it when skip is NULL; else nodes with skip[i] set are left out,
 * with their subtrees). Blocks become line breaks; no leading or trailing
 * whitespace, at most one blank line in a row. */
int html_text_out(const struct html_dom *d, uint32_t node, const uint8_t *skip,
		  struct wn_buf *out);

#endif
