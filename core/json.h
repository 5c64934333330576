/*
 * JSON building blocks (RFC 8259): scanning a value without building it,
 * decoding a string, and encoding bytes as a string. The record parser in
 * record.c is made of these; stages that add fields use wn_json_add_string.
 *
 * Inputs are (pointer, length) spans and need not be NUL-terminated.
 */
#ifndef WN_JSON_H
#define WN_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* What a scan found besides the value's end. */
struct wn_json_scan {
	size_t ctrl;    /* raw control bytes (< 0x20) inside strings: invalid JSON */
};

/* Skips whitespace from *pos. */
static inline void wn_json_skip_ws(const char *s, size_t n, size_t *pos)
{
	size_t i = *pos;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	*pos = i;
}

/*
 * Scans one JSON value starting at s[*pos] (no leading whitespace) and
 * moves *pos past it. Raw control bytes inside strings are tolerated and
 * counted in sc (the caller decides); anything else invalid fails.
 * WN_OK or WN_ERECJSON.
 */
int wn_json_scan_value(const char *s, size_t n, size_t *pos, struct wn_json_scan *sc);

/* Scans a string starting at the opening quote; *pos ends past the closing
 * quote. Sets *has_escape when the string contains a backslash. */
int wn_json_scan_string(const char *s, size_t n, size_t *pos, int *has_escape,
			struct wn_json_scan *sc);

/*
 * Appends the decoded contents of a string literal s[0..n) (the bytes
 * between the quotes) to out. \u escapes become UTF-8; surrogate pairs are
 * joined and a lone surrogate becomes U+FFFD (counted in *nbad).
 */
int wn_json_decode_string(const char *s, size_t n, struct wn_buf *out, size_t *nbad);

/* Appends s[0..n) escaped for the inside of a JSON string (no quotes). */
int wn_json_escape(struct wn_buf *out, const char *s, size_t n);

/* Appends s[0..n) as a JSON string literal, quotes included. s must be
 * valid UTF-8; control characters, '"' and '\\' are escaped. */
int wn_json_add_string(struct wn_buf *out, const char *s, size_t n);

#endif
