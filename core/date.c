#include "core/date.h"

#include <string.h>

#include "core/error.h"

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c | 0x20) : c;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's method). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int days_in_month(int64_t y, int m)
{
	static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

struct cur {
	const char *s;
	size_t n, i;
};

static int num(struct cur *c, int mindig, int maxdig, int *v)
{
	int k = 0, x = 0;
	while (c->i < c->n && k < maxdig && is_digit(c->s[c->i])) {
		x = x * 10 + (c->s[c->i] - '0');
		c->i++;
		k++;
	}
	if (k < mindig)
		return -1;
	*v = x;
	return 0;
}

static int eat(struct cur *c, char ch)
{
	if (c->i < c->n && c->s[c->i] == ch) {
		c->i++;
		return 1;
	}
	return 0;
}

static void spaces(struct cur *c)
{
	while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' ||
			       c->s[c->i] == '\r'))
		c->i++;
}

static int make(int64_t y, int mo, int d, int h, int mi, int se, int off_min, int64_t *t)
{
	if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 24 || mi > 59 || se > 60)
		return -1;
	if (h == 24 && (mi || se))
		return -1;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - (int64_t)off_min * 60;
	return 0;
}

/* "Z", "+01:00", "+0100", "-05" at c; or nothing (UTC). */
static int iso_zone(struct cur *c, int *off)
{
	*off = 0;
	if (c->i >= c->n)
		return 0;
	if (c->s[c->i] == 'Z' || c->s[c->i] == 'z') {
		c->i++;
		return 0;
	}
	if (c->s[c->i] != '+' && c->s[c->i] != '-')
		return 0;
	int sign = c->s[c->i] == '-' ? -1 : 1, h, m = 0;
	c->i++;
	if (num(c, 2, 2, &h))
		return -1;
	eat(c, ':');
	if (c->i < c->n && is_digit(c->s[c->i]) && num(c, 2, 2, &m))
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*off = sign * (h * 60 + m);
	return 0;
}

static int parse_iso(struct cur *c, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, se = 0, off = 0;
	if (num(c, 4, 4, &y) || !eat(c, '-') || num(c, 1, 2, &mo) || !eat(c, '-') ||
	    num(c, 1, 2, &d))
		return -1;
	if (c->i < c->n && (c->s[c->i] == 'T' || c->s[c->i] == 't' ||
			    (c->s[c->i] == ' ' && c->i + 1 < c->n && is_digit(c->s[c->i + 1])))) {
		c->i++;
		if (num(c, 2, 2, &h) || !eat(c, ':') || num(c, 2, 2, &mi))
			return -1;
		if (eat(c, ':')) {
			if (num(c, 2, 2, &se))
				return -1;
			if (eat(c, '.') || eat(c, ',')) {
				int k = 0;
				while (c->i < c->n && is_digit(c->s[c->i]))
					c->i++, k++;
				if (!k)
					return -1;
			}
		}
		spaces(c);
		if (iso_zone(c, &off))
			return -1;
	}
	return make(y, mo, d, h, mi, se, off, t);
}

static int month_of(const char *s)
{
	static const char *const m[12] = {"jan", "feb", "mar", "apr", "may", "jun",
					  "jul", "aug", "sep", "oct", "nov", "dec"};
	for (int i = 0; i < 12; i++)
		if (lower(s[0]) == m[i][0] && lower(s[1]) == m[i][1] && lower(s[2]) == m[i][2])
			return i + 1;
	return 0;
}

static int parse_rfc822(struct cur *c, int64_t *t)
{
	int d, y, h = 0, mi = 0, se = 0, off = 0, mo;
	/* Optional day name and comma. */
	if (c->i < c->n && !is_digit(c->s[c->i])) {
		while (c->i < c->n && ((c->s[c->i] | 0x20) >= 'a' && (c->s[c->i] | 0x20) <= 'z'))
			c->i++;
		eat(c, ',');
		spaces(c);
	}
	if (num(c, 1, 2, &d))
		return -1;
	spaces(c);
	eat(c, '-');
	if (c->i + 3 > c->n || !(mo = month_of(c->s + c->i)))
		return -1;
	while (c->i < c->n && ((c->s[c->i] | 0x20) >= 'a' && (c->s[c->i] | 0x20) <= 'z'))
		c->i++;
	spaces(c);
	eat(c, '-');
	size_t y0 = c->i;
	if (num(c, 2, 4, &y))
		return -1;
	if (c->i - y0 == 2)
		y += y < 50 ? 2000 : 1900;
	else if (c->i - y0 == 3)
		y += 1900;
	spaces(c);
	if (c->i < c->n && is_digit(c->s[c->i])) {
		if (num(c, 1, 2, &h) || !eat(c, ':') || num(c, 2, 2, &mi))
			return -1;
		if (eat(c, ':') && num(c, 2, 2, &se))
			return -1;
		spaces(c);
		if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-')) {
			int sign = c->s[c->i] == '-' ? -1 : 1, hh, mm = 0;
			c->i++;
			if (num(c, 2, 2, &hh))
				return -1;
			eat(c, ':');
			if (c->i < c->n && is_digit(c->s[c->i]) && num(c, 2, 2, &mm))
				return -1;
			off = sign * (hh * 60 + mm);
		} else if (c->i < c->n) {
			static const struct {
				const char *z;
				int off;
			} zones[] = {{"ut", 0}, {"utc", 0}, {"gmt", 0}, {"z", 0}, {"est", -300},
				     {"edt", -240}, {"cst", -360}, {"cdt", -300}, {"mst", -420},
				     {"mdt", -360}, {"pst", -480}, {"pdt", -420}};
			char z[5];
			size_t k = 0;
			while (c->i < c->n && k < 4 && ((c->s[c->i] | 0x20) >= 'a' && (c->s[c->i] | 0x20) <= 'z'))
				z[k++] = lower(c->s[c->i++]);
			z[k] = 0;
			int found = 0;
			for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
				if (!strcmp(z, zones[i].z)) {
					off = zones[i].off;
					found = 1;
				}
			if (!found && k)
				off = 0; /* unknown zone names: taken as UTC */
		}
	}
	return make(y, mo, d, h, mi, se, off, t);
}

int wn_date_parse(const char *s, size_t n, int64_t *t)
{
	struct cur c = {s, n, 0};
	int rc;
	spaces(&c);
	size_t start = c.i;
	if (c.i + 4 < n && is_digit(s[c.i]) && is_digit(s[c.i + 1]) && is_digit(s[c.i + 2]) &&
	    is_digit(s[c.i + 3]) && s[c.i + 4] == '-')
		rc = parse_iso(&c, t);
	else
		rc = parse_rfc822(&c, t);
	if (rc || c.i == start)
		return -1;
	spaces(&c);
	return c.i == n ? 0 : -1;
}

int wn_date_format(int64_t t, struct wn_buf *out)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t sec = t - days * 86400;
	/* civil_from_days (H. Hinnant). */
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t y = yoe + era * 400;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t d = doy - (153 * mp + 2) / 5 + 1;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999)
		return WN_EINVAL;
	return wn_buf_addf(out, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d,
			   (int)(sec / 3600), (int)(sec / 60 % 60), (int)(sec % 60));
}

int wn_date_normalize(const char *s, size_t n, struct wn_buf *out)
{
	int64_t t;
	if (wn_date_parse(s, n, &t))
		return -1;
	size_t len = out->len;
	if (wn_date_format(t, out)) {
		wn_buf_setlen(out, len);
		return -1;
	}
	return 0;
}
