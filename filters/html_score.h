/*
 * html_score: the article-extraction benchmark's metric (scrapinghub's
 * article-extraction-benchmark, evaluate.py), so extraction quality is
 * measured in the repository the way published numbers are.
 *
 * Per page: both texts become word 4-gram shingles (tokens are runs of word
 * characters, like Python's \w+: Unicode letters, digits and '_', without
 * the combining marks listed in html_score.c; case kept; a text of 1-3
 * tokens is one shingle). True positives, false
 * positives and false negatives are counted as multisets and normalized to
 * sum to 1. Over pages: precision and recall are averaged (a page with no
 * predicted shingle has no precision), and F1 is taken of the averages.
 */
#ifndef WN_HTML_SCORE_H
#define WN_HTML_SCORE_H

#include <stddef.h>

struct html_score_sum {
	double precision, recall; /* sums */
	size_t np, nr;            /* pages counted in each */
};

/* tp, fp, fn of one page, normalized. WN_OK or WN_ENOMEM/WN_ERECBIG. */
int html_score_page(const char *truth, size_t tn, const char *pred, size_t pn, double tpfpfn[3]);

void html_score_add(struct html_score_sum *s, const double tpfpfn[3]);
/* Averages and F1 (0 when nothing was counted). */
void html_score_result(const struct html_score_sum *s, double *precision, double *recall,
		       double *f1);

#endif
