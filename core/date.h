/*
 * Dates as feeds and web pages write them, to one form: ISO 8601 in UTC,
 * "2019-11-19T13:03:00Z". Shared by the html and feed modules.
 *
 * Read: ISO 8601 / RFC 3339 ("2019-11-19", "2019-11-19T13:03:00.5+01:00",
 * a space for the T, "+0100" offsets) and RFC 822 / RFC 1123 as in RSS
 * ("Tue, 19 Nov 2019 13:03:00 GMT", 2-digit years, zone names UT, GMT,
 * EST..PDT, military Z, numeric offsets). A time without a zone is taken as
 * UTC. Leading and trailing spaces are ignored; anything else fails.
 */
#ifndef WN_DATE_H
#define WN_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Seconds since 1970-01-01T00:00:00Z; 0 on success, -1 if s is not a date. */
int wn_date_parse(const char *s, size_t n, int64_t *t);

/* Appends t as "YYYY-MM-DDTHH:MM:SSZ" (years 0000-9999; others fail). */
int wn_date_format(int64_t t, struct wn_buf *out);

/* Parses s and appends its ISO form to out; -1 (out untouched) when s is not
 * a date. */
int wn_date_normalize(const char *s, size_t n, struct wn_buf *out);

#endif
