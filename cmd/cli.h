/*
 * What every subcommand shares: exit codes, messages, the common options and
 * the record loop's error reporting. Only cmd/ includes this.
 */
#ifndef WN_CLI_H
#define WN_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>

#include "core/out.h"
#include "core/recreader.h"
#include "core/stats.h"

/* Exit codes: the one list, also in winnow --help, the man page and README. */
enum wn_exit {
	WN_EXIT_OK = 0,       /* all input read; skipped records are counted, not failures */
	WN_EXIT_DATA = 1,     /* some input was damaged (or invalid under --strict); all good
			       * records before the damage were written */
	WN_EXIT_USAGE = 2,    /* bad command line */
	WN_EXIT_IO = 3,       /* a file could not be opened or read, or output could not be written */
	WN_EXIT_LIMIT = 4,    /* a resource limit (--max-memory) stopped the run cleanly */
	WN_EXIT_INTERNAL = 5, /* out of memory or an internal error */
};

#define WN_EXIT_CODES_HELP \
	"exit status:\n" \
	"  0  success (records skipped for a reason are counted, not failures)\n" \
	"  1  damaged input, or an invalid record under --strict\n" \
	"  2  usage error\n" \
	"  3  a file could not be opened or read, or output could not be written\n" \
	"  4  a resource limit (--max-memory) was reached\n" \
	"  5  out of memory or internal error\n"

/* "winnow CMD", set by main before a subcommand runs. */
extern const char *wn_prog;

void wn_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void wn_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints the usage hint and returns WN_EXIT_USAGE. */
int wn_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Options every record-processing subcommand takes. */
struct wn_common {
	size_t max_record;
	enum wn_record_format in_fmt, out_fmt;
	int strict;
	int stats;    /* -v/--stats */
	int quiet;
	int progress; /* -1 auto (stderr is a tty), 0 off, 1 on */
	int threads;  /* 0: all cores */
};

enum {
	WN_OPT_MAX_RECORD = 0x1000,
	WN_OPT_STRICT,
	WN_OPT_STATS,
	WN_OPT_PROGRESS,
	WN_OPT_INPUT_FORMAT,
	WN_OPT_OUTPUT_FORMAT,
	WN_OPT_FIRST_PRIVATE = 0x1100, /* subcommands number their own from here */
};

/* getopt_long rows for the common options; short ones: "0jvq" as below. */
#define WN_COMMON_LONGOPTS \
	{"max-record", required_argument, NULL, WN_OPT_MAX_RECORD}, \
	{"strict", no_argument, NULL, WN_OPT_STRICT}, \
	{"stats", no_argument, NULL, WN_OPT_STATS}, \
	{"verbose", no_argument, NULL, 'v'}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"progress", no_argument, NULL, WN_OPT_PROGRESS}, \
	{"input-format", required_argument, NULL, WN_OPT_INPUT_FORMAT}, \
	{"output-format", required_argument, NULL, WN_OPT_OUTPUT_FORMAT}, \
	{"threads", required_argument, NULL, 'j'}, \
	{"null", no_argument, NULL, '0'}
#define WN_COMMON_SHORTOPTS "0j:vq"

#define WN_COMMON_HELP \
	"common options:\n" \
	"  --input-format F    jsonl (default), lines (one document per line), nul\n" \
	"  --output-format F   jsonl (default), lines, nul\n" \
	"  -0, --null          plain text in and out, documents ended by NUL\n" \
	"  --max-record SIZE   skip (and count) records larger than SIZE (default 64M)\n" \
	"  --strict            stop at the first invalid record (exit 1)\n" \
	"  -v, --stats         print counts of records read, written, skipped\n" \
	"  -q, --quiet         no warnings, no progress\n" \
	"  --progress          progress on stderr even when it is not a terminal\n" \
	"  -j, --threads N     worker threads (default: all cores)\n"

void wn_common_init(struct wn_common *c);
/* Handles a common option: 1 if it was one, 0 if not, -1 on a bad value
 * (message printed). */
int wn_common_option(struct wn_common *c, int opt, const char *arg);
/* Parses "64M", "1.5G", "4096" into bytes. 0 on success. */
int wn_parse_size(const char *s, size_t *out);
/* The argument of option --name as a number in [lo, hi] (wn_opt_int: a
 * whole one): WN_EXIT_OK, or the exit code of the usage error it reports
 * ("invalid --name 'arg' (lo to hi)", as the common options do). */
int wn_opt_num(const char *name, const char *arg, double lo, double hi, double *out);
int wn_opt_int(const char *name, const char *arg, long lo, long hi, long *out);
/* Resolves threads 0 to the number of online cores. */
int wn_common_threads(const struct wn_common *c);

/*
 * Reports a record-level error from wn_recreader_next on `name` (unless
 * quiet) and says whether to go on: returns 1 to continue, 0 to stop
 * (--strict, or the stream is dead); *exit_code is raised accordingly.
 */
int wn_report_record_error(const struct wn_common *c, const char *name,
			   const struct wn_recreader *rr, int rc, int *exit_code);

/* Prints the --stats report of a stage to stderr. */
void wn_print_stats(const struct wn_stats *s);

/* Opens a named input ("-" is stdin). Returns fd or -1 (message printed). */
int wn_open_input(const char *path);

/* Writes one record to out; on a write error prints and returns WN_EXIT_IO. */
int wn_emit(struct wn_out *out, const struct wn_common *c, const struct wn_record *rec,
	    struct wn_buf *scratch, struct wn_stats *st);

/* A progress line on stderr: on when stderr is a terminal, or --progress. */
struct wn_progress {
	int on, shown;
	double start, last;
	uint64_t ticks;
};
void wn_progress_init(struct wn_progress *p, const struct wn_common *c);
void wn_progress_tick(struct wn_progress *p, const struct wn_stats *st);
void wn_progress_end(struct wn_progress *p, const struct wn_stats *st);

/* Highest-severity exit code of two. */
static inline int wn_exit_max(int a, int b)
{
	static const int rank[] = {0, 2, 5, 3, 4, 6};
	return rank[a] >= rank[b] ? a : b;
}

#endif
