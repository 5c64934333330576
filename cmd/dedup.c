/*
 * winnow dedup: drops exact and near-duplicate documents, first occurrence
 * wins. The main thread reads lines into batches (core/batch.h); workers
 * (core/pool.h) parse them, compute signatures and serialize the output;
 * the main thread takes the batches back in input order, decides
 * (filters/dedup.h) and writes survivors straight from the batches, so the
 * output is the same for any -j.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/batch.h"
#include "core/pool.h"
#include "filters/dedup.h"
#include "filters/dedup_lines.h"
#include "filters/dedup_minhash.h"

/* A batch is cut at this many records or bytes of input: big enough to
 * amortize the hand-off between threads, small enough to keep them busy.
 * (Workers reading in turns into 256 KiB batches measured 6% slower at
 * -j 2 on an idle machine.) */
#define BATCH_RECORDS 2048
#define BATCH_BYTES ((size_t)1 << 20)

enum {
	OPT_THRESHOLD = WN_OPT_FIRST_PRIVATE,
	OPT_CONTAINMENT,
	OPT_SHINGLE,
	OPT_CHARS,
	OPT_NUM_PERM,
	OPT_BANDS,
	OPT_ROWS,
	OPT_DUPS,
	OPT_ANNOTATE,
	OPT_INDEX,
	OPT_MAX_MEMORY,
	OPT_LINES,
	OPT_LINE_MIN,
};

/* What a worker made of line i of the batch. */
struct item {
	int status;          /* WN_OK, WN_EOF (blank line) or a record error */
	size_t out_off, out_len;
	size_t id_off, id_len;
	size_t text_off, text_len;  /* --lines: the text, and */
	size_t lh_off, lh_n;        /* the hashes of its lines (in 64-bit units) */
	size_t bad_utf8;
	struct dedup_key key;
};

struct batch {
	struct wn_batch in;
	struct wn_buf out, ids;
	struct wn_buf texts, lh;  /* --lines */
	struct item *items;  /* one per line of in */
	int fatal;           /* WN_ENOMEM in a worker */
};

struct shared {
	const struct wn_common *c;
	const struct dedup *d; /* settings only, for dedup_key_make */
	struct dedup_shape shape;
	size_t line_min;     /* --lines: workers hash lines this long; 0: off */
	int serialize;       /* workers write the output bytes (with --lines,
			      * only worth it when they are threads) */
};

struct worker {
	struct wn_record rec;
	struct dedup_minhash mh;
	uint32_t bins[DEDUP_MAX_BINS];
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: winnow dedup [OPTIONS] [FILE...]\n\n"
		"Drops exact and near-duplicate documents (first occurrence wins) and\n"
		"writes the survivors in input order.\n\n"
		"options:\n"
		"  --threshold J       near duplicate at estimated Jaccard >= J (default 0.5)\n"
		"  --containment C     also drop a document when >= C of its shingles occur\n"
		"                      in one kept document (trimmed copies; default off)\n"
		"  --shingle N         shingle size in words, or characters (default 5)\n"
		"  --chars             character shingles (text written without spaces)\n"
		"  --num-perm K        signature length, a power of two (default 128)\n"
		"  --bands B, --rows R LSH banding (default: chosen from the thresholds)\n"
		"  --lines N           remove lines seen in N earlier documents (boilerplate)\n"
		"  --line-min BYTES    shortest line counted as boilerplate (default %d)\n"
		"  --dups FILE         one JSON line per dropped document: id, dup_of,\n"
		"                      reason, similarity\n"
		"  --annotate          add \"dup_count\" to survivors (output at the end)\n"
		"  --index PATH        load a saved index before the run, save it after\n"
		"  --max-memory SIZE   stop cleanly (exit 4) before the index passes SIZE\n"
		"  -h, --help          this help\n\n" WN_COMMON_HELP "\n" WN_EXIT_CODES_HELP,
		DEDUP_LINE_MIN_DEFAULT);
}

static int batch_init(struct batch *b, const struct wn_common *c, const struct wn_batch_reader *rd)
{
	memset(b, 0, sizeof(*b));
	wn_buf_init(&b->out, (c->max_record + BATCH_BYTES) * 7 + 1024);
	wn_buf_init(&b->ids, c->max_record + BATCH_BYTES + 16);
	/* Repaired UTF-8 may take 3 bytes for 1; a hash per line of 1 byte. */
	wn_buf_init(&b->texts, (c->max_record + BATCH_BYTES) * 3 + 1024);
	wn_buf_init(&b->lh, ((c->max_record + BATCH_BYTES) * 3 + 1024) * 8);
	b->items = calloc(BATCH_RECORDS, sizeof(*b->items));
	return wn_batch_init(&b->in, rd) || !b->items ? WN_ENOMEM : WN_OK;
}

static void batch_release(struct batch *b)
{
	wn_batch_release(&b->in);
	wn_buf_release(&b->out);
	wn_buf_release(&b->ids);
	wn_buf_release(&b->texts);
	wn_buf_release(&b->lh);
	free(b->items);
}

/* Worker: parse, sign, serialize. */
static void work(void *sharedp, void *workerp, void *batchp)
{
	const struct shared *sh = sharedp;
	struct worker *w = workerp;
	struct batch *b = batchp;

	wn_buf_reset(&b->out);
	wn_buf_reset(&b->ids);
	wn_buf_reset(&b->texts);
	wn_buf_reset(&b->lh);
	b->fatal = 0;
	for (size_t i = 0; i < b->in.n; i++) {
		struct item *it = &b->items[i];
		const struct wn_batch_line *l = &b->in.line[i];
		const char *line = b->in.raw.data + l->off;
		int rc;

		it->status = l->status;
		it->out_off = it->out_len = it->id_off = it->id_len = it->bad_utf8 = 0;
		it->text_off = it->text_len = it->lh_off = it->lh_n = 0;
		if (it->status != WN_OK)
			continue;
		if (sh->c->in_fmt == WN_FMT_JSONL) {
			rc = wn_record_parse(&w->rec, line, l->len, l->lineno);
		} else {
			size_t len = l->len;
			if (sh->c->in_fmt == WN_FMT_LINES && len && line[len - 1] == '\r')
				len--;
			rc = wn_record_from_text(&w->rec, line, len, l->lineno);
		}
		it->bad_utf8 = w->rec.bad_utf8;
		if (rc == WN_ENOMEM) {
			b->fatal = rc;
			return;
		}
		if (rc) {
			it->status = rc;
			continue;
		}
		struct dedup_sig sig = {0, 0, w->bins};
		rc = dedup_minhash_compute(&w->mh, w->rec.text.data, w->rec.text.len, &sig);
		if (rc == WN_OK)
			dedup_key_make(sh->d, &sig, &it->key);
		it->out_off = b->out.len;
		if (rc == WN_OK && sh->serialize) {
			rc = wn_record_write(&w->rec, sh->c->out_fmt, &b->out);
			it->out_len = b->out.len - it->out_off;
		}
		if (rc == WN_OK && sh->line_min) {
			/* For the main thread: the text and its line hashes. */
			it->text_off = b->texts.len;
			it->text_len = w->rec.text.len;
			rc = wn_buf_add(&b->texts, w->rec.text.data ? w->rec.text.data : "",
					w->rec.text.len);
			it->lh_off = b->lh.len / sizeof(uint64_t);
			if (rc == WN_OK)
				rc = dedup_lines_hash(sh->line_min, w->rec.text.data, w->rec.text.len,
						      &b->lh);
			it->lh_n = b->lh.len / sizeof(uint64_t) - it->lh_off;
		}
		if (rc == WN_OK) {
			it->id_off = b->ids.len;
			rc = wn_buf_add(&b->ids, w->rec.id.data ? w->rec.id.data : "", w->rec.id.len);
			it->id_len = w->rec.id.len;
		}
		if (rc == WN_ENOMEM) {
			b->fatal = rc;
			return;
		}
		if (rc)
			it->status = WN_ERECBIG;
	}
}

struct run {
	struct wn_common c;
	struct dedup d;
	struct dedup_lines lines;
	int use_lines;
	int serialized;           /* workers serialize (sh.serialize) */
	struct dedup_minhash mh;  /* main thread's, for texts changed by --lines */
	struct wn_record rec;     /* main thread's, for --lines */
	uint32_t *bins;           /* k values for the main thread */
	struct wn_stats st;
	struct wn_out out, dups, spool;
	int has_dups, annotate;
	struct wn_buf scratch, line;
	struct iovec *iov;        /* survivors of the batch, in its out buffer */
	size_t niov;
	const char *name;
	int code;
	int stop;
};

static int write_dup(struct run *r, const char *id, size_t idlen, const struct dedup_verdict *v)
{
	static const char *const reasons[] = {"kept", "exact", "near", "containment"};
	struct wn_buf *l = &r->line;
	size_t klen = 0;
	const char *kid = dedup_id(&r->d, v->of, &klen);
	int rc;

	wn_buf_reset(l);
	rc = wn_buf_adds(l, "{\"id\":");
	if (!rc)
		rc = wn_json_add_string(l, id, idlen);
	if (!rc)
		rc = wn_buf_adds(l, ",\"dup_of\":");
	if (!rc)
		rc = wn_json_add_string(l, kid ? kid : "", klen);
	if (!rc)
		rc = wn_buf_addf(l, ",\"reason\":\"%s\",\"similarity\":%.4f}\n", reasons[v->reason],
				 v->similarity);
	if (rc)
		return WN_OK; /* an id past the cap: the line is left out */
	if (wn_out_write(&r->dups, l->data, l->len))
		return WN_EIO;
	return WN_OK;
}

static const char *drop_name(enum dedup_reason reason)
{
	switch (reason) {
	case DEDUP_EXACT:
		return "dropped: exact duplicate";
	case DEDUP_NEAR:
		return "dropped: near duplicate";
	default:
		return "dropped: contained copy";
	}
}

static void record_error(struct run *r, const struct item *it, uint64_t lineno)
{
	const char *what = it->status == WN_ERECJSON    ? "skipped: invalid JSON"
			   : it->status == WN_ERECFIELD ? "skipped: no text string"
							: "skipped: record too large";
	wn_stats_add(&r->st, what, 1);
	if (!r->c.quiet || r->c.strict)
		wn_warn("'%s': line %llu: %s, skipped", r->name, (unsigned long long)lineno,
			wn_strerror(it->status));
	if (r->c.strict) {
		r->code = wn_exit_max(r->code, WN_EXIT_DATA);
		r->stop = 1;
	}
}

/*
 * --lines: the main thread removes the boilerplate lines of the text (the
 * worker hashed them) and, when the text changed, parses the record again,
 * signs and serializes it anew; else the worker's key and output stand
 * (output serialized here at -j 1). Sets *gone when nothing substantial is
 * left.
 */
static int apply_lines(struct run *r, struct batch *b, size_t i, const char **out,
		       size_t *outlen, int *gone)
{
	struct item *it = &b->items[i];
	const struct wn_batch_line *l = &b->in.line[i];
	const char *line = b->in.raw.data + l->off;
	const uint64_t *lh = (const uint64_t *)(const void *)b->lh.data;
	size_t len = l->len;
	int rc, changed = 0;

	*gone = 0;
	rc = dedup_lines_clean_hashed(&r->lines, b->texts.data + it->text_off, it->text_len,
				      lh ? lh + it->lh_off : NULL, it->lh_n, &changed, gone);
	if (rc)
		return rc;
	if (*gone || (!changed && r->serialized))
		return WN_OK;
	if (r->c.in_fmt == WN_FMT_JSONL) {
		rc = wn_record_parse(&r->rec, line, len, l->lineno);
	} else {
		if (r->c.in_fmt == WN_FMT_LINES && len && line[len - 1] == '\r')
			len--;
		rc = wn_record_from_text(&r->rec, line, len, l->lineno);
	}
	if (rc)
		return rc;
	rc = changed ? wn_record_set_text(&r->rec, r->lines.clean.data, r->lines.clean.len) : WN_OK;
	if (!rc && changed) {
		/* Exact copies are matched on their whole text: the first
		 * copy kept lines that later copies lose. */
		struct dedup_sig sig = {0, 0, r->bins};
		rc = dedup_minhash_compute(&r->mh, r->rec.text.data, r->rec.text.len, &sig);
		sig.exact = it->key.exact;
		if (!rc)
			dedup_key_make(&r->d, &sig, &it->key);
	}
	if (rc)
		return rc;
	wn_buf_reset(&r->scratch);
	rc = wn_record_write(&r->rec, r->c.out_fmt, &r->scratch);
	if (rc)
		return rc;
	*out = r->scratch.data;
	*outlen = r->scratch.len;
	return WN_OK;
}

static void write_error(struct run *r, const struct wn_out *o)
{
	wn_error("write error: %s", strerror(o->err));
	r->code = wn_exit_max(r->code, WN_EXIT_IO);
	r->stop = 1;
}

/* Writes the survivors gathered so far straight from the batch. */
static void flush_survivors(struct run *r)
{
	struct wn_out *o = r->annotate ? &r->spool : &r->out;

	if (r->niov && wn_out_writev(o, r->iov, r->niov))
		write_error(r, o);
	r->niov = 0;
}

/* Queues a survivor: bytes in the batch are written with the others at the
 * end of the batch (no copy); others (--lines) are written now. */
static int emit(struct run *r, const char *p, size_t n)
{
	struct wn_out *o = r->annotate ? &r->spool : &r->out;

	if (r->use_lines) {
		if (wn_out_write(o, p, n)) {
			write_error(r, o);
			return -1;
		}
		return 0;
	}
	if (r->niov) {
		struct iovec *last = &r->iov[r->niov - 1];
		if ((const char *)last->iov_base + last->iov_len == p) {
			last->iov_len += n;
			return 0;
		}
	}
	if (r->niov == BATCH_RECORDS) {
		flush_survivors(r);
		if (r->stop)
			return -1;
	}
	r->iov[r->niov].iov_base = (void *)p;
	r->iov[r->niov].iov_len = n;
	r->niov++;
	return 0;
}

/* Main thread: decisions in input order, and output. */
static void decide_batch(struct run *r, struct batch *b)
{
	if (b->fatal) {
		wn_error("out of memory");
		r->code = wn_exit_max(r->code, WN_EXIT_INTERNAL);
		r->stop = 1;
		return;
	}
	for (size_t i = 0; i < b->in.n && !r->stop; i++) {
		struct item *it = &b->items[i];
		struct dedup_verdict v;
		const char *out = b->out.data + it->out_off;
		size_t outlen = it->out_len;
		const char *id = b->ids.data + it->id_off;
		int rc;

		if (it->status == WN_EOF)
			continue;
		r->st.read++;
		r->st.bad_utf8 += it->bad_utf8;
		if (it->status != WN_OK) {
			record_error(r, it, b->in.line[i].lineno);
			continue;
		}
		if (r->use_lines) {
			int gone;
			rc = apply_lines(r, b, i, &out, &outlen, &gone);
			if (rc == WN_ENOMEM) {
				wn_error("out of memory");
				r->code = wn_exit_max(r->code, WN_EXIT_INTERNAL);
				r->stop = 1;
				return;
			}
			if (rc) {
				wn_stats_add(&r->st, "skipped: record too large", 1);
				continue;
			}
			if (gone) {
				wn_stats_add(&r->st, "dropped: only boilerplate", 1);
				continue;
			}
		}
		if (r->use_lines)
			r->d.other_bytes = dedup_lines_bytes(&r->lines);
		rc = dedup_decide(&r->d, &it->key, id, it->id_len, &v);
		if (rc == WN_OK && v.reason == DEDUP_KEEP && r->use_lines)
			rc = dedup_lines_commit(&r->lines);
		if (rc == WN_ELIMIT) {
			wn_error("--max-memory reached after %llu records (index %zu bytes), stopping",
				 (unsigned long long)r->st.read - 1, dedup_bytes(&r->d));
			r->st.read--;
			r->code = wn_exit_max(r->code, WN_EXIT_LIMIT);
			r->stop = 1;
			return;
		}
		if (rc) {
			wn_error("out of memory");
			r->code = wn_exit_max(r->code, WN_EXIT_INTERNAL);
			r->stop = 1;
			return;
		}
		if (v.reason != DEDUP_KEEP) {
			wn_stats_add(&r->st, drop_name(v.reason), 1);
			if (r->has_dups && write_dup(r, id, it->id_len, &v)) {
				wn_error("'%s': write error: %s", "--dups", strerror(r->dups.err));
				r->code = wn_exit_max(r->code, WN_EXIT_IO);
				r->stop = 1;
			}
			continue;
		}
		if (emit(r, out, outlen))
			return;
		r->st.written++;
		r->st.bytes_out += outlen;
	}
}

static void consume(struct run *r, struct batch *b)
{
	decide_batch(r, b);
	flush_survivors(r);
}

static void run_input(struct run *r, struct wn_pool *pool, struct batch *batches, size_t nb,
		      struct wn_batch_reader *rd)
{
	size_t next_free = 0;

	while (!r->stop) {
		struct batch *b;
		if (next_free < nb) {
			b = &batches[next_free++];
		} else {
			b = wn_pool_next(pool);
			consume(r, b);
			if (r->stop)
				break;
		}
		int rc = wn_batch_read(rd, &b->in);
		r->st.bytes_in += b->in.bytes;
		if (rc == WN_EIO) {
			wn_error("'%s': read error: %s", r->name, strerror(rd->err));
			r->code = wn_exit_max(r->code, WN_EXIT_IO);
			r->stop = 1;
		} else if (rc == WN_ENOMEM) {
			wn_error("'%s': out of memory", r->name);
			r->code = wn_exit_max(r->code, WN_EXIT_INTERNAL);
			r->stop = 1;
		}
		if (rc != WN_OK)
			break; /* b was not submitted: it is free again */
		wn_pool_submit(pool, b);
	}
	/* Drain in order (after a stop, only to reclaim the batches). */
	struct batch *b;
	while ((b = wn_pool_next(pool)))
		if (!r->stop)
			consume(r, b);
}

/* --annotate: survivors were spooled; write them with their dup_count. */
static void annotate_out(struct run *r, size_t base)
{
	struct wn_recreader rr;
	struct wn_record *rec;
	struct wn_stats tmp = {0};
	size_t doc = base;
	char num[32];
	int rc;

	if (wn_out_flush(&r->spool) || lseek(r->spool.fd, 0, SEEK_SET) < 0) {
		wn_error("temporary file: %s", strerror(r->spool.err ? r->spool.err : errno));
		r->code = wn_exit_max(r->code, WN_EXIT_IO);
		return;
	}
	wn_recreader_init_fd(&rr, r->spool.fd, WN_FMT_JSONL, r->c.max_record * 7 + 1024, &tmp);
	while ((rc = wn_recreader_next(&rr, &rec)) != WN_EOF) {
		if (rc != WN_OK) {
			wn_error("temporary file: %s", wn_strerror(rc));
			r->code = wn_exit_max(r->code, WN_EXIT_INTERNAL);
			break;
		}
		int n = snprintf(num, sizeof(num), "%u", r->d.dups ? r->d.dups[doc] : 0);
		doc++;
		wn_buf_reset(&r->scratch);
		rc = wn_record_set_raw(rec, "dup_count", num, (size_t)n);
		if (!rc)
			rc = wn_record_write(rec, r->c.out_fmt, &r->scratch);
		if (rc) {
			wn_error("out of memory");
			r->code = wn_exit_max(r->code, WN_EXIT_INTERNAL);
			break;
		}
		if (wn_out_write(&r->out, r->scratch.data, r->scratch.len)) {
			wn_error("write error: %s", strerror(r->out.err));
			r->code = wn_exit_max(r->code, WN_EXIT_IO);
			break;
		}
	}
	wn_recreader_release(&rr);
}

static int parse_unit(const char *arg, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(arg, &end);
	return errno || *end || end == arg || !(*v >= 0 && *v <= 1);
}

static int parse_uint(const char *arg, unsigned *v, unsigned lo, unsigned hi)
{
	char *end;
	errno = 0;
	unsigned long x = strtoul(arg, &end, 10);
	if (errno || *end || end == arg || arg[0] == '-' || x < lo || x > hi)
		return -1;
	*v = (unsigned)x;
	return 0;
}

int cmd_dedup(int argc, char **argv)
{
	static const struct option longopts[] = {
		WN_COMMON_LONGOPTS,
		{"threshold", required_argument, NULL, OPT_THRESHOLD},
		{"containment", required_argument, NULL, OPT_CONTAINMENT},
		{"shingle", required_argument, NULL, OPT_SHINGLE},
		{"chars", no_argument, NULL, OPT_CHARS},
		{"num-perm", required_argument, NULL, OPT_NUM_PERM},
		{"bands", required_argument, NULL, OPT_BANDS},
		{"rows", required_argument, NULL, OPT_ROWS},
		{"dups", required_argument, NULL, OPT_DUPS},
		{"annotate", no_argument, NULL, OPT_ANNOTATE},
		{"index", required_argument, NULL, OPT_INDEX},
		{"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
		{"lines", required_argument, NULL, OPT_LINES},
		{"line-min", required_argument, NULL, OPT_LINE_MIN},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	struct run *r = calloc(1, sizeof(*r));
	struct dedup_opts o;
	const char *dups_path = NULL, *index_path = NULL;
	unsigned lines_n = 0, line_min = DEDUP_LINE_MIN_DEFAULT;
	int opt, code;

	if (!r) {
		wn_error("out of memory");
		return WN_EXIT_INTERNAL;
	}
	dedup_opts_default(&o);
	wn_common_init(&r->c);
	while ((opt = getopt_long(argc, argv, WN_COMMON_SHORTOPTS "h", longopts, NULL)) != -1) {
		int k = wn_common_option(&r->c, opt, optarg);
		double x;
		if (k < 0) {
			free(r);
			return WN_EXIT_USAGE;
		}
		if (k)
			continue;
		code = WN_EXIT_OK;
		switch (opt) {
		case 'h':
			usage(stdout);
			free(r);
			return WN_EXIT_OK;
		case OPT_THRESHOLD:
			if (parse_unit(optarg, &x) || x == 0)
				code = wn_usage_error("invalid --threshold '%s' (from 0 to 1)", optarg);
			o.threshold = x;
			break;
		case OPT_CONTAINMENT:
			if (parse_unit(optarg, &x) || x == 0)
				code = wn_usage_error("invalid --containment '%s' (from 0 to 1)", optarg);
			o.containment = x;
			break;
		case OPT_SHINGLE:
			if (parse_uint(optarg, &o.shape.shingle, 1, DEDUP_MAX_SHINGLE))
				code = wn_usage_error("invalid --shingle '%s' (1 to %u)", optarg,
						      DEDUP_MAX_SHINGLE);
			break;
		case OPT_CHARS:
			o.shape.chars = 1;
			break;
		case OPT_NUM_PERM:
			if (parse_uint(optarg, &o.shape.bins, 16, DEDUP_MAX_BINS) ||
			    (o.shape.bins & (o.shape.bins - 1)))
				code = wn_usage_error("invalid --num-perm '%s' (a power of two, 16 to %u)",
						      optarg, DEDUP_MAX_BINS);
			break;
		case OPT_BANDS:
			if (parse_uint(optarg, &o.bands, 1, 64))
				code = wn_usage_error("invalid --bands '%s' (1 to 64)", optarg);
			break;
		case OPT_ROWS:
			if (parse_uint(optarg, &o.rows, 1, DEDUP_MAX_BINS))
				code = wn_usage_error("invalid --rows '%s'", optarg);
			break;
		case OPT_DUPS:
			dups_path = optarg;
			break;
		case OPT_ANNOTATE:
			r->annotate = 1;
			break;
		case OPT_INDEX:
			index_path = optarg;
			break;
		case OPT_MAX_MEMORY:
			if (wn_parse_size(optarg, &o.max_memory) || !o.max_memory)
				code = wn_usage_error("invalid --max-memory '%s'", optarg);
			break;
		case OPT_LINES:
			if (parse_uint(optarg, &lines_n, 1, 1000000))
				code = wn_usage_error("invalid --lines '%s' (1 or more)", optarg);
			break;
		case OPT_LINE_MIN:
			if (parse_uint(optarg, &line_min, 1, 1 << 20))
				code = wn_usage_error("invalid --line-min '%s'", optarg);
			break;
		default:
			code = wn_usage_error("unknown option");
		}
		if (code) {
			free(r);
			return code;
		}
	}
	if ((o.bands != 0) != (o.rows != 0)) {
		free(r);
		return wn_usage_error("--bands and --rows go together");
	}
	if (r->annotate && r->c.out_fmt != WN_FMT_JSONL) {
		free(r);
		return wn_usage_error("--annotate needs JSONL output");
	}
	o.keep_ids = dups_path || index_path;
	o.count_dups = r->annotate;
	o.exact_hash_only = lines_n > 0;
	if (dedup_init(&r->d, &o)) {
		code = wn_usage_error("%s", r->d.err);
		dedup_release(&r->d);
		free(r);
		return code;
	}

	code = WN_EXIT_OK;
	struct dedup_shape shape = r->d.o.shape;
	unsigned nthreads = (unsigned)wn_common_threads(&r->c);
	unsigned nworkers = nthreads > 1 ? nthreads : 0;
	size_t nctx = nworkers ? nworkers : 1, nb = nworkers ? 2 * (size_t)nworkers + 2 : 1;
	struct worker *workers = calloc(nctx, sizeof(*workers));
	void **wctx = calloc(nctx, sizeof(*wctx));
	struct batch *batches = calloc(nb, sizeof(*batches));
	struct wn_pool *pool = NULL;
	struct wn_batch_reader rd;
	struct shared sh = {&r->c, &r->d, shape, lines_n ? line_min : 0, !lines_n || nworkers};
	size_t base;

	r->use_lines = lines_n > 0;
	r->serialized = sh.serialize;
	r->code = WN_EXIT_OK;
	wn_batch_reader_init(&rd, -1, r->c.in_fmt == WN_FMT_NUL ? '\0' : '\n', r->c.max_record,
			     BATCH_RECORDS, BATCH_BYTES);
	wn_out_init(&r->out, 1);
	wn_buf_init(&r->scratch, r->c.max_record * 7 + 1024);
	wn_buf_init(&r->line, r->c.max_record * 7 + 1024);
	wn_record_init(&r->rec, r->c.max_record);
	dedup_minhash_init(&r->mh, &shape, r->c.max_record);
	dedup_lines_init(&r->lines, lines_n, line_min, r->c.max_record);
	r->bins = calloc(DEDUP_MAX_BINS, sizeof(uint32_t));
	r->iov = calloc(BATCH_RECORDS, sizeof(*r->iov));
	r->out.fd = 1;
	r->spool.fd = -1;
	r->dups.fd = -1;
	if (!workers || !wctx || !batches || !r->bins || !r->iov) {
		wn_error("out of memory");
		code = WN_EXIT_INTERNAL;
		goto done;
	}
	for (size_t i = 0; i < nctx; i++) {
		wn_record_init(&workers[i].rec, r->c.max_record);
		dedup_minhash_init(&workers[i].mh, &shape, r->c.max_record);
		wctx[i] = &workers[i];
	}
	for (size_t i = 0; i < nb; i++) {
		if (batch_init(&batches[i], &r->c, &rd)) {
			wn_error("out of memory");
			code = WN_EXIT_INTERNAL;
			goto done;
		}
	}

	if (index_path) {
		int rc = dedup_index_load(&r->d, r->use_lines ? &r->lines : NULL, index_path);
		if (rc == WN_EIO && errno == ENOENT) {
			rc = WN_OK; /* first run: the index is made */
		} else if (rc == WN_EIO) {
			wn_error("'%s': %s", index_path, strerror(errno));
			code = WN_EXIT_IO;
			goto done;
		} else if (rc) {
			wn_error("'%s': %s", index_path, r->d.err);
			code = rc == WN_EINVAL ? WN_EXIT_USAGE
			       : rc == WN_ELIMIT ? WN_EXIT_LIMIT
			       : rc == WN_ENOMEM ? WN_EXIT_INTERNAL : WN_EXIT_DATA;
			goto done;
		}
	}
	base = r->d.n;
	if (dups_path) {
		int fd = open(dups_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		if (fd < 0) {
			wn_error("'%s': %s", dups_path, strerror(errno));
			code = WN_EXIT_IO;
			goto done;
		}
		wn_out_init(&r->dups, fd);
		r->has_dups = 1;
	}
	if (r->annotate) {
		FILE *tf = tmpfile();
		int fd = tf ? dup(fileno(tf)) : -1;
		if (tf)
			fclose(tf);
		if (fd < 0) {
			wn_error("temporary file: %s", strerror(errno));
			code = WN_EXIT_IO;
			goto done;
		}
		wn_out_init(&r->spool, fd);
	}
	if (wn_pool_new(&pool, nworkers, nb, work, &sh, wctx)) {
		wn_error("cannot start threads");
		code = WN_EXIT_INTERNAL;
		goto done;
	}

	for (int i = optind; i <= argc && !r->stop; i++) {
		const char *name = i < argc ? argv[i] : "-";
		if (i == argc && argc > optind)
			break;
		int fd = wn_open_input(name);
		if (fd < 0) {
			r->code = wn_exit_max(r->code, WN_EXIT_IO);
			continue;
		}
		r->name = name;
		wn_batch_reader_reset(&rd, fd);
		run_input(r, pool, batches, nb, &rd);
		if (fd > 0)
			close(fd);
	}
	if (r->annotate && r->code != WN_EXIT_IO)
		annotate_out(r, base);
	code = r->code;
	if (index_path && (code == WN_EXIT_OK || code == WN_EXIT_DATA)) {
		int rc = dedup_index_save(&r->d, r->use_lines ? &r->lines : NULL, index_path);
		if (rc) {
			wn_error("'%s': cannot save the index: %s", index_path,
				 rc == WN_EIO ? strerror(errno) : wn_strerror(rc));
			code = wn_exit_max(code, rc == WN_EIO ? WN_EXIT_IO : WN_EXIT_INTERNAL);
		}
	}
	if (r->c.stats) {
		wn_stats_add(&r->st, "candidates verified", r->d.verified);
		wn_stats_add(&r->st, "kept documents in the index", r->d.n);
		wn_stats_add(&r->st, "index bytes", dedup_bytes(&r->d) + (r->use_lines ? dedup_lines_bytes(&r->lines) : 0));
	}
	if (r->use_lines) {
		wn_stats_add(&r->st, "boilerplate lines removed", r->lines.removed_lines);
		wn_stats_add(&r->st, "boilerplate bytes removed", r->lines.removed_bytes);
	}

done:
	wn_pool_free(pool);
	wn_batch_reader_release(&rd);
	if (wn_out_release(&r->out) && code == WN_EXIT_OK)
		code = WN_EXIT_IO;
	if (r->has_dups) {
		if (wn_out_release(&r->dups) && code == WN_EXIT_OK) {
			wn_error("'%s': write error", dups_path);
			code = WN_EXIT_IO;
		}
		if (close(r->dups.fd) && code == WN_EXIT_OK) {
			wn_error("'%s': %s", dups_path, strerror(errno));
			code = WN_EXIT_IO;
		}
	}
	if (r->spool.fd >= 0) {
		wn_out_release(&r->spool);
		close(r->spool.fd);
	}
	if (r->c.stats && code != WN_EXIT_USAGE)
		wn_print_stats(&r->st);
	for (size_t i = 0; workers && i < nctx; i++) {
		wn_record_release(&workers[i].rec);
		dedup_minhash_release(&workers[i].mh);
	}
	for (size_t i = 0; batches && i < nb; i++)
		batch_release(&batches[i]);
	free(workers);
	free(wctx);
	free(batches);
	free(r->bins);
	free(r->iov);
	wn_buf_release(&r->scratch);
	wn_buf_release(&r->line);
	wn_record_release(&r->rec);
	dedup_minhash_release(&r->mh);
	dedup_lines_release(&r->lines);
	dedup_release(&r->d);
	free(r);
	return code;
}
