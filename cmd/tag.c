/*
 * winnow tag: named entities and topics on every record.
 *
 * Each record gets "entities": [{"type","start","end","text"}] (byte
 * offsets into the UTF-8 text, end exclusive) and "topics":
 * [{"label","score"}] (labels scoring at least --topic-threshold, best
 * first). --inline writes the entities into the text instead (syntax in
 * filters/ner.h); --strip-inline removes such markup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/model_file.h"
#include "core/error.h"
#include "core/json.h"
#include "filters/embed.h"
#include "filters/gazetteer.h"
#include "filters/ner.h"
#include "filters/topics.h"

#define MAX_GAZ_FILE ((size_t)256 << 20)

struct tag_opts {
	int entities, topics, inline_marks, strip;
	double threshold;
	const struct ner_model *ner;
	const struct topics_model *top;
	const struct gaz *user;
};

/* One worker's state. */
struct tag_worker {
	const struct tag_opts *o;
	struct ner_tagger nt;
	struct topics_scorer ts;
	struct wn_buf json, text;
};

static void worker_init(struct tag_worker *w, const struct tag_opts *o, size_t max)
{
	memset(w, 0, sizeof(*w));
	w->o = o;
	if (o->ner)
		ner_tagger_init(&w->nt, o->ner);
	w->ts.m = o->top;
	wn_buf_init(&w->json, max * 8 + 4096);
	wn_buf_init(&w->text, max * 2 + 4096);
}

static void worker_release(struct tag_worker *w)
{
	if (w->o->ner)
		ner_tagger_release(&w->nt);
	wn_buf_release(&w->json);
	wn_buf_release(&w->text);
}

static int entities_json(struct wn_buf *b, const char *s, const struct ner_ent *e, size_t n)
{
	int rc = wn_buf_addc(b, '[');

	for (size_t i = 0; i < n && rc == WN_OK; i++) {
		if ((i && (rc = wn_buf_addc(b, ','))) || (rc = wn_buf_adds(b, "{\"type\":")) ||
		    (rc = wn_json_add_string(b, e[i].type, strlen(e[i].type))) ||
		    (rc = wn_buf_addf(b, ",\"start\":%zu,\"end\":%zu,\"text\":", e[i].start, e[i].end)) ||
		    (rc = wn_json_add_string(b, s + e[i].start, e[i].end - e[i].start)))
			break;
		rc = wn_buf_addc(b, '}');
	}
	return rc ? rc : wn_buf_addc(b, ']');
}

static int topics_json(struct wn_buf *b, const struct topics_model *m, const float *score,
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

/* Tags one record in place. WN_OK, or a record-level error (skip it). */
static int tag_record(struct tag_worker *w, struct wn_record *rec, struct wn_stats *st)
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
	if (o->topics && o->top) {
		topics_score(&w->ts, s, n);
		wn_buf_reset(&w->json);
		if ((rc = topics_json(&w->json, o->top, w->ts.score, o->threshold)) ||
		    (rc = wn_record_set_raw(rec, "topics", w->json.data, w->json.len)))
			return rc;
	}
	if (o->entities && o->ner) {
		if ((rc = ner_tag_text(&w->nt, s, n, o->user)))
			return rc;
		const struct ner_ent *e = (const struct ner_ent *)(const void *)w->nt.ents.data;
		wn_stats_add(st, "entities", w->nt.nents);
		if (o->inline_marks) {
			wn_buf_reset(&w->text);
			if ((rc = ner_inline_write(&w->text, s, n, e, w->nt.nents)) ||
			    (rc = wn_record_set_text(rec, w->text.data ? w->text.data : "", w->text.len)))
				return rc;
		} else {
			wn_buf_reset(&w->json);
			if ((rc = entities_json(&w->json, s, e, w->nt.nents)) ||
			    (rc = wn_record_set_raw(rec, "entities", w->json.data, w->json.len)))
				return rc;
		}
	}
	return WN_OK;
}

static const char usage[] =
	"usage: winnow tag [options] [FILE...]\n\n"
	"Adds named entities (PER, ORG, LOC, MISC) and IPTC topics to every record:\n"
	"  \"entities\": [{\"type\",\"start\",\"end\",\"text\"}]  byte offsets into text, end exclusive\n"
	"  \"topics\": [{\"label\",\"score\"}]                  scores >= the threshold, best first\n\n"
	"  --no-entities          do not tag entities\n"
	"  --no-topics            do not add topics\n"
	"  --gazetteer FILE       also tag the phrases of FILE (TSV: phrase<TAB>TYPE; exact\n"
	"                         case; longest match first; wins over the model); repeatable\n"
	"  --inline               write entities into the text as \xe2\x9f\xa6TYPE text\xe2\x9f\xa7 instead of\n"
	"                         an entities field (brackets already in the text become\n"
	"                         \xe2\x9f\xa6<\xe2\x9f\xa7 and \xe2\x9f\xa6>\xe2\x9f\xa7)\n"
	"  --strip-inline         remove such markup, giving back the original text\n"
	"  --ner-model FILE       entity model from 'winnow train ner' (default: built in)\n"
	"  --topics-model FILE    topic model from 'winnow train topics' (default: built in)\n"
	"  --topic-threshold X    smallest topic score written (default 0.3)\n\n"
	WN_COMMON_HELP "\n" WN_EXIT_CODES_HELP;

static int load_gazetteers(struct gaz *g, char **files, int nfiles)
{
	for (int i = 0; i < nfiles; i++) {
		struct model_file mf;
		int code = model_file_read(&mf, files[i]);
		if (code)
			return code;
		int rc = gaz_load_tsv(g, mf.data, mf.len);
		model_file_release(&mf);
		if (rc) {
			wn_error("'%s': %s", files[i], g->err[0] ? g->err : wn_strerror(rc));
			return rc == WN_ENOMEM ? WN_EXIT_INTERNAL : WN_EXIT_DATA;
		}
	}
	return WN_EXIT_OK;
}

int cmd_tag(int argc, char **argv)
{
	enum { O_NOENT = WN_OPT_FIRST_PRIVATE, O_NOTOP, O_GAZ, O_INLINE, O_STRIP, O_NERM, O_TOPM,
	       O_THRESH };
	static const struct option longopts[] = {
		WN_COMMON_LONGOPTS,
		{"no-entities", no_argument, NULL, O_NOENT}, {"no-topics", no_argument, NULL, O_NOTOP},
		{"gazetteer", required_argument, NULL, O_GAZ}, {"inline", no_argument, NULL, O_INLINE},
		{"strip-inline", no_argument, NULL, O_STRIP}, {"ner-model", required_argument, NULL, O_NERM},
		{"topics-model", required_argument, NULL, O_TOPM},
		{"topic-threshold", required_argument, NULL, O_THRESH},
		{"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
	struct wn_common c;
	struct tag_opts o = {.entities = 1, .topics = 1, .threshold = 0.3};
	struct wn_stats st = {0};
	char **gazf = NULL;
	const char *ner_path = NULL, *top_path = NULL;
	int ngaz = 0, opt, code = WN_EXIT_OK;
	char *end;

	wn_common_init(&c);
	gazf = calloc((size_t)argc + 1, sizeof(*gazf));
	if (!gazf) {
		wn_error("out of memory");
		return WN_EXIT_INTERNAL;
	}
	while ((opt = getopt_long(argc, argv, WN_COMMON_SHORTOPTS "h", longopts, NULL)) != -1) {
		int k = wn_common_option(&c, opt, optarg);
		if (k < 0) {
			free(gazf);
			return WN_EXIT_USAGE;
		}
		if (k)
			continue;
		switch (opt) {
		case O_NOENT: o.entities = 0; break;
		case O_NOTOP: o.topics = 0; break;
		case O_GAZ: gazf[ngaz++] = optarg; break;
		case O_INLINE: o.inline_marks = 1; break;
		case O_STRIP: o.strip = 1; break;
		case O_NERM: ner_path = optarg; break;
		case O_TOPM: top_path = optarg; break;
		case O_THRESH:
			o.threshold = strtod(optarg, &end);
			if (*end || !(o.threshold >= 0 && o.threshold <= 1)) {
				free(gazf);
				return wn_usage_error("--topic-threshold: expected 0..1");
			}
			break;
		case 'h':
			free(gazf);
			printf("%s", usage);
			return WN_EXIT_OK;
		default:
			free(gazf);
			return wn_usage_error("unknown option");
		}
	}

	struct model_file nerf = {0}, topf = {0};
	struct ner_model ner;
	struct topics_model top;
	struct gaz user;
	gaz_init(&user, 0);
	if (!o.strip && o.entities) {
		const char *p;
		size_t n;
		if (ner_path) {
			if ((code = model_file_read(&nerf, ner_path)))
				goto out;
			p = nerf.data;
			n = nerf.len;
		} else {
			p = wn_embed_ner(&n);
		}
		if (ner_model_open(&ner, p, n)) {
			wn_error("'%s': not a usable ner model (wrong version or damaged)",
				 ner_path ? ner_path : "built-in");
			code = WN_EXIT_DATA;
			goto out;
		}
		o.ner = &ner;
		if ((code = load_gazetteers(&user, gazf, ngaz)))
			goto out;
		o.user = ngaz ? &user : NULL;
	}
	if (!o.strip && o.topics) {
		const char *p;
		size_t n;
		if (top_path) {
			if ((code = model_file_read(&topf, top_path)))
				goto out;
			p = topf.data;
			n = topf.len;
		} else {
			p = wn_embed_topics(&n);
		}
		if (topics_model_open(&top, p, n)) {
			wn_error("'%s': not a usable topics model (wrong version or damaged)",
				 top_path ? top_path : "built-in");
			code = WN_EXIT_DATA;
			goto out;
		}
		o.top = &top;
	}

	struct wn_out out;
	struct wn_buf scratch;
	struct tag_worker w;
	wn_out_init(&out, 1);
	wn_buf_init(&scratch, c.max_record * 8 + 1024);
	worker_init(&w, &o, c.max_record);
	for (int i = optind; i <= argc; i++) {
		const char *name = i < argc ? argv[i] : "-";
		if (i == argc && argc > optind)
			break;
		int fd = wn_open_input(name);
		if (fd < 0) {
			code = wn_exit_max(code, WN_EXIT_IO);
			continue;
		}
		struct wn_recreader rr;
		struct wn_record *rec;
		int rc;
		wn_recreader_init_fd(&rr, fd, c.in_fmt, c.max_record, &st);
		while ((rc = wn_recreader_next(&rr, &rec)) != WN_EOF) {
			if (rc == WN_OK) {
				int e = tag_record(&w, rec, &st);
				if (e == WN_ENOMEM) {
					wn_error("out of memory");
					code = WN_EXIT_INTERNAL;
					break;
				}
				if (e) {
					wn_stats_add(&st, "skipped: record too large to tag", 1);
					continue;
				}
				e = wn_emit(&out, &c, rec, &scratch, &st);
				if (e) {
					code = e;
					break;
				}
			} else if (!wn_report_record_error(&c, name, &rr, rc, &code)) {
				break;
			}
		}
		wn_recreader_release(&rr);
		if (fd > 0)
			close(fd);
		if (code == WN_EXIT_IO || code == WN_EXIT_INTERNAL)
			break;
	}
	worker_release(&w);
	if (wn_out_release(&out) && code == WN_EXIT_OK)
		code = WN_EXIT_IO;
	wn_buf_release(&scratch);
	if (c.stats)
		wn_print_stats(&st);
out:
	gaz_release(&user);
	model_file_release(&nerf);
	model_file_release(&topf);
	free(gazf);
	return code;
}
