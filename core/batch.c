#include "core/batch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/limits.h"

void wn_batch_reader_init(struct wn_batch_reader *rd, int fd, char delim, size_t max,
			  size_t max_lines, size_t max_bytes)
{
	memset(rd, 0, sizeof(*rd));
	rd->fd = fd;
	rd->delim = delim;
	rd->max = max;
	rd->max_lines = max_lines ? max_lines : 1;
	rd->max_bytes = max_bytes ? max_bytes : 1;
	/* What a batch leaves over is at most a batch (see wn_batch_init). */
	wn_buf_init(&rd->carry, rd->max_bytes + max + WN_READ_CHUNK + 16);
}

void wn_batch_reader_reset(struct wn_batch_reader *rd, int fd)
{
	wn_buf_reset(&rd->carry);
	rd->fd = fd;
	rd->eof = rd->skipping = rd->err = 0;
	rd->lineno = rd->bytes = 0;
}

void wn_batch_reader_release(struct wn_batch_reader *rd)
{
	if (rd)
		wn_buf_release(&rd->carry);
}

int wn_batch_init(struct wn_batch *b, const struct wn_batch_reader *rd)
{
	memset(b, 0, sizeof(*b));
	/* Lines start below max_bytes; the one being read is at most the cap
	 * before it is dropped; then one more read. */
	wn_buf_init(&b->raw, rd->max_bytes + rd->max + WN_READ_CHUNK + 16);
	b->line = calloc(rd->max_lines, sizeof(*b->line));
	return b->line ? WN_OK : WN_ENOMEM;
}

void wn_batch_release(struct wn_batch *b)
{
	if (!b)
		return;
	wn_buf_release(&b->raw);
	free(b->line);
	memset(b, 0, sizeof(*b));
}

static void add_line(struct wn_batch_reader *rd, struct wn_batch *b, size_t off, size_t len,
		     int status)
{
	struct wn_batch_line *l = &b->line[b->n++];

	l->off = off;
	l->len = len;
	l->lineno = ++rd->lineno;
	l->status = status;
}

int wn_batch_read(struct wn_batch_reader *rd, struct wn_batch *b)
{
	struct wn_buf *raw = &b->raw;
	size_t start = 0; /* where the line being cut starts */
	size_t scan = 0;  /* raw[start, scan) holds no delimiter */
	int rc;

	wn_buf_reset(raw);
	b->n = 0;
	b->bytes = 0;
	if (rd->carry.len) {
		if ((rc = wn_buf_add(raw, rd->carry.data, rd->carry.len)))
			return rc == WN_ERECBIG ? WN_ENOMEM : rc;
		wn_buf_reset(&rd->carry);
	}
	for (;;) {
		while (b->n < rd->max_lines && start < rd->max_bytes && scan < raw->len) {
			char *p = memchr(raw->data + scan, rd->delim, raw->len - scan);
			if (!p) {
				scan = raw->len;
				break;
			}
			size_t end = (size_t)(p - raw->data);
			if (rd->skipping) {
				/* The end of a line over the cap: drop it whole. */
				size_t rest = raw->len - end - 1;
				memmove(raw->data + start, p + 1, rest);
				raw->len = start + rest;
				rd->skipping = 0;
				add_line(rd, b, start, 0, WN_ERECBIG);
				scan = start;
				continue;
			}
			size_t len = end - start;
			if (len > rd->max)
				add_line(rd, b, start, 0, WN_ERECBIG);
			else
				add_line(rd, b, start, len, WN_OK);
			start = scan = end + 1;
		}
		if (b->n == rd->max_lines || start >= rd->max_bytes)
			break;
		/* raw[start..] is an unfinished line. */
		if (raw->len - start > rd->max)
			rd->skipping = 1;
		if (rd->skipping)
			raw->len = scan = start;
		if (rd->eof) {
			if (rd->skipping) {
				rd->skipping = 0;
				add_line(rd, b, start, 0, WN_ERECBIG);
			} else if (raw->len > start) {
				add_line(rd, b, start, raw->len - start, WN_OK);
				start = raw->len;
			}
			break;
		}
		if ((rc = wn_buf_grow(raw, WN_READ_CHUNK)))
			return rc == WN_ERECBIG ? WN_ENOMEM : rc;
		ssize_t k;
		do
			k = read(rd->fd, raw->data + raw->len, WN_READ_CHUNK);
		while (k < 0 && errno == EINTR);
		if (k < 0) {
			rd->err = errno;
			b->n = 0;
			return WN_EIO;
		}
		if (k == 0)
			rd->eof = 1;
		raw->len += (size_t)k;
		raw->data[raw->len] = '\0';
		rd->bytes += (uint64_t)k;
		b->bytes += (uint64_t)k;
	}
	/* Bytes after the last line wait for the next batch. */
	if (raw->len > start) {
		if ((rc = wn_buf_add(&rd->carry, raw->data + start, raw->len - start)))
			return rc == WN_ERECBIG ? WN_ENOMEM : rc;
		raw->len = start;
		raw->data[start] = '\0';
	}
	return b->n ? WN_OK : WN_EOF;
}
