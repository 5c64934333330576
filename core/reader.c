#include "core/reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/limits.h"

static ssize_t fd_read(void *ctx, void *buf, size_t n)
{
	struct wn_reader *r = ctx;
	ssize_t k;

	do
		k = read(r->fd, buf, n);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		r->err = errno;
	return k;
}

void wn_reader_init_fn(struct wn_reader *r, wn_read_fn fn, void *ctx, char delim, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->read = fn;
	r->ctx = ctx;
	r->fd = -1;
	r->delim = delim;
	r->max = max;
}

void wn_reader_init_fd(struct wn_reader *r, int fd, char delim, size_t max)
{
	wn_reader_init_fn(r, fd_read, NULL, delim, max);
	r->ctx = r;
	r->fd = fd;
}

void wn_reader_release(struct wn_reader *r)
{
	if (!r)
		return;
	free(r->buf);
	r->buf = NULL;
	r->cap = r->start = r->end = 0;
}

/* Reads more bytes after r->end, making room first. Returns bytes read,
 * 0 at EOF, or a negative wn_err. */
static long fill(struct wn_reader *r)
{
	ssize_t k;

	if (r->start > 0 && (r->start == r->end || r->end + WN_READ_CHUNK > r->cap)) {
		memmove(r->buf, r->buf + r->start, r->end - r->start);
		r->end -= r->start;
		r->start = 0;
	}
	if (r->cap - r->end < WN_READ_CHUNK) {
		/* The buffer never needs more than the cap plus one chunk. */
		size_t cap = r->cap ? r->cap * 2 : WN_READ_CHUNK * 2;
		size_t lim = r->max + 2 * WN_READ_CHUNK;
		if (cap > lim)
			cap = lim;
		if (cap < r->end + WN_READ_CHUNK)
			cap = r->end + WN_READ_CHUNK;
		char *p = realloc(r->buf, cap);
		if (!p)
			return WN_ENOMEM;
		r->buf = p;
		r->cap = cap;
	}
	k = r->read(r->ctx, r->buf + r->end, r->cap - r->end);
	if (k < 0)
		return WN_EIO;
	r->end += (size_t)k;
	r->bytes += (uint64_t)k;
	if (k == 0)
		r->eof = 1;
	return (long)k;
}

int wn_reader_next(struct wn_reader *r, const char **line, size_t *len)
{
	size_t scanned = 0; /* bytes after start already known to hold no delim */

	for (;;) {
		char *p = NULL;
		if (r->end > r->start + scanned)
			p = memchr(r->buf + r->start + scanned, r->delim,
				   r->end - r->start - scanned);
		if (p) {
			size_t n = (size_t)(p - (r->buf + r->start));
			const char *s = r->buf + r->start;
			r->start += n + 1;
			r->lineno++;
			if (r->skipping) {
				r->skipping = 0;
				return WN_ERECBIG;
			}
			if (n > r->max)
				return WN_ERECBIG;
			*line = s;
			*len = n;
			return WN_OK;
		}
		scanned = r->end - r->start;
		if (scanned > r->max) {
			/* Over the cap with no end in sight: drop what we have. */
			r->skipping = 1;
			r->start = r->end;
			scanned = 0;
		}
		if (r->eof) {
			if (r->end == r->start && !r->skipping)
				return WN_EOF;
			r->lineno++;
			if (r->skipping) {
				r->skipping = 0;
				r->start = r->end;
				return WN_ERECBIG;
			}
			*line = r->buf + r->start;
			*len = r->end - r->start;
			r->start = r->end;
			return WN_OK;
		}
		long k = fill(r);
		if (k < 0)
			return (int)k;
	}
}

int wn_reader_take(struct wn_reader *r, uint64_t n, struct wn_buf *dst, uint64_t *got)
{
	uint64_t done = 0;
	int rc = WN_OK;

	while (done < n) {
		if (r->start == r->end) {
			if (r->eof) {
				rc = WN_EOF;
				break;
			}
			long k = fill(r);
			if (k < 0) {
				rc = (int)k;
				break;
			}
			continue;
		}
		size_t m = r->end - r->start;
		if (m > n - done)
			m = (size_t)(n - done);
		if (dst) {
			rc = wn_buf_add(dst, r->buf + r->start, m);
			if (rc)
				break;
		}
		r->start += m;
		done += m;
	}
	if (got)
		*got = done;
	return rc;
}

ssize_t wn_reader_read(struct wn_reader *r, void *buf, size_t n)
{
	if (r->start == r->end) {
		if (r->eof)
			return 0;
		/* Straight from the source: no copy through our buffer. */
		ssize_t k = r->read(r->ctx, buf, n);
		if (k < 0)
			return -1;
		if (k == 0)
			r->eof = 1;
		r->bytes += (uint64_t)k;
		return k;
	}
	size_t m = r->end - r->start;
	if (m > n)
		m = n;
	memcpy(buf, r->buf + r->start, m);
	r->start += m;
	return (ssize_t)m;
}
