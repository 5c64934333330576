#include "core/out.h"

#include <errno.h>
#include <stdint.h>
#include <unistd.h>

#include "core/error.h"
#include "core/limits.h"

void wn_out_init(struct wn_out *o, int fd)
{
	o->fd = fd;
	o->err = 0;
	o->bytes = 0;
	wn_buf_init(&o->buf, WN_WRITE_CHUNK);
}

static int write_all(struct wn_out *o, const char *p, size_t n)
{
	while (n > 0 && !o->err) {
		ssize_t k = write(o->fd, p, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			o->err = errno;
			break;
		}
		p += k;
		n -= (size_t)k;
		o->bytes += (unsigned long long)k;
	}
	return o->err ? WN_EIO : WN_OK;
}

int wn_out_flush(struct wn_out *o)
{
	int rc = WN_OK;

	if (o->buf.len)
		rc = write_all(o, o->buf.data, o->buf.len);
	wn_buf_reset(&o->buf);
	return o->err ? WN_EIO : rc;
}

int wn_out_write(struct wn_out *o, const void *p, size_t n)
{
	if (o->err)
		return WN_EIO;
	if (n >= WN_WRITE_CHUNK) {
		int rc = wn_out_flush(o);
		return rc ? rc : write_all(o, p, n);
	}
	if (o->buf.len + n > WN_WRITE_CHUNK) {
		int rc = wn_out_flush(o);
		if (rc)
			return rc;
	}
	return wn_buf_add(&o->buf, p, n) ? WN_EIO : WN_OK;
}

int wn_out_writev(struct wn_out *o, const struct iovec *iov, size_t n)
{
	size_t total = 0, i = 0, off = 0;

	if (o->err)
		return WN_EIO;
	for (size_t j = 0; j < n; j++)
		total += iov[j].iov_len;
	if (o->buf.len + total <= WN_WRITE_CHUNK) {
		for (size_t j = 0; j < n; j++)
			if (wn_buf_add(&o->buf, iov[j].iov_base, iov[j].iov_len))
				return WN_EIO;
		return WN_OK;
	}
	if (wn_out_flush(o))
		return WN_EIO;
	while (i < n) {
		struct iovec v[64];
		int k = 0;
		for (size_t j = i, o2 = off; j < n && k < 64; j++, o2 = 0, k++) {
			v[k].iov_base = (char *)iov[j].iov_base + o2;
			v[k].iov_len = iov[j].iov_len - o2;
		}
		ssize_t w = writev(o->fd, v, k);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			o->err = w < 0 ? errno : EIO;
			return WN_EIO;
		}
		o->bytes += (unsigned long long)w;
		/* Past what was written (a pipe may take only part). */
		size_t left = (size_t)w;
		while (i < n && left >= iov[i].iov_len - off) {
			left -= iov[i].iov_len - off;
			i++;
			off = 0;
		}
		off += left;
	}
	return WN_OK;
}

int wn_out_release(struct wn_out *o)
{
	int rc;

	if (!o)
		return WN_OK;
	rc = wn_out_flush(o);
	wn_buf_release(&o->buf);
	return rc;
}
