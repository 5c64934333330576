/*
 * dedup_table: an open-addressing multimap from 32-bit tags to document
 * numbers, the one table behind the exact-hash index and the LSH bands.
 * Several documents may share a tag (a band many documents agree on, or a
 * chance collision): a lookup hands them out in a fixed order (insertion
 * order along the probe sequence), so results never depend on timing. A
 * tag says only "maybe": callers verify every document they get.
 *
 * Slots are 8 bytes (tag, document + 1); the table grows by half at 80%
 * load, so it costs 10 to 15 bytes per entry. The table owns its memory.
 */
#ifndef WN_DEDUP_TABLE_H
#define WN_DEDUP_TABLE_H

#include <stddef.h>
#include <stdint.h>

struct dedup_slot {
	uint32_t tag;
	uint32_t doc; /* document number + 1; 0: empty */
};

struct dedup_table {
	struct dedup_slot *slot;
	size_t cap;     /* slots, or 0 */
	size_t n;
};

/* A lookup in progress. */
struct dedup_probe {
	size_t pos;
	uint32_t tag;
	size_t steps;
};

void dedup_table_init(struct dedup_table *t);
void dedup_table_release(struct dedup_table *t);
/* Adds (tag, doc), unless cap (when not 0) documents have the tag already:
 * then nothing is added (lookups would never reach it). WN_OK or
 * WN_ENOMEM. */
int dedup_table_insert(struct dedup_table *t, uint32_t tag, uint32_t doc, unsigned cap);
void dedup_table_probe(const struct dedup_table *t, uint32_t tag, struct dedup_probe *p);
/* Next document with the probed tag: 1 and *doc set, or 0 when none is left. */
int dedup_table_next(const struct dedup_table *t, struct dedup_probe *p, uint32_t *doc);
/* First slot of a tag: tags are uniform hash bits, so a multiply maps them
 * onto any number of slots (Lemire's fast range). */
static inline size_t dedup_table_home(uint32_t tag, size_t cap)
{
	return (size_t)(((uint64_t)tag * (uint64_t)cap) >> 32);
}

/* Starts loading the first slot a lookup of tag reads. */
static inline void dedup_table_prefetch(const struct dedup_table *t, uint32_t tag)
{
	if (t->cap)
		__builtin_prefetch(&t->slot[dedup_table_home(tag, t->cap)]);
}
/* Bytes held. */
static inline size_t dedup_table_bytes(const struct dedup_table *t)
{
	return t->cap * sizeof(struct dedup_slot);
}
/* Makes room for cap slots exactly (16 to 2^36), re-placing the entries;
 * for loading a saved table the slots are then overwritten by the caller. */
int dedup_table_reserve(struct dedup_table *t, size_t cap);

#endif
