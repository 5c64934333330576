/*
 * Training the NER model: an averaged structured perceptron (Collins 2002).
 * Each epoch visits the sentences in an order shuffled by the seed, decodes
 * each with the current weights and, when the best sequence differs from
 * the gold one, adds the gold sequence's features and subtracts the
 * predicted one's. Weights are integers and the average is kept with the
 * usual trick (w - u/c), so training is exact and reproducible bit for bit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "filters/ner.h"
#include "filters/ner_model.h"

#define NONE UINT32_MAX
/* Training memory ceiling (features, rows): far above what CoNLL needs. */
#define TRAIN_MAX ((size_t)8 << 30)

struct fmap {
	struct wn_buf keys; /* uint64, 0 empty */
	struct wn_buf vals; /* uint32 */
	size_t cap, used;
};

static int fmap_grow(struct fmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 1 << 16;
	struct wn_buf nk = WN_BUF_INIT(TRAIN_MAX), nv = WN_BUF_INIT(TRAIN_MAX);
	int rc;

	if ((rc = wn_buf_grow(&nk, ncap * 8)) || (rc = wn_buf_grow(&nv, ncap * 4))) {
		wn_buf_release(&nk);
		wn_buf_release(&nv);
		return rc;
	}
	uint64_t *k = (uint64_t *)(void *)nk.data, *ok = (uint64_t *)(void *)m->keys.data;
	uint32_t *v = (uint32_t *)(void *)nv.data, *ov = (uint32_t *)(void *)m->vals.data;
	memset(k, 0, ncap * 8);
	for (size_t i = 0; i < m->cap; i++) {
		if (!ok[i])
			continue;
		size_t j = ok[i] & (ncap - 1);
		while (k[j])
			j = (j + 1) & (ncap - 1);
		k[j] = ok[i];
		v[j] = ov[i];
	}
	wn_buf_release(&m->keys);
	wn_buf_release(&m->vals);
	m->keys = nk;
	m->vals = nv;
	m->cap = ncap;
	return WN_OK;
}

/* Dense id of feature f, new ids numbered in order of first sight. */
static int fmap_id(struct fmap *m, uint64_t f, uint32_t *id)
{
	uint64_t key = f ? f : 1;
	int rc;

	if ((m->used + 1) * 2 > m->cap && (rc = fmap_grow(m)))
		return rc;
	uint64_t *k = (uint64_t *)(void *)m->keys.data;
	uint32_t *v = (uint32_t *)(void *)m->vals.data;
	size_t j = key & (m->cap - 1);
	while (k[j] && k[j] != key)
		j = (j + 1) & (m->cap - 1);
	if (!k[j]) {
		k[j] = key;
		v[j] = (uint32_t)m->used++;
	}
	*id = v[j];
	return WN_OK;
}

struct trainer {
	int T, scheme;
	size_t ntok, nsent;
	struct wn_buf fids;   /* uint32 feature ids, all tokens */
	struct wn_buf foff;   /* uint32 per token + 1: offset into fids */
	struct wn_buf hashes; /* uint64 per feature id */
	struct wn_buf gold;   /* uint8 tag per token */
	struct wn_buf sents;  /* uint32 first token per sentence + end */
	struct wn_buf rowof;  /* uint32 per feature id: row or NONE */
	struct wn_buf w, u;   /* int32 / int64 per row * T */
	size_t nrows;
	int64_t tw[(NER_MAX_TAGS + 1) * NER_MAX_TAGS], tu[(NER_MAX_TAGS + 1) * NER_MAX_TAGS];
	uint8_t ok[(NER_MAX_TAGS + 2) * NER_MAX_TAGS];
	struct ner_vit vit;   /* tw as Viterbi reads it, per sentence */
	/* Lower-case words and punctuation (ner_lowkey): uint32 keys in order of
	 * first sight, and per key uint32 occurrences and those inside entities. */
	struct wn_buf low, lowcnt;
	struct fmap lowset;
};

static int push(struct wn_buf *b, const void *p, size_t n)
{
	return wn_buf_add(b, p, n);
}

/* Gold tags of one sentence in the training scheme. */
static void gold_tags(const struct conll_tag *tags, size_t n, int scheme, uint8_t *out,
		      struct conll_span *sp)
{
	size_t k = conll_spans(tags, n, sp, n);

	memset(out, 0, n);
	for (size_t j = 0; j < k; j++) {
		size_t a = sp[j].start, b = sp[j].end;
		if (b - a == 1) {
			out[a] = (uint8_t)ner_tag_index(scheme, sp[j].type, 'S');
			continue;
		}
		out[a] = (uint8_t)ner_tag_index(scheme, sp[j].type, 'B');
		for (size_t i = a + 1; i < b; i++)
			out[i] = (uint8_t)ner_tag_index(scheme, sp[j].type, i + 1 == b ? 'E' : 'I');
	}
}

static int prepare(struct trainer *tr, const struct conll_corpus *c, const struct gaz *g)
{
	struct ner_tagger tg;
	struct wn_buf words = WN_BUF_INIT(TRAIN_MAX), spans = WN_BUF_INIT(TRAIN_MAX);
	struct fmap fm = {WN_BUF_INIT(TRAIN_MAX), WN_BUF_INIT(TRAIN_MAX), 0, 0};
	const struct conll_tag *tags = conll_tags(c);
	int rc = WN_OK;
	uint32_t z = 0;

	ner_tagger_init(&tg, NULL);
	if ((rc = push(&tr->foff, &z, 4)) || (rc = wn_buf_grow(&spans, c->ntok * sizeof(struct conll_span) + 16)))
		goto out;
	for (size_t k = 0; k < c->ndoc && rc == WN_OK; k++) {
		struct ner_doc d;
		if ((rc = ner_doc_from_corpus(c, k, &words, &d)) || (rc = ner_features(&tg, g, &d)))
			break;
		const uint64_t *F = (const uint64_t *)(const void *)tg.feats.data;
		const uint8_t *NF = (const uint8_t *)tg.nfeat.data;
		size_t base = tr->ntok;
		for (size_t i = 0; i < d.n && rc == WN_OK; i++) {
			for (int j = 0; j < NF[i]; j++) {
				uint32_t id;
				if ((rc = fmap_id(&fm, F[i * NER_MAX_FEATS + j], &id)))
					break;
				if (id * 8ull == tr->hashes.len &&
				    (rc = push(&tr->hashes, &F[i * NER_MAX_FEATS + j], 8)))
					break;
				if ((rc = push(&tr->fids, &id, 4)))
					break;
			}
			uint32_t off = (uint32_t)(tr->fids.len / 4);
			if (rc || (rc = push(&tr->foff, &off, 4)))
				break;
		}
		const uint32_t *lk = (const uint32_t *)(const void *)tg.lowkey.data;
		for (size_t i = 0; i < d.n && rc == WN_OK; i++) {
			uint32_t id, zero[2] = {0, 0};
			size_t before = tr->lowset.used;
			if (!lk[i])
				continue;
			if ((rc = fmap_id(&tr->lowset, lk[i], &id)))
				break;
			if (tr->lowset.used > before &&
			    ((rc = push(&tr->low, &lk[i], 4)) || (rc = push(&tr->lowcnt, zero, 8))))
				break;
			uint32_t *cnt = (uint32_t *)(void *)tr->lowcnt.data + 2 * id;
			cnt[0]++;
			cnt[1] += tags[base + i].pos != 'O';
		}
		for (size_t s = 0; s < d.nsent && rc == WN_OK; s++) {
			uint32_t st = (uint32_t)(base + d.sents[s]);
			size_t len = d.sents[s + 1] - d.sents[s];
			uint8_t gt[4096];
			uint8_t *gp = len <= sizeof(gt) ? gt : malloc(len);
			if (!gp) {
				rc = WN_ENOMEM;
				break;
			}
			gold_tags(tags + st, len, tr->scheme, gp,
				  (struct conll_span *)(void *)spans.data);
			rc = push(&tr->gold, gp, len);
			if (gp != gt)
				free(gp);
			if (rc || (rc = push(&tr->sents, &st, 4)))
				break;
			tr->nsent++;
		}
		tr->ntok += d.n;
	}
	if (rc == WN_OK) {
		uint32_t end = (uint32_t)tr->ntok;
		rc = push(&tr->sents, &end, 4);
	}
out:
	ner_tagger_release(&tg);
	wn_buf_release(&words);
	wn_buf_release(&spans);
	wn_buf_release(&fm.keys);
	wn_buf_release(&fm.vals);
	return rc;
}

static uint64_t splitmix(uint64_t *s)
{
	return wn_mix64(*s += 0x9E3779B97F4A7C15ull);
}

static int new_row(struct trainer *tr, uint32_t *rowof, uint32_t fid)
{
	size_t T = (size_t)tr->T;
	int rc;

	if ((rc = wn_buf_grow(&tr->w, T * 4)) || (rc = wn_buf_grow(&tr->u, T * 8)))
		return rc;
	memset(tr->w.data + tr->w.len, 0, T * 4);
	memset(tr->u.data + tr->u.len, 0, T * 8);
	tr->w.len += T * 4;
	tr->u.len += T * 8;
	rowof[fid] = (uint32_t)tr->nrows++;
	return WN_OK;
}

/* Adds delta to tag `tag` of every feature of token i, at time c. */
static int update_token(struct trainer *tr, size_t i, int tag, int delta, int64_t c)
{
	const uint32_t *fids = (const uint32_t *)(const void *)tr->fids.data;
	const uint32_t *foff = (const uint32_t *)(const void *)tr->foff.data;
	uint32_t *rowof = (uint32_t *)(void *)tr->rowof.data;
	int rc;

	for (uint32_t k = foff[i]; k < foff[i + 1]; k++) {
		uint32_t f = fids[k];
		if (rowof[f] == NONE && (rc = new_row(tr, rowof, f)))
			return rc;
		size_t r = (size_t)rowof[f] * (size_t)tr->T + (size_t)tag;
		((int32_t *)(void *)tr->w.data)[r] += delta;
		((int64_t *)(void *)tr->u.data)[r] += c * delta;
	}
	return WN_OK;
}

static int train_sentence(struct trainer *tr, size_t s, int64_t c, int64_t *em, int64_t *sc,
			  uint8_t *pred, uint64_t *mistakes)
{
	const uint32_t *sents = (const uint32_t *)(const void *)tr->sents.data;
	const uint32_t *fids = (const uint32_t *)(const void *)tr->fids.data;
	const uint32_t *foff = (const uint32_t *)(const void *)tr->foff.data;
	const uint32_t *rowof = (const uint32_t *)(const void *)tr->rowof.data;
	const int32_t *w = (const int32_t *)(const void *)tr->w.data;
	const uint8_t *gold = (const uint8_t *)tr->gold.data;
	size_t a = sents[s], b = sents[s + 1], T = (size_t)tr->T;
	int rc;

	for (size_t i = a; i < b; i++) {
		int64_t *e = em + (i - a) * T;
		memset(e, 0, T * 8);
		for (uint32_t k = foff[i]; k < foff[i + 1]; k++) {
			uint32_t r = rowof[fids[k]];
			if (r == NONE)
				continue;
			for (size_t j = 0; j < T; j++)
				e[j] += w[(size_t)r * T + j];
		}
	}
	ner_vit_init(&tr->vit, tr->T, tr->ok, tr->tw);
	ner_viterbi(&tr->vit, em, NULL, b - a, sc, pred);
	int wrong = 0;
	for (size_t i = a; i < b; i++) {
		int g = gold[i], p = pred[i - a];
		int gp = i > a ? gold[i - 1] : tr->T, pp = i > a ? pred[i - a - 1] : tr->T;
		if (g != p) {
			wrong = 1;
			(*mistakes)++;
			if ((rc = update_token(tr, i, g, 1, c)) || (rc = update_token(tr, i, p, -1, c)))
				return rc;
		}
		if (g != p || gp != pp) {
			tr->tw[gp * tr->T + g] += 1;
			tr->tu[gp * tr->T + g] += c;
			tr->tw[pp * tr->T + p] -= 1;
			tr->tu[pp * tr->T + p] -= c;
		}
	}
	(void)wrong;
	return WN_OK;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

/* Is a lower-case word or punctuation token (occurrences cnt[0], inside
 * entities cnt[1]) scored, rather than tagged O unseen? */
static int low_kept(const uint32_t *cnt, double share)
{
	return cnt[1] > 0 && (double)cnt[1] >= share * (double)cnt[0];
}

static int export_model(struct trainer *tr, const struct conll_corpus *c, const struct ner_train_opts *o,
			int64_t count, struct wn_buf *out, const char **err)
{
	size_t T = (size_t)tr->T, nfeat = tr->hashes.len / 8;
	const uint32_t *rowof = (const uint32_t *)(const void *)tr->rowof.data;
	const int32_t *w = (const int32_t *)(const void *)tr->w.data;
	const int64_t *u = (const int64_t *)(const void *)tr->u.data;
	const uint64_t *hs = (const uint64_t *)(const void *)tr->hashes.data;
	double cnt = (double)count, maxabs = 0;
	size_t keep = 0;
	int rc;

	/* Averaged weights; the largest sets the quantization scale. */
	for (size_t f = 0; f < nfeat; f++) {
		if (rowof[f] == NONE)
			continue;
		double rmax = 0;
		for (size_t j = 0; j < T; j++) {
			size_t r = (size_t)rowof[f] * T + j;
			double a = fabs((double)w[r] - (double)u[r] / cnt);
			if (a > rmax)
				rmax = a;
		}
		if (rmax > maxabs)
			maxabs = rmax;
	}
	for (size_t i = 0; i < (T + 1) * T; i++) {
		double a = fabs((double)tr->tw[i] - (double)tr->tu[i] / cnt);
		if (a > maxabs)
			maxabs = a;
	}
	if (maxabs == 0)
		maxabs = 1;
	double q = 32767.0 / maxabs;
	/* Rows that survive pruning and quantization. */
	struct wn_buf keepf = WN_BUF_INIT(TRAIN_MAX);
	for (size_t f = 0; f < nfeat; f++) {
		if (rowof[f] == NONE)
			continue;
		double rmax = 0;
		for (size_t j = 0; j < T; j++) {
			size_t r = (size_t)rowof[f] * T + j;
			double a = fabs((double)w[r] - (double)u[r] / cnt);
			if (a > rmax)
				rmax = a;
		}
		if (rmax < o->prune || lrint(rmax * q) == 0)
			continue;
		uint32_t f32 = (uint32_t)f;
		if ((rc = wn_buf_add(&keepf, &f32, 4))) {
			wn_buf_release(&keepf);
			return rc;
		}
		keep++;
	}
	uint32_t cap = 1;
	while (cap < keep + keep / 2 + 1)
		cap *= 2;
	size_t trans_bytes = ((T + 1) * T * 4 + 7) & ~(size_t)7;
	/* The lower-case words and punctuation worth scoring: seen inside
	 * entities, in at least o->low_share of their occurrences. */
	size_t nlow = 0, lowcap = 0;
	const uint32_t *lcnt = (const uint32_t *)(const void *)tr->lowcnt.data;
	for (size_t k = 0; k < tr->low.len / 4; k++)
		nlow += low_kept(lcnt + 2 * k, o->low_share);
	if (nlow) {
		lowcap = 1;
		while (lowcap < 2 * nlow)
			lowcap *= 2;
	}
	size_t rows_end = NER_HEADER + trans_bytes + (size_t)cap * 8 + keep * T * 2;
	size_t total = ((rows_end + 7) & ~(size_t)7) + lowcap * 4;
	if (total > o->max_bytes) {
		wn_buf_release(&keepf);
		*err = "model larger than the size limit (raise --prune)";
		return WN_ELIMIT;
	}
	size_t base = out->len;
	if ((rc = wn_buf_grow(out, total))) {
		wn_buf_release(&keepf);
		return rc;
	}
	unsigned char *p = (unsigned char *)out->data + base;
	memset(p, 0, total);
	memcpy(p, NER_MAGIC, 8);
	put32(p + 8, NER_FEAT_VERSION);
	put32(p + 12, (uint32_t)c->ntypes);
	put32(p + 16, (uint32_t)T);
	put32(p + 20, (uint32_t)tr->scheme);
	put32(p + 24, cap);
	put32(p + 28, (uint32_t)keep);
	put32(p + 32, o->gaz ? 1 : 0);
	put32(p + 36, o->gaz ? ner_gaz_fingerprint() : 0);
	for (int t = 0; t < c->ntypes; t++)
		memcpy(p + 40 + 16 * t, c->types[t], strlen(c->types[t]) + 1);
	put32(p + 168, (uint32_t)lowcap);
	if (lowcap) {
		unsigned char *lp = p + ((rows_end + 7) & ~(size_t)7);
		const uint32_t *lw = (const uint32_t *)(const void *)tr->low.data;
		for (size_t k = 0; k < tr->low.len / 4; k++) {
			if (!low_kept(lcnt + 2 * k, o->low_share))
				continue;
			size_t j = lw[k] & (lowcap - 1);
			while (lp[4 * j] | lp[4 * j + 1] | lp[4 * j + 2] | lp[4 * j + 3])
				j = (j + 1) & (lowcap - 1);
			put32(lp + 4 * j, lw[k]);
		}
	}
	unsigned char *tp = p + NER_HEADER;
	for (size_t i = 0; i < (T + 1) * T; i++) {
		long v = lrint(((double)tr->tw[i] - (double)tr->tu[i] / cnt) * q);
		put32(tp + 4 * i, (uint32_t)(int32_t)v);
	}
	unsigned char *sp = tp + trans_bytes;
	unsigned char *rp = sp + (size_t)cap * 8;
	const uint32_t *kf = (const uint32_t *)(const void *)keepf.data;
	for (size_t k = 0; k < keep; k++) {
		uint64_t h = hs[kf[k]];
		uint32_t key = (uint32_t)(h >> 32) | 1, j = (uint32_t)h & (cap - 1);
		while (sp[8 * j] | sp[8 * j + 1] | sp[8 * j + 2] | sp[8 * j + 3])
			j = (j + 1) & (cap - 1);
		put32(sp + 8 * j, key);
		put32(sp + 8 * j + 4, (uint32_t)k);
		for (size_t t = 0; t < T; t++) {
			size_t r = (size_t)rowof[kf[k]] * T + t;
			long v = lrint(((double)w[r] - (double)u[r] / cnt) * q);
			uint16_t v16 = (uint16_t)(int16_t)v;
			rp[(k * T + t) * 2] = (unsigned char)v16;
			rp[(k * T + t) * 2 + 1] = (unsigned char)(v16 >> 8);
		}
	}
	out->len = base + total;
	wn_buf_release(&keepf);
	return WN_OK;
}

int ner_train(const struct conll_corpus *c, const struct ner_train_opts *o, struct wn_buf *out,
	      const char **err)
{
	struct trainer tr;
	int rc;

	*err = NULL;
	if (c->ntok == 0 || c->nsent == 0) {
		*err = "no training sentences";
		return WN_EINVAL;
	}
	if (c->ntypes > NER_MAX_TYPES || c->ntypes < 1) {
		*err = c->ntypes ? "too many entity types" : "no entity in the training data";
		return c->ntypes ? WN_ELIMIT : WN_EINVAL;
	}
	memset(&tr, 0, sizeof(tr));
	tr.scheme = o->scheme;
	tr.T = ner_scheme_ntags(o->scheme, c->ntypes);
	ner_allowed_table(tr.scheme, tr.T, tr.ok);
	struct wn_buf *bufs[] = {&tr.fids, &tr.foff, &tr.hashes, &tr.gold, &tr.sents, &tr.rowof, &tr.w, &tr.u,
				 &tr.low, &tr.lowcnt, &tr.lowset.keys, &tr.lowset.vals};
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		wn_buf_init(bufs[i], TRAIN_MAX);

	size_t maxlen = 0, T = (size_t)tr.T;
	uint64_t seed = o->seed;
	int64_t count = 0;
	struct wn_buf order = WN_BUF_INIT(TRAIN_MAX), scratch = WN_BUF_INIT(TRAIN_MAX);

	if ((rc = prepare(&tr, c, o->gaz)))
		goto out;
	size_t nfeat = tr.hashes.len / 8;
	if ((rc = wn_buf_grow(&tr.rowof, nfeat * 4 + 4)))
		goto out;
	memset(tr.rowof.data, 0xFF, nfeat * 4);
	tr.rowof.len = nfeat * 4;
	const uint32_t *sents = (const uint32_t *)(const void *)tr.sents.data;
	for (size_t s = 0; s < tr.nsent; s++)
		if (sents[s + 1] - sents[s] > maxlen)
			maxlen = sents[s + 1] - sents[s];
	if ((rc = wn_buf_grow(&order, tr.nsent * 4)) ||
	    (rc = wn_buf_grow(&scratch, maxlen * T * 16 + maxlen + 64)))
		goto out;
	uint32_t *ord = (uint32_t *)(void *)order.data;
	int64_t *em = (int64_t *)(void *)scratch.data;
	int64_t *sc = em + maxlen * T;
	uint8_t *pred = (uint8_t *)(sc + maxlen * T);
	for (size_t s = 0; s < tr.nsent; s++)
		ord[s] = (uint32_t)s;
	for (int ep = 0; ep < o->epochs; ep++) {
		uint64_t mistakes = 0;
		for (size_t s = tr.nsent; s > 1; s--) {
			size_t j = splitmix(&seed) % s;
			uint32_t tmp = ord[s - 1];
			ord[s - 1] = ord[j];
			ord[j] = tmp;
		}
		for (size_t s = 0; s < tr.nsent; s++) {
			count++;
			if ((rc = train_sentence(&tr, ord[s], count, em, sc, pred, &mistakes)))
				goto out;
		}
		if (o->progress)
			o->progress(o->ctx, ep + 1, mistakes, tr.ntok);
	}
	rc = export_model(&tr, c, o, count + 1, out, err);
out:
	for (size_t i = 0; i < sizeof(bufs) / sizeof(bufs[0]); i++)
		wn_buf_release(bufs[i]);
	wn_buf_release(&order);
	wn_buf_release(&scratch);
	if (rc && !*err)
		*err = wn_strerror(rc);
	return rc;
}
