#include "filters/dedup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"

#define BAND_SEED 0x6a09e667f3bcc909ull
/* Bands chosen automatically are limited so that the index stays under 256
 * bytes per document. */
#define AUTO_MAX_BANDS 10u

void dedup_opts_default(struct dedup_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->shape.bins = 128;
	o->shape.shingle = 5;
	o->shape.chars = 0;
	o->threshold = 0.5;
	o->containment = 0;
	o->max_candidates = 32;
}

double dedup_band_prob(double j, unsigned bands, unsigned rows)
{
	return 1.0 - pow(1.0 - pow(j, rows), bands);
}

void dedup_pick_bands(double j, unsigned bins, unsigned maxbands, unsigned *bands,
		      unsigned *rows)
{
	unsigned best_b = maxbands, best_r = 1;

	for (unsigned r = 1; r <= 32; r++) {
		unsigned b = 1;
		while (b <= maxbands && b * r <= bins && dedup_band_prob(j, b, r) < 0.99)
			b++;
		if (b > maxbands || b * r > bins)
			break;
		best_b = b;
		best_r = r;
	}
	if (best_b * best_r > bins)
		best_b = bins / best_r;
	*bands = best_b;
	*rows = best_r;
}

int dedup_init(struct dedup *d, const struct dedup_opts *o)
{
	memset(d, 0, sizeof(*d));
	d->o = *o;
	unsigned k = o->shape.bins;
	if (k < 16 || k > DEDUP_MAX_BINS || (k & (k - 1))) {
		snprintf(d->err, sizeof(d->err), "signature length must be a power of two from 16 to %u",
			 DEDUP_MAX_BINS);
		return WN_EINVAL;
	}
	if (o->shape.shingle < 1 || o->shape.shingle > DEDUP_MAX_SHINGLE) {
		snprintf(d->err, sizeof(d->err), "shingle size must be from 1 to %u",
			 DEDUP_MAX_SHINGLE);
		return WN_EINVAL;
	}
	if (!(o->threshold > 0 && o->threshold <= 1) || o->containment < 0 ||
	    o->containment > 1) {
		snprintf(d->err, sizeof(d->err), "thresholds must be in (0, 1]");
		return WN_EINVAL;
	}
	if (!d->o.bands || !d->o.rows) {
		/* Containment of a copy that kept a share c of the original's
		 * shingles shows as Jaccard c * C: aim the bands at the lower. */
		double j = o->threshold;
		if (o->containment > 0 && o->containment * 0.5 < j)
			j = o->containment * 0.5;
		dedup_pick_bands(j, k, AUTO_MAX_BANDS, &d->o.bands, &d->o.rows);
	}
	if (d->o.bands * d->o.rows > k || d->o.bands > DEDUP_MAX_BANDS) {
		snprintf(d->err, sizeof(d->err), "bands times rows must be at most the signature length");
		return WN_EINVAL;
	}
	if (!d->o.max_candidates)
		d->o.max_candidates = 32;
	d->sigbytes = k / 2;
	dedup_table_init(&d->exact_t);
	dedup_table_init(&d->band_t);
	return WN_OK;
}

void dedup_release(struct dedup *d)
{
	if (!d)
		return;
	free(d->sig);
	free(d->exact);
	free(d->nsh);
	free(d->dups);
	free(d->id_off);
	free(d->ids);
	free(d->cand);
	dedup_table_release(&d->exact_t);
	dedup_table_release(&d->band_t);
	memset(d, 0, sizeof(*d));
}

size_t dedup_bytes(const struct dedup *d)
{
	size_t per = d->sigbytes + sizeof(uint64_t) + sizeof(uint32_t);
	if (d->dups)
		per += sizeof(uint32_t);
	if (d->id_off)
		per += sizeof(uint64_t);
	return d->cap * per + d->ids_cap + dedup_table_bytes(&d->exact_t) +
	       dedup_table_bytes(&d->band_t) + d->cand_cap * sizeof(uint32_t);
}

static void pack(uint8_t *out, const uint32_t *bins, unsigned k)
{
	for (unsigned i = 0; i < k; i += 2)
		out[i / 2] = (uint8_t)((bins[i] & 15) | ((bins[i + 1] & 15) << 4));
}

/* Bins that agree between a packed kept signature and a query, 4 bits each. */
static unsigned agree(const uint8_t *a, const uint8_t *b, unsigned nbytes)
{
	unsigned differ = 0;
	size_t i = 0;
	for (; i + 8 <= nbytes; i += 8) {
		uint64_t x, y;
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		x ^= y;
		x |= x >> 1;
		x |= x >> 2;
		x &= 0x1111111111111111ull;         /* 1 per differing bin */
		x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full; /* per byte: 0..2 */
		differ += (unsigned)((x * 0x0101010101010101ull) >> 56);
	}
	for (; i < nbytes; i++) {
		unsigned x = a[i] ^ b[i];
		differ += ((x & 15) != 0) + ((x >> 4) != 0);
	}
	return nbytes * 2 - differ;
}

/* Jaccard estimated from b-bit agreement: unequal minima agree by chance
 * with probability 1/16 (Li and König, "b-Bit minwise hashing", 2010). */
static double estimate(unsigned agreeing, unsigned k)
{
	double m = (double)agreeing / k;
	double j = (m - 1.0 / 16) / (1.0 - 1.0 / 16);
	return j < 0 ? 0 : j > 1 ? 1 : j;
}

static uint32_t band_tag(const uint32_t *bins, unsigned band, unsigned rows)
{
	uint64_t h = wn_hash64(bins + (size_t)band * rows, rows * sizeof(uint32_t),
			       BAND_SEED + band);
	return (uint32_t)(h >> 32);
}

/* Bytes the next keep would add (growth of arrays and tables). */
static size_t growth_cost(const struct dedup *d, size_t idlen)
{
	size_t cost = 0;
	if (d->n == d->cap) {
		size_t per = d->sigbytes + 12 + (d->dups ? 4 : 0) + (d->id_off ? 8 : 0);
		cost += (d->cap ? d->cap / 2 : 1024) * per;
	}
	/* A growing table holds old and new slots for a moment. */
	if ((d->exact_t.n + 1) * 5 > d->exact_t.cap * 4)
		cost += dedup_table_bytes(&d->exact_t) * 3 / 2 + 8192;
	if ((d->band_t.n + d->o.bands) * 5 > d->band_t.cap * 4)
		cost += dedup_table_bytes(&d->band_t) * 3 / 2 + 8192;
	if (d->o.keep_ids && d->ids_len + idlen > d->ids_cap)
		cost += d->ids_cap / 2 + idlen + 4096;
	return cost;
}

static int grow_docs(struct dedup *d)
{
	size_t ncap = d->cap ? d->cap + d->cap / 2 : 1024, sz;
	if (ncap > UINT32_MAX - 1)
		ncap = UINT32_MAX - 1;
	if (ncap <= d->cap)
		return WN_ELIMIT;
#define GROW(ptr, elem)                                                              \
	do {                                                                         \
		if (wn_size_mul(ncap, (elem), &sz))                                  \
			return WN_ENOMEM;                                            \
		void *p_ = realloc((ptr), sz);                                       \
		if (!p_)                                                             \
			return WN_ENOMEM;                                            \
		(ptr) = p_;                                                          \
	} while (0)
	GROW(d->sig, d->sigbytes);
	GROW(d->exact, sizeof(uint64_t));
	GROW(d->nsh, sizeof(uint32_t));
	if (d->o.count_dups)
		GROW(d->dups, sizeof(uint32_t));
	if (d->o.keep_ids) {
		ncap++; /* n + 1 offsets */
		GROW(d->id_off, sizeof(uint64_t));
		ncap--;
		if (!d->cap)
			d->id_off[0] = 0;
	}
#undef GROW
	d->cap = ncap;
	return WN_OK;
}

static int add_id(struct dedup *d, const char *id, size_t idlen)
{
	if (d->ids_len + idlen > d->ids_cap) {
		size_t ncap = d->ids_cap ? d->ids_cap + d->ids_cap / 2 : 65536;
		if (ncap < d->ids_len + idlen && wn_size_add(d->ids_len, idlen, &ncap))
			return WN_ENOMEM;
		char *p = realloc(d->ids, ncap);
		if (!p)
			return WN_ENOMEM;
		d->ids = p;
		d->ids_cap = ncap;
	}
	if (idlen)
		memcpy(d->ids + d->ids_len, id, idlen);
	d->ids_len += idlen;
	return WN_OK;
}

/* Keeps the document: appends it and indexes it. */
static int keep(struct dedup *d, const struct dedup_key *key, const char *id, size_t idlen)
{
	int rc;
	if (d->n == d->cap && (rc = grow_docs(d)))
		return rc;
	uint32_t doc = (uint32_t)d->n;
	if (d->o.keep_ids && (rc = add_id(d, id, idlen)))
		return rc;
	if ((rc = dedup_table_insert(&d->exact_t, (uint32_t)(key->exact >> 32), doc, 0)))
		return rc;
	if (key->nshingles)
		for (unsigned b = 0; b < d->o.bands; b++)
			if ((rc = dedup_table_insert(&d->band_t, key->tags[b], doc,
						     d->o.max_candidates)))
				return rc;
	memcpy(d->sig + (size_t)doc * d->sigbytes, key->packed, d->sigbytes);
	d->exact[doc] = key->exact;
	d->nsh[doc] = key->nshingles;
	if (d->dups)
		d->dups[doc] = 0;
	if (d->id_off)
		d->id_off[doc + 1] = d->ids_len;
	d->n++;
	return WN_OK;
}

static int add_cand(struct dedup *d, uint32_t doc)
{
	for (size_t i = 0; i < d->ncand; i++)
		if (d->cand[i] == doc)
			return 0;
	if (d->ncand == d->cand_cap) {
		size_t ncap = d->cand_cap ? d->cand_cap * 2 : 64;
		uint32_t *p = realloc(d->cand, ncap * sizeof(*p));
		if (!p)
			return WN_ENOMEM;
		d->cand = p;
		d->cand_cap = ncap;
	}
	d->cand[d->ncand++] = doc;
	return 0;
}

void dedup_key_make(const struct dedup *d, const struct dedup_sig *sig, struct dedup_key *key)
{
	key->exact = sig->exact;
	key->nshingles = sig->nshingles;
	if (sig->nshingles) {
		pack(key->packed, sig->bins, d->o.shape.bins);
		for (unsigned b = 0; b < d->o.bands; b++)
			key->tags[b] = band_tag(sig->bins, b, d->o.rows);
	} else {
		memset(key->packed, 0, d->sigbytes);
	}
}

int dedup_decide(struct dedup *d, const struct dedup_key *key, const char *id, size_t idlen,
		 struct dedup_verdict *v)
{
	unsigned k = d->o.shape.bins;
	const uint8_t *packed = key->packed;
	struct dedup_probe p;
	uint32_t doc;
	int rc;

	memset(v, 0, sizeof(*v));
	/* Exact: same normalized-text hash, shingle count and signature. */
	dedup_table_probe(&d->exact_t, (uint32_t)(key->exact >> 32), &p);
	while (dedup_table_next(&d->exact_t, &p, &doc)) {
		if (d->exact[doc] == key->exact &&
		    (d->o.exact_hash_only ||
		     (d->nsh[doc] == key->nshingles &&
		      !memcmp(d->sig + (size_t)doc * d->sigbytes, packed, d->sigbytes)))) {
			v->reason = DEDUP_EXACT;
			v->of = doc;
			v->similarity = 1.0;
			goto found;
		}
	}

	if (key->nshingles) {
		const uint32_t *tags = key->tags;
		d->ncand = 0;
		/* Every band is a cache miss: start them all before probing. */
		for (unsigned b = 0; b < d->o.bands; b++)
			dedup_table_prefetch(&d->band_t, tags[b]);
		for (unsigned b = 0; b < d->o.bands; b++) {
			unsigned taken = 0;
			dedup_table_probe(&d->band_t, tags[b], &p);
			while (taken < d->o.max_candidates && dedup_table_next(&d->band_t, &p, &doc)) {
				if ((rc = add_cand(d, doc)))
					return rc;
				taken++;
			}
		}
		for (size_t i = 0; i < d->ncand; i++)
			__builtin_prefetch(d->sig + (size_t)d->cand[i] * d->sigbytes);
		double best_j = -1, best_c = -1;
		uint32_t best_jdoc = 0, best_cdoc = 0;
		for (size_t i = 0; i < d->ncand; i++) {
			uint32_t c = d->cand[i];
			if (!d->nsh[c])
				continue;
			d->verified++;
			double j = estimate(agree(d->sig + (size_t)c * d->sigbytes, packed, d->sigbytes), k);
			if (j >= d->o.threshold) {
				if (j > best_j || (j == best_j && c < best_jdoc)) {
					best_j = j;
					best_jdoc = c;
				}
			} else if (d->o.containment > 0) {
				/* |A ∩ B| = J (|A| + |B|) / (1 + J); containment of A
				 * (this document) in B = |A ∩ B| / |A|. */
				double a = key->nshingles, bsz = d->nsh[c];
				double cont = j * (a + bsz) / (1 + j) / a;
				if (cont > 1)
					cont = 1;
				if (cont >= d->o.containment &&
				    (cont > best_c || (cont == best_c && c < best_cdoc))) {
					best_c = cont;
					best_cdoc = c;
				}
			}
		}
		if (best_j >= 0) {
			v->reason = DEDUP_NEAR;
			v->of = best_jdoc;
			v->similarity = best_j;
			goto found;
		}
		if (best_c >= 0) {
			v->reason = DEDUP_CONTAINED;
			v->of = best_cdoc;
			v->similarity = best_c;
			goto found;
		}
	}

	if (d->o.max_memory &&
	    dedup_bytes(d) + d->other_bytes + growth_cost(d, idlen) > d->o.max_memory)
		return WN_ELIMIT;
	v->reason = DEDUP_KEEP;
	return keep(d, key, id, idlen);

found:
	if (d->dups && d->dups[v->of] < UINT32_MAX)
		d->dups[v->of]++;
	return WN_OK;
}

const char *dedup_id(const struct dedup *d, uint32_t doc, size_t *len)
{
	if (!d->id_off || doc >= d->n)
		return NULL;
	*len = (size_t)(d->id_off[doc + 1] - d->id_off[doc]);
	return d->ids + d->id_off[doc];
}
