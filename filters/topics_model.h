/*
 * The topic model file, used in place (little-endian):
 *   header (1024 bytes): magic "WNTOP\0\0\1", u32 nlabels, u32 dim,
 *     u32 nbuckets (a power of two), u32 loss (0 one-vs-all
 *     logistic, 1 softmax), u32 feature flags (TOPICS_F_*), u32 0, then label names
 *     (32 x 24 bytes, NUL-padded) from offset 32
 *   float out[nlabels][dim], float bias[nlabels] (padded to 8 bytes)
 *   float scale[nbuckets], float idf[nbuckets]
 *   int8 emb[nbuckets][dim]: a bucket's row is emb * scale
 */
#ifndef WN_TOPICS_MODEL_H
#define WN_TOPICS_MODEL_H

#define TOPICS_MAGIC "WNTOP\0\0\1"
#define TOPICS_HEADER 1024

#endif
