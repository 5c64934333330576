#include "filters/tag.h"

#include <string.h>

#include "core/error.h"
#include "core/json.h"

void tag_opts_init(struct tag_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->entities = 1;
	o->topics = 1;
	o->threshold = TAG_DEFAULT_THRESHOLD;
}

void tag_worker_init(struct tag_worker *w, const struct tag_opts *o, size_t max)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	if (o->ner)
		ner_tagger_init(&w->nt, o->ner);
	w->ts.m = o->top;
	wn_buf_init(&w->json, max * 8 + 4096);
	wn_buf_init(&w->text, max * 2 + 4096);
}

void tag_worker_release(struct tag_worker *w)
{
	if (w->o && w->o->ner)
		ner_tagger_release(&w->nt);
	wn_buf_release(&w->json);
	wn_buf_release(&w->text);
}

int tag_entities_json(struct wn_buf *b, const char *s, const struct ner_ent *e, size_t n)
{
	int rc = wn_buf_addc(b, '[');

	for (size_t i = 0; i < n && rc == WN_OK; i++) {
		if ((i && (rc = wn_buf_addc(b, ','))) || (rc = wn_buf_adds(b, "{\"type\":")) ||
		    (rc = wn_json_add_string(b, e[i].type, strlen(e[i].type))) ||
		    (rc = wn_buf_adds(b, ",\"start\":")) || (rc = wn_buf_addu(b, e[i].start)) ||
		    (rc = wn_buf_adds(b, ",\"end\":")) || (rc = wn_buf_addu(b, e[i].end)) ||
		    (rc = wn_buf_adds(b, ",\"text\":")) ||
		    (rc = wn_json_add_string(b, s + e[i].start, e[i].end - e[i].start)))
			break;
		rc = wn_buf_addc(b, '}');
	}
	return rc ? rc : wn_buf_addc(b, ']');
}

int tag_topics_json(struct wn_buf *b, const struct topics_model *m, const float *score,
		    double threshold)
{
	int order[TOPICS_MAX_LABELS], n = 0, rc;

	for (int l = 0; l < m->nlabels; l++)
		if (score[l] >= threshold)
			order[n++] = l;
	/* Best first; ties by label order (stable insertion sort). */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && score[order[j]] > score[order[j - 1]]; j--) {
			int t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	if ((rc = wn_buf_addc(b, '[')))
		return rc;
	for (int i = 0; i < n; i++) {
		if ((i && (rc = wn_buf_addc(b, ','))) || (rc = wn_buf_adds(b, "{\"label\":")) ||
		    (rc = wn_json_add_string(b, m->labels[order[i]], strlen(m->labels[order[i]]))) ||
		    (rc = wn_buf_addf(b, ",\"score\":%.3f}", (double)score[order[i]])))
			return rc;
	}
	return wn_buf_addc(b, ']');
}

static void topics_word(void *ctx, const char *w, size_t n)
{
	topics_add_word(ctx, w, n);
}

int tag_record(struct tag_worker *w, struct wn_record *rec, struct wn_stats *st)
{
	const struct tag_opts *o = w->o;
	const char *s = rec->text.data ? rec->text.data : "";
	size_t n = rec->text.len;
	int rc;

	if (o->strip) {
		wn_buf_reset(&w->text);
		rc = ner_inline_strip(&w->text, s, n);
		if (rc == WN_ECORRUPT)
			wn_stats_add(st, "malformed inline markup", 1);
		else if (rc)
			return rc;
		return wn_record_set_text(rec, w->text.data ? w->text.data : "", w->text.len);
	}
	/* With both models, topics reads the words NER cuts. */
	int topics = o->topics && o->top, entities = o->entities && o->ner;
	if (topics && !entities)
		topics_score(&w->ts, s, n);
	if (entities) {
		if (topics) {
			topics_begin(&w->ts);
			w->nt.on_word = topics_word;
			w->nt.word_ctx = &w->ts;
		}
		rc = ner_tag_text(&w->nt, s, n, o->user);
		w->nt.on_word = NULL;
		if (rc)
			return rc;
		if (topics)
			topics_finish(&w->ts);
	}
	if (topics) {
		wn_buf_reset(&w->json);
		if ((rc = tag_topics_json(&w->json, o->top, w->ts.score, o->threshold)) ||
		    (rc = wn_record_set_raw(rec, "topics", w->json.data, w->json.len)))
			return rc;
	}
	if (entities) {
		const struct ner_ent *e = (const struct ner_ent *)(const void *)w->nt.ents.data;
		wn_stats_add(st, "entities", w->nt.nents);
		if (o->inline_marks) {
			wn_buf_reset(&w->text);
			if ((rc = ner_inline_write(&w->text, s, n, e, w->nt.nents)) ||
			    (rc = wn_record_set_text(rec, w->text.data ? w->text.data : "", w->text.len)))
				return rc;
		} else {
			wn_buf_reset(&w->json);
			if ((rc = tag_entities_json(&w->json, s, e, w->nt.nents)) ||
			    (rc = wn_record_set_raw(rec, "entities", w->json.data, w->json.len)))
				return rc;
		}
	}
	return WN_OK;
}
