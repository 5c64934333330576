/*
 * winnow bench: a built-in benchmark a user can run anywhere, like
 * `zstd -b`. It generates a corpus in memory with the generator, runs each
 * stage in-process on it several times and prints the median MB/s and
 * documents/s with min and max, and the peak memory. Input for every stage
 * is the generator's JSONL (unpack reads the same documents as a gzipped
 * tar dump); output is formatted and discarded.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/out.h"
#include "core/recreader.h"
#include "filters/gen.h"
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
	"  --runs N      runs per stage (default 5)\n"
	"  -j N          threads for the stages that use them (default: all cores)\n"
	"  STAGE         only these stages (gen, unpack)\n"
	"\n" WN_EXIT_CODES_HELP;

enum { OPT_SIZE = WN_OPT_FIRST_PRIVATE, OPT_SEED, OPT_RUNS };

#define MAX_RUNS 100

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

static int want(int argc, char **argv, const char *stage)
{
	if (optind >= argc)
		return 1;
	for (int i = optind; i < argc; i++)
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
	int runs = 5, opt, code = WN_EXIT_OK;
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

	if (!dump) {
		wn_error("cannot make a temporary file: %s", strerror(errno));
		return WN_EXIT_IO;
	}
	memset(&go, 0, sizeof(go));
	go.seed = seed;
	go.dup_rate = GEN_DUP_RATE_DEFAULT;
	go.hardneg_rate = GEN_HARDNEG_RATE_DEFAULT;
	go.window = GEN_WINDOW_DEFAULT;
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
		if (want(argc, argv, "gen"))
			report("gen", runs, secs, corpus.len, ndocs);
	}

	if (want(argc, argv, "unpack")) {
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
		uint64_t text_bytes = gen_sink_bytes(gs);
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

	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		printf("peak memory %.1f MB (the in-memory corpus included)\n", (double)ru.ru_maxrss / 1024);
out:
	gen_sink_free(gs);
	gen_free(g);
	wn_out_release(&dout);
	fclose(dump);
	wn_buf_release(&corpus);
	return code;
}
