#include "filters/dedup_lines.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"

#define LINE_SEED 0x3c6ef372fe94f82bull

void dedup_lines_init(struct dedup_lines *l, unsigned times, size_t min, size_t max_text)
{
	memset(l, 0, sizeof(*l));
	l->times = times;
	l->min = min;
	wn_buf_init(&l->clean, max_text + 16);
}

void dedup_lines_release(struct dedup_lines *l)
{
	if (!l)
		return;
	free(l->tab);
	free(l->pending);
	wn_buf_release(&l->clean);
	memset(l, 0, sizeof(*l));
}

size_t dedup_lines_bytes(const struct dedup_lines *l)
{
	return l->cap * sizeof(*l->tab) + l->pending_cap * sizeof(uint64_t) + l->clean.cap;
}

/* Hash of a line's normalized words (never 0); 0 when it has none. */
static uint64_t line_hash(const char *s, size_t n)
{
	uint64_t w[256], e = 0;
	size_t pos = 0, got, count = 0;

	while ((got = wn_text_word_hashes(s, n, &pos, LINE_SEED, w, 256))) {
		for (size_t j = 0; j < got; j++)
			e = e * 0x9e3779b97f4a7c15ull + w[j];
		count += got;
	}
	if (!count)
		return 0;
	e = wn_mix64(e ^ count);
	return e ? e : 1;
}

static struct dedup_line_entry *find(const struct dedup_lines *l, uint64_t h)
{
	if (!l->cap)
		return NULL;
	size_t mask = l->cap - 1, i = (size_t)h & mask;
	while (l->tab[i].hash) {
		if (l->tab[i].hash == h)
			return &l->tab[i];
		i = (i + 1) & mask;
	}
	return &l->tab[i];
}

int dedup_lines_reserve(struct dedup_lines *l, size_t cap)
{
	struct dedup_line_entry *old = l->tab;
	size_t oldcap = l->cap;
	struct dedup_line_entry *t = calloc(cap, sizeof(*t));

	if (!t)
		return WN_ENOMEM;
	l->tab = t;
	l->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].hash)
			*find(l, old[i].hash) = old[i];
	free(old);
	return WN_OK;
}

static int pending_add(struct dedup_lines *l, uint64_t h)
{
	if (l->npending == l->pending_cap) {
		size_t ncap = l->pending_cap ? l->pending_cap * 2 : 256;
		uint64_t *p = realloc(l->pending, ncap * sizeof(*p));
		if (!p)
			return WN_ENOMEM;
		l->pending = p;
		l->pending_cap = ncap;
	}
	l->pending[l->npending++] = h;
	return WN_OK;
}

int dedup_lines_hash(size_t min, const char *text, size_t n, struct wn_buf *out)
{
	size_t i = 0;
	int rc;

	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - text) : n;
		if (end - i >= min) {
			uint64_t h = line_hash(text + i, end - i);
			if ((rc = wn_buf_add(out, &h, sizeof(h))))
				return rc;
		}
		i = nl ? end + 1 : n;
	}
	return WN_OK;
}

/* With given: hashes holds one per line of at least l->min bytes; else
 * they are computed here. */
static int clean(struct dedup_lines *l, const char *text, size_t n, int given,
		 const uint64_t *hashes, size_t nhashes, int *changed, int *gone)
{
	size_t i = 0, substantial = 0, k = 0;
	int rc;

	*changed = *gone = 0;
	l->npending = 0;
	l->cur_lines = l->cur_bytes = 0;
	wn_buf_reset(&l->clean);
	if ((rc = wn_buf_grow(&l->clean, n)))
		return rc;
	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - text) : n;
		size_t len = end - i, next = nl ? end + 1 : n;
		int drop = 0;

		if (len >= l->min) {
			uint64_t h;
			if (given) {
				if (k == nhashes)
					return WN_EINVAL;
				h = hashes[k++];
			} else {
				h = line_hash(text + i, len);
			}
			if (h) {
				const struct dedup_line_entry *e = find(l, h);
				if (e && e->hash && e->count >= l->times)
					drop = 1;
				else
					substantial++;
				if ((rc = pending_add(l, h)))
					return rc;
			}
		}
		if (drop) {
			l->cur_lines++;
			l->cur_bytes += next - i;
			*changed = 1;
		} else {
			wn_buf_add(&l->clean, text + i, next - i);
		}
		i = next;
	}
	if (given && k != nhashes)
		return WN_EINVAL;
	/* A removed last line leaves the newline before it dangling. */
	if (*changed && l->clean.len && l->clean.data[l->clean.len - 1] == '\n' &&
	    (n == 0 || text[n - 1] != '\n'))
		l->clean.len--, l->clean.data[l->clean.len] = '\0';
	*gone = *changed && substantial == 0;
	return WN_OK;
}

int dedup_lines_clean(struct dedup_lines *l, const char *text, size_t n, int *changed,
		      int *gone)
{
	return clean(l, text, n, 0, NULL, 0, changed, gone);
}

int dedup_lines_clean_hashed(struct dedup_lines *l, const char *text, size_t n,
			     const uint64_t *hashes, size_t nhashes, int *changed, int *gone)
{
	return clean(l, text, n, 1, hashes, nhashes, changed, gone);
}

int dedup_lines_commit(struct dedup_lines *l)
{
	uint32_t mark = l->docs + 1;

	for (size_t j = 0; j < l->npending; j++) {
		if ((l->n + 1) * 10 > l->cap * 7) {
			int rc = dedup_lines_reserve(l, l->cap ? l->cap * 2 : 4096);
			if (rc)
				return rc;
		}
		struct dedup_line_entry *e = find(l, l->pending[j]);
		if (!e->hash) {
			e->hash = l->pending[j];
			e->count = 1;
			e->last = mark;
			l->n++;
		} else if (e->last != mark) {
			if (e->count < UINT32_MAX)
				e->count++;
			e->last = mark;
		}
	}
	l->docs++;
	l->removed_lines += l->cur_lines;
	l->removed_bytes += l->cur_bytes;
	l->npending = 0;
	return WN_OK;
}
