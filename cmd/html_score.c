/*
 * winnow html-score: extraction quality on a labelled set of pages, with
 * the article-extraction benchmark's metric (filters/html_score.h).
 *
 *   winnow html-score [--html=MODE] [--per-page] [--min-f1 X] [--show ID] DIR
 *
 * DIR holds ground-truth.json ({ID: {"articleBody": ...}, ...}) and the
 * pages as DIR/pages/ID.html.gz (or .html). Prints precision, recall and F1
 * on stdout; with --min-f1, exits 1 when F1 is below X.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "core/error.h"
#include "core/json.h"
#include "filters/html.h"
#include "filters/html_score.h"

#define TRUTH_MAX ((size_t)256 << 20)

/* Reads a file (gzip or plain: zlib reads both) into b. 0, or -1 with errno. */
static int read_file(const char *path, struct wn_buf *b)
{
	gzFile f = gzopen(path, "rb");
	char chunk[65536];
	int n;
	if (!f)
		return -1;
	wn_buf_reset(b);
	while ((n = gzread(f, chunk, sizeof(chunk))) > 0) {
		if (wn_buf_add(b, chunk, (size_t)n)) {
			gzclose(f);
			errno = EFBIG;
			return -1;
		}
	}
	int bad = n < 0;
	gzclose(f);
	if (bad) {
		errno = EIO;
		return -1;
	}
	return wn_buf_grow(b, 0) ? -1 : 0;
}

struct page {
	char *id;
	char *body;
	size_t body_len;
};

/* Parses {ID: {"articleBody": "...", ...}, ...}. Returns pages or -1. */
static long parse_truth(const char *s, size_t n, struct page **out)
{
	size_t pos = 0, cap = 0;
	long k = 0;
	struct page *pg = NULL;
	struct wn_json_scan sc = {0};
	struct wn_buf key = WN_BUF_INIT(1 << 20), val = WN_BUF_INIT(TRUTH_MAX);
	size_t nbad;
	int esc;

	wn_json_skip_ws(s, n, &pos);
	if (pos >= n || s[pos] != '{')
		goto bad;
	pos++;
	for (;;) {
		wn_json_skip_ws(s, n, &pos);
		if (pos < n && s[pos] == '}')
			break;
		size_t k0 = pos;
		if (pos >= n || s[pos] != '"' || wn_json_scan_string(s, n, &pos, &esc, &sc))
			goto bad;
		wn_buf_reset(&key);
		if (wn_json_decode_string(s + k0 + 1, pos - k0 - 2, &key, &nbad))
			goto bad;
		wn_json_skip_ws(s, n, &pos);
		if (pos >= n || s[pos] != ':')
			goto bad;
		pos++;
		wn_json_skip_ws(s, n, &pos);
		if (pos >= n || s[pos] != '{')
			goto bad;
		pos++;
		wn_buf_reset(&val);
		int have = 0;
		for (;;) {
			wn_json_skip_ws(s, n, &pos);
			if (pos < n && s[pos] == '}') {
				pos++;
				break;
			}
			size_t f0 = pos;
			if (pos >= n || s[pos] != '"' || wn_json_scan_string(s, n, &pos, &esc, &sc))
				goto bad;
			int is_body = pos - f0 == 13 && !memcmp(s + f0, "\"articleBody\"", 13);
			wn_json_skip_ws(s, n, &pos);
			if (pos >= n || s[pos] != ':')
				goto bad;
			pos++;
			wn_json_skip_ws(s, n, &pos);
			size_t v0 = pos;
			if (wn_json_scan_value(s, n, &pos, &sc))
				goto bad;
			if (is_body && s[v0] == '"') {
				if (wn_json_decode_string(s + v0 + 1, pos - v0 - 2, &val, &nbad))
					goto bad;
				have = 1;
			}
			wn_json_skip_ws(s, n, &pos);
			if (pos < n && s[pos] == ',')
				pos++;
		}
		if ((size_t)k == cap) {
			cap = cap ? cap * 2 : 64;
			struct page *p = realloc(pg, cap * sizeof(*pg));
			if (!p)
				goto bad;
			pg = p;
		}
		pg[k].id = strdup(key.data ? key.data : "");
		pg[k].body = malloc(val.len + 1);
		if (!pg[k].id || !pg[k].body) {
			free(pg[k].id);
			free(pg[k].body);
			goto bad;
		}
		memcpy(pg[k].body, have && val.data ? val.data : "", have ? val.len : 0);
		pg[k].body[have ? val.len : 0] = 0;
		pg[k].body_len = have ? val.len : 0;
		k++;
		wn_json_skip_ws(s, n, &pos);
		if (pos < n && s[pos] == ',')
			pos++;
	}
	wn_buf_release(&key);
	wn_buf_release(&val);
	*out = pg;
	return k;
bad:
	for (long i = 0; i < k; i++) {
		free(pg[i].id);
		free(pg[i].body);
	}
	free(pg);
	wn_buf_release(&key);
	wn_buf_release(&val);
	return -1;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_html_score(int argc, char **argv)
{
	enum html_mode mode = HTML_MAIN;
	int per_page = 0, opt, code = WN_EXIT_OK, verbose = 0;
	double min_f1 = -1;
	const char *show = NULL;
	enum { O_HTML = WN_OPT_FIRST_PRIVATE, O_PER_PAGE, O_MIN_F1, O_SHOW };
	static const struct option longopts[] = {
		{"html", required_argument, NULL, O_HTML},
		{"per-page", no_argument, NULL, O_PER_PAGE},
		{"min-f1", required_argument, NULL, O_MIN_F1},
		{"show", required_argument, NULL, O_SHOW},
		{"verbose", no_argument, NULL, 'v'},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};

	while ((opt = getopt_long(argc, argv, "vh", longopts, NULL)) != -1) {
		switch (opt) {
		case O_HTML:
			if (html_mode_parse(optarg, &mode))
				return wn_usage_error("--html: '%s' is not main, text or raw", optarg);
			break;
		case O_PER_PAGE:
			per_page = 1;
			break;
		case O_MIN_F1: {
			char *end;
			min_f1 = strtod(optarg, &end);
			if (*end || end == optarg)
				return wn_usage_error("--min-f1: '%s' is not a number", optarg);
			break;
		}
		case O_SHOW:
			show = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			printf("usage: winnow html-score [--html=main|text|raw] [--per-page] [--min-f1 X]\n"
			       "                         [--show ID] DIR\n\n"
			       "Scores text extraction on labelled pages: DIR/ground-truth.json\n"
			       "({ID: {\"articleBody\": TEXT}}) and DIR/pages/ID.html.gz, with the\n"
			       "article-extraction benchmark's metric (word 4-gram shingles,\n"
			       "precision and recall averaged over pages, F1 of the averages).\n\n"
			       "  --html=MODE    extraction mode (default main)\n"
			       "  --per-page     one line per page: ID precision recall\n"
			       "  --min-f1 X     exit 1 when F1 is below X\n"
			       "  --show ID      print the text extracted from page ID and stop\n"
			       "  -v, --verbose  extraction time and throughput on stderr\n\n"
			       WN_EXIT_CODES_HELP);
			return WN_EXIT_OK;
		default:
			return wn_usage_error("unknown option");
		}
	}
	if (optind + 1 != argc)
		return wn_usage_error("expected one directory");
	const char *dir = argv[optind];
	struct wn_buf path = WN_BUF_INIT(8192), file = WN_BUF_INIT(TRUTH_MAX);
	struct page *pages = NULL;
	long np = -1;

	if (wn_buf_addf(&path, "%s/ground-truth.json", dir) || read_file(path.data, &file)) {
		wn_error("'%s': %s", path.data ? path.data : dir, strerror(errno));
		code = WN_EXIT_IO;
		goto out;
	}
	np = parse_truth(file.data, file.len, &pages);
	if (np < 0) {
		wn_error("'%s': not a ground-truth file", path.data);
		code = WN_EXIT_DATA;
		goto out;
	}
	struct html_ctx *h = html_ctx_new(file.max);
	struct html_result r;
	struct html_score_sum sum = {0};
	double t_extract = 0;
	size_t bytes = 0;
	html_result_init(&r, file.max);
	if (!h) {
		code = WN_EXIT_INTERNAL;
		goto out;
	}
	for (long i = 0; i < np; i++) {
		if (show && strcmp(show, pages[i].id))
			continue;
		wn_buf_reset(&path);
		wn_buf_addf(&path, "%s/pages/%s.html.gz", dir, pages[i].id);
		if (read_file(path.data, &file)) {
			wn_buf_reset(&path);
			wn_buf_addf(&path, "%s/pages/%s.html", dir, pages[i].id);
			if (read_file(path.data, &file)) {
				wn_error("'%s': %s", path.data, strerror(errno));
				code = WN_EXIT_IO;
				continue;
			}
		}
		double t0 = now();
		int rc = html_extract(h, file.data, file.len, mode, NULL, &r);
		t_extract += now() - t0;
		bytes += file.len;
		if (rc) {
			wn_warn("'%s': %s", path.data, html_ctx_error(h));
			wn_buf_reset(&r.text);
		}
		if (show) {
			printf("title: %s\ndate: %s\nlang: %s\ncharset: %s\nmain: %d\n\n%s\n",
			       r.title.data ? r.title.data : "", r.date.data ? r.date.data : "",
			       r.lang.data ? r.lang.data : "", r.charset, r.main_found,
			       r.text.data ? r.text.data : "");
			break;
		}
		double s[3];
		if (html_score_page(pages[i].body, pages[i].body_len, r.text.data ? r.text.data : "",
				    r.text.len, s)) {
			code = WN_EXIT_INTERNAL;
			break;
		}
		html_score_add(&sum, s);
		if (per_page) {
			double p = s[0] + s[1] > 0 ? s[0] / (s[0] + s[1]) : 0;
			double rc2 = s[0] + s[2] > 0 ? s[0] / (s[0] + s[2]) : 0;
			printf("%s %.3f %.3f\n", pages[i].id, p, rc2);
		}
	}
	if (!show) {
		double p, rc, f1;
		html_score_result(&sum, &p, &rc, &f1);
		printf("pages %ld precision %.4f recall %.4f f1 %.4f\n", np, p, rc, f1);
		if (verbose && t_extract > 0)
			fprintf(stderr, "%s: extracted %zu bytes in %.3f s: %.1f MB/s\n", wn_prog, bytes,
				t_extract, (double)bytes / t_extract / 1e6);
		if (min_f1 >= 0 && f1 < min_f1) {
			wn_error("f1 %.4f is below %.4f", f1, min_f1);
			code = wn_exit_max(code, WN_EXIT_DATA);
		}
	}
	html_result_release(&r);
	html_ctx_free(h);
out:
	for (long i = 0; i < np; i++) {
		free(pages[i].id);
		free(pages[i].body);
	}
	free(pages);
	wn_buf_release(&path);
	wn_buf_release(&file);
	return code;
}
