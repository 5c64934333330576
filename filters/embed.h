/*
 * The data built into the binary: the default NER and topic models and the
 * built-in gazetteer, assembled in from models/ and data/gazetteer/ at
 * build time (filters/embed.c), so no file needs to be found at run time
 * and loading costs nothing. The bytes are read-only and 64-byte aligned.
 */
#ifndef WN_EMBED_H
#define WN_EMBED_H

#include <stddef.h>

/* Each returns the bytes and sets *n, or NULL when the blob is empty. */
const char *wn_embed_ner(size_t *n);
const char *wn_embed_topics(size_t *n);
const char *wn_embed_gazetteer(size_t *n);

#endif
