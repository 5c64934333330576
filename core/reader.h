/*
 * wn_reader: the one reader of winnow. It pulls bytes from a source
 * (a file descriptor, or any read callback such as a decompressor) and
 * cuts them into records at a delimiter ('\n' or '\0').
 *
 * A line handed out by wn_reader_next() is borrowed: it stays valid until
 * the next call. Memory is bounded by the record cap plus one read chunk: a
 * line longer than the cap is skipped whole (never truncated) and reported
 * as WN_ERECBIG, after which reading goes on with the next line.
 */
#ifndef WN_READER_H
#define WN_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/buf.h"

/* Reads up to n bytes into buf: returns the count, 0 at the end, -1 on error
 * (the source keeps its own message). */
typedef ssize_t (*wn_read_fn)(void *ctx, void *buf, size_t n);

struct wn_reader {
	wn_read_fn read;
	void *ctx;
	int fd;          /* for the fd source */
	char delim;
	size_t max;      /* record cap */
	char *buf;
	size_t cap, start, end;
	int eof;
	int err;         /* errno of a failed read, for the fd source */
	int skipping;    /* inside a line that is over the cap */
	uint64_t lineno; /* number of the line last returned (1-based) */
	uint64_t bytes;  /* bytes consumed from the source */
};

/* Reads from fd with read(2). */
void wn_reader_init_fd(struct wn_reader *r, int fd, char delim, size_t max);
/* Reads from a callback. */
void wn_reader_init_fn(struct wn_reader *r, wn_read_fn fn, void *ctx, char delim, size_t max);
void wn_reader_release(struct wn_reader *r);

/*
 * Hands out the next line without its delimiter (a final line without one
 * counts too). Returns WN_OK, WN_EOF, WN_ERECBIG (line `lineno` skipped:
 * call again), WN_EIO (the source failed: stop) or WN_ENOMEM.
 */
int wn_reader_next(struct wn_reader *r, const char **line, size_t *len);

/*
 * Consumes exactly n bytes after the last line: appended to dst, or skipped
 * when dst is NULL (any size, in constant memory). WN_OK; WN_EOF when the
 * stream ended first (*got says how many bytes there were); WN_EIO;
 * a wn_buf error when dst is full.
 */
int wn_reader_take(struct wn_reader *r, uint64_t n, struct wn_buf *dst, uint64_t *got);

/* Reads up to n bytes of whatever comes next (a parser that pulls raw bytes,
 * such as libxml2). Returns the count, 0 at the end, -1 on error. */
ssize_t wn_reader_read(struct wn_reader *r, void *buf, size_t n);

/* Offset in the source of the next unconsumed byte. */
static inline uint64_t wn_reader_offset(const struct wn_reader *r)
{
	return r->bytes - (r->end - r->start);
}

#endif
