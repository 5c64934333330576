#include "filters/dedup_table.h"

#include <stdlib.h>

#include "core/error.h"

#define MIN_BITS 10

void dedup_table_init(struct dedup_table *t)
{
	t->slot = NULL;
	t->cap = t->n = 0;
}

void dedup_table_release(struct dedup_table *t)
{
	if (!t)
		return;
	free(t->slot);
	dedup_table_init(t);
}

static inline size_t next_slot(size_t i, size_t cap)
{
	return i + 1 == cap ? 0 : i + 1;
}

static void place(struct dedup_slot *s, size_t cap, uint32_t tag, uint32_t doc)
{
	size_t i = dedup_table_home(tag, cap);
	while (s[i].doc)
		i = next_slot(i, cap);
	s[i].tag = tag;
	s[i].doc = doc;
}

int dedup_table_reserve(struct dedup_table *t, size_t cap)
{
	if (cap < 16 || cap > ((size_t)1 << 36))
		return WN_ENOMEM;
	struct dedup_slot *s = calloc(cap, sizeof(*s));
	if (!s)
		return WN_ENOMEM;
	/* Re-place what is there, in slot order (deterministic). */
	for (size_t i = 0; i < t->cap; i++)
		if (t->slot[i].doc)
			place(s, cap, t->slot[i].tag, t->slot[i].doc);
	free(t->slot);
	t->slot = s;
	t->cap = cap;
	return WN_OK;
}

int dedup_table_insert(struct dedup_table *t, uint32_t tag, uint32_t doc, unsigned cap)
{
	if (doc == UINT32_MAX)
		return WN_ELIMIT;
	if (cap && t->cap) {
		/* A tag shared by `cap` documents already (a band made of
		 * boilerplate) is not worth a slot: lookups hand out only the
		 * first `cap` of them anyway. */
		size_t i = dedup_table_home(tag, t->cap);
		unsigned same = 0;
		while (t->slot[i].doc) {
			if (t->slot[i].tag == tag && ++same >= cap)
				return WN_OK;
			i = next_slot(i, t->cap);
		}
	}
	if ((t->n + 1) * 5 > t->cap * 4) {
		int rc = dedup_table_reserve(t, t->cap ? t->cap + t->cap / 2 : (size_t)1 << MIN_BITS);
		if (rc)
			return rc;
	}
	place(t->slot, t->cap, tag, doc + 1);
	t->n++;
	return WN_OK;
}

void dedup_table_probe(const struct dedup_table *t, uint32_t tag, struct dedup_probe *p)
{
	p->tag = tag;
	p->steps = 0;
	p->pos = t->cap ? dedup_table_home(tag, t->cap) : 0;
}

int dedup_table_next(const struct dedup_table *t, struct dedup_probe *p, uint32_t *doc)
{
	if (!t->cap)
		return 0;
	while (t->slot[p->pos].doc && p->steps < t->cap) {
		const struct dedup_slot *s = &t->slot[p->pos];
		p->pos = next_slot(p->pos, t->cap);
		p->steps++;
		if (s->tag == p->tag) {
			*doc = s->doc - 1;
			return 1;
		}
	}
	return 0;
}
