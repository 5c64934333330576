#include "filters/topics.h"

#include <math.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "core/utf8.h"
#include "filters/topics_model.h"

#define FOLD_MAX 128

/* Hash of the case-folded word and, in *pre, of its first PREFIX_CHARS
 * characters when it is longer (a crude stem: "elections" ~ "elect"), or 0. */
#define PREFIX_CHARS 5

/* ASCII letters of 8 bytes (all below 0x80) in lower case: the bytes in
 * 'A'..'Z' get 0x20 added, without carries between bytes. */
static inline uint64_t lower8(uint64_t x)
{
	uint64_t ge_a = x + 0x3f3f3f3f3f3f3f3full, gt_z = x + 0x2525252525252525ull;

	return x | ((ge_a & ~gt_z & 0x8080808080808080ull) >> 2);
}

static uint64_t word_hash(const char *s, size_t n, uint64_t *pre)
{
	char buf[FOLD_MAX + 4];
	size_t k = 0, i = 0, kpre = 0;
	int chars = 0;

	/* All ASCII (most words): eight bytes at a time, the same bytes as the
	 * loop below writes. */
	if (n <= FOLD_MAX) {
		uint64_t any = 0;
		size_t j = 0;
		for (; j + 8 <= n; j += 8) {
			uint64_t x;
			memcpy(&x, s + j, 8);
			any |= x;
			x = lower8(x);
			memcpy(buf + j, &x, 8);
		}
		for (; j < n; j++) {
			unsigned char c = (unsigned char)s[j];
			any |= c;
			buf[j] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		if (!(any & 0x8080808080808080ull)) {
			*pre = n > PREFIX_CHARS + 1 ? wn_hash64(buf, PREFIX_CHARS, 0x7072656669780001ull)
						    : 0;
			return wn_hash64(buf, n, 0x746f706963730001ull);
		}
	}

	while (i < n && k < FOLD_MAX) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			buf[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
		} else {
			uint32_t cp;
			i += wn_utf8_decode(s + i, n - i, &cp);
			k += wn_utf8_encode(wn_uni_fold(cp), buf + k);
		}
		if (++chars == PREFIX_CHARS)
			kpre = k;
	}
	*pre = chars > PREFIX_CHARS + 1 ? wn_hash64(buf, kpre, 0x7072656669780001ull) : 0;
	return wn_hash64(buf, k, 0x746f706963730001ull + (i < n ? n : 0));
}

/* The buckets of one token: the word, the bigram ending at it, its prefix. */
static inline int token_buckets(const char *s, size_t n, uint64_t *prev, int first,
				unsigned flags, uint32_t mask, uint32_t b[3])
{
	uint64_t pre, h = word_hash(s, n, &pre);
	int k = 0;

	b[k++] = (uint32_t)h & mask;
	if (!first && (flags & TOPICS_F_BIGRAMS))
		b[k++] = (uint32_t)wn_mix64(*prev * 0x9E3779B97F4A7C15ull + h) & mask;
	if (pre && (flags & TOPICS_F_PREFIXES))
		b[k++] = (uint32_t)pre & mask;
	*prev = h;
	return k;
}

int topics_features(const char *text, size_t n, uint32_t nbuckets, unsigned flags,
		    size_t max_tokens, struct wn_buf *out)
{
	struct wn_tokenizer tk;
	struct wn_token tok;
	uint64_t prev = 0;
	size_t ntok = 0;
	int rc;

	wn_tok_init(&tk, text, n, 0);
	while (ntok < max_tokens && wn_tok_next(&tk, &tok)) {
		uint32_t b[3];
		int k = token_buckets(text + tok.start, tok.end - tok.start, &prev, ntok == 0, flags,
				      nbuckets - 1, b);
		if ((rc = wn_buf_add(out, b, (size_t)k * 4)))
			return rc;
		ntok++;
	}
	return WN_OK;
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int topics_model_open(struct topics_model *m, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t off;

	memset(m, 0, sizeof(*m));
	if (!p || n < TOPICS_HEADER || memcmp(p, TOPICS_MAGIC, 8) || ((uintptr_t)p & 7))
		return WN_ECORRUPT;
	m->nlabels = (int)rd32(p + 8);
	m->dim = (int)rd32(p + 12);
	m->nbuckets = rd32(p + 16);
	m->loss = (int)rd32(p + 20);
	m->flags = rd32(p + 24);
	if (m->loss != TOPICS_OVA && m->loss != TOPICS_SOFTMAX)
		return WN_ECORRUPT;
	if (m->nlabels < 1 || m->nlabels > TOPICS_MAX_LABELS || m->dim < 1 ||
	    m->dim > TOPICS_MAX_DIM || !m->nbuckets || (m->nbuckets & (m->nbuckets - 1)))
		return WN_ECORRUPT;
	for (int l = 0; l < m->nlabels; l++) {
		memcpy(m->labels[l], p + 32 + TOPICS_LABEL_LEN * l, TOPICS_LABEL_LEN);
		m->labels[l][TOPICS_LABEL_LEN - 1] = '\0';
	}
	off = TOPICS_HEADER;
	m->out = (const float *)(const void *)(p + off);
	off += (size_t)m->nlabels * (size_t)m->dim * 4;
	m->bias = (const float *)(const void *)(p + off);
	off += ((size_t)m->nlabels * 4 + 7) & ~(size_t)7;
	m->scale = (const float *)(const void *)(p + off);
	off += (size_t)m->nbuckets * 4;
	m->idf = (const float *)(const void *)(p + off);
	off += (size_t)m->nbuckets * 4;
	m->emb = (const int8_t *)(const void *)(p + off);
	off += (size_t)m->nbuckets * (size_t)m->dim;
	return off <= n ? WN_OK : WN_ECORRUPT;
}

static void add_rows(const struct topics_model *m, const uint32_t *b, int nb, float *h,
		     float *den)
{
	int dim = m->dim;

	for (int q = 0; q < nb; q++) {
		__builtin_prefetch(m->scale + b[q]);
		__builtin_prefetch(m->idf + b[q]);
		__builtin_prefetch(m->emb + (size_t)b[q] * (size_t)dim);
	}
#ifdef __SSE2__
	if (dim == 16) {
		/* The same products and sums as below, four lanes at a time
		 * (each lane rounds as the scalar code does: same results). */
		__m128 a0 = _mm_loadu_ps(h), a1 = _mm_loadu_ps(h + 4), a2 = _mm_loadu_ps(h + 8),
		       a3 = _mm_loadu_ps(h + 12);
		for (int q = 0; q < nb; q++) {
			float sc = m->scale[b[q]];
			if (sc == 0.0f)
				continue;
			float w = m->idf[b[q]];
			__m128 f = _mm_set1_ps(sc * w);
			__m128i r = _mm_loadu_si128((const __m128i *)(const void *)(m->emb +
										(size_t)b[q] * 16));
			__m128i lo = _mm_srai_epi16(_mm_unpacklo_epi8(r, r), 8);
			__m128i hi = _mm_srai_epi16(_mm_unpackhi_epi8(r, r), 8);
			a0 = _mm_add_ps(a0, _mm_mul_ps(f, _mm_cvtepi32_ps(_mm_srai_epi32(
							  _mm_unpacklo_epi16(lo, lo), 16))));
			a1 = _mm_add_ps(a1, _mm_mul_ps(f, _mm_cvtepi32_ps(_mm_srai_epi32(
							  _mm_unpackhi_epi16(lo, lo), 16))));
			a2 = _mm_add_ps(a2, _mm_mul_ps(f, _mm_cvtepi32_ps(_mm_srai_epi32(
							  _mm_unpacklo_epi16(hi, hi), 16))));
			a3 = _mm_add_ps(a3, _mm_mul_ps(f, _mm_cvtepi32_ps(_mm_srai_epi32(
							  _mm_unpackhi_epi16(hi, hi), 16))));
			*den += w;
		}
		_mm_storeu_ps(h, a0);
		_mm_storeu_ps(h + 4, a1);
		_mm_storeu_ps(h + 8, a2);
		_mm_storeu_ps(h + 12, a3);
		return;
	}
#endif
	for (int q = 0; q < nb; q++) {
		const int8_t *row = m->emb + (size_t)b[q] * (size_t)dim;
		float sc = m->scale[b[q]];
		if (sc == 0.0f)
			continue; /* never seen in training */
		float w = m->idf[b[q]];
		sc *= w;
		for (int j = 0; j < dim; j++)
			h[j] += sc * (float)row[j];
		*den += w;
	}
}

void topics_begin(struct topics_scorer *s)
{
	memset(s->h, 0, sizeof(s->h));
	s->den = 0;
	s->prev = 0;
	s->ntok = 0;
	s->nb = 0;
}

void topics_add_word(struct topics_scorer *s, const char *w, size_t n)
{
	const struct topics_model *m = s->m;

	if (s->ntok >= TOPICS_MAX_TOKENS)
		return;
	s->nb += token_buckets(w, n, &s->prev, s->ntok == 0, m->flags, m->nbuckets - 1,
			       s->b + s->nb);
	if (s->nb >= TOPICS_CHUNK) {
		add_rows(m, s->b, s->nb, s->h, &s->den);
		s->nb = 0;
	}
	s->ntok++;
}

void topics_finish(struct topics_scorer *s)
{
	const struct topics_model *m = s->m;
	const float *h = s->h;
	int dim = m->dim;

	add_rows(m, s->b, s->nb, s->h, &s->den);
	s->nb = 0;
	float inv = s->den > 0 ? 1.0f / s->den : 0.0f, mx = -1e30f, z = 0;
	for (int l = 0; l < m->nlabels; l++) {
		const float *w = m->out + (size_t)l * (size_t)dim;
		float sc = m->bias[l];
		for (int j = 0; j < dim; j++)
			sc += w[j] * h[j] * inv;
		s->score[l] = sc;
		if (sc > mx)
			mx = sc;
	}
	for (int l = 0; l < m->nlabels; l++) {
		if (m->loss == TOPICS_SOFTMAX) {
			s->score[l] = expf(s->score[l] - mx);
			z += s->score[l];
		} else {
			s->score[l] = 1.0f / (1.0f + expf(-s->score[l]));
		}
	}
	if (m->loss == TOPICS_SOFTMAX)
		for (int l = 0; l < m->nlabels; l++)
			s->score[l] /= z;
}

void topics_score(struct topics_scorer *s, const char *text, size_t n)
{
	struct wn_tokenizer tk;
	struct wn_token tok;

	/* The features of topics_features, summed in their order. */
	topics_begin(s);
	wn_tok_init(&tk, text, n, 0);
	while (s->ntok < TOPICS_MAX_TOKENS && wn_tok_next(&tk, &tok))
		topics_add_word(s, text + tok.start, tok.end - tok.start);
	topics_finish(s);
}
