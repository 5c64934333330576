#include "core/json.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/error.h"
#include "core/limits.h"
#include "core/utf8.h"

int wn_json_scan_string(const char *s, size_t n, size_t *pos, int *has_escape,
			struct wn_json_scan *sc)
{
	size_t i = *pos + 1;

	*has_escape = 0;
	for (;;) {
		/* Jump to the next byte that needs a look. */
		while (i < n) {
			unsigned char c = (unsigned char)s[i];
			if (c == '"' || c == '\\' || c < 0x20)
				break;
			i++;
		}
		if (i >= n)
			return WN_ERECJSON;
		if (s[i] == '"') {
			*pos = i + 1;
			return WN_OK;
		}
		if (s[i] == '\\') {
			*has_escape = 1;
			if (i + 1 >= n)
				return WN_ERECJSON;
			switch (s[i + 1]) {
			case '"': case '\\': case '/': case 'b': case 'f':
			case 'n': case 'r': case 't':
				i += 2;
				break;
			case 'u':
				if (i + 6 > n)
					return WN_ERECJSON;
				for (size_t k = 2; k < 6; k++) {
					char h = s[i + k];
					if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') ||
					      (h >= 'A' && h <= 'F')))
						return WN_ERECJSON;
				}
				i += 6;
				break;
			default:
				return WN_ERECJSON;
			}
			continue;
		}
		sc->ctrl++; /* raw control byte */
		i++;
	}
}

static int scan_number(const char *s, size_t n, size_t *pos)
{
	size_t i = *pos;

	if (i < n && s[i] == '-')
		i++;
	if (i >= n)
		return WN_ERECJSON;
	if (s[i] == '0') {
		i++;
	} else if (s[i] >= '1' && s[i] <= '9') {
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	} else {
		return WN_ERECJSON;
	}
	if (i < n && s[i] == '.') {
		i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return WN_ERECJSON;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || s[i] < '0' || s[i] > '9')
			return WN_ERECJSON;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	*pos = i;
	return WN_OK;
}

static int scan_literal(const char *s, size_t n, size_t *pos, const char *lit)
{
	size_t k = strlen(lit);

	if (n - *pos < k || memcmp(s + *pos, lit, k) != 0)
		return WN_ERECJSON;
	*pos += k;
	return WN_OK;
}

/* Iterative over a small explicit stack so hostile nesting costs no C stack. */
int wn_json_scan_value(const char *s, size_t n, size_t *pos, struct wn_json_scan *sc)
{
	char stack[WN_MAX_JSON_DEPTH];
	size_t depth = 0, i = *pos;
	int esc, rc;

	for (;;) {
		/* Expect a value at i. */
		wn_json_skip_ws(s, n, &i);
		if (i >= n)
			return WN_ERECJSON;
		switch (s[i]) {
		case '{':
		case '[':
			if (depth == WN_MAX_JSON_DEPTH)
				return WN_ERECJSON;
			stack[depth++] = s[i];
			i++;
			wn_json_skip_ws(s, n, &i);
			if (i < n && s[i] == (stack[depth - 1] == '{' ? '}' : ']')) {
				i++;
				depth--;
				goto after_value;
			}
			if (stack[depth - 1] == '{')
				goto object_key;
			continue;
		case '"':
			rc = wn_json_scan_string(s, n, &i, &esc, sc);
			break;
		case 't':
			rc = scan_literal(s, n, &i, "true");
			break;
		case 'f':
			rc = scan_literal(s, n, &i, "false");
			break;
		case 'n':
			rc = scan_literal(s, n, &i, "null");
			break;
		default:
			rc = scan_number(s, n, &i);
			break;
		}
		if (rc)
			return rc;
after_value:
		for (;;) {
			if (depth == 0) {
				*pos = i;
				return WN_OK;
			}
			wn_json_skip_ws(s, n, &i);
			if (i >= n)
				return WN_ERECJSON;
			char close = stack[depth - 1] == '{' ? '}' : ']';
			if (s[i] == close) {
				i++;
				depth--;
				continue;
			}
			if (s[i] != ',')
				return WN_ERECJSON;
			i++;
			if (stack[depth - 1] == '{')
				goto object_key;
			break; /* next array element */
		}
		continue;
object_key:
		wn_json_skip_ws(s, n, &i);
		if (i >= n || s[i] != '"')
			return WN_ERECJSON;
		rc = wn_json_scan_string(s, n, &i, &esc, sc);
		if (rc)
			return rc;
		wn_json_skip_ws(s, n, &i);
		if (i >= n || s[i] != ':')
			return WN_ERECJSON;
		i++;
	}
}

static int hexval(char h)
{
	if (h >= '0' && h <= '9')
		return h - '0';
	if (h >= 'a' && h <= 'f')
		return h - 'a' + 10;
	return h - 'A' + 10;
}

static uint32_t hex4(const char *p)
{
	return (uint32_t)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 |
			  hexval(p[3]));
}

int wn_json_decode_string(const char *s, size_t n, struct wn_buf *out, size_t *nbad)
{
	size_t i = 0;
	int rc;

	rc = wn_buf_grow(out, n); /* decoded is never longer than encoded */
	if (rc)
		return rc;
	while (i < n) {
		const char *bs = memchr(s + i, '\\', n - i);
		size_t run = bs ? (size_t)(bs - (s + i)) : n - i;
		memcpy(out->data + out->len, s + i, run);
		out->len += run;
		i += run;
		if (i >= n)
			break;
		if (i + 1 >= n)
			return WN_ERECJSON;
		char e = s[i + 1], c;
		switch (e) {
		case '"': c = '"'; break;
		case '\\': c = '\\'; break;
		case '/': c = '/'; break;
		case 'b': c = '\b'; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'u': {
			uint32_t cp;
			if (i + 6 > n)
				return WN_ERECJSON;
			cp = hex4(s + i + 2);
			i += 6;
			if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= n && s[i] == '\\' &&
			    s[i + 1] == 'u') {
				uint32_t lo = hex4(s + i + 2);
				if (lo >= 0xDC00 && lo <= 0xDFFF) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
					i += 6;
				}
			}
			if (cp >= 0xD800 && cp <= 0xDFFF) {
				cp = WN_UTF8_REPLACEMENT;
				(*nbad)++;
			}
			/* "\uXXXX" is 6 bytes and UTF-8 at most 4: room is there, except
			 * for a pair (12 bytes to 4), also fine. */
			out->len += wn_utf8_encode(cp, out->data + out->len);
			continue;
		}
		default:
			return WN_ERECJSON;
		}
		out->data[out->len++] = c;
		i += 2;
	}
	out->data[out->len] = '\0';
	return WN_OK;
}

/* Which bytes need escaping in a string literal. */
static const unsigned char needs_escape[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, ['\\'] = 1,
};

/* SWAR: does any of the 8 bytes in w need escaping (< 0x20, '"', '\\')?
 * Exact as a yes/no (the "hasless"/"haszero" bit tricks). */
static inline int word_needs_escape(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	uint64_t q = w ^ (ones * 0x22), b = w ^ (ones * 0x5c);

	return (((w - ones * 0x20) & ~w) | ((q - ones) & ~q) | ((b - ones) & ~b)) & highs ? 1 : 0;
}

/* Length of the prefix of s that needs no escaping. */
static size_t plain_run(const char *s, size_t n)
{
	size_t j = 0;

#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i ctl = _mm_set1_epi8(0x1f);
	while (j + 16 <= n) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
		/* max(v, 0x1f) == 0x1f exactly when v <= 0x1f (unsigned) */
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
						      _mm_cmpeq_epi8(v, bslash)),
					 _mm_cmpeq_epi8(_mm_max_epu8(v, ctl), ctl));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return j + (size_t)__builtin_ctz((unsigned)bits);
		j += 16;
	}
#endif
	while (j + 8 <= n) {
		uint64_t w;
		memcpy(&w, s + j, 8);
		if (word_needs_escape(w))
			break;
		j += 8;
	}
	while (j < n && !needs_escape[(unsigned char)s[j]])
		j++;
	return j;
}

int wn_json_escape(struct wn_buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;
	int rc;

	/* Room for the common case (little to escape); grows as needed. */
	rc = wn_buf_grow(out, n + n / 16 < out->max - out->len ? n + n / 16 : n);
	if (rc)
		return rc;
	while (i < n) {
		size_t j = i + plain_run(s + i, n - i);
		rc = wn_buf_add(out, s + i, j - i);
		if (rc)
			return rc;
		i = j;
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i++];
		char esc[6] = {'\\', 0, 0, 0, 0, 0};
		size_t k = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			k = 6;
		}
		rc = wn_buf_add(out, esc, k);
		if (rc)
			return rc;
	}
	return WN_OK;
}

int wn_json_add_string(struct wn_buf *out, const char *s, size_t n)
{
	int rc = wn_buf_addc(out, '"');

	if (rc == WN_OK)
		rc = wn_json_escape(out, s, n);
	return rc ? rc : wn_buf_addc(out, '"');
}
