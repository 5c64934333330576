#include <stdlib.h>
#include <unistd.h>

#include "core/error.h"
#include "core/reader.h"
#include "core/recreader.h"
#include "tests/unit/test.h"

/* A source that hands out a memory buffer in small, uneven pieces. */
struct memsrc {
	const char *p;
	size_t n, pos, step;
};

static ssize_t mem_read(void *ctx, void *buf, size_t n)
{
	struct memsrc *m = ctx;
	size_t k = m->n - m->pos;
	if (k > n)
		k = n;
	if (k > m->step)
		k = m->step;
	memcpy(buf, m->p + m->pos, k);
	m->pos += k;
	m->step = m->step * 7 % 13 + 1;
	return (ssize_t)k;
}

TEST(reader_lines_no_final_newline_and_empty)
{
	const char *in = "a\n\nbb\nccc";
	struct memsrc m = {in, strlen(in), 0, 1};
	struct wn_reader r;
	const char *l;
	size_t n;
	wn_reader_init_fn(&r, mem_read, &m, '\n', 100);
	REQUIRE(wn_reader_next(&r, &l, &n) == WN_OK);
	CHECK_MEM(l, n, "a");
	REQUIRE(wn_reader_next(&r, &l, &n) == WN_OK);
	CHECK_MEM(l, n, "");
	REQUIRE(wn_reader_next(&r, &l, &n) == WN_OK);
	CHECK_MEM(l, n, "bb");
	REQUIRE(wn_reader_next(&r, &l, &n) == WN_OK);
	CHECK_MEM(l, n, "ccc");
	CHECK_INT(r.lineno, 4);
	CHECK_INT(wn_reader_next(&r, &l, &n), WN_EOF);
	CHECK_INT(wn_reader_next(&r, &l, &n), WN_EOF);
	wn_reader_release(&r);
}

TEST(reader_skips_line_over_cap)
{
	const char *in = "short\n0123456789abcdef\nok\n0123456789abcdefXYZ";
	struct memsrc m = {in, strlen(in), 0, 3};
	struct wn_reader r;
	const char *l;
	size_t n;
	wn_reader_init_fn(&r, mem_read, &m, '\n', 10);
	REQUIRE(wn_reader_next(&r, &l, &n) == WN_OK);
	CHECK_MEM(l, n, "short");
	CHECK_INT(wn_reader_next(&r, &l, &n), WN_ERECBIG);
	CHECK_INT(r.lineno, 2);
	REQUIRE(wn_reader_next(&r, &l, &n) == WN_OK);
	CHECK_MEM(l, n, "ok");
	CHECK_INT(wn_reader_next(&r, &l, &n), WN_ERECBIG);
	CHECK_INT(wn_reader_next(&r, &l, &n), WN_EOF);
	wn_reader_release(&r);
}

/* A 100 MB line goes through whole, and memory stays near the cap. */
TEST(reader_100mb_line)
{
	size_t big = (size_t)100 << 20;
	char *in = malloc(big + 64);
	REQUIRE(in);
	int k = sprintf(in, "{\"id\":\"big\",\"text\":\"");
	memset(in + k, 'x', big);
	strcpy(in + k + big, "\"}\n{\"id\":\"2\",\"text\":\"y\"}\n");
	struct memsrc m = {in, strlen(in + k + big) + k + big, 0, 1 << 20};
	struct wn_recreader rr;
	struct wn_stats st = {0};
	struct wn_record *rec;
	wn_recreader_init_fn(&rr, mem_read, &m, WN_FMT_JSONL, (size_t)128 << 20, &st);
	REQUIRE(wn_recreader_next(&rr, &rec) == WN_OK);
	CHECK_INT(rec->text.len, big);
	REQUIRE(wn_recreader_next(&rr, &rec) == WN_OK);
	CHECK_MEM(rec->id.data, rec->id.len, "2");
	CHECK_INT(wn_recreader_next(&rr, &rec), WN_EOF);
	CHECK(rr.rd.cap <= ((size_t)128 << 20) + (2u << 20));
	wn_recreader_release(&rr);
	/* The same line under a 64 MiB cap is skipped, the next record kept. */
	m.pos = 0;
	memset(&st, 0, sizeof(st));
	wn_recreader_init_fn(&rr, mem_read, &m, WN_FMT_JSONL, (size_t)64 << 20, &st);
	CHECK_INT(wn_recreader_next(&rr, &rec), WN_ERECBIG);
	REQUIRE(wn_recreader_next(&rr, &rec) == WN_OK);
	CHECK_MEM(rec->id.data, rec->id.len, "2");
	CHECK_INT(wn_stats_get(&st, "skipped: record too large"), 1);
	CHECK_INT(st.read, 2);
	wn_recreader_release(&rr);
	free(in);
}

TEST(recreader_counts_and_skips)
{
	const char *in = "{\"id\":1,\"text\":\"a\"}\r\n\nnot json\n{\"id\":2}\n{\"id\":3,\"text\":\"c\"}";
	struct memsrc m = {in, strlen(in), 0, 5};
	struct wn_recreader rr;
	struct wn_stats st = {0};
	struct wn_record *rec;
	wn_recreader_init_fn(&rr, mem_read, &m, WN_FMT_JSONL, 1000, &st);
	REQUIRE(wn_recreader_next(&rr, &rec) == WN_OK);
	CHECK_INT(wn_recreader_next(&rr, &rec), WN_ERECJSON);
	CHECK_INT(rr.rd.lineno, 3);
	CHECK_INT(wn_recreader_next(&rr, &rec), WN_ERECFIELD);
	REQUIRE(wn_recreader_next(&rr, &rec) == WN_OK);
	CHECK_MEM(rec->text.data, rec->text.len, "c");
	CHECK_INT(wn_recreader_next(&rr, &rec), WN_EOF);
	CHECK_INT(st.read, 4);
	CHECK_INT(st.bytes_in, strlen(in));
	wn_recreader_release(&rr);
}
