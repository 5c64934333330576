/*
 * Hashing: one wrapper over xxHash (XXH3) so that every stage hashes the same
 * way and the algorithm can change in one place. Values are stable across
 * machines and runs: they are written into indexes and output ordering.
 */
#ifndef WN_HASH_H
#define WN_HASH_H

#include <stddef.h>
#include <stdint.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

static inline uint64_t wn_hash64(const void *p, size_t n, uint64_t seed)
{
	return XXH3_64bits_withSeed(p, n, seed);
}

/* A strong 64-bit mixer (splitmix64's finalizer) for hashing integers. */
static inline uint64_t wn_mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return x;
}

#endif
