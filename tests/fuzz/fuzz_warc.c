/* libFuzzer target: unpack on arbitrary bytes (WARC, gzip members, JSONL,
 * MediaWiki XML, archives all start from the same sniffing), through a
 * pipe so nothing can seek. Emitted records must be valid. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/utf8.h"
#include "filters/unpack.h"

static int emit(void *ud, struct wn_record *rec)
{
	(void)ud;
	if (!wn_utf8_valid(rec->text.data ? rec->text.data : "", rec->text.len))
		abort();
	return 0;
}

static int warn(void *ud, const char *name, uint64_t lineno, int err)
{
	(void)ud, (void)name, (void)lineno, (void)err;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct unpack_opts o = {0};
	struct wn_stats st = {0};
	struct unpack u;
	int fds[2];

	if (size > 60000 || pipe(fds))
		return 0;
	/* The pipe buffer (64 KiB) holds the whole input. */
	if (write(fds[1], data, size) != (ssize_t)size) {
		close(fds[0]);
		close(fds[1]);
		return 0;
	}
	close(fds[1]);
	o.max_record = 1 << 20;
	o.threads = (size & 1) ? 2 : 0; /* odd sizes go through the gzip thread */
	unpack_init(&u, &o, &st, emit, warn, NULL);
	unpack_stream(&u, "fuzz", NULL, fds[0]);
	unpack_release(&u);
	close(fds[0]);
	return 0;
}
