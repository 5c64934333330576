/*
 * gen: a seeded generator of syndicated news, with ground truth.
 *
 * gen_next() hands out one document at a time: a story's first publication
 * (original), a later republication of it by another outlet (a copy: exact,
 * syndicated, trimmed, edited, headline, inserted, reflowed), a separate
 * story on the same event sharing a few quotes (hard-negative), or a unique
 * article. Copies come later in the stream than their original, interleaved
 * with other stories (syndication delay), never before it.
 *
 * Every document is rendered from integers (seed, story number, document
 * number): nothing about earlier documents is kept but a small queue of the
 * copies still to come, so memory is bounded whatever the number of
 * documents. The same options give the same documents on any machine.
 *
 * The document handed out is owned by the generator and valid until the next
 * call. Entity spans are byte offsets into `text`.
 */
#ifndef WN_GEN_H
#define WN_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

enum gen_variant {
	GEN_V_ORIGINAL,   /* first publication of a story that has copies */
	GEN_V_UNIQUE,     /* a story published once */
	GEN_V_EXACT,      /* byte-identical text (a re-crawl or mirror) */
	GEN_V_SYNDICATED, /* same article on another outlet's page */
	GEN_V_TRIMMED,    /* last paragraphs cut */
	GEN_V_EDITED,     /* a few words substituted or misspelt */
	GEN_V_HEADLINE,   /* headline rewritten */
	GEN_V_INSERTED,   /* a paragraph added */
	GEN_V_REFLOWED,   /* same words, different line breaks and spacing */
	GEN_V_HARDNEG,    /* another story on the same event, sharing quotes */
	GEN_NVARIANTS,
};

/* Operations applied to a copy (bits of gen_doc.ops). */
enum {
	GEN_OP_TRIM = 1u << 0,
	GEN_OP_EDIT = 1u << 1,
	GEN_OP_HEADLINE = 1u << 2,
	GEN_OP_INSERT = 1u << 3,
	GEN_OP_REFLOW = 1u << 4,
};

enum gen_ent_type { GEN_PER, GEN_ORG, GEN_LOC, GEN_MISC };

struct gen_entity {
	uint32_t start, end; /* bytes in text */
	uint8_t type;        /* enum gen_ent_type */
};

struct gen_opts {
	uint64_t seed;
	double dup_rate;     /* share of documents that are copies (0..0.8) */
	double hardneg_rate; /* share of documents that are hard negatives */
	uint32_t window;     /* largest syndication delay, in documents */
	/* Relative weights of the copy variants, indexed by enum gen_variant
	 * (only exact .. reflowed); all zero: the defaults (gen_mix_default). */
	unsigned mix[GEN_NVARIANTS];
};

/* The number of copy variants (exact, syndicated ... reflowed). */
#define GEN_NCOPY 7

/* The defaults of `winnow gen` for a seed (mix all zero: its defaults). */
void gen_opts_default(struct gen_opts *o, uint64_t seed);
/* Fills mix with the default weights (out of 100). */
void gen_mix_default(unsigned mix[GEN_NVARIANTS]);
/* The variant named s, or -1. */
int gen_variant_parse(const char *s, size_t n);

#define GEN_DUP_RATE_DEFAULT 0.3
#define GEN_HARDNEG_RATE_DEFAULT 0.05
#define GEN_WINDOW_DEFAULT 1000u
#define GEN_WINDOW_MAX 100000u

struct gen_doc {
	uint64_t index;      /* 1-based position in the stream */
	char id[32];         /* "gen-000000001" */
	char record_id[64];  /* "urn:uuid:...": WARC-Record-ID without the <> */
	char url[160];
	const char *title;
	size_t title_len;
	const char *text;
	size_t text_len;
	uint64_t story;      /* cluster: the original and its copies share it */
	uint64_t original;   /* index of the story's original document */
	uint64_t related;    /* hard negatives: the story whose quotes they share */
	int64_t time;        /* publication time, seconds since 1970 (UTC) */
	enum gen_variant variant;
	unsigned ops;        /* GEN_OP_* */
	unsigned outlet, topic;
	const struct gen_entity *ents;
	size_t nents;
};

struct gen;

/* WN_OK, WN_EINVAL (bad option: see gen_error) or WN_ENOMEM. */
int gen_new(struct gen **out, const struct gen_opts *opts);
void gen_free(struct gen *g);
/* Hint: about how many documents will be asked for (0: unknown). Syndication
 * delays are scaled down so that small corpora still get their copies. */
void gen_expect_docs(struct gen *g, uint64_t n);
/* The next document. WN_OK or WN_ENOMEM. */
int gen_next(struct gen *g, const struct gen_doc **doc);
const char *gen_error(const struct gen *g);

const char *gen_variant_name(enum gen_variant v);
const char *gen_topic_name(unsigned topic);
const char *gen_outlet_name(unsigned outlet);
const char *gen_entity_type_name(unsigned type);

/* Appends the ground-truth line of d (JSON and '\n') to out. With
 * `record_id`, the WARC-Record-ID is included too. */
int gen_truth_json(const struct gen_doc *d, int record_id, struct wn_buf *out);
/* Appends d as one JSONL record {"id","title","url","text"} and '\n'. */
int gen_doc_json(const struct gen_doc *d, struct wn_buf *out);
/* Writes t as "2017-01-02T00:01:37Z" (21 bytes with the NUL; out has room for 32). */
void gen_iso_time(int64_t t, char out[32]);

/*
 * gen_sink: documents written as a dump of some format onto a wn_out
 * (borrowed, not flushed or closed here). gen_sink_finish() ends the stream
 * (gzip trailer, tar end blocks); without it the dump is truncated.
 */
enum gen_format {
	GEN_FMT_JSONL,    /* JSONL records */
	GEN_FMT_JSONL_GZ, /* the same, gzip-compressed */
	GEN_FMT_TAR_GZ,   /* ustar, one file gen/ID.txt per document, gzip */
	GEN_FMT_WARC_GZ,  /* WARC/1.0 resource records, one gzip member each */
	GEN_FMT_TEXT,     /* document texts, each ended by a NUL byte */
};

struct wn_out;
struct gen_sink;

/* Parses "jsonl", "jsonl.gz", "tar.gz", "warc.gz", "text": 0 or -1. */
int gen_format_parse(const char *name, enum gen_format *f);
int gen_sink_open(struct gen_sink **out, enum gen_format f, struct wn_out *o);
/* WN_OK, WN_EIO (output failed: errno in o->err) or another error with a
 * message in gen_sink_error(). */
int gen_sink_write(struct gen_sink *s, const struct gen_doc *d);
int gen_sink_finish(struct gen_sink *s);
void gen_sink_free(struct gen_sink *s);
/* Bytes of the dump before compression, so far. */
uint64_t gen_sink_bytes(const struct gen_sink *s);
const char *gen_sink_error(const struct gen_sink *s);

#endif
