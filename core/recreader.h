/*
 * wn_recreader: records from a byte source, in one of the record formats.
 * It joins the reader (cutting lines) and the record parser, and counts
 * into a wn_stats what it had to skip. The returned record is owned by the
 * recreader and valid until the next call.
 */
#ifndef WN_RECREADER_H
#define WN_RECREADER_H

#include "core/reader.h"
#include "core/record.h"
#include "core/stats.h"

struct wn_recreader {
	struct wn_reader rd;
	struct wn_record rec;
	enum wn_record_format fmt;
	struct wn_stats *stats; /* borrowed; may be shared by several readers */
};

void wn_recreader_init_fd(struct wn_recreader *rr, int fd, enum wn_record_format fmt,
			  size_t max, struct wn_stats *stats);
void wn_recreader_init_fn(struct wn_recreader *rr, wn_read_fn fn, void *ctx,
			  enum wn_record_format fmt, size_t max, struct wn_stats *stats);
void wn_recreader_release(struct wn_recreader *rr);

/*
 * Next record. WN_OK: *rec is set. WN_EOF: done. A record-level error
 * (WN_ERECBIG, WN_ERECJSON, WN_ERECFIELD) means line rr->rd.lineno was
 * skipped and counted: report it if you like and call again. WN_EIO or
 * WN_ENOMEM: the stream is dead.
 */
int wn_recreader_next(struct wn_recreader *rr, struct wn_record **rec);

#endif
