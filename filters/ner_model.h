/*
 * The NER model file: a fixed header, the transition weights, an open
 * addressing table from feature hash to weight row, and the rows. All
 * integers little-endian; the model is used in place (no parsing), so
 * loading is free.
 *
 *   header (256 bytes): magic "WNNER\0\0\1", u32 feature version, u32
 *     ntypes, u32 ntags, u32 scheme, u32 cap (slots, a power of two), u32
 *     nrows, u32 uses built-in gazetteer, u32 gazetteer fingerprint, then
 *     the type names (8 x 16 bytes, NUL-padded), at 168 u32 lowcap (a power
 *     of two, or 0)
 *   int32 trans[(ntags + 1) * ntags], padded to 8 bytes
 *   uint32 slots[cap][2]: key (high 32 bits of the feature hash | 1; 0 is
 *     empty) and row index; the first probe is at the low bits & (cap - 1)
 *   int16 rows[nrows][ntags], padded to 8 bytes
 *   uint32 low[lowcap]: keys (| 1; 0 empty, linear probing from key &
 *     (lowcap - 1)) of the all-lower-case words and punctuation tokens
 *     (neither letter nor digit) seen inside entities in training; other
 *     such tokens are tagged O without scoring (version 2; version 1 had
 *     only the words)
 */
#ifndef WN_NER_MODEL_H
#define WN_NER_MODEL_H

#include <stdint.h>

#define NER_MAGIC "WNNER\0\0\1"
#define NER_HEADER 256
/* Bump when ner_feat.c changes what a feature means. */
#define NER_FEAT_VERSION 3

/* Fingerprint of the built-in gazetteer (0 when there is none). */
uint32_t ner_gaz_fingerprint(void);

#endif
