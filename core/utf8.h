/*
 * UTF-8: validation, decoding one code point, encoding, and repair.
 * Invalid sequences (overlong forms, surrogates, values past U+10FFFF,
 * truncated or stray continuation bytes) are replaced by U+FFFD, one
 * replacement per maximal invalid subpart as the Unicode standard recommends.
 */
#ifndef WN_UTF8_H
#define WN_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

#define WN_UTF8_REPLACEMENT 0xFFFDu

/* Length of the valid UTF-8 prefix of s: equal to n when all of s is valid. */
size_t wn_utf8_valid_prefix(const char *s, size_t n);

static inline int wn_utf8_valid(const char *s, size_t n)
{
	return wn_utf8_valid_prefix(s, n) == n;
}

/*
 * Decodes the code point at s[0..n). Returns the number of bytes consumed
 * (at least 1 when n > 0) and sets *cp; an invalid sequence yields
 * WN_UTF8_REPLACEMENT and consumes its maximal invalid subpart.
 */
size_t wn_utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Writes cp as UTF-8 into out (4 bytes room). Returns bytes written;
 * surrogates and values past U+10FFFF are written as U+FFFD. */
size_t wn_utf8_encode(uint32_t cp, char *out);

/* Appends s to b with every invalid sequence replaced by U+FFFD; adds the
 * number of replacements to *nbad. WN_OK or a wn_buf error. */
int wn_utf8_repair(struct wn_buf *b, const char *s, size_t n, size_t *nbad);

/* True when byte c does not start a code point (a continuation byte). */
static inline int wn_utf8_is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

#endif
