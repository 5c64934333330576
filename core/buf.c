#include "core/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/error.h"

void wn_buf_init(struct wn_buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void wn_buf_release(struct wn_buf *b)
{
	if (!b)
		return;
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

int wn_buf_grow(struct wn_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (wn_size_add(b->len, extra, &need) || need > b->max)
		return WN_ERECBIG;
	need++; /* the NUL */
	if (need <= b->cap)
		return WN_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	/* Never allocate more than the maximum allows (plus the NUL). */
	if (cap > b->max + 1)
		cap = b->max + 1;
	p = realloc(b->data, cap);
	if (!p)
		return WN_ENOMEM;
	b->data = p;
	b->cap = cap;
	b->data[b->len] = '\0';
	return WN_OK;
}

int wn_buf_adds(struct wn_buf *b, const char *s)
{
	return wn_buf_add(b, s, strlen(s));
}

int wn_buf_addu(struct wn_buf *b, unsigned long long v)
{
	char d[24];
	size_t k = sizeof(d);

	do
		d[--k] = (char)('0' + v % 10);
	while ((v /= 10));
	return wn_buf_add(b, d + k, sizeof(d) - k);
}

int wn_buf_addf(struct wn_buf *b, const char *fmt, ...)
{
	va_list ap;
	char small[256];
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return WN_EINVAL;
	if ((size_t)n < sizeof(small))
		return wn_buf_add(b, small, (size_t)n);
	rc = wn_buf_grow(b, (size_t)n);
	if (rc)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return WN_OK;
}

int wn_buf_setlen(struct wn_buf *b, size_t len)
{
	if (len > b->len) {
		int rc = wn_buf_grow(b, len - b->len);
		if (rc)
			return rc;
	}
	b->len = len;
	if (b->data)
		b->data[len] = '\0';
	return WN_OK;
}
