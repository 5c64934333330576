/*
 * winnow train topics: trains (and scores) the topic classifier from JSONL
 * records {"text": ..., "labels": [...]} (the label field is an option).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/train_common.h"
#include "core/error.h"
#include "core/json.h"
#include "core/limits.h"
#include "filters/embed.h"
#include "filters/topics.h"

struct reading {
	const char *label_field, *title_field;
	size_t chunk_words;     /* > 0: one example per chunk of lines this long */
	unsigned title_weight;  /* the title is put this many times before the text */
	struct wn_buf text;     /* title + ". " + text */
	struct wn_buf names;    /* decoded label names, NUL-separated */
	size_t nnames;
	uint64_t skipped;
};

/* Decodes a JSON string or array of strings into r->names. */
static int parse_labels(struct reading *r, const char *v, size_t n)
{
	size_t i = 0;
	int in_array = 0;

	wn_buf_reset(&r->names);
	r->nnames = 0;
	wn_json_skip_ws(v, n, &i);
	if (i < n && v[i] == '[') {
		in_array = 1;
		i++;
	}
	for (;;) {
		wn_json_skip_ws(v, n, &i);
		if (in_array && i < n && v[i] == ']')
			return WN_OK;
		if (i >= n || v[i] != '"')
			return WN_ERECFIELD;
		size_t start = i, nbad = 0;
		int esc;
		struct wn_json_scan sc = {0};
		if (wn_json_scan_string(v, n, &i, &esc, &sc))
			return WN_ERECFIELD;
		if (wn_json_decode_string(v + start + 1, i - start - 2, &r->names, &nbad) ||
		    wn_buf_addc(&r->names, '\0'))
			return WN_ENOMEM;
		r->nnames++;
		if (!in_array)
			return WN_OK;
		wn_json_skip_ws(v, n, &i);
		if (i < n && v[i] == ',') {
			i++;
			continue;
		}
		return i < n && v[i] == ']' ? WN_OK : WN_ERECFIELD;
	}
}

typedef int (*example_fn)(void *ctx, const char *text, size_t n, struct reading *r);

/* Hands out the text after the title in pieces of whole lines of at least
 * chunk_words words (the title before each), as short news items are. */
static int chunks(struct reading *r, size_t title_len, example_fn fn, void *ctx)
{
	const char *s = r->text.data;
	size_t n = r->text.len, i = title_len, start = title_len, words = 0;
	struct wn_buf piece = WN_BUF_INIT(r->text.max);
	int rc = 0, inword = 0;

	while (i <= n && !rc) {
		int end = i == n;
		if (!end) {
			char c = s[i];
			int sp = c == ' ' || c == '\n' || c == '\t';
			if (!sp && !inword)
				words++;
			inword = !sp;
		}
		if (end || (s[i] == '\n' && words >= r->chunk_words)) {
			if (words > 0) {
				wn_buf_reset(&piece);
				if (wn_buf_add(&piece, s, title_len) || wn_buf_add(&piece, s + start, i - start)) {
					rc = WN_EXIT_INTERNAL;
					break;
				}
				rc = fn(ctx, piece.data, piece.len, r);
			}
			start = i + 1;
			words = 0;
		}
		i++;
	}
	wn_buf_release(&piece);
	return rc;
}

/* Calls fn for every record of path that has labels. 0 or an exit code. */
static int read_examples(const char *path, struct reading *r, example_fn fn, void *ctx)
{
	struct wn_stats st = {0};
	struct wn_recreader rr;
	struct wn_record *rec;
	struct wn_common c;
	int fd = wn_open_input(path), rc, code = WN_EXIT_OK;

	if (fd < 0)
		return WN_EXIT_IO;
	wn_common_init(&c);
	wn_recreader_init_fd(&rr, fd, WN_FMT_JSONL, WN_MAX_RECORD_DEFAULT, &st);
	while ((rc = wn_recreader_next(&rr, &rec)) != WN_EOF) {
		if (rc != WN_OK) {
			if (!wn_report_record_error(&c, path, &rr, rc, &code))
				break;
			continue;
		}
		size_t ln;
		const char *lv = wn_record_get_raw(rec, r->label_field, &ln);
		if (!lv || parse_labels(r, lv, ln) != WN_OK) {
			r->skipped++;
			continue;
		}
		wn_buf_reset(&r->text);
		size_t title_len = 0;
		if (r->title_field) {
			size_t tn;
			const char *tv = wn_record_get_raw(rec, r->title_field, &tn), *dummy = NULL;
			size_t nbad = 0;
			(void)dummy;
			/* --title-weight K: the title K times, so its words count
			 * K times in the text's average. */
			for (unsigned k = 0; tv && tn >= 2 && tv[0] == '"' && k < r->title_weight; k++)
				if (wn_json_decode_string(tv + 1, tn - 2, &r->text, &nbad) ||
				    wn_buf_adds(&r->text, ".\n")) {
					code = WN_EXIT_INTERNAL;
					break;
				}
			if (code)
				break;
			title_len = r->text.len;
		}
		if (wn_buf_add(&r->text, rec->text.data ? rec->text.data : "", rec->text.len)) {
			code = WN_EXIT_INTERNAL;
			break;
		}
		if (r->chunk_words) {
			if ((rc = chunks(r, title_len, fn, ctx))) {
				code = rc;
				break;
			}
		} else if ((rc = fn(ctx, r->text.data, r->text.len, r))) {
			code = rc;
			break;
		}
	}
	wn_recreader_release(&rr);
	if (fd > 0)
		close(fd);
	return code;
}

static int add_example(void *ctx, const char *text, size_t n, struct reading *r)
{
	struct topics_corpus *c = ctx;
	uint32_t set = 0;
	const char *p = r->names.data;

	for (size_t i = 0; i < r->nnames; i++) {
		size_t len = strlen(p);
		int l = topics_corpus_label(c, p, len);
		if (l < 0) {
			wn_error("label '%s': too long or more than %d labels", p, TOPICS_MAX_LABELS);
			return WN_EXIT_DATA;
		}
		set |= 1u << l;
		p += len + 1;
	}
	if (topics_corpus_add(c, text, n, set)) {
		wn_error("out of memory");
		return WN_EXIT_INTERNAL;
	}
	return 0;
}

struct evaluation {
	struct topics_scorer sc;
	uint32_t among; /* labels top-1 may choose from (all when 0) */
	double threshold;
	uint64_t n, top1, tp, fp, fn;
};

static int eval_example(void *ctx, const char *text, size_t n, struct reading *r)
{
	struct evaluation *ev = ctx;
	const struct topics_model *m = ev->sc.m;
	uint32_t gold = 0;
	const char *p = r->names.data;

	for (size_t i = 0; i < r->nnames; i++) {
		for (int l = 0; l < m->nlabels; l++)
			if (!strcmp(m->labels[l], p))
				gold |= 1u << l;
		p += strlen(p) + 1;
	}
	topics_score(&ev->sc, text, n);
	int best = -1;
	for (int l = 0; l < m->nlabels; l++)
		if ((!ev->among || (ev->among >> l & 1)) &&
		    (best < 0 || ev->sc.score[l] > ev->sc.score[best]))
			best = l;
	ev->n++;
	if (best >= 0 && (gold >> best & 1))
		ev->top1++;
	for (int l = 0; l < m->nlabels; l++) {
		int pred = ev->sc.score[l] >= ev->threshold, g = gold >> l & 1;
		ev->tp += pred && g;
		ev->fp += pred && !g;
		ev->fn += !pred && g;
	}
	return 0;
}

static const char usage[] =
	"usage: winnow train topics [options] TRAIN.jsonl...\n"
	"       winnow train topics --eval FILE [--model MODEL]\n\n"
	"Trains the topic classifier on JSONL records with a text and a list of\n"
	"labels; --eval scores the trained model (or MODEL, or the built-in one)\n"
	"on labelled JSONL: top-1 accuracy (the best label is one of the record's)\n"
	"and micro precision/recall/F1 of the labels scoring >= --threshold.\n\n"
	"  -o, --output FILE    where to write the model (default topics.bin)\n"
	"  --eval FILE          score on FILE (repeatable)\n"
	"  --model FILE         the model to score when no training file is given\n"
	"  --labels-field NAME  the field holding the labels (default labels)\n"
	"  --title-field NAME   a field put before the text, as its first line\n"
	"  --title-weight K     put the title K times (its words weigh K times in\n"
	"                       the text's average; training only, default 1)\n"
	"  --dim N              embedding dimension (default 16)\n"
	"  --buckets N          hashed feature buckets, a power of two (default 262144)\n"
	"  --epochs N           passes over the data (default 10)\n"
	"  --lr X               initial learning rate (default 0.5)\n"
	"  --seed N             shuffling and initialization seed (default 1)\n"
	"  --among L1,L2,...    top-1 chosen among these labels only (for data whose\n"
	"                       classes cover only some labels)\n"
	"  --threshold X        label score threshold for --eval (default 0.3)\n"
	"  --max-size SIZE      refuse to write a larger model (default 8M)\n"
	"  --loss L             ova (one logistic per label, default) or softmax\n"
	"  --no-bigrams         no word bigrams\n"
	"  --balance X          weigh a label's positives by (largest count / its count)^X\n"
	"                       (default 0: no weighting)\n"
	"  --prefixes           also the first 5 characters of longer words\n"
	"  --prior-shrink X     move each label's bias (its base rate in the training\n"
	"                       data) a fraction X toward the labels' mean (default 0)\n"
	"  --primary-rounds N   learn which of an example's labels is its primary one:\n"
	"                       N rounds of EM spreading its weight over its labels by\n"
	"                       the posterior of models trained without it (default 0)\n"
	"  --primary-folds K    folds of those models (default 5)\n"
	"  --chunk-words N      train on pieces of whole lines of at least N words\n"
	"                       (each after the title) instead of whole texts\n"
	"  -v, --verbose        timings on stderr\n";

int train_topics(int argc, char **argv)
{
	enum { O_LABELS = 0x1200, O_TITLE, O_DIM, O_BUCKETS, O_LR, O_THRESH, O_CHUNK, O_LOSS,
	       O_NOBI, O_PREFIX, O_BALANCE, O_AMONG, O_PRIOR, O_PRIMARY, O_PFOLDS, O_TWEIGHT };
	static const struct option longopts[] = {
		TRAIN_COMMON_LONGOPTS, {"labels-field", required_argument, NULL, O_LABELS},
		{"title-field", required_argument, NULL, O_TITLE}, {"dim", required_argument, NULL, O_DIM},
		{"buckets", required_argument, NULL, O_BUCKETS}, {"lr", required_argument, NULL, O_LR},
		{"threshold", required_argument, NULL, O_THRESH},
		{"chunk-words", required_argument, NULL, O_CHUNK},
		{"loss", required_argument, NULL, O_LOSS}, {"no-bigrams", no_argument, NULL, O_NOBI},
		{"prefixes", no_argument, NULL, O_PREFIX}, {"balance", required_argument, NULL, O_BALANCE},
		{"among", required_argument, NULL, O_AMONG},
		{"prior-shrink", required_argument, NULL, O_PRIOR},
		{"primary-rounds", required_argument, NULL, O_PRIMARY},
		{"primary-folds", required_argument, NULL, O_PFOLDS},
		{"title-weight", required_argument, NULL, O_TWEIGHT}, {0, 0, 0, 0}};
	struct train_common t = {.out_path = "topics.bin", .epochs = 10, .seed = 1,
				 .max_bytes = (size_t)8 << 20};
	struct topics_train_opts o = {.dim = 16, .lr = 0.5};
	struct reading r = {.label_field = "labels", .title_weight = 1};
	const char *among = NULL;
	unsigned long buckets = 1ul << 18;
	double threshold = 0.3;
	unsigned flags = TOPICS_F_BIGRAMS;
	int opt, code = WN_EXIT_OK;
	char *end;
	long v;

	optind = 1;
	while ((opt = getopt_long(argc, argv, TRAIN_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (train_common_option(&t, opt, optarg, &code)) {
			if (code)
				return code;
			continue;
		}
		switch (opt) {
		case O_LABELS: r.label_field = optarg; break;
		case O_TITLE: r.title_field = optarg; break;
		case O_DIM:
			if ((code = wn_opt_int("dim", optarg, 1, TOPICS_MAX_DIM, &v)))
				return code;
			o.dim = (int)v;
			break;
		case O_BUCKETS:
			buckets = strtoul(optarg, &end, 10);
			if (*end || buckets < 1024 || buckets > (1ul << 26) || (buckets & (buckets - 1)))
				return wn_usage_error("--buckets: expected a power of two, 1024..2^26");
			break;
		case O_LR:
			o.lr = strtod(optarg, &end);
			if (*end || !(o.lr > 0 && o.lr <= 10))
				return wn_usage_error("--lr: expected a number in (0, 10]");
			break;
		case O_THRESH:
			if ((code = wn_opt_num("threshold", optarg, 0, 1, &threshold)))
				return code;
			break;
		case O_NOBI: flags &= ~TOPICS_F_BIGRAMS; break;
		case O_AMONG: among = optarg; break;
		case O_PREFIX: flags |= TOPICS_F_PREFIXES; break;
		case O_BALANCE:
			if ((code = wn_opt_num("balance", optarg, 0, 2, &o.balance)))
				return code;
			break;
		case O_PRIOR:
			if ((code = wn_opt_num("prior-shrink", optarg, 0, 1, &o.prior_shrink)))
				return code;
			break;
		case O_PRIMARY:
			if ((code = wn_opt_int("primary-rounds", optarg, 0, 20, &v)))
				return code;
			o.primary_rounds = (int)v;
			break;
		case O_PFOLDS:
			if ((code = wn_opt_int("primary-folds", optarg, 2, 20, &v)))
				return code;
			o.primary_folds = (int)v;
			break;
		case O_TWEIGHT:
			if ((code = wn_opt_int("title-weight", optarg, 1, 100, &v)))
				return code;
			r.title_weight = (unsigned)v;
			break;
		case O_LOSS:
			if (!strcmp(optarg, "ova"))
				o.loss = TOPICS_OVA;
			else if (!strcmp(optarg, "softmax"))
				o.loss = TOPICS_SOFTMAX;
			else
				return wn_usage_error("--loss: expected ova or softmax");
			break;
		case O_CHUNK:
			if ((code = wn_opt_int("chunk-words", optarg, 0, 100000, &v)))
				return code;
			r.chunk_words = (size_t)v;
			break;
		case 'h': printf("%s", usage); return WN_EXIT_OK;
		default: return wn_usage_error("unknown option");
		}
	}
	if (optind >= argc && !t.nevals)
		return wn_usage_error("no training file");
	o.epochs = t.epochs;
	o.seed = t.seed;
	o.max_bytes = t.max_bytes;
	wn_buf_init(&r.text, WN_MAX_RECORD_DEFAULT * 2);
	wn_buf_init(&r.names, WN_MAX_RECORD_DEFAULT);

	struct model_file mf = {0};
	struct topics_model m;
	if (optind < argc) {
		struct topics_corpus c;
		struct wn_buf out = WN_BUF_INIT(o.max_bytes + 4096);
		const char *err;
		clock_t t0 = clock();
		topics_corpus_init(&c, (uint32_t)buckets, flags);
		for (int i = optind; i < argc && !code; i++)
			code = read_examples(argv[i], &r, add_example, &c);
		if (r.skipped)
			wn_warn("%llu records without a '%s' list skipped",
				(unsigned long long)r.skipped, r.label_field);
		int rc = code ? 0 : topics_train(&c, &o, &out, &err);
		if (!code && rc) {
			wn_error("training failed: %s", err);
			code = rc == WN_ENOMEM ? WN_EXIT_INTERNAL : WN_EXIT_DATA;
		}
		if (!code && t.verbose)
			fprintf(stderr, "%s: %zu examples, %d labels, trained in %.1f s, model %zu bytes\n",
				wn_prog, c.n, c.nlabels, (double)(clock() - t0) / CLOCKS_PER_SEC, out.len);
		topics_corpus_release(&c);
		if (!code)
			code = train_common_keep(&t, out.data, out.len, &mf);
		wn_buf_release(&out);
	} else {
		code = train_common_load(&t, &mf);
	}
	if (code)
		goto done;
	const char *p = mf.data;
	size_t n = mf.len;
	if (!p)
		p = wn_embed_topics(&n);
	if (topics_model_open(&m, p, n)) {
		wn_error("'%s': not a usable topics model (wrong version or damaged)",
			 train_common_model_name(&t, &mf, optind < argc));
		code = WN_EXIT_DATA;
		goto done;
	}
	uint32_t among_set = 0;
	for (const char *a = among; a && *a;) {
		const char *comma = strchr(a, ',');
		size_t len = comma ? (size_t)(comma - a) : strlen(a);
		int found = 0;
		for (int l = 0; l < m.nlabels; l++)
			if (strlen(m.labels[l]) == len && !memcmp(m.labels[l], a, len)) {
				among_set |= 1u << l;
				found = 1;
			}
		if (!found) {
			code = wn_usage_error("--among: '%.*s' is not a label of the model", (int)len, a);
			goto done;
		}
		a += len + (comma ? 1 : 0);
	}
	r.title_weight = 1; /* scored as texts come at run time: the title once */
	for (int i = 0; i < t.nevals && !code; i++) {
		struct evaluation ev = {.sc.m = &m, .threshold = threshold, .among = among_set};
		r.skipped = 0;
		code = read_examples(t.evals[i], &r, eval_example, &ev);
		if (code)
			break;
		double prec = ev.tp + ev.fp ? 100.0 * (double)ev.tp / (double)(ev.tp + ev.fp) : 0;
		double rec = ev.tp + ev.fn ? 100.0 * (double)ev.tp / (double)(ev.tp + ev.fn) : 0;
		printf("%s\texamples %llu\ttop-1 accuracy %.2f\tprecision %.2f\trecall %.2f\tF1 %.2f\n",
		       t.evals[i], (unsigned long long)ev.n,
		       ev.n ? 100.0 * (double)ev.top1 / (double)ev.n : 0.0, prec, rec,
		       prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0.0);
	}
done:
	model_file_release(&mf);
	wn_buf_release(&r.text);
	wn_buf_release(&r.names);
	return code;
}
