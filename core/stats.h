/*
 * wn_stats: what a stage did, as named counters kept in the order they were
 * first touched (so reports are deterministic). Every record read is
 * either written or counted under a "skipped: REASON" or "dropped: REASON"
 * counter; cmd/ prints the report.
 */
#ifndef WN_STATS_H
#define WN_STATS_H

#include <stdint.h>

#define WN_STATS_MAX 48

struct wn_stats {
	uint64_t read, written;
	uint64_t bytes_in, bytes_out;
	uint64_t bad_utf8; /* invalid sequences replaced by U+FFFD */
	unsigned n;
	const char *name[WN_STATS_MAX]; /* static strings */
	uint64_t count[WN_STATS_MAX];
};

/* Adds k to the counter `name` (a string literal or other static string). */
void wn_stats_add(struct wn_stats *s, const char *name, uint64_t k);
uint64_t wn_stats_get(const struct wn_stats *s, const char *name);
/* Adds every counter of b into a. */
void wn_stats_merge(struct wn_stats *a, const struct wn_stats *b);

#endif
