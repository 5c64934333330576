/* winnow gen: a seeded corpus of syndicated news, with its ground truth. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "core/error.h"
#include "filters/gen.h"

/* Average bytes per generated document, for the size hint given to the
 * schedule (only affects how far copies travel in small corpora). */
#define GEN_AVG_DOC_BYTES 4200

enum {
	OPT_SEED = WN_OPT_FIRST_PRIVATE,
	OPT_SIZE,
	OPT_DOCS,
	OPT_DUP_RATE,
	OPT_HARDNEG,
	OPT_WINDOW,
	OPT_TRUTH,
	OPT_FORMAT,
	OPT_MIX,
};

static const char usage_text[] =
	"usage: winnow gen [--seed N] [--size SIZE | --docs N] [--format F] [--truth FILE]\n"
	"\n"
	"Writes a deterministic corpus of news articles, many of them republished\n"
	"by several outlets with their own page boilerplate: exact copies, trimmed,\n"
	"edited, retitled, extended or reflowed, plus separate stories that share\n"
	"quotes (hard negatives) and unique articles. Same options, same bytes.\n"
	"\n"
	"options:\n"
	"  --seed N            random seed (default 1)\n"
	"  --size SIZE         stop once SIZE bytes are written, before compression\n"
	"                      (100M, 1G; default 10M)\n"
	"  --docs N            stop after N documents\n"
	"  --format F          jsonl (default), jsonl.gz, tar.gz (one file\n"
	"                      gen/ID.txt per document), warc.gz (WARC/1.0 resource\n"
	"                      records), text (document texts, each ended by NUL)\n"
	"  --truth FILE        write the ground truth, one JSON line per document:\n"
	"                      id, story, variant, ops, original, outlet, topic,\n"
	"                      entities (byte offsets into the text)\n"
	"  --dup-rate F        share of documents that are copies (default 0.3)\n"
	"  --hard-negatives F  share of hard negatives (default 0.05)\n"
	"  --window N          largest syndication delay in documents (default 1000)\n"
	"  --mix LIST          weights of the copy variants, e.g. 'trimmed=1,edited=1'\n"
	"                      (exact=8,syndicated=22,trimmed=20,edited=15,headline=12,\n"
	"                      inserted=10,reflowed=13; unnamed variants get 0)\n"
	"  -o, --output FILE   write there instead of stdout\n"
	"  -v, --stats         print counts by variant\n"
	"  -q, --quiet         no messages but errors\n"
	"\n" WN_EXIT_CODES_HELP;

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_rate(const char *s, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(s, &end);
	return (errno || end == s || *end) ? -1 : 0;
}

/* "name=W,name=W": weights of the named variants, 0 for the others. */
static int parse_mix(const char *s, unsigned mix[GEN_NVARIANTS])
{
	memset(mix, 0, GEN_NVARIANTS * sizeof(*mix));
	while (*s) {
		const char *eq = strchr(s, '='), *end;
		char *num_end;
		unsigned long w;
		int v;
		if (!eq)
			return -1;
		v = gen_variant_parse(s, (size_t)(eq - s));
		if (v < 0 || eq[1] < '0' || eq[1] > '9')
			return -1;
		errno = 0;
		w = strtoul(eq + 1, &num_end, 10);
		end = num_end;
		if (errno || w > 1000000 || (*end && *end != ','))
			return -1;
		mix[v] = (unsigned)w;
		s = *end ? end + 1 : end;
	}
	return 0;
}

static int open_output(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		wn_error("'%s': %s", path, strerror(errno));
	return fd;
}

static const char *const variant_stat[GEN_NVARIANTS] = {
	"variant original", "variant unique", "variant exact", "variant syndicated",
	"variant trimmed", "variant edited", "variant headline", "variant inserted",
	"variant reflowed", "variant hard-negative",
};

int cmd_gen(int argc, char **argv)
{
	struct gen_opts go;
	enum gen_format fmt = GEN_FMT_JSONL;
	uint64_t docs = 0, size = 0;
	size_t sz;
	const char *truth_path = NULL, *out_path = NULL;
	int stats = 0, opt, code = WN_EXIT_OK, rc, out_fd = 1, truth_fd = -1;
	struct gen *g = NULL;
	struct gen_sink *sink = NULL;
	struct wn_out out, tout;
	struct wn_buf tline;
	struct wn_stats st = {0};
	static const struct option longopts[] = {
		{"seed", required_argument, NULL, OPT_SEED},
		{"size", required_argument, NULL, OPT_SIZE},
		{"docs", required_argument, NULL, OPT_DOCS},
		{"dup-rate", required_argument, NULL, OPT_DUP_RATE},
		{"hard-negatives", required_argument, NULL, OPT_HARDNEG},
		{"window", required_argument, NULL, OPT_WINDOW},
		{"truth", required_argument, NULL, OPT_TRUTH},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"mix", required_argument, NULL, OPT_MIX},
		{"output", required_argument, NULL, 'o'},
		{"stats", no_argument, NULL, 'v'},
		{"verbose", no_argument, NULL, 'v'},
		{"quiet", no_argument, NULL, 'q'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};

	gen_opts_default(&go, 1);
	while ((opt = getopt_long(argc, argv, "o:vqh", longopts, NULL)) != -1) {
		uint64_t v;
		switch (opt) {
		case OPT_SEED:
			if (parse_u64(optarg, &go.seed))
				return wn_usage_error("invalid --seed '%s'", optarg);
			break;
		case OPT_SIZE:
			if (wn_parse_size(optarg, &sz) || sz == 0)
				return wn_usage_error("invalid --size '%s'", optarg);
			size = sz;
			break;
		case OPT_DOCS:
			if (parse_u64(optarg, &docs) || docs == 0)
				return wn_usage_error("invalid --docs '%s'", optarg);
			break;
		case OPT_DUP_RATE:
			if (parse_rate(optarg, &go.dup_rate))
				return wn_usage_error("invalid --dup-rate '%s'", optarg);
			break;
		case OPT_HARDNEG:
			if (parse_rate(optarg, &go.hardneg_rate))
				return wn_usage_error("invalid --hard-negatives '%s'", optarg);
			break;
		case OPT_WINDOW:
			if (parse_u64(optarg, &v) || v == 0 || v > GEN_WINDOW_MAX)
				return wn_usage_error("invalid --window '%s' (1 to %u)", optarg,
						      GEN_WINDOW_MAX);
			go.window = (uint32_t)v;
			break;
		case OPT_TRUTH:
			truth_path = optarg;
			break;
		case OPT_FORMAT:
			if (gen_format_parse(optarg, &fmt))
				return wn_usage_error(
					"unknown format '%s' (jsonl, jsonl.gz, tar.gz, warc.gz, text)",
					optarg);
			break;
		case OPT_MIX:
			if (parse_mix(optarg, go.mix))
				return wn_usage_error("invalid --mix '%s' (e.g. 'trimmed=2,edited=1')",
						      optarg);
			break;
		case 'o':
			out_path = optarg;
			break;
		case 'v':
			stats = 1;
			break;
		case 'q':
			break;
		case 'h':
			fputs(usage_text, stdout);
			return WN_EXIT_OK;
		default:
			return wn_usage_error("unknown option");
		}
	}
	if (optind < argc)
		return wn_usage_error("unexpected argument '%s'", argv[optind]);
	if (!docs && !size)
		size = (uint64_t)10 << 20;

	rc = gen_new(&g, &go);
	if (rc) {
		code = rc == WN_EINVAL ? wn_usage_error("%s", gen_error(g)) : WN_EXIT_INTERNAL;
		if (rc != WN_EINVAL)
			wn_error("out of memory");
		gen_free(g);
		return code;
	}
	gen_expect_docs(g, docs ? docs : size / GEN_AVG_DOC_BYTES + 1);

	if (out_path && (out_fd = open_output(out_path)) < 0) {
		gen_free(g);
		return WN_EXIT_IO;
	}
	if (truth_path && (truth_fd = open_output(truth_path)) < 0) {
		if (out_fd > 1)
			close(out_fd);
		gen_free(g);
		return WN_EXIT_IO;
	}
	wn_out_init(&out, out_fd);
	wn_out_init(&tout, truth_fd);
	wn_buf_init(&tline, (size_t)64 << 20);

	rc = gen_sink_open(&sink, fmt, &out);
	while (!rc) {
		const struct gen_doc *d;
		if (docs && st.written >= docs)
			break;
		if (size && gen_sink_bytes(sink) >= size)
			break;
		rc = gen_next(g, &d);
		if (rc) {
			wn_error("%s", gen_error(g));
			code = WN_EXIT_INTERNAL;
			break;
		}
		rc = gen_sink_write(sink, d);
		if (rc)
			break;
		if (truth_fd >= 0) {
			wn_buf_reset(&tline);
			if (gen_truth_json(d, fmt == GEN_FMT_WARC_GZ, &tline) ||
			    wn_out_write(&tout, tline.data, tline.len)) {
				wn_error("'%s': write error: %s", truth_path, strerror(tout.err));
				code = WN_EXIT_IO;
				break;
			}
		}
		st.written++;
		if (stats)
			wn_stats_add(&st, variant_stat[d->variant], 1);
	}
	if (!rc && code == WN_EXIT_OK)
		rc = gen_sink_finish(sink);
	if (rc && code == WN_EXIT_OK) {
		if (rc == WN_EIO)
			wn_error("write error: %s", strerror(out.err));
		else
			wn_error("%s", gen_sink_error(sink));
		code = rc == WN_EIO ? WN_EXIT_IO : WN_EXIT_INTERNAL;
	}
	st.bytes_out = gen_sink_bytes(sink);
	gen_sink_free(sink);
	if (wn_out_release(&out) && code == WN_EXIT_OK) {
		wn_error("write error: %s", strerror(out.err));
		code = WN_EXIT_IO;
	}
	if (truth_fd >= 0) {
		if ((wn_out_release(&tout) || close(truth_fd)) && code == WN_EXIT_OK) {
			wn_error("'%s': write error: %s", truth_path, strerror(tout.err ? tout.err : errno));
			code = WN_EXIT_IO;
		}
	} else {
		wn_out_release(&tout);
	}
	if (out_fd > 1 && close(out_fd) && code == WN_EXIT_OK) {
		wn_error("'%s': %s", out_path, strerror(errno));
		code = WN_EXIT_IO;
	}
	wn_buf_release(&tline);
	gen_free(g);
	if (stats)
		wn_print_stats(&st);
	return code;
}
