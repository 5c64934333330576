/* Inline entity markup: see ner.h. */
#include <string.h>

#include "core/error.h"
#include "filters/ner.h"

#define OPEN "\xe2\x9f\xa6"  /* U+27E6 ⟦ */
#define CLOSE "\xe2\x9f\xa7" /* U+27E7 ⟧ */

/* Copies s[a..b) escaping the bracket characters. */
static int add_escaped(struct wn_buf *out, const char *s, size_t a, size_t b)
{
	size_t i = a, run = a;
	int rc;

	while (i < b) {
		if (i + 3 <= b && (unsigned char)s[i] == 0xe2 && (unsigned char)s[i + 1] == 0x9f &&
		    ((unsigned char)s[i + 2] == 0xa6 || (unsigned char)s[i + 2] == 0xa7)) {
			if ((rc = wn_buf_add(out, s + run, i - run)))
				return rc;
			if ((rc = wn_buf_adds(out, (unsigned char)s[i + 2] == 0xa6 ? OPEN "<" CLOSE
										 : OPEN ">" CLOSE)))
				return rc;
			i += 3;
			run = i;
			continue;
		}
		i++;
	}
	return wn_buf_add(out, s + run, b - run);
}

int ner_inline_write(struct wn_buf *out, const char *s, size_t n, const struct ner_ent *e,
		     size_t ne)
{
	size_t pos = 0;
	int rc;

	for (size_t k = 0; k < ne; k++) {
		if (e[k].start < pos || e[k].end > n || e[k].end <= e[k].start)
			continue; /* overlapping or empty: cannot be marked */
		if ((rc = add_escaped(out, s, pos, e[k].start)) || (rc = wn_buf_adds(out, OPEN)) ||
		    (rc = wn_buf_adds(out, e[k].type)) || (rc = wn_buf_addc(out, ' ')) ||
		    (rc = add_escaped(out, s, e[k].start, e[k].end)) || (rc = wn_buf_adds(out, CLOSE)))
			return rc;
		pos = e[k].end;
	}
	return add_escaped(out, s, pos, n);
}

static int is_type_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == '-';
}

int ner_inline_strip(struct wn_buf *out, const char *s, size_t n)
{
	size_t i = 0, run = 0;
	int depth = 0, bad = 0, rc;

	while (i < n) {
		if (i + 3 <= n && !memcmp(s + i, OPEN, 3)) {
			if ((rc = wn_buf_add(out, s + run, i - run)))
				return rc;
			if (i + 7 <= n && (s[i + 3] == '<' || s[i + 3] == '>') &&
			    !memcmp(s + i + 4, CLOSE, 3)) {
				if ((rc = wn_buf_adds(out, s[i + 3] == '<' ? OPEN : CLOSE)))
					return rc;
				i += 7;
			} else {
				size_t j = i + 3;
				while (j < n && is_type_char(s[j]))
					j++;
				if (j == i + 3 || j >= n || s[j] != ' ') {
					/* Not a marker: keep the bracket as it is. */
					bad = 1;
					if ((rc = wn_buf_add(out, s + i, 3)))
						return rc;
					i += 3;
				} else {
					depth++;
					i = j + 1;
				}
			}
			run = i;
			continue;
		}
		if (i + 3 <= n && !memcmp(s + i, CLOSE, 3)) {
			if ((rc = wn_buf_add(out, s + run, i - run)))
				return rc;
			if (depth > 0) {
				depth--;
			} else {
				bad = 1;
				if ((rc = wn_buf_add(out, s + i, 3)))
					return rc;
			}
			i += 3;
			run = i;
			continue;
		}
		i++;
	}
	if ((rc = wn_buf_add(out, s + run, n - run)))
		return rc;
	return bad || depth ? WN_ECORRUPT : WN_OK;
}
