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

#define SEED 0x6e65726665617431ull

enum {
	F_CAP = 1,      /* first character is an upper-case letter */
	F_ALLCAP = 2,   /* letters, none lower-case */
	F_LOWER = 4,    /* first character is a lower-case letter */
	F_DIGIT = 8,    /* contains a digit */
	F_LETTER = 16,  /* contains a letter */
	F_LOWWORD = 32, /* starts with a lower-case letter; no capital, no digit */
};

struct tinfo {
	uint64_t w, lw, shape, sshape, docshape;
	uint64_t pre[4], suf[4];
	uint64_t gazh; /* gazetteer hash of the folded word */
	uint8_t npre, flags, len;
	uint32_t gaz;
};

static inline uint64_t f1(uint64_t t, uint64_t a)
{
	return wn_mix64(a ^ (t * 0x9E3779B97F4A7C15ull + SEED));
}

static inline uint64_t f2(uint64_t t, uint64_t a, uint64_t b)
{
	return wn_mix64(f1(t, a) ^ (b * 0xC2B2AE3D27D4EB4Full));
}

static inline uint64_t f3(uint64_t t, uint64_t a, uint64_t b, uint64_t c)
{
	return wn_mix64(f2(t, a, b) ^ (c * 0x165667B19E3779F9ull));
}

#define SHAPE_MAX 24

/* Analyses one token: hashes of the word, its folded form, shapes and
 * affixes of the folded form. */
static int analyse(struct tinfo *ti, const char *s, size_t n, struct wn_buf *fold)
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
			flags |= F_LETTER;
		if (k == 'd')
			flags |= F_DIGIT;
		if (nchar == 0) {
			if (k == 'X')
				flags |= F_CAP;
			else if (k == 'x')
				flags |= F_LOWER;
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
	if ((flags & F_LETTER) && !(flags & 64))
		flags |= F_ALLCAP;
	if ((flags & F_LOWER) && !(flags & (128 | F_DIGIT)))
		flags |= F_LOWWORD;
	ti->flags = (uint8_t)(flags & 63);
	ti->len = (uint8_t)(nchar > 20 ? 20 : nchar);
	ti->w = wn_hash64(s, n, SEED);
	ti->shape = wn_hash64(shape, ns, SEED + 1);
	ti->sshape = wn_hash64(sshape, nss, SEED + 2);

	wn_buf_reset(fold);
	if ((rc = wn_text_fold(fold, s, n)))
		return rc;
	const char *l = fold->data;
	size_t ln = fold->len;
	ti->lw = wn_hash64(l, ln, SEED + 3);
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
		ti->pre[k++] = wn_hash64(l, b, SEED + 4);
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
		ti->suf[ks++] = wn_hash64(l + e, ln - e, SEED + 5);
	}
	return WN_OK;
}

/* The document's casing table: folded word -> short shape of its first
 * occurrence in mixed-case text, not at the start of a sentence. */
struct dslot {
	uint64_t key, shape;
};

static int docmap_build(struct ner_tagger *t, const struct ner_doc *d, struct tinfo *ti,
			const uint8_t *caps_sent)
{
	size_t cap = 64, need;
	struct dslot *m;
	int rc;

	while (cap < 2 * d->n + 2)
		cap *= 2;
	if (wn_size_mul(cap, sizeof(struct dslot), &need))
		return WN_ERECBIG;
	wn_buf_reset(&t->docmap);
	if ((rc = wn_buf_grow(&t->docmap, need)))
		return rc;
	m = (struct dslot *)(void *)t->docmap.data;
	memset(m, 0, need);
	for (size_t s = 0; s < d->nsent; s++) {
		if (caps_sent[s])
			continue;
		for (size_t i = d->sents[s] + 1; i < d->sents[s + 1]; i++) {
			if (!(ti[i].flags & F_LETTER))
				continue;
			uint64_t key = ti[i].lw | 1;
			size_t j = key & (cap - 1);
			while (m[j].key && m[j].key != key)
				j = (j + 1) & (cap - 1);
			if (!m[j].key) {
				m[j].key = key;
				m[j].shape = ti[i].sshape;
			}
		}
	}
	for (size_t i = 0; i < d->n; i++) {
		uint64_t key = ti[i].lw | 1;
		size_t j = key & (cap - 1);
		while (m[j].key && m[j].key != key)
			j = (j + 1) & (cap - 1);
		ti[i].docshape = m[j].key ? m[j].shape : 0x9999;
	}
	return WN_OK;
}

int ner_features(struct ner_tagger *t, const struct gaz *g, const struct ner_doc *d)
{
	size_t n = d->n, need;
	struct tinfo *ti;
	uint64_t *hs;
	uint8_t *caps;
	int rc;

	if (wn_size_mul(n + 1, sizeof(struct tinfo) + 8 + 4 + 1, &need))
		return WN_ERECBIG;
	wn_buf_reset(&t->info);
	if ((rc = wn_buf_grow(&t->info, need + d->nsent + 16)))
		return rc;
	ti = (struct tinfo *)(void *)t->info.data;
	hs = (uint64_t *)(void *)(ti + n + 1);
	uint32_t *gz = (uint32_t *)(void *)(hs + n + 1);
	caps = (uint8_t *)(gz + n + 1);
	wn_buf_reset(&t->feats);
	wn_buf_reset(&t->nfeat);
	if (wn_size_mul(n, NER_MAX_FEATS * sizeof(uint64_t), &need))
		return WN_ERECBIG;
	if ((rc = wn_buf_grow(&t->feats, need)) || (rc = wn_buf_grow(&t->nfeat, n)))
		return rc;

	for (size_t i = 0; i < n; i++)
		if ((rc = analyse(&ti[i], d->w[i].s, d->w[i].n, &t->fold)))
			return rc;
	for (size_t s = 0; s < d->nsent; s++) {
		int letters = 0, lower = 0;
		for (size_t i = d->sents[s]; i < d->sents[s + 1]; i++) {
			if (ti[i].flags & F_LETTER)
				letters++;
			if ((ti[i].flags & F_LETTER) && !(ti[i].flags & F_ALLCAP))
				lower++;
		}
		caps[s] = letters > 0 && lower == 0;
	}
	if ((rc = docmap_build(t, d, ti, caps)))
		return rc;
	wn_buf_reset(&t->lowkey);
	wn_buf_reset(&t->forced);
	if ((rc = wn_buf_grow(&t->lowkey, n * 4 + 4)) || (rc = wn_buf_grow(&t->forced, n + 1)))
		return rc;
	uint32_t *lk = (uint32_t *)(void *)t->lowkey.data;
	uint8_t *forced = (uint8_t *)t->forced.data;
	const struct ner_model *m = t->m;
	for (size_t i = 0; i < n; i++) {
		lk[i] = ti[i].flags & F_LOWWORD ? (uint32_t)(ti[i].lw >> 32) | 1 : 0;
		forced[i] = 0;
		if (lk[i] && m && m->lowcap) {
			uint32_t mask = m->lowcap - 1, j = lk[i] & mask;
			while (m->low[j] && m->low[j] != lk[i])
				j = (j + 1) & mask;
			forced[i] = m->low[j] == 0;
		}
	}
	if (g) {
		if (g->fold)
			for (size_t i = 0; i < n; i++)
				hs[i] = ti[i].gazh;
		else
			gaz_hash_words(g, d->w, n, hs, &t->fold);
		gaz_mark(g, hs, n, gz);
		for (size_t i = 0; i < n; i++)
			ti[i].gaz = gz[i];
	}

	static const struct tinfo pad_info = {.w = 1, .lw = 1, .shape = 1, .sshape = 1};
	uint64_t *F = (uint64_t *)(void *)t->feats.data;
	uint8_t *NF = (uint8_t *)t->nfeat.data;
	for (size_t s = 0; s < d->nsent; s++) {
		size_t a = d->sents[s], b = d->sents[s + 1];
		uint64_t cs = caps[s];
		for (size_t i = a; i < b; i++) {
			const struct tinfo *c = &ti[i];
			if (forced[i]) {
				NF[i] = 0;
				continue;
			}
			const struct tinfo *p1 = i > a ? &ti[i - 1] : &pad_info;
			const struct tinfo *p2 = i > a + 1 ? &ti[i - 2] : &pad_info;
			const struct tinfo *n1 = i + 1 < b ? &ti[i + 1] : &pad_info;
			const struct tinfo *n2 = i + 2 < b ? &ti[i + 2] : &pad_info;
			uint64_t *f = F + i * NER_MAX_FEATS;
			int k = 0;
			uint64_t first = i == a;

			f[k++] = f1(1, 0);
			f[k++] = f1(2, c->w);
			f[k++] = f1(3, c->lw);
			f[k++] = f1(4, c->shape);
			f[k++] = f2(5, c->sshape, c->len);
			for (int j = 0; j < c->npre; j++)
				f[k++] = f1(6 + (uint64_t)j, c->pre[j]);
			for (int j = 0; j < 4 && c->suf[j]; j++)
				f[k++] = f1(10 + (uint64_t)j, c->suf[j]);
			f[k++] = f1(14, p1->lw);
			f[k++] = f1(15, n1->lw);
			f[k++] = f1(16, p2->lw);
			f[k++] = f1(17, n2->lw);
			f[k++] = f1(18, p1->sshape);
			f[k++] = f1(19, n1->sshape);
			f[k++] = f1(20, p2->sshape);
			f[k++] = f1(21, n2->sshape);
			f[k++] = f2(22, p1->lw, c->lw);
			f[k++] = f2(23, c->lw, n1->lw);
			f[k++] = f3(24, p1->sshape, c->sshape, n1->sshape);
			f[k++] = f2(25, c->sshape, p1->lw);
			f[k++] = f2(26, c->sshape, n1->lw);
			f[k++] = f2(27, first, c->sshape);
			f[k++] = f2(28, cs, c->lw);
			f[k++] = f2(29, cs, c->sshape);
			f[k++] = f2(30, cs, c->docshape);
			f[k++] = f3(31, cs | first << 1, c->docshape, c->sshape);
			f[k++] = f2(32, p1->w, c->sshape);
			f[k++] = f1(33, p1->suf[2]);
			f[k++] = f1(34, n1->suf[2]);
			f[k++] = f2(35, p1->docshape, n1->docshape);
			f[k++] = f3(36, p2->lw, p1->lw, c->sshape);
			f[k++] = f3(37, c->sshape, n1->lw, n2->lw);
			if (g) {
				for (int ty = 0; ty < g->ntypes; ty++) {
					uint32_t m = c->gaz >> (2 * ty) & 3;
					if (m)
						f[k++] = f2(40, (uint64_t)ty, m);
					if (p1->gaz >> (2 * ty) & 3)
						f[k++] = f2(41, (uint64_t)ty, p1->gaz >> (2 * ty) & 3);
					if (n1->gaz >> (2 * ty) & 3)
						f[k++] = f2(42, (uint64_t)ty, n1->gaz >> (2 * ty) & 3);
					if (k > NER_MAX_FEATS - 3)
						break;
				}
			}
			NF[i] = (uint8_t)k;
		}
	}
	return WN_OK;
}
