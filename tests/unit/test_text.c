#include "core/error.h"
#include "core/text.h"
#include "core/utf8.h"
#include "tests/unit/test.h"

static void tokens(const char *s, unsigned flags, char *out, size_t cap)
{
	struct wn_tokenizer t;
	struct wn_token tok;
	size_t o = 0;
	wn_tok_init(&t, s, strlen(s), flags);
	out[0] = 0;
	while (wn_tok_next(&t, &tok) && o + (tok.end - tok.start) + 2 < cap) {
		if (o)
			out[o++] = '|';
		memcpy(out + o, s + tok.start, tok.end - tok.start);
		o += tok.end - tok.start;
		out[o] = 0;
	}
}

TEST(text_tokenizer)
{
	char out[512];
	tokens("The U.S. said: pro-Western don't, 1,000.5 (ok) Café—naïve", WN_TOK_PUNCTUATION,
	       out, sizeof(out));
	CHECK(strcmp(out, "The|U.S.|said|:|pro-Western|don't|,|1,000.5|(|ok|)|Café|—|naïve") == 0);
	if (strcmp(out, "The|U.S.|said|:|pro-Western|don't|,|1,000.5|(|ok|)|Café|—|naïve"))
		fprintf(stderr, "  got %s\n", out);
	tokens("  a-  -b ' x , 2,b 東京 タワー", 0, out, sizeof(out));
	CHECK(strcmp(out, "a|b|x|2|b|東京|タワー") == 0);
}

TEST(text_normalize_folds_case_and_punct)
{
	struct wn_buf a = WN_BUF_INIT(1024), b = WN_BUF_INIT(1024);
	REQUIRE(wn_text_normalize(&a, "Hello,  WORLD!\n ÉTÉ Straße ΣΊΣΥΦΟΣ", 41) == WN_OK);
	REQUIRE(wn_text_normalize(&b, "hello world été straße σίσυφοσ", 37) == WN_OK);
	CHECK_MEM(a.data, a.len, b.data);
	wn_buf_release(&a);
	wn_buf_release(&b);
}

TEST(utf8_validation)
{
	CHECK(wn_utf8_valid("abc\xc3\xa9", 5));
	CHECK(!wn_utf8_valid("\xc0\xaf", 2));         /* overlong */
	CHECK(!wn_utf8_valid("\xed\xa0\x80", 3));     /* surrogate */
	CHECK(!wn_utf8_valid("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	CHECK(!wn_utf8_valid("\xe2\x82", 2));         /* truncated */
	struct wn_buf b = WN_BUF_INIT(100);
	size_t bad = 0;
	REQUIRE(wn_utf8_repair(&b, "a\xe2\x82z\x80", 5, &bad) == WN_OK);
	CHECK_MEM(b.data, b.len, "a\xef\xbf\xbdz\xef\xbf\xbd");
	CHECK_INT(bad, 2);
	wn_buf_release(&b);
}

TEST(buf_cap_never_truncates)
{
	struct wn_buf b = WN_BUF_INIT(8);
	CHECK_INT(wn_buf_add(&b, "12345678", 8), WN_OK);
	CHECK_INT(wn_buf_add(&b, "9", 1), WN_ERECBIG);
	CHECK_MEM(b.data, b.len, "12345678");
	wn_buf_release(&b);
	wn_buf_release(NULL);
}

TEST(buf_addu_writes_what_printf_writes)
{
	static const unsigned long long v[] = {0, 7, 10, 99, 12345, 4294967296ull, ~0ull};
	struct wn_buf b = WN_BUF_INIT(1 << 10);
	char want[512];
	size_t k = 0;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		CHECK_INT(wn_buf_addu(&b, v[i]), WN_OK);
		CHECK_INT(wn_buf_addc(&b, ','), WN_OK);
		k += (size_t)snprintf(want + k, sizeof(want) - k, "%llu,", v[i]);
	}
	CHECK_MEM(b.data, b.len, want);
	struct wn_buf small = WN_BUF_INIT(3);
	CHECK_INT(wn_buf_addu(&small, 1234), WN_ERECBIG);
	CHECK_INT((int)small.len, 0);
	wn_buf_release(&small);
	wn_buf_release(&b);
}
