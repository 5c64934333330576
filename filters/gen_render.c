/*
 * gen_render: a story's cast and the rendering of one document (page
 * furniture, headline, paragraphs, quotes) from the integers in a gen_spec.
 * Writes go straight into the text buffer: each sentence first makes sure of
 * GEN_SENTENCE_ROOM spare bytes, then words are copied without checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "filters/gen_impl.h"

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
	int last_per;           /* cast index of the last person in the sentence */
	int straight;           /* straight quotes '"' instead of curly ones */
	struct wn_buf *b;
	const struct cast *c;
	struct gen_rng var;     /* the document's own stream */
	uint32_t edit_thresh;   /* chance out of 2^32 to edit a generic word */
	unsigned edits_left;    /* edits still allowed in this document */
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
	unsigned i = below(rng, c->cnt[type]);
	/* Two mentions in one sentence name two people ("Lopez met Kim"). */
	if (type == GEN_PER && c->cnt[GEN_PER] > 1 && c->idx[GEN_PER][i] == r->last_per)
		i = (i + 1) % c->cnt[GEN_PER];
	unsigned k = c->idx[type][i];
	if (type == GEN_PER)
		r->last_per = (int)k;
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
		if (--r->edits_left == 0)
			r->edit_thresh = 0;
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
	put_slot(r, t->slot[w], (unsigned char)t->slot[w][GEN_SLOT - 1]);
}

size_t gen_utoa(char *out, uint64_t v)
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
		n = gen_utoa(buf, 1 + below(rng, 60));
		if (mode < 4) {
			buf[n++] = '.';
			buf[n++] = (char)('0' + below(rng, 10));
		}
		memcpy(buf + n, " percent", 8);
		n += 8;
	} else if (mode < 3) {
		n = gen_utoa(buf, 2 + below(rng, 98));
	} else if (mode < 5) {
		n = gen_utoa(buf, 100 + below(rng, 900));
	} else if (mode < 7) {
		n = gen_utoa(buf, 1 + below(rng, 99));
		buf[n++] = ',';
		n += gen_utoa(buf + n, 100 + below(rng, 9) * 100);
	} else {
		n = gen_utoa(buf, 1 + below(rng, 40));
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
	r->last_per = -1;
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
	if (r->straight)
		put_raw(r, "\"", 1);
	else
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
		if (r->straight)
			put_punct(r, ".\"", 2);
		else
			put_punct(r, "." CLOSE_Q, 4);
		return WN_OK;
	}
	if (r->straight)
		put_punct(r, ",\"", 2);
	else
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


int gen_render(struct gen *g, const struct gen_spec *sp)
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
	r.straight = (int)ot->straight_quotes;
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
	if (ot->title_twice && !rc) {
		/* Scraped pages often carry the headline twice (the page title
		 * and the article's h1): the copy has its own entity spans. */
		size_t n = title_end - title_start, delta = r.b->len - title_start, ne = g->nents;
		rc |= wn_buf_grow(r.b, n);
		if (!rc) {
			put_raw(&r, r.b->data + title_start, n);
			for (size_t i = 0; i < ne; i++)
				if (g->ents[i].start >= title_start)
					add_ent(&r, g->ents[i].start + delta, g->ents[i].end + delta,
						g->ents[i].type);
			rc |= nl(&r, "\n\n");
		}
	}
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
	if (sp->ops & GEN_OP_EDIT) {
		/* A few edits per copy (2 to 4), whatever its length, spread over
		 * the ~30 generic words of each of npar paragraphs. */
		r.edit_thresh = (uint32_t)(((uint64_t)4 << 32) / (npar * 30u));
		r.edits_left = 2 + below(&r.var, 3);
	}
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
		/* A hard negative quotes the event's first two quotes for sure. */
		if (sp->variant == GEN_V_HARDNEG && (p == 1 || p == 3))
			kind = 0;
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

