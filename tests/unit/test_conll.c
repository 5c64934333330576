#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/error.h"
#include "filters/conll.h"
#include "tests/unit/test.h"

/* Tags from a space-separated string such as "I-PER O B-LOC". */
static size_t tags_of(struct conll_corpus *c, const char *s, struct conll_tag *out)
{
	size_t n = 0;
	while (*s) {
		const char *e = strchr(s, ' ');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		if (conll_parse_tag(c, s, len, &out[n]) == WN_OK)
			n++;
		s += len;
		while (*s == ' ')
			s++;
	}
	return n;
}

TEST(conll_spans_iob1)
{
	struct conll_corpus c;
	struct conll_tag t[16];
	struct conll_span sp[16];
	size_t n;

	conll_corpus_init(&c);
	/* IOB1: B only between two adjacent entities of one type. */
	n = tags_of(&c, "I-PER I-PER B-PER O I-LOC I-ORG I-ORG", t);
	REQUIRE(n == 7);
	CHECK_INT(conll_spans(t, n, sp, 16), 4);
	CHECK_INT(sp[0].start, 0);
	CHECK_INT(sp[0].end, 2);
	CHECK_INT(sp[1].start, 2);
	CHECK_INT(sp[1].end, 3);
	CHECK_INT(sp[2].start, 4);
	CHECK_INT(sp[2].end, 5);
	CHECK_INT(sp[3].start, 5);
	CHECK_INT(sp[3].end, 7);
	CHECK(!strcmp(c.types[sp[3].type], "ORG"));
	/* BILOU and bare types. */
	n = tags_of(&c, "U-PER B-LOC L-LOC PER PER O", t);
	CHECK_INT(conll_spans(t, n, sp, 16), 3);
	CHECK_INT(sp[1].start, 1);
	CHECK_INT(sp[1].end, 3);
	CHECK_INT(sp[2].start, 3);
	CHECK_INT(sp[2].end, 5);
	conll_corpus_release(&c);
}

TEST(conll_score_counts)
{
	struct conll_corpus c;
	struct conll_tag g[16], p[16];
	struct conll_score s;
	double pr, rc, f1;

	conll_corpus_init(&c);
	/* John Smith visited New York City . */
	size_t n = tags_of(&c, "I-PER I-PER O I-LOC I-LOC I-LOC O", g);
	/* PER right (BIO spelling), LOC one token short, a spurious ORG. */
	size_t m = tags_of(&c, "B-PER I-PER O B-LOC I-LOC O B-ORG", p);
	REQUIRE(n == 7 && m == 7);
	conll_score_init(&s, c.ntypes);
	conll_score_add(&s, g, p, n);
	CHECK_INT(s.gold[c.ntypes], 2);
	CHECK_INT(s.pred[c.ntypes], 3);
	CHECK_INT(s.correct[c.ntypes], 1);
	CHECK_INT(s.correct[conll_type_index(&c, "PER")], 1);
	CHECK_INT(s.correct[conll_type_index(&c, "LOC")], 0);
	CHECK_INT(s.tokens, 7);
	CHECK_INT(s.tokens_correct, 5);
	conll_score_prf(&s, c.ntypes, &pr, &rc, &f1);
	CHECK(pr > 33.33 && pr < 33.34);
	CHECK(rc == 50.0);
	CHECK(f1 > 39.99 && f1 < 40.01);
	/* A chunk that ends at the same token but starts elsewhere is wrong;
	 * a type change inside I- tags splits chunks. */
	n = tags_of(&c, "I-ORG I-ORG I-ORG", g);
	m = tags_of(&c, "I-PER I-ORG I-ORG", p);
	conll_score_init(&s, c.ntypes);
	conll_score_add(&s, g, p, n);
	CHECK_INT(s.gold[c.ntypes], 1);
	CHECK_INT(s.pred[c.ntypes], 2);
	CHECK_INT(s.correct[c.ntypes], 0);
	conll_corpus_release(&c);
}

TEST(conll_read_file)
{
	static const char text[] =
		"-DOCSTART- -X- O O\n\n"
		"EU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\n\n"
		"Peter NNP I-NP I-PER\nBlackburn NNP I-NP I-PER\n\n"
		"-DOCSTART- -X- O O\n\nBRUSSELS NNP I-NP I-LOC\n";
	char path[] = "/tmp/winnow-conll-XXXXXX";
	int fd = mkstemp(path);
	struct conll_corpus c;

	REQUIRE(fd >= 0);
	REQUIRE(write(fd, text, sizeof(text) - 1) == (ssize_t)(sizeof(text) - 1));
	lseek(fd, 0, SEEK_SET);
	conll_corpus_init(&c);
	CHECK_INT(conll_read_fd(&c, fd), WN_OK);
	close(fd);
	unlink(path);
	CHECK_INT(c.ntok, 6);
	CHECK_INT(c.nsent, 3);
	CHECK_INT(c.ndoc, 2);
	CHECK_INT(c.ntypes, 4);
	CHECK(!strcmp(conll_word(&c, 3), "Peter"));
	CHECK_INT(conll_sents(&c)[2], 5);
	CHECK_INT(conll_tags(&c)[5].type, conll_type_index(&c, "LOC"));
	conll_corpus_release(&c);

	/* A line without a tag is an error with its line number. */
	char path2[] = "/tmp/winnow-conll-XXXXXX";
	fd = mkstemp(path2);
	REQUIRE(fd >= 0);
	REQUIRE(write(fd, "word\n", 5) == 5);
	lseek(fd, 0, SEEK_SET);
	conll_corpus_init(&c);
	CHECK_INT(conll_read_fd(&c, fd), WN_ECORRUPT);
	CHECK(strstr(c.err, "line 1") != NULL);
	close(fd);
	unlink(path2);
	conll_corpus_release(&c);
}
