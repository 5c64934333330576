/*
 * html: the module's public face (filters/html.h): the reusable context,
 * charset conversion, tree, then the mode's text and the page metadata.
 */
#include "filters/html.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/error.h"
#include "core/utf8.h"
#include "filters/html_dom.h"
#include "filters/html_main.h"

struct html_ctx {
	size_t max_input;
	struct wn_buf utf8; /* the page converted to UTF-8 */
	struct html_dom dom;
	struct html_main main;
	char err[160];
};

struct html_ctx *html_ctx_new(size_t max_input)
{
	struct html_ctx *h = calloc(1, sizeof(*h));
	size_t m4;
	if (!h)
		return NULL;
	xmlInitParser();
	h->max_input = max_input;
	/* UTF-8 from a legacy charset takes at most 3 bytes per input byte. */
	if (wn_size_mul(max_input, 3, &m4) || wn_size_add(m4, 64, &m4))
		m4 = SIZE_MAX / 2;
	wn_buf_init(&h->utf8, m4);
	html_dom_init(&h->dom, m4);
	html_main_init(&h->main);
	return h;
}

void html_ctx_free(struct html_ctx *h)
{
	if (!h)
		return;
	wn_buf_release(&h->utf8);
	html_dom_release(&h->dom);
	html_main_release(&h->main);
	free(h);
}

const char *html_ctx_error(const struct html_ctx *h)
{
	return h ? h->err : "";
}

void html_result_init(struct html_result *r, size_t max_text)
{
	memset(r, 0, sizeof(*r));
	wn_buf_init(&r->text, max_text);
	wn_buf_init(&r->title, 4096);
	wn_buf_init(&r->date, 64);
	wn_buf_init(&r->lang, 64);
	r->charset = "UTF-8";
}

void html_result_release(struct html_result *r)
{
	if (!r)
		return;
	wn_buf_release(&r->text);
	wn_buf_release(&r->title);
	wn_buf_release(&r->date);
	wn_buf_release(&r->lang);
}

int html_mode_parse(const char *s, enum html_mode *mode)
{
	if (!strcmp(s, "main"))
		*mode = HTML_MAIN;
	else if (!strcmp(s, "text"))
		*mode = HTML_TEXT;
	else if (!strcmp(s, "raw"))
		*mode = HTML_RAW;
	else
		return -1;
	return 0;
}

static int ascii_prefix(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (html_lower((unsigned char)p[i]) != (unsigned char)lit[i])
			return 0;
	return 1;
}

int html_sniff(const char *p, size_t n)
{
	static const char *const starts[] = {
		"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<link", "<base",
		"<script", "<style", "<div", "<p>", "<p ", "<table", "<h1", "<h2", "<article",
		"<section", "<header", "<nav", "<main", "<ul", "<center", "<font", "<iframe", "<br",
	};
	size_t i = 0;
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		i = 3;
	for (int guard = 0; guard < 64; guard++) {
		while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r' ||
				 p[i] == '\f'))
			i++;
		if (i + 4 <= n && !memcmp(p + i, "<!--", 4)) {
			const char *e = NULL;
			for (size_t j = i + 4; j + 3 <= n; j++)
				if (p[j] == '-' && p[j + 1] == '-' && p[j + 2] == '>') {
					e = p + j;
					break;
				}
			if (!e)
				return 0;
			i = (size_t)(e - p) + 3;
			continue;
		}
		if (ascii_prefix(p + i, n - i, "<?xml")) {
			const char *e = memchr(p + i, '>', n - i);
			if (!e)
				return 0;
			i = (size_t)(e - p) + 1;
			continue;
		}
		break;
	}
	for (size_t k = 0; k < sizeof(starts) / sizeof(starts[0]); k++)
		if (ascii_prefix(p + i, n - i, starts[k])) {
			size_t l = strlen(starts[k]);
			unsigned char c = i + l < n ? (unsigned char)p[i + l] : '>';
			/* "<header" must not pass for "<head", "<body" for "<bodyx" */
			if (starts[k][l - 1] == ' ' || starts[k][l - 1] == '>' ||
			    c == '>' || c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/')
				return 1;
		}
	return 0;
}

/* Appends s with whitespace collapsed and trimmed (one line), bounded by the
 * buffer's own maximum (past it the value is dropped, not cut). */
static void add_clean(struct wn_buf *b, const char *s, size_t n)
{
	size_t start = b->len;
	int sp = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int is_sp = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
			is_sp = 1;
			i++;
		}
		if (is_sp) {
			sp = b->len > start;
			continue;
		}
		if ((sp && wn_buf_addc(b, ' ')) || wn_buf_addc(b, (char)c)) {
			wn_buf_setlen(b, start);
			return;
		}
		sp = 0;
	}
}

static const char *span(const struct html_dom *d, struct html_span sp)
{
	return d->meta.data + sp.off;
}

/* "datePublished": "..." inside a JSON-LD script (no full parse needed). */
static int ldjson_date(const struct html_dom *d, struct wn_buf *out)
{
	static const char key[] = "\"datePublished\"";
	for (unsigned i = 0; i < d->n_ldjson; i++) {
		const char *s = span(d, d->ldjson[i]);
		size_t n = d->ldjson[i].len;
		const char *p = s;
		while ((p = memmem(p, n - (size_t)(p - s), key, sizeof(key) - 1))) {
			p += sizeof(key) - 1;
			while (p < s + n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
				p++;
			if (p >= s + n || *p != ':')
				continue;
			p++;
			while (p < s + n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
				p++;
			if (p >= s + n || *p != '"')
				continue;
			const char *q = memchr(p + 1, '"', n - (size_t)(p + 1 - s));
			if (q && !wn_date_normalize(p + 1, (size_t)(q - p - 1), out))
				return 1;
		}
	}
	return 0;
}

static void fill_meta(const struct html_dom *d, struct html_result *r)
{
	if (d->og_title.len)
		add_clean(&r->title, span(d, d->og_title), d->og_title.len);
	if (!r->title.len && d->title.len)
		add_clean(&r->title, span(d, d->title), d->title.len);
	if (d->lang.len)
		add_clean(&r->lang, span(d, d->lang), d->lang.len);
	else if (d->meta_lang.len)
		add_clean(&r->lang, span(d, d->meta_lang), d->meta_lang.len);
	if (!(d->date.len && !wn_date_normalize(span(d, d->date), d->date.len, &r->date)) &&
	    !ldjson_date(d, &r->date) && d->time_date.len)
		wn_date_normalize(span(d, d->time_date), d->time_date.len, &r->date);
}

int html_extract(struct html_ctx *h, const char *html, size_t len, enum html_mode mode,
		 const char *charset, struct html_result *out)
{
	int rc;
	size_t nbad = 0;

	h->err[0] = 0;
	wn_buf_reset(&out->text);
	wn_buf_reset(&out->title);
	wn_buf_reset(&out->date);
	wn_buf_reset(&out->lang);
	out->bad_bytes = 0;
	out->main_found = 0;
	if (mode != HTML_MAIN && mode != HTML_TEXT && mode != HTML_RAW)
		return WN_EINVAL;
	if (len > h->max_input) {
		snprintf(h->err, sizeof(h->err), "page of %zu bytes is past the limit", len);
		return WN_ERECBIG;
	}
	const char *view;
	size_t vlen;
	wn_buf_reset(&h->utf8);
	rc = html_to_utf8(html, len, charset, &h->utf8, &nbad, &out->charset, &view, &vlen);
	out->bad_bytes = nbad;
	if (rc) {
		snprintf(h->err, sizeof(h->err), "converting from %s: %s", out->charset,
			 wn_strerror(rc));
		return rc;
	}
	if (mode == HTML_RAW)
		return wn_buf_add(&out->text, view, vlen);
	rc = html_dom_build(&h->dom, view, vlen, mode == HTML_MAIN);
	if (rc) {
		snprintf(h->err, sizeof(h->err), "parsing: %s", wn_strerror(rc));
		return rc;
	}
	fill_meta(&h->dom, out);
	if (mode == HTML_TEXT) {
		rc = html_text_out(&h->dom, 0, NULL, &out->text);
		out->main_found = 0;
	} else {
		rc = html_main_extract(&h->main, &h->dom, &out->text, &out->main_found);
	}
	if (rc) {
		snprintf(h->err, sizeof(h->err), "text: %s", wn_strerror(rc));
		return rc;
	}
	if (!wn_utf8_valid(out->text.data ? out->text.data : "", out->text.len)) {
		/* libxml2 passes on what it was given; make sure anyway. */
		struct wn_buf tmp = WN_BUF_INIT(out->text.max);
		size_t bad = 0;
		rc = wn_utf8_repair(&tmp, out->text.data, out->text.len, &bad);
		if (!rc) {
			wn_buf_release(&out->text);
			out->text = tmp;
		} else {
			wn_buf_release(&tmp);
			return rc;
		}
	}
	if (!out->text.data && (rc = wn_buf_grow(&out->text, 0)))
		return rc;
	return WN_OK;
}
