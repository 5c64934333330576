/*
 * ner features, shared by the reference extractor (ner_feat.c: every
 * feature hash of every token, what training uses) and the tagger's fast
 * path (ner_cache.c: the word-only features summed once per word type).
 * Both must give the same features: a template's meaning lives here and in
 * ner_feat.c; bump NER_FEAT_VERSION (ner_model.h) when it changes.
 */
#ifndef WN_NER_FEAT_H
#define WN_NER_FEAT_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/hash.h"
#include "filters/ner.h"

#define NER_SEED 0x6e65726665617431ull

enum {
	NER_F_CAP = 1,      /* first character is an upper-case letter */
	NER_F_ALLCAP = 2,   /* letters, none lower-case */
	NER_F_LOWER = 4,    /* first character is a lower-case letter */
	NER_F_DIGIT = 8,    /* contains a digit */
	NER_F_LETTER = 16,  /* contains a letter */
	NER_F_LOWWORD = 32, /* starts with a lower-case letter; no capital, no digit */
};

/* What one token is, on its own. */
struct ner_tinfo {
	/* What every token's features read first, together. */
	uint64_t lw, sshape;
	uint64_t gazh; /* gazetteer hash of the folded word */
	uint8_t npre, flags, len;
	uint64_t w, shape;
	uint64_t pre[4], suf[4];
};

/* The padding beyond a sentence's ends. */
extern const struct ner_tinfo ner_pad_info;

static inline uint64_t ner_f1(uint64_t t, uint64_t a)
{
	return wn_mix64(a ^ (t * 0x9E3779B97F4A7C15ull + NER_SEED));
}

/* ner_f2 and ner_f3 go on from ner_f1(t, a): the word-type cache keeps
 * that first step for the words' own values, so per token only the rest is
 * hashed. */
static inline uint64_t ner_f2_from(uint64_t f1, uint64_t b)
{
	return wn_mix64(f1 ^ (b * 0xC2B2AE3D27D4EB4Full));
}

static inline uint64_t ner_f3_from(uint64_t f1, uint64_t b, uint64_t c)
{
	return wn_mix64(ner_f2_from(f1, b) ^ (c * 0x165667B19E3779F9ull));
}

static inline uint64_t ner_f2(uint64_t t, uint64_t a, uint64_t b)
{
	return ner_f2_from(ner_f1(t, a), b);
}

static inline uint64_t ner_f3(uint64_t t, uint64_t a, uint64_t b, uint64_t c)
{
	return ner_f3_from(ner_f1(t, a), b, c);
}

/* The features of a token on its own (templates 1 to 13), appended to f
 * from f[k]; the new count. Shared by both paths so they cannot drift. */
static inline int ner_word_feats(const struct ner_tinfo *c, uint64_t *f, int k)
{
	f[k++] = ner_f1(1, 0);
	f[k++] = ner_f1(2, c->w);
	f[k++] = ner_f1(3, c->lw);
	f[k++] = ner_f1(4, c->shape);
	f[k++] = ner_f2(5, c->sshape, c->len);
	for (int j = 0; j < c->npre; j++)
		f[k++] = ner_f1(6 + (uint64_t)j, c->pre[j]);
	for (int j = 0; j < 4 && c->suf[j]; j++)
		f[k++] = ner_f1(10 + (uint64_t)j, c->suf[j]);
	return k;
}

/* The weight row of feature f in m's table, or NULL when m has none. */
static inline __attribute__((always_inline)) const int16_t *ner_row(const struct ner_model *m,
								   uint64_t f)
{
	uint32_t key = (uint32_t)(f >> 32) | 1, mask = m->cap - 1;

	for (uint32_t i = (uint32_t)f & mask;; i = (i + 1) & mask) {
		uint32_t k = m->slots[2 * i];
		if (k == key)
			return m->rows + (size_t)m->slots[2 * i + 1] * (size_t)m->ntags;
		if (!k)
			return NULL;
	}
}

/*
 * Emission scores for 17 tags (4 types under BILOU) in vector registers:
 * e[j] = init[0][j] + ... + init[ninit - 1][j] + rows[0][j] + ... +
 * rows[n - 1][j]. The sums are exact (integers), so the order is free.
 */
void ner_sum17(const int32_t *const *init, int ninit, const int16_t *const *rows, int n,
	       int64_t *e);

/* Analyses one token (fold is scratch). WN_OK or a buffer error. */
int ner_analyse(struct ner_tinfo *ti, const char *s, size_t n, struct wn_buf *fold);

/* The key of an all-lower-case word, or of a token with neither letter nor
 * digit (punctuation), in the model's table of such tokens seen inside
 * entities; 0 for other tokens. */
static inline uint32_t ner_lowkey(const struct ner_tinfo *ti)
{
	return ti->flags & NER_F_LOWWORD || !(ti->flags & (NER_F_LETTER | NER_F_DIGIT))
		       ? (uint32_t)(ti->lw >> 32) | 1
		       : 0;
}

/* Can the token only be O under model m (an all-lower-case word or a
 * punctuation token the model does not score: ner_lowkey)? */
int ner_forced_o(const struct ner_model *m, uint32_t lowkey);

/*
 * Per sentence of d: caps[s] = all its tokens with letters are all capitals.
 * Then the document casing table: docshape[i] = short shape of the first
 * occurrence of token i's folded word in a sentence not all in capitals,
 * not at a sentence start (0x9999 when there is none). ti[i] is token i;
 * t->docmap is scratch.
 */
int ner_doc_casing(struct ner_tagger *t, const struct ner_doc *d,
		   const struct ner_tinfo *const *ti, uint8_t *caps, uint64_t *docshape);

/*
 * The fast path (ner_cache.c). ner_cache_prepare looks up or analyses every
 * token of d in t's word-type cache and computes the document context
 * (casing table, gazetteer marks); WN_ELIMIT when d has more tokens than
 * the cache holds (use the reference path). Then ner_cache_emit writes the
 * emission scores of sentence s: em[(i - start) * ntags + tag]; for a
 * token that can only be O only the score of O (0) is written, the only
 * one ner_viterbi reads.
 */
int ner_cache_prepare(struct ner_tagger *t, const struct ner_doc *d);
void ner_cache_emit(struct ner_tagger *t, const struct ner_doc *d, size_t s, int64_t *em);
int ner_cache_size(void);

#endif
