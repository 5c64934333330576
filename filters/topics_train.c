/*
 * Training the topic classifier: SGD on the logistic loss of each label
 * (one-vs-all), learning rate decaying linearly to zero, examples in an
 * order shuffled by the seed. Single-threaded float arithmetic in a fixed
 * order: the same binary and data give the same model bytes. Optionally
 * (primary_rounds) each example's labels are weighed by how likely each is
 * its primary one, learnt by EM over cross-fitted models.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "filters/topics.h"
#include "filters/topics_model.h"

#define TRAIN_MAX ((size_t)8 << 30)

void topics_corpus_init(struct topics_corpus *c, uint32_t nbuckets, unsigned flags)
{
	memset(c, 0, sizeof(*c));
	c->nbuckets = nbuckets;
	c->flags = flags;
	wn_buf_init(&c->feats, TRAIN_MAX);
	wn_buf_init(&c->off, TRAIN_MAX);
	wn_buf_init(&c->labs, TRAIN_MAX);
}

void topics_corpus_release(struct topics_corpus *c)
{
	if (!c)
		return;
	wn_buf_release(&c->feats);
	wn_buf_release(&c->off);
	wn_buf_release(&c->labs);
}

int topics_corpus_label(struct topics_corpus *c, const char *name, size_t len)
{
	for (int i = 0; i < c->nlabels; i++)
		if (strlen(c->labels[i]) == len && !memcmp(c->labels[i], name, len))
			return i;
	if (c->nlabels >= TOPICS_MAX_LABELS || len == 0 || len >= TOPICS_LABEL_LEN)
		return -1;
	memcpy(c->labels[c->nlabels], name, len);
	c->labels[c->nlabels][len] = '\0';
	return c->nlabels++;
}

int topics_corpus_add(struct topics_corpus *c, const char *text, size_t n, uint32_t labels)
{
	uint32_t z = 0, end;
	int rc;

	if (!c->off.len && (rc = wn_buf_add(&c->off, &z, 4)))
		return rc;
	if ((rc = topics_features(text, n, c->nbuckets, c->flags, TOPICS_MAX_TOKENS, &c->feats)))
		return rc;
	if (c->feats.len / 4 > UINT32_MAX)
		return WN_ELIMIT;
	end = (uint32_t)(c->feats.len / 4);
	if ((rc = wn_buf_add(&c->off, &end, 4)) || (rc = wn_buf_add(&c->labs, &labels, 4)))
		return rc;
	c->n++;
	return WN_OK;
}

static uint64_t splitmix(uint64_t *s)
{
	return wn_mix64(*s += 0x9E3779B97F4A7C15ull);
}

static float unif(uint64_t *s)
{
	return (float)((double)(splitmix(s) >> 11) / 9007199254740992.0);
}

static void put32(unsigned char *p, uint32_t v)
{
	memcpy(p, &v, 4); /* little-endian hosts only, as the loader */
}

/* What one training run shares with the next (the EM rounds of
 * --primary-rounds train several models over the same corpus). */
struct fit {
	const struct topics_corpus *c;
	const struct topics_train_opts *o;
	const uint32_t *F, *off, *labs;
	const float *idf;
	float posw[TOPICS_MAX_LABELS];
	size_t dim, L, NB;
	float *E, *W, *B;
};

/* The idf-weighted average of example e's rows into h; 0 when it has none. */
static int hidden(const struct fit *x, size_t e, float *h, float *inv_out)
{
	size_t a = x->off[e], b = x->off[e + 1], dim = x->dim;
	float den = 0;

	for (size_t j = 0; j < dim; j++)
		h[j] = 0;
	if (b == a)
		return 0;
	for (size_t f = a; f < b; f++) {
		const float *row = x->E + (size_t)x->F[f] * dim;
		float w = x->idf[x->F[f]];
		for (size_t j = 0; j < dim; j++)
			h[j] += w * row[j];
		den += w;
	}
	if (den <= 0)
		return 0;
	float inv = 1.0f / den;
	for (size_t j = 0; j < dim; j++)
		h[j] *= inv;
	*inv_out = inv;
	return 1;
}

/* The labels' raw scores for hidden vector h. */
static void raw_scores(const struct fit *x, const float *h, float *sc)
{
	for (size_t l = 0; l < x->L; l++) {
		const float *w = x->W + l * x->dim;
		float s = x->B[l];
		for (size_t j = 0; j < x->dim; j++)
			s += w[j] * h[j];
		sc[l] = s;
	}
}

/*
 * One model trained from scratch on the examples whose fold is not hold
 * (all when fold is NULL). q (n x L, or NULL): each example's weight on
 * each of its labels (the primary-label distribution); without it an
 * example's labels share it equally.
 */
static void sgd(struct fit *x, const float *q, const unsigned char *fold, int hold,
		uint32_t *ord, uint64_t *seed)
{
	const struct topics_corpus *c = x->c;
	const struct topics_train_opts *o = x->o;
	size_t dim = x->dim, L = x->L, n = 0;
	const uint32_t *labs = x->labs;

	/* Rows start at zero, so a bucket no training text hits stays zero
	 * (and is left out of the average when scoring); the output layer
	 * starts random instead, to break the symmetry. */
	memset(x->E, 0, x->NB * dim * sizeof(float));
	memset(x->B, 0, L * sizeof(float));
	for (size_t i = 0; i < L * dim; i++)
		x->W[i] = (unif(seed) * 2.0f - 1.0f) / (float)dim;
	for (size_t i = 0; i < c->n; i++)
		if (!fold || fold[i] != hold)
			ord[n++] = (uint32_t)i;
	double total = (double)o->epochs * (double)n, step = 0;
	for (int ep = 0; ep < o->epochs; ep++) {
		for (size_t i = n; i > 1; i--) {
			size_t j = splitmix(seed) % i;
			uint32_t t = ord[i - 1];
			ord[i - 1] = ord[j];
			ord[j] = t;
		}
		for (size_t k = 0; k < n; k++, step++) {
			size_t e = ord[k], a = x->off[e], b = x->off[e + 1];
			float h[TOPICS_MAX_DIM], g[TOPICS_MAX_DIM] = {0}, inv = 0;
			float lr = (float)(o->lr * (1.0 - step / total));
			if (!hidden(x, e, h, &inv))
				continue;
			float sc[TOPICS_MAX_LABELS], mx = -1e30f, z = 0;
			int ngold = __builtin_popcount(labs[e]);
			raw_scores(x, h, sc);
			for (size_t l = 0; l < L; l++)
				if (sc[l] > mx)
					mx = sc[l];
			if (o->loss == TOPICS_SOFTMAX) {
				for (size_t l = 0; l < L; l++) {
					sc[l] = expf(sc[l] - mx);
					z += sc[l];
				}
			}
			float qmax = 0;
			if (q)
				for (size_t l = 0; l < L; l++)
					if (q[e * L + l] > qmax)
						qmax = q[e * L + l];
			for (size_t l = 0; l < L; l++) {
				float *w = x->W + l * dim, p, y;
				int gold = (labs[e] >> l) & 1;
				if (o->loss == TOPICS_SOFTMAX) {
					p = sc[l] / z;
					y = !gold ? 0.0f : q ? q[e * L + l] : 1.0f / (float)(ngold ? ngold : 1);
				} else {
					p = 1.0f / (1.0f + expf(-sc[l]));
					/* A secondary label is a weaker positive: its
					 * share of the primary's. */
					y = !gold ? 0.0f : q && qmax > 0 ? q[e * L + l] / qmax : 1.0f;
				}
				float gl = lr * (y - p) * (y > 0 ? x->posw[l] : 1.0f);
				for (size_t j = 0; j < dim; j++) {
					g[j] += gl * w[j];
					w[j] += gl * h[j];
				}
				x->B[l] += gl;
			}
			for (size_t j = 0; j < dim; j++)
				g[j] *= inv;
			for (size_t f = a; f < b; f++) {
				float *row = x->E + (size_t)x->F[f] * dim, w = x->idf[x->F[f]];
				for (size_t j = 0; j < dim; j++)
					row[j] += w * g[j];
			}
		}
	}
}

/* The model's label distribution for example e restricted to its own
 * labels (softmax over their raw scores), into qe; uniform when empty. */
static void posterior(const struct fit *x, size_t e, float *qe)
{
	float h[TOPICS_MAX_DIM], sc[TOPICS_MAX_LABELS], inv = 0, mx = -1e30f, z = 0;
	uint32_t gold = x->labs[e];
	int ngold = __builtin_popcount(gold);

	for (size_t l = 0; l < x->L; l++)
		qe[l] = 0;
	if (!ngold)
		return;
	if (!hidden(x, e, h, &inv)) {
		for (size_t l = 0; l < x->L; l++)
			qe[l] = (gold >> l & 1) ? 1.0f / (float)ngold : 0.0f;
		return;
	}
	raw_scores(x, h, sc);
	for (size_t l = 0; l < x->L; l++)
		if ((gold >> l & 1) && sc[l] > mx)
			mx = sc[l];
	for (size_t l = 0; l < x->L; l++)
		if (gold >> l & 1) {
			qe[l] = expf(sc[l] - mx);
			z += qe[l];
		}
	for (size_t l = 0; l < x->L; l++)
		qe[l] /= z;
}

int topics_train(const struct topics_corpus *c, const struct topics_train_opts *o,
		 struct wn_buf *out, const char **err)
{
	size_t dim = (size_t)o->dim, NB = c->nbuckets, L = (size_t)c->nlabels, need;
	uint64_t seed = o->seed;
	float *E = NULL, *W = NULL, *B = NULL, *idf = NULL, *qw = NULL, *qn = NULL;
	uint32_t *ord = NULL, *stamp = NULL;
	unsigned char *fold = NULL;
	int rc = WN_OK;

	*err = NULL;
	if (c->n == 0 || L == 0) {
		*err = "no labelled examples";
		return WN_EINVAL;
	}
	if (dim < 1 || dim > TOPICS_MAX_DIM) {
		*err = "dimension out of range";
		return WN_EINVAL;
	}
	if (wn_size_mul(NB, dim * sizeof(float), &need)) {
		*err = "too many buckets";
		return WN_ELIMIT;
	}
	E = malloc(need);
	W = calloc(L * dim, sizeof(float));
	B = calloc(L, sizeof(float));
	ord = malloc(c->n * sizeof(uint32_t));
	idf = calloc(NB, sizeof(float));
	stamp = malloc(NB * sizeof(uint32_t));
	if (!E || !W || !B || !ord || !idf || !stamp) {
		rc = WN_ENOMEM;
		goto out;
	}
	struct fit x = {.c = c, .o = o, .dim = dim, .L = L, .NB = NB, .E = E, .W = W, .B = B,
			.idf = idf};
	x.F = (const uint32_t *)(const void *)c->feats.data;
	x.off = (const uint32_t *)(const void *)c->off.data;
	x.labs = (const uint32_t *)(const void *)c->labs.data;
	const uint32_t *F = x.F, *off = x.off, *labs = x.labs;
	/* Inverse document frequency of each bucket: common words weigh less. */
	memset(stamp, 0xFF, NB * sizeof(uint32_t));
	for (size_t e = 0; e < c->n; e++)
		for (size_t f = off[e]; f < off[e + 1]; f++)
			if (stamp[F[f]] != (uint32_t)e) {
				stamp[F[f]] = (uint32_t)e;
				idf[F[f]] += 1.0f;
			}
	{
		double cnt[TOPICS_MAX_LABELS] = {0}, mx = 0;
		for (size_t e = 0; e < c->n; e++)
			for (size_t l = 0; l < L; l++)
				cnt[l] += (labs[e] >> l) & 1;
		for (size_t l = 0; l < L; l++)
			if (cnt[l] > mx)
				mx = cnt[l];
		for (size_t l = 0; l < L; l++)
			x.posw[l] = cnt[l] > 0 ? (float)pow(mx / cnt[l], o->balance) : 1.0f;
	}
	for (size_t b = 0; b < NB; b++)
		idf[b] = idf[b] > 0 ? (float)log((double)(c->n + 1) / (double)idf[b]) : 0.0f;

	/* --primary-rounds: which of an article's labels is its primary one
	 * is unknown (partial labels). EM: each round, every example's unit
	 * weight is spread over its labels by the posterior (restricted to
	 * them) of a model trained without it (cross-fitting over folds, so
	 * a model does not simply confirm what it memorized); the final model
	 * trains on those weights. */
	if (o->primary_rounds > 0) {
		int K = o->primary_folds > 1 ? o->primary_folds : 5;
		size_t nq;
		if (wn_size_mul(c->n * L, sizeof(float), &nq)) {
			rc = WN_ELIMIT;
			goto out;
		}
		qw = malloc(nq);
		qn = malloc(nq);
		fold = malloc(c->n);
		if (!qw || !qn || !fold) {
			rc = WN_ENOMEM;
			goto out;
		}
		uint64_t fs = o->seed ^ 0x666f6c6473ull;
		for (size_t e = 0; e < c->n; e++) {
			int ng = __builtin_popcount(labs[e]);
			fold[e] = (unsigned char)(splitmix(&fs) % (uint64_t)K);
			for (size_t l = 0; l < L; l++)
				qw[e * L + l] = (labs[e] >> l & 1) ? 1.0f / (float)ng : 0.0f;
		}
		for (int r = 0; r < o->primary_rounds; r++) {
			for (int k = 0; k < K; k++) {
				sgd(&x, qw, fold, k, ord, &seed);
				for (size_t e = 0; e < c->n; e++)
					if (fold[e] == k)
						posterior(&x, e, qn + e * L);
			}
			memcpy(qw, qn, nq);
		}
	}
	sgd(&x, qw, NULL, -1, ord, &seed);

	/* Each label's bias carries its base rate in the training data; moved
	 * toward the labels' mean bias, the labels compete on the text's
	 * evidence rather than on how common they were in training. */
	if (o->prior_shrink > 0) {
		double mb = 0;
		for (size_t l = 0; l < L; l++)
			mb += B[l];
		mb /= (double)L;
		for (size_t l = 0; l < L; l++)
			B[l] -= (float)(o->prior_shrink * ((double)B[l] - mb));
	}
	/* Labels sorted by name. */
	int perm[TOPICS_MAX_LABELS];
	for (size_t l = 0; l < L; l++)
		perm[l] = (int)l;
	for (size_t x = 1; x < L; x++)
		for (size_t y = x; y > 0 && strcmp(c->labels[perm[y - 1]], c->labels[perm[y]]) > 0; y--) {
			int t = perm[y];
			perm[y] = perm[y - 1];
			perm[y - 1] = t;
		}
	size_t bias_bytes = (L * 4 + 7) & ~(size_t)7;
	size_t total_bytes = TOPICS_HEADER + L * dim * 4 + bias_bytes + NB * 8 + NB * dim;
	if (total_bytes > o->max_bytes) {
		*err = "model larger than the size limit (fewer buckets or a smaller dimension)";
		rc = WN_ELIMIT;
		goto out;
	}
	size_t base = out->len;
	if ((rc = wn_buf_grow(out, total_bytes)))
		goto out;
	unsigned char *p = (unsigned char *)out->data + base;
	memset(p, 0, total_bytes);
	memcpy(p, TOPICS_MAGIC, 8);
	put32(p + 8, (uint32_t)L);
	put32(p + 12, (uint32_t)dim);
	put32(p + 16, (uint32_t)NB);
	put32(p + 20, (uint32_t)o->loss);
	put32(p + 24, c->flags);
	for (size_t l = 0; l < L; l++)
		memcpy(p + 32 + TOPICS_LABEL_LEN * l, c->labels[perm[l]], strlen(c->labels[perm[l]]));
	unsigned char *q = p + TOPICS_HEADER;
	for (size_t l = 0; l < L; l++)
		memcpy(q + l * dim * 4, W + (size_t)perm[l] * dim, dim * 4);
	q += L * dim * 4;
	for (size_t l = 0; l < L; l++)
		memcpy(q + l * 4, &B[perm[l]], 4);
	q += bias_bytes;
	memcpy(q + NB * 4, idf, NB * 4);
	int8_t *emb = (int8_t *)(q + NB * 8);
	for (size_t r = 0; r < NB; r++) {
		float mx = 0;
		for (size_t j = 0; j < dim; j++)
			if (fabsf(E[r * dim + j]) > mx)
				mx = fabsf(E[r * dim + j]);
		float sc = mx > 0 ? mx / 127.0f : 0.0f;
		memcpy(q + r * 4, &sc, 4);
		for (size_t j = 0; j < dim; j++)
			emb[r * dim + j] = (int8_t)(sc > 0 ? lrintf(E[r * dim + j] / sc) : 0);
	}
	out->len = base + total_bytes;
out:
	free(E);
	free(W);
	free(B);
	free(ord);
	free(idf);
	free(stamp);
	free(qw);
	free(qn);
	free(fold);
	if (rc && !*err)
		*err = wn_strerror(rc);
	return rc;
}
