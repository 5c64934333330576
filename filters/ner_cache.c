/*
 * ner's fast path: emission scores through a per-tagger cache of word types.
 *
 * Most features of a token depend on one word only: the word itself (its
 * hashes, shapes, affixes) or one neighbour at a fixed offset. For each word
 * type the cache keeps the analysis (struct ner_tinfo), whether the model
 * can only tag it O, the length of the longest gazetteer phrase starting
 * with it, the first hashing step of its context template, and, computed
 * on first need, the summed weight rows of its one-word features in each
 * role: itself (two variants, see below), left neighbour at -1 and -2,
 * right neighbour at +1 and +2. Per token only the features combining it
 * with the next word, the sentence, the document and the gazetteer are
 * hashed and looked up. The sums are the same integers as summing every feature's row
 * (ner_features, the reference kept for training and tests), in another
 * order, so the tags are the same.
 *
 * The cache is exact (entries are checked against the word's bytes) and
 * only the speed depends on its state, so output is the same whatever the
 * order of documents or the number of threads. It holds NER_CACHE_WORDS
 * types and is emptied when a document would not fit.
 */
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "filters/ner.h"
#include "filters/ner_feat.h"

#define NER_CACHE_WORDS 32768
#define NER_CACHE_SLOTS (2 * NER_CACHE_WORDS)
/* Longer words are analysed for the document but not kept. */
#define NER_CACHE_WORD_MAX 40
#define KEY_SEED 0x6e65726361636865ull

/* The partial score rows of an entry. */
enum { V_SELF, V_SELF0, V_P1, V_N1, V_P2, V_N2, NER_WVECS };

/* The first hashing step of the sentence's values, per tagger:
 * ner_f1(27, first), ner_f1(28, cs), ner_f1(29, cs), ner_f1(30, cs),
 * ner_f1(31, cs | first << 1); those of a word's own are kept per entry. */
enum { C_27 = 0, C_28 = 2, C_29 = 4, C_30 = 6, C_31 = 8 };

struct went {
	/* What a lookup and each token read: first, in one or two cache lines. */
	uint32_t off, n;  /* bytes at wbytes + off; n == UINT32_MAX: not in the table */
	uint8_t forced;   /* the model can only tag it O */
	uint8_t gstart;   /* its gaz_start_len in the model's gazetteer, or GAZ_START_UNKNOWN */
	uint8_t have;     /* bit per computed row of V_* */
	uint8_t nfix;     /* its own features besides context: 5 + prefixes + suffixes */
	uint64_t f1_26;   /* ner_f1(26, sshape): template 26's first step */
	struct ner_tinfo ti;
};

struct wslot {
	uint32_t h, e; /* e: entry + 1, 0 empty */
};

/* Per-token arrays of the document, in t->info. */
struct fast_doc {
	uint32_t *e;
	uint64_t *ds;
	uint32_t *gz;
	uint8_t *caps;
};

int ner_cache_size(void)
{
	return NER_CACHE_WORDS;
}

/* v[0..T) = sum of the rows of features f[0..n). */
static void sum_features(const struct ner_model *m, const uint64_t *f, int n, int32_t *v)
{
	int T = m->ntags;

	memset(v, 0, (size_t)T * sizeof(*v));
	for (int k = 0; k < n; k++) {
		const int16_t *r = ner_row(m, f[k]);
		if (r)
			for (int j = 0; j < T; j++)
				v[j] += r[j];
	}
}

/* The row of a word in one role (ner_features' templates). */
static void role_row(const struct ner_model *m, const struct ner_tinfo *c, int role, int32_t *v)
{
	uint64_t f[16];
	int k = 0;

	switch (role) {
	case V_SELF:
	case V_SELF0:
		k = ner_word_feats(c, f, k);
		if (role == V_SELF0) {
			/* Not first in its sentence, sentence not all capitals. */
			f[k++] = ner_f2(27, 0, c->sshape);
			f[k++] = ner_f2(28, 0, c->lw);
			f[k++] = ner_f2(29, 0, c->sshape);
		}
		break;
	case V_P1:
		f[k++] = ner_f1(14, c->lw);
		f[k++] = ner_f1(18, c->sshape);
		f[k++] = ner_f1(33, c->suf[2]);
		break;
	case V_N1:
		f[k++] = ner_f1(15, c->lw);
		f[k++] = ner_f1(19, c->sshape);
		f[k++] = ner_f1(34, c->suf[2]);
		break;
	case V_P2:
		f[k++] = ner_f1(16, c->lw);
		f[k++] = ner_f1(20, c->sshape);
		break;
	default:
		f[k++] = ner_f1(17, c->lw);
		f[k++] = ner_f1(21, c->sshape);
		break;
	}
	sum_features(m, f, k, v);
}

static void cache_clear(struct ner_tagger *t)
{
	memset(t->wslots.data, 0, NER_CACHE_SLOTS * sizeof(struct wslot));
	t->wused = 0;
	wn_buf_reset(&t->wents);
	wn_buf_reset(&t->wbytes);
}

static inline int same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* The entry of word s[0..n) (h64: its wn_hash_word with KEY_SEED): found,
 * or analysed and added. */
static int lookup(struct ner_tagger *t, const struct gaz *g, const char *s, uint32_t n,
		  uint64_t h64, uint32_t *out)
{
	struct wslot *sl = (struct wslot *)(void *)t->wslots.data;
	struct went *E = (struct went *)(void *)t->wents.data;
	uint32_t h = (uint32_t)(h64 >> 32), j = (uint32_t)h64 & (NER_CACHE_SLOTS - 1);
	int keep = n <= NER_CACHE_WORD_MAX;
	int rc;

	if (keep) {
		for (;; j = (j + 1) & (NER_CACHE_SLOTS - 1)) {
			if (!sl[j].e)
				break;
			const struct went *x = &E[sl[j].e - 1];
			if (sl[j].h == h && x->n == n && same_bytes(t->wbytes.data + x->off, s, n)) {
				*out = sl[j].e - 1;
				return WN_OK;
			}
		}
	}
	/* Room was made for every token of the document (ner_cache_prepare). */
	uint32_t id = t->wused++;
	struct went *x = &E[id];
	memset(x, 0, sizeof(*x));
	if ((rc = ner_analyse(&x->ti, s, n, &t->fold)))
		return rc;
	x->forced = (uint8_t)ner_forced_o(t->m, ner_lowkey(&x->ti));
	x->gstart = (uint8_t)(g && g->fold ? gaz_start_len(g, x->ti.gazh) : GAZ_START_UNKNOWN);
	x->f1_26 = ner_f1(26, x->ti.sshape);
	x->nfix = (uint8_t)(5 + x->ti.npre);
	for (int k = 0; k < 4 && x->ti.suf[k]; k++)
		x->nfix++;
	x->n = UINT32_MAX;
	if (keep) {
		x->off = (uint32_t)t->wbytes.len;
		x->n = n;
		memcpy(t->wbytes.data + t->wbytes.len, s, n);
		t->wbytes.len += n;
		sl[j].h = h;
		sl[j].e = id + 1;
	}
	*out = id;
	return WN_OK;
}

/* Tokens looked up together: the cache misses of a block (slots, then
 * entries, then the words' bytes) are asked for at once, so that they
 * overlap instead of queueing. */
#define LOOKUP_BLOCK 16

static int lookup_all(struct ner_tagger *t, const struct gaz *g, const struct gaz_word *w,
		      size_t n, uint32_t *e)
{
	const struct wslot *sl = (const struct wslot *)(const void *)t->wslots.data;
	int rc;

	for (size_t i0 = 0; i0 < n; i0 += LOOKUP_BLOCK) {
		size_t i1 = i0 + LOOKUP_BLOCK < n ? i0 + LOOKUP_BLOCK : n;
		const struct went *E = (const struct went *)(const void *)t->wents.data;
		uint64_t h[LOOKUP_BLOCK];
		uint32_t cand[LOOKUP_BLOCK];
		for (size_t i = i0; i < i1; i++) {
			h[i - i0] = wn_hash_word(w[i].s, w[i].n, KEY_SEED);
			__builtin_prefetch(&sl[(uint32_t)h[i - i0] & (NER_CACHE_SLOTS - 1)]);
		}
		for (size_t i = i0; i < i1; i++) {
			uint32_t hh = (uint32_t)(h[i - i0] >> 32);
			uint32_t j = (uint32_t)h[i - i0] & (NER_CACHE_SLOTS - 1);
			cand[i - i0] = 0;
			for (; sl[j].e; j = (j + 1) & (NER_CACHE_SLOTS - 1))
				if (sl[j].h == hh) {
					cand[i - i0] = sl[j].e;
					__builtin_prefetch(&E[sl[j].e - 1]);
					break;
				}
		}
		for (size_t i = i0; i < i1; i++)
			if (cand[i - i0] && E[cand[i - i0] - 1].n != UINT32_MAX)
				__builtin_prefetch(t->wbytes.data + E[cand[i - i0] - 1].off);
		for (size_t i = i0; i < i1; i++)
			if ((rc = lookup(t, g, w[i].s, (uint32_t)w[i].n, h[i - i0], &e[i])))
				return rc;
	}
	return WN_OK;
}

int ner_cache_prepare(struct ner_tagger *t, const struct ner_doc *d)
{
	const struct ner_model *m = t->m;
	const struct gaz *g = m->gaz;
	size_t n = d->n, need;
	int rc;

	if (n > NER_CACHE_WORDS)
		return WN_ELIMIT;
	if (!t->wslots.data) {
		if ((rc = wn_buf_grow(&t->wslots, NER_CACHE_SLOTS * sizeof(struct wslot))) ||
		    (rc = wn_buf_grow(&t->wents, NER_CACHE_WORDS * sizeof(struct went))) ||
		    (rc = wn_buf_grow(&t->wbytes, (size_t)NER_CACHE_WORDS * NER_CACHE_WORD_MAX)))
			return rc;
		cache_clear(t);
		for (int r = 0; r < 4; r++)
			role_row(m, &ner_pad_info, V_P1 + r, t->pad[r]);
		for (uint64_t v = 0; v < 2; v++) {
			t->ctxf1[C_27 + v] = ner_f1(27, v);
			t->ctxf1[C_28 + v] = ner_f1(28, v);
			t->ctxf1[C_29 + v] = ner_f1(29, v);
			t->ctxf1[C_30 + v] = ner_f1(30, v);
		}
		for (uint64_t v = 0; v < 4; v++)
			t->ctxf1[C_31 + v] = ner_f1(31, v);
		for (uint64_t ty = 0; g && ty < (uint64_t)g->ntypes; ty++)
			for (uint64_t mm = 0; mm < 4; mm++)
				t->gazf[ty][mm] = ner_f2(40, ty, mm);
	}
	if (t->wused + n > NER_CACHE_WORDS)
		cache_clear(t);

	/* e, ds, hs per token; gz, tp (pointers) per token; starts, caps. */
	if (wn_size_mul(n + 1, 4 + 8 + 8 + 4 + sizeof(void *) + 1, &need) ||
	    wn_size_add(need, d->nsent + 64, &need))
		return WN_ERECBIG;
	wn_buf_reset(&t->info);
	wn_buf_reset(&t->forced);
	if ((rc = wn_buf_grow(&t->info, need)) || (rc = wn_buf_grow(&t->forced, n + 1)))
		return rc;
	uint64_t *ds = (uint64_t *)(void *)t->info.data;
	uint64_t *hs = ds + n + 1;
	const struct ner_tinfo **tp = (const struct ner_tinfo **)(void *)(hs + n + 1);
	uint32_t *e = (uint32_t *)(void *)(tp + n + 1);
	uint32_t *gz = e + n + 1;
	uint8_t *starts = (uint8_t *)(gz + n + 1);
	uint8_t *caps = starts + n + 1;
	uint8_t *forced = (uint8_t *)t->forced.data;

	if ((rc = lookup_all(t, g, d->w, n, e)))
		return rc;
	const struct went *E = (const struct went *)(const void *)t->wents.data;
	for (size_t i = 0; i < n; i++) {
		const struct went *x = &E[e[i]];
		tp[i] = &x->ti;
		forced[i] = x->forced;
		starts[i] = x->gstart;
		hs[i] = x->ti.gazh;
	}
	/* Partial rows for the entries added. */
	if (wn_size_mul(t->wused, (size_t)NER_WVECS * (size_t)m->ntags * 4, &need))
		return WN_ERECBIG;
	if (need > t->wvecs.len) {
		if ((rc = wn_buf_grow(&t->wvecs, need - t->wvecs.len)))
			return rc;
		t->wvecs.len = need;
	}
	if ((rc = ner_doc_casing(t, d, tp, caps, ds)))
		return rc;
	memset(gz, 0, n * sizeof(*gz));
	if (g) {
		if (!g->fold)
			gaz_hash_words(g, d->w, n, hs, &t->fold);
		gaz_mark_starts(g, hs, n, starts, forced, gz);
	}
	return WN_OK;
}

static void doc_arrays(struct ner_tagger *t, size_t n, struct fast_doc *fd)
{
	uint64_t *ds = (uint64_t *)(void *)t->info.data;
	uint64_t *hs = ds + n + 1;
	const struct ner_tinfo **tp = (const struct ner_tinfo **)(void *)(hs + n + 1);

	fd->ds = ds;
	fd->e = (uint32_t *)(void *)(tp + n + 1);
	fd->gz = fd->e + n + 1;
	fd->caps = (uint8_t *)(fd->gz + n + 1) + n + 1;
}

/* The partial row `role` of entry id, computed on first need. */
static const int32_t *vec(struct ner_tagger *t, uint32_t id, int role)
{
	struct went *x = (struct went *)(void *)t->wents.data + id;
	int T = t->m->ntags;
	int32_t *v = (int32_t *)(void *)t->wvecs.data + ((size_t)id * NER_WVECS + (size_t)role) * (size_t)T;

	if (!(x->have & (1u << role))) {
		role_row(t->m, &x->ti, role, v);
		x->have |= (uint8_t)(1u << role);
	}
	return v;
}

#define NER_BLOCK 8
#define CTX_FEATS (NER_MAX_FEATS)

static inline __attribute__((always_inline)) void
add_up(int T, const int32_t *const *v, const int16_t *const *r, int nr, int64_t *e)
{
	int32_t acc[NER_MAX_TAGS];

	for (int j = 0; j < T; j++)
		acc[j] = v[0][j] + v[1][j] + v[2][j] + v[3][j] + v[4][j];
	for (int k = 0; k < nr; k++)
		for (int j = 0; j < T; j++)
			acc[j] += r[k][j];
	for (int j = 0; j < T; j++)
		e[j] = acc[j];
}

void ner_cache_emit(struct ner_tagger *t, const struct ner_doc *d, size_t s, int64_t *em)
{
	const struct ner_model *m = t->m;
	const struct gaz *g = m->gaz;
	const struct went *E = (const struct went *)(const void *)t->wents.data;
	const uint8_t *forced = (const uint8_t *)t->forced.data;
	size_t a = d->sents[s], b = d->sents[s + 1];
	int T = m->ntags;
	uint32_t mask = m->cap - 1;
	struct fast_doc fd;

	doc_arrays(t, d->n, &fd);
	uint64_t cs = fd.caps[s];
	for (size_t i0 = a; i0 < b; i0 += NER_BLOCK) {
		size_t i1 = i0 + NER_BLOCK < b ? i0 + NER_BLOCK : b;
		uint64_t f[NER_BLOCK][CTX_FEATS];
		int nf[NER_BLOCK];
		const int32_t *v[NER_BLOCK][5];
		const int16_t *rows[NER_BLOCK][CTX_FEATS];
		int nr[NER_BLOCK];

		/* The context features, hashed; their slots fetched. */
		for (size_t i = i0; i < i1; i++) {
			int q = (int)(i - i0), k = 0;
			nf[q] = 0;
			if (forced[i])
				continue;
			const struct went *xc = &E[fd.e[i]];
			const struct ner_tinfo *c = &xc->ti, *pad = &ner_pad_info;
			const struct ner_tinfo *n1 = i + 1 < b ? &E[fd.e[i + 1]].ti : pad;
			uint64_t cds = fd.ds[i];
			uint32_t cg = fd.gz[i];
			uint64_t first = i == a;
			uint64_t *fq = f[q];

			/* ner_features' templates 26 to 31, from the kept first steps. */
			fq[k++] = ner_f2_from(xc->f1_26, n1->lw);
			if (first || cs) {
				fq[k++] = ner_f2_from(t->ctxf1[C_27 + first], c->sshape);
				fq[k++] = ner_f2_from(t->ctxf1[C_28 + cs], c->lw);
				fq[k++] = ner_f2_from(t->ctxf1[C_29 + cs], c->sshape);
			}
			fq[k++] = ner_f2_from(t->ctxf1[C_30 + cs], cds);
			fq[k++] = ner_f3_from(t->ctxf1[C_31 + (cs | first << 1)], cds, c->sshape);
			if (g) {
				/* As ner_features: its count of features so far decides
				 * where the gazetteer features stop. */
				int kk = xc->nfix + 16;
				for (int ty = 0; ty < g->ntypes; ty++) {
					uint32_t mm = cg >> (2 * ty) & 3;
					if (mm)
						fq[k++] = t->gazf[ty][mm], kk++;
					if (kk >= NER_MAX_FEATS)
						break;
				}
			}
			nf[q] = k;
			for (int j = 0; j < k; j++)
				__builtin_prefetch(m->slots + 2 * ((uint32_t)fq[j] & mask));
		}
		/* The word rows (cached), then the context rows. */
		for (size_t i = i0; i < i1; i++) {
			int q = (int)(i - i0);
			if (forced[i])
				continue;
			uint64_t first = i == a;
			v[q][0] = vec(t, fd.e[i], first || cs ? V_SELF : V_SELF0);
			v[q][1] = i > a ? vec(t, fd.e[i - 1], V_P1) : t->pad[0];
			v[q][2] = i + 1 < b ? vec(t, fd.e[i + 1], V_N1) : t->pad[1];
			v[q][3] = i > a + 1 ? vec(t, fd.e[i - 2], V_P2) : t->pad[2];
			v[q][4] = i + 2 < b ? vec(t, fd.e[i + 2], V_N2) : t->pad[3];
		}
		for (size_t i = i0; i < i1; i++) {
			int q = (int)(i - i0), n = 0;
			for (int k = 0; k < nf[q]; k++) {
				const int16_t *r = ner_row(m, f[q][k]);
				if (r) {
					__builtin_prefetch(r);
					__builtin_prefetch(r + T - 1);
					rows[q][n++] = r;
				}
			}
			nr[q] = n;
		}
		for (size_t i = i0; i < i1; i++) {
			int q = (int)(i - i0);
			int64_t *e = em + (i - a) * (size_t)T;
			if (forced[i]) {
				e[0] = 0; /* only O: the other scores are not read */
				continue;
			}
			if (T == 17)
				ner_sum17(v[q], 5, rows[q], nr[q], e);
			else if (T == 9)
				add_up(9, v[q], rows[q], nr[q], e);
			else
				add_up(T, v[q], rows[q], nr[q], e);
		}
	}
}
