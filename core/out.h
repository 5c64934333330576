/*
 * wn_out: buffered output to a file descriptor, with the first write error
 * kept (errno) so the command can turn it into a failing exit. Stages write
 * records into a wn_buf and hand it here; nothing else writes stdout.
 */
#ifndef WN_OUT_H
#define WN_OUT_H

#include <stddef.h>
#include <sys/uio.h>

#include "core/buf.h"

struct wn_out {
	int fd;
	int err;            /* errno of the first failed write, or 0 */
	struct wn_buf buf;
	unsigned long long bytes; /* bytes handed to write(2) */
};

void wn_out_init(struct wn_out *o, int fd);
/* Queues bytes; flushes when the buffer is full. WN_OK or WN_EIO. */
int wn_out_write(struct wn_out *o, const void *p, size_t n);
int wn_out_flush(struct wn_out *o);
/* Writes n pieces after what is queued. Large writes go straight from the
 * caller's memory with writev(2) (no copy); small ones are queued. WN_OK or
 * WN_EIO. */
int wn_out_writev(struct wn_out *o, const struct iovec *iov, size_t n);
/* Flushes and frees the buffer (does not close fd). Returns WN_EIO if any
 * write failed. NULL is fine. */
int wn_out_release(struct wn_out *o);

#endif
