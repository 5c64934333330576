/*
 * CoNLL: reading column files of tokens and entity tags, turning tag
 * sequences into entity spans, and scoring predicted spans against gold ones
 * with the semantics of the CoNLL-2000/2003 conlleval script (exact span
 * match: same first token, same last token, same type).
 *
 * A file has one token per line, the token in the first column and its tag
 * in the last (columns split by spaces or tabs); a blank line ends a
 * sentence; a "-DOCSTART-" line starts a new document. Tags are IOB1 (CoNLL
 * 2003), IOB2/BIO, IOBES/BILOU, plain IO ("I-PER") or bare types ("PER",
 * read as "I-PER"). The corpus owns all its memory.
 */
#ifndef WN_CONLL_H
#define WN_CONLL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define CONLL_MAX_TYPES 16
#define CONLL_TYPE_LEN 16

/* A tag: its type index (or -1 for O) and its position letter. */
struct conll_tag {
	int8_t type;  /* index into the corpus's types, -1 for O */
	char pos;     /* 'O', 'B', 'I', 'E' (also L), 'S' (also U) */
};

struct conll_span {
	uint32_t start, end; /* token indexes within the sentence, end exclusive */
	int type;
};

struct conll_corpus {
	struct wn_buf words;   /* token bytes, each ended by NUL */
	struct wn_buf tok_off; /* uint32 offset into words, per token */
	struct wn_buf tags;    /* struct conll_tag, per token */
	struct wn_buf sents;   /* uint32 first token of each sentence, plus one past the end */
	struct wn_buf docs;    /* uint32 first sentence of each document */
	size_t ntok, nsent, ndoc;
	int ntypes;
	char types[CONLL_MAX_TYPES][CONLL_TYPE_LEN];
	char err[160];         /* what went wrong, for the caller to print */
};

void conll_corpus_init(struct conll_corpus *c);
void conll_corpus_release(struct conll_corpus *c);

/* Reads a CoNLL file from fd into c (appending). WN_OK, WN_EIO (errno in
 * c->err), WN_ECORRUPT (a line that is not token and tag, see c->err),
 * WN_ELIMIT (too many entity types) or WN_ENOMEM. */
int conll_read_fd(struct conll_corpus *c, int fd);

/* Parses a tag string; adds its type to c when new. WN_OK or WN_ELIMIT. */
int conll_parse_tag(struct conll_corpus *c, const char *s, size_t n, struct conll_tag *out);

/* Index of a type name in c, or -1. */
int conll_type_index(const struct conll_corpus *c, const char *name);

static inline const uint32_t *conll_sents(const struct conll_corpus *c)
{
	return (const uint32_t *)(const void *)c->sents.data;
}
static inline const struct conll_tag *conll_tags(const struct conll_corpus *c)
{
	return (const struct conll_tag *)(const void *)c->tags.data;
}
static inline const char *conll_word(const struct conll_corpus *c, size_t tok)
{
	return c->words.data + ((const uint32_t *)(const void *)c->tok_off.data)[tok];
}

/*
 * Spans of a tag sequence, as conlleval cuts them: a chunk starts at B or S,
 * at I or E after O, E or S, and wherever the type changes; it ends before a
 * B, S or O, after E or S, and where the type changes. Writes at most max
 * spans and returns how many there are.
 */
size_t conll_spans(const struct conll_tag *tags, size_t n, struct conll_span *out, size_t max);

/* Counts for scoring, per type and in total (index ntypes). */
struct conll_score {
	int ntypes;
	uint64_t gold[CONLL_MAX_TYPES + 1], pred[CONLL_MAX_TYPES + 1],
		correct[CONLL_MAX_TYPES + 1];
	uint64_t tokens, tokens_correct; /* token accuracy, as conlleval prints it */
};

void conll_score_init(struct conll_score *s, int ntypes);
/* Adds one sentence: gold and predicted tags of its n tokens. */
void conll_score_add(struct conll_score *s, const struct conll_tag *gold,
		     const struct conll_tag *pred, size_t n);
/* Precision, recall and F1 in percent for type t (ntypes for all). */
void conll_score_prf(const struct conll_score *s, int t, double *p, double *r, double *f1);

#endif
