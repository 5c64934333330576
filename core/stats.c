#include "core/stats.h"

#include <string.h>

void wn_stats_add(struct wn_stats *s, const char *name, uint64_t k)
{
	for (unsigned i = 0; i < s->n; i++)
		if (s->name[i] == name || strcmp(s->name[i], name) == 0) {
			s->count[i] += k;
			return;
		}
	if (s->n < WN_STATS_MAX) {
		s->name[s->n] = name;
		s->count[s->n++] = k;
	}
}

uint64_t wn_stats_get(const struct wn_stats *s, const char *name)
{
	for (unsigned i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0)
			return s->count[i];
	return 0;
}

void wn_stats_merge(struct wn_stats *a, const struct wn_stats *b)
{
	a->read += b->read;
	a->written += b->written;
	a->bytes_in += b->bytes_in;
	a->bytes_out += b->bytes_out;
	a->bad_utf8 += b->bad_utf8;
	for (unsigned i = 0; i < b->n; i++)
		wn_stats_add(a, b->name[i], b->count[i]);
}
