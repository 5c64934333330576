#include <math.h>
#include <string.h>

#include "core/error.h"
#include "filters/embed.h"
#include "filters/topics.h"
#include "tests/unit/test.h"

static void add(struct topics_corpus *c, const char *text, const char *label)
{
	int l = topics_corpus_label(c, label, strlen(label));
	CHECK(l >= 0);
	CHECK_INT(topics_corpus_add(c, text, strlen(text), 1u << l), WN_OK);
}

TEST(topics_train_and_score)
{
	struct topics_corpus c;
	struct topics_train_opts o = {.dim = 8, .epochs = 20, .lr = 0.5, .seed = 3,
				      .max_bytes = 1 << 24};
	struct wn_buf a = WN_BUF_INIT(1 << 24), b = WN_BUF_INIT(1 << 24);
	struct topics_model m;
	const char *err;

	topics_corpus_init(&c, 4096, TOPICS_F_BIGRAMS);
	for (int i = 0; i < 20; i++) {
		add(&c, "the striker scored a goal in the final match of the cup", "sport");
		add(&c, "shares fell as the central bank raised interest rates", "economy");
		add(&c, "Über die Börse: shares and profits, the market rallied", "economy");
	}
	CHECK_INT(c.nlabels, 2);
	CHECK_INT(topics_train(&c, &o, &a, &err), WN_OK);
	CHECK_INT(topics_train(&c, &o, &b, &err), WN_OK);
	CHECK(a.len > 0 && a.len == b.len && !memcmp(a.data, b.data, a.len));
	REQUIRE(topics_model_open(&m, a.data, a.len) == WN_OK);
	/* Labels come out sorted by name. */
	CHECK(!strcmp(m.labels[0], "economy"));
	CHECK(!strcmp(m.labels[1], "sport"));
	struct topics_scorer s = {.m = &m};
	static const char t1[] = "a late goal won the match";
	topics_score(&s, t1, strlen(t1));
	CHECK(s.score[1] > 0.5f && s.score[0] < 0.5f);
	static const char t2[] = "the bank said shares and rates";
	topics_score(&s, t2, strlen(t2));
	CHECK(s.score[0] > 0.5f && s.score[1] < 0.5f);
	/* Empty and unknown texts: scores still probabilities. */
	topics_score(&s, "", 0);
	CHECK(s.score[0] >= 0 && s.score[0] <= 1);
	topics_score(&s, "zzzz qqqq", 9);
	CHECK(s.score[1] >= 0 && s.score[1] <= 1);
	/* Damaged or truncated models are refused. */
	CHECK_INT(topics_model_open(&m, a.data, a.len / 2), WN_ECORRUPT);
	a.data[1] ^= 1;
	CHECK_INT(topics_model_open(&m, a.data, a.len), WN_ECORRUPT);
	/* No examples: an error, not a model. */
	struct topics_corpus empty;
	topics_corpus_init(&empty, 4096, 0);
	wn_buf_reset(&b);
	CHECK_INT(topics_train(&empty, &o, &b, &err), WN_EINVAL);
	topics_corpus_release(&empty);
	topics_corpus_release(&c);
	wn_buf_release(&a);
	wn_buf_release(&b);
}

TEST(topics_builtin_model)
{
	size_t n;
	const char *p = wn_embed_topics(&n);
	struct topics_model m;

	REQUIRE(p != NULL);
	REQUIRE(topics_model_open(&m, p, n) == WN_OK);
	CHECK_INT(m.nlabels, 17);
	struct topics_scorer s = {.m = &m};
	static const char t[] = "The striker scored twice as United beat Chelsea in the league.";
	topics_score(&s, t, strlen(t));
	int best = 0;
	for (int l = 1; l < m.nlabels; l++)
		if (s.score[l] > s.score[best])
			best = l;
	CHECK(!strcmp(m.labels[best], "sport"));
}

/* --prior-shrink: 1 gives every label the same bias (the mean), 0.5 halves
 * each label's distance to it; the rest of the model is the same. */
TEST(topics_prior_shrink)
{
	struct topics_corpus c;
	struct topics_train_opts o = {.dim = 8, .epochs = 5, .lr = 0.5, .seed = 3,
				      .max_bytes = 1 << 24};
	struct wn_buf a = WN_BUF_INIT(1 << 24), b = WN_BUF_INIT(1 << 24), h = WN_BUF_INIT(1 << 24);
	struct topics_model ma, mb, mh;
	const char *err;

	topics_corpus_init(&c, 4096, TOPICS_F_BIGRAMS);
	for (int i = 0; i < 30; i++) {
		add(&c, "the striker scored a goal in the final match of the cup", "sport");
		if (i % 5 == 0)
			add(&c, "shares fell as the central bank raised interest rates", "economy");
	}
	CHECK_INT(topics_train(&c, &o, &a, &err), WN_OK);
	o.prior_shrink = 1;
	CHECK_INT(topics_train(&c, &o, &b, &err), WN_OK);
	o.prior_shrink = 0.5;
	CHECK_INT(topics_train(&c, &o, &h, &err), WN_OK);
	REQUIRE(topics_model_open(&ma, a.data, a.len) == WN_OK);
	REQUIRE(topics_model_open(&mb, b.data, b.len) == WN_OK);
	REQUIRE(topics_model_open(&mh, h.data, h.len) == WN_OK);
	float mean = (ma.bias[0] + ma.bias[1]) / 2;
	CHECK(ma.bias[0] != ma.bias[1]);
	CHECK(fabsf(mb.bias[0] - mean) < 1e-5f && fabsf(mb.bias[1] - mean) < 1e-5f);
	CHECK(fabsf(mh.bias[0] - (ma.bias[0] + mean) / 2) < 1e-5f);
	CHECK(!memcmp(ma.out, mb.out, sizeof(float) * 2 * 8));
	topics_corpus_release(&c);
	wn_buf_release(&a);
	wn_buf_release(&b);
	wn_buf_release(&h);
}

/* --primary-rounds: texts that read as sport but carry sport and economy
 * give their weight mostly to sport, so economy scores lower on a sport
 * text than when both labels count fully; still reproducible. */
TEST(topics_primary_rounds)
{
	struct topics_corpus c;
	struct topics_train_opts o = {.dim = 8, .epochs = 10, .lr = 0.5, .seed = 3,
				      .max_bytes = 1 << 24};
	struct wn_buf a = WN_BUF_INIT(1 << 24), b = WN_BUF_INIT(1 << 24), b2 = WN_BUF_INIT(1 << 24);
	struct topics_model ma, mb;
	const char *err;

	topics_corpus_init(&c, 4096, TOPICS_F_BIGRAMS);
	int ls = topics_corpus_label(&c, "sport", 5), le = topics_corpus_label(&c, "economy", 7);
	REQUIRE(ls >= 0 && le >= 0);
	for (int i = 0; i < 20; i++) {
		add(&c, "the striker scored a goal in the final match of the cup", "sport");
		add(&c, "shares fell as the central bank raised interest rates", "economy");
		static const char both[] = "the striker scored a late goal in the match";
		CHECK_INT(topics_corpus_add(&c, both, strlen(both), 1u << ls | 1u << le), WN_OK);
	}
	CHECK_INT(topics_train(&c, &o, &a, &err), WN_OK);
	o.primary_rounds = 2;
	o.primary_folds = 4;
	CHECK_INT(topics_train(&c, &o, &b, &err), WN_OK);
	CHECK_INT(topics_train(&c, &o, &b2, &err), WN_OK);
	CHECK(b.len == b2.len && !memcmp(b.data, b2.data, b.len));
	REQUIRE(topics_model_open(&ma, a.data, a.len) == WN_OK);
	REQUIRE(topics_model_open(&mb, b.data, b.len) == WN_OK);
	/* Labels sorted: economy 0, sport 1. */
	struct topics_scorer sa = {.m = &ma}, sb = {.m = &mb};
	static const char t[] = "a late goal in the match";
	topics_score(&sa, t, strlen(t));
	topics_score(&sb, t, strlen(t));
	CHECK(sb.score[1] > 0.5f && sb.score[1] > sb.score[0]);
	CHECK(sb.score[0] < sa.score[0] - 0.1f);
	static const char u[] = "the bank raised rates";
	topics_score(&sb, u, strlen(u));
	CHECK(sb.score[0] > 0.5f && sb.score[0] > sb.score[1]);
	topics_corpus_release(&c);
	wn_buf_release(&a);
	wn_buf_release(&b);
	wn_buf_release(&b2);
}
