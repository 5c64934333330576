/* libFuzzer target: feed parsing (RSS, RDF, Atom, broken XML), each item's
 * content then through HTML extraction as unpack does. Checks item fields
 * stay within the field limit and extracted text is valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "filters/feed.h"
#include "filters/html.h"

#define MAXF 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct html_ctx *h;
static struct html_result r;

static int on_item(void *ud, const struct feed_item *it)
{
	(void)ud;
	if (it->id_len > MAXF || it->url_len > MAXF || it->title_len > MAXF ||
	    it->content_len > MAXF || it->date_len > 20)
		abort();
	if (!wn_utf8_valid(it->content, it->content_len) || !wn_utf8_valid(it->title, it->title_len))
		abort();
	if (html_extract(h, it->content, it->content_len, HTML_MAIN, "utf-8", &r) == WN_OK &&
	    !wn_utf8_valid(r.text.data, r.text.len))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed_result res;
	if (!h) {
		h = html_ctx_new(MAXF);
		html_result_init(&r, 1 << 20);
	}
	int rc = feed_parse((const char *)data, size, MAXF, on_item, NULL, &res);
	if (rc != WN_OK && rc != WN_ECORRUPT && rc != WN_EINVAL)
		abort();
	(void)feed_sniff((const char *)data, size);
	return 0;
}
