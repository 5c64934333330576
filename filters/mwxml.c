/*
 * MediaWiki XML dumps (pages-articles.xml and friends): one record per
 * <page> with the text of its last <revision> (dumps list revisions oldest
 * first). Fields: id (the page id), title, text. Streamed with libxml2's
 * xmlTextReader, so memory stays bounded whatever the dump's size; libxml2's
 * default limits apply (a single text node over 10 MB is an error).
 */
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/reader.h"
#include "filters/unpack.h"

struct mw_io {
	struct wn_reader *rd;
	int failed;
};

static int io_read(void *ctx, char *buf, int len)
{
	struct mw_io *io = ctx;
	ssize_t k = wn_reader_read(io->rd, buf, (size_t)len);

	if (k < 0) {
		io->failed = 1;
		return -1;
	}
	return (int)k;
}

static int io_close(void *ctx)
{
	(void)ctx;
	return 0;
}

/* libxml2 would print its errors: keep the first one instead. */
static void on_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
	struct unpack *u = arg;

	if (sev != XML_PARSER_SEVERITY_ERROR && sev != XML_PARSER_SEVERITY_VALIDITY_ERROR)
		return;
	if (u->err[0] == '\0') {
		size_t n;
		snprintf(u->err, sizeof(u->err), "XML error at line %d: %s",
			 xmlTextReaderLocatorLineNumber(loc), msg ? msg : "?");
		n = strlen(u->err);
		while (n && (u->err[n - 1] == '\n' || u->err[n - 1] == ' '))
			u->err[--n] = '\0';
	}
}

static int is(const xmlChar *name, const char *lit)
{
	return name && strcmp((const char *)name, lit) == 0;
}

static void take_string(xmlTextReaderPtr r, struct wn_buf *b, int *too_big)
{
	xmlChar *s = xmlTextReaderReadString(r);

	wn_buf_reset(b);
	if (s && wn_buf_add(b, s, strlen((const char *)s)) != WN_OK)
		*too_big = 1;
	xmlFree(s);
}

int unpack_mwxml(struct unpack *u, const char *name, struct wn_reader *rd)
{
	struct mw_io io = {rd, 0};
	struct wn_buf title = WN_BUF_INIT(1 << 16), pid = WN_BUF_INIT(64);
	xmlTextReaderPtr r;
	int ret = WN_OK, rc, in_page = 0, too_big = 0, have_id = 0, have_text = 0;

	u->err[0] = '\0';
	r = xmlReaderForIO(io_read, io_close, &io, NULL, NULL, XML_PARSE_NONET);
	if (!r)
		return WN_ENOMEM;
	xmlTextReaderSetErrorHandler(r, on_error, u);
	while ((rc = xmlTextReaderRead(r)) == 1) {
		int type = xmlTextReaderNodeType(r), depth = xmlTextReaderDepth(r);
		const xmlChar *el = xmlTextReaderConstLocalName(r);

		if (type == XML_READER_TYPE_ELEMENT) {
			if (depth == 1 && is(el, "page")) {
				in_page = 1;
				too_big = have_id = have_text = 0;
				wn_buf_reset(&title);
				wn_buf_reset(&pid);
				wn_buf_reset(&u->data);
			} else if (in_page && depth == 2 && is(el, "title")) {
				take_string(r, &title, &too_big);
			} else if (in_page && depth == 2 && is(el, "id")) {
				take_string(r, &pid, &too_big);
				have_id = 1;
			} else if (in_page && depth == 3 && is(el, "text")) {
				/* The last revision wins: later ones replace earlier. */
				int big = 0;
				take_string(r, &u->data, &big);
				too_big = big;
				have_text = 1;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT && depth == 1 && is(el, "page")) {
			in_page = 0;
			if (too_big) {
				u->stats->read++;
				wn_stats_add(u->stats, "skipped: record too large", 1);
				continue;
			}
			if (!have_text) {
				u->stats->read++;
				wn_stats_add(u->stats, "skipped: page without text", 1);
				continue;
			}
			wn_record_clear(&u->rec);
			if (have_id && pid.len)
				wn_record_set_id(&u->rec, pid.data, pid.len);
			else {
				wn_buf_reset(&u->scratch);
				wn_buf_addf(&u->scratch, "%s:%llu", name,
					    (unsigned long long)u->stats->read + 1);
				wn_record_set_id(&u->rec, u->scratch.data, u->scratch.len);
			}
			wn_record_set_string(&u->rec, "title", title.data ? title.data : "", title.len);
			if (unpack_emit_text(u, u->data.data ? u->data.data : "", u->data.len)) {
				ret = WN_EIO;
				break;
			}
		}
	}
	if (ret == WN_OK && rc < 0) {
		if (io.failed) {
			ret = WN_EIO;
		} else {
			if (u->err[0] == '\0')
				snprintf(u->err, sizeof(u->err), "malformed MediaWiki XML");
			ret = WN_ECORRUPT;
		}
	}
	xmlFreeTextReader(r);
	wn_buf_release(&title);
	wn_buf_release(&pid);
	return ret;
}
