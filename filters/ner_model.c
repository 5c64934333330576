#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "filters/embed.h"
#include "filters/ner.h"
#include "filters/ner_model.h"

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint32_t ner_gaz_fingerprint(void)
{
	size_t n;
	const char *p = wn_embed_gazetteer(&n);

	return p ? (uint32_t)wn_hash64(p, n, 0) | 1 : 0;
}

int ner_model_open(struct ner_model *m, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t off, need;

	memset(m, 0, sizeof(*m));
	if (!p || n < NER_HEADER || memcmp(p, NER_MAGIC, 8) || ((uintptr_t)p & 7))
		return WN_ECORRUPT;
	if (rd32(p + 8) != NER_FEAT_VERSION)
		return WN_ECORRUPT;
	m->ntypes = (int)rd32(p + 12);
	m->ntags = (int)rd32(p + 16);
	m->scheme = (int)rd32(p + 20);
	m->cap = rd32(p + 24);
	m->nrows = rd32(p + 28);
	if (m->ntypes < 1 || m->ntypes > NER_MAX_TYPES || (m->scheme != NER_BIO && m->scheme != NER_BILOU) ||
	    m->ntags != ner_scheme_ntags(m->scheme, m->ntypes) || !m->cap || (m->cap & (m->cap - 1)) ||
	    m->nrows > m->cap)
		return WN_ECORRUPT;
	if (rd32(p + 32)) {
		if (rd32(p + 36) != ner_gaz_fingerprint())
			return WN_ECORRUPT;
		m->gaz = gaz_builtin();
		if (!m->gaz)
			return WN_ECORRUPT;
	}
	for (int t = 0; t < m->ntypes; t++) {
		memcpy(m->types[t], p + 40 + 16 * t, NER_TYPE_LEN);
		m->types[t][NER_TYPE_LEN - 1] = '\0';
	}
	off = NER_HEADER;
	m->trans = (const int32_t *)(const void *)(p + off);
	off += ((size_t)(m->ntags + 1) * (size_t)m->ntags * 4 + 7) & ~(size_t)7;
	m->slots = (const uint32_t *)(const void *)(p + off);
	off += (size_t)m->cap * 8;
	m->rows = (const int16_t *)(const void *)(p + off);
	need = off + (size_t)m->nrows * (size_t)m->ntags * 2;
	m->lowcap = rd32(p + 168);
	if (m->lowcap) {
		if (m->lowcap & (m->lowcap - 1))
			return WN_ECORRUPT;
		need = (need + 7) & ~(size_t)7;
		m->low = (const uint32_t *)(const void *)(p + need);
		need += (size_t)m->lowcap * 4;
	}
	if (need > n)
		return WN_ECORRUPT;
	/* Every row index must be in range. */
	for (uint32_t i = 0; i < m->cap; i++)
		if (m->slots[2 * i] && m->slots[2 * i + 1] >= m->nrows)
			return WN_ECORRUPT;
	return WN_OK;
}
