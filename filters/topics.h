/*
 * topics: a fastText-style linear text classifier. A text becomes the set
 * of hashed buckets of its case-folded words and word bigrams; the average
 * of the buckets' embedding rows (dimension dim) goes through one linear
 * layer to a score per label. Multi-label: each label has its own logistic
 * output (one-vs-all), so scores are independent probabilities.
 *
 * A model is a read-only block of bytes (embedded or read from a file)
 * viewed in place by struct topics_model; a topics_scorer is per thread.
 * Training (topics_train.c) is single-threaded SGD over a seeded shuffle
 * and reproducible bit for bit.
 */
#ifndef WN_TOPICS_H
#define WN_TOPICS_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define TOPICS_MAX_LABELS 32
#define TOPICS_LABEL_LEN 24
#define TOPICS_MAX_DIM 64

/* Features besides the words. */
#define TOPICS_F_BIGRAMS 1u  /* word bigrams */
#define TOPICS_F_PREFIXES 2u /* the first 5 characters of longer words */

enum topics_loss { TOPICS_OVA = 0, TOPICS_SOFTMAX = 1 };

struct topics_model {
	int nlabels, dim, loss;
	unsigned flags; /* TOPICS_F_* */
	uint32_t nbuckets;
	char labels[TOPICS_MAX_LABELS][TOPICS_LABEL_LEN];
	const float *out;    /* [nlabels][dim] */
	const float *bias;   /* [nlabels] */
	const float *scale;  /* [nbuckets]: row scale (0: bucket never trained) */
	const float *idf;    /* [nbuckets]: weight of the bucket in the average */
	const int8_t *emb;   /* [nbuckets][dim] */
};

/* Views the model bytes p[0..n) (8-byte aligned). WN_OK or WN_ECORRUPT. */
int topics_model_open(struct topics_model *m, const void *p, size_t n);

#define TOPICS_MAX_TOKENS 20000
/* Buckets gathered before their rows are read: the model's tables are
 * megabytes, so each bucket costs cache misses; asking for a chunk's rows
 * at once (prefetch) lets the misses overlap instead of queueing. */
#define TOPICS_CHUNK 64

/* A scorer: set m, then topics_score, or the same in steps. */
struct topics_scorer {
	const struct topics_model *m;
	float score[TOPICS_MAX_LABELS];
	/* The text so far (topics_begin .. topics_finish). */
	float h[TOPICS_MAX_DIM], den;
	uint64_t prev;
	size_t ntok;
	int nb;
	uint32_t b[TOPICS_CHUNK + 3];
};

/*
 * Scores a UTF-8 text: s->score[l] in [0, 1] for every label. Texts longer
 * than TOPICS_MAX_TOKENS words are judged on their first that many.
 */
void topics_score(struct topics_scorer *s, const char *text, size_t n);

/* The same in steps, for a caller that already cuts the text into words
 * (core/text.h's tokenizer, words only, in order): topics_begin, then
 * topics_add_word for each word, then topics_finish sets s->score. */
void topics_begin(struct topics_scorer *s);
void topics_add_word(struct topics_scorer *s, const char *w, size_t n);
void topics_finish(struct topics_scorer *s);

/*
 * The feature buckets of a text, in order (words, then each bigram after
 * its second word), appended to out as uint32; at most max_tokens words.
 * Used by the scorer and by training.
 */
int topics_features(const char *text, size_t n, uint32_t nbuckets, unsigned flags,
		    size_t max_tokens, struct wn_buf *out);

/* Training data: texts' feature buckets and their label sets. */
struct topics_corpus {
	struct wn_buf feats;  /* uint32 buckets of every example */
	struct wn_buf off;    /* uint32 per example + 1: offset into feats */
	struct wn_buf labs;   /* uint32 label bit set per example */
	size_t n;
	uint32_t nbuckets;
	int nlabels;
	unsigned flags;
	char labels[TOPICS_MAX_LABELS][TOPICS_LABEL_LEN];
	char err[120];
};

void topics_corpus_init(struct topics_corpus *c, uint32_t nbuckets, unsigned flags);
void topics_corpus_release(struct topics_corpus *c);
/* Index of a label, added when new. -1 when there are too many labels or
 * the name is too long. */
int topics_corpus_label(struct topics_corpus *c, const char *name, size_t len);
/* Adds one example with its label set. WN_OK or a buffer error. */
int topics_corpus_add(struct topics_corpus *c, const char *text, size_t n, uint32_t labels);

struct topics_train_opts {
	int dim, epochs, loss;
	double balance; /* positives of label l weigh (most frequent / count l)^balance */
	double prior_shrink; /* 0..1: after training, each label's bias moves this
			      * far toward the mean of the labels' biases */
	int primary_rounds; /* > 0: EM rounds learning each example's primary label */
	int primary_folds;  /* cross-fitting folds of those rounds (default 5) */
	double lr;
	uint64_t seed;
	size_t max_bytes;
};

/* Trains and appends the model bytes to out. Labels are written sorted by
 * name. WN_OK, WN_EINVAL (no examples), WN_ELIMIT (too large) or
 * WN_ENOMEM; *err says why. */
int topics_train(const struct topics_corpus *c, const struct topics_train_opts *o,
		 struct wn_buf *out, const char **err);

#endif
