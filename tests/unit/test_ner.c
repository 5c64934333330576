#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "core/utf8.h"
#include "filters/conll.h"
#include "filters/embed.h"
#include "filters/gazetteer.h"
#include "filters/ner.h"
#include "tests/unit/test.h"

static const char small_corpus[] =
	"-DOCSTART- -X- O O\n\n"
	"Peter I-PER\nBlackburn I-PER\nvisited O\nParis I-LOC\n. O\n\n"
	"The O\nUnited I-ORG\nNations I-ORG\nmet O\nin O\nGeneva I-LOC\n. O\n\n"
	"Angela I-PER\nMerkel I-PER\nleft O\nBerlin I-LOC\nfor O\nGerman I-MISC\ntalks O\n. O\n\n"
	"-DOCSTART- -X- O O\n\n"
	"Reuters I-ORG\nsaid O\nJohn I-PER\nSmith I-PER\nflew O\nto O\nLondon I-LOC\n. O\n";

static int corpus_from(struct conll_corpus *c, const char *text)
{
	char path[] = "/tmp/winnow-ner-XXXXXX";
	int fd = mkstemp(path), rc;

	if (fd < 0)
		return -1;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
		close(fd);
		return -1;
	}
	lseek(fd, 0, SEEK_SET);
	conll_corpus_init(c);
	rc = conll_read_fd(c, fd);
	close(fd);
	unlink(path);
	return rc;
}

TEST(ner_train_reproducible)
{
	struct conll_corpus c;
	struct ner_train_opts o = {.epochs = 5, .seed = 7, .scheme = NER_BILOU, .prune = 0,
				   .max_bytes = 1 << 24};
	struct wn_buf a = WN_BUF_INIT(1 << 24), b = WN_BUF_INIT(1 << 24);
	const char *err;
	struct ner_model m;

	REQUIRE(corpus_from(&c, small_corpus) == WN_OK);
	CHECK_INT(ner_train(&c, &o, &a, &err), WN_OK);
	CHECK_INT(ner_train(&c, &o, &b, &err), WN_OK);
	CHECK(a.len > 256 && a.len == b.len && !memcmp(a.data, b.data, a.len));
	/* Another seed shuffles differently; the model must still be usable. */
	REQUIRE(ner_model_open(&m, a.data, a.len) == WN_OK);
	CHECK_INT(m.ntypes, 4);
	/* It learnt its training sentence. */
	struct ner_tagger t;
	ner_tagger_init(&t, &m);
	static const char txt[] = "Peter Blackburn visited Paris.";
	CHECK_INT(ner_tag_text(&t, txt, strlen(txt), NULL), WN_OK);
	const struct ner_ent *e = (const struct ner_ent *)(const void *)t.ents.data;
	REQUIRE(t.nents == 2);
	CHECK_INT(e[0].start, 0);
	CHECK_INT(e[0].end, 15);
	CHECK(!strcmp(e[0].type, "PER"));
	CHECK_INT(e[1].start, 24);
	CHECK_INT(e[1].end, 29);
	CHECK(!strcmp(e[1].type, "LOC"));
	ner_tagger_release(&t);
	/* A damaged model is refused. */
	a.data[0] ^= 1;
	CHECK_INT(ner_model_open(&m, a.data, a.len), WN_ECORRUPT);
	wn_buf_release(&a);
	wn_buf_release(&b);
	conll_corpus_release(&c);
}

TEST(ner_builtin_offsets_utf8)
{
	size_t n;
	const char *p = wn_embed_ner(&n);
	struct ner_model m;
	struct ner_tagger t;
	static const char txt[] =
		"Zürich-based Nestlé said on Monday that Sergey Lavrov met José Müller in "
		"São Paulo.\n\nThe U.N. Security Council «condemned» it. Ünal Öztürk's team won.";

	REQUIRE(p != NULL);
	REQUIRE(ner_model_open(&m, p, n) == WN_OK);
	ner_tagger_init(&t, &m);
	CHECK_INT(ner_tag_text(&t, txt, strlen(txt), NULL), WN_OK);
	CHECK(t.nents >= 3);
	const struct ner_ent *e = (const struct ner_ent *)(const void *)t.ents.data;
	size_t prev = 0;
	for (size_t i = 0; i < t.nents; i++) {
		CHECK(e[i].start >= prev && e[i].end > e[i].start && e[i].end <= strlen(txt));
		CHECK(!wn_utf8_is_cont((unsigned char)txt[e[i].start]));
		CHECK(e[i].end == strlen(txt) || !wn_utf8_is_cont((unsigned char)txt[e[i].end]));
		prev = e[i].end;
	}
	/* Empty text: no entity, no error. */
	CHECK_INT(ner_tag_text(&t, "", 0, NULL), WN_OK);
	CHECK_INT(t.nents, 0);
	ner_tagger_release(&t);
}

TEST(ner_inline_round_trip)
{
	static const char txt[] = "Lavrov \xe2\x9f\xa6met\xe2\x9f\xa7 Assad \xe2\x9f\xa7\xe2\x9f\xa6 in Astana";
	struct ner_ent e[] = {{0, 6, "PER"}, {17, 22, "PER"}, {33, 39, "LOC"}};
	struct wn_buf a = WN_BUF_INIT(1 << 20), b = WN_BUF_INIT(1 << 20);

	CHECK_INT(ner_inline_write(&a, txt, strlen(txt), e, 3), WN_OK);
	CHECK(strstr(a.data, "\xe2\x9f\xa6PER Lavrov\xe2\x9f\xa7") == a.data);
	CHECK(strstr(a.data, "\xe2\x9f\xa6LOC Astana\xe2\x9f\xa7") != NULL);
	CHECK_INT(ner_inline_strip(&b, a.data, a.len), WN_OK);
	CHECK_MEM(b.data, b.len, txt);
	/* Malformed markup is reported, text kept. */
	wn_buf_reset(&b);
	CHECK_INT(ner_inline_strip(&b, "a \xe2\x9f\xa7 b", 7), WN_ECORRUPT);
	CHECK_MEM(b.data, b.len, "a \xe2\x9f\xa7 b");
	wn_buf_release(&a);
	wn_buf_release(&b);
}

struct hits {
	struct gaz_hit h[8];
	int n;
};

static int take(void *ctx, const struct gaz_hit *hit)
{
	struct hits *h = ctx;
	if (h->n < 8)
		h->h[h->n++] = *hit;
	return 0;
}

TEST(gazetteer_longest_first)
{
	static const char tsv[] = "# test\nNew York\tLOC\nNew York Times\tORG\nYork\tLOC\nTimes\tMISC\n";
	struct gaz g;
	struct gaz_word w[] = {{"the", 3}, {"New", 3}, {"York", 4}, {"Times", 5}, {"York", 4}};
	uint64_t h[5];
	uint32_t marks[5];
	struct wn_buf scratch = WN_BUF_INIT(1 << 20);
	struct hits hits = {0};

	gaz_init(&g, 0);
	REQUIRE(gaz_load_tsv(&g, tsv, strlen(tsv)) == WN_OK);
	CHECK_INT(g.ntypes, 3);
	gaz_hash_words(&g, w, 5, h, &scratch);
	gaz_match_longest(&g, h, 5, take, &hits);
	REQUIRE(hits.n == 2);
	CHECK_INT(hits.h[0].start, 1);
	CHECK_INT(hits.h[0].end, 4);
	CHECK(!strcmp(g.types[hits.h[0].type], "ORG"));
	CHECK_INT(hits.h[1].start, 4);
	gaz_mark(&g, h, 5, marks);
	/* LOC (type 0) starts at 1 and covers 2; ORG (1) covers 1..3. */
	CHECK(marks[1] & 1);
	CHECK(marks[2] & 2);
	CHECK(marks[1] & 4);
	CHECK(marks[3] & 8);
	/* Looking only where a phrase may start, as far as its longest phrase
	 * (or with the lengths unknown), gives the same marks. */
	uint8_t starts[5];
	uint32_t marks2[5];
	for (int i = 0; i < 5; i++)
		starts[i] = (uint8_t)gaz_start_len(&g, h[i]);
	CHECK(!starts[0] && starts[1] == 3 && starts[2] == 1 && starts[3] == 1 && starts[4] == 1);
	gaz_mark_starts(&g, h, 5, starts, NULL, marks2);
	CHECK(!memcmp(marks, marks2, sizeof(marks)));
	memset(starts, GAZ_START_UNKNOWN, sizeof(starts));
	memset(marks2, 0xff, sizeof(marks2));
	gaz_mark_starts(&g, h, 5, starts, NULL, marks2);
	CHECK(!memcmp(marks, marks2, sizeof(marks)));
	/* Marks needed only where unread is 0: the same there. "York" (4) is
	 * covered by nothing else, so with only it read, only it is marked. */
	static const uint8_t unread_all[5] = {1, 1, 1, 1, 1}, only_3[5] = {1, 1, 1, 0, 1},
			     only_4[5] = {1, 1, 1, 1, 0};
	gaz_mark_starts(&g, h, 5, starts, unread_all, marks2);
	for (int i = 0; i < 5; i++)
		CHECK_INT(marks2[i], 0);
	gaz_mark_starts(&g, h, 5, starts, only_3, marks2);
	CHECK_INT(marks2[3], marks[3]);
	gaz_mark_starts(&g, h, 5, starts, only_4, marks2);
	CHECK_INT(marks2[4], marks[4]);
	CHECK_INT(marks2[1] | marks2[2] | marks2[3], 0);
	/* Exact case: "new york" does not match. */
	struct gaz_word lw[] = {{"new", 3}, {"york", 4}};
	hits.n = 0;
	gaz_hash_words(&g, lw, 2, h, &scratch);
	gaz_match_longest(&g, h, 2, take, &hits);
	CHECK_INT(hits.n, 0);
	/* A line without a type is an error. */
	struct gaz g2;
	gaz_init(&g2, 0);
	CHECK_INT(gaz_load_tsv(&g2, "Paris\n", 6), WN_ECORRUPT);
	gaz_release(&g2);
	gaz_release(&g);
	wn_buf_release(&scratch);
}

TEST(gazetteer_builtin)
{
	const struct gaz *g = gaz_builtin();
	struct gaz_word w[] = {{"GERMANY", 7}, {"and", 3}, {"New", 3}, {"Zealand", 7}};
	uint64_t h[4];
	uint32_t marks[4];
	struct wn_buf scratch = WN_BUF_INIT(1 << 20);
	int country = -1;

	REQUIRE(g != NULL);
	CHECK(g->nphrases > 1000);
	for (int t = 0; t < g->ntypes; t++)
		if (!strcmp(g->types[t], "country"))
			country = t;
	REQUIRE(country >= 0);
	gaz_hash_words(g, w, 4, h, &scratch);
	gaz_mark(g, h, 4, marks);
	CHECK(marks[0] >> (2 * country) & 1);    /* case-folded match */
	CHECK(!(marks[1] >> (2 * country) & 3));
	CHECK(marks[2] >> (2 * country) & 1);    /* New Zealand starts here */
	CHECK(marks[3] >> (2 * country + 1) & 1); /* and goes on here */
	wn_buf_release(&scratch);
}

/* A text of n tokens drawn from a seeded generator: names, lower-case
 * words (some seen inside entities in training: of, the, de), numbers,
 * punctuation, runs of capitals; vocabulary large enough that the
 * word-type cache is emptied along the way. */
static char *synthetic_text(size_t n, uint64_t seed, size_t *len)
{
	static const char *const words[] = {
		"the", "of", "and", "said", "in", "de", "Paris", "Berlin", "United", "Nations",
		"Peter", "Smith", "Reuters", "Mr.", "U.S.", ",", ".", "(", ")", "\"", "1996",
		"3-1", "GERMANY", "Zürich", "Öztürk's", "für", "von", "New", "York", "Corp",
		"'s", "--", "on", "Monday", "MARKET", "a", "Bank", "England", "J.", "was"};
	size_t cap = n * 24 + 64, k = 0;
	char *s = malloc(cap);
	uint64_t x = seed;

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		uint32_t r = (uint32_t)(x >> 33);
		char w[24];
		size_t wl;
		if (r % 5 == 0) {
			/* A new word type: capitalised or not, with a number. */
			wl = (size_t)snprintf(w, sizeof(w), "%s%u", r % 2 ? "Xq" : "zv", r % 50000);
		} else {
			const char *p = words[r % (sizeof(words) / sizeof(words[0]))];
			wl = strlen(p);
			memcpy(w, p, wl);
		}
		memcpy(s + k, w, wl);
		k += wl;
		s[k++] = r % 29 == 0 ? '\n' : ' ';
	}
	s[k] = '\0';
	*len = k;
	return s;
}

/* The tagger with its word-type cache gives the tags of the reference
 * feature extractor (every feature of every token, as in training). */
static void check_cache_matches(const struct ner_model *m, const char *txt, size_t n)
{
	struct ner_tagger fast, ref;

	ner_tagger_init(&fast, m);
	ner_tagger_init(&ref, m);
	ref.reference = 1;
	/* Twice: the second time the cache is warm. */
	for (int round = 0; round < 2; round++) {
		CHECK_INT(ner_tag_text(&fast, txt, n, NULL), WN_OK);
		CHECK_INT(ner_tag_text(&ref, txt, n, NULL), WN_OK);
		REQUIRE(fast.nents == ref.nents);
		REQUIRE(fast.tagb.len == ref.tagb.len);
		CHECK(!memcmp(fast.ents.data, ref.ents.data, fast.nents * sizeof(struct ner_ent)));
	}
	ner_tagger_release(&fast);
	ner_tagger_release(&ref);
}

TEST(ner_cache_matches_reference)
{
	size_t n, len;
	const char *p = wn_embed_ner(&n);
	struct ner_model m;

	REQUIRE(p != NULL);
	REQUIRE(ner_model_open(&m, p, n) == WN_OK);
	/* 60,000 tokens: three pieces, the cache emptied on the way. */
	char *txt = synthetic_text(60000, 42, &len);
	REQUIRE(txt != NULL);
	check_cache_matches(&m, txt, len);
	check_cache_matches(&m, txt + len - 500, 500);

	/* A BIO model (9 tags) from the small corpus. */
	struct conll_corpus c;
	struct ner_train_opts o = {.epochs = 3, .seed = 1, .scheme = NER_BIO, .max_bytes = 1 << 24};
	struct wn_buf b = WN_BUF_INIT(1 << 24);
	const char *err;
	REQUIRE(corpus_from(&c, small_corpus) == WN_OK);
	REQUIRE(ner_train(&c, &o, &b, &err) == WN_OK);
	REQUIRE(ner_model_open(&m, b.data, b.len) == WN_OK);
	CHECK_INT(m.ntags, 9);
	check_cache_matches(&m, txt, 20000);
	wn_buf_release(&b);
	conll_corpus_release(&c);
	free(txt);

	/* Every document of CoNLL-2003 testa, tag for tag, when it is there. */
	int fd = open("../shared/data/ner/conll2003/eng.testa", O_RDONLY);
	if (fd < 0)
		return;
	REQUIRE(ner_model_open(&m, p, n) == WN_OK);
	conll_corpus_init(&c);
	REQUIRE(conll_read_fd(&c, fd) == WN_OK);
	close(fd);
	struct ner_tagger fast, ref;
	struct wn_buf words = WN_BUF_INIT(1 << 26), ta = WN_BUF_INIT(1 << 26),
		      tb = WN_BUF_INIT(1 << 26);
	ner_tagger_init(&fast, &m);
	ner_tagger_init(&ref, &m);
	ref.reference = 1;
	size_t bad = 0;
	for (size_t k = 0; k < c.ndoc; k++) {
		struct ner_doc d;
		REQUIRE(ner_doc_from_corpus(&c, k, &words, &d) == WN_OK);
		wn_buf_reset(&ta);
		wn_buf_reset(&tb);
		REQUIRE(wn_buf_grow(&ta, d.n + 1) == WN_OK && wn_buf_grow(&tb, d.n + 1) == WN_OK);
		CHECK_INT(ner_tag_doc(&fast, &d, (uint8_t *)ta.data), WN_OK);
		CHECK_INT(ner_tag_doc(&ref, &d, (uint8_t *)tb.data), WN_OK);
		bad += memcmp(ta.data, tb.data, d.n) != 0;
	}
	CHECK_INT(bad, 0);
	CHECK(c.ndoc > 200);
	ner_tagger_release(&fast);
	ner_tagger_release(&ref);
	wn_buf_release(&words);
	wn_buf_release(&ta);
	wn_buf_release(&tb);
	conll_corpus_release(&c);
}
