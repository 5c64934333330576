/*
 * winnow unpack [FILE...]: archives, dumps, feeds and compressed streams in,
 * one JSONL record per document out. The work is in filters/unpack.h; this
 * file parses options, reports and sets the exit code.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/commands.h"
#include "core/error.h"
#include "core/limits.h"
#include "filters/unpack.h"
#include "cmd/unpack_html.h"

static const char usage_text[] =
	"usage: winnow unpack [OPTIONS] [FILE...]\n"
	"\n"
	"Reads each FILE (standard input when none or '-') and writes one JSONL\n"
	"record per document. The format is recognised from the bytes: tar, zip,\n"
	"cpio, ar, iso9660, 7z (from a file, not a pipe), rar and other libarchive\n"
	"formats, under any compression (gzip, bzip2, xz, lzma, zstd, lz4); WARC and\n"
	"Common Crawl WET; MediaWiki XML dumps; JSONL; plain text (one document per\n"
	"input, or per line with --input-format lines).\n"
	"\n"
	"options:\n"
	"  --include GLOB      only archive entries matching GLOB (repeatable)\n"
	"  --exclude GLOB      skip archive entries matching GLOB (repeatable)\n"
	"  --html=MODE         HTML pages and feed items: main (the article body,\n"
	"                      default), text (all visible text), raw (as they are)\n"
	"  -h, --help          this help\n"
	"\n" WN_COMMON_HELP "\n" WN_EXIT_CODES_HELP;

enum { OPT_INCLUDE = WN_OPT_FIRST_PRIVATE, OPT_EXCLUDE, OPT_HTML };

struct ctx {
	struct wn_common *c;
	struct wn_out out;
	struct wn_buf scratch;
	struct wn_stats st;
	struct wn_progress prog;
	int code;
};

static int emit(void *ud, struct wn_record *rec)
{
	struct ctx *x = ud;
	int e = wn_emit(&x->out, x->c, rec, &x->scratch, &x->st);

	if (e) {
		x->code = wn_exit_max(x->code, e);
		return -1;
	}
	wn_progress_tick(&x->prog, &x->st);
	return 0;
}

static int warn(void *ud, const char *name, uint64_t lineno, int err)
{
	struct ctx *x = ud;

	if (!x->c->quiet || x->c->strict)
		wn_warn("'%s': line %llu: %s, skipped", name, (unsigned long long)lineno,
			wn_strerror(err));
	return x->c->strict;
}

int cmd_unpack(int argc, char **argv)
{
	static const struct option longopts[] = {
		WN_COMMON_LONGOPTS,
		{"include", required_argument, NULL, OPT_INCLUDE},
		{"exclude", required_argument, NULL, OPT_EXCLUDE},
		{"html", required_argument, NULL, OPT_HTML},
		{"help", no_argument, NULL, 'h'},
		{0, 0, 0, 0},
	};
	struct wn_common c;
	struct unpack_opts o;
	struct unpack u;
	struct ctx x;
	const char **inc, **exc;
	size_t ninc = 0, nexc = 0;
	int opt;
	enum html_mode html_mode = HTML_MAIN;
	struct unpack_html *uh;

	wn_common_init(&c);
	memset(&o, 0, sizeof(o));
	inc = calloc((size_t)argc + 1, sizeof(*inc));
	exc = calloc((size_t)argc + 1, sizeof(*exc));
	if (!inc || !exc) {
		free(inc);
		free(exc);
		return WN_EXIT_INTERNAL;
	}
	while ((opt = getopt_long(argc, argv, WN_COMMON_SHORTOPTS "h", longopts, NULL)) != -1) {
		int k = wn_common_option(&c, opt, optarg);
		if (k < 0)
			goto usage;
		if (k)
			continue;
		switch (opt) {
		case OPT_INCLUDE:
			inc[ninc++] = optarg;
			break;
		case OPT_EXCLUDE:
			exc[nexc++] = optarg;
			break;
		case OPT_HTML:
			if (html_mode_parse(optarg, &html_mode)) {
				wn_usage_error("--html: '%s' is not main, text or raw", optarg);
				goto usage;
			}
			break;
		case 'h':
			fputs(usage_text, stdout);
			free(inc);
			free(exc);
			return WN_EXIT_OK;
		default:
			wn_usage_error("unknown option");
			goto usage;
		}
	}
	o.max_record = c.max_record;
	o.split = c.in_fmt;
	o.threads = wn_common_threads(&c);
	o.include = inc;
	o.ninclude = ninc;
	o.exclude = exc;
	o.nexclude = nexc;

	memset(&x, 0, sizeof(x));
	x.c = &c;
	wn_out_init(&x.out, 1);
	wn_buf_init(&x.scratch, WN_RECORD_OUT_MAX(c.max_record));
	wn_progress_init(&x.prog, &c);
	uh = unpack_html_new(html_mode, c.max_record, &x.st);
	if (!uh) {
		wn_error("out of memory");
		free(inc);
		free(exc);
		return WN_EXIT_INTERNAL;
	}
	o.html = unpack_html_page;
	o.feed = unpack_html_feed;
	o.hook_ctx = uh;
	unpack_init(&u, &o, &x.st, emit, warn, &x);

	int nfiles = argc - optind;
	for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
		const char *name = nfiles ? argv[optind + i] : "-";
		int fd = wn_open_input(name);
		if (fd < 0) {
			x.code = wn_exit_max(x.code, WN_EXIT_IO);
			continue;
		}
		int rc = unpack_stream(&u, name, strcmp(name, "-") ? name : NULL, fd);
		if (fd > 0)
			close(fd);
		if (rc == WN_OK)
			continue;
		if (u.stopped && rc == WN_EIO)
			break; /* output failed: already reported */
		if (rc == WN_ERECJSON) {
			x.code = wn_exit_max(x.code, WN_EXIT_DATA);
			break;
		}
		if (rc == WN_ENOMEM) {
			wn_error("'%s': out of memory", name);
			x.code = wn_exit_max(x.code, WN_EXIT_INTERNAL);
			break;
		}
		wn_error("'%s': %s", name, u.err[0] ? u.err : wn_strerror(rc));
		x.code = wn_exit_max(x.code, rc == WN_EIO ? WN_EXIT_IO : WN_EXIT_DATA);
	}
	unpack_release(&u);
	unpack_html_free(uh);
	if (wn_out_release(&x.out) && !x.code) {
		wn_error("write error: %s", strerror(x.out.err));
		x.code = WN_EXIT_IO;
	}
	wn_progress_end(&x.prog, &x.st);
	if (c.stats)
		wn_print_stats(&x.st);
	wn_buf_release(&x.scratch);
	free(inc);
	free(exc);
	return x.code;
usage:
	free(inc);
	free(exc);
	return WN_EXIT_USAGE;
}
