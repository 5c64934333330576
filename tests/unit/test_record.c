#include <stdlib.h>

#include "core/error.h"
#include "core/json.h"
#include "core/record.h"
#include "tests/unit/test.h"

#define MAXREC ((size_t)1 << 28)

/* Parses line and writes it back; returns the parse code. */
static int roundtrip(const char *line, struct wn_buf *out, struct wn_record *r)
{
	int rc = wn_record_parse(r, line, strlen(line), 1);
	wn_buf_reset(out);
	if (rc == WN_OK)
		wn_record_write(r, WN_FMT_JSONL, out);
	return rc;
}

TEST(record_every_escape)
{
	struct wn_record r;
	wn_record_init(&r, MAXREC);
	const char *l = "{\"id\":\"a\",\"text\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u20AC\"}";
	REQUIRE(wn_record_parse(&r, l, strlen(l), 1) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "q\" b\\ s/ \b\f\n\r\t \xc3\xa9 \xe2\x82\xac");
	CHECK_MEM(r.id.data, r.id.len, "a");
	wn_record_release(&r);
}

TEST(record_surrogates)
{
	struct wn_record r;
	wn_record_init(&r, MAXREC);
	const char *pair = "{\"id\":1,\"text\":\"\\ud83d\\ude00\"}";
	REQUIRE(wn_record_parse(&r, pair, strlen(pair), 1) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "\xf0\x9f\x98\x80");
	CHECK_INT(r.bad_utf8, 0);
	const char *lone = "{\"id\":1,\"text\":\"a\\ud83d b \\ude00\"}";
	REQUIRE(wn_record_parse(&r, lone, strlen(lone), 1) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "a\xef\xbf\xbd b \xef\xbf\xbd");
	CHECK_INT(r.bad_utf8, 2);
	wn_record_release(&r);
}

TEST(record_invalid_utf8_repaired)
{
	struct wn_record r;
	struct wn_buf out = WN_BUF_INIT(MAXREC);
	wn_record_init(&r, MAXREC);
	REQUIRE(roundtrip("{\"id\":\"x\",\"text\":\"a\xff b\xc3\",\"k\":\"\xe2\x82\"}", &out, &r) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "a\xef\xbf\xbd b\xef\xbf\xbd");
	CHECK_INT(r.bad_utf8, 3);
	CHECK_MEM(out.data, out.len,
		  "{\"id\":\"x\",\"text\":\"a\xef\xbf\xbd b\xef\xbf\xbd\",\"k\":\"\xef\xbf\xbd\"}\n");
	wn_buf_release(&out);
	wn_record_release(&r);
}

TEST(record_nul_in_string)
{
	struct wn_record r;
	struct wn_buf out = WN_BUF_INIT(MAXREC);
	wn_record_init(&r, MAXREC);
	const char *l = "{\"id\":\"n\",\"text\":\"a\\u0000b\"}";
	REQUIRE(wn_record_parse(&r, l, strlen(l), 1) == WN_OK);
	CHECK_INT(r.text.len, 3);
	CHECK(r.text.data[1] == '\0');
	/* Re-encoding keeps the NUL escaped. */
	REQUIRE(wn_record_set_text(&r, r.text.data, r.text.len) == WN_OK);
	REQUIRE(wn_record_write(&r, WN_FMT_JSONL, &out) == WN_OK);
	CHECK_MEM(out.data, out.len, "{\"id\":\"n\",\"text\":\"a\\u0000b\"}\n");
	/* A raw NUL byte or tab inside a string is escaped, and counted. */
	const char raw[] = "{\"id\":\"n\",\"text\":\"a\0b\tc\"}";
	REQUIRE(wn_record_parse(&r, raw, sizeof(raw) - 1, 1) == WN_OK);
	CHECK_INT(r.ctrl_fixed, 2);
	CHECK_INT(r.text.len, 5);
	wn_buf_reset(&out);
	REQUIRE(wn_record_write(&r, WN_FMT_JSONL, &out) == WN_OK);
	CHECK_MEM(out.data, out.len, "{\"id\":\"n\",\"text\":\"a\\u0000b\\u0009c\"}\n");
	wn_buf_release(&out);
	wn_record_release(&r);
}

TEST(record_passthrough_byte_for_byte)
{
	struct wn_record r;
	struct wn_buf out = WN_BUF_INIT(MAXREC);
	wn_record_init(&r, MAXREC);
	const char *l = "{ \"meta\" : {\"a\":[1,2.5e-3,true,null,\"x\"]}, \"text\":\"t\", \"id\":7 }";
	REQUIRE(roundtrip(l, &out, &r) == WN_OK);
	CHECK_MEM(r.id.data, r.id.len, "7");
	/* Unchanged: the very same bytes. */
	CHECK(out.len == strlen(l) + 1 && memcmp(out.data, l, strlen(l)) == 0);
	/* Changed: members in input order, values untouched, new field appended. */
	REQUIRE(wn_record_set_text(&r, "new", 3) == WN_OK);
	REQUIRE(wn_record_set_raw(&r, "n", "[1]", 3) == WN_OK);
	wn_buf_reset(&out);
	REQUIRE(wn_record_write(&r, WN_FMT_JSONL, &out) == WN_OK);
	CHECK_MEM(out.data, out.len,
		  "{\"meta\":{\"a\":[1,2.5e-3,true,null,\"x\"]},\"text\":\"new\",\"id\":7,\"n\":[1]}\n");
	/* Replacing a field keeps its place. */
	REQUIRE(wn_record_set_raw(&r, "meta", "0", 1) == WN_OK);
	wn_buf_reset(&out);
	REQUIRE(wn_record_write(&r, WN_FMT_JSONL, &out) == WN_OK);
	CHECK_MEM(out.data, out.len, "{\"meta\":0,\"text\":\"new\",\"id\":7,\"n\":[1]}\n");
	wn_buf_release(&out);
	wn_record_release(&r);
}

TEST(record_duplicate_keys_last_wins)
{
	struct wn_record r;
	struct wn_buf out = WN_BUF_INIT(MAXREC);
	wn_record_init(&r, MAXREC);
	REQUIRE(roundtrip("{\"text\":\"a\",\"id\":\"1\",\"text\":\"b\",\"x\":1,\"x\":2}", &out, &r) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "b");
	CHECK_MEM(out.data, out.len, "{\"id\":\"1\",\"text\":\"b\",\"x\":2}\n");
	/* An escaped key is the same key. */
	REQUIRE(roundtrip("{\"id\":\"1\",\"te\\u0078t\":\"c\"}", &out, &r) == WN_OK);
	CHECK_MEM(r.text.data, r.text.len, "c");
	wn_buf_release(&out);
	wn_record_release(&r);
}

TEST(record_invalid_json)
{
	static const char *bad[] = {
		"{", "}", "[1]", "\"s\"", "{\"text\":}", "{\"text\":\"a\",}", "{\"text\":\"a\" \"b\"}",
		"{\"text\":\"a\\x\"}", "{\"text\":\"\\u12\"}", "{\"text\":01}", "{\"text\":\"a\"} x",
		"{\"text\":tru}", "{\"text\":\"a\",\"n\":-}", "{\"text\":\"a\",\"n\":1.}",
		"{\"text\":\"a\",\"o\":{\"k\" 1}}", "{'text':'a'}", "{\"text\":\"a\",\"a\":[1,]}",
	};
	struct wn_record r;
	wn_record_init(&r, MAXREC);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = wn_record_parse(&r, bad[i], strlen(bad[i]), 1);
		if (rc != WN_ERECJSON)
			fprintf(stderr, "  accepted: %s\n", bad[i]);
		CHECK_INT(rc, WN_ERECJSON);
	}
	CHECK_INT(wn_record_parse(&r, "{\"id\":1}", 8, 1), WN_ERECFIELD);
	CHECK_INT(wn_record_parse(&r, "{\"text\":5}", 10, 1), WN_ERECFIELD);
	CHECK_INT(wn_record_parse(&r, "  \t", 3, 1), WN_EOF);
	wn_record_release(&r);
}

TEST(record_deep_nesting)
{
	struct wn_record r;
	size_t depth = 100000;
	char *l = malloc(depth * 2 + 64);
	size_t n = 0;
	REQUIRE(l);
	n += (size_t)sprintf(l, "{\"text\":\"a\",\"d\":");
	for (size_t i = 0; i < depth; i++)
		l[n++] = '[';
	for (size_t i = 0; i < depth; i++)
		l[n++] = ']';
	l[n++] = '}';
	wn_record_init(&r, MAXREC);
	CHECK_INT(wn_record_parse(&r, l, n, 1), WN_ERECJSON);
	free(l);
	wn_record_release(&r);
}

TEST(record_crlf_and_text_formats)
{
	struct wn_record r;
	struct wn_buf out = WN_BUF_INIT(MAXREC);
	wn_record_init(&r, MAXREC);
	const char *l = "{\"id\":\"c\",\"text\":\"x\"}\r";
	REQUIRE(wn_record_parse(&r, l, strlen(l), 3) == WN_OK);
	REQUIRE(wn_record_write(&r, WN_FMT_JSONL, &out) == WN_OK);
	CHECK_MEM(out.data, out.len, "{\"id\":\"c\",\"text\":\"x\"}\n");
	REQUIRE(wn_record_from_text(&r, "one\ntwo \"q\"", 11, 42) == WN_OK);
	wn_buf_reset(&out);
	REQUIRE(wn_record_write(&r, WN_FMT_JSONL, &out) == WN_OK);
	CHECK_MEM(out.data, out.len, "{\"id\":\"42\",\"text\":\"one\\ntwo \\\"q\\\"\"}\n");
	wn_buf_reset(&out);
	REQUIRE(wn_record_write(&r, WN_FMT_LINES, &out) == WN_OK);
	CHECK_MEM(out.data, out.len, "one two \"q\"\n");
	wn_buf_reset(&out);
	REQUIRE(wn_record_write(&r, WN_FMT_NUL, &out) == WN_OK);
	CHECK(out.len == 12 && out.data[11] == '\0' && out.data[3] == '\n');
	wn_buf_release(&out);
	wn_record_release(&r);
}

TEST(json_add_string_escapes_controls)
{
	struct wn_buf out = WN_BUF_INIT(1024);
	REQUIRE(wn_json_add_string(&out, "a\x01\x1f\"\\\x7f", 6) == WN_OK);
	CHECK_MEM(out.data, out.len, "\"a\\u0001\\u001f\\\"\\\\\x7f\"");
	wn_buf_release(&out);
}
