#include "core/utf8.h"

#include <string.h>

#include "core/error.h"

/*
 * Decodes one sequence; returns its length if valid (setting *cp), or
 * 0 - (length of the maximal invalid subpart) if not.
 */
static long utf8_step(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return -1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi)
			return -(long)i;
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return (long)need + 1;
}

size_t wn_utf8_valid_prefix(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	uint32_t cp;

	while (i < n) {
		/* ASCII fast path, eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, s + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		long k = utf8_step(s + i, n - i, &cp);
		if (k < 0)
			return i;
		i += (size_t)k;
	}
	return n;
}

size_t wn_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	long k;

	if (n == 0) {
		*cp = WN_UTF8_REPLACEMENT;
		return 0;
	}
	k = utf8_step((const unsigned char *)s, n, cp);
	if (k < 0) {
		*cp = WN_UTF8_REPLACEMENT;
		return (size_t)-k;
	}
	return (size_t)k;
}

size_t wn_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = WN_UTF8_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

int wn_utf8_repair(struct wn_buf *b, const char *s, size_t n, size_t *nbad)
{
	size_t i = 0;
	int rc;

	while (i < n) {
		size_t ok = wn_utf8_valid_prefix(s + i, n - i);
		rc = wn_buf_add(b, s + i, ok);
		if (rc)
			return rc;
		i += ok;
		if (i < n) {
			uint32_t cp;
			i += wn_utf8_decode(s + i, n - i, &cp);
			rc = wn_buf_add(b, "\xEF\xBF\xBD", 3);
			if (rc)
				return rc;
			(*nbad)++;
		}
	}
	return WN_OK;
}
