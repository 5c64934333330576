/*
 * Archives through libarchive (tar, zip, cpio, ar, iso9660, 7z, rar, xar,
 * cab, lha...): one record per regular file that holds text. id is
 * "ARCHIVE:PATH", source is the archive's name. Binary entries (NUL bytes)
 * are skipped and counted; --include/--exclude globs pick entries by name.
 *
 * Uncompressed files are opened by fd so libarchive can seek (7z needs it);
 * anything else streams through the decoded source, and 7z there is refused
 * with a clear message rather than failing halfway.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <strings.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/limits.h"
#include "filters/source.h"
#include "filters/unpack.h"

struct ar_io {
	struct src *s;
	char *buf;
};

static la_ssize_t io_read(struct archive *a, void *ud, const void **buf)
{
	struct ar_io *io = ud;
	ssize_t k = src_read(io->s, io->buf, WN_READ_CHUNK);

	*buf = io->buf;
	if (k < 0) {
		archive_set_error(a, EIO, "%s", io->s->err[0] ? io->s->err : "read error");
		return -1;
	}
	return k;
}

static int glob_match(const char *glob, const char *path)
{
	const char *base = strrchr(path, '/');

	if (fnmatch(glob, path, 0) == 0)
		return 1;
	/* A glob without '/' also matches the last component, as users expect
	 * of '*.txt'. */
	return !strchr(glob, '/') && base && fnmatch(glob, base + 1, 0) == 0;
}

static int wanted(const struct unpack_opts *o, const char *path)
{
	for (size_t i = 0; i < o->nexclude; i++)
		if (glob_match(o->exclude[i], path))
			return 0;
	if (o->ninclude == 0)
		return 1;
	for (size_t i = 0; i < o->ninclude; i++)
		if (glob_match(o->include[i], path))
			return 1;
	return 0;
}

static int has_html_suffix(const char *path)
{
	size_t n = strlen(path);

	return (n > 5 && !strcasecmp(path + n - 5, ".html")) ||
	       (n > 4 && !strcasecmp(path + n - 4, ".htm")) ||
	       (n > 6 && !strcasecmp(path + n - 6, ".xhtml"));
}

/* Reads the entry's data into u->data. WN_OK, WN_ERECBIG (rest skipped),
 * or WN_ECORRUPT (message in u->err). */
static int read_entry(struct unpack *u, struct archive *a, const char *path)
{
	char blk[65536];

	wn_buf_reset(&u->data);
	for (;;) {
		la_ssize_t k = archive_read_data(a, blk, sizeof(blk));
		if (k == 0)
			return WN_OK;
		if (k < 0) {
			if (k == ARCHIVE_WARN || k == ARCHIVE_RETRY)
				continue;
			snprintf(u->err, sizeof(u->err), "entry '%s': %s", path,
				 archive_error_string(a) ? archive_error_string(a) : "read error");
			return WN_ECORRUPT;
		}
		if (wn_buf_add(&u->data, blk, (size_t)k) != WN_OK) {
			archive_read_data_skip(a);
			return WN_ERECBIG;
		}
	}
}

int unpack_archive(struct unpack *u, const char *name, const char *path, struct src *s)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct ar_io io = {s, NULL};
	int r, ret = WN_OK;
	uint64_t entries = 0, damaged = 0;

	if (!a)
		return WN_ENOMEM;
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	/* Plain files on disk: let libarchive seek (7z, zip's central directory). */
	if (s->codec == SRC_PLAIN && s->seekable && lseek(s->fd, 0, SEEK_SET) == 0) {
		r = archive_read_open_fd(a, s->fd, 65536);
	} else {
		if (s->head_len >= 6 && !memcmp(s->head, "7z\xbc\xaf\x27\x1c", 6)) {
			snprintf(u->err, sizeof(u->err),
				 "7z archives cannot be read from a pipe or through compression: "
				 "give the file's name");
			archive_read_free(a);
			return WN_EUNSUPPORTED;
		}
		io.buf = malloc(WN_READ_CHUNK);
		if (!io.buf) {
			archive_read_free(a);
			return WN_ENOMEM;
		}
		r = archive_read_open(a, &io, NULL, io_read, NULL);
	}
	if (r != ARCHIVE_OK) {
		snprintf(u->err, sizeof(u->err), "%s",
			 archive_error_string(a) ? archive_error_string(a) : "cannot open archive");
		ret = WN_ECORRUPT;
		goto out;
	}
	/* The first header decides whether this is an archive at all. */
	for (;;) {
		r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r == ARCHIVE_RETRY) {
			/* A damaged header: libarchive resyncs to the next good one.
			 * Keep going, but the file is reported damaged. */
			if (damaged++ == 0)
				snprintf(u->err, sizeof(u->err), "%s at byte %lld",
					 archive_error_string(a) ? archive_error_string(a)
								 : "damaged archive",
					 (long long)archive_read_header_position(a));
			if (damaged > 100000) {
				ret = WN_ECORRUPT;
				break;
			}
			continue;
		}
		if (r == ARCHIVE_FATAL || r == ARCHIVE_FAILED) {
			const char *msg = archive_error_string(a);
			if (entries == 0 && archive_format(a) == 0 && !s->err[0]) {
				/* Nothing libarchive knows: a binary file, not an archive. */
				u->stats->read++;
				wn_stats_add(u->stats, "skipped: binary", 1);
				break;
			}
			snprintf(u->err, sizeof(u->err), "%s at byte %lld", msg ? msg : "damaged archive",
				 (long long)archive_read_header_position(a));
			ret = WN_ECORRUPT;
			break;
		}
		/* ARCHIVE_WARN: the header is usable (e.g. a charset warning). */
		entries++;
		/* ar members come without a file type: take them as files. */
		if (archive_entry_filetype(e) != AE_IFREG && archive_entry_filetype(e) != 0)
			continue;
		const char *ep = archive_entry_pathname_utf8(e);
		if (!ep)
			ep = archive_entry_pathname(e);
		if (!ep)
			ep = "?";
		/* ar's symbol and long-name tables are not documents. */
		if (!strcmp(ep, "/") || !strcmp(ep, "//") || !strncmp(ep, "/SYM64/", 7) ||
		    !strncmp(ep, "__.SYMDEF", 9))
			continue;
		if (!wanted(&u->opts, ep)) {
			u->stats->read++;
			wn_stats_add(u->stats, "skipped: excluded by --include/--exclude", 1);
			continue;
		}
		if (archive_entry_size_is_set(e) && archive_entry_size(e) > 0 &&
		    (uint64_t)archive_entry_size(e) > u->opts.max_record) {
			u->stats->read++;
			wn_stats_add(u->stats, "skipped: record too large", 1);
			continue; /* next_header skips the data */
		}
		int rc = read_entry(u, a, ep);
		u->stats->bytes_in += u->data.len;
		if (rc == WN_ERECBIG) {
			u->stats->read++;
			wn_stats_add(u->stats, "skipped: record too large", 1);
			continue;
		}
		if (rc) {
			ret = rc;
			break;
		}
		if (unpack_is_binary(u->data.data ? u->data.data : "", u->data.len)) {
			u->stats->read++;
			wn_stats_add(u->stats, "skipped: binary", 1);
			continue;
		}
		wn_record_clear(&u->rec);
		wn_buf_reset(&u->scratch);
		if (wn_buf_addf(&u->scratch, "%s:%s", name, ep) != WN_OK ||
		    wn_record_set_id(&u->rec, u->scratch.data, u->scratch.len) != WN_OK ||
		    wn_record_set_string(&u->rec, "source", name, strlen(name)) != WN_OK) {
			ret = WN_ENOMEM;
			break;
		}
		if (u->opts.html && u->data.len && has_html_suffix(ep) &&
		    u->opts.html(u->opts.hook_ctx, u->data.data, u->data.len, NULL, &u->rec) == WN_OK) {
			if (unpack_emit_record(u)) {
				ret = WN_EIO;
				break;
			}
			continue;
		}
		if (unpack_emit_text(u, u->data.data ? u->data.data : "", u->data.len)) {
			ret = WN_EIO;
			break;
		}
	}
	if (damaged && ret == WN_OK)
		ret = WN_ECORRUPT;
out:
	archive_read_free(a);
	free(io.buf);
	return ret;
}
