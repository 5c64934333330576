/*
 * The unpack stage: any archive, dump or compressed stream in, one record
 * per document out. The format is recognised from the bytes, never the name:
 *
 *   compression (source.c)  gzip (ISA-L, multi-member), bzip2, xz, lzma,
 *                           zstd, lz4, compress, lzip
 *   WARC / WET  (warc.c)    response, resource and conversion records
 *   MediaWiki   (mwxml.c)   one record per page, latest revision
 *   archives    (archives.c) tar, zip, cpio, ar, iso9660, 7z, rar... via
 *                           libarchive: one record per regular text file
 *   JSONL                   records normalized, fields kept
 *   plain text              one document per input (or per line with
 *                           split = WN_FMT_LINES / WN_FMT_NUL)
 *
 * Records are handed to the caller's emit callback, borrowed for the call.
 * Warnings about single records (invalid JSON lines) go to the warn
 * callback; nothing here prints. A damaged input returns WN_ECORRUPT with a
 * message in u->err after every good record before the damage was emitted.
 */
#ifndef WN_UNPACK_H
#define WN_UNPACK_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/record.h"
#include "core/stats.h"

struct unpack;

/* Hands a finished record to the caller: 0 to go on, non-zero to stop
 * (a write error); unpack then returns WN_EIO. */
typedef int (*unpack_emit_fn)(void *ud, struct wn_record *rec);
/* A record-level problem (line number and what). Return non-zero to stop
 * the run (--strict): unpack then returns WN_ERECJSON. */
typedef int (*unpack_warn_fn)(void *ud, const char *name, uint64_t lineno, int err);

/*
 * Optional HTML hook, set by the command: turns a page (bytes in an
 * unknown charset; `charset` from an HTTP header or NULL) into the record's
 * text and fields (title, date, lang). Returns WN_OK, or WN_EUNSUPPORTED to
 * keep the bytes as they are. NULL: HTML is kept as it is.
 */
typedef int (*unpack_html_fn)(void *ctx, const char *html, size_t len, const char *charset,
			      struct wn_record *rec);

/* Feed hook: given a whole feed document, emits one record per item
 * through unpack_emit_record(). NULL: feeds are plain text documents. */
typedef int (*unpack_feed_fn)(void *ctx, struct unpack *u, const char *name,
			      const char *xml, size_t len);

struct unpack_opts {
	size_t max_record;
	enum wn_record_format split; /* plain text: JSONL = one document per input */
	const char *const *include;  /* fnmatch globs on archive entry names */
	size_t ninclude;
	const char *const *exclude;
	size_t nexclude;
	int threads;                 /* > 1: gzip is decoded in a second thread */
	unpack_html_fn html;
	unpack_feed_fn feed;
	void *hook_ctx;
};

struct unpack {
	struct unpack_opts opts;
	struct wn_stats *stats; /* borrowed */
	unpack_emit_fn emit;
	unpack_warn_fn warn;
	void *ud;
	struct wn_record rec;  /* the record being built */
	struct wn_buf data;    /* one document's bytes */
	struct wn_buf scratch;
	int stopped;           /* emit or warn asked to stop */
	char err[512];         /* what went wrong, for WN_ECORRUPT and friends */
};

int unpack_init(struct unpack *u, const struct unpack_opts *o, struct wn_stats *stats,
		unpack_emit_fn emit, unpack_warn_fn warn, void *ud);
void unpack_release(struct unpack *u);

/*
 * Reads one input (fd; `name` is used in ids and messages; `path` is the
 * file's path for formats that must seek, such as 7z, or NULL for a pipe).
 * Returns WN_OK; WN_ECORRUPT (damaged: u->err says what and where);
 * WN_EUNSUPPORTED (u->err says why); WN_EIO (read failed, or emit asked to
 * stop); WN_ERECJSON (warn asked to stop); WN_ENOMEM.
 */
int unpack_stream(struct unpack *u, const char *name, const char *path, int fd);

/*
 * For the parsers and hooks: emits u->rec after setting its text from raw
 * bytes (invalid UTF-8 repaired and counted). A document past the record
 * cap is counted as skipped instead. Returns 0, or non-zero to stop.
 */
int unpack_emit_text(struct unpack *u, const char *text, size_t len);
/* Emits u->rec as it is (text already set). */
int unpack_emit_record(struct unpack *u);

/* True when the bytes look like a binary file (NUL bytes in the first 8 KiB). */
int unpack_is_binary(const char *p, size_t n);

/* The format parsers, each reading the rest of the stream from `rd`. */
struct wn_reader;
struct src;
int unpack_warc(struct unpack *u, const char *name, struct wn_reader *rd, struct src *s);
int unpack_mwxml(struct unpack *u, const char *name, struct wn_reader *rd);
int unpack_archive(struct unpack *u, const char *name, const char *path, struct src *s);

#endif
