/*
 * micro: a micro-benchmark of the hot functions, so that a change to one of
 * them can be judged in seconds (`make micro`, then build/micro).
 *
 *   build/micro [--size SIZE] [--seed N] [--runs N] [NAME...]
 *
 * It generates a corpus in memory with the generator (filters/gen.h), then
 * runs each function over every document of it, --runs times, and prints
 * the median MB/s of text, ns per document and ns per word, with the range.
 * The functions: the one tokenizer (core/text.h), normalization, word
 * hashing (dedup's tokenizer), JSON record parsing (core/record.h), the
 * MinHash signature and its key (filters/dedup_minhash.h), the LSH probe
 * and decision (dedup_decide), the NER tagger (ner_tag_text with the
 * built-in model) and the topic scorer (topics_score).
 *
 * Every benchmark folds its results into a checksum that is printed, so
 * the compiler cannot drop the work, and a change that should not change
 * results can be checked for it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/record.h"
#include "core/text.h"
#include "filters/dedup.h"
#include "filters/dedup_minhash.h"
#include "filters/embed.h"
#include "filters/gen.h"
#include "filters/ner.h"
#include "filters/topics.h"

#define MAX_RUNS 50

/* The corpus: texts back to back, their JSONL lines, offsets of both. */
struct corpus {
	struct wn_buf text, json;
	size_t *toff, *joff; /* n + 1 offsets each */
	size_t n;
	uint64_t words;
};

struct bench;
/* One document's worth of work; the result is folded into the checksum. */
typedef uint64_t (*bench_fn)(struct bench *b, const struct corpus *c, size_t i);

struct bench {
	const char *name, *what;
	bench_fn fn;
	/* state some benchmarks keep between runs */
	struct dedup_minhash mh;
	struct dedup d;
	struct dedup_key *keys;
	struct ner_model ner;
	struct ner_tagger nt;
	struct topics_model top;
	struct topics_scorer ts;
	struct wn_record rec;
	struct wn_buf scratch;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *text_of(const struct corpus *c, size_t i, size_t *n)
{
	*n = c->toff[i + 1] - c->toff[i];
	return c->text.data + c->toff[i];
}

static uint64_t b_tokenize(struct bench *b, const struct corpus *c, size_t i)
{
	size_t n;
	const char *s = text_of(c, i, &n);
	struct wn_tokenizer t;
	struct wn_token tok;
	uint64_t sum = 0;

	(void)b;
	wn_tok_init(&t, s, n, WN_TOK_PUNCTUATION);
	while (wn_tok_next(&t, &tok))
		sum += tok.end - tok.start + (uint64_t)tok.kind;
	return sum;
}

static uint64_t b_normalize(struct bench *b, const struct corpus *c, size_t i)
{
	size_t n;
	const char *s = text_of(c, i, &n);

	wn_buf_reset(&b->scratch);
	return wn_text_normalize(&b->scratch, s, n) == WN_OK ? b->scratch.len : 0;
}

static uint64_t b_word_hashes(struct bench *b, const struct corpus *c, size_t i)
{
	size_t n, pos = 0, k;
	const char *s = text_of(c, i, &n);
	uint64_t sum = 0, h[256];

	(void)b;
	while ((k = wn_text_word_hashes(s, n, &pos, 1, h, 256)) > 0)
		sum += h[k - 1] + k;
	return sum;
}

static uint64_t b_json_parse(struct bench *b, const struct corpus *c, size_t i)
{
	size_t len = c->joff[i + 1] - c->joff[i] - 1; /* without the newline */

	if (wn_record_parse(&b->rec, c->json.data + c->joff[i], len, i + 1) != WN_OK)
		return 0;
	return b->rec.text.len;
}

static uint64_t b_signature(struct bench *b, const struct corpus *c, size_t i)
{
	size_t n;
	const char *s = text_of(c, i, &n);
	uint32_t bins[DEDUP_MAX_BINS];
	struct dedup_sig sig = {.bins = bins};

	if (dedup_minhash_compute(&b->mh, s, n, &sig) != WN_OK)
		return 0;
	dedup_key_make(&b->d, &sig, &b->keys[i]);
	return sig.exact + b->keys[i].tags[0];
}

/* Decides on document i against the documents before it (the keys come
 * from b_signature, made outside the clock; see main). */
static uint64_t b_decide(struct bench *b, const struct corpus *c, size_t i)
{
	struct dedup_verdict v;

	(void)c;
	if (dedup_decide(&b->d, &b->keys[i], NULL, 0, &v) != WN_OK)
		return 0;
	return (uint64_t)v.reason * 1000003u + v.of;
}

static uint64_t b_ner(struct bench *b, const struct corpus *c, size_t i)
{
	size_t n;
	const char *s = text_of(c, i, &n);
	uint64_t sum = 0;

	if (ner_tag_text(&b->nt, s, n, NULL) != WN_OK)
		return 0;
	const struct ner_ent *e = (const struct ner_ent *)(const void *)b->nt.ents.data;
	for (size_t k = 0; k < b->nt.nents; k++)
		sum += e[k].start * 31 + e[k].end + (unsigned char)e[k].type[0];
	return sum;
}

static uint64_t b_topics(struct bench *b, const struct corpus *c, size_t i)
{
	size_t n;
	const char *s = text_of(c, i, &n);
	uint64_t sum = 0;

	topics_score(&b->ts, s, n);
	for (int l = 0; l < b->top.nlabels; l++)
		sum += (uint64_t)(b->ts.score[l] * 1e6);
	return sum;
}

/* An empty index for each run of b_decide. */
static int restart_index(struct dedup *d)
{
	struct dedup_opts o;

	dedup_release(d);
	dedup_opts_default(&o);
	return dedup_init(d, &o) != WN_OK;
}

static struct bench benches[] = {
	{.name = "tokenize", .what = "wn_tok_next, words and punctuation", .fn = b_tokenize},
	{.name = "normalize", .what = "wn_text_normalize (fold, join)", .fn = b_normalize},
	{.name = "word-hash", .what = "wn_text_word_hashes (dedup's tokenizer)", .fn = b_word_hashes},
	{.name = "json-parse", .what = "wn_record_parse of the JSONL line", .fn = b_json_parse},
	{.name = "signature", .what = "dedup_minhash_compute + dedup_key_make", .fn = b_signature},
	{.name = "lsh-decide", .what = "dedup_decide: LSH probe, verify, insert", .fn = b_decide},
	{.name = "ner", .what = "ner_tag_text, built-in model", .fn = b_ner},
	{.name = "topics", .what = "topics_score, built-in model", .fn = b_topics},
};
#define NBENCH (sizeof(benches) / sizeof(benches[0]))

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int make_corpus(struct corpus *c, size_t size, uint64_t seed)
{
	struct gen_opts go;
	struct gen *g = NULL;
	const struct gen_doc *d;
	size_t cap = 1024;

	gen_opts_default(&go, seed);
	wn_buf_init(&c->text, size + (64u << 20));
	wn_buf_init(&c->json, 2 * size + (64u << 20));
	c->toff = malloc(cap * sizeof(*c->toff));
	c->joff = malloc(cap * sizeof(*c->joff));
	if (!c->toff || !c->joff || gen_new(&g, &go) != WN_OK)
		goto fail;
	c->toff[0] = c->joff[0] = 0;
	while (c->text.len < size && gen_next(g, &d) == WN_OK) {
		if (c->n + 2 > cap) {
			cap *= 2;
			size_t *t = realloc(c->toff, cap * sizeof(*t));
			if (t)
				c->toff = t;
			size_t *j = realloc(c->joff, cap * sizeof(*j));
			if (j)
				c->joff = j;
			if (!t || !j)
				goto fail;
		}
		if (wn_buf_add(&c->text, d->text, d->text_len) || gen_doc_json(d, &c->json))
			goto fail;
		c->n++;
		c->toff[c->n] = c->text.len;
		c->joff[c->n] = c->json.len;
		struct wn_tokenizer t;
		struct wn_token tok;
		wn_tok_init(&t, d->text, d->text_len, 0);
		while (wn_tok_next(&t, &tok))
			c->words++;
	}
	gen_free(g);
	return 0;
fail:
	gen_free(g);
	return -1;
}

static int selected(int argc, char **argv, int first, const char *name)
{
	if (first >= argc)
		return 1;
	for (int i = first; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: micro [--size BYTES] [--seed N] [--runs N] [NAME...]\n\nbenchmarks:\n");
	for (size_t i = 0; i < NBENCH; i++)
		fprintf(f, "  %-11s %s\n", benches[i].name, benches[i].what);
}

int main(int argc, char **argv)
{
	size_t size = 20u << 20;
	unsigned long long seed = 1;
	int runs = 5, first = 1;
	struct corpus c;

	for (; first < argc && argv[first][0] == '-'; first++) {
		const char *a = argv[first];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return 0;
		}
		if (first + 1 >= argc)
			goto bad;
		if (!strcmp(a, "--size"))
			size = strtoull(argv[++first], NULL, 10);
		else if (!strcmp(a, "--seed"))
			seed = strtoull(argv[++first], NULL, 10);
		else if (!strcmp(a, "--runs"))
			runs = atoi(argv[++first]);
		else
			goto bad;
	}
	for (int i = first; i < argc; i++) {
		size_t k = 0;
		while (k < NBENCH && strcmp(argv[i], benches[k].name))
			k++;
		if (k == NBENCH)
			goto bad;
	}
	if (size == 0 || size > ((size_t)4 << 30) || runs < 1 || runs > MAX_RUNS)
		goto bad;

	memset(&c, 0, sizeof(c));
	if (make_corpus(&c, size, seed)) {
		fprintf(stderr, "micro: cannot generate the corpus (out of memory?)\n");
		return 5;
	}
	printf("micro: %zu documents, %.1f MB of text, %llu words (seed %llu), median of %d runs\n",
	       c.n, (double)c.text.len / 1e6, (unsigned long long)c.words, seed, runs);
	printf("%-11s %10s %12s %10s %22s  %s\n", "function", "MB/s", "ns/doc", "ns/word",
	       "MB/s range", "checksum");

	struct dedup_shape shape = {.bins = 128, .shingle = 5, .chars = 0};
	struct dedup_opts o;
	size_t nn, tn;
	const char *nerp = wn_embed_ner(&nn), *topp = wn_embed_topics(&tn);
	int code = 0;

	for (size_t k = 0; k < NBENCH; k++) {
		struct bench *b = &benches[k];
		double secs[MAX_RUNS];
		uint64_t sum = 0;

		if (!selected(argc, argv, first, b->name))
			continue;
		/* the state, outside the clock */
		wn_buf_init(&b->scratch, 2 * c.text.len + 1024);
		wn_record_init(&b->rec, WN_MAX_RECORD_DEFAULT);
		dedup_opts_default(&o);
		shape = o.shape;
		dedup_minhash_init(&b->mh, &shape, WN_MAX_RECORD_DEFAULT);
		if (dedup_init(&b->d, &o) != WN_OK || !(b->keys = calloc(c.n, sizeof(*b->keys))) ||
		    ner_model_open(&b->ner, nerp, nn) != WN_OK ||
		    topics_model_open(&b->top, topp, tn) != WN_OK) {
			fprintf(stderr, "micro: %s: cannot set up\n", b->name);
			code = 5;
			break;
		}
		ner_tagger_init(&b->nt, &b->ner);
		b->ts.m = &b->top;
		if (b->fn == b_decide) /* keys come from the signature benchmark */
			for (size_t i = 0; i < c.n; i++)
				b_signature(b, &c, i);
		for (int r = 0; r < runs; r++) {
			uint64_t s = 0;
			if (b->fn == b_decide && restart_index(&b->d)) {
				code = 5;
				break;
			}
			double t0 = now();
			for (size_t i = 0; i < c.n; i++)
				s += b->fn(b, &c, i);
			secs[r] = now() - t0;
			if (r && s != sum) {
				fprintf(stderr, "micro: %s: runs disagree\n", b->name);
				code = 5;
			}
			sum = s;
		}
		qsort(secs, (size_t)runs, sizeof(*secs), cmp_double);
		double med = secs[runs / 2], mb = (double)c.text.len / 1e6;
		printf("%-11s %10.1f %12.0f %10.2f %10.1f .. %9.1f  %016llx\n", b->name, mb / med,
			       med * 1e9 / (double)c.n, med * 1e9 / (double)(c.words ? c.words : 1),
			       mb / secs[runs - 1], mb / secs[0], (unsigned long long)sum);
		fflush(stdout);
		ner_tagger_release(&b->nt);
		dedup_release(&b->d);
		dedup_minhash_release(&b->mh);
		wn_record_release(&b->rec);
		wn_buf_release(&b->scratch);
		free(b->keys);
		b->keys = NULL;
	}
	free(c.toff);
	free(c.joff);
	wn_buf_release(&c.text);
	wn_buf_release(&c.json);
	return code;
bad:
	usage(stderr);
	return 2;
}
