#include <stdlib.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/utf8.h"
#include "filters/gen.h"
#include "tests/unit/test.h"

static struct gen *new_gen(uint64_t seed, uint32_t window)
{
	struct gen_opts o = {.seed = seed,
			     .dup_rate = GEN_DUP_RATE_DEFAULT,
			     .hardneg_rate = GEN_HARDNEG_RATE_DEFAULT,
			     .window = window};
	struct gen *g = NULL;
	if (gen_new(&g, &o) != WN_OK) {
		gen_free(g);
		return NULL;
	}
	return g;
}

/* Hash of n documents with their truth lines. */
static uint64_t stream_hash(uint64_t seed, unsigned n)
{
	struct gen *g = new_gen(seed, GEN_WINDOW_DEFAULT);
	struct wn_buf b = WN_BUF_INIT(1 << 24);
	uint64_t h = 0;
	if (!g)
		return 0;
	for (unsigned i = 0; i < n; i++) {
		const struct gen_doc *d;
		if (gen_next(g, &d) != WN_OK)
			break;
		wn_buf_reset(&b);
		if (gen_doc_json(d, &b) || gen_truth_json(d, 1, &b))
			break;
		h = wn_hash64(b.data, b.len, h);
	}
	wn_buf_release(&b);
	gen_free(g);
	return h;
}

TEST(gen_deterministic)
{
	uint64_t a = stream_hash(42, 400), b = stream_hash(42, 400), c = stream_hash(43, 400);
	CHECK(a != 0);
	CHECK(a == b);
	CHECK(a != c);
}

TEST(gen_rejects_bad_rates)
{
	struct gen_opts o = {.seed = 1, .dup_rate = 0.9, .hardneg_rate = 0.05, .window = 100};
	struct gen *g = NULL;
	CHECK(gen_new(&g, &o) == WN_EINVAL);
	CHECK(strstr(gen_error(g), "duplicate rate") != NULL);
	gen_free(g);
	o.dup_rate = 0.3;
	o.window = 0;
	CHECK(gen_new(&g, &o) == WN_EINVAL);
	gen_free(g);
}

/* A token of the shared tokenizer starts at `start` and one ends at `end`. */
static int on_token_bounds(const char *s, size_t n, size_t start, size_t end)
{
	struct wn_tokenizer t;
	struct wn_token tok;
	int a = 0, b = 0;
	wn_tok_init(&t, s, n, 0);
	while (wn_tok_next(&t, &tok) && tok.start <= end) {
		a |= tok.start == start;
		b |= tok.end == end;
	}
	return a && b;
}

TEST(gen_entity_spans_are_exact)
{
	struct gen *g = new_gen(7, 200);
	size_t nents = 0, types[4] = {0};
	REQUIRE(g);
	for (unsigned i = 0; i < 600; i++) {
		const struct gen_doc *d;
		REQUIRE(gen_next(g, &d) == WN_OK);
		CHECK(wn_utf8_valid(d->text, d->text_len));
		CHECK(d->title >= d->text && d->title + d->title_len <= d->text + d->text_len);
		for (size_t k = 0; k < d->nents; k++) {
			const struct gen_entity *e = &d->ents[k];
			REQUIRE(e->start < e->end && e->end <= d->text_len);
			REQUIRE(e->type < 4);
			types[e->type]++;
			unsigned char c = (unsigned char)d->text[e->start];
			/* Names start with a capital (ASCII or a multibyte letter). */
			CHECK((c >= 'A' && c <= 'Z') || c >= 0xC0);
			CHECK(wn_utf8_valid(d->text + e->start, e->end - e->start));
			CHECK(on_token_bounds(d->text, d->text_len, e->start, e->end));
			if (k)
				CHECK(e->start >= d->ents[k - 1].end);
		}
		nents += d->nents;
	}
	CHECK(nents > 600 * 10);
	for (int t = 0; t < 4; t++)
		CHECK(types[t] > 100);
	gen_free(g);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sorted, deduplicated hashes of the 5-word shingles of a normalized text. */
static size_t shingles(const char *s, size_t n, uint64_t **out)
{
	struct wn_buf norm = WN_BUF_INIT(1 << 24);
	uint64_t w[5] = {0}, *sh;
	size_t nw = 0, ns = 0, i = 0;

	*out = NULL;
	if (wn_text_normalize(&norm, s, n))
		return 0;
	sh = malloc((norm.len + 1) * sizeof(*sh));
	if (!sh) {
		wn_buf_release(&norm);
		return 0;
	}
	while (i < norm.len) {
		size_t j = i;
		while (j < norm.len && norm.data[j] != ' ')
			j++;
		w[nw % 5] = wn_hash64(norm.data + i, j - i, 0);
		nw++;
		if (nw >= 5) {
			uint64_t h = 0;
			for (size_t k = nw - 5; k < nw; k++)
				h = wn_mix64(h ^ w[k % 5]) + k - (nw - 5);
			sh[ns++] = h;
		}
		i = j + 1;
	}
	wn_buf_release(&norm);
	qsort(sh, ns, sizeof(*sh), cmp_u64);
	size_t u = 0;
	for (size_t k = 0; k < ns; k++)
		if (!u || sh[u - 1] != sh[k])
			sh[u++] = sh[k];
	*out = sh;
	return u;
}

static size_t common(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, c = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			c++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return c;
}

struct kept {
	char *text;
	size_t len;
	uint64_t story, original, related;
	enum gen_variant variant;
};

TEST(gen_copies_are_near_duplicates_and_hard_negatives_are_not)
{
	enum { N = 2500 };
	struct gen *g = new_gen(11, 150);
	struct kept *k = calloc(N + 1, sizeof(*k));
	unsigned seen[GEN_NVARIANTS] = {0}, copies = 0;
	REQUIRE(g && k);
	for (unsigned i = 1; i <= N; i++) {
		const struct gen_doc *d;
		REQUIRE(gen_next(g, &d) == WN_OK);
		REQUIRE(d->index == i);
		k[i].text = malloc(d->text_len + 1);
		REQUIRE(k[i].text);
		memcpy(k[i].text, d->text, d->text_len);
		k[i].len = d->text_len;
		k[i].story = d->story;
		k[i].original = d->original;
		k[i].related = d->related;
		k[i].variant = d->variant;
		seen[d->variant]++;
	}
	for (unsigned i = 1; i <= N; i++) {
		struct kept *c = &k[i], *o;
		uint64_t *a, *b;
		size_t na, nb, nc;
		double jac, cont;
		if (c->variant == GEN_V_ORIGINAL || c->variant == GEN_V_UNIQUE)
			continue;
		if (c->variant == GEN_V_HARDNEG) {
			/* Find the first document of the related story. */
			unsigned j = 1;
			while (j < i && !(k[j].story == c->related && k[j].original == j))
				j++;
			REQUIRE(j < i);
			o = &k[j];
		} else {
			REQUIRE(c->original < i);
			/* Syndication delay: never right after the original. */
			CHECK(c->original + 1 < i);
			o = &k[c->original];
			CHECK(o->story == c->story);
			CHECK(o->variant == GEN_V_ORIGINAL);
			copies++;
		}
		if (c->variant == GEN_V_EXACT) {
			CHECK(c->len == o->len && !memcmp(c->text, o->text, c->len));
			continue;
		}
		na = shingles(c->text, c->len, &a);
		nb = shingles(o->text, o->len, &b);
		REQUIRE(na && nb);
		nc = common(a, na, b, nb);
		jac = (double)nc / (double)(na + nb - nc);
		cont = (double)nc / (double)na;
		if (c->variant == GEN_V_HARDNEG) {
			CHECK(jac < 0.15);
			if (jac >= 0.15)
				fprintf(stderr, "  doc %u hard negative jaccard %.2f\n", i, jac);
		} else if (c->variant == GEN_V_TRIMMED) {
			CHECK(cont >= 0.6);
			if (cont < 0.6)
				fprintf(stderr, "  doc %u trimmed containment %.2f\n", i, cont);
		} else {
			CHECK(jac >= 0.5);
			if (jac < 0.5)
				fprintf(stderr, "  doc %u %s jaccard %.2f\n", i,
					gen_variant_name(c->variant), jac);
		}
		free(a);
		free(b);
	}
	/* Every kind shows up, and the mix is near the asked-for 30% copies
	 * (copies scheduled past the end are never written). */
	for (int v = 0; v < GEN_NVARIANTS; v++)
		CHECK(seen[v] > 0);
	CHECK(copies > N * 20 / 100 && copies < N * 36 / 100);
	for (unsigned i = 1; i <= N; i++)
		free(k[i].text);
	free(k);
	gen_free(g);
}

TEST(gen_unrelated_documents_share_little)
{
	struct gen *g = new_gen(5, 100);
	uint64_t *prev = NULL;
	size_t nprev = 0;
	double worst = 0;
	REQUIRE(g);
	for (unsigned i = 0; i < 200; i++) {
		const struct gen_doc *d;
		uint64_t *a;
		size_t na;
		REQUIRE(gen_next(g, &d) == WN_OK);
		if (d->variant != GEN_V_UNIQUE)
			continue;
		na = shingles(d->text, d->text_len, &a);
		if (prev) {
			size_t c = common(a, na, prev, nprev);
			double j = (double)c / (double)(na + nprev - c);
			if (j > worst)
				worst = j;
		}
		free(prev);
		prev = a;
		nprev = na;
	}
	free(prev);
	CHECK(worst < 0.1);
	gen_free(g);
}
