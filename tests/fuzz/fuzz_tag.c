/* libFuzzer target: the tag stage's models on arbitrary text. Entities must
 * lie inside the text, in order, without overlap, on character boundaries
 * of valid UTF-8; the word-type cache must give the reference extractor's
 * entities whatever it already holds; --inline markup must strip back to
 * the text; topic scores must be probabilities. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "filters/embed.h"
#include "filters/ner.h"
#include "filters/topics.h"

static struct ner_model ner;
static struct topics_model top;
static struct ner_tagger fast, ref;
static struct topics_scorer ts;

static void setup(void)
{
	size_t n;
	const char *p = wn_embed_ner(&n);

	if (ner_model_open(&ner, p, n))
		abort();
	p = wn_embed_topics(&n);
	if (topics_model_open(&top, p, n))
		abort();
	ner_tagger_init(&fast, &ner);
	ner_tagger_init(&ref, &ner);
	ref.reference = 1;
	ts.m = &top;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	const char *s = (const char *)data;

	if (!ready) {
		setup();
		ready = 1;
	}
	if (ner_tag_text(&fast, s, size, NULL) != WN_OK || ner_tag_text(&ref, s, size, NULL) != WN_OK)
		return 0; /* a limit: nothing to check */
	const struct ner_ent *e = (const struct ner_ent *)(const void *)fast.ents.data;
	const struct ner_ent *r = (const struct ner_ent *)(const void *)ref.ents.data;
	int utf8 = wn_utf8_valid(s, size);
	size_t prev = 0;

	if (fast.nents != ref.nents)
		abort();
	for (size_t i = 0; i < fast.nents; i++) {
		if (e[i].start < prev || e[i].start >= e[i].end || e[i].end > size)
			abort();
		if (utf8 && ((e[i].start < size && wn_utf8_is_cont(data[e[i].start])) ||
			     (e[i].end < size && wn_utf8_is_cont(data[e[i].end]))))
			abort();
		if (e[i].start != r[i].start || e[i].end != r[i].end || strcmp(e[i].type, r[i].type))
			abort();
		prev = e[i].end;
	}
	if (utf8) {
		struct wn_buf marked = WN_BUF_INIT((size_t)1 << 26), back = WN_BUF_INIT((size_t)1 << 26);
		if (ner_inline_write(&marked, s, size, e, fast.nents) == WN_OK) {
			if (ner_inline_strip(&back, marked.data ? marked.data : "", marked.len) != WN_OK ||
			    back.len != size || (size && memcmp(back.data, data, size)))
				abort();
		}
		wn_buf_release(&marked);
		wn_buf_release(&back);
	}
	topics_score(&ts, s, size);
	for (int l = 0; l < top.nlabels; l++)
		if (!(ts.score[l] >= 0 && ts.score[l] <= 1) || isnan(ts.score[l]))
			abort();
	return 0;
}
