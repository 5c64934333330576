/*
 * The HTML and feed hooks of winnow unpack (filters/unpack.h's
 * unpack_html_fn and unpack_feed_fn), joining the html and feed modules to
 * the unpack stage; they live in cmd/ because filters do not include each
 * other. The state owns one html context; stats are the command's.
 */
#ifndef WN_UNPACK_HTML_H
#define WN_UNPACK_HTML_H

#include <stddef.h>

#include "core/stats.h"
#include "filters/html.h"
#include "filters/unpack.h"

struct unpack_html;

/* NULL when out of memory. */
struct unpack_html *unpack_html_new(enum html_mode mode, size_t max_record, struct wn_stats *st);
void unpack_html_free(struct unpack_html *uh);

/* unpack_html_fn: page -> rec's text, title, date, lang. */
int unpack_html_page(void *ctx, const char *html, size_t len, const char *charset,
		     struct wn_record *rec);
/* unpack_feed_fn: one record per item (id, url, title, date, text). */
int unpack_html_feed(void *ctx, struct unpack *u, const char *name, const char *xml, size_t len);

#endif
