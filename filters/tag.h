/*
 * tag: the tag stage on one record. Adds "entities" (filters/ner.h, byte
 * offsets into the UTF-8 text, end exclusive) and "topics" (filters/topics.h,
 * labels scoring at least the threshold, best first), or writes the entities
 * into the text (--inline markup), or strips such markup.
 *
 * The models and the user gazetteer are read-only and shared; a tag_worker
 * holds one thread's scratch memory. Nothing here prints or exits: cmd/
 * loads the models, runs the record loop and reports.
 */
#ifndef WN_TAG_H
#define WN_TAG_H

#include <stddef.h>

#include "core/buf.h"
#include "core/record.h"
#include "core/stats.h"
#include "filters/gazetteer.h"
#include "filters/ner.h"
#include "filters/topics.h"

#define TAG_DEFAULT_THRESHOLD 0.3

struct tag_opts {
	int entities, topics; /* add each (both by default) */
	int inline_marks;     /* entities as markup in the text, not a field */
	int strip;            /* only remove inline markup */
	double threshold;     /* smallest topic score written */
	const struct ner_model *ner;   /* NULL: no entities */
	const struct topics_model *top; /* NULL: no topics */
	const struct gaz *user;        /* the user's phrases, or NULL */
};

/* Defaults: entities and topics, threshold TAG_DEFAULT_THRESHOLD, no models. */
void tag_opts_init(struct tag_opts *o);

/* One thread's state. */
struct tag_worker {
	const struct tag_opts *o;
	struct ner_tagger nt;
	struct topics_scorer ts;
	struct wn_buf json, text;
};

/* o must outlive w; max_record bounds the scratch buffers. */
void tag_worker_init(struct tag_worker *w, const struct tag_opts *o, size_t max_record);
void tag_worker_release(struct tag_worker *w);

/*
 * Tags one record in place, counting "entities" (and "malformed inline
 * markup" with strip) into st. WN_OK, WN_ENOMEM, or a record-level error
 * (the record grew past its cap: skip it).
 */
int tag_record(struct tag_worker *w, struct wn_record *rec, struct wn_stats *st);

/* Appends the JSON array of entities e[0..n) of text s. */
int tag_entities_json(struct wn_buf *b, const char *s, const struct ner_ent *e, size_t n);
/* Appends the JSON array of the labels of m scoring at least threshold,
 * best first (ties in label order), scores with 3 decimals. */
int tag_topics_json(struct wn_buf *b, const struct topics_model *m, const float *score,
		    double threshold);

#endif
