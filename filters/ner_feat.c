/*
 * ner features: what the tagger knows about each token. Every feature is a
 * 64-bit hash of a template number and the values it combines; the model
 * maps hashes to weight rows. Changing anything here changes the meaning of
 * every trained model: bump NER_FEAT_VERSION (ner_model.c checks it).
 */
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/utf8.h"
#include "filters/ner.h"
#include "filters/ner_feat.h"

#define SHAPE_MAX 24

/* Analyses one token: hashes of the word, its folded form, shapes and
 * affixes of the folded form. */
int ner_analyse(struct ner_tinfo *ti, const char *s, size_t n, struct wn_buf *fold)
{
	char shape[SHAPE_MAX], sshape[SHAPE_MAX];
	size_t ns = 0, nss = 0, i = 0;
	int run = 0, flags = 0, nchar = 0;
	char last = 0;
	int rc;

	memset(ti, 0, sizeof(*ti));
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		char k;
		uint32_t cp;
		size_t len = 1;
		if (c < 0x80) {
			cp = c;
			if (c >= 'A' && c <= 'Z')
				k = 'X';
			else if (c >= 'a' && c <= 'z')
				k = 'x';
			else if (c >= '0' && c <= '9')
				k = 'd';
			else
				k = (char)c;
		} else {
			len = wn_utf8_decode(s + i, n - i, &cp);
			if (wn_uni_class(cp) == WN_UNI_WORD)
				k = wn_uni_fold(cp) != cp ? 'X' : 'x';
			else
				k = '*';
		}
		if (k == 'X' || k == 'x')
			flags |= NER_F_LETTER;
		if (k == 'd')
			flags |= NER_F_DIGIT;
		if (nchar == 0) {
			if (k == 'X')
				flags |= NER_F_CAP;
			else if (k == 'x')
				flags |= NER_F_LOWER;
		}
		if (k == 'x')
			flags |= 64; /* saw a lower-case letter */
		if (k == 'X')
			flags |= 128; /* saw a capital */
		if (k == last) {
			run++;
		} else {
			run = 1;
			if (nss < SHAPE_MAX)
				sshape[nss++] = k;
		}
		if (run <= 4 && ns < SHAPE_MAX)
			shape[ns++] = k;
		last = k;
		nchar++;
		i += len;
	}
	if ((flags & NER_F_LETTER) && !(flags & 64))
		flags |= NER_F_ALLCAP;
	if ((flags & NER_F_LOWER) && !(flags & (128 | NER_F_DIGIT)))
		flags |= NER_F_LOWWORD;
	ti->flags = (uint8_t)(flags & 63);
	ti->len = (uint8_t)(nchar > 20 ? 20 : nchar);
	ti->w = wn_hash64(s, n, NER_SEED);
	ti->shape = wn_hash64(shape, ns, NER_SEED + 1);
	ti->sshape = wn_hash64(sshape, nss, NER_SEED + 2);

	wn_buf_reset(fold);
	if ((rc = wn_text_fold(fold, s, n)))
		return rc;
	const char *l = fold->data;
	size_t ln = fold->len;
	ti->lw = wn_hash64(l, ln, NER_SEED + 3);
	ti->gazh = gaz_hash_folded(l, ln);
	/* Affixes of 1..4 characters (whole characters), only when shorter than
	 * the word. */
	size_t b = 0;
	int k = 0;
	while (k < 4 && b < ln) {
		b++;
		while (b < ln && wn_utf8_is_cont((unsigned char)l[b]))
			b++;
		if (b >= ln)
			break;
		ti->pre[k++] = wn_hash64(l, b, NER_SEED + 4);
	}
	ti->npre = (uint8_t)k;
	size_t e = ln;
	int ks = 0;
	while (ks < 4 && e > 0) {
		e--;
		while (e > 0 && wn_utf8_is_cont((unsigned char)l[e]))
			e--;
		if (e == 0)
			break;
		ti->suf[ks++] = wn_hash64(l + e, ln - e, NER_SEED + 5);
	}
	return WN_OK;
}

const struct ner_tinfo ner_pad_info = {.w = 1, .lw = 1, .shape = 1, .sshape = 1};

int ner_forced_o(const struct ner_model *m, uint32_t lk)
{
	if (!lk || !m || !m->lowcap)
		return 0;
	uint32_t mask = m->lowcap - 1, j = lk & mask;
	while (m->low[j] && m->low[j] != lk)
		j = (j + 1) & mask;
	return m->low[j] == 0;
}

/* The document's casing table: folded word -> short shape of its first
 * occurrence in mixed-case text, not at the start of a sentence. A slot
 * whose gen is not the document's is empty, so the table is not cleared
 * for each document. */
struct dslot {
	uint64_t key, shape;
	uint32_t gen;
};

int ner_doc_casing(struct ner_tagger *t, const struct ner_doc *d,
		   const struct ner_tinfo *const *ti, uint8_t *caps, uint64_t *docshape)
{
	size_t cap = 64, need;
	struct dslot *m;
	int rc;

	for (size_t s = 0; s < d->nsent; s++) {
		int letters = 0, lower = 0;
		for (size_t i = d->sents[s]; i < d->sents[s + 1]; i++) {
			if (ti[i]->flags & NER_F_LETTER)
				letters++;
			if ((ti[i]->flags & NER_F_LETTER) && !(ti[i]->flags & NER_F_ALLCAP))
				lower++;
		}
		caps[s] = letters > 0 && lower == 0;
	}
	while (cap < 2 * d->n + 2)
		cap *= 2;
	if (wn_size_mul(cap, sizeof(struct dslot), &need))
		return WN_ERECBIG;
	if (need > t->docmap.len) {
		/* docmap.len: the bytes cleared so far. */
		if ((rc = wn_buf_grow(&t->docmap, need - t->docmap.len)))
			return rc;
		memset(t->docmap.data + t->docmap.len, 0, need - t->docmap.len);
		t->docmap.len = need;
	}
	if (++t->docgen == 0) {
		memset(t->docmap.data, 0, t->docmap.len);
		t->docgen = 1;
	}
	uint32_t gen = t->docgen;
	m = (struct dslot *)(void *)t->docmap.data;
	for (size_t s = 0; s < d->nsent; s++) {
		if (caps[s])
			continue;
		for (size_t i = d->sents[s] + 1; i < d->sents[s + 1]; i++) {
			if (!(ti[i]->flags & NER_F_LETTER))
				continue;
			uint64_t key = ti[i]->lw | 1;
			size_t j = key & (cap - 1);
			while (m[j].gen == gen && m[j].key != key)
				j = (j + 1) & (cap - 1);
			if (m[j].gen != gen) {
				m[j].gen = gen;
				m[j].key = key;
				m[j].shape = ti[i]->sshape;
			}
		}
	}
	for (size_t i = 0; i < d->n; i++) {
		uint64_t key = ti[i]->lw | 1;
		size_t j = key & (cap - 1);
		while (m[j].gen == gen && m[j].key != key)
			j = (j + 1) & (cap - 1);
		docshape[i] = m[j].gen == gen ? m[j].shape : 0x9999;
	}
	return WN_OK;
}

int ner_features(struct ner_tagger *t, const struct gaz *g, const struct ner_doc *d)
{
	size_t n = d->n, need;
	struct ner_tinfo *ti;
	const struct ner_tinfo **tp;
	uint64_t *hs, *ds;
	uint32_t *gz;
	uint8_t *caps;
	int rc;

	/* ti, tp, hs, ds, gz per token, caps per sentence. */
	if (wn_size_mul(n + 1, sizeof(struct ner_tinfo) + 3 * 8 + 4, &need) ||
	    wn_size_add(need, d->nsent + 16, &need))
		return WN_ERECBIG;
	wn_buf_reset(&t->info);
	if ((rc = wn_buf_grow(&t->info, need)))
		return rc;
	ti = (struct ner_tinfo *)(void *)t->info.data;
	tp = (const struct ner_tinfo **)(void *)(ti + n + 1);
	hs = (uint64_t *)(void *)(tp + n + 1);
	ds = hs + n + 1;
	gz = (uint32_t *)(void *)(ds + n + 1);
	caps = (uint8_t *)(gz + n + 1);
	wn_buf_reset(&t->feats);
	wn_buf_reset(&t->nfeat);
	if (wn_size_mul(n, NER_MAX_FEATS * sizeof(uint64_t), &need))
		return WN_ERECBIG;
	if ((rc = wn_buf_grow(&t->feats, need)) || (rc = wn_buf_grow(&t->nfeat, n)))
		return rc;

	for (size_t i = 0; i < n; i++) {
		if ((rc = ner_analyse(&ti[i], d->w[i].s, d->w[i].n, &t->fold)))
			return rc;
		tp[i] = &ti[i];
	}
	if ((rc = ner_doc_casing(t, d, tp, caps, ds)))
		return rc;
	wn_buf_reset(&t->lowkey);
	wn_buf_reset(&t->forced);
	if ((rc = wn_buf_grow(&t->lowkey, n * 4 + 4)) || (rc = wn_buf_grow(&t->forced, n + 1)))
		return rc;
	uint32_t *lk = (uint32_t *)(void *)t->lowkey.data;
	uint8_t *forced = (uint8_t *)t->forced.data;
	for (size_t i = 0; i < n; i++) {
		lk[i] = ner_lowkey(&ti[i]);
		forced[i] = (uint8_t)ner_forced_o(t->m, lk[i]);
	}
	memset(gz, 0, n * sizeof(*gz));
	if (g) {
		if (g->fold)
			for (size_t i = 0; i < n; i++)
				hs[i] = ti[i].gazh;
		else
			gaz_hash_words(g, d->w, n, hs, &t->fold);
		gaz_mark(g, hs, n, gz);
	}

	const struct ner_tinfo *pad = &ner_pad_info;
	uint64_t *F = (uint64_t *)(void *)t->feats.data;
	uint8_t *NF = (uint8_t *)t->nfeat.data;
	for (size_t s = 0; s < d->nsent; s++) {
		size_t a = d->sents[s], b = d->sents[s + 1];
		uint64_t cs = caps[s];
		for (size_t i = a; i < b; i++) {
			const struct ner_tinfo *c = &ti[i];
			if (forced[i]) {
				NF[i] = 0;
				continue;
			}
			const struct ner_tinfo *p1 = i > a ? &ti[i - 1] : pad;
			const struct ner_tinfo *p2 = i > a + 1 ? &ti[i - 2] : pad;
			const struct ner_tinfo *n1 = i + 1 < b ? &ti[i + 1] : pad;
			const struct ner_tinfo *n2 = i + 2 < b ? &ti[i + 2] : pad;
			uint64_t cds = ds[i];
			uint32_t cg = gz[i];
			uint64_t *f = F + i * NER_MAX_FEATS;
			int k = 0;
			uint64_t first = i == a;

			k = ner_word_feats(c, f, k);
			f[k++] = ner_f1(14, p1->lw);
			f[k++] = ner_f1(15, n1->lw);
			f[k++] = ner_f1(16, p2->lw);
			f[k++] = ner_f1(17, n2->lw);
			f[k++] = ner_f1(18, p1->sshape);
			f[k++] = ner_f1(19, n1->sshape);
			f[k++] = ner_f1(20, p2->sshape);
			f[k++] = ner_f1(21, n2->sshape);
			/* Templates 22 to 25, 32 and 35 to 37 (word pairs and triples,
			 * neighbours' document casing, neighbours' gazetteer marks)
			 * were dropped in version 3: 0.17 F1 on eng.testa for a third
			 * of the context features. */
			f[k++] = ner_f2(26, c->sshape, n1->lw);
			f[k++] = ner_f2(27, first, c->sshape);
			f[k++] = ner_f2(28, cs, c->lw);
			f[k++] = ner_f2(29, cs, c->sshape);
			f[k++] = ner_f2(30, cs, cds);
			f[k++] = ner_f3(31, cs | first << 1, cds, c->sshape);
			f[k++] = ner_f1(33, p1->suf[2]);
			f[k++] = ner_f1(34, n1->suf[2]);
			if (g) {
				for (int ty = 0; ty < g->ntypes; ty++) {
					uint32_t m = cg >> (2 * ty) & 3;
					if (m)
						f[k++] = ner_f2(40, (uint64_t)ty, m);
					if (k >= NER_MAX_FEATS)
						break;
				}
			}
			NF[i] = (uint8_t)k;
		}
	}
	return WN_OK;
}
