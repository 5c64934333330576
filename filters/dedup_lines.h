/*
 * Boilerplate lines for dedup (--lines N): a line (text between newlines)
 * of at least `min` bytes that already occurred, after normalization, in N
 * earlier kept documents is removed from the text before its signature is
 * computed, so outlet boilerplate neither hides nor fakes a duplicate.
 *
 * Streaming and deterministic: the decision for a document depends only on
 * the documents kept before it. The first N documents carrying a line keep
 * it; only kept documents count (a dropped copy of an article does not make
 * its lines boilerplate). A line counts once per document.
 *
 * Use: dedup_lines_clean() on each document, then dedup_lines_commit() when
 * the document is kept. The structure owns its memory (16 bytes per distinct
 * counted line, in an open-addressing table).
 */
#ifndef WN_DEDUP_LINES_H
#define WN_DEDUP_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

/* Shorter lines are never boilerplate: "Reuters", "Share", a date line are
 * also parts of real articles. 30 bytes is a short sentence. */
#define DEDUP_LINE_MIN_DEFAULT 30

struct dedup_line_entry {
	uint64_t hash;  /* 0: empty */
	uint32_t count; /* kept documents that had the line */
	uint32_t last;  /* the last of them, + 1 */
};

struct dedup_lines {
	unsigned times;  /* N; 0: off */
	size_t min;
	struct dedup_line_entry *tab;
	size_t cap, n;
	uint32_t docs;   /* kept documents committed */
	struct wn_buf clean;  /* the text without its boilerplate */
	uint64_t *pending;    /* line hashes of the last cleaned document */
	size_t npending, pending_cap;
	uint64_t removed_lines, removed_bytes;  /* in kept documents */
	uint64_t cur_lines, cur_bytes;          /* in the last cleaned document */
};

void dedup_lines_init(struct dedup_lines *l, unsigned times, size_t min, size_t max_text);
void dedup_lines_release(struct dedup_lines *l);

/*
 * Removes the boilerplate lines of text into l->clean. *changed: some line
 * was removed; *gone: every line long enough to count was boilerplate
 * (nothing substantial is left). WN_OK, WN_ERECBIG or WN_ENOMEM.
 */
int dedup_lines_clean(struct dedup_lines *l, const char *text, size_t n, int *changed,
		      int *gone);
/*
 * The same with the line hashes computed beforehand by dedup_lines_hash()
 * (on a worker thread): only table lookups are left. WN_EINVAL when the
 * hashes do not fit the text.
 */
int dedup_lines_clean_hashed(struct dedup_lines *l, const char *text, size_t n,
			     const uint64_t *hashes, size_t nhashes, int *changed, int *gone);
/*
 * Appends to out the hash of every line of text of at least min bytes, in
 * order: what dedup_lines_clean computes, made beforehand. Reads nothing
 * shared, so any thread may call it. WN_OK or a wn_buf error.
 */
int dedup_lines_hash(size_t min, const char *text, size_t n, struct wn_buf *out);
/* Counts the lines of the last cleaned document (it was kept). */
int dedup_lines_commit(struct dedup_lines *l);
/* Bytes held. */
size_t dedup_lines_bytes(const struct dedup_lines *l);
/* Sets the table to cap empty slots (a power of two), for loading. */
int dedup_lines_reserve(struct dedup_lines *l, size_t cap);

#endif
