/* libFuzzer target: HTML extraction in every mode, with and without a
 * charset hint (chosen by the first byte). Checks that the text is valid
 * UTF-8 and that a tight size limit is refused rather than overrun. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "filters/html.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const hints[] = {NULL, "utf-8", "windows-1252", "shift_jis",
					    "utf-16", "iso-2022-jp", "bogus"};
	static struct html_ctx *h;
	static struct html_result r;
	if (!h) {
		h = html_ctx_new(1 << 20);
		html_result_init(&r, 1 << 22);
	}
	const char *hint = size ? hints[data[0] % (sizeof(hints) / sizeof(hints[0]))] : NULL;
	for (int m = HTML_MAIN; m <= HTML_RAW; m++) {
		int rc = html_extract(h, (const char *)data, size, (enum html_mode)m, hint, &r);
		if (rc == WN_OK) {
			if (!r.text.data || !wn_utf8_valid(r.text.data, r.text.len))
				abort();
			if (r.title.len && !wn_utf8_valid(r.title.data, r.title.len))
				abort();
		} else if (rc != WN_ERECBIG) {
			abort();
		}
	}
	return 0;
}
