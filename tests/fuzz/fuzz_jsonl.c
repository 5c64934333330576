/* libFuzzer target: the JSONL record parser and writer. Every parsed record
 * must write back as a line that parses again to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wn_record r, r2;
	struct wn_buf out = WN_BUF_INIT((size_t)1 << 24);

	wn_record_init(&r, (size_t)1 << 20);
	wn_record_init(&r2, (size_t)1 << 24);
	if (wn_record_parse(&r, (const char *)data, size, 1) == WN_OK) {
		if (size & 1)
			wn_record_set_text(&r, r.text.data, r.text.len);
		if (wn_record_write(&r, WN_FMT_JSONL, &out) == WN_OK) {
			if (wn_record_parse(&r2, out.data, out.len - 1, 1) != WN_OK)
				abort();
			if (r2.text.len != r.text.len || memcmp(r2.text.data, r.text.data, r.text.len))
				abort();
		}
	}
	wn_buf_release(&out);
	wn_record_release(&r);
	wn_record_release(&r2);
	return 0;
}
