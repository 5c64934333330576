/*
 * feed: items out of RSS 2.0, RSS 1.0 (RDF) and Atom documents.
 *
 *   struct feed_result res;
 *   rc = feed_parse(xml, len, max_field, on_item, ud, &res);
 *
 * libxml2's SAX2 parser reads the document in recovery mode (no network,
 * no external entities, no DTD loading): an unescaped ampersand or a broken
 * tag costs what is near it, not the items after it. For each complete
 * item or entry on_item is called with its fields, borrowed until it
 * returns (return non-zero to stop). Fields are UTF-8, each at most
 * max_field bytes (a longer one drops its item, counted in res.too_large).
 *
 *   id       RSS guid, Atom id, RSS 1.0 rdf:about, else the link
 *   url      RSS link (or a permalink guid), Atom link rel=alternate
 *   title    as written (may hold entities/markup: see title_is_html)
 *   date     pubDate / published / dc:date / updated, ISO 8601 UTC, or ""
 *   content  content:encoded, else Atom content, else description/summary;
 *            HTML (content_is_html) unless Atom said type="text"
 *
 * Bare ampersands ("AT&T") are escaped before parsing and HTML's named
 * entities (&nbsp;, &mdash;) are understood, as feeds use them freely.
 *
 * Returns WN_OK, WN_ECORRUPT (the XML was damaged: res.errors > 0 and
 * res.err says where; every item read before and after the damage was
 * still handed out), WN_EINVAL (not a feed), WN_ENOMEM, or WN_EIO when
 * on_item asked to stop.
 */
#ifndef WN_FEED_H
#define WN_FEED_H

#include <stddef.h>

enum feed_kind { FEED_NONE = 0, FEED_RSS, FEED_RDF, FEED_ATOM };

struct feed_item {
	const char *id, *url, *title, *date, *content;
	size_t id_len, url_len, title_len, date_len, content_len;
	int content_is_html;
	int title_is_html;
};

typedef int (*feed_item_fn)(void *ud, const struct feed_item *it);

struct feed_result {
	enum feed_kind kind;
	size_t items;      /* handed to on_item */
	size_t empty;      /* items with no title, link or content: dropped */
	size_t truncated;  /* an item cut off by the end of the document: dropped */
	size_t too_large;  /* an item with a field past max_field: dropped */
	size_t errors;     /* XML errors recovered from */
	size_t bad_utf8;   /* invalid UTF-8 sequences replaced by U+FFFD */
	size_t amps_fixed; /* bare '&' escaped before parsing (not counted as errors) */
	char err[200];     /* the first error: "line N: message" */
};

/* The kind of feed the first bytes announce (an <rss>, <rdf:RDF> or <feed>
 * root after the XML declaration, comments and doctype), or FEED_NONE. */
enum feed_kind feed_sniff(const char *p, size_t n);

int feed_parse(const char *xml, size_t len, size_t max_field, feed_item_fn on_item, void *ud,
	       struct feed_result *res);

#endif
