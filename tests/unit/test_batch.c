#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/batch.h"
#include "core/error.h"
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
