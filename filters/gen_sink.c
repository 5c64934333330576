/*
 * gen_sink: generated documents as JSONL, gzip, tar.gz (libarchive's write
 * API) or WARC. Compression is our own zlib stream with a fixed gzip header
 * (no time stamp, OS "unix") so that the bytes depend only on the input and
 * the zlib version.
 */
#include "filters/gen.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "core/error.h"
#include "core/limits.h"
#include "core/out.h"

/* gzip level: generation feeds benchmarks; speed matters more than size. */
#define GEN_GZIP_LEVEL 1
/* The largest serialized document: far above any generated one. */
#define GEN_RECORD_MAX ((size_t)64 << 20)

struct gen_sink {
	enum gen_format fmt;
	struct wn_out *out;
	struct wn_buf rec;
	z_stream z;
	gz_header gzh; /* zlib keeps a pointer to it until the header is out */
	int zinit;
	unsigned char *zbuf;
	struct archive *ar;
	struct archive_entry *ent;
	uint64_t bytes;
	int failed;
	char msg[200];
};

int gen_format_parse(const char *name, enum gen_format *f)
{
	static const struct {
		const char *name;
		enum gen_format f;
	} names[] = {
		{"jsonl", GEN_FMT_JSONL},     {"jsonl.gz", GEN_FMT_JSONL_GZ},
		{"tar.gz", GEN_FMT_TAR_GZ},   {"tgz", GEN_FMT_TAR_GZ},
		{"warc.gz", GEN_FMT_WARC_GZ}, {"text", GEN_FMT_TEXT},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i].name)) {
			*f = names[i].f;
			return 0;
		}
	return -1;
}

static void set_msg(struct gen_sink *s, const char *what, const char *detail)
{
	snprintf(s->msg, sizeof(s->msg), "%s%s%s", what, detail ? ": " : "", detail ? detail : "");
}

/* Starts a gzip member with a header that carries no time stamp. */
static int gz_begin(struct gen_sink *s)
{
	memset(&s->gzh, 0, sizeof(s->gzh));
	s->gzh.os = 3;
	if (!s->zinit) {
		if (deflateInit2(&s->z, GEN_GZIP_LEVEL, Z_DEFLATED, 15 + 16, 8,
				 Z_DEFAULT_STRATEGY) != Z_OK) {
			set_msg(s, "cannot start gzip stream", s->z.msg);
			return WN_ENOMEM;
		}
		s->zinit = 1;
	} else if (deflateReset(&s->z) != Z_OK) {
		set_msg(s, "cannot restart gzip stream", s->z.msg);
		return WN_ENOMEM;
	}
	if (deflateSetHeader(&s->z, &s->gzh) != Z_OK) {
		set_msg(s, "cannot set gzip header", s->z.msg);
		return WN_ENOMEM;
	}
	return WN_OK;
}

/* Compresses p[0..n) onto the output; finish ends the member. */
static int gz_write(struct gen_sink *s, const void *p, size_t n, int finish)
{
	int zr;
	s->z.next_in = (unsigned char *)(uintptr_t)p;
	s->z.avail_in = (uInt)n; /* callers pass at most one record (< 4 GiB) */
	do {
		s->z.next_out = s->zbuf;
		s->z.avail_out = WN_WRITE_CHUNK;
		zr = deflate(&s->z, finish ? Z_FINISH : Z_NO_FLUSH);
		if (zr == Z_STREAM_ERROR) {
			set_msg(s, "gzip compression failed", s->z.msg);
			return WN_EINVAL;
		}
		size_t have = WN_WRITE_CHUNK - s->z.avail_out;
		if (have && wn_out_write(s->out, s->zbuf, have))
			return WN_EIO;
	} while (s->z.avail_out == 0 || (finish && zr != Z_STREAM_END));
	return WN_OK;
}

static la_ssize_t tar_write_cb(struct archive *a, void *ctx, const void *p, size_t n)
{
	struct gen_sink *s = ctx;
	(void)a;
	s->bytes += n;
	if (gz_write(s, p, n, 0)) {
		s->failed = 1;
		return -1;
	}
	return (la_ssize_t)n;
}

int gen_sink_open(struct gen_sink **out, enum gen_format f, struct wn_out *o)
{
	struct gen_sink *s = calloc(1, sizeof(*s));
	*out = s;
	if (!s)
		return WN_ENOMEM;
	s->fmt = f;
	s->out = o;
	wn_buf_init(&s->rec, GEN_RECORD_MAX);
	if (f == GEN_FMT_JSONL || f == GEN_FMT_TEXT)
		return WN_OK;
	s->zbuf = malloc(WN_WRITE_CHUNK);
	if (!s->zbuf)
		return WN_ENOMEM;
	if (f == GEN_FMT_WARC_GZ) {
		char date[32];
		int rc;
		/* The warcinfo record that opens a WARC file. */
		static const char info[] = "software: winnow gen\r\nformat: WARC File Format 1.0\r\n";
		gen_iso_time(1483315200, date);
		rc = wn_buf_addf(&s->rec,
				 "WARC/1.0\r\nWARC-Type: warcinfo\r\n"
				 "WARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-000000000000>\r\n"
				 "WARC-Date: %s\r\nWARC-Filename: gen.warc.gz\r\n"
				 "Content-Type: application/warc-fields\r\n"
				 "Content-Length: %zu\r\n\r\n%s\r\n\r\n",
				 date, sizeof(info) - 1, info);
		if (rc)
			return rc;
		s->bytes += s->rec.len;
		rc = gz_begin(s);
		return rc ? rc : gz_write(s, s->rec.data, s->rec.len, 1);
	}
	if (gz_begin(s))
		return WN_ENOMEM;
	if (f == GEN_FMT_TAR_GZ) {
		s->ar = archive_write_new();
		s->ent = archive_entry_new();
		if (!s->ar || !s->ent) {
			set_msg(s, "out of memory", NULL);
			return WN_ENOMEM;
		}
		if (archive_write_set_format_ustar(s->ar) != ARCHIVE_OK ||
		    archive_write_add_filter_none(s->ar) != ARCHIVE_OK ||
		    archive_write_open(s->ar, s, NULL, tar_write_cb, NULL) != ARCHIVE_OK) {
			set_msg(s, "cannot start tar archive", archive_error_string(s->ar));
			return WN_EINVAL;
		}
	}
	return WN_OK;
}

static int write_tar(struct gen_sink *s, const struct gen_doc *d)
{
	char path[64];
	const char *p = d->text;
	size_t left = d->text_len;

	snprintf(path, sizeof(path), "gen/%s.txt", d->id);
	archive_entry_clear(s->ent);
	archive_entry_set_pathname(s->ent, path);
	archive_entry_set_filetype(s->ent, AE_IFREG);
	archive_entry_set_perm(s->ent, 0644);
	archive_entry_set_size(s->ent, (la_int64_t)d->text_len);
	archive_entry_set_mtime(s->ent, (time_t)d->time, 0);
	if (archive_write_header(s->ar, s->ent) != ARCHIVE_OK)
		goto fail;
	while (left) {
		la_ssize_t k = archive_write_data(s->ar, p, left);
		if (k <= 0)
			goto fail;
		p += k;
		left -= (size_t)k;
	}
	return WN_OK;
fail:
	if (s->failed)
		return WN_EIO;
	set_msg(s, "cannot write tar entry", archive_error_string(s->ar));
	return WN_EINVAL;
}

static int warc_record(struct gen_sink *s, const struct gen_doc *d)
{
	char date[32];
	gen_iso_time(d->time, date);
	return wn_buf_addf(&s->rec,
			   "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <%s>\r\n"
			   "WARC-Date: %s\r\nWARC-Target-URI: %s\r\n"
			   "Content-Type: text/plain; charset=utf-8\r\n"
			   "Content-Length: %zu\r\n\r\n",
			   d->record_id, date, d->url, d->text_len) ||
			       wn_buf_add(&s->rec, d->text, d->text_len) ||
			       wn_buf_add(&s->rec, "\r\n\r\n", 4)
		       ? WN_ERECBIG
		       : WN_OK;
}

int gen_sink_write(struct gen_sink *s, const struct gen_doc *d)
{
	int rc;

	wn_buf_reset(&s->rec);
	switch (s->fmt) {
	case GEN_FMT_JSONL:
	case GEN_FMT_JSONL_GZ:
		rc = gen_doc_json(d, &s->rec);
		break;
	case GEN_FMT_TEXT:
		rc = wn_buf_add(&s->rec, d->text, d->text_len);
		rc = rc ? rc : wn_buf_addc(&s->rec, '\0');
		break;
	case GEN_FMT_WARC_GZ:
		rc = warc_record(s, d);
		break;
	case GEN_FMT_TAR_GZ:
		return write_tar(s, d);
	default:
		return WN_EINVAL;
	}
	if (rc) {
		set_msg(s, "document too large", NULL);
		return rc;
	}
	s->bytes += s->rec.len;
	switch (s->fmt) {
	case GEN_FMT_JSONL_GZ:
		return gz_write(s, s->rec.data, s->rec.len, 0);
	case GEN_FMT_WARC_GZ:
		rc = gz_begin(s);
		return rc ? rc : gz_write(s, s->rec.data, s->rec.len, 1);
	default:
		return wn_out_write(s->out, s->rec.data, s->rec.len) ? WN_EIO : WN_OK;
	}
}

int gen_sink_finish(struct gen_sink *s)
{
	if (s->fmt == GEN_FMT_TAR_GZ) {
		if (archive_write_close(s->ar) != ARCHIVE_OK) {
			if (s->failed)
				return WN_EIO;
			set_msg(s, "cannot finish tar archive", archive_error_string(s->ar));
			return WN_EINVAL;
		}
	}
	if (s->fmt == GEN_FMT_JSONL_GZ || s->fmt == GEN_FMT_TAR_GZ)
		return gz_write(s, NULL, 0, 1);
	return WN_OK;
}

void gen_sink_free(struct gen_sink *s)
{
	if (!s)
		return;
	if (s->ar)
		archive_write_free(s->ar);
	if (s->ent)
		archive_entry_free(s->ent);
	if (s->zinit)
		deflateEnd(&s->z);
	free(s->zbuf);
	wn_buf_release(&s->rec);
	free(s);
}

uint64_t gen_sink_bytes(const struct gen_sink *s)
{
	return s ? s->bytes : 0;
}

const char *gen_sink_error(const struct gen_sink *s)
{
	return s && s->msg[0] ? s->msg : "unknown error";
}
