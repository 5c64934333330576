#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/batch.h"
#include "core/error.h"
#include "core/pool.h"
#include "core/reader.h"
#include "tests/unit/test.h"

/* A temporary file holding n bytes of s; its descriptor, at offset 0. */
static int tmpfd(const char *s, size_t n)
{
	FILE *f = tmpfile();
	int fd = f ? dup(fileno(f)) : -1;
	if (f)
		fclose(f);
	if (fd < 0 || write(fd, s, n) != (ssize_t)n || lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	return fd;
}

/* Reads s with wn_batch_read and with wn_reader: the same lines, line
 * numbers and statuses, batches within their limits. */
static void same_as_reader(const char *s, size_t n, char delim, size_t max, size_t max_lines,
			   size_t max_bytes)
{
	int fd1 = tmpfd(s, n), fd2 = tmpfd(s, n);
	struct wn_batch_reader br;
	struct wn_batch b;
	struct wn_reader r;
	uint64_t bytes = 0;
	int rc;

	REQUIRE(fd1 >= 0 && fd2 >= 0);
	wn_batch_reader_init(&br, fd1, delim, max, max_lines, max_bytes);
	REQUIRE(wn_batch_init(&b, &br) == WN_OK);
	wn_reader_init_fd(&r, fd2, delim, max);
	while ((rc = wn_batch_read(&br, &b)) == WN_OK) {
		CHECK(b.n >= 1 && b.n <= max_lines);
		bytes += b.bytes;
		for (size_t i = 0; i < b.n; i++) {
			const char *line;
			size_t len;
			int want = wn_reader_next(&r, &line, &len);
			const struct wn_batch_line *l = &b.line[i];
			CHECK_INT(l->status, want);
			CHECK_INT(l->lineno, r.lineno);
			if (want == WN_OK && l->status == WN_OK) {
				REQUIRE(l->off + l->len <= b.raw.len);
				REQUIRE(l->len == len);
				CHECK(!memcmp(b.raw.data + l->off, line, len));
			}
		}
	}
	CHECK_INT(rc, WN_EOF);
	const char *line;
	size_t len;
	CHECK_INT(wn_reader_next(&r, &line, &len), WN_EOF);
	CHECK_INT(bytes, n);
	CHECK_INT(br.bytes, n);
	CHECK_INT(wn_batch_read(&br, &b), WN_EOF);
	wn_batch_release(&b);
	wn_batch_reader_release(&br);
	wn_reader_release(&r);
	close(fd1);
	close(fd2);
}

TEST(batch_small_lines)
{
	const char *in = "a\n\nbb\nccc";
	same_as_reader(in, strlen(in), '\n', 100, 2048, 1 << 20);
	same_as_reader(in, strlen(in), '\n', 100, 1, 1);
	same_as_reader("", 0, '\n', 100, 4, 10);
	same_as_reader("\n", 1, '\n', 100, 4, 10);
	same_as_reader("x\0y\0", 4, '\0', 100, 4, 10);
}

TEST(batch_lines_over_cap)
{
	const char *in = "short\n0123456789abcdef\nok\n0123456789\n0123456789abcdefXYZ";
	for (size_t lines = 1; lines < 8; lines++)
		for (size_t bytes = 1; bytes < 40; bytes += 3)
			same_as_reader(in, strlen(in), '\n', 10, lines, bytes);
}

TEST(batch_random_against_reader)
{
	/* Lines of every size, some across read chunks and over the cap. */
	size_t n = (size_t)3 << 20, pos = 0;
	char *s = malloc(n);
	uint64_t x = 0x9e3779b97f4a7c15ull;

	REQUIRE(s);
	while (pos < n) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		size_t len = (x >> 8) % 8 == 0 ? (size_t)(x >> 20) % 700000 : (size_t)(x >> 20) % 3000;
		for (size_t i = 0; i < len && pos < n; i++)
			s[pos++] = (char)('a' + (i + len) % 26);
		if (pos < n)
			s[pos++] = '\n';
	}
	same_as_reader(s, n, '\n', (size_t)300 << 10, 2048, (size_t)1 << 20);
	same_as_reader(s, n, '\n', (size_t)64 << 20, 7, (size_t)1 << 20);
	same_as_reader(s, n - 1, '\n', 1000, 100, 5000);
	free(s);
}

TEST(batch_read_error)
{
	struct wn_batch_reader br;
	struct wn_batch b;

	wn_batch_reader_init(&br, -1, '\n', 100, 10, 100);
	REQUIRE(wn_batch_init(&b, &br) == WN_OK);
	CHECK_INT(wn_batch_read(&br, &b), WN_EIO);
	CHECK(br.err != 0);
	CHECK_INT(b.n, 0);
	wn_batch_release(&b);
	wn_batch_reader_release(&br);
}

/* Workers of a pool reading in turns: batches come back holding the input
 * in order, every line once, whatever thread read them. */
struct turn_batch {
	uint64_t seq;
	int rc;
	struct wn_batch b;
};

struct turn_shared {
	struct wn_batch_turns turns;
	struct wn_batch_reader rd;
};

static void read_in_turn(void *shared, void *worker, void *batch)
{
	struct turn_shared *sh = shared;
	struct turn_batch *tb = batch;
	(void)worker;
	tb->rc = wn_batch_read_turn(&sh->turns, tb->seq, &sh->rd, &tb->b);
}

/* Checks the lines of a batch taken back; 1 when it held the end. */
static int check_turn(struct turn_batch *t, uint64_t *want)
{
	if (t->rc != WN_OK) {
		CHECK_INT(t->rc, WN_EOF);
		CHECK_INT(t->b.n, 0);
		return 1;
	}
	for (size_t i = 0; i < t->b.n; i++)
		CHECK_INT(strtoull(t->b.raw.data + t->b.line[i].off, NULL, 10), (*want)++);
	return 0;
}

TEST(batch_turns_keep_input_order)
{
	size_t n = 200000, pos = 0;
	uint64_t lines = 0;
	char *s = malloc(n);
	REQUIRE(s);
	for (;;) {
		int k = snprintf(s + pos, n - pos, "%llu\n", (unsigned long long)lines + 1);
		if (k < 0 || (size_t)k >= n - pos)
			break;
		pos += (size_t)k;
		lines++;
	}
	int fd = tmpfd(s, pos);
	REQUIRE(fd >= 0);
	for (unsigned threads = 0; threads <= 3; threads++) {
		struct turn_shared sh;
		struct turn_batch tb[7], *t;
		void *ctx[3] = {NULL, NULL, NULL};
		struct wn_pool *p;
		uint64_t seq = 0, want = 1;
		size_t next_free = 0;

		REQUIRE(lseek(fd, 0, SEEK_SET) == 0);
		wn_batch_turns_init(&sh.turns);
		wn_batch_reader_init(&sh.rd, fd, '\n', 100, 13, 4096);
		for (size_t i = 0; i < 7; i++)
			REQUIRE(wn_batch_init(&tb[i].b, &sh.rd) == WN_OK);
		REQUIRE(wn_pool_new(&p, threads, 7, read_in_turn, &sh, ctx) == WN_OK);
		for (;;) {
			if (next_free < 7) {
				t = &tb[next_free++];
			} else {
				t = wn_pool_next(p);
				if (check_turn(t, &want))
					break;
			}
			t->seq = seq++;
			wn_pool_submit(p, t);
		}
		while ((t = wn_pool_next(p)))
			check_turn(t, &want);
		CHECK_INT(want, lines + 1);
		CHECK(seq > lines / 13);
		wn_pool_free(p);
		for (size_t i = 0; i < 7; i++)
			wn_batch_release(&tb[i].b);
		wn_batch_reader_release(&sh.rd);
		wn_batch_turns_destroy(&sh.turns);
	}
	close(fd);
	free(s);
}
