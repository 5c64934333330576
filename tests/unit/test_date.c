#include "core/date.h"
#include "core/error.h"
#include "tests/unit/test.h"

TEST(date_parse_and_format)
{
	struct wn_buf b = WN_BUF_INIT(64);
	static const char *const in[][2] = {
		{"2019-11-19", "2019-11-19T00:00:00Z"},
		{" 2019-11-19T13:03:00Z ", "2019-11-19T13:03:00Z"},
		{"2019-11-19T13:03:00.123-05:00", "2019-11-19T18:03:00Z"},
		{"2019-11-19 13:03:00+0100", "2019-11-19T12:03:00Z"},
		{"Tue, 19 Nov 2019 13:03:00 GMT", "2019-11-19T13:03:00Z"},
		{"19 Nov 19 13:03 +0200", "2019-11-19T11:03:00Z"},
		{"Mon, 31 Dec 2018 23:30:00 -0100", "2019-01-01T00:30:00Z"},
		{"Sat, 29 Feb 2020 00:00:00 PST", "2020-02-29T08:00:00Z"},
	};
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		wn_buf_reset(&b);
		CHECK(wn_date_normalize(in[i][0], strlen(in[i][0]), &b) == 0);
		CHECK_MEM(b.data, b.len, in[i][1]);
	}
	static const char *const bad[] = {"", "yesterday", "2019-02-30", "2019-13-01",
					  "Tue, 19 Foo 2019", "2019-11-19T25:00", "2019-11-19 junk"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wn_buf_reset(&b);
		CHECK(wn_date_normalize(bad[i], strlen(bad[i]), &b) == -1);
		CHECK_INT(b.len, 0);
	}
	wn_buf_release(&b);
}
