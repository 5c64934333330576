/*
 * ner: a named-entity tagger. A linear-chain model over hashed features
 * (word, case-folded word, shape, affixes, a window of two words either
 * side, gazetteer membership, the word's casing elsewhere in the document)
 * with first-order tag transitions, decoded exactly by Viterbi and trained
 * as an averaged structured perceptron (ner_train.c). Tags are BILOU (or
 * BIO) over the entity types of the training data.
 *
 * A model is a read-only block of bytes (struct ner_model points into it:
 * embedded in the binary or read from a file), shared by any number of
 * taggers; a tagger owns its scratch memory and is used by one thread.
 */
#ifndef WN_NER_H
#define WN_NER_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "filters/conll.h"
#include "filters/gazetteer.h"

#define NER_MAX_TYPES 8
#define NER_MAX_TAGS (1 + 4 * NER_MAX_TYPES)
#define NER_TYPE_LEN 16

enum ner_scheme { NER_BIO = 0, NER_BILOU = 1 };

/* The model as used at run time: views into the model bytes. */
struct ner_model {
	int ntypes, ntags, scheme;
	char types[NER_MAX_TYPES][NER_TYPE_LEN];
	uint32_t cap, nrows;
	const int32_t *trans;   /* [(ntags + 1) * ntags]: from tag (or start) to tag */
	const uint32_t *slots;  /* [cap * 2]: key, row */
	const int16_t *rows;    /* [nrows * ntags] */
	const uint32_t *low;    /* [lowcap]: lower-case words and punctuation seen inside entities */
	uint32_t lowcap;        /* 0: no such table, every token is scored */
	const struct gaz *gaz;  /* built-in gazetteer the features use, or NULL */
};

/*
 * Makes m a view of the model bytes p[0..n) (8-byte aligned; they must
 * outlive m). WN_OK, or WN_ECORRUPT when the bytes are not a model of this
 * version.
 */
int ner_model_open(struct ner_model *m, const void *p, size_t n);

/* A document's tokens, cut into sentences. */
struct ner_doc {
	const struct gaz_word *w;
	size_t n;
	const uint32_t *sents; /* first token of each sentence, then n */
	size_t nsent;
};

/* A model's transitions as Viterbi reads them: for each tag, the tags
 * allowed before it and those transitions' weights (ner_vit_init). */
struct ner_vit {
	int ntags;
	uint8_t npred[NER_MAX_TAGS];
	uint8_t pred[NER_MAX_TAGS][NER_MAX_TAGS];
	int64_t ptrans[NER_MAX_TAGS][NER_MAX_TAGS];
	int64_t start[NER_MAX_TAGS];  /* from the sentence start (very low: not allowed) */
	int64_t from_o[NER_MAX_TAGS]; /* from O (likewise) */
	uint8_t endok[NER_MAX_TAGS];  /* may a sentence end on it */
};

/* Per-thread state for tagging and feature extraction. */
struct ner_tagger {
	const struct ner_model *m;
	struct wn_buf feats;  /* uint64 features, NER_MAX_FEATS per token */
	struct wn_buf nfeat;  /* uint8 count per token */
	struct wn_buf info;   /* per-token analysis */
	struct wn_buf score;  /* Viterbi scores and back pointers */
	struct wn_buf docmap; /* document casing table (ner_feat.c) */
	uint32_t docgen;      /* its current document */
	struct wn_buf gazm;   /* gazetteer marks per token */
	struct wn_buf fold;   /* case folding scratch */
	struct wn_buf lowkey; /* uint32 per token: key of a lower-case word or punctuation, or 0 */
	struct wn_buf forced; /* uint8 per token: can only be O */
	struct ner_vit vit;    /* the model's transitions, for Viterbi */
	/* ner_tag_text */
	struct wn_buf words;  /* struct gaz_word per token */
	struct wn_buf offs;   /* size_t start, end per token */
	struct wn_buf sentb;  /* uint32 sentence starts */
	struct wn_buf tagb;   /* uint8 tag per token */
	struct wn_buf hashb;  /* uint64 token hashes for the user gazetteer */
	struct wn_buf ents;   /* struct ner_ent, the result */
	/* Called by ner_tag_text with each word of the text (the tokenizer's
	 * words, no punctuation, in order) when set: another model can read the
	 * words without cutting the text again. */
	void (*on_word)(void *ctx, const char *w, size_t n);
	void *word_ctx;
	size_t nents;
	/* The word-type cache (ner_cache.c): what each word type contributes on
	 * its own, computed once per type, so that per token only the features
	 * combining it with its neighbours are looked up. */
	struct wn_buf wslots; /* open addressing: hash, entry + 1 */
	struct wn_buf wents;  /* entries */
	struct wn_buf wvecs;  /* int32 partial scores, NER_WVECS rows of ntags per entry */
	struct wn_buf wbytes; /* the words' bytes */
	uint32_t wused;
	int32_t pad[4][NER_MAX_TAGS]; /* the sentence padding as a neighbour */
	uint64_t ctxf1[12];           /* first hashing steps of the sentence values */
	uint64_t gazf[GAZ_MAX_TYPES][4]; /* the gazetteer features, whole */
	int reference;        /* 1: every feature of every token, as in training (tests) */
};

/* An entity found in a text: byte offsets, end exclusive. */
struct ner_ent {
	size_t start, end;
	const char *type; /* the model's or the user gazetteer's type name */
};

#define NER_MAX_FEATS 64

void ner_tagger_init(struct ner_tagger *t, const struct ner_model *m);
void ner_tagger_release(struct ner_tagger *t);

/*
 * Computes the features of every token of d into t->feats / t->nfeat
 * (uses gazetteer g, may be NULL), and t->lowkey. With a model that has a
 * table of the lower-case words and punctuation seen inside entities, an
 * all-lower-case word or punctuation token not in it can only be O: it is
 * marked in t->forced and gets no features (most tokens of running text:
 * this is where the speed comes from).
 * WN_OK or WN_ENOMEM / WN_ERECBIG.
 */
int ner_features(struct ner_tagger *t, const struct gaz *g, const struct ner_doc *d);

/*
 * Tags every token of d: tags[i] is a tag index of the model's scheme (0 is
 * O). WN_OK or a buffer error. The emission scores come from the word-type
 * cache (ner_cache.c) unless t->reference is set; both ways give the same
 * scores, hence the same tags.
 */
int ner_tag_doc(struct ner_tagger *t, const struct ner_doc *d, uint8_t *tags);

/*
 * Tags a UTF-8 text: tokens from the one tokenizer (core/text.h; a final
 * "'s" is split off as CoNLL does, and abbreviations such as "Mr." are
 * joined), sentences cut at end punctuation followed by a capital, at line
 * breaks before a capital and at blank lines. Long texts are tagged in
 * pieces of at most NER_CHUNK_TOKENS tokens cut at sentence ends. With
 * user (may be NULL), phrases of that gazetteer are entities too and win
 * over the model's where they overlap. The entities, in text order, are in
 * t->ents (t->nents of them) until the next call.
 */
int ner_tag_text(struct ner_tagger *t, const char *s, size_t n, const struct gaz *user);

#define NER_CHUNK_TOKENS 20000
#define NER_MAX_SENTENCE 250

/* Tag index -> conll tag (type, position letter) under a scheme. */
struct conll_tag ner_tag_to_conll(int scheme, int tag);
/* Tags of a span sequence: the tag of token i given its span position. */
int ner_tag_index(int scheme, int type, char pos);
int ner_scheme_ntags(int scheme, int ntypes);
/* May tag b follow tag a (a == ntags: sentence start)? */
int ner_allowed(int scheme, int ntags, int a, int b);
/* May a sentence end on tag a? */
int ner_allowed_end(int scheme, int a);

/* The allowed transitions of a scheme: ok[a * ntags + b] (a == ntags is the
 * sentence start), then ok[(ntags + 1) * ntags + b]: may end on b. ok has
 * room for (ntags + 2) * ntags. */
void ner_allowed_table(int scheme, int ntags, uint8_t *ok);

/* v from the allowed table ok (ner_allowed_table) and the transition
 * weights trans[(ntags + 1) * ntags] (from tag, or start, to tag). */
void ner_vit_init(struct ner_vit *v, int ntags, const uint8_t *ok, const int64_t *trans);

/*
 * Viterbi over precomputed emission scores em[n * ntags]; writes the best
 * allowed tags. Tokens with forced[i] set (forced may be NULL) can only be
 * O (of their scores only that of O is read). sc is scratch of n * ntags
 * int64 (each tag's best score at each token; only O's at forced tokens).
 */
void ner_viterbi(const struct ner_vit *v, const int64_t *em, const uint8_t *forced, size_t n,
		 int64_t *sc, uint8_t *out);

/* Training (ner_train.c). */
struct ner_train_opts {
	int epochs;
	uint64_t seed;
	int scheme;
	double prune;       /* drop feature rows whose largest weight is below this */
	double low_share;   /* score a lower-case word or punctuation token only when
			     * at least this share of its occurrences is inside entities */
	size_t max_bytes;   /* refuse to write a larger model */
	const struct gaz *gaz;
	/* Progress callback after each epoch (may be NULL). */
	void (*progress)(void *ctx, int epoch, uint64_t mistakes, uint64_t tokens);
	void *ctx;
};

/*
 * Trains on corpus c and appends the model bytes to out. WN_OK, WN_ENOMEM,
 * WN_ELIMIT (model larger than max_bytes, or too many types), WN_EINVAL
 * (empty corpus). *err gets a static description on failure.
 */
int ner_train(const struct conll_corpus *c, const struct ner_train_opts *o, struct wn_buf *out,
	      const char **err);

/* Builds a ner_doc for document k of c (words point into c). */
int ner_doc_from_corpus(const struct conll_corpus *c, size_t k, struct wn_buf *words,
			struct ner_doc *d);


/*
 * Inline markup: entities written into the text as ⟦TYPE text⟧ (U+27E6,
 * the type, one space, the entity's text, U+27E7). A ⟦ or ⟧ already in the
 * text is written as ⟦<⟧ or ⟦>⟧, which no marker can be (a marker's type
 * starts with a letter), so the markup is never ambiguous. Types must be
 * [A-Za-z0-9_.-]+. ner_inline_strip gives back the original text exactly.
 */
int ner_inline_write(struct wn_buf *out, const char *s, size_t n, const struct ner_ent *e,
		     size_t ne);
/* WN_OK, or WN_ECORRUPT when s is not well-formed markup (then out holds
 * a best effort: markers removed where they could be read). */
int ner_inline_strip(struct wn_buf *out, const char *s, size_t n);

#endif
