#include "filters/embed.h"

/* .incbin paths are relative to the directory the compiler runs in: the
 * repository root (the Makefile's). The Makefile makes this object depend
 * on the blobs. */
#define EMBED(name, path) \
	__asm__(".section .rodata\n" \
		".balign 64\n" \
		".global wn_blob_" name "_start\n" \
		".hidden wn_blob_" name "_start\n" \
		"wn_blob_" name "_start:\n" \
		".incbin \"" path "\"\n" \
		".global wn_blob_" name "_end\n" \
		".hidden wn_blob_" name "_end\n" \
		"wn_blob_" name "_end:\n" \
		".byte 0\n" \
		".previous\n")

EMBED("ner", "models/ner.bin");
EMBED("topics", "models/topics.bin");
EMBED("gaz", "data/gazetteer/builtin.tsv");

#define BLOB(name) \
	extern const char wn_blob_##name##_start[] __attribute__((visibility("hidden"))); \
	extern const char wn_blob_##name##_end[] __attribute__((visibility("hidden")));

BLOB(ner)
BLOB(topics)
BLOB(gaz)

static const char *blob(const char *a, const char *b, size_t *n)
{
	*n = (size_t)(b - a);
	return *n ? a : NULL;
}

const char *wn_embed_ner(size_t *n)
{
	return blob(wn_blob_ner_start, wn_blob_ner_end, n);
}

const char *wn_embed_topics(size_t *n)
{
	return blob(wn_blob_topics_start, wn_blob_topics_end, n);
}

const char *wn_embed_gazetteer(size_t *n)
{
	return blob(wn_blob_gaz_start, wn_blob_gaz_end, n);
}
