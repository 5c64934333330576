/*
 * wn_batch: input lines read in batches, for the stages that run on
 * core/pool.h (dedup, tag). The main thread fills a batch with
 * wn_batch_read(): it reads straight into the batch's buffer (a few large
 * read(2) calls, no copy per line) and cuts it at line ends, at most
 * max_lines lines and about max_bytes bytes; workers then parse the lines
 * where they lie, and the batch is reused once taken back from the pool.
 *
 * Lines are those wn_reader (core/reader.h) hands out: without their
 * delimiter ('\n' or '\0'), a final line without one counts, a line longer
 * than the record cap is skipped whole (status WN_ERECBIG, never
 * truncated) and reading goes on after it. Memory is bounded by the cap
 * plus twice the batch size, whatever the input.
 *
 *     struct wn_batch_reader rd;
 *     struct wn_batch b;
 *     wn_batch_reader_init(&rd, fd, '\n', max_record, 2048, 1 << 20);
 *     if (wn_batch_init(&b, &rd)) ...out of memory...
 *     while ((rc = wn_batch_read(&rd, &b)) == WN_OK)
 *             ...b.line[0 .. b.n)...
 *     ...rc: WN_EOF at the end, WN_EIO (rd.err holds errno) or WN_ENOMEM...
 *     wn_batch_release(&b);
 *     wn_batch_reader_release(&rd);
 *
 * Library code: never prints; the caller reports errors.
 */
#ifndef WN_BATCH_H
#define WN_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct wn_batch_line {
	size_t off, len;  /* in raw, without the delimiter */
	uint64_t lineno;  /* 1-based line number in the input */
	int status;       /* WN_OK, or WN_ERECBIG: over the cap, skipped (len 0) */
};

struct wn_batch {
	struct wn_buf raw;            /* the lines, delimiters included */
	struct wn_batch_line *line;   /* max_lines entries */
	size_t n;                     /* lines in this batch */
	uint64_t bytes;               /* bytes read from the input for it */
};

struct wn_batch_reader {
	int fd;
	char delim;
	size_t max;        /* record cap */
	size_t max_lines;  /* lines per batch, at least 1 */
	size_t max_bytes;  /* a batch takes no new line past this many bytes */
	struct wn_buf carry;  /* bytes read past the last batch */
	int eof;
	int skipping;      /* inside a line over the cap */
	int err;           /* errno of the failed read, after WN_EIO */
	uint64_t lineno;   /* lines handed out so far */
	uint64_t bytes;    /* bytes read so far */
};

void wn_batch_reader_init(struct wn_batch_reader *rd, int fd, char delim, size_t max,
			  size_t max_lines, size_t max_bytes);
/* Starts over on another file descriptor (line numbers start again at 1),
 * keeping the settings and memory. */
void wn_batch_reader_reset(struct wn_batch_reader *rd, int fd);
void wn_batch_reader_release(struct wn_batch_reader *rd);

/* Sized for rd's settings. WN_OK or WN_ENOMEM. */
int wn_batch_init(struct wn_batch *b, const struct wn_batch_reader *rd);
/* NULL is fine. */
void wn_batch_release(struct wn_batch *b);

/*
 * Reads the next lines into b (emptied first). WN_OK with b->n >= 1;
 * WN_EOF at the end of the input (b->n is 0); WN_EIO when a read failed
 * (rd->err) or WN_ENOMEM: stop, b holds no lines to use.
 */
int wn_batch_read(struct wn_batch_reader *rd, struct wn_batch *b);

#endif
