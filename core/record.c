#include "core/record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/json.h"
#include "core/limits.h"
#include "core/utf8.h"

/* The arena holds stage-set keys and values; it shares the record cap. */
void wn_record_init(struct wn_record *r, size_t max)
{
	memset(r, 0, sizeof(*r));
	wn_buf_init(&r->line, max);
	wn_buf_init(&r->arena, max);
	wn_buf_init(&r->id, max);
	wn_buf_init(&r->text, max);
	r->id_field = -1;
	r->text_field = -1;
}

void wn_record_release(struct wn_record *r)
{
	if (!r)
		return;
	wn_buf_release(&r->line);
	wn_buf_release(&r->arena);
	wn_buf_release(&r->id);
	wn_buf_release(&r->text);
	free(r->fields);
	r->fields = NULL;
	r->nfields = r->fields_cap = 0;
}

void wn_record_clear(struct wn_record *r)
{
	wn_buf_reset(&r->line);
	wn_buf_reset(&r->arena);
	wn_buf_reset(&r->id);
	wn_buf_reset(&r->text);
	r->nfields = 0;
	r->id_field = r->text_field = -1;
	r->text_dirty = 0;
	r->has_id = 0;
	r->lineno = 0;
	r->bad_utf8 = 0;
	r->ctrl_fixed = 0;
}

static struct wn_field *field_add(struct wn_record *r)
{
	if (r->nfields == r->fields_cap) {
		size_t cap = r->fields_cap ? r->fields_cap * 2 : 16;
		struct wn_field *f;
		if (cap > WN_MAX_FIELDS)
			cap = WN_MAX_FIELDS;
		if (r->nfields >= cap)
			return NULL;
		f = realloc(r->fields, cap * sizeof(*f));
		if (!f)
			return NULL;
		r->fields = f;
		r->fields_cap = cap;
	}
	struct wn_field *f = &r->fields[r->nfields++];
	memset(f, 0, sizeof(*f));
	return f;
}

static const char *field_key(const struct wn_record *r, const struct wn_field *f)
{
	return (f->key_arena ? r->arena.data : r->line.data) + f->key_off;
}

static const char *field_val(const struct wn_record *r, const struct wn_field *f)
{
	return (f->val_arena ? r->arena.data : r->line.data) + f->val_off;
}

static uint64_t key_hash(const char *k, size_t n)
{
	return wn_hash64(k, n, 0x6b6579);
}

/* Rewrites r->line with raw control bytes inside strings escaped. */
static int escape_controls(struct wn_record *r)
{
	static const char hex[] = "0123456789abcdef";
	struct wn_buf out = WN_BUF_INIT(r->line.max);
	int in_str = 0, rc = 0;

	for (size_t i = 0; i < r->line.len && !rc; i++) {
		unsigned char c = (unsigned char)r->line.data[i];
		if (in_str && c == '\\' && i + 1 < r->line.len) {
			rc = wn_buf_add(&out, r->line.data + i, 2);
			i++;
			continue;
		}
		if (c == '"')
			in_str = !in_str;
		if (in_str && c < 0x20) {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			rc = wn_buf_add(&out, e, 6);
			r->ctrl_fixed++;
		} else {
			rc = wn_buf_addc(&out, (char)c);
		}
	}
	if (rc) {
		wn_buf_release(&out);
		return rc;
	}
	wn_buf_release(&r->line);
	r->line = out;
	return WN_OK;
}

/* Parses the object in r->line into fields. */
static int parse_fields(struct wn_record *r, struct wn_json_scan *sc)
{
	const char *s = r->line.data;
	size_t n = r->line.len, i = 0;
	int esc, rc;

	r->nfields = 0;
	wn_json_skip_ws(s, n, &i);
	if (i >= n || s[i] != '{')
		return WN_ERECJSON;
	i++;
	wn_json_skip_ws(s, n, &i);
	if (i < n && s[i] == '}') {
		i++;
		goto end;
	}
	for (;;) {
		struct wn_field *f;
		size_t k0;

		wn_json_skip_ws(s, n, &i);
		if (i >= n || s[i] != '"')
			return WN_ERECJSON;
		k0 = i;
		rc = wn_json_scan_string(s, n, &i, &esc, sc);
		if (rc)
			return rc;
		f = field_add(r);
		if (!f)
			return r->nfields >= WN_MAX_FIELDS ? WN_ERECJSON : WN_ENOMEM;
		f->key_off = k0 + 1;
		f->key_len = i - k0 - 2;
		if (esc) {
			struct wn_buf kb = WN_BUF_INIT(n);
			size_t bad = 0;
			rc = wn_json_decode_string(s + f->key_off, f->key_len, &kb, &bad);
			if (rc) {
				wn_buf_release(&kb);
				return rc;
			}
			f->key_hash = key_hash(kb.data, kb.len);
			wn_buf_release(&kb);
		} else {
			f->key_hash = key_hash(s + f->key_off, f->key_len);
		}
		wn_json_skip_ws(s, n, &i);
		if (i >= n || s[i] != ':')
			return WN_ERECJSON;
		i++;
		wn_json_skip_ws(s, n, &i);
		f->val_off = i;
		rc = wn_json_scan_value(s, n, &i, sc);
		if (rc)
			return rc;
		f->val_len = i - f->val_off;
		wn_json_skip_ws(s, n, &i);
		if (i < n && s[i] == ',') {
			i++;
			continue;
		}
		if (i < n && s[i] == '}') {
			i++;
			break;
		}
		return WN_ERECJSON;
	}
end:
	wn_json_skip_ws(s, n, &i);
	return i == n ? WN_OK : WN_ERECJSON;
}

/* Later duplicates win, as in jq and most parsers; earlier ones are dropped. */
static void drop_duplicates(struct wn_record *r)
{
	for (size_t j = 1; j < r->nfields; j++)
		for (size_t i = 0; i < j; i++)
			if (!r->fields[i].dropped && r->fields[i].key_hash == r->fields[j].key_hash)
				r->fields[i].dropped = 1;
}

static long find_field(const struct wn_record *r, const char *key)
{
	uint64_t h = key_hash(key, strlen(key));

	for (size_t i = r->nfields; i-- > 0;)
		if (!r->fields[i].dropped && r->fields[i].key_hash == h)
			return (long)i;
	return -1;
}

int wn_record_parse(struct wn_record *r, const char *line, size_t len, uint64_t lineno)
{
	struct wn_json_scan sc = {0};
	size_t bad = 0, i = 0;
	int rc;

	wn_record_clear(r);
	r->lineno = lineno;
	if (len && line[len - 1] == '\r')
		len--;
	wn_json_skip_ws(line, len, &i);
	if (i == len)
		return WN_EOF;

	if (wn_utf8_valid(line, len))
		rc = wn_buf_add(&r->line, line, len);
	else
		rc = wn_utf8_repair(&r->line, line, len, &bad);
	if (rc)
		return rc;
	r->bad_utf8 = bad;

	rc = parse_fields(r, &sc);
	if (rc == WN_OK && sc.ctrl) {
		rc = escape_controls(r);
		if (rc)
			return rc;
		memset(&sc, 0, sizeof(sc));
		rc = parse_fields(r, &sc);
	}
	if (rc)
		return rc;
	drop_duplicates(r);

	r->text_field = find_field(r, "text");
	if (r->text_field < 0)
		return WN_ERECFIELD;
	{
		const struct wn_field *f = &r->fields[r->text_field];
		const char *v = field_val(r, f);
		if (f->val_len < 2 || v[0] != '"')
			return WN_ERECFIELD;
		rc = wn_json_decode_string(v + 1, f->val_len - 2, &r->text, &r->bad_utf8);
		if (rc)
			return rc;
	}
	r->id_field = find_field(r, "id");
	if (r->id_field >= 0) {
		const struct wn_field *f = &r->fields[r->id_field];
		const char *v = field_val(r, f);
		if (v[0] == '"') {
			rc = wn_json_decode_string(v + 1, f->val_len - 2, &r->id, &r->bad_utf8);
			r->has_id = 1;
		} else if (v[0] == '-' || (v[0] >= '0' && v[0] <= '9')) {
			rc = wn_buf_add(&r->id, v, f->val_len);
			r->has_id = 1;
		}
		if (rc)
			return rc;
	}
	return WN_OK;
}

int wn_record_set_raw(struct wn_record *r, const char *key, const char *json, size_t len)
{
	long idx = find_field(r, key);
	struct wn_field *f;
	size_t off;
	int rc;

	if (idx < 0) {
		size_t klen = strlen(key);
		f = field_add(r);
		if (!f)
			return WN_ENOMEM;
		f->key_arena = 1;
		f->key_off = r->arena.len;
		f->key_len = klen;
		f->key_hash = key_hash(key, klen);
		rc = wn_buf_add(&r->arena, key, klen);
		if (rc) {
			r->nfields--;
			return rc;
		}
		idx = (long)(f - r->fields);
	}
	off = r->arena.len;
	rc = wn_buf_add(&r->arena, json, len);
	if (rc)
		return rc;
	f = &r->fields[idx];
	f->val_arena = 1;
	f->val_off = off;
	f->val_len = len;
	if (strcmp(key, "id") == 0)
		r->id_field = idx;
	else if (strcmp(key, "text") == 0)
		r->text_field = idx;
	return WN_OK;
}

int wn_record_set_string(struct wn_record *r, const char *key, const char *s, size_t len)
{
	struct wn_buf tmp = WN_BUF_INIT(r->arena.max);
	int rc = wn_json_add_string(&tmp, s, len);

	if (rc == WN_OK)
		rc = wn_record_set_raw(r, key, tmp.data, tmp.len);
	wn_buf_release(&tmp);
	return rc;
}

int wn_record_set_text(struct wn_record *r, const char *s, size_t len)
{
	int rc;

	if (s != r->text.data) {
		wn_buf_reset(&r->text);
		rc = wn_buf_add(&r->text, s, len);
		if (rc)
			return rc;
	}
	if (r->text_field < 0) {
		rc = wn_record_set_raw(r, "text", "\"\"", 2);
		if (rc)
			return rc;
	}
	r->text_dirty = 1;
	return WN_OK;
}

int wn_record_set_id(struct wn_record *r, const char *s, size_t len)
{
	int rc;

	if (s != r->id.data) {
		wn_buf_reset(&r->id);
		rc = wn_buf_add(&r->id, s, len);
		if (rc)
			return rc;
	}
	r->has_id = 1;
	return wn_record_set_string(r, "id", r->id.data, r->id.len);
}

int wn_record_from_text(struct wn_record *r, const char *s, size_t len, uint64_t lineno)
{
	char num[24];
	size_t bad = 0;
	int rc, n;

	wn_record_clear(r);
	r->lineno = lineno;
	n = snprintf(num, sizeof(num), "%llu", (unsigned long long)lineno);
	rc = wn_record_set_id(r, num, (size_t)n);
	if (rc)
		return rc;
	if (wn_utf8_valid(s, len))
		rc = wn_buf_add(&r->text, s, len);
	else
		rc = wn_utf8_repair(&r->text, s, len, &bad);
	if (rc)
		return rc;
	r->bad_utf8 = bad;
	return wn_record_set_text(r, r->text.data, r->text.len);
}

const char *wn_record_get_raw(const struct wn_record *r, const char *key, size_t *len)
{
	long idx = find_field(r, key);

	if (idx < 0)
		return NULL;
	*len = r->fields[idx].val_len;
	return field_val(r, &r->fields[idx]);
}

int wn_record_take_text(struct wn_record *r, struct wn_buf *b)
{
	struct wn_buf t = r->text;
	int rc;

	if (r->text_field < 0) {
		rc = wn_record_set_raw(r, "text", "\"\"", 2);
		if (rc)
			return rc;
	}
	r->text = *b;
	*b = t;
	wn_buf_reset(b);
	if (!r->text.data)
		return wn_buf_grow(&r->text, 0);
	r->text_dirty = 1;
	return WN_OK;
}

#define SINK_CHUNK ((size_t)64 << 10)

/* Hands what tmp holds to the sink once it is big enough (or at the end). */
static int stage(struct wn_buf *tmp, wn_sink_fn sink, void *ctx, int force)
{
	if (!sink || tmp->len == 0 || (!force && tmp->len < SINK_CHUNK))
		return WN_OK;
	if (sink(ctx, tmp->data, tmp->len))
		return WN_EIO;
	wn_buf_reset(tmp);
	return WN_OK;
}

/* Appends s (n bytes) escaped or as it is, in slices when there is a sink. */
static int put_text(struct wn_buf *tmp, wn_sink_fn sink, void *ctx, const char *s, size_t n,
		    int escape, char nl)
{
	size_t step = sink ? SINK_CHUNK : n, i = 0;
	int rc = WN_OK;

	while (i < n && !rc) {
		size_t k = n - i < step ? n - i : step;
		if (escape) {
			rc = wn_json_escape(tmp, s + i, k);
		} else {
			size_t start = tmp->len;
			rc = wn_buf_add(tmp, s + i, k);
			if (!rc && nl)
				for (size_t j = start; j < tmp->len; j++)
					if (tmp->data[j] == '\n' || tmp->data[j] == '\r')
						tmp->data[j] = nl;
		}
		i += k;
		if (!rc)
			rc = stage(tmp, sink, ctx, 0);
	}
	return rc;
}

int wn_record_write_sink(const struct wn_record *r, enum wn_record_format fmt,
			 struct wn_buf *tmp, wn_sink_fn sink, void *ctx)
{
	const char *text = r->text.data ? r->text.data : "";
	int rc, first = 1, verbatim = 1;

	if (fmt == WN_FMT_LINES || fmt == WN_FMT_NUL) {
		rc = put_text(tmp, sink, ctx, text, r->text.len, 0, fmt == WN_FMT_LINES ? ' ' : 0);
		if (!rc)
			rc = wn_buf_addc(tmp, fmt == WN_FMT_LINES ? '\n' : '\0');
		return rc ? rc : stage(tmp, sink, ctx, 1);
	}

	if (r->text_dirty || r->arena.len || r->line.len == 0)
		verbatim = 0;
	for (size_t i = 0; verbatim && i < r->nfields; i++)
		if (r->fields[i].dropped)
			verbatim = 0;
	if (verbatim) {
		rc = put_text(tmp, sink, ctx, r->line.data, r->line.len, 0, 0);
		if (!rc)
			rc = wn_buf_addc(tmp, '\n');
		return rc ? rc : stage(tmp, sink, ctx, 1);
	}

	rc = wn_buf_addc(tmp, '{');
	for (size_t i = 0; !rc && i < r->nfields; i++) {
		const struct wn_field *f = &r->fields[i];
		if (f->dropped)
			continue;
		if (!first)
			rc = wn_buf_addc(tmp, ',');
		first = 0;
		if (!rc)
			rc = wn_buf_addc(tmp, '"');
		if (!rc)
			rc = wn_buf_add(tmp, field_key(r, f), f->key_len);
		if (!rc)
			rc = wn_buf_add(tmp, "\":", 2);
		if (rc)
			break;
		if ((long)i == r->text_field && r->text_dirty) {
			rc = wn_buf_addc(tmp, '"');
			if (!rc)
				rc = put_text(tmp, sink, ctx, text, r->text.len, 1, 0);
			if (!rc)
				rc = wn_buf_addc(tmp, '"');
		} else {
			rc = put_text(tmp, sink, ctx, field_val(r, f), f->val_len, 0, 0);
		}
	}
	if (!rc)
		rc = wn_buf_add(tmp, "}\n", 2);
	return rc ? rc : stage(tmp, sink, ctx, 1);
}

int wn_record_write(const struct wn_record *r, enum wn_record_format fmt, struct wn_buf *out)
{
	return wn_record_write_sink(r, fmt, out, NULL, NULL);
}
