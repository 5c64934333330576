/*
 * MinHash signatures for dedup: one pass over a text computes its exact hash
 * (of the normalized text, core/text.h) and a one-permutation MinHash
 * signature of its shingles with rotation densification, in
 * O(words + bins) time and no allocation per word.
 *
 * Shingles are word n-grams of the normalized words (rolling hash over the
 * words' hashes) or, on request, character n-grams of the normalized text
 * (for scripts written without spaces). A text with fewer words than the
 * shingle size has one shingle, all its words; a text with no word has none.
 *
 * A dedup_minhash is one thread's scratch space: it owns its buffers.
 */
#ifndef WN_DEDUP_MINHASH_H
#define WN_DEDUP_MINHASH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define DEDUP_MAX_BINS 1024u
#define DEDUP_MAX_SHINGLE 64u

struct dedup_shape {
	unsigned bins;    /* signature length k: a power of two, 16..1024 */
	unsigned shingle; /* n-gram size, 1..64 */
	int chars;        /* character n-grams instead of word n-grams */
};

/* One document's signature (bins points at the caller's k values). */
struct dedup_sig {
	uint64_t exact;     /* hash of the normalized text */
	uint32_t nshingles; /* shingle positions; 0 when the text has no word */
	uint32_t *bins;     /* k minimum values, densified; unset when nshingles == 0 */
};

struct dedup_minhash {
	struct dedup_shape shape;
	struct wn_buf norm; /* normalized text, character shingles only */
	uint64_t words[512];
};

void dedup_minhash_init(struct dedup_minhash *m, const struct dedup_shape *shape,
			size_t max_text);
void dedup_minhash_release(struct dedup_minhash *m);

/* Computes sig (sig->bins must hold shape.bins values). WN_OK, or a wn_buf
 * error for character shingles of a text past max_text. */
int dedup_minhash_compute(struct dedup_minhash *m, const char *text, size_t n,
			  struct dedup_sig *sig);

/* Hash of the normalized form of s (a line, for boilerplate counting):
 * equal for texts equal after normalization. *nwords gets the word count. */
uint64_t dedup_minhash_text_hash(struct dedup_minhash *m, const char *s, size_t n,
				 size_t *nwords);

#endif
