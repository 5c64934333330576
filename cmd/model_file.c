#include "cmd/model_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cli.h"

/* Models past this size are refused: the defaults are a few MB. */
#define MODEL_MAX_BYTES ((size_t)1 << 30)

int model_file_read(struct model_file *m, const char *path)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	void *p;

	m->data = NULL;
	m->len = 0;
	if (fd < 0 || fstat(fd, &st)) {
		wn_error("'%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return WN_EXIT_IO;
	}
	if ((size_t)st.st_size > MODEL_MAX_BYTES) {
		wn_error("'%s': model larger than 1 GiB", path);
		close(fd);
		return WN_EXIT_DATA;
	}
	if (posix_memalign(&p, 64, (size_t)st.st_size + 1)) {
		close(fd);
		wn_error("'%s': out of memory", path);
		return WN_EXIT_INTERNAL;
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t k = read(fd, (char *)p + got, (size_t)st.st_size - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			wn_error("'%s': %s", path, k < 0 ? strerror(errno) : "file shrank while read");
			free(p);
			close(fd);
			return WN_EXIT_IO;
		}
		got += (size_t)k;
	}
	close(fd);
	m->data = p;
	m->len = got;
	return 0;
}

int model_file_write(const char *path, const void *p, size_t n)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	FILE *f;

	if (!tmp) {
		wn_error("out of memory");
		return WN_EXIT_INTERNAL;
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp", 5);
	f = fopen(tmp, "wb");
	int bad = !f || fwrite(p, 1, n, f) != n;
	if (f && fclose(f) != 0)
		bad = 1;
	if (bad) {
		wn_error("'%s': %s", tmp, strerror(errno));
		if (f)
			unlink(tmp);
		free(tmp);
		return WN_EXIT_IO;
	}
	if (rename(tmp, path)) {
		wn_error("'%s': %s", path, strerror(errno));
		unlink(tmp);
		free(tmp);
		return WN_EXIT_IO;
	}
	free(tmp);
	return 0;
}

void model_file_release(struct model_file *m)
{
	if (!m)
		return;
	free(m->data);
	m->data = NULL;
	m->len = 0;
}
