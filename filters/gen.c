/*
 * gen: the story model, the schedule of publications and the renderer.
 *
 * Everything random is drawn from splitmix64 streams seeded by integers
 * (seed, story number, document number), never from rand() or floating
 * point, so a document is a pure function of those integers: a copy
 * re-renders its story instead of keeping it, and two machines agree.
 * Separate streams keep variants aligned: the body stream is consumed the
 * same way by the original and every copy, while edits, inserted
 * paragraphs and page furniture draw from the document's own stream.
 */
#include "filters/gen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "filters/gen_words.h"

/* Zipf pick tables have this many slots: a word of rank r gets a share
 * proportional to 1/(r + GEN_ZIPF_SHIFT). */
#define GEN_PICK_BITS 12
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
 * of them (the text buffer always has GEN_SENTENCE_ROOM spare bytes). */
#define GEN_SLOT 48
#define GEN_WORD_MAX 40

struct wordtab {
	const char *const *w;
	char (*slot)[GEN_SLOT];
	uint8_t *len;
	uint32_t n;
	uint16_t pick[GEN_PICK];
};

struct outlet {
	const char *name;
	char domain[64];
	unsigned nav, share, byline, related, support, comments, date, style;
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

/* --- tables -------------------------------------------------------------- */

static uint32_t list_len(const char *const *l)
{
	uint32_t n = 0;
	while (l[n])
		n++;
	return n;
}

static int init_tab(struct wordtab *t, const char *const *w)
{
	uint64_t total = 0, cum = 0;
	uint32_t r = 0;

	t->w = w;
	t->n = list_len(w);
	t->len = malloc(t->n ? t->n : 1);
	t->slot = calloc(t->n ? t->n : 1, GEN_SLOT);
	if (!t->len || !t->slot)
		return WN_ENOMEM;
	for (uint32_t i = 0; i < t->n; i++) {
		size_t l = strlen(w[i]);
		if (l == 0 || l > GEN_WORD_MAX)
			return WN_EINVAL;
		memcpy(t->slot[i], w[i], l);
		t->len[i] = (uint8_t)l;
		total += (1ull << 32) / (i + GEN_ZIPF_SHIFT);
	}
	/* Slot k goes to the first rank whose cumulative weight passes it. */
	cum = (1ull << 32) / GEN_ZIPF_SHIFT;
	for (uint32_t k = 0; k < GEN_PICK; k++) {
		uint64_t at = (total / GEN_PICK) * k + (total % GEN_PICK) * k / GEN_PICK;
		while (cum <= at && r + 1 < t->n) {
			r++;
			cum += (1ull << 32) / (r + GEN_ZIPF_SHIFT);
		}
		t->pick[k] = (uint16_t)r;
	}
	return WN_OK;
}

static void make_domain(char *out, size_t cap, const char *name)
{
	size_t o = 0;
	if (!strncmp(name, "The ", 4))
		name += 4;
	for (; *name && o + 9 < cap; name++) {
		char c = *name;
		if (c >= 'A' && c <= 'Z')
			out[o++] = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[o++] = c;
	}
	memcpy(out + o, ".example", 9);
}

static void set_err(struct gen *g, const char *msg)
{
	snprintf(g->err, sizeof(g->err), "%s", msg);
}

int gen_new(struct gen **out, const struct gen_opts *opts)
{
	struct gen *g = calloc(1, sizeof(*g));
	static const char *const *const bps[8] = {gen_bp_nav, gen_bp_share, gen_bp_byline,
						  gen_bp_related, gen_bp_support, gen_bp_comments,
						  gen_bp_more, gen_bp_notes};
	double d, h, e, m, pd, ph;

	*out = NULL;
	if (!g)
		return WN_ENOMEM;
	g->o = *opts;
	*out = g;
	d = opts->dup_rate;
	h = opts->hardneg_rate;
	if (!(d >= 0 && d <= 0.8)) {
		set_err(g, "the duplicate rate must be between 0 and 0.8");
		return WN_EINVAL;
	}
	if (!(h >= 0 && h <= 0.3) || d + h > 0.85) {
		set_err(g, "the hard-negative rate must be between 0 and 0.3, and with the duplicate rate at most 0.85");
		return WN_EINVAL;
	}
	if (opts->window < 1 || opts->window > GEN_WINDOW_MAX) {
		set_err(g, "the syndication window must be between 1 and 100000 documents");
		return WN_EINVAL;
	}
	/* Per new story: E documents on average, of which d*E copies in stories
	 * with copies (mean m copies each) and h*E hard negatives. */
	e = 1.0 / (1.0 - d - h);
	m = 2.5;
	pd = d * e / m;
	if (pd > 1) {
		pd = 1;
		m = d * e;
	}
	ph = h * e;
	if (ph > 1)
		ph = 1;
	g->p_dup = pd >= 1 ? UINT32_MAX : (uint32_t)(pd * 4294967296.0);
	g->p_hn = ph >= 1 ? UINT32_MAX : (uint32_t)(ph * 4294967296.0);
	g->kspan = (uint32_t)(2 * m - 1 + 0.5);
	if (g->kspan < 1)
		g->kspan = 1;
	g->window = opts->window;
	for (int c = 0; c < GEN_NCATS; c++)
		if (init_tab(&g->tab[c], gen_word_lists[c]))
			goto nomem;
	g->nfirst = list_len(gen_first_names);
	g->nlast = list_len(gen_last_names);
	g->norghead = list_len(gen_org_heads);
	g->norgtail = list_len(gen_org_tails);
	g->norgname = list_len(gen_org_names);
	g->nplace = list_len(gen_places);
	g->nmisc = list_len(gen_misc);
	for (int i = 0; i < 8; i++)
		g->nbp[i] = list_len(bps[i]);
	g->noutlets = list_len(gen_outlet_names);
	g->outlets = calloc(g->noutlets, sizeof(*g->outlets));
	if (!g->outlets)
		goto nomem;
	for (unsigned i = 0; i < g->noutlets; i++) {
		struct outlet *ot = &g->outlets[i];
		struct gen_rng r = {0x5eed0u + i, 0, 0};
		ot->name = gen_outlet_names[i];
		make_domain(ot->domain, sizeof(ot->domain), ot->name);
		/* Page furniture is fixed per outlet (not per seed). */
		ot->nav = i % g->nbp[0];
		ot->share = below(&r, g->nbp[1] + 1);
		ot->byline = below(&r, g->nbp[2] + 2);
		ot->related = below(&r, g->nbp[3]);
		ot->support = (i * 3 + 1) % g->nbp[4];
		ot->comments = below(&r, g->nbp[5] + 1);
		ot->date = below(&r, 4);
		ot->style = below(&r, 4);
	}
	g->sched = rng_of(opts->seed, 0, TAG_SCHED);
	wn_buf_init(&g->text, GEN_DOC_MAX);
	return WN_OK;
nomem:
	set_err(g, "out of memory");
	return WN_ENOMEM;
}

void gen_free(struct gen *g)
{
	if (!g)
		return;
	for (int c = 0; c < GEN_NCATS; c++) {
		free(g->tab[c].len);
		free(g->tab[c].slot);
	}
	free(g->outlets);
	free(g->heap);
	free(g->ents);
	wn_buf_release(&g->text);
	free(g);
}

void gen_expect_docs(struct gen *g, uint64_t n)
{
	uint64_t w = n / 8;
	if (!n)
		return;
	if (w < 4)
		w = 4;
	g->window = w < g->o.window ? (uint32_t)w : g->o.window;
}

const char *gen_error(const struct gen *g)
{
	return g && g->err[0] ? g->err : "unknown error";
}

static const char *const variant_names[GEN_NVARIANTS] = {
	"original", "unique", "exact", "syndicated", "trimmed", "edited",
	"headline", "inserted", "reflowed", "hard-negative",
};

const char *gen_variant_name(enum gen_variant v)
{
	return (unsigned)v < GEN_NVARIANTS ? variant_names[v] : "?";
}

const char *gen_topic_name(unsigned t)
{
	return t < GEN_NTOPICS ? gen_topic_names[t] : "?";
}

const char *gen_outlet_name(unsigned o)
{
	return o < list_len(gen_outlet_names) ? gen_outlet_names[o] : "?";
}

const char *gen_entity_type_name(unsigned t)
{
	static const char *const names[] = {"PER", "ORG", "LOC", "MISC"};
	return t < 4 ? names[t] : "?";
}

/* --- the cast of an event ------------------------------------------------ */

static void ent_set(struct ent *e, const char *a, const char *b, uint8_t type)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;
	memcpy(e->s, a, la);
	e->len = (uint8_t)la;
	e->short_off = 0;
	if (b) {
		e->s[la] = ' ';
		memcpy(e->s + la + 1, b, lb);
		e->len = (uint8_t)(la + 1 + lb);
		if (type == GEN_PER)
			e->short_off = (uint8_t)(la + 1);
	}
	e->type = type;
}

static int cast_has(const struct cast *c, const struct ent *e)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->e[i].len == e->len && !memcmp(c->e[i].s, e->s, e->len))
			return 1;
	return 0;
}

static void cast_add(struct gen *g, struct cast *c, struct gen_rng *r, uint8_t type)
{
	for (int tries = 0; tries < 8; tries++) {
		struct ent *e = &c->e[c->n];
		switch (type) {
		case GEN_PER:
			ent_set(e, gen_first_names[below(r, g->nfirst)],
				gen_last_names[below(r, g->nlast)], type);
			break;
		case GEN_ORG:
			if (below(r, 5) < 2)
				ent_set(e, gen_org_names[below(r, g->norgname)], NULL, type);
			else
				ent_set(e, gen_org_heads[below(r, g->norghead)],
					gen_org_tails[below(r, g->norgtail)], type);
			break;
		case GEN_LOC:
			ent_set(e, gen_places[below(r, g->nplace)], NULL, type);
			break;
		default:
			ent_set(e, gen_misc[below(r, g->nmisc)], NULL, type);
			break;
		}
		if (!cast_has(c, e)) {
			c->idx[type][c->cnt[type]++] = c->n++;
			return;
		}
	}
}

static unsigned pick_topic(struct gen_rng *r)
{
	unsigned total = 0, x;
	for (unsigned t = 0; t < GEN_NTOPICS; t++)
		total += gen_topic_weights[t];
	x = below(r, total);
	for (unsigned t = 0; t < GEN_NTOPICS; t++) {
		if (x < gen_topic_weights[t])
			return t;
		x -= gen_topic_weights[t];
	}
	return 0;
}

static const struct cast *get_cast(struct gen *g, uint64_t event)
{
	struct cast *c = &g->cast;
	struct gen_rng r;
	unsigned n[4];

	if (g->cast_valid && g->cast_event == event)
		return c;
	r = rng_of(g->o.seed, event, TAG_CAST);
	memset(c, 0, sizeof(*c));
	c->topic = pick_topic(&r);
	n[GEN_PER] = 2 + below(&r, 3);
	n[GEN_ORG] = 1 + below(&r, 3);
	n[GEN_LOC] = 1 + below(&r, 3);
	n[GEN_MISC] = below(&r, 3);
	for (uint8_t t = 0; t < 4; t++)
		for (unsigned i = 0; i < n[t]; i++)
			cast_add(g, c, &r, t);
	g->cast_event = event;
	g->cast_valid = 1;
	return c;
}

/* --- rendering ----------------------------------------------------------- */

struct rd {
	struct gen *g;
	struct wn_buf *b;
	const struct cast *c;
	struct gen_rng var;     /* the document's own stream */
	uint32_t edit_thresh;   /* chance out of 2^32 to edit a generic word */
	unsigned wrap;          /* reflow: line width, 0 for none */
	size_t line_start;
	int sep;                /* a space is due before the next word */
	int cap;                /* capitalize the next word */
	unsigned mentioned;     /* persons already named in full */
	int track;              /* update `mentioned` */
};

static int room(struct rd *r)
{
	return wn_buf_grow(r->b, GEN_SENTENCE_ROOM);
}

static inline void put_raw(struct rd *r, const char *s, size_t n)
{
	memcpy(r->b->data + r->b->len, s, n);
	r->b->len += n;
}

static inline void put_sep(struct rd *r, size_t next)
{
	if (!r->sep)
		return;
	if (r->wrap && r->b->len - r->line_start + 1 + next > r->wrap) {
		r->b->data[r->b->len++] = '\n';
		r->line_start = r->b->len;
	} else {
		r->b->data[r->b->len++] = ' ';
	}
}

static inline void put_word(struct rd *r, const char *s, size_t n)
{
	char *d;
	put_sep(r, n);
	d = r->b->data + r->b->len;
	memcpy(d, s, n);
	if (r->cap) {
		if (*d >= 'a' && *d <= 'z')
			*d = (char)(*d - 32);
		r->cap = 0;
	}
	r->b->len += n;
	r->sep = 1;
}

/* put_word for a word in a slot: a fixed-size copy, no call. */
static inline void put_slot(struct rd *r, const char *slot, size_t n)
{
	char *d;
	put_sep(r, n);
	d = r->b->data + r->b->len;
	memcpy(d, slot, GEN_SLOT);
	if (r->cap) {
		if (*d >= 'a' && *d <= 'z')
			*d = (char)(*d - 32);
		r->cap = 0;
	}
	r->b->len += n;
	r->sep = 1;
}

static void add_ent(struct rd *r, size_t start, size_t end, uint8_t type)
{
	struct gen *g = r->g;
	if (g->nents == g->capents) {
		size_t nc = g->capents ? g->capents * 2 : 64;
		struct gen_entity *p = realloc(g->ents, nc * sizeof(*p));
		if (!p) {
			g->ent_fail = 1;
			return;
		}
		g->ents = p;
		g->capents = nc;
	}
	g->ents[g->nents].start = (uint32_t)start;
	g->ents[g->nents].end = (uint32_t)end;
	g->ents[g->nents].type = type;
	g->nents++;
}

static void put_entity(struct rd *r, const struct ent *e, int idx)
{
	size_t off = 0, start;
	if (e->type == GEN_PER && (r->mentioned >> idx & 1u))
		off = e->short_off;
	if (e->type == GEN_PER && r->track)
		r->mentioned |= 1u << idx;
	put_sep(r, e->len - off);
	start = r->b->len;
	put_raw(r, e->s + off, e->len - off);
	r->cap = 0;
	r->sep = 1;
	add_ent(r, start, r->b->len, e->type);
}

static void put_cast(struct rd *r, struct gen_rng *rng, uint8_t type)
{
	const struct cast *c = r->c;
	if (!c->cnt[type])
		type = GEN_LOC; /* every cast has a place */
	unsigned k = c->idx[type][below(rng, c->cnt[type])];
	put_entity(r, &c->e[k], (int)k);
}

static inline void put_punct(struct rd *r, const char *s, size_t n)
{
	put_raw(r, s, n);
}

static void put_typo(struct rd *r, const char *s, size_t n)
{
	char tmp[48];
	size_t i;
	memcpy(tmp, s, n);
	/* Swap two inner ASCII letters, or double one. */
	i = 1 + below(&r->var, (uint32_t)(n > 3 ? n - 2 : 1));
	if (n >= 4 && i + 1 < n && tmp[i] != ' ' && tmp[i + 1] != ' ' && tmp[i] != tmp[i + 1] &&
	    (unsigned char)tmp[i] < 0x80 && (unsigned char)tmp[i + 1] < 0x80) {
		char t = tmp[i];
		tmp[i] = tmp[i + 1];
		tmp[i + 1] = t;
		put_word(r, tmp, n);
	} else {
		memmove(tmp + 1, tmp, n);
		put_word(r, tmp, n + 1);
	}
}

static void put_cat(struct rd *r, struct gen_rng *rng, int cat)
{
	const struct wordtab *t = &r->g->tab[cat];
	uint32_t w = t->pick[bits(rng, GEN_PICK_BITS)];
	if (r->edit_thresh && (uint32_t)rnd(&r->var) < r->edit_thresh) {
		if (rnd(&r->var) & 1) {
			uint32_t w2 = t->pick[rnd(&r->var) >> (64 - GEN_PICK_BITS)];
			if (w2 == w)
				w2 = (w + 1) % t->n;
			w = w2;
		} else {
			put_typo(r, t->w[w], t->len[w]);
			return;
		}
	}
	put_slot(r, t->slot[w], t->len[w]);
}

static size_t utoa(char *out, uint64_t v)
{
	char tmp[24];
	size_t n = 0, i;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

static void put_number(struct rd *r, struct gen_rng *rng, int percent)
{
	char buf[48];
	size_t n = 0;
	uint32_t mode = below(rng, 8);
	if (percent) {
		n = utoa(buf, 1 + below(rng, 60));
		if (mode < 4) {
			buf[n++] = '.';
			buf[n++] = (char)('0' + below(rng, 10));
		}
		memcpy(buf + n, " percent", 8);
		n += 8;
	} else if (mode < 3) {
		n = utoa(buf, 2 + below(rng, 98));
	} else if (mode < 5) {
		n = utoa(buf, 100 + below(rng, 900));
	} else if (mode < 7) {
		n = utoa(buf, 1 + below(rng, 99));
		buf[n++] = ',';
		n += utoa(buf + n, 100 + below(rng, 9) * 100);
	} else {
		n = utoa(buf, 1 + below(rng, 40));
		buf[n++] = '.';
		buf[n++] = (char)('0' + below(rng, 10));
		memcpy(buf + n, " million", 8);
		n += 8;
	}
	put_word(r, buf, n);
}

/*
 * Sentence templates. D det, d det of plurals, A adj, a adj half the time, N noun, S plural
 * noun, V past verb, H headline verb, P preposition, R adverb, C conjunction,
 * K time phrase, Y verb of saying, W pronoun, T topic word, # number,
 * % percentage, E person, O organisation, L place, M misc, & "and",
 * s "says", ',' and ':' themselves.
 */
static const char *const narrative[] = {
	"EVDaNPL", "DaNPOVDTK", "OYdSVDaTPDN", "PL,dSV#SPDTK", "RK,OVDaTCdSVDN",
	"DaMNVDTPDN", "dSPLVDaNKCDNVDT", "K,d#SPDTVDaNPO", "EVDNPDT,CdSPLVR",
	"DaTPLVDaN,OY", "OVDaNPDT,EYK", "DNPDaTVRdSPL", "PDaN,ERVDTPDN",
	"daSPDTVDNKCRVDaN", "DNVd#SPL,DaNY", "E&OVDaNPDT", "PDaT,d#SVDNPL",
	"DaNPDTRVD%PDN", "OVd#SPDT,EY", "dSPLVDaTK", "EPOVDaT,EY", "DTPLVDaNKPd#S",
};
#define NNARR (sizeof(narrative) / sizeof(narrative[0]))

static const char *const clauses[] = {
	"WVDaNPDT", "DTRVDaN", "WRVdSPDaT", "DaNVdSCWVDT", "dSVDaTPDN,CWRVDN", "DNPDTVDaN",
	"WVDTKCdSVR", "DaTVdSPDN", "WVDaN,CdSRVDT",
};
#define NCLAUSES (sizeof(clauses) / sizeof(clauses[0]))

static const char *const headlines[] = {
	"OHaTPL", "L:OHDaT", "EHaTPO", "aTPLHDN", "OHaT,Es", "MaTHaN", "EHaTPL", "L:aTHDaN",
};
#define NHEADLINES (sizeof(headlines) / sizeof(headlines[0]))

static const char *const related_tpl[] = {"aTHaN", "aNHDT", "TPDaN", "aSHaT"};

static void render_codes(struct rd *r, struct gen_rng *rng, const char *t, unsigned topic)
{
	for (; *t; t++) {
		switch (*t) {
		case 'D': put_cat(r, rng, GEN_C_DET); break;
		case 'd': put_cat(r, rng, GEN_C_DETP); break;
		case 'A': put_cat(r, rng, GEN_C_ADJ); break;
		case 'a':
			if (bits(rng, 1))
				put_cat(r, rng, GEN_C_ADJ);
			break;
		case 'N': put_cat(r, rng, GEN_C_NOUN); break;
		case 'S': put_cat(r, rng, GEN_C_PLUR); break;
		case 'V': put_cat(r, rng, GEN_C_VERB); break;
		case 'H': put_cat(r, rng, GEN_C_HVERB); break;
		case 'P': put_cat(r, rng, GEN_C_PREP); break;
		case 'R': put_cat(r, rng, GEN_C_ADV); break;
		case 'C': put_cat(r, rng, GEN_C_CONJ); break;
		case 'K': put_cat(r, rng, GEN_C_TIME); break;
		case 'Y': put_cat(r, rng, GEN_C_SAY); break;
		case 'W': put_cat(r, rng, GEN_C_PRON); break;
		case 'T': put_cat(r, rng, GEN_C_TOPIC + (int)topic); break;
		case '#': put_number(r, rng, 0); break;
		case '%': put_number(r, rng, 1); break;
		case 'E': put_cast(r, rng, GEN_PER); break;
		case 'O': put_cast(r, rng, GEN_ORG); break;
		case 'L': put_cast(r, rng, GEN_LOC); break;
		case 'M': put_cast(r, rng, GEN_MISC); break;
		case '&': put_word(r, "and", 3); break;
		case 's': put_word(r, "says", 4); break;
		case ',': put_punct(r, ",", 1); break;
		case ':': put_punct(r, ":", 1); break;
		}
	}
}

static int sentence(struct rd *r, struct gen_rng *rng, unsigned topic)
{
	if (room(r))
		return WN_ERECBIG;
	r->cap = 1;
	render_codes(r, rng, narrative[below(rng, NNARR)], topic);
	put_punct(r, ".", 1);
	return WN_OK;
}

#define OPEN_Q "\xe2\x80\x9c"  /* U+201C */
#define CLOSE_Q "\xe2\x80\x9d" /* U+201D */

/* A quoted sentence: the words come from the event's quote stream (so
 * another story on the same event can repeat them), the framing from rng. */
static int quote(struct rd *r, struct gen_rng *rng, uint64_t event, unsigned q)
{
	struct gen_rng qr = rng_of(r->g->o.seed, event * 64 + q, TAG_QUOTE);
	const struct cast *c = r->c;
	unsigned speaker = c->idx[GEN_PER][below(&qr, c->cnt[GEN_PER])];
	unsigned form = below(rng, 3);
	uint32_t tpl = below(&qr, NCLAUSES), tpl2 = below(&qr, NCLAUSES);
	int two = below(&qr, 2);

	if (room(r))
		return WN_ERECBIG;
	if (form == 1) {
		r->cap = 1;
		put_entity(r, &c->e[speaker], (int)speaker);
		put_cat(r, rng, GEN_C_SAY);
		put_punct(r, ":", 1);
	}
	put_sep(r, 3);
	put_raw(r, OPEN_Q, 3);
	r->sep = 0;
	r->cap = 1;
	render_codes(r, &qr, clauses[tpl], c->topic);
	if (two) {
		put_punct(r, ". ", 2);
		r->cap = 1;
		r->sep = 0;
		render_codes(r, &qr, clauses[tpl2], c->topic);
	}
	if (form == 1) {
		put_punct(r, "." CLOSE_Q, 4);
		return WN_OK;
	}
	put_punct(r, "," CLOSE_Q, 4);
	r->sep = 1;
	if (form == 0) {
		put_entity(r, &c->e[speaker], (int)speaker);
		put_cat(r, rng, GEN_C_SAY);
	} else {
		put_word(r, "said", 4);
		put_entity(r, &c->e[speaker], (int)speaker);
		put_punct(r, ",", 1);
		put_word(r, "the", 3);
		put_cat(r, rng, GEN_C_ROLE);
		put_cast(r, rng, GEN_ORG);
	}
	put_punct(r, ".", 1);
	return WN_OK;
}

/* Appends a boilerplate line: fmt with "%s" as the outlet name (an ORG). */
static int put_bp(struct rd *r, const char *fmt, const char *name)
{
	const char *p = strstr(fmt, "%s");
	size_t nl = strlen(name);
	if (wn_buf_grow(r->b, strlen(fmt) + nl + 8))
		return WN_ERECBIG;
	if (!p) {
		put_raw(r, fmt, strlen(fmt));
		return WN_OK;
	}
	put_raw(r, fmt, (size_t)(p - fmt));
	add_ent(r, r->b->len, r->b->len + nl, GEN_ORG);
	put_raw(r, name, nl);
	put_raw(r, p + 2, strlen(p + 2));
	return WN_OK;
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil(int64_t days, int *y, unsigned *m, unsigned *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void gen_iso_time(int64_t t, char out[32])
{
	int y;
	unsigned m, d, secs = (unsigned)(t % 86400);
	civil(t / 86400, &y, &m, &d);
	snprintf(out, 32, "%04d-%02u-%02uT%02u:%02u:%02uZ", y % 10000, m, d, secs / 3600,
		 secs / 60 % 60, secs % 60);
}

static int put_date(struct rd *r, unsigned style, int64_t t)
{
	int64_t days = t / 86400;
	unsigned secs = (unsigned)(t % 86400), m, d;
	int y;
	char buf[96];
	int n;

	civil(days, &y, &m, &d);
	switch (style) {
	case 0:
		n = snprintf(buf, sizeof(buf), "%s %u, %d %02u:%02u", gen_month_names[m - 1], d, y,
			     secs / 3600, secs / 60 % 60);
		break;
	case 1:
		n = snprintf(buf, sizeof(buf), "%u %.3s, %d %02u:%02u", d, gen_month_names[m - 1], y,
			     secs / 3600, secs / 60 % 60);
		break;
	case 2:
		n = snprintf(buf, sizeof(buf), "%s %u %s %d", gen_day_names[days % 7], d,
			     gen_month_names[m - 1], y);
		break;
	default:
		n = snprintf(buf, sizeof(buf), "Published %d-%02u-%02u %02u:%02u UTC", y, m, d,
			     secs / 3600, secs / 60 % 60);
		break;
	}
	if (n < 0 || (size_t)n >= sizeof(buf) || wn_buf_grow(r->b, (size_t)n))
		return WN_ERECBIG;
	put_raw(r, buf, (size_t)n);
	return WN_OK;
}

static int headline(struct rd *r, struct gen_rng *rng, const char *const *tpls, unsigned ntpl,
		    unsigned topic)
{
	if (room(r))
		return WN_ERECBIG;
	r->cap = 1;
	r->sep = 0;
	render_codes(r, rng, tpls[below(rng, ntpl)], topic);
	return WN_OK;
}

static void para_break(struct rd *r, unsigned reflow)
{
	if (reflow == 1) {
		put_raw(r, "\n", 1);
	} else if (reflow == 3) {
		return; /* one long paragraph: the next word's space joins them */
	} else {
		put_raw(r, "\n\n", 2);
	}
	r->line_start = r->b->len;
	r->sep = 0;
}

static int nl(struct rd *r, const char *s)
{
	if (wn_buf_grow(r->b, 2))
		return WN_ERECBIG;
	put_raw(r, s, strlen(s));
	r->sep = 0;
	r->line_start = r->b->len;
	return WN_OK;
}

/* Everything a document is made of. */
struct spec {
	uint64_t index, story, event, page;
	enum gen_variant variant;
	unsigned ops, outlet;
};

static int render(struct gen *g, const struct spec *sp)
{
	struct rd r = {0};
	const struct outlet *ot = &g->outlets[sp->outlet];
	struct gen_rng body = rng_of(g->o.seed, sp->story, TAG_BODY);
	struct gen_rng trng = rng_of(g->o.seed, sp->story, TAG_TITLE);
	unsigned npar, keep, ins = 0, reflow = 0, q = 0, maxq, topic;
	size_t title_start, title_end;
	int64_t t = GEN_EPOCH + (int64_t)sp->page * GEN_SECONDS_PER_DOC +
		    (int64_t)(wn_mix64(sp->page) % 600);
	int rc = WN_OK;

	r.g = g;
	r.b = &g->text;
	r.c = get_cast(g, sp->event);
	r.var = rng_of(g->o.seed, sp->page, TAG_PAGE);
	topic = r.c->topic;
	wn_buf_reset(r.b);
	g->nents = 0;
	g->ent_fail = 0;
	g->doc.time = t;

	/* Page header. */
	rc |= put_bp(&r, gen_bp_nav[ot->nav], ot->name);
	rc |= nl(&r, "\n");
	rc |= put_date(&r, ot->date, t);
	rc |= nl(&r, "\n\n");
	if (ot->style == 0 && ot->share < g->nbp[1]) {
		rc |= put_bp(&r, gen_bp_share[ot->share], ot->name);
		rc |= nl(&r, "\n\n");
	}
	/* Headline. */
	title_start = r.b->len;
	r.track = 0;
	if (sp->ops & GEN_OP_HEADLINE) {
		struct gen_rng hr = rng_of(g->o.seed, sp->page, TAG_TITLE);
		rc |= headline(&r, &hr, headlines, NHEADLINES, topic);
	} else {
		rc |= headline(&r, &trng, headlines, NHEADLINES, topic);
	}
	title_end = r.b->len;
	rc |= nl(&r, "\n\n");
	if (ot->byline < g->nbp[2]) {
		rc |= put_bp(&r, gen_bp_byline[ot->byline], ot->name);
		rc |= nl(&r, "\n\n");
	}
	if (rc)
		return WN_ERECBIG;

	/* Body. */
	npar = 8 + below(&body, 12);
	keep = npar;
	if (sp->ops & GEN_OP_TRIM) {
		keep = (npar * (60 + below(&r.var, 31)) + 99) / 100;
		if (keep < 2)
			keep = 2;
		if (keep >= npar)
			keep = npar - 1;
	}
	if (sp->ops & GEN_OP_INSERT)
		ins = 1 + below(&r.var, npar - 1);
	if (sp->ops & GEN_OP_REFLOW) {
		reflow = 1 + below(&r.var, 3);
		if (reflow == 2)
			r.wrap = 60 + below(&r.var, 20);
	}
	if (sp->ops & GEN_OP_EDIT)
		/* A few edits per copy, whatever its length: about 3 of the
		 * ~30 generic words of each paragraph's sentences in npar paragraphs. */
		r.edit_thresh = (uint32_t)(((uint64_t)3 << 32) / (npar * 30u));
	maxq = sp->variant == GEN_V_HARDNEG ? 2 : 6;
	r.track = 1;
	r.line_start = r.b->len;
	for (unsigned p = 0; p < keep && !rc; p++) {
		if (ins && p == ins) {
			/* The inserted paragraph draws only on the document's stream
			 * and names people in full without changing later mentions. */
			uint32_t e = r.edit_thresh;
			unsigned ns = 2 + below(&r.var, 2);
			r.edit_thresh = 0;
			r.track = 0;
			if (below(&r.var, 2)) {
				rc |= put_bp(&r, gen_bp_notes[below(&r.var, g->nbp[7])], "");
				r.sep = 1;
			}
			for (unsigned s = 0; s < ns && !rc; s++) {
				struct gen_rng *vr = &r.var;
				rc |= sentence(&r, vr, topic);
			}
			para_break(&r, reflow);
			r.edit_thresh = e;
			r.track = 1;
		}
		unsigned kind = p == 0 ? 0 : below(&body, 10);
		unsigned ns = 2 + below(&body, 4);
		if (kind < 3 && p > 0 && q < maxq) {
			rc |= quote(&r, &body, sp->event, q++);
			ns = below(&body, 3);
		}
		for (unsigned s = 0; s < ns && !rc; s++)
			rc |= sentence(&r, &body, topic);
		if (p + 1 < keep)
			para_break(&r, reflow);
	}
	r.wrap = 0;
	r.edit_thresh = 0;
	r.track = 0;
	rc |= nl(&r, "\n\n");
	if (keep < npar && below(&r.var, 2)) {
		rc |= put_bp(&r, gen_bp_more[below(&r.var, g->nbp[6])], ot->name);
		rc |= nl(&r, "\n\n");
	}

	/* Page footer. */
	if (ot->style != 0 && ot->share < g->nbp[1]) {
		rc |= put_bp(&r, gen_bp_share[ot->share], ot->name);
		rc |= nl(&r, "\n\n");
	}
	rc |= put_bp(&r, gen_bp_support[ot->support], ot->name);
	rc |= nl(&r, "\n\n");
	rc |= put_bp(&r, gen_bp_related[ot->related], ot->name);
	for (int i = 0; i < 3 && !rc; i++) {
		rc |= nl(&r, "\n");
		rc |= headline(&r, &r.var, related_tpl, 4, below(&r.var, GEN_NTOPICS));
	}
	if (ot->comments < g->nbp[5]) {
		rc |= nl(&r, "\n\n");
		rc |= put_bp(&r, gen_bp_comments[ot->comments], ot->name);
	}
	if (rc || g->ent_fail)
		return g->ent_fail ? WN_ENOMEM : WN_ERECBIG;

	r.b->data[r.b->len] = '\0';
	g->doc.title = r.b->data + title_start;
	g->doc.title_len = title_end - title_start;
	g->doc.text = r.b->data;
	g->doc.text_len = r.b->len;
	g->doc.ents = g->ents;
	g->doc.nents = g->nents;
	g->doc.topic = topic;
	return WN_OK;
}

/* --- the schedule -------------------------------------------------------- */

static int job_less(const struct job *a, const struct job *b)
{
	return a->due < b->due || (a->due == b->due && a->seq < b->seq);
}

static int heap_push(struct gen *g, const struct job *j)
{
	size_t i;
	if (g->nheap == g->capheap) {
		size_t nc = g->capheap ? g->capheap * 2 : 256;
		struct job *p = realloc(g->heap, nc * sizeof(*p));
		if (!p)
			return WN_ENOMEM;
		g->heap = p;
		g->capheap = nc;
	}
	i = g->nheap++;
	g->heap[i] = *j;
	g->heap[i].seq = ++g->seq;
	while (i > 0) {
		size_t up = (i - 1) / 2;
		if (!job_less(&g->heap[i], &g->heap[up]))
			break;
		struct job t = g->heap[i];
		g->heap[i] = g->heap[up];
		g->heap[up] = t;
		i = up;
	}
	return WN_OK;
}

static void heap_pop(struct gen *g, struct job *out)
{
	size_t i = 0;
	*out = g->heap[0];
	g->heap[0] = g->heap[--g->nheap];
	for (;;) {
		size_t l = 2 * i + 1, rr = l + 1, m = i;
		if (l < g->nheap && job_less(&g->heap[l], &g->heap[m]))
			m = l;
		if (rr < g->nheap && job_less(&g->heap[rr], &g->heap[m]))
			m = rr;
		if (m == i)
			break;
		struct job t = g->heap[i];
		g->heap[i] = g->heap[m];
		g->heap[m] = t;
		i = m;
	}
}

/* Copy variants and their weights (out of 100). */
static const struct {
	uint8_t variant, ops, weight;
} copy_mix[] = {
	{GEN_V_EXACT, 0, 8},
	{GEN_V_SYNDICATED, 0, 22},
	{GEN_V_TRIMMED, GEN_OP_TRIM, 20},
	{GEN_V_EDITED, GEN_OP_EDIT, 15},
	{GEN_V_HEADLINE, GEN_OP_HEADLINE, 12},
	{GEN_V_INSERTED, GEN_OP_INSERT, 10},
	{GEN_V_REFLOWED, GEN_OP_REFLOW, 13},
};

static uint64_t delay(struct gen *g)
{
	/* Mostly soon, sometimes late: the square of a uniform. */
	uint64_t u = below(&g->sched, 1u << 16);
	return 2 + (u * u * g->window >> 32);
}

static int schedule(struct gen *g, uint64_t index, uint64_t story, unsigned outlet,
		    int *has_copies)
{
	int rc = WN_OK;
	*has_copies = 0;
	if ((uint32_t)rnd(&g->sched) < g->p_dup) {
		unsigned k = 1 + below(&g->sched, g->kspan);
		unsigned step = 1 + below(&g->sched, g->noutlets - 1);
		for (unsigned c = 0; c < k && !rc; c++) {
			struct job j = {0};
			unsigned x = below(&g->sched, 100), v = 0;
			while (x >= copy_mix[v].weight) {
				x -= copy_mix[v].weight;
				v++;
			}
			j.variant = copy_mix[v].variant;
			j.ops = copy_mix[v].ops;
			if (j.variant != GEN_V_EXACT && below(&g->sched, 4) == 0) {
				static const uint8_t extra[] = {GEN_OP_EDIT, GEN_OP_HEADLINE,
								GEN_OP_REFLOW};
				j.ops |= extra[below(&g->sched, 3)];
			}
			j.outlet = j.variant == GEN_V_EXACT
					   ? (uint8_t)outlet
					   : (uint8_t)((outlet + 1 + (c * step) % (g->noutlets - 1)) %
						       g->noutlets);
			j.story = j.event = story;
			j.orig_index = index;
			j.due = index + delay(g);
			rc = heap_push(g, &j);
		}
		*has_copies = 1;
	}
	if (!rc && (uint32_t)rnd(&g->sched) < g->p_hn) {
		struct job j = {0};
		j.variant = GEN_V_HARDNEG;
		j.story = ++g->nstories;
		j.event = story;
		j.outlet = (uint8_t)((outlet + 1 + below(&g->sched, g->noutlets - 1)) % g->noutlets);
		j.due = index + delay(g);
		rc = heap_push(g, &j);
	}
	return rc;
}

static void fill_ids(struct gen *g, struct gen_doc *d)
{
	static const char hex[] = "0123456789abcdef";
	uint64_t a = wn_mix64(g->o.seed ^ wn_mix64(d->index * 2 + TAG_UUID));
	uint64_t b = wn_mix64(a ^ d->index);
	char u[33];
	for (int i = 0; i < 16; i++) {
		u[i] = hex[(a >> (60 - 4 * i)) & 15];
		u[16 + i] = hex[(b >> (60 - 4 * i)) & 15];
	}
	u[12] = '4';                          /* version 4 */
	u[16] = hex[8 + ((b >> 60) & 3)];     /* variant 10xx */
	snprintf(d->id, sizeof(d->id), "gen-%09llu", (unsigned long long)d->index);
	snprintf(d->record_id, sizeof(d->record_id), "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", u,
		 u + 8, u + 12, u + 16, u + 20);
	snprintf(d->url, sizeof(d->url), "https://www.%s/news/%s",
		 g->outlets[d->outlet].domain, d->id);
}

int gen_next(struct gen *g, const struct gen_doc **out)
{
	struct gen_doc *d = &g->doc;
	struct spec sp = {0};
	struct job j;
	int rc;

	sp.index = ++g->ndocs;
	if (g->nheap && g->heap[0].due <= sp.index) {
		heap_pop(g, &j);
		sp.story = j.story;
		sp.event = j.event;
		sp.variant = j.variant;
		sp.ops = j.ops;
		sp.outlet = j.outlet;
		sp.page = j.variant == GEN_V_EXACT ? j.orig_index : sp.index;
		d->original = j.variant == GEN_V_HARDNEG ? sp.index : j.orig_index;
		d->related = j.variant == GEN_V_HARDNEG ? j.event : 0;
	} else {
		int copies;
		sp.story = sp.event = ++g->nstories;
		sp.outlet = below(&g->sched, g->noutlets);
		sp.page = sp.index;
		rc = schedule(g, sp.index, sp.story, sp.outlet, &copies);
		if (rc) {
			set_err(g, "out of memory");
			return rc;
		}
		sp.variant = copies ? GEN_V_ORIGINAL : GEN_V_UNIQUE;
		d->original = sp.index;
		d->related = 0;
	}
	d->index = sp.index;
	d->story = sp.story;
	d->variant = sp.variant;
	d->ops = sp.ops;
	d->outlet = sp.outlet;
	rc = render(g, &sp);
	if (rc) {
		set_err(g, rc == WN_ENOMEM ? "out of memory" : "document too large");
		return rc;
	}
	fill_ids(g, d);
	*out = d;
	return WN_OK;
}

/* --- JSON ---------------------------------------------------------------- */

static int add_u64(struct wn_buf *b, uint64_t v)
{
	char tmp[24];
	return wn_buf_add(b, tmp, utoa(tmp, v));
}

int gen_doc_json(const struct gen_doc *d, struct wn_buf *out)
{
	int rc = wn_buf_adds(out, "{\"id\":\"");
	rc = rc ? rc : wn_buf_adds(out, d->id);
	rc = rc ? rc : wn_buf_adds(out, "\",\"title\":");
	rc = rc ? rc : wn_json_add_string(out, d->title, d->title_len);
	rc = rc ? rc : wn_buf_adds(out, ",\"url\":\"");
	rc = rc ? rc : wn_buf_adds(out, d->url);
	rc = rc ? rc : wn_buf_adds(out, "\",\"text\":");
	rc = rc ? rc : wn_json_add_string(out, d->text, d->text_len);
	rc = rc ? rc : wn_buf_add(out, "}\n", 2);
	return rc;
}

int gen_truth_json(const struct gen_doc *d, int record_id, struct wn_buf *out)
{
	static const char *const opnames[] = {"trimmed", "edited", "headline", "inserted",
					      "reflowed"};
	char orig[32];
	int rc, first = 1;

	snprintf(orig, sizeof(orig), "gen-%09llu", (unsigned long long)d->original);
	rc = wn_buf_adds(out, "{\"id\":\"");
	rc = rc ? rc : wn_buf_adds(out, d->id);
	if (!rc && record_id) {
		rc = wn_buf_adds(out, "\",\"record_id\":\"");
		rc = rc ? rc : wn_buf_adds(out, d->record_id);
	}
	rc = rc ? rc : wn_buf_adds(out, "\",\"story\":");
	rc = rc ? rc : add_u64(out, d->story);
	rc = rc ? rc : wn_buf_adds(out, ",\"variant\":\"");
	rc = rc ? rc : wn_buf_adds(out, gen_variant_name(d->variant));
	rc = rc ? rc : wn_buf_adds(out, "\",\"ops\":[");
	for (unsigned i = 0; i < 5 && !rc; i++) {
		if (!(d->ops & (1u << i)))
			continue;
		rc = wn_buf_adds(out, first ? "\"" : ",\"");
		rc = rc ? rc : wn_buf_adds(out, opnames[i]);
		rc = rc ? rc : wn_buf_addc(out, '"');
		first = 0;
	}
	rc = rc ? rc : wn_buf_adds(out, "],\"original\":\"");
	rc = rc ? rc : wn_buf_adds(out, orig);
	rc = rc ? rc : wn_buf_addc(out, '"');
	if (!rc && d->related) {
		rc = wn_buf_adds(out, ",\"related\":");
		rc = rc ? rc : add_u64(out, d->related);
	}
	rc = rc ? rc : wn_buf_adds(out, ",\"outlet\":");
	rc = rc ? rc : wn_json_add_string(out, gen_outlet_name(d->outlet),
					  strlen(gen_outlet_name(d->outlet)));
	rc = rc ? rc : wn_buf_adds(out, ",\"topic\":\"");
	rc = rc ? rc : wn_buf_adds(out, gen_topic_name(d->topic));
	rc = rc ? rc : wn_buf_adds(out, "\",\"entities\":[");
	for (size_t i = 0; i < d->nents && !rc; i++) {
		const struct gen_entity *e = &d->ents[i];
		rc = wn_buf_adds(out, i ? ",{\"type\":\"" : "{\"type\":\"");
		rc = rc ? rc : wn_buf_adds(out, gen_entity_type_name(e->type));
		rc = rc ? rc : wn_buf_adds(out, "\",\"start\":");
		rc = rc ? rc : add_u64(out, e->start);
		rc = rc ? rc : wn_buf_adds(out, ",\"end\":");
		rc = rc ? rc : add_u64(out, e->end);
		rc = rc ? rc : wn_buf_adds(out, ",\"text\":");
		rc = rc ? rc : wn_json_add_string(out, d->text + e->start, e->end - e->start);
		rc = rc ? rc : wn_buf_addc(out, '}');
	}
	rc = rc ? rc : wn_buf_adds(out, "]}\n");
	return rc;
}
