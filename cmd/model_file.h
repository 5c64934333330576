/*
 * Model files for cmd/train.c and cmd/tag.c: read whole into 64-byte
 * aligned memory (models are used in place) and written atomically
 * (a temporary file renamed over the target).
 */
#ifndef WN_MODEL_FILE_H
#define WN_MODEL_FILE_H

#include <stddef.h>

struct model_file {
	char *data;
	size_t len;
};

/* 0 or an exit code (message printed). */
int model_file_read(struct model_file *m, const char *path);
int model_file_write(const char *path, const void *p, size_t n);
void model_file_release(struct model_file *m);

#endif
