/*
 * winnow bench: a built-in benchmark a user can run anywhere, like
 * `zstd -b`. It generates a corpus in memory with the generator, runs each
 * stage in-process on it several times and prints the median MB/s and
 * documents/s with min and max, and the peak memory. Input for every stage
 * is the generator's JSONL (unpack reads the same documents as a gzipped
 * tar dump); output is formatted and discarded.
 *
 * gen and unpack are driven through their filters. dedup, tag and the
 * pipeline run the commands themselves (cmd_dedup, cmd_tag, cmd_unpack: the
 * same code, threads included, as `winnow dedup`), in this process with
 * stdin and stdout pointed at temporary files, the way git's builtins call
 * each other. The pipeline runs its three stages one after the other on the
 * files between them, so its time is the sum of theirs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/out.h"
#include "core/recreader.h"
#include "filters/embed.h"
#include "filters/gen.h"
#include "filters/ner.h"
#include "filters/topics.h"
#include "filters/unpack.h"

static const char usage_text[] =
	"usage: winnow bench [--size SIZE] [--seed N] [--runs N] [-j N] [STAGE...]\n"
	"\n"
	"Generates a corpus in memory (winnow gen) and measures each stage on it\n"
	"in-process: gen, unpack (of the same documents as a .tar.gz dump), and\n"
	"the other stages this build has. Prints MB/s and documents/s per stage\n"
	"(median of --runs, with min and max) and the peak memory.\n"
	"\n"
	"options:\n"
	"  --size SIZE   corpus size (default 50M)\n"
	"  --seed N      generator seed (default 1)\n"
	"  --runs N      runs per stage (default 3)\n"
	"  -j N          threads for the stages that use them (default: all cores)\n"
	"  STAGE         only these stages (gen, unpack, dedup, tag, pipeline)\n"
	"\n" WN_EXIT_CODES_HELP;

enum { OPT_SIZE = WN_OPT_FIRST_PRIVATE, OPT_SEED, OPT_RUNS };

#define MAX_RUNS 100

static const char *const stages[] = {"gen", "unpack", "dedup", "tag", "pipeline"};
#define NSTAGES (sizeof(stages) / sizeof(stages[0]))

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *stage, int runs, double *secs, uint64_t bytes, uint64_t docs)
{
	qsort(secs, (size_t)runs, sizeof(*secs), cmp_double);
	double med = secs[runs / 2], mn = secs[0], mx = secs[runs - 1];
	printf("%-8s %9.1f MB/s (%.1f..%.1f) %11.0f docs/s  %8.1f MB in %.3f s\n", stage,
	       (double)bytes / 1e6 / med, (double)bytes / 1e6 / mx, (double)bytes / 1e6 / mn,
	       (double)docs / med, (double)bytes / 1e6, med);
	fflush(stdout);
}

struct sink {
	struct wn_buf buf;
	uint64_t docs, bytes;
};

static int count_sink(void *ctx, const char *p, size_t n)
{
	struct sink *s = ctx;

	(void)p;
	s->bytes += n;
	return 0;
}

static int emit_count(void *ud, struct wn_record *rec)
{
	struct sink *s = ud;

	wn_buf_reset(&s->buf);
	s->docs++;
	return wn_record_write_sink(rec, WN_FMT_JSONL, &s->buf, count_sink, s) ? -1 : 0;
}

/*
 * Runs a winnow command (cmd_dedup...) in this process, as `winnow NAME -q
 * -j THREADS` with stdin read from the start of file descriptor in and
 * stdout written to out (emptied first). Its exit code, or WN_EXIT_IO when
 * the descriptors cannot be set up.
 */
static int run_stage(int (*fn)(int, char **), const char *name, int in, int out,
		     const char *threads)
{
	char a0[16], a1[] = "-q", a2[] = "-j", a3[16];
	char *args[] = {a0, a1, a2, a3, NULL};
	const char *prog = wn_prog;
	char label[32];
	int save_in, save_out, rc;

	snprintf(a0, sizeof(a0), "%s", name);
	snprintf(a3, sizeof(a3), "%s", threads);
	fflush(stdout);
	struct stat sb;
	if (lseek(in, 0, SEEK_SET) < 0 || fstat(out, &sb) < 0 ||
	    (S_ISREG(sb.st_mode) && (ftruncate(out, 0) < 0 || lseek(out, 0, SEEK_SET) < 0)))
		return WN_EXIT_IO;
	save_in = dup(0);
	save_out = dup(1);
	if (save_in < 0 || save_out < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0) {
		rc = WN_EXIT_IO;
		goto restore;
	}
	snprintf(label, sizeof(label), "winnow %s", name);
	wn_prog = label;
	optind = 0; /* getopt starts over */
	rc = fn(4, args);
	wn_prog = prog;
restore:
	if (save_in >= 0) {
		dup2(save_in, 0);
		close(save_in);
	}
	if (save_out >= 0) {
		dup2(save_out, 1);
		close(save_out);
	}
	return rc;
}

static int want(int argc, char **argv, int first, const char *stage)
{
	if (first >= argc)
		return 1;
	for (int i = first; i < argc; i++)
		if (!strcmp(argv[i], stage))
			return 1;
	return 0;
}

int cmd_bench(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"size", required_argument, NULL, OPT_SIZE},
		{"seed", required_argument, NULL, OPT_SEED},
		{"runs", required_argument, NULL, OPT_RUNS},
		{"threads", required_argument, NULL, 'j'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	struct wn_common c;
	size_t size = 50u << 20;
	unsigned long long seed = 1;
	int runs = 3, opt, code = WN_EXIT_OK;
	double secs[MAX_RUNS];

	wn_common_init(&c);
	while ((opt = getopt_long(argc, argv, "j:h", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_SIZE:
			if (wn_parse_size(optarg, &size) || size == 0)
				return wn_usage_error("invalid --size '%s'", optarg);
			break;
		case OPT_SEED:
			seed = strtoull(optarg, NULL, 10);
			break;
		case OPT_RUNS:
			runs = atoi(optarg);
			if (runs < 1 || runs > MAX_RUNS)
				return wn_usage_error("--runs takes 1 to %d", MAX_RUNS);
			break;
		case 'j':
			if (wn_common_option(&c, opt, optarg) < 0)
				return WN_EXIT_USAGE;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return WN_EXIT_OK;
		default:
			return wn_usage_error("unknown option");
		}
	}

	int first = optind;
	for (int i = first; i < argc; i++) {
		size_t k = 0;
		while (k < NSTAGES && strcmp(argv[i], stages[k]))
			k++;
		if (k == NSTAGES)
			return wn_usage_error("unknown stage '%s'", argv[i]);
	}

	/* The corpus: JSONL in memory and the same documents as a tar.gz dump
	 * in an unlinked temporary file. */
	struct gen_opts go;
	struct gen *g = NULL;
	const struct gen_doc *d;
	struct wn_buf corpus = WN_BUF_INIT(size + (64u << 20));
	FILE *dump = tmpfile();
	struct wn_out dout;
	struct gen_sink *gs = NULL;
	uint64_t ndocs = 0;
	FILE *jsonl = NULL, *mid = NULL, *mid2 = NULL;
	int devnull = -1;

	if (!dump) {
		wn_error("cannot make a temporary file: %s", strerror(errno));
		return WN_EXIT_IO;
	}
	gen_opts_default(&go, seed);
	wn_out_init(&dout, fileno(dump));
	printf("winnow bench: %.1f MB corpus (seed %llu), %d runs, %d threads\n",
	       (double)size / 1e6, seed, runs, wn_common_threads(&c));

	for (int r = 0; r < runs; r++) {
		int last = r == runs - 1;
		double t0 = now();
		if (gen_new(&g, &go) != WN_OK) {
			wn_error("generator: %s", g ? gen_error(g) : "out of memory");
			code = WN_EXIT_INTERNAL;
			goto out;
		}
		wn_buf_reset(&corpus);
		ndocs = 0;
		while (corpus.len < size && gen_next(g, &d) == WN_OK) {
			if (gen_doc_json(d, &corpus) != WN_OK)
				break;
			ndocs++;
		}
		secs[r] = now() - t0;
		gen_free(g);
		g = NULL;
		if (!last)
			continue;
		if (want(argc, argv, first, "gen"))
			report("gen", runs, secs, corpus.len, ndocs);
	}

	uint64_t text_bytes = 0;
	if (want(argc, argv, first, "unpack") || want(argc, argv, first, "pipeline")) {
		/* The dump, once. */
		if (gen_new(&g, &go) != WN_OK || gen_sink_open(&gs, GEN_FMT_TAR_GZ, &dout) != WN_OK) {
			wn_error("generator: cannot start");
			code = WN_EXIT_INTERNAL;
			goto out;
		}
		uint64_t n = 0;
		while (n < ndocs && gen_next(g, &d) == WN_OK && gen_sink_write(gs, d) == WN_OK)
			n++;
		if (gen_sink_finish(gs) != WN_OK || wn_out_flush(&dout) != WN_OK) {
			wn_error("cannot write the benchmark dump");
			code = WN_EXIT_IO;
			goto out;
		}
		text_bytes = gen_sink_bytes(gs);
	}
	if (want(argc, argv, first, "unpack")) {
		struct unpack_opts uo;
		struct wn_stats st;
		struct sink sk;
		memset(&uo, 0, sizeof(uo));
		uo.max_record = c.max_record;
		uo.threads = wn_common_threads(&c);
		memset(&sk, 0, sizeof(sk));
		wn_buf_init(&sk.buf, WN_RECORD_OUT_MAX(c.max_record));
		for (int r = 0; r < runs; r++) {
			struct unpack u;
			memset(&st, 0, sizeof(st));
			sk.docs = 0;
			lseek(fileno(dump), 0, SEEK_SET);
			double t0 = now();
			unpack_init(&u, &uo, &st, emit_count, NULL, &sk);
			int rc = unpack_stream(&u, "bench.tar.gz", NULL, fileno(dump));
			unpack_release(&u);
			secs[r] = now() - t0;
			if (rc != WN_OK) {
				wn_error("unpack: %s", u.err[0] ? u.err : wn_strerror(rc));
				code = WN_EXIT_INTERNAL;
				break;
			}
		}
		if (code == WN_EXIT_OK)
			report("unpack", runs, secs, text_bytes, sk.docs);
		wn_buf_release(&sk.buf);
	}

	/* The other stages run the commands on files. */
	int need_jsonl = want(argc, argv, first, "dedup") || want(argc, argv, first, "tag");
	int need_pipe = want(argc, argv, first, "pipeline");
	char threads[16];
	snprintf(threads, sizeof(threads), "%d", wn_common_threads(&c));
	if (need_jsonl || need_pipe) {
		if (!(jsonl = tmpfile()) || !(mid = tmpfile()) || !(mid2 = tmpfile()) ||
		    (devnull = open("/dev/null", O_WRONLY)) < 0) {
			wn_error("cannot make a temporary file: %s", strerror(errno));
			code = WN_EXIT_IO;
			goto out;
		}
		if (need_jsonl && (fwrite(corpus.data, 1, corpus.len, jsonl) != corpus.len ||
				   fflush(jsonl) != 0)) {
			wn_error("cannot write the benchmark corpus: %s", strerror(errno));
			code = WN_EXIT_IO;
			goto out;
		}
	}
	if (want(argc, argv, first, "tag") || need_pipe) {
		/* What tag loads before its first record, timed once: the
		 * built-in gazetteer is read once per process. */
		double t0 = now();
		struct ner_model nm;
		struct topics_model tm;
		size_t nn, tn;
		const char *np = wn_embed_ner(&nn), *tp = wn_embed_topics(&tn);
		int ok = ner_model_open(&nm, np, nn) == WN_OK && topics_model_open(&tm, tp, tn) == WN_OK;
		printf("tag load %8.1f ms (built-in models and gazetteer)%s\n", (now() - t0) * 1e3,
		       ok ? "" : ": failed");
	}
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {{"dedup", cmd_dedup}, {"tag", cmd_tag}};
	for (size_t k = 0; k < sizeof(cmds) / sizeof(cmds[0]) && code == WN_EXIT_OK; k++) {
		if (!want(argc, argv, first, cmds[k].name))
			continue;
		for (int r = 0; r < runs && code == WN_EXIT_OK; r++) {
			double t0 = now();
			int rc = run_stage(cmds[k].fn, cmds[k].name, fileno(jsonl), devnull, threads);
			secs[r] = now() - t0;
			if (rc != WN_EXIT_OK) {
				wn_error("%s failed (exit %d)", cmds[k].name, rc);
				code = rc;
			}
		}
		if (code == WN_EXIT_OK)
			report(cmds[k].name, runs, secs, corpus.len, ndocs);
	}
	if (need_pipe && code == WN_EXIT_OK) {
		/* unpack the dump > mid; dedup mid > mid2; tag mid2 > /dev/null */
		for (int r = 0; r < runs && code == WN_EXIT_OK; r++) {
			double t0 = now();
			int rc = run_stage(cmd_unpack, "unpack", fileno(dump), fileno(mid), threads);
			if (!rc)
				rc = run_stage(cmd_dedup, "dedup", fileno(mid), fileno(mid2), threads);
			if (!rc)
				rc = run_stage(cmd_tag, "tag", fileno(mid2), devnull, threads);
			secs[r] = now() - t0;
			if (rc != WN_EXIT_OK) {
				wn_error("pipeline failed (exit %d)", rc);
				code = rc;
			}
		}
		if (code == WN_EXIT_OK)
			report("pipeline", runs, secs, text_bytes, ndocs);
	}

	struct rusage ru;
	if (code == WN_EXIT_OK && getrusage(RUSAGE_SELF, &ru) == 0)
		printf("peak memory %.1f MB (the in-memory corpus included)\n", (double)ru.ru_maxrss / 1024);
out:
	if (jsonl)
		fclose(jsonl);
	if (mid)
		fclose(mid);
	if (mid2)
		fclose(mid2);
	if (devnull >= 0)
		close(devnull);
	gen_sink_free(gs);
	gen_free(g);
	wn_out_release(&dout);
	fclose(dump);
	wn_buf_release(&corpus);
	return code;
}
