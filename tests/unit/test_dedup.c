#include <math.h>
#include <stdlib.h>

#include "core/error.h"
#include "core/pool.h"
#include "filters/dedup.h"
#include "filters/dedup_lines.h"
#include "filters/dedup_minhash.h"
#include "filters/dedup_table.h"
#include "tests/unit/test.h"

/* ---- core/pool: results come back in submission order ---- */

struct pbatch {
	int seq;
	long sum;
	int worker_hits;
};

static void pwork(void *shared, void *worker, void *batch)
{
	struct pbatch *b = batch;
	int *hits = worker;
	(void)shared;
	/* Uneven work so that batches finish out of order. */
	long s = 0;
	for (long i = 0; i < (b->seq % 7) * 20000L; i++)
		s += i ^ b->seq;
	b->sum = s + b->seq;
	(*hits)++;
}

TEST(pool_returns_batches_in_order)
{
	for (unsigned threads = 0; threads <= 3; threads++) {
		int hits[3] = {0, 0, 0};
		void *ctx[3] = {&hits[0], &hits[1], &hits[2]};
		struct pbatch b[5];
		struct wn_pool *p;
		size_t nb = 5, next_free = 0;
		int submitted = 0, expect = 0;
		REQUIRE(wn_pool_new(&p, threads, nb, pwork, NULL, ctx) == WN_OK);
		while (submitted < 40) {
			struct pbatch *x;
			if (next_free < nb) {
				x = &b[next_free++];
			} else {
				x = wn_pool_next(p);
				CHECK_INT(x->seq, expect);
				CHECK(x->sum >= x->seq);
				expect++;
			}
			x->seq = submitted++;
			wn_pool_submit(p, x);
		}
		struct pbatch *x;
		while ((x = wn_pool_next(p))) {
			CHECK_INT(x->seq, expect);
			expect++;
		}
		CHECK_INT(expect, 40);
		CHECK(wn_pool_next(p) == NULL);
		CHECK_INT(hits[0] + hits[1] + hits[2], 40);
		wn_pool_free(p);
	}
	wn_pool_free(NULL);
}

/* ---- dedup_table: a multimap with a fixed order and a per-tag cap ---- */

TEST(dedup_table_multimap)
{
	struct dedup_table t;
	struct dedup_probe p;
	uint32_t doc;
	dedup_table_init(&t);
	dedup_table_probe(&t, 5, &p);
	CHECK(!dedup_table_next(&t, &p, &doc));
	for (uint32_t i = 0; i < 5000; i++)
		REQUIRE(dedup_table_insert(&t, i % 1000, i, 0) == WN_OK);
	CHECK_INT(t.n, 5000);
	CHECK(t.n * 5 <= t.cap * 4);
	int seen = 0, ok = 1;
	dedup_table_probe(&t, 123, &p);
	while (dedup_table_next(&t, &p, &doc)) {
		ok &= doc % 1000 == 123;
		seen++;
	}
	CHECK(ok);
	CHECK_INT(seen, 5);
	/* The cap: a sixth document with tag 7 is not added when cap is 5. */
	REQUIRE(dedup_table_insert(&t, 7, 99999, 5) == WN_OK);
	CHECK_INT(t.n, 5000);
	REQUIRE(dedup_table_insert(&t, 7, 99999, 6) == WN_OK);
	CHECK_INT(t.n, 5001);
	dedup_table_release(&t);
	dedup_table_release(NULL);
}

/* ---- MinHash: estimates track the true Jaccard similarity ---- */

static char *words_text(int from, int to)
{
	size_t cap = (size_t)(to - from) * 12 + 1, len = 0;
	char *s = malloc(cap);
	for (int i = from; i < to; i++)
		len += (size_t)snprintf(s + len, cap - len, "w%d ", i);
	return s;
}

static double estimate_j(const char *a, const char *b, unsigned shingle)
{
	struct dedup_shape shape = {128, shingle, 0};
	struct dedup_minhash m;
	uint32_t ba[128], bb[128];
	struct dedup_sig sa = {0, 0, ba}, sb = {0, 0, bb};
	dedup_minhash_init(&m, &shape, 1 << 20);
	dedup_minhash_compute(&m, a, strlen(a), &sa);
	dedup_minhash_compute(&m, b, strlen(b), &sb);
	dedup_minhash_release(&m);
	unsigned same = 0;
	for (int i = 0; i < 128; i++)
		same += ba[i] == bb[i];
	return same / 128.0;
}

TEST(dedup_minhash_estimates_jaccard)
{
	/* Word sequences overlapping in a known share of their shingles:
	 * [0, 1000) and [x, 1000 + x) share 1000 - x - 4 of ~1000 + x shingles. */
	int shifts[] = {0, 100, 300, 600, 1000};
	for (size_t i = 0; i < sizeof(shifts) / sizeof(shifts[0]); i++) {
		int x = shifts[i];
		char *a = words_text(0, 1000), *b = words_text(x, 1000 + x);
		double shared = x >= 996 ? 0 : 996.0 - x;
		double truth = shared / (996.0 + x + (x ? 4 : 0) + x - (x ? 0 : 0));
		truth = shared / (2 * 996.0 - shared);
		double est = estimate_j(a, b, 5);
		if (fabs(est - truth) > 0.12)
			fprintf(stderr, "  shift %d: estimate %.3f, truth %.3f\n", x, est, truth);
		CHECK(fabs(est - truth) <= 0.12);
		free(a);
		free(b);
	}
}

TEST(dedup_minhash_normalization_and_short_texts)
{
	struct dedup_shape shape = {64, 5, 0};
	struct dedup_minhash m;
	uint32_t b1[64], b2[64];
	struct dedup_sig s1 = {0, 0, b1}, s2 = {0, 0, b2};
	dedup_minhash_init(&m, &shape, 1 << 20);
	const char *x = "Hello,   WORLD! it's  a test", *y = "hello world it's a TEST...";
	REQUIRE(dedup_minhash_compute(&m, x, strlen(x), &s1) == WN_OK);
	REQUIRE(dedup_minhash_compute(&m, y, strlen(y), &s2) == WN_OK);
	CHECK(s1.exact == s2.exact);
	CHECK_INT(s1.nshingles, 1); /* hello world it's a test: 5 words */
	CHECK(!memcmp(b1, b2, sizeof(b1)));
	/* Fewer words than the shingle: one shingle; none: no shingle. */
	REQUIRE(dedup_minhash_compute(&m, "two words", 9, &s1) == WN_OK);
	CHECK_INT(s1.nshingles, 1);
	REQUIRE(dedup_minhash_compute(&m, " ,.; ", 5, &s2) == WN_OK);
	CHECK_INT(s2.nshingles, 0);
	CHECK(s1.exact != s2.exact);
	/* Word order matters to shingles and to the exact hash. */
	REQUIRE(dedup_minhash_compute(&m, "a b c d e f", 11, &s1) == WN_OK);
	REQUIRE(dedup_minhash_compute(&m, "f e d c b a", 11, &s2) == WN_OK);
	CHECK(s1.exact != s2.exact);
	dedup_minhash_release(&m);
}

/* ---- decisions ---- */

static int decide_text(struct dedup *d, struct dedup_minhash *m, const char *text,
		       const char *id, struct dedup_verdict *v)
{
	uint32_t bins[DEDUP_MAX_BINS];
	struct dedup_sig s = {0, 0, bins};
	struct dedup_key key;
	if (dedup_minhash_compute(m, text, strlen(text), &s))
		return -1;
	dedup_key_make(d, &s, &key);
	return dedup_decide(d, &key, id, strlen(id), v);
}

TEST(dedup_no_transitive_chains)
{
	struct dedup_opts o;
	struct dedup d;
	struct dedup_minhash m;
	struct dedup_verdict v;
	dedup_opts_default(&o);
	o.threshold = 0.5;
	o.keep_ids = 1;
	REQUIRE(dedup_init(&d, &o) == WN_OK);
	dedup_minhash_init(&m, &o.shape, 1 << 20);
	/* A = [0,400), B = [120,520) (J(A,B) ~ 0.53), C = [240,640):
	 * J(A,C) ~ 0.25 but J(B,C) ~ 0.53. B is dropped for A; C must be
	 * kept, as B (its only near neighbour) was not kept. */
	char *a = words_text(0, 400), *b = words_text(120, 520), *c = words_text(240, 640);
	REQUIRE(decide_text(&d, &m, a, "A", &v) == WN_OK);
	CHECK_INT(v.reason, DEDUP_KEEP);
	REQUIRE(decide_text(&d, &m, b, "B", &v) == WN_OK);
	CHECK_INT(v.reason, DEDUP_NEAR);
	CHECK_INT(v.of, 0);
	size_t len;
	const char *id = dedup_id(&d, v.of, &len);
	CHECK(id && len == 1 && id[0] == 'A');
	REQUIRE(decide_text(&d, &m, c, "C", &v) == WN_OK);
	CHECK_INT(v.reason, DEDUP_KEEP);
	CHECK_INT(d.n, 2);
	/* Containment: a trimmed copy, a quarter of A, is caught only when
	 * asked. */
	char *half = words_text(0, 100);
	REQUIRE(decide_text(&d, &m, half, "H", &v) == WN_OK);
	CHECK_INT(v.reason, DEDUP_KEEP);
	dedup_release(&d);
	o.containment = 0.8;
	REQUIRE(dedup_init(&d, &o) == WN_OK);
	REQUIRE(decide_text(&d, &m, a, "A", &v) == WN_OK);
	REQUIRE(decide_text(&d, &m, half, "H", &v) == WN_OK);
	CHECK_INT(v.reason, DEDUP_CONTAINED);
	CHECK(v.similarity >= 0.8);
	dedup_release(&d);
	dedup_minhash_release(&m);
	free(a);
	free(b);
	free(c);
	free(half);
}

TEST(dedup_band_choice)
{
	unsigned b, r;
	dedup_pick_bands(0.8, 128, 10, &b, &r);
	CHECK(b <= 10 && b * r <= 128);
	CHECK(dedup_band_prob(0.8, b, r) >= 0.99);
	dedup_pick_bands(0.5, 128, 10, &b, &r);
	CHECK(dedup_band_prob(0.5, b, r) >= 0.99);
	/* Fewest false candidates: one more row would need too many bands. */
	CHECK(dedup_band_prob(0.5, 10, r + 1) < 0.99);
	CHECK(dedup_band_prob(0.1, 7, 1) < 0.6);
}

TEST(dedup_memory_per_document)
{
	/* The README's formula: at default settings the index stays at or
	 * under 256 bytes per kept document (ids not kept). */
	struct dedup_opts o;
	struct dedup d;
	struct dedup_minhash m;
	struct dedup_verdict v;
	uint32_t bins[DEDUP_MAX_BINS];
	struct dedup_sig s = {0, 0, bins};
	struct dedup_key key;
	char text[64];
	dedup_opts_default(&o);
	REQUIRE(dedup_init(&d, &o) == WN_OK);
	dedup_minhash_init(&m, &o.shape, 1 << 20);
	for (int i = 0; i < 200000; i++) {
		int n = snprintf(text, sizeof(text), "u%d v%d w%d x%d y%d z%d", i, i * 7, i * 13,
				 i * 17, i * 31, i * 37);
		REQUIRE(dedup_minhash_compute(&m, text, (size_t)n, &s) == WN_OK);
		dedup_key_make(&d, &s, &key);
		REQUIRE(dedup_decide(&d, &key, "", 0, &v) == WN_OK);
		/* At every size past the first allocations, not only at the end
		 * (tables and arrays grow in steps). */
		if (i >= 10000 && i % 499 == 0) {
			double per = (double)dedup_bytes(&d) / (double)d.n;
			if (per > 256) {
				fprintf(stderr, "  %.1f bytes per document at %zu\n", per, d.n);
				CHECK(per <= 256);
				break;
			}
		}
	}
	CHECK(d.n > 199000);
	dedup_release(&d);
	dedup_minhash_release(&m);
}

TEST(dedup_lines_streaming)
{
	struct dedup_lines l;
	int changed, gone;
	const char *t1 = "A long enough boilerplate line of text\nbody one here\n";
	const char *t2 = "A long enough boilerplate line of text\nbody two here";
	dedup_lines_init(&l, 1, 20, 1 << 20);
	REQUIRE(dedup_lines_clean(&l, t1, strlen(t1), &changed, &gone) == WN_OK);
	CHECK(!changed && !gone);
	/* Not committed (the document was dropped): the line does not count. */
	REQUIRE(dedup_lines_clean(&l, t2, strlen(t2), &changed, &gone) == WN_OK);
	CHECK(!changed);
	REQUIRE(dedup_lines_commit(&l) == WN_OK);
	REQUIRE(dedup_lines_clean(&l, t1, strlen(t1), &changed, &gone) == WN_OK);
	CHECK(changed);
	CHECK(gone); /* what is left is shorter than the minimum */
	CHECK_MEM(l.clean.data, l.clean.len, "body one here\n");
	dedup_lines_release(&l);
	dedup_lines_release(NULL);
}

/* Lines hashed beforehand (dedup_lines_hash, on a worker) clean a stream
 * of documents exactly as dedup_lines_clean does. */
TEST(dedup_lines_hashed_same_as_inline)
{
	static const char *const parts[] = {
		"Skip to main content of the Daily Planet website",
		"Support our journalism: subscribe today for one dollar",
		"short", "", "  ", "... --- ...",
		"The bridge over the river reopened on Monday after repairs.",
		"Farmers in the valley expect a record apple harvest this year.",
	};
	struct dedup_lines a, b;
	struct wn_buf text = WN_BUF_INIT(1 << 16), hashes = WN_BUF_INIT(1 << 16);
	uint64_t x = 88172645463325252ull;

	dedup_lines_init(&a, 2, 20, 1 << 16);
	dedup_lines_init(&b, 2, 20, 1 << 16);
	for (int doc = 0; doc < 300; doc++) {
		int changed_a, gone_a, changed_b, gone_b;
		wn_buf_reset(&text);
		wn_buf_reset(&hashes);
		for (int k = (int)(x % 6); k >= 0; k--) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			REQUIRE(wn_buf_adds(&text, parts[x % 8]) == WN_OK);
			if (k || x % 3)
				REQUIRE(wn_buf_addc(&text, '\n') == WN_OK);
		}
		REQUIRE(dedup_lines_hash(20, text.data, text.len, &hashes) == WN_OK);
		REQUIRE(dedup_lines_clean(&a, text.data, text.len, &changed_a, &gone_a) == WN_OK);
		REQUIRE(dedup_lines_clean_hashed(&b, text.data, text.len,
						 (const uint64_t *)(const void *)hashes.data,
						 hashes.len / 8, &changed_b, &gone_b) == WN_OK);
		CHECK_INT(changed_a, changed_b);
		CHECK_INT(gone_a, gone_b);
		CHECK_INT(a.clean.len, b.clean.len);
		CHECK(a.clean.len == b.clean.len && !memcmp(a.clean.data, b.clean.data, a.clean.len));
		if (x % 4) {
			REQUIRE(dedup_lines_commit(&a) == WN_OK);
			REQUIRE(dedup_lines_commit(&b) == WN_OK);
		}
	}
	CHECK(a.removed_lines > 0);
	CHECK_INT(a.removed_lines, b.removed_lines);
	CHECK_INT(a.removed_bytes, b.removed_bytes);
	/* A hash list that does not fit the text is refused. */
	int changed, gone;
	CHECK_INT(dedup_lines_clean_hashed(&b, parts[0], strlen(parts[0]), NULL, 0, &changed, &gone),
		  WN_EINVAL);
	dedup_lines_release(&a);
	dedup_lines_release(&b);
	wn_buf_release(&text);
	wn_buf_release(&hashes);
}
