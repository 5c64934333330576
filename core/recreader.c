#include "core/recreader.h"

#include "core/error.h"

void wn_recreader_init_fn(struct wn_recreader *rr, wn_read_fn fn, void *ctx,
			  enum wn_record_format fmt, size_t max, struct wn_stats *stats)
{
	wn_reader_init_fn(&rr->rd, fn, ctx, fmt == WN_FMT_NUL ? '\0' : '\n', max);
	wn_record_init(&rr->rec, max);
	rr->fmt = fmt;
	rr->stats = stats;
}

void wn_recreader_init_fd(struct wn_recreader *rr, int fd, enum wn_record_format fmt,
			  size_t max, struct wn_stats *stats)
{
	wn_reader_init_fd(&rr->rd, fd, fmt == WN_FMT_NUL ? '\0' : '\n', max);
	wn_record_init(&rr->rec, max);
	rr->fmt = fmt;
	rr->stats = stats;
}

void wn_recreader_release(struct wn_recreader *rr)
{
	if (!rr)
		return;
	wn_reader_release(&rr->rd);
	wn_record_release(&rr->rec);
}

int wn_recreader_next(struct wn_recreader *rr, struct wn_record **rec)
{
	for (;;) {
		const char *line;
		size_t len;
		uint64_t before = rr->rd.bytes;
		int rc = wn_reader_next(&rr->rd, &line, &len);

		rr->stats->bytes_in += rr->rd.bytes - before;
		if (rc == WN_EOF || rc == WN_EIO || rc == WN_ENOMEM)
			return rc;
		if (rc == WN_ERECBIG) {
			rr->stats->read++;
			wn_stats_add(rr->stats, "skipped: record too large", 1);
			return rc;
		}
		if (rr->fmt == WN_FMT_JSONL) {
			rc = wn_record_parse(&rr->rec, line, len, rr->rd.lineno);
			if (rc == WN_EOF)
				continue; /* blank line */
		} else {
			if (rr->fmt == WN_FMT_LINES && len && line[len - 1] == '\r')
				len--;
			rc = wn_record_from_text(&rr->rec, line, len, rr->rd.lineno);
		}
		rr->stats->read++;
		rr->stats->bad_utf8 += rr->rec.bad_utf8;
		switch (rc) {
		case WN_OK:
			*rec = &rr->rec;
			return WN_OK;
		case WN_ERECJSON:
			wn_stats_add(rr->stats, "skipped: invalid JSON", 1);
			return rc;
		case WN_ERECFIELD:
			wn_stats_add(rr->stats, "skipped: no text string", 1);
			return rc;
		case WN_ERECBIG:
			wn_stats_add(rr->stats, "skipped: record too large", 1);
			return rc;
		default:
			return rc;
		}
	}
}
