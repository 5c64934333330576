#include "core/text.h"

#include "core/error.h"
#include "core/utf8.h"

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
