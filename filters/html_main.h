/*
 * html_main: the article-body extractor of the html module (private to it;
 * see html_main.c for the method). The state holds per-node scratch arrays
 * reused from page to page.
 */
#ifndef WN_HTML_MAIN_H
#define WN_HTML_MAIN_H

#include "filters/html_dom.h"

struct agg;

struct html_main {
	struct agg *agg;
	uint8_t *skip;
	size_t cap;
};

void html_main_init(struct html_main *m);
void html_main_release(struct html_main *m);

/* Appends the article text of d to out; *found is 0 when no article
 * container stood out and the page's whole visible text was used. */
int html_main_extract(struct html_main *m, const struct html_dom *d, struct wn_buf *out,
		      int *found);

#endif
