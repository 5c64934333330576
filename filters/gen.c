/*
 * gen: the generator's lifecycle and word tables, the schedule of
 * publications (which story comes next, which copies are due) and the JSON
 * of documents and ground truth. Rendering is in gen_render.c.
 *
 * Everything random is drawn from splitmix64 streams seeded by integers
 * (seed, story number, document number), never from rand() or floating
 * point, so a document is a pure function of those integers: a copy
 * re-renders its story instead of keeping it, and two machines agree.
 * Separate streams keep variants aligned: the body stream is consumed the
 * same way by the original and every copy, while edits, inserted
 * paragraphs and page furniture draw from the document's own stream.
 */
#include "filters/gen_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"

/* Copy variants, their operations and default weights. */
static const struct {
	uint8_t variant, ops, weight;
} copy_mix[GEN_NCOPY] = {
	{GEN_V_EXACT, 0, 8},
	{GEN_V_SYNDICATED, 0, 22},
	{GEN_V_TRIMMED, GEN_OP_TRIM, 20},
	{GEN_V_EDITED, GEN_OP_EDIT, 15},
	{GEN_V_HEADLINE, GEN_OP_HEADLINE, 12},
	{GEN_V_INSERTED, GEN_OP_INSERT, 10},
	{GEN_V_REFLOWED, GEN_OP_REFLOW, 13},
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
	if (t->n == 0 || t->n > 256)
		return WN_EINVAL; /* pick tables hold 8-bit ranks */
	t->len = malloc(t->n ? t->n : 1);
	t->slot = calloc(t->n ? t->n : 1, GEN_SLOT);
	if (!t->len || !t->slot)
		return WN_ENOMEM;
	for (uint32_t i = 0; i < t->n; i++) {
		size_t l = strlen(w[i]);
		if (l == 0 || l > GEN_WORD_MAX)
			return WN_EINVAL;
		memcpy(t->slot[i], w[i], l);
		t->slot[i][GEN_SLOT - 1] = (char)l;
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
		t->pick[k] = (uint8_t)r;
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
	if (!(h >= 0 && h <= 0.3) || d + h > 0.85 + 1e-9) {
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
	/* Copy mix: weights by variant, all zero for the defaults. */
	for (unsigned i = 0; i < GEN_NCOPY; i++) {
		unsigned w = opts->mix[copy_mix[i].variant];
		if (w > 1000000) {
			set_err(g, "a mix weight is larger than 1000000");
			return WN_EINVAL;
		}
		g->mix[i] = w;
		g->mix_total += w;
	}
	for (unsigned v = 0; v < GEN_NVARIANTS; v++) {
		int is_copy = 0;
		for (unsigned i = 0; i < GEN_NCOPY; i++)
			is_copy |= copy_mix[i].variant == v;
		if (opts->mix[v] && !is_copy) {
			set_err(g, "only copy variants (exact, syndicated, trimmed, edited, headline, inserted, reflowed) have a mix weight");
			return WN_EINVAL;
		}
	}
	if (!g->mix_total)
		for (unsigned i = 0; i < GEN_NCOPY; i++)
			g->mix_total += g->mix[i] = copy_mix[i].weight;
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
		ot->title_twice = below(&r, 5) == 0;
		ot->straight_quotes = below(&r, 3) == 0;
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

int gen_variant_parse(const char *s, size_t n)
{
	for (int v = 0; v < GEN_NVARIANTS; v++)
		if (strlen(variant_names[v]) == n && !memcmp(variant_names[v], s, n))
			return v;
	return -1;
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

void gen_opts_default(struct gen_opts *o, uint64_t seed)
{
	memset(o, 0, sizeof(*o));
	o->seed = seed;
	o->dup_rate = GEN_DUP_RATE_DEFAULT;
	o->hardneg_rate = GEN_HARDNEG_RATE_DEFAULT;
	o->window = GEN_WINDOW_DEFAULT;
}

void gen_mix_default(unsigned mix[GEN_NVARIANTS])
{
	memset(mix, 0, GEN_NVARIANTS * sizeof(*mix));
	for (unsigned i = 0; i < GEN_NCOPY; i++)
		mix[copy_mix[i].variant] = copy_mix[i].weight;
}

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
			unsigned x = below(&g->sched, g->mix_total), v = 0;
			while (x >= g->mix[v]) {
				x -= g->mix[v];
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
	struct gen_spec sp = {0};
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
	rc = gen_render(g, &sp);
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
	return wn_buf_add(b, tmp, gen_utoa(tmp, v));
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

