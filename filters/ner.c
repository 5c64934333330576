#include "filters/ner.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "filters/ner_feat.h"
#include "filters/ner_model.h"

#define NEG_INF (INT64_MIN / 4)
/* Tokens whose model rows are fetched together. */
#define NER_BLOCK 8

int ner_scheme_ntags(int scheme, int ntypes)
{
	return 1 + (scheme == NER_BILOU ? 4 : 2) * ntypes;
}

/* Tag layout: 0 is O; type t has B, I (and L, U under BILOU) from 1 + t*k. */
int ner_tag_index(int scheme, int type, char pos)
{
	int k = scheme == NER_BILOU ? 4 : 2, base = 1 + type * k;

	if (type < 0 || pos == 'O')
		return 0;
	switch (pos) {
	case 'B': return base;
	case 'I': return base + 1;
	case 'E': return scheme == NER_BILOU ? base + 2 : base + 1;
	case 'S': return scheme == NER_BILOU ? base + 3 : base;
	default: return 0;
	}
}

struct conll_tag ner_tag_to_conll(int scheme, int tag)
{
	static const char bio[] = "BI", bilou[] = "BIES";
	struct conll_tag c = {-1, 'O'};
	int k = scheme == NER_BILOU ? 4 : 2;

	if (tag <= 0)
		return c;
	c.type = (int8_t)((tag - 1) / k);
	c.pos = (scheme == NER_BILOU ? bilou : bio)[(tag - 1) % k];
	return c;
}

int ner_allowed(int scheme, int ntags, int a, int b)
{
	struct conll_tag pa = a >= ntags ? (struct conll_tag){-1, 'O'} : ner_tag_to_conll(scheme, a);
	struct conll_tag pb = ner_tag_to_conll(scheme, b);
	int open = pa.pos == 'B' || (pa.pos == 'I' && scheme == NER_BILOU);

	if (scheme == NER_BILOU) {
		/* Inside an entity only I or E of its type may follow. */
		if (open)
			return (pb.pos == 'I' || pb.pos == 'E') && pb.type == pa.type;
		return pb.pos == 'O' || pb.pos == 'B' || pb.pos == 'S';
	}
	if (pb.pos == 'I')
		return (pa.pos == 'B' || pa.pos == 'I') && pa.type == pb.type;
	return 1;
}

int ner_allowed_end(int scheme, int a)
{
	struct conll_tag p = ner_tag_to_conll(scheme, a);

	return scheme != NER_BILOU || p.pos == 'O' || p.pos == 'E' || p.pos == 'S';
}

void ner_allowed_table(int scheme, int ntags, uint8_t *ok)
{
	for (int a = 0; a <= ntags; a++)
		for (int b = 0; b < ntags; b++)
			ok[a * ntags + b] = (uint8_t)ner_allowed(scheme, ntags, a, b);
	for (int b = 0; b < ntags; b++)
		ok[(ntags + 1) * ntags + b] = (uint8_t)ner_allowed_end(scheme, b);
}

void ner_vit_init(struct ner_vit *v, int ntags, const uint8_t *ok, const int64_t *trans)
{
	int T = ntags;

	v->ntags = T;
	for (int b = 0; b < T; b++) {
		int k = 0;
		for (int a = 0; a < T; a++)
			if (ok[a * T + b]) {
				v->pred[b][k] = (uint8_t)a;
				v->ptrans[b][k++] = trans[a * T + b];
			}
		v->npred[b] = (uint8_t)k;
		v->start[b] = ok[T * T + b] ? trans[T * T + b] : NEG_INF;
		v->from_o[b] = ok[b] ? trans[b] : NEG_INF;
		v->endok[b] = ok[(T + 1) * T + b];
	}
}

/* The best score reaching tag b from its allowed predecessors at scores
 * cur (NEG_INF or near it when none is reachable). */
static inline int64_t pred_max(const struct ner_vit *v, const int64_t *cur, int b)
{
	const uint8_t *pr = v->pred[b];
	const int64_t *pt = v->ptrans[b];
	int64_t best = NEG_INF;

	for (int q = 0; q < v->npred[b]; q++) {
		int64_t x = cur[pr[q]] + pt[q];
		best = x > best ? x : best;
	}
	return best;
}

/* The best of b's allowed predecessors at scores cur: its score, and in
 * *arg the first tag reaching it (the lowest). */
static inline int64_t best_pred(const struct ner_vit *v, const int64_t *cur, int b, int *arg)
{
	int64_t best = NEG_INF;

	*arg = 0;
	for (int q = 0; q < v->npred[b]; q++) {
		int64_t x = cur[v->pred[b][q]] + v->ptrans[b][q];
		if (x > best) {
			best = x;
			*arg = v->pred[b][q];
		}
	}
	return best;
}

void ner_viterbi(const struct ner_vit *v, const int64_t *em, const uint8_t *forced, size_t n,
		 int64_t *sc, uint8_t *out)
{
	int T = v->ntags;

	if (n == 0)
		return;
	for (int b = 0; b < T; b++)
		sc[b] = v->start[b] != NEG_INF && (!forced || !forced[0] || b == 0)
				? v->start[b] + em[b]
				: NEG_INF;
	/* Forward: the best score of each tag at each token (a predecessor
	 * that cannot be reached is NEG_INF, so it can only win where no
	 * reachable one exists, and such a tag is clamped back to NEG_INF). */
	for (size_t i = 1; i < n; i++) {
		const int64_t *e = em + i * (size_t)T, *cur = sc + (i - 1) * (size_t)T;
		int64_t *nxt = sc + i * (size_t)T;
		if (forced && forced[i]) {
			/* Only O; after another such token only O was reachable. */
			int64_t best = forced[i - 1] ? cur[0] + v->from_o[0] : pred_max(v, cur, 0);
			/* The other tags are unreachable: never read (below, and
			 * the way back takes O before a forced token). */
			nxt[0] = best < NEG_INF / 2 ? NEG_INF : best + e[0];
		} else if (forced && forced[i - 1]) {
			for (int b = 0; b < T; b++)
				nxt[b] = v->from_o[b] == NEG_INF ? NEG_INF : cur[0] + v->from_o[b] + e[b];
		} else {
			for (int b = 0; b < T; b++) {
				int64_t best = pred_max(v, cur, b);
				nxt[b] = best < NEG_INF / 2 ? NEG_INF : best + e[b];
			}
		}
	}
	/* Back: the best allowed last tag, then each tag's best predecessor
	 * (recomputed for the one tag on the path, the lowest on ties). */
	const int64_t *last = sc + (n - 1) * (size_t)T;
	int64_t best = NEG_INF;
	int arg = 0;
	if (!forced || !forced[n - 1])
		for (int b = 0; b < T; b++)
			if (last[b] > best && v->endok[b]) {
				best = last[b];
				arg = b;
			}
	for (size_t i = n; i-- > 0;) {
		out[i] = (uint8_t)arg;
		if (i > 0 && forced && forced[i - 1])
			arg = 0;
		else if (i > 0)
			best_pred(v, sc + (i - 1) * (size_t)T, arg, &arg);
	}
}

void ner_tagger_init(struct ner_tagger *t, const struct ner_model *m)
{
	/* Scratch grows with the document: bounded by the record cap times a
	 * constant (features are the largest: 512 bytes a token). */
	const size_t max = (size_t)1 << 40;

	memset(t, 0, sizeof(*t));
	t->m = m;
	wn_buf_init(&t->feats, max);
	wn_buf_init(&t->nfeat, max);
	wn_buf_init(&t->info, max);
	wn_buf_init(&t->score, max);
	wn_buf_init(&t->docmap, max);
	wn_buf_init(&t->gazm, max);
	wn_buf_init(&t->fold, max);
	wn_buf_init(&t->lowkey, max);
	wn_buf_init(&t->forced, max);
	if (m) {
		uint8_t ok[(NER_MAX_TAGS + 2) * NER_MAX_TAGS];
		int64_t tr[(NER_MAX_TAGS + 1) * NER_MAX_TAGS];
		ner_allowed_table(m->scheme, m->ntags, ok);
		for (int i = 0; i < (m->ntags + 1) * m->ntags; i++)
			tr[i] = m->trans[i];
		ner_vit_init(&t->vit, m->ntags, ok, tr);
	}
	wn_buf_init(&t->words, max);
	wn_buf_init(&t->offs, max);
	wn_buf_init(&t->sentb, max);
	wn_buf_init(&t->tagb, max);
	wn_buf_init(&t->hashb, max);
	wn_buf_init(&t->ents, max);
	wn_buf_init(&t->wslots, max);
	wn_buf_init(&t->wents, max);
	wn_buf_init(&t->wvecs, max);
	wn_buf_init(&t->wbytes, max);
}

void ner_tagger_release(struct ner_tagger *t)
{
	if (!t)
		return;
	wn_buf_release(&t->feats);
	wn_buf_release(&t->nfeat);
	wn_buf_release(&t->info);
	wn_buf_release(&t->score);
	wn_buf_release(&t->docmap);
	wn_buf_release(&t->gazm);
	wn_buf_release(&t->fold);
	wn_buf_release(&t->lowkey);
	wn_buf_release(&t->forced);
	wn_buf_release(&t->words);
	wn_buf_release(&t->offs);
	wn_buf_release(&t->sentb);
	wn_buf_release(&t->tagb);
	wn_buf_release(&t->hashb);
	wn_buf_release(&t->ents);
	wn_buf_release(&t->wslots);
	wn_buf_release(&t->wents);
	wn_buf_release(&t->wvecs);
	wn_buf_release(&t->wbytes);
}

/* Sums weight rows into emission scores; the fixed widths of the usual
 * models (4 types: BILOU 17, BIO 9) let the compiler keep the sums in
 * vector registers. */
static inline void sum_rows(const int16_t *const *rows, int n, int T, int64_t *e)
{
	int32_t acc[NER_MAX_TAGS] = {0};

	for (int k = 0; k < n; k++)
		for (int j = 0; j < T; j++)
			acc[j] += rows[k][j];
	for (int j = 0; j < T; j++)
		e[j] = acc[j];
}

typedef int16_t v8hi __attribute__((vector_size(16)));
typedef int32_t v8si __attribute__((vector_size(32)));

#define LD8(p) ({ v8si x_; memcpy(&x_, (p), sizeof(x_)); x_; })

void ner_sum17(const int32_t *const *init, int ninit, const int16_t *const *rows, int n,
	       int64_t *e)
{
	v8si a0 = {0}, a1 = {0};
	int32_t a16 = 0, out[16];

	for (int k = 0; k < ninit; k++) {
		a0 += LD8(init[k]);
		a1 += LD8(init[k] + 8);
		a16 += init[k][16];
	}
	for (int k = 0; k < n; k++) {
		v8hi x0, x1;
		memcpy(&x0, rows[k], 16);
		memcpy(&x1, rows[k] + 8, 16);
		a0 += __builtin_convertvector(x0, v8si);
		a1 += __builtin_convertvector(x1, v8si);
		a16 += rows[k][16];
	}
	memcpy(out, &a0, 32);
	memcpy(out + 8, &a1, 32);
	for (int j = 0; j < 16; j++)
		e[j] = out[j];
	e[16] = a16;
}

static void sum_rows9(const int16_t *const *rows, int n, int64_t *e)
{
	v8si a0 = {0};
	int32_t a8 = 0, out[8];

	for (int k = 0; k < n; k++) {
		v8hi x0;
		memcpy(&x0, rows[k], 16);
		a0 += __builtin_convertvector(x0, v8si);
		a8 += rows[k][8];
	}
	memcpy(out, &a0, 32);
	for (int j = 0; j < 8; j++)
		e[j] = out[j];
	e[8] = a8;
}

int ner_tag_doc(struct ner_tagger *t, const struct ner_doc *d, uint8_t *tags)
{
	const struct ner_model *m = t->m;
	int T = m->ntags, rc;
	size_t maxlen = 0, need;

	if (d->n == 0)
		return WN_OK;
	int fast = !t->reference && d->n <= (size_t)ner_cache_size();
	if ((rc = fast ? ner_cache_prepare(t, d) : ner_features(t, m->gaz, d)))
		return rc;
	for (size_t s = 0; s < d->nsent; s++)
		if (d->sents[s + 1] - d->sents[s] > maxlen)
			maxlen = d->sents[s + 1] - d->sents[s];
	/* em[maxlen*T] and sc[maxlen*T], int64. */
	if (wn_size_mul(maxlen, (size_t)T * 16, &need))
		return WN_ERECBIG;
	wn_buf_reset(&t->score);
	if ((rc = wn_buf_grow(&t->score, need)))
		return rc;
	int64_t *em = (int64_t *)(void *)t->score.data;
	int64_t *sc = em + maxlen * (size_t)T;

	const uint64_t *F = (const uint64_t *)(const void *)t->feats.data;
	const uint8_t *NF = (const uint8_t *)t->nfeat.data;
	const uint8_t *forced = (const uint8_t *)t->forced.data;
	uint32_t mask = m->cap - 1;
	for (size_t s = 0; s < d->nsent; s++) {
		size_t a = d->sents[s], b = d->sents[s + 1];
		if (fast) {
			ner_cache_emit(t, d, s, em);
			ner_viterbi(&t->vit, em, forced + a, b - a, sc, tags + a);
			continue;
		}
		/* Blocks of tokens in three passes, so that the cache misses of a
		 * block (slots, then rows) are in flight together. */
		for (size_t i0 = a; i0 < b; i0 += NER_BLOCK) {
			size_t i1 = i0 + NER_BLOCK < b ? i0 + NER_BLOCK : b;
			const int16_t *rows[NER_BLOCK][NER_MAX_FEATS];
			int nr[NER_BLOCK];
			for (size_t i = i0; i < i1; i++) {
				const uint64_t *f = F + i * NER_MAX_FEATS;
				for (int k = 0; k < NF[i]; k++)
					__builtin_prefetch(m->slots + 2 * ((uint32_t)f[k] & mask));
			}
			for (size_t i = i0; i < i1; i++) {
				const uint64_t *f = F + i * NER_MAX_FEATS;
				int n = 0;
				for (int k = 0; k < NF[i]; k++) {
					const int16_t *r = ner_row(m, f[k]);
					if (r) {
						__builtin_prefetch(r);
						__builtin_prefetch(r + T - 1);
						rows[i - i0][n++] = r;
					}
				}
				nr[i - i0] = n;
			}
			for (size_t i = i0; i < i1; i++) {
				int64_t *e = em + (i - a) * (size_t)T;
				if (T == 17)
					ner_sum17(NULL, 0, rows[i - i0], nr[i - i0], e);
				else if (T == 9)
					sum_rows9(rows[i - i0], nr[i - i0], e);
				else
					sum_rows(rows[i - i0], nr[i - i0], T, e);
			}
		}
		ner_viterbi(&t->vit, em, forced + a, b - a, sc, tags + a);
	}
	return WN_OK;
}

int ner_doc_from_corpus(const struct conll_corpus *c, size_t k, struct wn_buf *words,
			struct ner_doc *d)
{
	const uint32_t *docs = (const uint32_t *)(const void *)c->docs.data;
	const uint32_t *sents = conll_sents(c);
	size_t s0 = docs[k], s1 = k + 1 < c->ndoc ? docs[k + 1] : c->nsent;
	size_t t0 = sents[s0], t1 = sents[s1], need;
	int rc;

	if (wn_size_mul(t1 - t0, sizeof(struct gaz_word), &need) ||
	    wn_size_add(need, (s1 - s0 + 1) * sizeof(uint32_t), &need))
		return WN_ERECBIG;
	wn_buf_reset(words);
	if ((rc = wn_buf_grow(words, need)))
		return rc;
	struct gaz_word *w = (struct gaz_word *)(void *)words->data;
	uint32_t *ss = (uint32_t *)(void *)(w + (t1 - t0));
	for (size_t i = t0; i < t1; i++) {
		w[i - t0].s = conll_word(c, i);
		w[i - t0].n = (uint32_t)strlen(w[i - t0].s);
	}
	for (size_t s = s0; s <= s1; s++)
		ss[s - s0] = sents[s] - (uint32_t)t0;
	d->w = w;
	d->n = t1 - t0;
	d->sents = ss;
	d->nsent = s1 - s0;
	return WN_OK;
}
