/*
 * Internals shared by filters/gen.c (tables, schedule, JSON) and
 * filters/gen_render.c (casts and the renderer). Not for other modules.
 */
#ifndef WN_GEN_IMPL_H
#define WN_GEN_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/hash.h"
#include "filters/gen.h"
#include "filters/gen_words.h"


/* Zipf pick tables have this many slots: a word of rank r gets a share
 * proportional to 1/(r + GEN_ZIPF_SHIFT). */
#define GEN_PICK_BITS 11
#define GEN_PICK (1u << GEN_PICK_BITS)
#define GEN_ZIPF_SHIFT 2
/* A rendered sentence is at most this long (checked at init: longest word
 * times the longest template), so each sentence needs one headroom check. */
#define GEN_SENTENCE_ROOM 4096
/* Largest document: far above what the renderer makes (about 3-8 KiB). */
#define GEN_DOC_MAX ((size_t)4 << 20)
#define GEN_MAX_CAST 16
#define GEN_NAME_MAX 96
/* Publication times start on 2 January 2017, 00:00 UTC. */
#define GEN_EPOCH 1483315200
#define GEN_SECONDS_PER_DOC 97

struct gen_rng {
	uint64_t s;
	uint64_t pool; /* unused random bits, for small draws */
	unsigned nbits;
};

static inline uint64_t rnd(struct gen_rng *r)
{
	r->s += 0x9e3779b97f4a7c15ull;
	return wn_mix64(r->s);
}

/* Uniform in [0, n). */
static inline uint32_t below(struct gen_rng *r, uint32_t n)
{
	return (uint32_t)(((rnd(r) >> 32) * (uint64_t)n) >> 32);
}

/* k (<= 32) random bits: a 64-bit draw serves several small ones. */
static inline uint32_t bits(struct gen_rng *r, unsigned k)
{
	uint32_t v;
	if (r->nbits < k) {
		r->pool = rnd(r);
		r->nbits = 64;
	}
	v = (uint32_t)(r->pool & ((1ull << k) - 1));
	r->pool >>= k;
	r->nbits -= k;
	return v;
}

static inline struct gen_rng rng_of(uint64_t a, uint64_t b, uint64_t tag)
{
	struct gen_rng r = {wn_mix64(a ^ wn_mix64(b + 0x632be59bd9b4e019ull * (tag + 1))), 0, 0};
	return r;
}

enum { TAG_CAST = 1, TAG_BODY, TAG_TITLE, TAG_QUOTE, TAG_PAGE, TAG_SCHED, TAG_UUID };

struct ent {
	char s[GEN_NAME_MAX];
	uint8_t len, short_off, type;
};

struct cast {
	struct ent e[GEN_MAX_CAST];
	uint8_t n;
	uint8_t idx[4][6];
	uint8_t cnt[4];
	unsigned topic;
};

struct job {
	uint64_t due, seq;
	uint64_t story, event, orig_index;
	uint8_t variant, ops, outlet;
};

/* Words are copied into fixed slots so that one fixed-size memcpy writes any
 * of them (the text buffer always has GEN_SENTENCE_ROOM spare bytes); the
 * slot's last byte holds the word's length. */
#define GEN_SLOT 48
#define GEN_WORD_MAX 40

struct wordtab {
	const char *const *w;
	char (*slot)[GEN_SLOT];
	uint8_t *len;
	uint32_t n;
	uint8_t pick[GEN_PICK]; /* small enough to stay in L1 */
};

struct outlet {
	const char *name;
	char domain[64];
	unsigned nav, share, byline, related, support, comments, date, style;
	unsigned title_twice;     /* the page shows the headline twice */
	unsigned straight_quotes; /* "..." instead of curly quotes */
};

struct gen {
	struct gen_opts o;
	struct wordtab tab[GEN_NCATS];
	uint32_t nfirst, nlast, norghead, norgtail, norgname, nplace, nmisc;
	struct outlet *outlets;
	unsigned noutlets;
	uint32_t nbp[8];
	uint32_t p_dup, p_hn; /* out of 2^32 */
	uint32_t kspan;       /* copies per syndicated story: 1 + below(kspan) */
	uint32_t window;
	uint32_t mix[GEN_NCOPY]; /* weights of the copy variants, as copy_mix */
	uint32_t mix_total;
	struct gen_rng sched;
	uint64_t ndocs, nstories, seq;
	struct job *heap;
	size_t nheap, capheap;
	struct wn_buf text;
	struct gen_entity *ents;
	size_t nents, capents;
	int ent_fail;
	struct cast cast;
	uint64_t cast_event;
	int cast_valid;
	struct gen_doc doc;
	char err[160];
};


/* Everything a document is made of. */
struct gen_spec {
	uint64_t index, story, event, page;
	enum gen_variant variant;
	unsigned ops, outlet;
};

/* Renders the document sp into g->text, g->ents and the text fields of
 * g->doc. WN_OK, WN_ERECBIG (a document over GEN_DOC_MAX) or WN_ENOMEM. */
int gen_render(struct gen *g, const struct gen_spec *sp);
/* Decimal digits of v into out (20 bytes room); returns their count. */
size_t gen_utoa(char *out, uint64_t v);

#endif
