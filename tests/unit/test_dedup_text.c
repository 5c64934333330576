/* The fused tokenize + fold + hash path of core/text.h against the plain
 * tokenizer, on texts that exercise every branch of its fast paths. */
#include <stdlib.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "tests/unit/test.h"

/* Word hashes the slow, obvious way. */
static size_t slow_hashes(const char *s, size_t n, uint64_t seed, uint64_t *out, size_t max)
{
	struct wn_tokenizer t;
	struct wn_token tok;
	struct wn_buf b = WN_BUF_INIT(1 << 20);
	size_t k = 0;

	wn_tok_init(&t, s, n, 0);
	while (k < max && wn_tok_next(&t, &tok)) {
		wn_buf_reset(&b);
		wn_text_fold(&b, s + tok.start, tok.end - tok.start);
		out[k++] = wn_hash_word(b.data, b.len, seed);
	}
	wn_buf_release(&b);
	return k;
}

static int same_hashes(const char *s, size_t n)
{
	uint64_t a[4096], b[4096];
	size_t na = 0, pos = 0, got;

	/* Small batches, to cross batch boundaries. */
	while ((got = wn_text_word_hashes(s, n, &pos, 42, a + na, 3)) && na < 4000)
		na += got;
	size_t nb = slow_hashes(s, n, 42, b, 4096);
	if (na != nb) {
		fprintf(stderr, "  %zu words fused, %zu plain in \"%.*s\"\n", na, nb,
			(int)(n > 80 ? 80 : n), s);
		return 0;
	}
	for (size_t i = 0; i < na; i++)
		if (a[i] != b[i]) {
			fprintf(stderr, "  word %zu differs in \"%.*s\"\n", i, (int)(n > 80 ? 80 : n), s);
			return 0;
		}
	return 1;
}

TEST(dedup_word_hashes_match_tokenizer)
{
	static const char *const texts[] = {
		"",
		"a",
		"Hello, WORLD! hello world",
		"The U.S. said: pro-Western don't, 1,000.5 (ok) Café—naïve",
		"abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ longword short",
		"exactlysixteen16 exactlyfifteen1 seventeen17chars! x",
		"end-", "end'", "end.", "3.", "3.5 3,5 a.b A.B. U.N. x-y x'y",
		"tab\there\nnew line\r\n  spaces   ",
		"ΣΊΣΥΦΟΣ Straße ÉTÉ 東京タワー mixedé ascii",
		"word\xe2\x80\x99s right quote, and “quotes”",
		"0123456789012345678901234567890123456789 a",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		CHECK(same_hashes(texts[i], strlen(texts[i])));

	/* Every ASCII byte between, before and after words (the fast path's
	 * tables against the tokenizer's classes). */
	for (int c = 1; c < 128; c++) {
		char t[64];
		int n = snprintf(t, sizeof(t), "ab%ccd 12%c34 %cX%c. word%c", c, c, c, c, c);
		CHECK(same_hashes(t, (size_t)n));
	}

	/* Random texts over an alphabet of the interesting bytes. */
	static const char *const atoms[] = {
		"a", "Z", "q", "7", "0", " ", "  ", "\n", "-", "'", ".", ",", "!", "é", "É", "ß",
		"東", "\xe2\x80\x99", "U.S.", "x", "Word", "LONGERWORDHERE", "(", "\"",
	};
	char buf[600];
	unsigned seed = 12345;
	for (int round = 0; round < 3000; round++) {
		size_t len = 0;
		int natoms = 1 + (int)(seed % 60);
		for (int j = 0; j < natoms; j++) {
			seed = seed * 1103515245u + 12345u;
			const char *a = atoms[(seed >> 16) % (sizeof(atoms) / sizeof(atoms[0]))];
			size_t al = strlen(a);
			if (len + al >= sizeof(buf))
				break;
			memcpy(buf + len, a, al);
			len += al;
		}
		if (!same_hashes(buf, len)) {
			CHECK(0);
			break;
		}
	}
}

/* wn_hash_word's short path as it was first written: the bytes copied
 * zero-padded, then assembled byte by byte (its values must never change). */
static uint64_t hash_word_bytewise(const void *p, size_t n, uint64_t seed)
{
	unsigned char b[16] = {0};
	uint64_t lo = 0, hi = 0;

	memcpy(b, p, n);
	for (int i = 7; i >= 0; i--) {
		lo = lo << 8 | b[i];
		hi = hi << 8 | b[i + 8];
	}
	return wn_hash16(lo, hi, n, seed);
}

TEST(dedup_word_hash_loads_equal_bytewise)
{
	unsigned char w[40];
	uint64_t x = 88172645463325252ull;

	for (int round = 0; round < 50; round++) {
		for (size_t i = 0; i < sizeof(w); i++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			w[i] = (unsigned char)x;
		}
		for (size_t off = 0; off < 8; off++)
			for (size_t n = 0; n <= 16; n++)
				CHECK(wn_hash_word(w + off, n, (uint64_t)round) ==
				      hash_word_bytewise(w + off, n, (uint64_t)round));
	}
}

TEST(dedup_word_hash_short_and_long)
{
	/* wn_hash_word is wn_hash64 past 16 bytes and differs by length and
	 * content below. */
	const char *w = "abcdefghijklmnopq";
	CHECK(wn_hash_word(w, 17, 1) == wn_hash64(w, 17, 1));
	CHECK(wn_hash_word(w, 16, 1) != wn_hash_word(w, 15, 1));
	CHECK(wn_hash_word("a\0", 2, 1) != wn_hash_word("a", 1, 1));
	CHECK(wn_hash_word("ab", 2, 1) != wn_hash_word("ab", 2, 2));
}
