/*
 * html: text out of HTML pages, the article body or all visible text.
 *
 *   struct html_ctx *h = html_ctx_new(max_text);
 *   struct html_result r;
 *   html_result_init(&r, max_text);
 *   rc = html_extract(h, bytes, len, HTML_MAIN, http_charset_or_NULL, &r);
 *   ... r.text (UTF-8, never NULL-data after WN_OK), r.title, r.date, r.lang ...
 *   html_result_release(&r);
 *   html_ctx_free(h);
 *
 * The context owns the parse tree and scratch buffers and is reused from
 * page to page (one per thread: no global state, libxml2 is used only
 * through per-call parser contexts). The result's buffers belong to the
 * caller; html_extract empties them first. Every buffer is bounded: a page
 * whose text or tree would pass the limits fails with WN_ERECBIG, and the
 * caller skips and counts it.
 *
 * Modes:
 *   HTML_MAIN  the article body: block containers scored by text length,
 *              commas, link density and class/id/role hints (readability
 *              style), siblings merged, boilerplate inside dropped.
 *   HTML_TEXT  all visible text: block elements and <br> become line
 *              breaks, scripts, styles, hidden elements dropped.
 *   HTML_RAW   the bytes untouched except for conversion to UTF-8.
 *
 * Character set: a BOM, else the charset argument (HTTP Content-Type), else
 * <meta charset> / <meta http-equiv> in the first 4 KiB, else UTF-8 when
 * the bytes are valid UTF-8, else windows-1252 (as browsers do). Labels
 * follow the WHATWG aliases (latin1 and ascii mean windows-1252); the bytes
 * are converted with iconv, bytes that do not convert become U+FFFD and are
 * counted in bad_bytes.
 *
 * Metadata: title from og:title, else <title>; date (ISO 8601 UTC when it
 * parses, else "") from article:published_time, itemprop=datePublished,
 * JSON-LD datePublished, Dublin Core and similar <meta> names, or the first
 * <time datetime>; lang from <html lang> (else content-language meta).
 */
#ifndef WN_HTML_H
#define WN_HTML_H

#include <stddef.h>

#include "core/buf.h"

enum html_mode { HTML_MAIN = 0, HTML_TEXT = 1, HTML_RAW = 2 };

struct html_result {
	struct wn_buf text;  /* UTF-8 */
	struct wn_buf title; /* UTF-8, one line, may be empty */
	struct wn_buf date;  /* "2019-11-19T13:03:00Z" or empty */
	struct wn_buf lang;  /* as written in <html lang>, e.g. "en-US", or empty */
	const char *charset; /* static name of the charset the page was read as */
	size_t bad_bytes;    /* bytes that did not convert, replaced by U+FFFD */
	int main_found;      /* HTML_MAIN: 1 when an article container was found,
			      * 0 when the whole visible text was used instead */
};

struct html_ctx;

/* A context for pages of at most max_input bytes. Its memory is bounded by
 * the page: the UTF-8 copy (3x for legacy charsets), the pre-filtered copy
 * (1x), text (1x) and a tree of at most one node per two bytes (32 bytes
 * per node, plus 52 for HTML_MAIN's scores): real pages need under 2x,
 * hostile ones ("<b>x" repeated) up to about 45x. NULL when out of memory. */
struct html_ctx *html_ctx_new(size_t max_input);
void html_ctx_free(struct html_ctx *h);
/* Why the last html_extract failed, "" if it did not. Never NULL. */
const char *html_ctx_error(const struct html_ctx *h);

void html_result_init(struct html_result *r, size_t max_text);
void html_result_release(struct html_result *r);

/*
 * Extracts text and metadata from one page. charset is the HTTP header's
 * charset label or NULL. WN_OK, WN_ERECBIG (page or text past the limits),
 * WN_ENOMEM, WN_EINVAL (bad mode).
 */
int html_extract(struct html_ctx *h, const char *html, size_t len, enum html_mode mode,
		 const char *charset, struct html_result *out);

/* "main", "text", "raw" -> mode: 0, or -1 for anything else. */
int html_mode_parse(const char *s, enum html_mode *mode);

/* True when the first bytes of a document look like HTML (a doctype, or an
 * <html>, <head>, <body> or common block tag near the start, after an
 * optional BOM, whitespace and comments). */
int html_sniff(const char *p, size_t n);

/* The charset label of a Content-Type header value ("text/html;
 * charset=UTF-8" -> "UTF-8") copied into out (NUL-terminated), or out[0]=0. */
void html_content_type_charset(const char *ctype, size_t n, char *out, size_t cap);

#endif
