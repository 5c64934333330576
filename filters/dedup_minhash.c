#include "filters/dedup_minhash.h"

#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/utf8.h"

/* Seeds: fixed, since signatures are saved in index files. */
#define WORD_SEED 0x5eed0001d00d1e55ull
#define SHINGLE_SEED 0x243f6a8885a308d3ull
#define EXACT_MUL 0x9e3779b97f4a7c15ull
#define ROLL_MUL 0xc2b2ae3d27d4eb4full
#define DENSE_STEP 0x9e3779b1u

void dedup_minhash_init(struct dedup_minhash *m, const struct dedup_shape *shape,
			size_t max_text)
{
	m->shape = *shape;
	wn_buf_init(&m->norm, max_text + 16);
}

void dedup_minhash_release(struct dedup_minhash *m)
{
	if (m)
		wn_buf_release(&m->norm);
}

static unsigned log2u(unsigned v)
{
	unsigned r = 0;
	while ((1u << r) < v)
		r++;
	return r;
}

/* Bins start at EMPTY; a shingle whose value is EMPTY itself (one in 2^32)
 * is ignored, harmlessly, as the bin is then filled by densification. */
#define EMPTY UINT32_MAX

/* Fills empty bins from the next filled bin to the right (circularly), moved
 * by its distance so that copies of one value in two places differ
 * (Shrivastava and Li, "Densifying one permutation hashing", 2014). */
static void densify(uint32_t *bins, unsigned k)
{
	unsigned mask = k - 1, last = k;

	for (unsigned i = k; i-- > 0;)
		if (bins[i] != EMPTY) {
			last = i;
			break;
		}
	if (last == k)
		return;
	/* Walk leftwards from the last filled bin, remembering the nearest
	 * filled bin to the right. */
	unsigned near = last;
	for (unsigned step = 1; step < k; step++) {
		unsigned i = (last - step) & mask;
		if (bins[i] != EMPTY) {
			near = i;
			continue;
		}
		bins[i] = bins[near] + ((near - i) & mask) * DENSE_STEP;
	}
}

/* A shingle's hash from its rolling sum: one multiply and a shift mix the
 * sum's bits into the high (bin) and low (value) halves; the sum itself is
 * already a random-looking combination of the words' hashes. */
static inline uint64_t shingle_mix(uint64_t roll)
{
	uint64_t h = (roll ^ SHINGLE_SEED) * 0xff51afd7ed558ccdull;
	return h ^ (h >> 32);
}

static inline void bin_add(uint32_t *bins, unsigned shift, uint64_t h)
{
	unsigned b = (unsigned)(h >> shift);
	uint32_t v = (uint32_t)h, old = bins[b];
	/* Branch-free: whether a shingle lowers its bin is a coin toss early
	 * in a document, and a mispredicted branch costs more than a store. */
	bins[b] = v < old ? v : old;
}

static int compute_chars(struct dedup_minhash *m, const char *text, size_t n,
			 struct dedup_sig *sig, uint32_t *bins, unsigned shift)
{
	unsigned w = m->shape.shingle;
	uint64_t ring[DEDUP_MAX_SHINGLE] = {0}, roll = 0, pw = 1, e = 0;
	size_t count = 0, i = 0;
	unsigned ri = 0;
	int rc;

	wn_buf_reset(&m->norm);
	rc = wn_text_normalize(&m->norm, text, n);
	if (rc)
		return rc;
	for (unsigned j = 1; j < w; j++)
		pw *= ROLL_MUL;
	const char *s = m->norm.data;
	size_t len = m->norm.len;
	while (i < len) {
		uint32_t cp;
		i += wn_utf8_decode(s + i, len - i, &cp);
		uint64_t h = wn_mix64((uint64_t)cp + WORD_SEED);
		e = e * EXACT_MUL + h;
		roll = (roll - ring[ri] * pw) * ROLL_MUL + h;
		ring[ri] = h;
		ri = ri + 1 == w ? 0 : ri + 1;
		count++;
		if (count >= w) {
			bin_add(bins, shift, shingle_mix(roll));
			if (sig->nshingles < UINT32_MAX)
				sig->nshingles++;
		}
	}
	if (count && count < w) {
		bin_add(bins, shift, shingle_mix(roll));
		sig->nshingles = 1;
	}
	sig->exact = wn_mix64(e ^ wn_mix64(count));
	return WN_OK;
}

int dedup_minhash_compute(struct dedup_minhash *m, const char *text, size_t n,
			  struct dedup_sig *sig)
{
	unsigned k = m->shape.bins, w = m->shape.shingle;
	unsigned shift = 64 - log2u(k);
	uint32_t *bins = sig->bins;
	uint64_t ring[DEDUP_MAX_SHINGLE] = {0}, roll = 0, pw = 1, e = 0;
	size_t count = 0, pos = 0, got;
	unsigned ri = 0;

	for (unsigned j = 0; j < k; j++)
		bins[j] = EMPTY;
	sig->nshingles = 0;
	if (m->shape.chars) {
		int rc = compute_chars(m, text, n, sig, bins, shift);
		if (rc)
			return rc;
	} else {
		for (unsigned j = 1; j < w; j++)
			pw *= ROLL_MUL;
		while ((got = wn_text_word_hashes(text, n, &pos, WORD_SEED, m->words,
						  sizeof(m->words) / sizeof(m->words[0])))) {
			for (size_t j = 0; j < got; j++) {
				uint64_t h = m->words[j];
				e = e * EXACT_MUL + h;
				roll = (roll - ring[ri] * pw) * ROLL_MUL + h;
				ring[ri] = h;
				ri = ri + 1 == w ? 0 : ri + 1;
				count++;
				if (count >= w)
					bin_add(bins, shift, shingle_mix(roll));
			}
		}
		sig->nshingles = count >= w ? (uint32_t)(count - w + 1 > UINT32_MAX ? UINT32_MAX : count - w + 1) : 0;
		if (count && count < w) {
			bin_add(bins, shift, shingle_mix(roll));
			sig->nshingles = 1;
		}
		sig->exact = wn_mix64(e ^ wn_mix64(count));
	}
	if (sig->nshingles)
		densify(bins, k);
	return WN_OK;
}

uint64_t dedup_minhash_text_hash(struct dedup_minhash *m, const char *s, size_t n,
				 size_t *nwords)
{
	uint64_t e = 0;
	size_t pos = 0, got, count = 0;

	while ((got = wn_text_word_hashes(s, n, &pos, WORD_SEED, m->words,
					  sizeof(m->words) / sizeof(m->words[0])))) {
		for (size_t j = 0; j < got; j++)
			e = e * EXACT_MUL + m->words[j];
		count += got;
	}
	*nwords = count;
	return wn_mix64(e ^ wn_mix64(count));
}
