/*
 * WARC 1.0/1.1 and Common Crawl WET, read record by record from the
 * decoded stream (per-record gzip members and whole-file gzip look the same
 * here). libarchive 3.6's WARC reader skips `conversion` records, so WET
 * would come out empty: hence this parser.
 *
 * response -> HTTP headers stripped (chunked transfer decoded), resource
 * and conversion -> as they are; warcinfo, request, metadata, revisit and
 * continuation records are skipped and counted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/limits.h"
#include "core/reader.h"
#include "filters/source.h"
#include "filters/unpack.h"

#include <zlib.h>

struct warc_hdr {
	char type[32];
	struct wn_buf id, uri, date, lang, ctype;
	struct wn_buf body; /* a payload decoded from Content-Encoding */
	uint64_t length;
	int has_length;
};

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int name_is(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	if (n != k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (lower((unsigned char)p[i]) != lit[i])
			return 0;
	return 1;
}

static void trim(const char **p, size_t *n)
{
	while (*n && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' || (*p)[*n - 1] == '\r'))
		(*n)--;
}

static int parse_u64(const char *p, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	if (n == 0 || n > 19)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(p[i] - '0');
	}
	*out = v;
	return 0;
}

static void set_buf(struct wn_buf *b, const char *p, size_t n)
{
	wn_buf_reset(b);
	wn_buf_add(b, p, n); /* header values are bounded by the header cap */
}

/* Reads the header block after "WARC/x.y". WN_OK, WN_ECORRUPT, WN_EOF. */
static int read_headers(struct wn_reader *rd, struct warc_hdr *h, size_t *hbytes)
{
	const char *line;
	size_t len;
	int rc;

	h->type[0] = '\0';
	h->has_length = 0;
	wn_buf_reset(&h->id);
	wn_buf_reset(&h->uri);
	wn_buf_reset(&h->date);
	wn_buf_reset(&h->lang);
	wn_buf_reset(&h->ctype);
	for (;;) {
		rc = wn_reader_next(rd, &line, &len);
		if (rc == WN_EOF)
			return WN_EOF;
		if (rc)
			return rc == WN_ERECBIG ? WN_ECORRUPT : rc;
		*hbytes += len + 1;
		if (*hbytes > WN_MAX_HEADER_BYTES)
			return WN_ECORRUPT;
		if (len && line[len - 1] == '\r')
			len--;
		if (len == 0)
			return WN_OK;
		const char *colon = memchr(line, ':', len);
		if (!colon)
			continue; /* tolerate a stray line; continuation lines too */
		const char *name = line, *val = colon + 1;
		size_t nlen = (size_t)(colon - line), vlen = len - nlen - 1;
		trim(&name, &nlen);
		trim(&val, &vlen);
		if (name_is(name, nlen, "warc-type")) {
			size_t k = vlen < sizeof(h->type) - 1 ? vlen : sizeof(h->type) - 1;
			for (size_t i = 0; i < k; i++)
				h->type[i] = (char)lower((unsigned char)val[i]);
			h->type[k] = '\0';
		} else if (name_is(name, nlen, "warc-record-id")) {
			if (vlen >= 2 && val[0] == '<' && val[vlen - 1] == '>') {
				val++;
				vlen -= 2;
			}
			set_buf(&h->id, val, vlen);
		} else if (name_is(name, nlen, "warc-target-uri")) {
			if (vlen >= 2 && val[0] == '<' && val[vlen - 1] == '>') {
				val++;
				vlen -= 2;
			}
			set_buf(&h->uri, val, vlen);
		} else if (name_is(name, nlen, "warc-date")) {
			set_buf(&h->date, val, vlen);
		} else if (name_is(name, nlen, "warc-identified-content-language")) {
			set_buf(&h->lang, val, vlen);
		} else if (name_is(name, nlen, "content-type")) {
			set_buf(&h->ctype, val, vlen);
		} else if (name_is(name, nlen, "content-length")) {
			if (parse_u64(val, vlen, &h->length))
				return WN_ECORRUPT;
			h->has_length = 1;
		}
	}
}

/* Is this media type (lowercase) text we should keep? */
static int textual(const char *ct, size_t n)
{
	if (n == 0 || !strncmp(ct, "text/", 5) || strstr(ct, "html") || strstr(ct, "xml") ||
	    strstr(ct, "json"))
		return 1;
	if (!strncmp(ct, "image/", 6) || !strncmp(ct, "audio/", 6) || !strncmp(ct, "video/", 6) ||
	    !strncmp(ct, "font/", 5) || strstr(ct, "octet-stream") || strstr(ct, "pdf") ||
	    strstr(ct, "zip") || strstr(ct, "javascript"))
		return 0;
	return 1;
}

/* After the content: CRLF CRLF (LF LF tolerated; nothing at the very end
 * of the stream tolerated). 0 if so. */
static int read_trailer(struct wn_reader *rd)
{
	for (int i = 0; i < 2; i++) {
		const char *line;
		size_t len;
		int rc = wn_reader_next(rd, &line, &len);
		if (rc == WN_EOF)
			return 0;
		if (rc != WN_OK || len > 1 || (len == 1 && line[0] != '\r'))
			return -1;
	}
	return 0;
}

/* Decodes an HTTP chunked body in place. Returns 0, or -1 if it is not
 * well-formed chunking (the body is then left as it was). */
static int dechunk(struct wn_buf *b, size_t off)
{
	char *p = b->data + off;
	size_t n = b->len - off, i = 0, o = 0;

	for (;;) {
		uint64_t sz = 0;
		size_t digits = 0;
		while (i < n) {
			char c = p[i];
			int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
				c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
			if (v < 0)
				break;
			if (++digits > 15)
				return -1;
			sz = sz * 16 + (uint64_t)v;
			i++;
		}
		if (digits == 0)
			return -1;
		while (i < n && p[i] != '\n')
			i++; /* chunk extensions */
		if (i >= n)
			return -1;
		i++;
		if (sz == 0)
			break;
		if (sz > n - i)
			return -1;
		memmove(p + o, p + i, (size_t)sz);
		o += (size_t)sz;
		i += (size_t)sz;
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++;
	}
	b->len = off + o;
	b->data[b->len] = '\0';
	return 0;
}

/*
 * Splits an HTTP response in u->data into headers and body: returns the
 * body's offset, and reads Content-Type (charset) and chunking. 0 when
 * there are no HTTP headers.
 */
static size_t http_body(struct wn_buf *d, char *charset, size_t cslen, int *chunked, int *binary,
			int *encoding)
{
	const char *p = d->data;
	size_t n = d->len, i = 0;

	*chunked = 0;
	*binary = 0;
	*encoding = 0;
	charset[0] = '\0';
	if (n < 5 || memcmp(p, "HTTP/", 5) != 0)
		return 0;
	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n;
		size_t len = end - i;
		const char *line = p + i;
		if (len && line[len - 1] == '\r')
			len--;
		i = end + 1;
		if (len == 0)
			return i > n ? n : i;
		const char *colon = memchr(line, ':', len);
		if (!colon)
			continue;
		const char *name = line, *val = colon + 1;
		size_t nlen = (size_t)(colon - line), vlen = len - nlen - 1;
		trim(&name, &nlen);
		trim(&val, &vlen);
		if (name_is(name, nlen, "transfer-encoding") && vlen >= 7 &&
		    name_is(val + vlen - 7, 7, "chunked")) {
			*chunked = 1;
		} else if (name_is(name, nlen, "content-encoding")) {
			if (name_is(val, vlen, "gzip") || name_is(val, vlen, "x-gzip") ||
			    name_is(val, vlen, "deflate"))
				*encoding = 1;
			else if (vlen && !name_is(val, vlen, "identity"))
				*encoding = -1;
		} else if (name_is(name, nlen, "content-type")) {
			char ct[128];
			size_t k = vlen < sizeof(ct) - 1 ? vlen : sizeof(ct) - 1;
			for (size_t j = 0; j < k; j++)
				ct[j] = (char)lower((unsigned char)val[j]);
			ct[k] = '\0';
			*binary = !textual(ct, k);
			const char *cs = strstr(ct, "charset=");
			if (cs) {
				cs += 8;
				size_t m = 0;
				while (cs[m] && cs[m] != ';' && cs[m] != ' ' && cs[m] != '"' &&
				       m + 1 < cslen) {
					charset[m] = cs[m];
					m++;
				}
				charset[m] = '\0';
			}
		}
	}
	return n;
}

/* Inflates a gzip or zlib or raw-deflate HTTP payload into out, capped. */
static int inflate_body(const char *p, size_t n, struct wn_buf *out)
{
	z_stream z;
	char blk[65536];
	int zr, rc = WN_OK, raw = 0;

again:
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, raw ? -15 : 15 + 32) != Z_OK)
		return WN_ENOMEM;
	wn_buf_reset(out);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
	do {
		z.next_out = (Bytef *)blk;
		z.avail_out = sizeof(blk);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
			inflateEnd(&z);
			if (!raw && out->len == 0) {
				raw = 1; /* "deflate" is often sent without the zlib wrapper */
				goto again;
			}
			return WN_ECORRUPT;
		}
		rc = wn_buf_add(out, blk, sizeof(blk) - z.avail_out);
		if (rc)
			break;
	} while (zr != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
	inflateEnd(&z);
	if (rc == WN_OK && out->data == NULL)
		rc = wn_buf_grow(out, 0);
	return rc;
}

static const char *skip_reason(const char *type)
{
	if (!strcmp(type, "warcinfo"))
		return "skipped: warc warcinfo";
	if (!strcmp(type, "request"))
		return "skipped: warc request";
	if (!strcmp(type, "metadata"))
		return "skipped: warc metadata";
	if (!strcmp(type, "revisit"))
		return "skipped: warc revisit";
	return "skipped: warc other type";
}

static int emit_warc(struct unpack *u, const char *name, struct warc_hdr *h)
{
	struct wn_record *r = &u->rec;
	char charset[64] = "";
	size_t body = 0;
	int chunked = 0, binary = 0, encoding = 0;
	const char *p;
	size_t n;

	if (!strcmp(h->type, "response")) {
		body = http_body(&u->data, charset, sizeof(charset), &chunked, &binary, &encoding);
		if (chunked)
			dechunk(&u->data, body);
	}
	p = u->data.len ? u->data.data + body : ""; /* an empty body has no buffer */
	n = u->data.len - body;
	if (encoding < 0) {
		u->stats->read++;
		wn_stats_add(u->stats, "skipped: unsupported content encoding", 1);
		return 0;
	}
	if (encoding > 0) {
		int zr = inflate_body(p, n, &h->body);
		if (zr == WN_ERECBIG) {
			u->stats->read++;
			wn_stats_add(u->stats, "skipped: record too large", 1);
			return 0;
		}
		if (zr) {
			u->stats->read++;
			wn_stats_add(u->stats, "skipped: corrupt content encoding", 1);
			return 0;
		}
		p = h->body.data;
		n = h->body.len;
	}
	if (binary || unpack_is_binary(p, n)) {
		u->stats->read++;
		wn_stats_add(u->stats, "skipped: binary", 1);
		return 0;
	}
	wn_record_clear(r);
	if (h->id.len)
		wn_record_set_id(r, h->id.data, h->id.len);
	else {
		wn_buf_reset(&u->scratch);
		wn_buf_addf(&u->scratch, "%s:%llu", name,
			    (unsigned long long)u->stats->read);
		wn_record_set_id(r, u->scratch.data, u->scratch.len);
	}
	if (h->uri.len)
		wn_record_set_string(r, "url", h->uri.data, h->uri.len);
	if (h->date.len)
		wn_record_set_string(r, "date", h->date.data, h->date.len);
	if (h->lang.len)
		wn_record_set_string(r, "lang", h->lang.data, h->lang.len);
	if (u->opts.html && n > 0) {
		size_t i = 0;
		while (i < n && i < 512 && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' ||
					    p[i] == '\t'))
			i++;
		if (i < n && p[i] == '<' &&
		    u->opts.html(u->opts.hook_ctx, p, n, charset[0] ? charset : NULL, r) == WN_OK)
			return unpack_emit_record(u);
	}
	return unpack_emit_text(u, p, n);
}

int unpack_warc(struct unpack *u, const char *name, struct wn_reader *rd, struct src *s)
{
	struct warc_hdr h;
	int ret = WN_OK;

	memset(&h, 0, sizeof(h));
	wn_buf_init(&h.id, 8192);
	wn_buf_init(&h.uri, 65536);
	wn_buf_init(&h.date, 256);
	wn_buf_init(&h.lang, 256);
	wn_buf_init(&h.ctype, 1024);
	wn_buf_init(&h.body, u->opts.max_record);
	for (;;) {
		const char *line;
		size_t len, hbytes = 0;
		uint64_t start = wn_reader_offset(rd), got;
		int rc;

		/* Records are separated by CRLF CRLF; tolerate extra blank lines. */
		do {
			start = wn_reader_offset(rd);
			rc = wn_reader_next(rd, &line, &len);
			if (rc == WN_OK && len && line[len - 1] == '\r')
				len--;
		} while (rc == WN_OK && len == 0);
		if (rc == WN_EOF)
			break;
		if (rc != WN_OK || len < 5 || memcmp(line, "WARC/", 5) != 0) {
			if (rc == WN_EIO || rc == WN_ENOMEM) {
				ret = rc;
				break;
			}
			snprintf(u->err, sizeof(u->err),
				 "no WARC record header at byte %llu%s", (unsigned long long)start,
				 " (of the decompressed stream)");
			ret = WN_ECORRUPT;
			break;
		}
		rc = read_headers(rd, &h, &hbytes);
		if (rc == WN_EOF || (rc == WN_OK && !h.has_length)) {
			snprintf(u->err, sizeof(u->err), "%s WARC record at byte %llu",
				 rc == WN_EOF ? "truncated" : "no Content-Length in",
				 (unsigned long long)start);
			ret = WN_ECORRUPT;
			break;
		}
		if (rc) {
			if (rc == WN_ECORRUPT)
				snprintf(u->err, sizeof(u->err), "bad WARC header at byte %llu",
					 (unsigned long long)start);
			ret = rc;
			break;
		}
		int keep = !strcmp(h.type, "response") || !strcmp(h.type, "resource") ||
			   !strcmp(h.type, "conversion");
		wn_buf_reset(&u->data);
		if (keep && h.length <= u->opts.max_record) {
			rc = wn_reader_take(rd, h.length, &u->data, &got);
		} else {
			rc = wn_reader_take(rd, h.length, NULL, &got);
		}
		if (rc == WN_EOF) {
			snprintf(u->err, sizeof(u->err),
				 "truncated WARC record at byte %llu (%llu of %llu content bytes)",
				 (unsigned long long)start, (unsigned long long)got,
				 (unsigned long long)h.length);
			ret = WN_ECORRUPT;
			break;
		}
		if (rc) {
			ret = rc == WN_ERECBIG ? WN_ECORRUPT : rc;
			break;
		}
		if (read_trailer(rd)) {
			snprintf(u->err, sizeof(u->err),
				 "WARC record at byte %llu is not followed by CRLF CRLF: its "
				 "Content-Length (%llu) does not match its content",
				 (unsigned long long)start, (unsigned long long)h.length);
			ret = WN_ECORRUPT;
			break;
		}
		uint64_t inside = src_member_inside(s, start, wn_reader_offset(rd));
		if (inside) {
			snprintf(u->err, sizeof(u->err),
				 "gzip member boundary inside the WARC record at byte %llu (at byte "
				 "%llu of the decompressed stream): damaged per-record compression",
				 (unsigned long long)start, (unsigned long long)inside);
			ret = WN_ECORRUPT;
			break;
		}
		if (!keep) {
			u->stats->read++;
			wn_stats_add(u->stats, skip_reason(h.type), 1);
			continue;
		}
		if (h.length > u->opts.max_record) {
			u->stats->read++;
			wn_stats_add(u->stats, "skipped: record too large", 1);
			continue;
		}
		if (emit_warc(u, name, &h)) {
			ret = WN_EIO;
			break;
		}
	}
	wn_buf_release(&h.id);
	wn_buf_release(&h.uri);
	wn_buf_release(&h.date);
	wn_buf_release(&h.lang);
	wn_buf_release(&h.ctype);
	wn_buf_release(&h.body);
	return ret;
}
