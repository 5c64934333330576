#include "core/text.h"

#include "core/error.h"
#include "core/hash.h"
#include "core/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ASCII classes: 2 word, 1 space, 0 other; bytes >= 0x80 need decoding. */
static const uint8_t ascii_class[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0,
	0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
	0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
};

/* Class and length of the character at s[i]. */
static inline int char_at(const char *s, size_t n, size_t i, size_t *len, uint32_t *cpo)
{
	unsigned char c = (unsigned char)s[i];
	uint32_t cp;

	if (c < 0x80) {
		*len = 1;
		*cpo = c;
		return ascii_class[c];
	}
	*len = wn_utf8_decode(s + i, n - i, &cp);
	*cpo = cp;
	return wn_uni_class(cp);
}

static int is_digit_ascii(char c)
{
	return c >= '0' && c <= '9';
}

static int is_upper_ascii(char c)
{
	return c >= 'A' && c <= 'Z';
}

static int word_at(const char *s, size_t n, size_t i)
{
	size_t len;
	uint32_t cp;

	return i < n && char_at(s, n, i, &len, &cp) == WN_UNI_WORD;
}

void wn_tok_init(struct wn_tokenizer *t, const char *s, size_t n, unsigned flags)
{
	t->s = s;
	t->n = n;
	t->pos = 0;
	t->flags = flags;
}

int wn_tok_next(struct wn_tokenizer *t, struct wn_token *tok)
{
	const char *s = t->s;
	size_t n = t->n, i = t->pos, len;
	uint32_t cp;

	for (;;) {
		int cls;
		/* ASCII spaces and punctuation quickly. */
		while (i < n && (unsigned char)s[i] < 0x80 && ascii_class[(unsigned char)s[i]] != 2) {
			if (ascii_class[(unsigned char)s[i]] == 0 && (t->flags & WN_TOK_PUNCTUATION)) {
				tok->start = i;
				tok->end = i + 1;
				tok->kind = WN_TOK_PUNCT;
				t->pos = i + 1;
				return 1;
			}
			i++;
		}
		if (i >= n) {
			t->pos = n;
			return 0;
		}
		cls = char_at(s, n, i, &len, &cp);
		if (cls == WN_UNI_WORD)
			break;
		if (cls == WN_UNI_OTHER && (t->flags & WN_TOK_PUNCTUATION)) {
			tok->start = i;
			tok->end = i + len;
			tok->kind = WN_TOK_PUNCT;
			t->pos = i + len;
			return 1;
		}
		i += len;
	}

	size_t start = i;
	int all_digits = 1;
	/* Initialism: a capital, '.', and again (U.S., U.N.): take it whole. */
	if (is_upper_ascii(s[i]) && i + 3 < n && s[i + 1] == '.' && is_upper_ascii(s[i + 2]) &&
	    s[i + 3] == '.') {
		i += 4;
		while (i + 1 < n && is_upper_ascii(s[i]) && s[i + 1] == '.')
			i += 2;
		tok->start = start;
		tok->end = i;
		tok->kind = WN_TOK_WORD;
		t->pos = i;
		return 1;
	}
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			if (ascii_class[c] == 2) {
				if (!is_digit_ascii((char)c))
					all_digits = 0;
				i++;
				continue;
			}
			/* Joiners between word characters. */
			if ((c == '-' || c == '\'') && word_at(s, n, i + 1)) {
				all_digits = 0;
				i++;
				continue;
			}
			if ((c == '.' || c == ',') && all_digits && i + 1 < n &&
			    is_digit_ascii(s[i + 1])) {
				i++;
				continue;
			}
			break;
		}
		if (char_at(s, n, i, &len, &cp) != WN_UNI_WORD) {
			/* U+2019 (right single quote) joins like an apostrophe. */
			if (cp == 0x2019 && word_at(s, n, i + len)) {
				i += len;
				continue;
			}
			break;
		}
		all_digits = 0;
		i += len;
	}
	tok->start = start;
	tok->end = i;
	tok->kind = WN_TOK_WORD;
	t->pos = i;
	return 1;
}

int wn_text_fold(struct wn_buf *out, const char *s, size_t n)
{
	size_t i = 0;
	int rc = wn_buf_grow(out, n + 8);

	if (rc)
		return rc;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			rc = wn_buf_addc(out, (char)(c >= 'A' && c <= 'Z' ? c + 32 : c));
			i++;
		} else {
			uint32_t cp;
			char enc[4];
			size_t k = wn_utf8_decode(s + i, n - i, &cp);
			i += k;
			rc = wn_buf_add(out, enc, wn_utf8_encode(wn_uni_fold(cp), enc));
		}
		if (rc)
			return rc;
	}
	return WN_OK;
}

int wn_text_normalize(struct wn_buf *out, const char *s, size_t n)
{
	struct wn_tokenizer t;
	struct wn_token tok;
	int rc, first = 1;

	wn_tok_init(&t, s, n, 0);
	while (wn_tok_next(&t, &tok)) {
		if (!first) {
			rc = wn_buf_addc(out, ' ');
			if (rc)
				return rc;
		}
		first = 0;
		rc = wn_text_fold(out, s + tok.start, tok.end - tok.start);
		if (rc)
			return rc;
	}
	return out->data ? WN_OK : wn_buf_grow(out, 0);
}

/* Folds s[0..n) (one token) into hash state st: wn_text_fold's bytes,
 * streamed, for words too long for the caller's stack buffer. */
static uint64_t hash_folded_long(const char *s, size_t n, uint64_t seed)
{
	XXH3_state_t st;
	char tmp[256];

	/* Only called for words over 16 bytes: the same as wn_hash_word. */
	size_t i = 0, k = 0;

	XXH3_64bits_reset_withSeed(&st, seed);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (k + 4 > sizeof(tmp)) {
			XXH3_64bits_update(&st, tmp, k);
			k = 0;
		}
		if (c < 0x80) {
			tmp[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
		} else {
			uint32_t cp;
			i += wn_utf8_decode(s + i, n - i, &cp);
			k += wn_utf8_encode(wn_uni_fold(cp), tmp + k);
		}
	}
	XXH3_64bits_update(&st, tmp, k);
	return XXH3_64bits_digest(&st);
}

/* Hash of one token's folded form. */
static uint64_t hash_folded(const char *s, size_t n, uint64_t seed)
{
	char tmp[128];
	size_t i = 0, k = 0;

	if (n > sizeof(tmp) / 4)
		return hash_folded_long(s, n, seed);
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			tmp[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
		} else {
			uint32_t cp;
			i += wn_utf8_decode(s + i, n - i, &cp);
			k += wn_utf8_encode(wn_uni_fold(cp), tmp + k);
		}
	}
	return wn_hash_word(tmp, k, seed);
}

/* Tables for wn_text_word_hashes' ASCII fast path, consistent with
 * ascii_class (checked by tests/unit/test_dedup_text.c):
 * ascii_skip: ASCII space and punctuation (skipped between words);
 * ascii_fold: an ASCII word character's folded form, else 0;
 * ascii_ends: an ASCII byte after which a word cannot continue (not a word
 * character, not a joiner '-', '\'', '.', ','). Non-ASCII bytes: 0. */
static const uint8_t ascii_skip[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint8_t ascii_fold[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 0, 0, 0, 0, 0, 0,
	0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
	0, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
	112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint8_t ascii_ends[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/*
 * Whether wn_tok_next would end a word that starts at u[i] with a run of
 * `run` ASCII word characters there (u[i + run] exists and is not an ASCII
 * word character). 0 means "not sure": take the slow path.
 */
static inline int word_ends(const unsigned char *u, size_t n, size_t i, size_t run)
{
	size_t e = i + run;
	unsigned char c = u[e];

	if (ascii_ends[c])
		return 1;
	if (c >= 0x80) {
		/* A non-ASCII character ends the word unless it is a word
		 * character or the apostrophe U+2019. */
		uint32_t cp;
		wn_utf8_decode((const char *)u + e, n - e, &cp);
		return cp != 0x2019 && wn_uni_class(cp) != WN_UNI_WORD;
	}
	if (e + 1 >= n)
		return 1;
	unsigned char d = u[e + 1];
	if (c == '-' || c == '\'')
		return d < 0x80 && ascii_class[d] != WN_UNI_WORD;
	/* '.' or ',': joins digits to digits, and makes initialisms ("U.S.")
	 * of one-letter runs. */
	return run >= 2 && !(d >= '0' && d <= '9');
}

#ifdef __SSE2__
/* The first run of ASCII word characters in 16 bytes at p, folded: returns
 * its length (16: it may go on) and sets lo, hi to its bytes zero-padded. */
static inline unsigned simd_run(const unsigned char *p, uint64_t *lo, uint64_t *hi)
{
	static const unsigned char keep[32] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	__m128i c = _mm_loadu_si128((const __m128i *)p);
	/* c - lo + 128 maps [lo, lo + len) to the most negative bytes. */
	__m128i up = _mm_cmplt_epi8(_mm_add_epi8(c, _mm_set1_epi8((char)(128 - 'A'))),
				    _mm_set1_epi8((char)(-128 + 26)));
	__m128i low = _mm_cmplt_epi8(_mm_add_epi8(c, _mm_set1_epi8((char)(128 - 'a'))),
				     _mm_set1_epi8((char)(-128 + 26)));
	__m128i dig = _mm_cmplt_epi8(_mm_add_epi8(c, _mm_set1_epi8((char)(128 - '0'))),
				     _mm_set1_epi8((char)(-128 + 10)));
	unsigned word = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(up, low), dig));
	unsigned run = (unsigned)__builtin_ctz(~word | 0x10000u);
	__m128i folded = _mm_add_epi8(c, _mm_and_si128(up, _mm_set1_epi8(0x20)));
	folded = _mm_and_si128(folded, _mm_loadu_si128((const __m128i *)(keep + 16 - run)));
	uint64_t w[2];
	_mm_storeu_si128((__m128i *)w, folded);
	*lo = w[0];
	*hi = w[1];
	return run;
}
#endif

size_t wn_text_word_hashes(const char *s, size_t n, size_t *pos, uint64_t seed,
			   uint64_t *out, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = *pos, k = 0;
	char tmp[16];

	while (k < max) {
		while (i < n && ascii_skip[u[i]])
			i++;
		if (i >= n)
			break;
		if (ascii_fold[u[i]]) {
			size_t j = 0;
#ifdef __SSE2__
			if (n - i >= 17) {
				uint64_t lo, hi;
				unsigned run = simd_run(u + i, &lo, &hi);
				if (run < 16 && word_ends(u, n, i, run)) {
					out[k++] = wn_hash16(lo, hi, run, seed);
					i += run;
					continue;
				}
				goto slow;
			}
#endif
			{
				size_t start = i;
				unsigned char f;
				while (i < n && j < sizeof(tmp) && (f = ascii_fold[u[i]])) {
					tmp[j++] = (char)f;
					i++;
				}
				if (i >= n || word_ends(u, n, start, j)) {
					out[k++] = wn_hash_word(tmp, j, seed);
					continue;
				}
				i = start;
			}
		}
#ifdef __SSE2__
	slow:;
#endif
		struct wn_tokenizer t;
		struct wn_token tok;
		wn_tok_init(&t, s, n, 0);
		t.pos = i;
		if (!wn_tok_next(&t, &tok)) {
			i = n;
			break;
		}
		out[k++] = hash_folded(s + tok.start, tok.end - tok.start, seed);
		i = t.pos;
	}
	*pos = i;
	return k;
}
