/*
 * Hashing: one wrapper over xxHash (XXH3) so that every stage hashes the same
 * way and the algorithm can change in one place. Values are stable across
 * machines and runs: they are written into indexes and output ordering.
 */
#ifndef WN_HASH_H
#define WN_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/*
 * Hash of a word: wn_hash64 for words over 16 bytes; shorter ones (nearly
 * all words) by a branch-free hash of the bytes zero-padded into two
 * little-endian 64-bit words, which the tokenizer's SIMD path has at hand.
 * Stable like wn_hash64 (dedup indexes depend on it).
 */
static inline uint64_t wn_hash16(uint64_t lo, uint64_t hi, size_t n, uint64_t seed)
{
	/* XXH3's construction for 9 to 16 bytes: one 128-bit product of the
	 * keyed halves, folded, then an avalanche. */
	uint64_t a = lo ^ (seed + 0x9e3779b97f4a7c15ull);
	uint64_t b = hi ^ (0xc2b2ae3d27d4eb4full - seed) ^ ((uint64_t)n << 59);
	unsigned __int128 m = (unsigned __int128)a * b;
	uint64_t h = (uint64_t)m ^ (uint64_t)(m >> 64) ^ lo ^ (uint64_t)n;
	h ^= h >> 37;
	h *= 0x165667919e3779f9ull;
	return h ^ (h >> 32);
}

/* Little-endian loads of 8 and 4 bytes. */
static inline uint64_t wn_le64(const unsigned char *b)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t v;
	memcpy(&v, b, 8);
	return v;
#else
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | b[i];
	return v;
#endif
}

static inline uint64_t wn_le32(const unsigned char *b)
{
	return (uint64_t)b[0] | (uint64_t)b[1] << 8 | (uint64_t)b[2] << 16 | (uint64_t)b[3] << 24;
}

static inline uint64_t wn_hash_word(const void *p, size_t n, uint64_t seed)
{
	/* lo, hi: bytes 0-7 and 8-15 zero-padded, read with two overlapping
	 * loads at most (no copy, no loop). */
	const unsigned char *b = p;
	uint64_t lo = 0, hi = 0;

	if (n > 16)
		return wn_hash64(p, n, seed);
	if (n >= 8) {
		lo = wn_le64(b);
		if (n > 8)
			hi = wn_le64(b + n - 8) >> (8 * (16 - n));
	} else if (n >= 4) {
		lo = wn_le32(b) | wn_le32(b + n - 4) << (8 * (n - 4));
	} else if (n > 0) {
		lo = (uint64_t)b[0] | (uint64_t)b[n / 2] << (8 * (n / 2)) | (uint64_t)b[n - 1] << (8 * (n - 1));
	}
	return wn_hash16(lo, hi, n, seed);
}

#endif
