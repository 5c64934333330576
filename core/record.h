/*
 * wn_record: one document passing between stages.
 *
 * A record is parsed from one JSONL line (or made from one line of plain
 * text). It owns a copy of the line; every member other than the ones a stage
 * changes is written back byte for byte, in input order. `id` and `text` are
 * also decoded into their own buffers for the stages to read.
 *
 * A stage changes the record with wn_record_set_text() and
 * wn_record_set_raw(); the new bytes live in the record's arena. A record is
 * reusable: wn_record_parse() resets it, keeping its memory.
 */
#ifndef WN_RECORD_H
#define WN_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"

struct wn_field {
	size_t key_off, key_len; /* raw key, between the quotes */
	size_t val_off, val_len; /* raw JSON value */
	uint64_t key_hash;       /* hash of the decoded key */
	unsigned key_arena : 1;  /* key bytes are in the arena, not the line */
	unsigned val_arena : 1;  /* value bytes are in the arena */
	unsigned dropped : 1;    /* not written (an earlier duplicate key) */
};

struct wn_record {
	struct wn_buf line;  /* the input line (UTF-8 repaired), or empty */
	struct wn_buf arena; /* keys and values set by stages */
	struct wn_buf id;    /* decoded id; a number id in its JSON spelling */
	struct wn_buf text;  /* decoded text */
	struct wn_field *fields;
	size_t nfields, fields_cap;
	long id_field, text_field; /* index into fields, or -1 */
	int text_dirty;            /* text was replaced: encode it on write */
	int has_id;                /* the input had an id (string or number) */
	uint64_t lineno;           /* 1-based line number in its input */
	size_t bad_utf8;           /* invalid sequences replaced, this record */
	size_t ctrl_fixed;         /* raw control bytes escaped, this record */
};

/* How records are read and written. */
enum wn_record_format {
	WN_FMT_JSONL = 0, /* one JSON object per line */
	WN_FMT_LINES,     /* plain text, one document per line */
	WN_FMT_NUL,       /* plain text, NUL-terminated documents */
};

void wn_record_init(struct wn_record *r, size_t max);
void wn_record_release(struct wn_record *r);

/*
 * Parses one JSONL line (without its newline; a trailing CR is ignored).
 * Invalid UTF-8 is replaced by U+FFFD and raw control bytes in strings are
 * escaped, both counted in the record. Returns WN_OK, WN_ERECJSON (not a
 * JSON object), WN_ERECFIELD (no "text" string), or a buffer error.
 * A line of only whitespace returns WN_EOF: nothing to do, not an error.
 */
int wn_record_parse(struct wn_record *r, const char *line, size_t len, uint64_t lineno);

/* Makes a record from plain text: id is the line number, text the bytes
 * (UTF-8 repaired). */
int wn_record_from_text(struct wn_record *r, const char *s, size_t len, uint64_t lineno);

/* Starts an empty record to be filled with set_* (unpack builds records so). */
void wn_record_clear(struct wn_record *r);

/* Replaces the text (s must be valid UTF-8). */
int wn_record_set_text(struct wn_record *r, const char *s, size_t len);
/* Sets the decoded id (valid UTF-8); it is written as a JSON string. */
int wn_record_set_id(struct wn_record *r, const char *s, size_t len);
/* Sets field key to a raw JSON value (the caller guarantees it is valid
 * JSON), replacing it in place if present, else appending it. */
int wn_record_set_raw(struct wn_record *r, const char *key, const char *json, size_t len);
/* Sets field key to a JSON string holding s (valid UTF-8). */
int wn_record_set_string(struct wn_record *r, const char *key, const char *s, size_t len);
/* Raw JSON value of field key, or NULL. */
const char *wn_record_get_raw(const struct wn_record *r, const char *key, size_t *len);

/* Replaces the text by the contents of b (valid UTF-8), without copying:
 * the buffers are swapped, so b is left holding the old text. */
int wn_record_take_text(struct wn_record *r, struct wn_buf *b);

/* Appends the record to out: a JSON line ending in '\n' for WN_FMT_JSONL,
 * else the text and '\n' (newlines in the text become spaces) or '\0'. */
int wn_record_write(const struct wn_record *r, enum wn_record_format fmt, struct wn_buf *out);

/* Where wn_record_write_sink sends its bytes: 0, or non-zero to stop. */
typedef int (*wn_sink_fn)(void *ctx, const char *p, size_t n);

/* Writes the record like wn_record_write, but in pieces of about 64 KiB
 * staged in tmp and handed to sink, so a record of any size costs no more
 * than that in memory. Returns WN_OK, WN_EIO (the sink failed) or a
 * wn_buf error. */
int wn_record_write_sink(const struct wn_record *r, enum wn_record_format fmt,
			 struct wn_buf *tmp, wn_sink_fn sink, void *ctx);

#endif
