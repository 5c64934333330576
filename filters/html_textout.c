/*
 * Tree to text: the one serializer of the html module, used by both modes.
 * Iterative (first/next/parent links), so any depth is fine.
 */
#include "filters/html_dom.h"

#include "core/error.h"

/* What separates content across a boundary; the strongest pending wins. */
enum { SEP_NONE = 0, SEP_SPACE, SEP_LINE, SEP_PARA };

static int block_sep(uint16_t tag)
{
	switch (tag) {
	case T_P: case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
	case T_BLOCKQUOTE: case T_PRE: case T_UL: case T_OL: case T_DL: case T_TABLE:
	case T_FIGURE: case T_HR: case T_SECTION: case T_ARTICLE: case T_ASIDE:
	case T_HEADER: case T_FOOTER:
		return SEP_PARA;
	case T_TD: case T_TH:
		return SEP_SPACE;
	default:
		return SEP_LINE;
	}
}

static int emit_sep(struct wn_buf *out, int sep)
{
	if (out->len == 0 || sep == SEP_NONE)
		return WN_OK;
	if (sep == SEP_SPACE)
		return wn_buf_addc(out, ' ');
	if (sep == SEP_LINE)
		return wn_buf_addc(out, '\n');
	return wn_buf_add(out, "\n\n", 2);
}

int html_text_out(const struct html_dom *d, uint32_t node, const uint8_t *skip, struct wn_buf *out)
{
	int sep = out->len ? SEP_PARA : SEP_NONE, rc;
	uint32_t n = node;

	if (skip && skip[node])
		return WN_OK;
	for (;;) {
		const struct html_node *nd = &d->nodes[n];
		int descend = 0;
		if (nd->tag == T_TEXT) {
			const char *s = d->text.data + nd->text_off;
			size_t len = nd->text_len;
			if (nd->flags & HN_PRE) {
				if (len) {
					if ((rc = emit_sep(out, sep)))
						return rc;
					sep = SEP_NONE;
					if ((rc = wn_buf_add(out, s, len)))
						return rc;
				}
			} else {
				size_t a = 0, b = len;
				if (a < b && s[a] == ' ') {
					a++;
					if (sep < SEP_SPACE)
						sep = SEP_SPACE;
				}
				int trail = b > a && s[b - 1] == ' ';
				if (trail)
					b--;
				if (b > a) {
					if ((rc = emit_sep(out, sep)))
						return rc;
					sep = SEP_NONE;
					if ((rc = wn_buf_add(out, s + a, b - a)))
						return rc;
				}
				if (trail && sep < SEP_SPACE)
					sep = SEP_SPACE;
			}
		} else {
			if (nd->flags & HN_BLOCK) {
				int bs = block_sep(nd->tag);
				if (sep < bs)
					sep = bs;
			} else if (nd->tag == T_IMG && sep < SEP_SPACE) {
				sep = SEP_SPACE;
			}
			descend = nd->first != 0;
		}
		/* Next node in document order, leaving skipped subtrees out. */
		if (descend) {
			uint32_t c = nd->first;
			while (c && skip && skip[c])
				c = d->nodes[c].next;
			if (c) {
				n = c;
				continue;
			}
		}
		for (;;) {
			const struct html_node *cur = &d->nodes[n];
			if (n != node && cur->tag != T_TEXT && (cur->flags & HN_BLOCK)) {
				int bs = block_sep(cur->tag);
				if (sep < bs)
					sep = bs;
			}
			if (n == node)
				goto done;
			uint32_t s = cur->next;
			while (s && skip && skip[s])
				s = d->nodes[s].next;
			if (s) {
				n = s;
				break;
			}
			n = cur->parent;
		}
	}
done:
	return WN_OK;
}
