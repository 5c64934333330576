#include "filters/html_score.h"

#include <stdint.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/utf8.h"

#define NGRAM 4

static int word_char(const char *s, size_t n, size_t i, size_t *len)
{
	unsigned char c = (unsigned char)s[i];
	uint32_t cp;
	if (c < 0x80) {
		*len = 1;
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		       c == '_';
	}
	*len = wn_utf8_decode(s + i, n - i, &cp);
	/* Python's \w has letters and numbers but no marks (core/text.h joins
	 * marks to words): the script-independent combining blocks and the
	 * variation selectors (emoji) are left out here. Marks of particular
	 * scripts (Devanagari vowel signs...) still count as word characters. */
	if ((cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	    (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
	    (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xFE20 && cp <= 0xFE2F) ||
	    (cp >= 0xE0100 && cp <= 0xE01EF))
		return 0;
	return wn_uni_class(cp) == WN_UNI_WORD;
}

struct tok {
	size_t off, len;
};

/* Token spans of s; *out is malloc'ed (free it). */
static int tokenize(const char *s, size_t n, struct tok **out, size_t *nt)
{
	size_t cap = 0, k = 0, i = 0, len;
	struct tok *t = NULL;
	while (i < n) {
		if (!word_char(s, n, i, &len)) {
			i += len;
			continue;
		}
		size_t start = i;
		while (i < n && word_char(s, n, i, &len))
			i += len;
		if (k == cap) {
			size_t nc = cap ? cap * 2 : 256, bytes;
			if (wn_size_mul(nc, sizeof(*t), &bytes)) {
				free(t);
				return WN_ERECBIG;
			}
			struct tok *p = realloc(t, bytes);
			if (!p) {
				free(t);
				return WN_ENOMEM;
			}
			t = p;
			cap = nc;
		}
		t[k].off = start;
		t[k].len = i - start;
		k++;
	}
	*out = t;
	*nt = k;
	return WN_OK;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorted hashes of the shingles of s. */
static int shingles(const char *s, size_t n, uint64_t **out, size_t *ns)
{
	struct tok *t;
	size_t nt;
	int rc = tokenize(s, n, &t, &nt);
	*out = NULL;
	*ns = 0;
	if (rc)
		return rc;
	if (nt == 0) {
		free(t);
		return WN_OK;
	}
	size_t k = nt >= NGRAM ? nt - NGRAM + 1 : 1;
	uint64_t *h = malloc(k * sizeof(*h));
	if (!h) {
		free(t);
		return WN_ENOMEM;
	}
	for (size_t i = 0; i < k; i++) {
		uint64_t x = 0;
		for (size_t j = i; j < i + NGRAM && j < nt; j++)
			x = wn_mix64(x ^ wn_hash64(s + t[j].off, t[j].len, j - i));
		h[i] = x;
	}
	free(t);
	qsort(h, k, sizeof(*h), cmp_u64);
	*out = h;
	*ns = k;
	return WN_OK;
}

int html_score_page(const char *truth, size_t tn, const char *pred, size_t pn, double r[3])
{
	uint64_t *a, *b;
	size_t na, nb, i = 0, j = 0;
	double tp = 0, fp = 0, fn = 0;
	int rc = shingles(truth, tn, &a, &na);
	if (rc)
		return rc;
	if ((rc = shingles(pred, pn, &b, &nb))) {
		free(a);
		return rc;
	}
	/* Sorted multisets: walk both. */
	while (i < na || j < nb) {
		if (j >= nb || (i < na && a[i] < b[j])) {
			fn++;
			i++;
		} else if (i >= na || b[j] < a[i]) {
			fp++;
			j++;
		} else {
			tp++;
			i++;
			j++;
		}
	}
	free(a);
	free(b);
	double s = tp + fp + fn;
	r[0] = s > 0 ? tp / s : 0;
	r[1] = s > 0 ? fp / s : 0;
	r[2] = s > 0 ? fn / s : 0;
	return WN_OK;
}

void html_score_add(struct html_score_sum *s, const double r[3])
{
	double tp = r[0], fp = r[1], fn = r[2];
	if (tp + fp > 0) {
		s->precision += (fp == 0 && fn == 0) ? 1.0 : tp / (tp + fp);
		s->np++;
	}
	if (tp + fn > 0) {
		s->recall += (fp == 0 && fn == 0) ? 1.0 : tp / (tp + fn);
		s->nr++;
	}
}

void html_score_result(const struct html_score_sum *s, double *p, double *r, double *f1)
{
	*p = s->np ? s->precision / (double)s->np : 0;
	*r = s->nr ? s->recall / (double)s->nr : 0;
	*f1 = (*p + *r) > 0 ? 2 * *p * *r / (*p + *r) : 0;
}
