#include "filters/unpack.h"

#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/limits.h"
#include "core/reader.h"
#include "core/recreader.h"
#include "core/utf8.h"
#include "filters/source.h"

int unpack_init(struct unpack *u, const struct unpack_opts *o, struct wn_stats *stats,
		unpack_emit_fn emit, unpack_warn_fn warn, void *ud)
{
	memset(u, 0, sizeof(*u));
	u->opts = *o;
	u->stats = stats;
	u->emit = emit;
	u->warn = warn;
	u->ud = ud;
	wn_record_init(&u->rec, o->max_record);
	wn_buf_init(&u->data, o->max_record);
	wn_buf_init(&u->scratch, o->max_record);
	return WN_OK;
}

void unpack_release(struct unpack *u)
{
	if (!u)
		return;
	wn_record_release(&u->rec);
	wn_buf_release(&u->data);
	wn_buf_release(&u->scratch);
}

int unpack_is_binary(const char *p, size_t n)
{
	return memchr(p, '\0', n < 8192 ? n : 8192) != NULL;
}

int unpack_emit_record(struct unpack *u)
{
	u->stats->read++;
	if (u->emit(u->ud, &u->rec)) {
		u->stopped = 1;
		return -1;
	}
	return 0;
}

int unpack_emit_text(struct unpack *u, const char *text, size_t len)
{
	size_t bad = 0;
	int rc;

	/* The document's bytes move into the record without a copy when they
	 * are u->data and valid: one document costs its size once. */
	if (text == u->data.data && wn_utf8_valid(text, len)) {
		rc = wn_record_take_text(&u->rec, &u->data);
	} else {
		wn_buf_reset(&u->scratch);
		if (wn_utf8_valid(text, len))
			rc = wn_buf_add(&u->scratch, text, len);
		else
			rc = wn_utf8_repair(&u->scratch, text, len, &bad);
		if (rc == WN_OK)
			rc = wn_record_take_text(&u->rec, &u->scratch);
	}
	if (rc) {
		u->stats->read++;
		wn_stats_add(u->stats, rc == WN_ENOMEM ? "skipped: out of memory"
						    : "skipped: record too large", 1);
		return 0;
	}
	u->stats->bad_utf8 += bad;
	return unpack_emit_record(u);
}

/* What the first decoded bytes say the stream is. */
enum kind { K_EMPTY, K_WARC, K_MWXML, K_FEED, K_HTML, K_JSONL, K_TEXT, K_ARCHIVE };

static int has_prefix_ci(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != lit[i])
			return 0;
	}
	return 1;
}

/* Finds `lit` (case-insensitive) in the first n bytes. */
static int contains_ci(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	for (size_t i = 0; i + k <= n; i++)
		if (has_prefix_ci(p + i, n - i, lit))
			return 1;
	return 0;
}

static enum kind sniff(const char *p, size_t n)
{
	size_t i = 0;

	if (n == 0)
		return K_EMPTY;
	/* Archive signatures first: they are binary and exact. */
	if ((n > 262 && !memcmp(p + 257, "ustar", 5)) || (n >= 4 && !memcmp(p, "PK\3\4", 4)) ||
	    (n >= 4 && !memcmp(p, "PK\5\6", 4)) || (n >= 6 && !memcmp(p, "0707", 4)) ||
	    (n >= 2 && (!memcmp(p, "\xc7\x71", 2) || !memcmp(p, "\x71\xc7", 2))) ||
	    (n >= 8 && !memcmp(p, "!<arch>\n", 8)) || (n >= 6 && !memcmp(p, "7z\xbc\xaf\x27\x1c", 6)) ||
	    (n >= 6 && !memcmp(p, "Rar!\x1a\x07", 6)) || (n >= 4 && !memcmp(p, "xar!", 4)) ||
	    (n >= 4 && !memcmp(p, "MSCF", 4)) ||
	    (n > 32774 && !memcmp(p + 32769, "CD001", 5)))
		return K_ARCHIVE;
	if (n >= 3 && !memcmp(p, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
		i++;
	if (i >= n)
		return K_TEXT;
	if (n - i >= 5 && !memcmp(p + i, "WARC/", 5))
		return K_WARC;
	if (p[i] == '{')
		return K_JSONL;
	if (p[i] == '<') {
		size_t m = n - i < 4096 ? n - i : 4096;
		if (contains_ci(p + i, m, "<mediawiki"))
			return K_MWXML;
		if (contains_ci(p + i, m, "<rss") || contains_ci(p + i, m, "<feed") ||
		    contains_ci(p + i, m, "<rdf:rdf"))
			return K_FEED;
		if (contains_ci(p + i, m, "<html") || has_prefix_ci(p + i, m, "<!doctype html") ||
		    contains_ci(p + i, m, "<body") || contains_ci(p + i, m, "<head"))
			return K_HTML;
	}
	if (unpack_is_binary(p, n))
		return K_ARCHIVE; /* libarchive may know it; else it is skipped */
	return K_TEXT;
}

/* Reads the whole rest of the stream into u->data, up to the cap. Returns
 * WN_OK, WN_ERECBIG (the rest was drained and counted), or an error. */
static int slurp(struct unpack *u, struct wn_reader *rd)
{
	uint64_t got;
	int rc;

	wn_buf_reset(&u->data);
	rc = wn_reader_take(rd, UINT64_MAX, &u->data, &got);
	if (rc == WN_EOF)
		return WN_OK;
	if (rc == WN_ERECBIG) {
		rc = wn_reader_take(rd, UINT64_MAX, NULL, &got);
		return rc == WN_EOF ? WN_ERECBIG : rc;
	}
	return rc;
}

static int source_error(struct unpack *u, struct src *s, int rc)
{
	if (rc == WN_EIO && s->err[0] == 0)
		return WN_EIO;
	snprintf(u->err, sizeof(u->err), "%s", s->err[0] ? s->err : "read error");
	return s->err[0] && strncmp(s->err, "read error", 10) ? WN_ECORRUPT : WN_EIO;
}

/* JSONL records (normalized, fields kept), or plain text split into lines
 * or NUL-terminated documents. Every record leaves with an id: a record
 * without one, and every text line, gets NAME:LINE. */
static int do_records(struct unpack *u, const char *name, struct src *s,
		      enum wn_record_format fmt)
{
	struct wn_recreader rr;
	struct wn_record *rec;
	int rc, ret = WN_OK;

	wn_recreader_init_fn(&rr, src_read_fn, s, fmt, u->opts.max_record, u->stats);
	while ((rc = wn_recreader_next(&rr, &rec)) != WN_EOF) {
		if (rc == WN_OK) {
			if (!rec->has_id || fmt != WN_FMT_JSONL) {
				wn_buf_reset(&u->scratch);
				if (wn_buf_addf(&u->scratch, "%s:%llu", name,
						(unsigned long long)rec->lineno) == WN_OK)
					wn_record_set_id(rec, u->scratch.data, u->scratch.len);
			}
			if (u->emit(u->ud, rec)) {
				u->stopped = 1;
				ret = WN_EIO;
				break;
			}
			continue;
		}
		if (wn_err_is_record(rc)) {
			if (fmt == WN_FMT_JSONL && u->warn && u->warn(u->ud, name, rr.rd.lineno, rc)) {
				ret = WN_ERECJSON;
				break;
			}
			continue;
		}
		ret = rc == WN_EIO ? source_error(u, s, rc) : rc;
		break;
	}
	wn_recreader_release(&rr);
	return ret;
}

/* Reads the whole decoded stream into u->data. WN_OK; WN_ERECBIG (counted
 * as skipped: nothing more to do); or the stream's error, with what came
 * before the damage left in u->data. */
static int slurp_source(struct unpack *u, struct src *s)
{
	struct wn_reader rd;
	int rc;

	wn_reader_init_fn(&rd, src_read_fn, s, '\n', u->opts.max_record);
	rc = slurp(u, &rd);
	u->stats->bytes_in += rd.bytes;
	wn_reader_release(&rd);
	if (rc == WN_ERECBIG) {
		u->stats->read++;
		wn_stats_add(u->stats, "skipped: record too large", 1);
	} else if (rc == WN_EIO) {
		rc = source_error(u, s, rc);
	}
	return rc;
}

/* One document: the whole input (HTML through the hook when there is one). */
static int do_document(struct unpack *u, const char *name, struct src *s, enum kind k)
{
	int rc = slurp_source(u, s);

	if (rc == WN_ERECBIG)
		return WN_OK;
	if (rc == WN_ENOMEM || (rc && u->data.len == 0))
		return rc;
	wn_record_clear(&u->rec);
	if (wn_record_set_id(&u->rec, name, strlen(name)) != WN_OK)
		return WN_ENOMEM;
	if (k == K_HTML && u->opts.html &&
	    u->opts.html(u->opts.hook_ctx, u->data.data, u->data.len, NULL, &u->rec) == WN_OK)
		return unpack_emit_record(u) ? WN_EIO : rc;
	if (unpack_emit_text(u, u->data.data, u->data.len))
		return WN_EIO;
	return rc;
}

static int do_feed(struct unpack *u, const char *name, struct src *s)
{
	int rc = slurp_source(u, s);

	if (rc == WN_ERECBIG)
		return WN_OK;
	if (rc == WN_ENOMEM || (rc && u->data.len == 0))
		return rc;
	int fr = u->opts.feed(u->opts.hook_ctx, u, name, u->data.data, u->data.len);
	if (u->stopped)
		return WN_EIO;
	return rc ? rc : fr;
}

int unpack_stream(struct unpack *u, const char *name, const char *path, int fd)
{
	struct src s;
	struct wn_reader rd;
	enum kind k;
	int rc;

	u->err[0] = '\0';
	u->stopped = 0;
	rc = src_open(&s, fd, WN_SNIFF_BYTES, u->opts.threads);
	if (rc) {
		snprintf(u->err, sizeof(u->err), "%s", s.err[0] ? s.err : wn_strerror(rc));
		src_close(&s);
		return rc == WN_ENOMEM ? rc : (rc == WN_EIO ? WN_EIO : WN_ECORRUPT);
	}
	k = sniff(s.head, s.head_len);
	/* Plain text split by lines or NULs was asked for: take it so. */
	if (u->opts.split != WN_FMT_JSONL && k != K_EMPTY)
		k = K_TEXT;
	switch (k) {
	case K_EMPTY:
		rc = s.err[0] ? source_error(u, &s, WN_EIO) : WN_OK;
		break;
	case K_WARC:
	case K_MWXML:
		wn_reader_init_fn(&rd, src_read_fn, &s, '\n', u->opts.max_record);
		rc = k == K_WARC ? unpack_warc(u, name, &rd, &s) : unpack_mwxml(u, name, &rd);
		u->stats->bytes_in += rd.bytes;
		wn_reader_release(&rd);
		if (rc == WN_EIO && s.err[0])
			rc = source_error(u, &s, rc);
		break;
	case K_JSONL:
		rc = do_records(u, name, &s, WN_FMT_JSONL);
		break;
	case K_FEED:
		if (u->opts.feed) {
			rc = do_feed(u, name, &s);
			break;
		}
		/* fall through */
	case K_HTML:
	case K_TEXT:
		if (u->opts.split == WN_FMT_LINES || u->opts.split == WN_FMT_NUL)
			rc = do_records(u, name, &s, u->opts.split);
		else
			rc = do_document(u, name, &s, k);
		break;
	case K_ARCHIVE:
		rc = unpack_archive(u, name, path, &s);
		break;
	}
	if (u->stopped && rc != WN_ERECJSON)
		rc = WN_EIO;
	src_close(&s);
	return rc;
}
