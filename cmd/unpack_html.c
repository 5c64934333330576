#include "cmd/unpack_html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "filters/feed.h"

struct unpack_html {
	enum html_mode mode;
	size_t max_record;
	struct wn_stats *st;
	struct html_ctx *h;
	struct html_result r;
	struct html_result t; /* titles of feed items */
	struct wn_buf tmp;
	/* the feed being read */
	struct unpack *u;
	const char *name;
	size_t nitem;
	int err;
};

struct unpack_html *unpack_html_new(enum html_mode mode, size_t max_record, struct wn_stats *st)
{
	struct unpack_html *uh = calloc(1, sizeof(*uh));
	if (!uh)
		return NULL;
	uh->mode = mode;
	uh->max_record = max_record;
	uh->st = st;
	uh->h = html_ctx_new(max_record);
	if (!uh->h) {
		free(uh);
		return NULL;
	}
	html_result_init(&uh->r, max_record);
	html_result_init(&uh->t, 65536);
	wn_buf_init(&uh->tmp, max_record);
	return uh;
}

void unpack_html_free(struct unpack_html *uh)
{
	if (!uh)
		return;
	html_ctx_free(uh->h);
	html_result_release(&uh->r);
	html_result_release(&uh->t);
	wn_buf_release(&uh->tmp);
	free(uh);
}

static int set_field(struct wn_record *rec, const char *key, const struct wn_buf *b)
{
	return b->len ? wn_record_set_string(rec, key, b->data, b->len) : WN_OK;
}

int unpack_html_page(void *ctx, const char *html, size_t len, const char *charset,
		     struct wn_record *rec)
{
	struct unpack_html *uh = ctx;
	int rc = html_extract(uh->h, html, len, uh->mode, charset, &uh->r);
	if (rc)
		return rc;
	uh->st->bad_utf8 += uh->r.bad_bytes;
	if (uh->mode == HTML_MAIN && !uh->r.main_found)
		wn_stats_add(uh->st, "html: no article found, all text kept", 1);
	if ((rc = wn_record_set_text(rec, uh->r.text.data, uh->r.text.len)) ||
	    (rc = set_field(rec, "title", &uh->r.title)) ||
	    (rc = set_field(rec, "date", &uh->r.date)) ||
	    (rc = set_field(rec, "lang", &uh->r.lang)))
		return rc;
	return WN_OK;
}

/* Text that is not HTML: valid UTF-8 (libxml2 hands out UTF-8) as it is. */
static int plain(struct unpack_html *uh, const char *s, size_t n, struct wn_buf *out)
{
	size_t bad = 0;
	wn_buf_reset(out);
	int rc = wn_utf8_repair(out, s, n, &bad);
	uh->st->bad_utf8 += bad;
	return rc;
}

static int on_item(void *ud, const struct feed_item *it)
{
	struct unpack_html *uh = ud;
	struct unpack *u = uh->u;
	struct wn_record *rec = &u->rec;
	int rc;

	uh->nitem++;
	wn_record_clear(rec);
	if (it->id_len) {
		rc = wn_record_set_id(rec, it->id, it->id_len);
	} else {
		wn_buf_reset(&uh->tmp);
		rc = wn_buf_addf(&uh->tmp, "%s:%zu", uh->name, uh->nitem);
		if (!rc)
			rc = wn_record_set_id(rec, uh->tmp.data, uh->tmp.len);
	}
	if (!rc && it->url_len)
		rc = wn_record_set_string(rec, "url", it->url, it->url_len);
	if (!rc && it->title_len) {
		/* Titles may carry entities or markup: the text of it, one line. */
		if (it->title_is_html && uh->mode != HTML_RAW)
			rc = html_extract(uh->h, it->title, it->title_len, HTML_TEXT, "utf-8", &uh->t);
		else
			rc = plain(uh, it->title, it->title_len, &uh->t.text);
		for (size_t i = 0; !rc && i < uh->t.text.len; i++)
			if (uh->t.text.data[i] == '\n')
				uh->t.text.data[i] = ' ';
		if (!rc && uh->t.text.len)
			rc = wn_record_set_string(rec, "title", uh->t.text.data, uh->t.text.len);
	}
	if (!rc && it->date_len)
		rc = wn_record_set_string(rec, "date", it->date, it->date_len);
	if (!rc) {
		if (it->content_is_html && uh->mode != HTML_RAW) {
			rc = html_extract(uh->h, it->content, it->content_len, uh->mode, "utf-8", &uh->r);
			if (!rc)
				rc = wn_record_set_text(rec, uh->r.text.data, uh->r.text.len);
		} else {
			rc = plain(uh, it->content, it->content_len, &uh->tmp);
			if (!rc)
				rc = wn_record_set_text(rec, uh->tmp.data ? uh->tmp.data : "", uh->tmp.len);
		}
	}
	if (rc) {
		uh->st->read++;
		wn_stats_add(uh->st, rc == WN_ENOMEM ? "skipped: out of memory"
						   : "skipped: record too large", 1);
		if (rc == WN_ENOMEM) {
			uh->err = rc;
			return 1;
		}
		return 0;
	}
	return unpack_emit_record(u);
}

int unpack_html_feed(void *ctx, struct unpack *u, const char *name, const char *xml, size_t len)
{
	struct unpack_html *uh = ctx;
	struct feed_result res;

	uh->u = u;
	uh->name = name;
	uh->nitem = 0;
	uh->err = 0;
	if (feed_sniff(xml, len) == FEED_NONE) {
		/* unpack saw "<rss" or "<feed" somewhere near the start, but the
		 * document is not one: one document, as a page or as text. */
		wn_record_clear(&u->rec);
		int rc = wn_record_set_id(&u->rec, name, strlen(name));
		if (rc)
			return rc;
		if (html_sniff(xml, len) &&
		    unpack_html_page(uh, xml, len, NULL, &u->rec) == WN_OK)
			return unpack_emit_record(u) ? WN_EIO : WN_OK;
		return unpack_emit_text(u, xml, len) ? WN_EIO : WN_OK;
	}
	int rc = feed_parse(xml, len, uh->max_record, on_item, uh, &res);
	if (res.empty) {
		uh->st->read += res.empty;
		wn_stats_add(uh->st, "dropped: empty feed item", res.empty);
	}
	if (res.truncated) {
		uh->st->read += res.truncated;
		wn_stats_add(uh->st, "dropped: feed item cut off", res.truncated);
	}
	if (res.too_large) {
		uh->st->read += res.too_large;
		wn_stats_add(uh->st, "skipped: record too large", res.too_large);
	}
	uh->st->bad_utf8 += res.bad_utf8;
	if (res.amps_fixed)
		wn_stats_add(uh->st, "feed: bare '&' escaped", res.amps_fixed);
	if (uh->err)
		return uh->err;
	if (rc == WN_ECORRUPT || rc == WN_EINVAL) {
		if (res.errors)
			snprintf(u->err, sizeof(u->err), "damaged feed: %zu XML error%s, first at %s%s",
				 res.errors, res.errors == 1 ? "" : "s", res.err,
				 res.truncated ? "; last item cut off" : "");
		else if (res.truncated)
			snprintf(u->err, sizeof(u->err), "damaged feed: last item cut off");
		else
			snprintf(u->err, sizeof(u->err), "%s", res.err);
		return WN_ECORRUPT;
	}
	return rc;
}
