/*
 * wn_buf: the one growable byte buffer of winnow, with a hard maximum.
 *
 * The buffer owns `data`. Growing past `max` fails with WN_ERECBIG and leaves
 * the contents untouched, so the caller can skip the record and count it; a
 * buffer is never truncated silently. `data` is always NUL-terminated when
 * non-NULL (the NUL is not counted in `len`), so it can be handed to C APIs.
 * Pointers into `data` are invalidated by any call that may grow it.
 */
#ifndef WN_BUF_H
#define WN_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct wn_buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max;
};

#define WN_BUF_INIT(maxbytes) { NULL, 0, 0, (maxbytes) }

void wn_buf_init(struct wn_buf *b, size_t max);
/* Frees the memory; the buffer may be reused after wn_buf_init. NULL is fine. */
void wn_buf_release(struct wn_buf *b);
/* Makes room for `extra` more bytes (plus the NUL). WN_OK, WN_ERECBIG or WN_ENOMEM. */
int wn_buf_grow(struct wn_buf *b, size_t extra);
int wn_buf_adds(struct wn_buf *b, const char *s);
/* Appends printf-style text; fails like wn_buf_add. */
int wn_buf_addf(struct wn_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends v in decimal (what "%llu" writes, without printf's cost). */
int wn_buf_addu(struct wn_buf *b, unsigned long long v);
int wn_buf_setlen(struct wn_buf *b, size_t len);
/* Empties the buffer, keeping its memory. */
static inline void wn_buf_reset(struct wn_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

/* Appends p[0..n). Inline: hot loops append small fixed-size items. */
static inline int wn_buf_add(struct wn_buf *b, const void *p, size_t n)
{
	if (n == 0)
		return b->data ? 0 : wn_buf_grow(b, 0);
	if (b->len + n >= b->cap || b->len + n < b->len) {
		int rc = wn_buf_grow(b, n);
		if (rc)
			return rc;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

static inline int wn_buf_addc(struct wn_buf *b, char c)
{
	if (b->len + 1 >= b->cap) {
		int rc = wn_buf_grow(b, 1);
		if (rc)
			return rc;
	}
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
	return 0;
}

/* Overflow-checked size arithmetic: return 0 and set *out, or -1 on overflow. */
static inline int wn_size_add(size_t a, size_t b, size_t *out)
{
	if (a > SIZE_MAX - b)
		return -1;
	*out = a + b;
	return 0;
}

static inline int wn_size_mul(size_t a, size_t b, size_t *out)
{
	if (b && a > SIZE_MAX / b)
		return -1;
	*out = a * b;
	return 0;
}

#endif
