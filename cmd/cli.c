#include "cmd/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/error.h"
#include "core/limits.h"

const char *wn_prog = "winnow";

static void vmsg(const char *kind, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (kind)
		fprintf(stderr, "%s: %s: %s\n", wn_prog, kind, buf);
	else
		fprintf(stderr, "%s: %s\n", wn_prog, buf);
}

void wn_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
}

void wn_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg("warning", fmt, ap);
	va_end(ap);
}

int wn_usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
	fprintf(stderr, "try '%s --help'\n", wn_prog);
	return WN_EXIT_USAGE;
}

void wn_common_init(struct wn_common *c)
{
	memset(c, 0, sizeof(*c));
	c->max_record = WN_MAX_RECORD_DEFAULT;
	c->in_fmt = WN_FMT_JSONL;
	c->out_fmt = WN_FMT_JSONL;
	c->progress = -1;
}

int wn_opt_num(const char *name, const char *arg, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(arg, &end);
	if (end == arg || *end || errno || !(v >= lo && v <= hi))
		return wn_usage_error("invalid --%s '%s' (%g to %g)", name, arg, lo, hi);
	*out = v;
	return WN_EXIT_OK;
}

int wn_opt_int(const char *name, const char *arg, long lo, long hi, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end || errno || v < lo || v > hi)
		return wn_usage_error("invalid --%s '%s' (%ld to %ld)", name, arg, lo, hi);
	*out = v;
	return WN_EXIT_OK;
}

int wn_parse_size(const char *s, size_t *out)
{
	char *end;
	double v;
	double mult = 1;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || v < 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': mult = 1024.0; end++; break;
	case 'm': case 'M': mult = 1024.0 * 1024; end++; break;
	case 'g': case 'G': mult = 1024.0 * 1024 * 1024; end++; break;
	case 't': case 'T': mult = 1024.0 * 1024 * 1024 * 1024; end++; break;
	}
	if (*end == 'i')
		end++;
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -1;
	v *= mult;
	if (v > (double)WN_MAX_RECORD_CEILING * 1024)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int parse_format(const char *s, enum wn_record_format *f)
{
	if (!strcmp(s, "jsonl") || !strcmp(s, "json"))
		*f = WN_FMT_JSONL;
	else if (!strcmp(s, "lines") || !strcmp(s, "text"))
		*f = WN_FMT_LINES;
	else if (!strcmp(s, "nul") || !strcmp(s, "null"))
		*f = WN_FMT_NUL;
	else
		return -1;
	return 0;
}

int wn_common_option(struct wn_common *c, int opt, const char *arg)
{
	switch (opt) {
	case WN_OPT_MAX_RECORD:
		if (wn_parse_size(arg, &c->max_record) || c->max_record == 0 ||
		    c->max_record > WN_MAX_RECORD_CEILING) {
			wn_usage_error("invalid --max-record '%s'", arg);
			return -1;
		}
		return 1;
	case WN_OPT_STRICT:
		c->strict = 1;
		return 1;
	case WN_OPT_STATS:
	case 'v':
		c->stats = 1;
		return 1;
	case 'q':
		c->quiet = 1;
		c->progress = 0;
		return 1;
	case WN_OPT_PROGRESS:
		c->progress = 1;
		return 1;
	case WN_OPT_INPUT_FORMAT:
	case WN_OPT_OUTPUT_FORMAT:
		if (parse_format(arg, opt == WN_OPT_INPUT_FORMAT ? &c->in_fmt : &c->out_fmt)) {
			wn_usage_error("unknown format '%s' (jsonl, lines, nul)", arg);
			return -1;
		}
		return 1;
	case '0':
		c->in_fmt = c->out_fmt = WN_FMT_NUL;
		return 1;
	case 'j': {
		char *end;
		long n = strtol(arg, &end, 10);
		if (*end || n < 0 || n > 1024) {
			wn_usage_error("invalid thread count '%s'", arg);
			return -1;
		}
		c->threads = (int)n;
		return 1;
	}
	}
	return 0;
}

int wn_common_threads(const struct wn_common *c)
{
	long n;

	if (c->threads > 0)
		return c->threads;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (int)(n > 64 ? 64 : n) : 1;
}

int wn_report_record_error(const struct wn_common *c, const char *name,
			   const struct wn_recreader *rr, int rc, int *exit_code)
{
	if (rc == WN_EIO) {
		wn_error("'%s': read error: %s", name,
			 rr->rd.err ? strerror(rr->rd.err) : "source failed");
		*exit_code = wn_exit_max(*exit_code, WN_EXIT_IO);
		return 0;
	}
	if (rc == WN_ENOMEM) {
		wn_error("'%s': out of memory", name);
		*exit_code = wn_exit_max(*exit_code, WN_EXIT_INTERNAL);
		return 0;
	}
	if (!c->quiet || c->strict)
		wn_warn("'%s': line %llu: %s, skipped", name,
			(unsigned long long)rr->rd.lineno, wn_strerror(rc));
	if (c->strict) {
		*exit_code = wn_exit_max(*exit_code, WN_EXIT_DATA);
		return 0;
	}
	return 1;
}

void wn_print_stats(const struct wn_stats *s)
{
	fprintf(stderr, "%s: records read %llu, written %llu\n", wn_prog,
		(unsigned long long)s->read, (unsigned long long)s->written);
	fprintf(stderr, "%s: bytes in %llu, out %llu\n", wn_prog,
		(unsigned long long)s->bytes_in, (unsigned long long)s->bytes_out);
	if (s->bad_utf8)
		fprintf(stderr, "%s: invalid UTF-8 sequences replaced %llu\n", wn_prog,
			(unsigned long long)s->bad_utf8);
	for (unsigned i = 0; i < s->n; i++)
		fprintf(stderr, "%s: %s %llu\n", wn_prog, s->name[i],
			(unsigned long long)s->count[i]);
}

int wn_open_input(const char *path)
{
	int fd;

	if (!strcmp(path, "-"))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		wn_error("'%s': %s", path, strerror(errno));
	return fd;
}

struct emit_sink {
	struct wn_out *out;
	size_t bytes;
};

static int emit_sink(void *ctx, const char *p, size_t n)
{
	struct emit_sink *es = ctx;

	es->bytes += n;
	return wn_out_write(es->out, p, n);
}

int wn_emit(struct wn_out *out, const struct wn_common *c, const struct wn_record *rec,
	    struct wn_buf *scratch, struct wn_stats *st)
{
	struct emit_sink es = {out, 0};
	int rc;

	wn_buf_reset(scratch);
	rc = wn_record_write_sink(rec, c->out_fmt, scratch, emit_sink, &es);
	if (rc == WN_EIO || out->err) {
		wn_error("write error: %s", strerror(out->err ? out->err : EIO));
		return WN_EXIT_IO;
	}
	if (rc) {
		/* Only a stage's own additions can outgrow the staging buffer. */
		wn_stats_add(st, "skipped: record too large", 1);
		return WN_EXIT_OK;
	}
	st->written++;
	st->bytes_out += es.bytes;
	return WN_EXIT_OK;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void wn_progress_init(struct wn_progress *p, const struct wn_common *c)
{
	memset(p, 0, sizeof(*p));
	p->on = c->progress == 1 || (c->progress == -1 && isatty(2));
	p->start = p->last = now();
}

static void progress_line(struct wn_progress *p, const struct wn_stats *st, double t)
{
	double secs = t - p->start;

	fprintf(stderr, "\r%s: %llu records in, %llu out, %.1f MB in, %.1f MB/s ", wn_prog,
		(unsigned long long)st->read, (unsigned long long)st->written,
		(double)st->bytes_in / 1e6, secs > 0 ? (double)st->bytes_in / 1e6 / secs : 0.0);
	p->shown = 1;
	p->last = t;
}

void wn_progress_tick(struct wn_progress *p, const struct wn_stats *st)
{
	double t;

	if (!p->on || (++p->ticks & 1023))
		return;
	t = now();
	if (t - p->last >= 0.5)
		progress_line(p, st, t);
}

void wn_progress_end(struct wn_progress *p, const struct wn_stats *st)
{
	if (!p->on || !p->shown)
		return;
	progress_line(p, st, now());
	fputc('\n', stderr);
}
