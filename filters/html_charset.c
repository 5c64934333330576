/*
 * Character sets of web pages: which one (BOM, HTTP header, <meta>, else a
 * guess) and the conversion to UTF-8. Labels are resolved the way browsers
 * do (WHATWG Encoding Standard: "latin1" and "ascii" mean windows-1252,
 * "gb2312" means GBK/GB18030, "shift_jis" means Microsoft's CP932); the
 * conversion itself is iconv's, except for UTF-8 (repaired in place) and
 * windows-1252 (a table: the most common legacy charset by far).
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "core/error.h"
#include "core/utf8.h"
#include "filters/html.h"
#include "filters/html_dom.h"

struct cs_alias {
	const char *label;
	const char *name; /* iconv name, also the name reported */
};

/* Labels (lower case) -> charset. */
static const struct cs_alias aliases[] = {
	{"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"unicode-1-1-utf-8", "UTF-8"},
	{"x-unicode20utf8", "UTF-8"},
	{"windows-1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"},
	{"x-cp1252", "WINDOWS-1252"}, {"iso-8859-1", "WINDOWS-1252"},
	{"iso8859-1", "WINDOWS-1252"}, {"iso_8859-1", "WINDOWS-1252"},
	{"latin1", "WINDOWS-1252"}, {"l1", "WINDOWS-1252"}, {"ascii", "WINDOWS-1252"},
	{"us-ascii", "WINDOWS-1252"}, {"cp819", "WINDOWS-1252"}, {"ibm819", "WINDOWS-1252"},
	{"iso-ir-100", "WINDOWS-1252"}, {"csisolatin1", "WINDOWS-1252"},
	{"iso-8859-9", "WINDOWS-1254"}, {"latin5", "WINDOWS-1254"},
	{"windows-1254", "WINDOWS-1254"},
	{"iso-8859-2", "ISO-8859-2"}, {"latin2", "ISO-8859-2"},
	{"iso-8859-3", "ISO-8859-3"}, {"iso-8859-4", "ISO-8859-4"},
	{"iso-8859-5", "ISO-8859-5"}, {"iso-8859-6", "ISO-8859-6"},
	{"iso-8859-7", "ISO-8859-7"}, {"iso-8859-8", "ISO-8859-8"},
	{"iso-8859-8-i", "ISO-8859-8"}, {"iso-8859-10", "ISO-8859-10"},
	{"iso-8859-13", "ISO-8859-13"}, {"iso-8859-14", "ISO-8859-14"},
	{"iso-8859-15", "ISO-8859-15"}, {"latin9", "ISO-8859-15"},
	{"iso-8859-16", "ISO-8859-16"},
	{"windows-1250", "WINDOWS-1250"}, {"cp1250", "WINDOWS-1250"},
	{"windows-1251", "WINDOWS-1251"}, {"cp1251", "WINDOWS-1251"},
	{"windows-1253", "WINDOWS-1253"}, {"windows-1255", "WINDOWS-1255"},
	{"windows-1256", "WINDOWS-1256"}, {"windows-1257", "WINDOWS-1257"},
	{"windows-1258", "WINDOWS-1258"}, {"windows-874", "WINDOWS-874"},
	{"tis-620", "WINDOWS-874"}, {"iso-8859-11", "WINDOWS-874"},
	{"koi8-r", "KOI8-R"}, {"koi8r", "KOI8-R"}, {"koi8-u", "KOI8-U"},
	{"macintosh", "MACINTOSH"}, {"mac", "MACINTOSH"}, {"x-mac-roman", "MACINTOSH"},
	{"shift_jis", "CP932"}, {"shift-jis", "CP932"}, {"sjis", "CP932"},
	{"x-sjis", "CP932"}, {"ms_kanji", "CP932"}, {"csshiftjis", "CP932"},
	{"windows-31j", "CP932"}, {"ms932", "CP932"}, {"cp932", "CP932"},
	{"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"}, {"iso-2022-jp", "ISO-2022-JP"},
	{"gb2312", "GB18030"}, {"gbk", "GB18030"}, {"x-gbk", "GB18030"},
	{"gb18030", "GB18030"}, {"chinese", "GB18030"}, {"csgb2312", "GB18030"},
	{"cp936", "GB18030"}, {"windows-936", "GB18030"},
	{"big5", "BIG5-HKSCS"}, {"big5-hkscs", "BIG5-HKSCS"}, {"x-x-big5", "BIG5-HKSCS"},
	{"cn-big5", "BIG5-HKSCS"},
	{"euc-kr", "CP949"}, {"ks_c_5601-1987", "CP949"}, {"korean", "CP949"},
	{"windows-949", "CP949"}, {"cp949", "CP949"},
	{"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"}, {"utf-16be", "UTF-16BE"},
};

/* The charset of a label, or NULL when unknown. */
static const char *charset_resolve(const char *s, size_t n)
{
	char lab[32];
	size_t a = 0, j = 0;
	while (a < n && (s[a] == ' ' || s[a] == '\t' || s[a] == '"' || s[a] == '\''))
		a++;
	while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"' || s[n - 1] == '\''))
		n--;
	if (n - a >= sizeof(lab) || n == a)
		return NULL;
	for (size_t i = a; i < n; i++)
		lab[j++] = (char)html_lower((unsigned char)s[i]);
	lab[j] = 0;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(lab, aliases[i].label))
			return aliases[i].name;
	return NULL;
}

static int ascii_ieq_n(const char *s, const char *lit, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (html_lower((unsigned char)s[i]) != (unsigned char)lit[i])
			return 0;
	return 1;
}

/* The value after "charset=" at s[i], as a span. */
static const char *charset_value(const char *s, size_t n, size_t i, size_t *len)
{
	while (i < n && (s[i] == ' ' || s[i] == '"' || s[i] == '\'' || s[i] == '='))
		i++;
	size_t j = i;
	while (j < n && s[j] != '"' && s[j] != '\'' && s[j] != ' ' && s[j] != ';' && s[j] != '>' &&
	       s[j] != '/' && s[j] != ',')
		j++;
	*len = j - i;
	return s + i;
}

void html_content_type_charset(const char *ct, size_t n, char *out, size_t cap)
{
	out[0] = 0;
	if (!cap)
		return;
	for (size_t i = 0; i + 8 <= n; i++) {
		if (ascii_ieq_n(ct + i, "charset=", 8)) {
			size_t len;
			const char *v = charset_value(ct, n, i + 8, &len);
			if (len >= cap)
				return;
			memcpy(out, v, len);
			out[len] = 0;
			return;
		}
	}
}

/* <meta charset=X> or <meta http-equiv content="...; charset=X"> in the
 * first bytes, like the HTML prescan. */
static const char *meta_charset(const char *s, size_t n)
{
	if (n > 4096)
		n = 4096;
	for (size_t i = 0; i + 5 < n; i++) {
		if (s[i] != '<' || !ascii_ieq_n(s + i + 1, "meta", 4))
			continue;
		size_t end = i + 5;
		while (end < n && s[end] != '>')
			end++;
		for (size_t j = i + 5; j + 8 <= end; j++) {
			if (ascii_ieq_n(s + j, "charset", 7)) {
				size_t k = j + 7, len;
				while (k < end && s[k] == ' ')
					k++;
				if (k >= end || s[k] != '=')
					continue;
				const char *v = charset_value(s, end, k + 1, &len);
				const char *cs = charset_resolve(v, len);
				/* A page that says UTF-16 in ASCII bytes is not UTF-16. */
				if (cs && !strncmp(cs, "UTF-16", 6))
					cs = "UTF-8";
				if (cs)
					return cs;
			}
		}
		i = end;
	}
	return NULL;
}

/* windows-1252 bytes 0x80..0x9F (the rest is Latin-1). */
static const uint16_t cp1252_hi[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static int from_cp1252(const char *s, size_t n, struct wn_buf *out)
{
	size_t need;
	if (wn_size_mul(n, 3, &need))
		return WN_ERECBIG;
	int rc = wn_buf_grow(out, need);
	if (rc)
		return rc;
	char *o = out->data + out->len;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x80) {
			*o++ = (char)c;
			continue;
		}
		uint32_t cp = c < 0xA0 ? cp1252_hi[c - 0x80] : c;
		o += wn_utf8_encode(cp, o);
	}
	out->len = (size_t)(o - out->data);
	out->data[out->len] = 0;
	return WN_OK;
}

static int from_iconv(iconv_t cd, const char *s, size_t n, struct wn_buf *out, size_t *nbad)
{
	char *in = (char *)s;
	size_t inleft = n;
	while (inleft) {
		size_t room = inleft * 2 + 16;
		int rc = wn_buf_grow(out, room);
		if (rc)
			return rc;
		char *o = out->data + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(cd, &in, &inleft, &o, &oleft);
		out->len = (size_t)(o - out->data);
		out->data[out->len] = 0;
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG)
			continue;
		/* EILSEQ: one bad byte; EINVAL: a truncated sequence at the end. */
		if ((rc = wn_buf_add(out, "\xEF\xBF\xBD", 3)))
			return rc;
		(*nbad)++;
		if (errno == EINVAL)
			break;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* Flush a stateful encoding (ISO-2022-JP). */
	for (;;) {
		int rc = wn_buf_grow(out, 16);
		if (rc)
			return rc;
		char *o = out->data + out->len;
		size_t oleft = out->cap - out->len - 1;
		size_t r = iconv(cd, NULL, NULL, &o, &oleft);
		out->len = (size_t)(o - out->data);
		out->data[out->len] = 0;
		if (r != (size_t)-1 || errno != E2BIG)
			break;
	}
	return WN_OK;
}

int html_to_utf8(const char *s, size_t n, const char *hint, struct wn_buf *out, size_t *nbad,
		 const char **used, const char **view, size_t *vlen)
{
	int rc;

	const char *cs = NULL;

	*nbad = 0;
	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		cs = "UTF-8";
		s += 3;
		n -= 3;
	} else if (n >= 2 && !memcmp(s, "\xFF\xFE", 2)) {
		cs = "UTF-16LE";
		s += 2;
		n -= 2;
	} else if (n >= 2 && !memcmp(s, "\xFE\xFF", 2)) {
		cs = "UTF-16BE";
		s += 2;
		n -= 2;
	}
	if (!cs && hint)
		cs = charset_resolve(hint, strlen(hint));
	if (!cs)
		cs = meta_charset(s, n);
	if (!cs || !strcmp(cs, "UTF-8")) {
		size_t ok = wn_utf8_valid_prefix(s, n);
		if (ok == n) {
			/* Nothing to convert: the caller reads the input itself. */
			*used = "UTF-8";
			*view = s;
			*vlen = n;
			return WN_OK;
		}
		if (cs) {
			*used = "UTF-8";
			goto repair;
		}
		cs = "WINDOWS-1252";
	}
	*used = cs;
	if (!strcmp(cs, "WINDOWS-1252")) {
		rc = from_cp1252(s, n, out);
		goto done;
	}
	iconv_t cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1) {
		*used = "UTF-8";
		goto repair;
	}
	rc = from_iconv(cd, s, n, out, nbad);
	iconv_close(cd);
	goto done;
repair:
	rc = wn_utf8_repair(out, s, n, nbad);
done:
	if (rc == WN_OK && !out->data)
		rc = wn_buf_grow(out, 0);
	*view = out->data;
	*vlen = out->len;
	return rc;
}
