/*
 * winnow train: trains the models of winnow tag.
 *   winnow train ner [-o MODEL] [--eval FILE]... TRAIN.conll...
 *   winnow train topics [-o MODEL] [--eval FILE]... TRAIN.jsonl...
 * With --eval and no training file, the model evaluated is --model FILE
 * or the built-in one.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "cmd/train_common.h"
#include "core/error.h"
#include "filters/conll.h"
#include "filters/embed.h"
#include "filters/ner.h"

static int read_conll(struct conll_corpus *c, const char *path)
{
	int fd = wn_open_input(path), rc;

	if (fd < 0)
		return WN_EXIT_IO;
	rc = conll_read_fd(c, fd);
	if (fd > 0)
		close(fd);
	if (rc == WN_ENOMEM) {
		wn_error("'%s': out of memory", path);
		return WN_EXIT_INTERNAL;
	}
	if (rc) {
		wn_error("'%s': %s", path, c->err[0] ? c->err : wn_strerror(rc));
		return rc == WN_EIO ? WN_EXIT_IO : WN_EXIT_DATA;
	}
	return WN_EXIT_OK;
}

static void print_prf(const char *name, const char *type, const struct conll_score *s, int t)
{
	double p, r, f;

	conll_score_prf(s, t, &p, &r, &f);
	printf("%s\t%s\tprecision %6.2f\trecall %6.2f\tF1 %6.2f\tgold %llu\tpredicted %llu\tcorrect %llu\n",
	       name, type, p, r, f, (unsigned long long)s->gold[t], (unsigned long long)s->pred[t],
	       (unsigned long long)s->correct[t]);
}

static void print_scores(const char *path, const struct conll_corpus *c,
			 const struct conll_score *sc)
{
	printf("%s\ttokens %llu\tsentences %zu\tdocuments %zu\ttoken accuracy %.2f\n", path,
	       (unsigned long long)sc->tokens, c->nsent, c->ndoc,
	       sc->tokens ? 100.0 * (double)sc->tokens_correct / (double)sc->tokens : 0.0);
	print_prf(path, "ALL", sc, c->ntypes);
	for (int i = 0; i < c->ntypes; i++)
		print_prf(path, c->types[i], sc, i);
}

/* Tags every document of FILE with m and prints the conlleval scores. */
static int eval_ner(const struct ner_model *m, const char *path)
{
	struct conll_corpus c;
	struct ner_tagger t;
	struct wn_buf words = WN_BUF_INIT((size_t)1 << 34), tagb = WN_BUF_INIT((size_t)1 << 34),
		      pred = WN_BUF_INIT((size_t)1 << 34);
	int code, rc = WN_OK, map[NER_MAX_TYPES];

	conll_corpus_init(&c);
	code = read_conll(&c, path);
	if (code) {
		conll_corpus_release(&c);
		return code;
	}
	/* Model types by name in the corpus's type table (added when absent). */
	for (int i = 0; i < m->ntypes; i++) {
		struct conll_tag tmp;
		if (conll_parse_tag(&c, m->types[i], strlen(m->types[i]), &tmp)) {
			wn_error("'%s': too many entity types", path);
			conll_corpus_release(&c);
			return WN_EXIT_DATA;
		}
		map[i] = tmp.type;
	}
	struct conll_score sc;
	conll_score_init(&sc, c.ntypes);
	ner_tagger_init(&t, m);
	const struct conll_tag *gold = conll_tags(&c);
	const uint32_t *sents = conll_sents(&c);
	const uint32_t *docs = (const uint32_t *)(const void *)c.docs.data;
	for (size_t k = 0; k < c.ndoc && rc == WN_OK; k++) {
		struct ner_doc d;
		if ((rc = ner_doc_from_corpus(&c, k, &words, &d)))
			break;
		wn_buf_reset(&tagb);
		wn_buf_reset(&pred);
		if ((rc = wn_buf_grow(&tagb, d.n + 1)) ||
		    (rc = wn_buf_grow(&pred, (d.n + 1) * sizeof(struct conll_tag))) ||
		    (rc = ner_tag_doc(&t, &d, (uint8_t *)tagb.data)))
			break;
		struct conll_tag *pt = (struct conll_tag *)(void *)pred.data;
		for (size_t i = 0; i < d.n; i++) {
			pt[i] = ner_tag_to_conll(m->scheme, ((uint8_t *)tagb.data)[i]);
			if (pt[i].type >= 0)
				pt[i].type = (int8_t)map[pt[i].type];
		}
		size_t t0 = sents[docs[k]];
		for (size_t s = 0; s < d.nsent; s++)
			conll_score_add(&sc, gold + t0 + d.sents[s], pt + d.sents[s],
					d.sents[s + 1] - d.sents[s]);
	}
	ner_tagger_release(&t);
	wn_buf_release(&words);
	wn_buf_release(&tagb);
	wn_buf_release(&pred);
	if (rc) {
		wn_error("'%s': %s", path, wn_strerror(rc));
		conll_corpus_release(&c);
		return WN_EXIT_INTERNAL;
	}
	print_scores(path, &c, &sc);
	conll_corpus_release(&c);
	return WN_EXIT_OK;
}

/*
 * Scores the tags of PRED, a CoNLL file of the same tokens as GOLD in the
 * same order (another tagger's output, say), against GOLD's, sentence by
 * sentence as GOLD cuts them.
 */
static int score_predicted(const char *gold_path, const char *pred_path)
{
	struct conll_corpus g, p;
	int code;

	conll_corpus_init(&g);
	conll_corpus_init(&p);
	if ((code = read_conll(&g, gold_path)) || (code = read_conll(&p, pred_path)))
		goto out;
	if (g.ntok != p.ntok) {
		wn_error("'%s': %zu tokens, '%s' has %zu", pred_path, p.ntok, gold_path, g.ntok);
		code = WN_EXIT_DATA;
		goto out;
	}
	/* The prediction's types by name in the gold type table. */
	int map[CONLL_MAX_TYPES];
	for (int i = 0; i < p.ntypes; i++) {
		struct conll_tag tmp;
		if (conll_parse_tag(&g, p.types[i], strlen(p.types[i]), &tmp)) {
			wn_error("'%s': too many entity types", pred_path);
			code = WN_EXIT_DATA;
			goto out;
		}
		map[i] = tmp.type;
	}
	struct wn_buf pb = WN_BUF_INIT((size_t)1 << 34);
	if (wn_buf_grow(&pb, (p.ntok + 1) * sizeof(struct conll_tag))) {
		wn_error("out of memory");
		code = WN_EXIT_INTERNAL;
		goto out;
	}
	struct conll_tag *pt = (struct conll_tag *)(void *)pb.data;
	const struct conll_tag *src = conll_tags(&p);
	for (size_t i = 0; i < p.ntok && !code; i++) {
		if (strcmp(conll_word(&g, i), conll_word(&p, i))) {
			wn_error("'%s': token %zu is '%s', '%s' has '%s'", pred_path, i + 1,
				 conll_word(&p, i), gold_path, conll_word(&g, i));
			code = WN_EXIT_DATA;
		}
		pt[i] = src[i];
		if (pt[i].type >= 0)
			pt[i].type = (int8_t)map[pt[i].type];
	}
	if (!code) {
		struct conll_score sc;
		const uint32_t *sents = conll_sents(&g);
		conll_score_init(&sc, g.ntypes);
		for (size_t s = 0; s < g.nsent; s++)
			conll_score_add(&sc, conll_tags(&g) + sents[s], pt + sents[s],
					sents[s + 1] - sents[s]);
		print_scores(gold_path, &g, &sc);
	}
	wn_buf_release(&pb);
out:
	conll_corpus_release(&g);
	conll_corpus_release(&p);
	return code;
}

static void progress(void *ctx, int epoch, uint64_t mistakes, uint64_t tokens)
{
	const int *verbose = ctx;

	if (*verbose)
		fprintf(stderr, "%s: epoch %d: %llu of %llu tokens wrong\n", wn_prog, epoch,
			(unsigned long long)mistakes, (unsigned long long)tokens);
}

static const char ner_usage[] =
	"usage: winnow train ner [options] TRAIN.conll...\n"
	"       winnow train ner --eval FILE [--model MODEL]\n"
	"       winnow train ner --eval GOLD --predicted FILE\n\n"
	"Trains the entity tagger on CoNLL files (token first, tag last column;\n"
	"IOB1, BIO, BILOU or IO tags) and writes the model; --eval scores the\n"
	"trained model (or MODEL, or the built-in one) on a CoNLL file with\n"
	"conlleval's exact span matching.\n\n"
	"  -o, --output FILE   where to write the model (default ner.bin)\n"
	"  --eval FILE         score on FILE after training (repeatable)\n"
	"  --model FILE        the model to score when no training file is given\n"
	"  --predicted FILE    score FILE's tags (same tokens as the one --eval file,\n"
	"                      another tagger's output) instead of a model's\n"
	"  --epochs N          passes over the data (default 12)\n"
	"  --seed N            shuffling seed (default 1)\n"
	"  --scheme S          bilou (default) or bio\n"
	"  --prune X           drop feature rows whose weights all stay below X (default 1)\n"
	"  --entity-share X    tag a lower-case word or punctuation token O without\n"
	"                      scoring it unless at least this share of its\n"
	"                      training occurrences is inside entities (default 0.005)\n"
	"  --max-size SIZE     refuse to write a larger model (default 8M)\n"
	"  --no-gazetteer      do not use the built-in gazetteer as features\n"
	"  -v, --verbose       progress on stderr\n";

static int train_ner(int argc, char **argv)
{
	enum { O_SCHEME = 0x1200, O_PRUNE, O_NOGAZ, O_PREDICTED, O_SHARE };
	static const struct option longopts[] = {
		TRAIN_COMMON_LONGOPTS, {"scheme", required_argument, NULL, O_SCHEME},
		{"prune", required_argument, NULL, O_PRUNE}, {"no-gazetteer", no_argument, NULL, O_NOGAZ},
		{"predicted", required_argument, NULL, O_PREDICTED},
		{"entity-share", required_argument, NULL, O_SHARE}, {0, 0, 0, 0}};
	struct train_common t = {.out_path = "ner.bin", .epochs = 12, .seed = 1,
				 .max_bytes = (size_t)8 << 20};
	struct ner_train_opts o = {.scheme = NER_BILOU, .prune = 1.0, .low_share = 0.005};
	const char *predicted = NULL;
	int nogaz = 0, opt, code = WN_EXIT_OK;

	optind = 1;
	while ((opt = getopt_long(argc, argv, TRAIN_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
		if (train_common_option(&t, opt, optarg, &code)) {
			if (code)
				return code;
			continue;
		}
		switch (opt) {
		case O_PREDICTED: predicted = optarg; break;
		case O_SCHEME:
			if (!strcmp(optarg, "bio"))
				o.scheme = NER_BIO;
			else if (!strcmp(optarg, "bilou"))
				o.scheme = NER_BILOU;
			else
				return wn_usage_error("--scheme: expected bio or bilou");
			break;
		case O_PRUNE:
			if ((code = wn_opt_num("prune", optarg, 0, 1e6, &o.prune)))
				return code;
			break;
		case O_SHARE:
			if ((code = wn_opt_num("entity-share", optarg, 0, 1, &o.low_share)))
				return code;
			break;
		case O_NOGAZ: nogaz = 1; break;
		case 'h': printf("%s", ner_usage); return WN_EXIT_OK;
		default: return wn_usage_error("unknown option");
		}
	}
	if (predicted) {
		if (t.nevals != 1 || optind < argc || t.model_path)
			return wn_usage_error("--predicted takes one --eval file and no model");
		return score_predicted(t.evals[0], predicted);
	}
	if (optind >= argc && !t.nevals)
		return wn_usage_error("no training file");
	o.epochs = t.epochs;
	o.seed = t.seed;
	o.max_bytes = t.max_bytes;

	struct model_file mf = {0};
	struct ner_model m;
	if (optind < argc) {
		struct conll_corpus c;
		struct wn_buf out = WN_BUF_INIT(o.max_bytes + 4096);
		const char *err;
		conll_corpus_init(&c);
		for (int i = optind; i < argc && !code; i++)
			code = read_conll(&c, argv[i]);
		if (code) {
			conll_corpus_release(&c);
			return code;
		}
		o.gaz = nogaz ? NULL : gaz_builtin();
		o.progress = progress;
		o.ctx = &t.verbose;
		if (!nogaz && !o.gaz)
			wn_warn("built-in gazetteer unavailable: training without it");
		clock_t t0 = clock();
		int rc = ner_train(&c, &o, &out, &err);
		conll_corpus_release(&c);
		if (rc) {
			wn_error("training failed: %s", err);
			wn_buf_release(&out);
			return rc == WN_ENOMEM ? WN_EXIT_INTERNAL : WN_EXIT_DATA;
		}
		if (t.verbose)
			fprintf(stderr, "%s: trained in %.1f s, model %zu bytes\n", wn_prog,
				(double)(clock() - t0) / CLOCKS_PER_SEC, out.len);
		code = train_common_keep(&t, out.data, out.len, &mf);
		wn_buf_release(&out);
		if (code)
			return code;
	} else if ((code = train_common_load(&t, &mf))) {
		return code;
	}
	const char *p = mf.data;
	size_t n = mf.len;
	if (!p)
		p = wn_embed_ner(&n);
	if (ner_model_open(&m, p, n)) {
		wn_error("'%s': not a usable ner model (wrong version or damaged)",
			 train_common_model_name(&t, &mf, optind < argc));
		model_file_release(&mf);
		return WN_EXIT_DATA;
	}
	for (int i = 0; i < t.nevals; i++)
		code = wn_exit_max(code, eval_ner(&m, t.evals[i]));
	model_file_release(&mf);
	return code;
}

int cmd_train(int argc, char **argv)
{
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		FILE *f = argc < 2 ? stderr : stdout;
		fprintf(f, "usage: winnow train ner [options] TRAIN.conll...\n"
			   "       winnow train topics [options] TRAIN.jsonl...\n"
			   "'winnow train ner --help', 'winnow train topics --help' for the options.\n");
		return argc < 2 ? WN_EXIT_USAGE : WN_EXIT_OK;
	}
	if (!strcmp(argv[1], "ner"))
		return train_ner(argc - 1, argv + 1);
	if (!strcmp(argv[1], "topics"))
		return train_topics(argc - 1, argv + 1);
	return wn_usage_error("unknown model kind '%s' (ner or topics)", argv[1]);
}
