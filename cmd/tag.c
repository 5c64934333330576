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
#include "core/batch.h"
#include "core/pool.h"
#include "core/error.h"
#include "core/json.h"
#include "filters/embed.h"
#include "filters/gazetteer.h"
#include "filters/ner.h"
#include "filters/tag.h"
#include "filters/topics.h"

#define MAX_GAZ_FILE ((size_t)256 << 20)

/*
 * The record loop: the main thread reads lines into batches, workers parse,
 * tag and format them (core/pool.h), the main thread writes the batches
 * back in input order and reports what was skipped, so the output is the
 * same whatever -j.
 */
#define BATCH_RECORDS 256
#define BATCH_BYTES ((size_t)1 << 20)

/* What a worker made of line i of the batch. */
struct item {
	size_t out_off, out_len;
	int status;            /* WN_OK, WN_EOF (blank line), or a record error */
	size_t bad_utf8;
};

struct batch {
	struct wn_batch in;    /* the lines (core/batch.h) */
	struct wn_buf out;
	struct item items[BATCH_RECORDS];
	int fatal;             /* out of memory in a worker */
	struct wn_stats st;    /* what the workers counted */
};

struct shared {
	const struct wn_common *c;
	const struct tag_opts *o;
};

struct worker_ctx {
	struct tag_worker w;
	struct wn_record rec;
};

static void work(void *sharedp, void *workerp, void *batchp)
{
	const struct shared *sh = sharedp;
	struct worker_ctx *wc = workerp;
	struct batch *b = batchp;

	wn_buf_reset(&b->out);
	for (size_t i = 0; i < b->in.n && !b->fatal; i++) {
		struct item *it = &b->items[i];
		const struct wn_batch_line *l = &b->in.line[i];
		const char *line = b->in.raw.data + l->off;
		size_t len = l->len;
		int rc;

		it->status = l->status;
		it->out_len = it->bad_utf8 = 0;
		if (it->status != WN_OK)
			continue;
		if (sh->c->in_fmt == WN_FMT_JSONL) {
			rc = wn_record_parse(&wc->rec, line, len, l->lineno);
		} else {
			if (sh->c->in_fmt == WN_FMT_LINES && len && line[len - 1] == '\r')
				len--;
			rc = wn_record_from_text(&wc->rec, line, len, l->lineno);
		}
		it->status = rc;
		it->bad_utf8 = wc->rec.bad_utf8;
		if (rc)
			continue;
		rc = tag_record(&wc->w, &wc->rec, &b->st);
		it->out_off = b->out.len;
		if (!rc)
			rc = wn_record_write(&wc->rec, sh->c->out_fmt, &b->out);
		if (rc == WN_ENOMEM) {
			b->fatal = 1;
			break;
		}
		if (rc) {
			/* Grew past the cap while tagged: skipped, never truncated. */
			wn_buf_setlen(&b->out, it->out_off);
			it->status = WN_ERECBIG + 100;
			continue;
		}
		it->out_len = b->out.len - it->out_off;
	}
}

struct run {
	const struct wn_common *c;
	struct wn_stats *st;
	struct wn_out out;
	const char *name;
	int code, stop;
};

static void consume(struct run *r, struct batch *b)
{
	if (b->fatal) {
		wn_error("out of memory");
		r->code = wn_exit_max(r->code, WN_EXIT_INTERNAL);
		r->stop = 1;
		return;
	}
	wn_stats_merge(r->st, &b->st);
	for (size_t i = 0; i < b->in.n && !r->stop; i++) {
		const struct item *it = &b->items[i];
		const char *why = NULL;

		if (it->status == WN_EOF)
			continue; /* blank line */
		r->st->read++;
		r->st->bad_utf8 += it->bad_utf8;
		switch (it->status) {
		case WN_OK:
			if (wn_out_write(&r->out, b->out.data + it->out_off, it->out_len)) {
				wn_error("write error: %s", strerror(r->out.err));
				r->code = wn_exit_max(r->code, WN_EXIT_IO);
				r->stop = 1;
				return;
			}
			r->st->written++;
			r->st->bytes_out += it->out_len;
			continue;
		case WN_ERECJSON:
			wn_stats_add(r->st, "skipped: invalid JSON", 1);
			why = wn_strerror(it->status);
			break;
		case WN_ERECFIELD:
			wn_stats_add(r->st, "skipped: no text string", 1);
			why = wn_strerror(it->status);
			break;
		case WN_ERECBIG + 100:
			wn_stats_add(r->st, "skipped: record too large once tagged", 1);
			why = "record too large once tagged";
			break;
		default:
			wn_stats_add(r->st, "skipped: record too large", 1);
			why = wn_strerror(WN_ERECBIG);
			break;
		}
		if (!r->c->quiet || r->c->strict)
			wn_warn("'%s': line %llu: %s, skipped", r->name, (unsigned long long)b->in.line[i].lineno,
				why);
		if (r->c->strict) {
			r->code = wn_exit_max(r->code, WN_EXIT_DATA);
			r->stop = 1;
		}
	}
}

/* Reads the next batch of lines; 0 when there is none. */
static int fill(struct run *r, struct wn_batch_reader *rd, struct batch *b)
{
	int rc = wn_batch_read(rd, &b->in);

	memset(&b->st, 0, sizeof(b->st));
	b->fatal = 0;
	r->st->bytes_in += b->in.bytes;
	if (rc == WN_EIO || rc == WN_ENOMEM) {
		if (rc == WN_EIO)
			wn_error("'%s': read error: %s", r->name, strerror(rd->err));
		else
			wn_error("'%s': out of memory", r->name);
		r->code = wn_exit_max(r->code, rc == WN_EIO ? WN_EXIT_IO : WN_EXIT_INTERNAL);
		r->stop = 1;
	}
	return rc == WN_OK;
}

static int run_pool(const struct wn_common *c, const struct tag_opts *o, int argc, char **argv,
		    struct wn_stats *st)
{
	int threads = wn_common_threads(c);
	unsigned nworkers = threads > 1 ? (unsigned)threads : 0;
	size_t nctx = nworkers ? nworkers : 1, nb = 2 * nctx + 1;
	struct shared sh = {c, o};
	struct run r = {.c = c, .st = st};
	struct worker_ctx *wcs = calloc(nctx, sizeof(*wcs));
	struct batch *batches = calloc(nb, sizeof(*batches));
	void **wctx = calloc(nctx, sizeof(*wctx));
	struct wn_pool *pool = NULL;
	struct wn_batch_reader rd;

	wn_batch_reader_init(&rd, -1, c->in_fmt == WN_FMT_NUL ? '\0' : '\n', c->max_record,
			     BATCH_RECORDS, BATCH_BYTES);
	wn_out_init(&r.out, 1);
	if (!wcs || !batches || !wctx) {
		wn_error("out of memory");
		r.code = WN_EXIT_INTERNAL;
		goto done;
	}
	for (size_t i = 0; i < nctx; i++) {
		tag_worker_init(&wcs[i].w, o, c->max_record);
		wn_record_init(&wcs[i].rec, c->max_record);
		wctx[i] = &wcs[i];
	}
	for (size_t i = 0; i < nb; i++) {
		wn_buf_init(&batches[i].out, (c->max_record + BATCH_BYTES) * 8);
		if (wn_batch_init(&batches[i].in, &rd)) {
			wn_error("out of memory");
			r.code = WN_EXIT_INTERNAL;
			goto done;
		}
	}
	if (wn_pool_new(&pool, nworkers, nb, work, &sh, wctx)) {
		wn_error("cannot start threads");
		r.code = WN_EXIT_INTERNAL;
		goto done;
	}
	for (int i = optind; i <= argc && !r.stop; i++) {
		const char *name = i < argc ? argv[i] : "-";
		if (i == argc && argc > optind)
			break;
		int fd = wn_open_input(name);
		if (fd < 0) {
			r.code = wn_exit_max(r.code, WN_EXIT_IO);
			continue;
		}
		size_t next_free = 0;
		r.name = name;
		wn_batch_reader_reset(&rd, fd);
		while (!r.stop) {
			struct batch *b;
			if (next_free < nb) {
				b = &batches[next_free++];
			} else {
				b = wn_pool_next(pool);
				consume(&r, b);
				if (r.stop)
					break;
			}
			if (!fill(&r, &rd, b))
				break;
			wn_pool_submit(pool, b);
		}
		struct batch *b;
		while ((b = wn_pool_next(pool)))
			if (!r.stop)
				consume(&r, b);
		if (fd > 0)
			close(fd);
	}
done:
	wn_pool_free(pool);
	wn_batch_reader_release(&rd);
	if (wn_out_release(&r.out) && r.code == WN_EXIT_OK)
		r.code = WN_EXIT_IO;
	for (size_t i = 0; wcs && i < nctx; i++) {
		if (wctx && wctx[i]) {
			tag_worker_release(&wcs[i].w);
			wn_record_release(&wcs[i].rec);
		}
	}
	for (size_t i = 0; batches && i < nb; i++) {
		wn_batch_release(&batches[i].in);
		wn_buf_release(&batches[i].out);
	}
	free(wcs);
	free(batches);
	free(wctx);
	return r.code;
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
	struct tag_opts o;
	struct wn_stats st = {0};
	char **gazf = NULL;
	const char *ner_path = NULL, *top_path = NULL;
	int ngaz = 0, opt, code = WN_EXIT_OK;

	wn_common_init(&c);
	tag_opts_init(&o);
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
			if ((code = wn_opt_num("topic-threshold", optarg, 0, 1, &o.threshold))) {
				free(gazf);
				return code;
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

	code = run_pool(&c, &o, argc, argv, &st);
	if (c.stats)
		wn_print_stats(&st);
out:
	gaz_release(&user);
	model_file_release(&nerf);
	model_file_release(&topf);
	free(gazf);
	return code;
}
