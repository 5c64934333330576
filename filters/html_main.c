/*
 * The article body of a page (HTML_MAIN), readability's way on our tree:
 *
 * 1. Every block's own inline text is a paragraph. Paragraphs of 25+
 *    characters give their ancestors points (1 + commas + length/100, up to
 *    3 for length; halved for the grandparent, then divided by 3*level),
 *    less the share of link text.
 * 2. A container's score starts from its tag and its class/id/role hints
 *    (articleBody, content, story... against nav, share, comment, related...)
 *    and is scaled by (1 - link density). The best container wins; it moves
 *    up while it is an only child, or to the common ancestor of the close
 *    runners-up.
 * 3. Its siblings join when they score near it or are clean paragraphs.
 * 4. Inside, boilerplate is dropped: nav/aside/form/figure/header/h1,
 *    elements with strong boilerplate hints, and readability's conditional
 *    cleaning of link-heavy, image-heavy or list-heavy blocks with few commas.
 *
 * Everything is computed in two passes over the node array (children come
 * after their parents), without recursion.
 */
#include "filters/html_main.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

struct agg {
	uint32_t chars;   /* visible characters in the subtree */
	uint32_t links;   /* of which inside links */
	uint32_t commas;  /* commas in the subtree */
	uint32_t inl;     /* characters not inside a nested block */
	uint32_t inl_commas;
	uint32_t inl_links;
	uint32_t p, img, li, heads; /* <p>, <img>, <li>, <h*> descendants */
	float score;
	uint8_t cand;
};

/* Hints at or below this drop an element outright (pure boilerplate words,
 * no content word to offset them); milder ones go to conditional cleaning. */
#define HINT_SKIP (-40)

static int is_heading(uint16_t t)
{
	return t >= T_H1 && t <= T_H6;
}

static uint32_t count_chars(const char *s, size_t n, uint32_t *commas)
{
	uint32_t c = 0, k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];
		if ((b & 0xC0) != 0x80)
			c++;
		if (b == ',')
			k++;
		/* U+FF0C fullwidth comma, U+3001 ideographic comma */
		else if (b == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBC &&
			 (unsigned char)s[i + 2] == 0x8C)
			k++;
		else if (b == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
			 (unsigned char)s[i + 2] == 0x81)
			k++;
	}
	*commas = k;
	return c;
}

static float tag_base(uint16_t t)
{
	switch (t) {
	case T_DIV: case T_SECTION:
		return 5;
	case T_ARTICLE:
		return 25;
	case T_MAIN:
		return 15;
	case T_PRE: case T_TD: case T_BLOCKQUOTE:
		return 3;
	case T_ADDRESS: case T_OL: case T_UL: case T_DL: case T_DD: case T_DT: case T_LI:
	case T_FORM:
		return -3;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6: case T_TH:
		return -5;
	case T_NAV: case T_ASIDE: case T_FOOTER: case T_HEADER: case T_MENU: case T_DIALOG:
		return -25;
	default:
		return 0;
	}
}

/* Paragraph-like blocks give their points to their parent; other blocks
 * hold their own loose text and get its points themselves. */
static int para_like(uint16_t t)
{
	switch (t) {
	case T_P: case T_PRE: case T_TD: case T_TH: case T_LI: case T_DD: case T_DT:
	case T_BLOCKQUOTE: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
	case T_ADDRESS: case T_FIGCAPTION: case T_CAPTION: case T_SUMMARY:
		return 1;
	default:
		return 0;
	}
}

/* Elements never part of an article body. */
static int junk_tag(uint16_t t)
{
	switch (t) {
	case T_NAV: case T_ASIDE: case T_FORM: case T_FIELDSET: case T_FOOTER: case T_FIGURE:
	case T_FIGCAPTION: case T_H1: case T_DIALOG: case T_MENU: case T_HEADER:
		return 1;
	default:
		return 0;
	}
}

static float link_density(const struct agg *a)
{
	return a->chars ? (float)a->links / (float)a->chars : 0;
}

static int is_ancestor(const struct html_dom *d, uint32_t anc, uint32_t n)
{
	while (n) {
		if (n == anc)
			return 1;
		n = d->nodes[n].parent;
	}
	return anc == 0;
}

void html_main_init(struct html_main *m)
{
	memset(m, 0, sizeof(*m));
}

void html_main_release(struct html_main *m)
{
	if (!m)
		return;
	free(m->agg);
	free(m->skip);
	memset(m, 0, sizeof(*m));
}

static int ensure(struct html_main *m, size_t n)
{
	if (n <= m->cap)
		return WN_OK;
	size_t bytes;
	if (wn_size_mul(n, sizeof(struct agg), &bytes))
		return WN_ERECBIG;
	struct agg *a = realloc(m->agg, bytes);
	if (!a)
		return WN_ENOMEM;
	m->agg = a;
	uint8_t *s = realloc(m->skip, n);
	if (!s)
		return WN_ENOMEM;
	m->skip = s;
	m->cap = n;
	return WN_OK;
}

static void add_score(struct agg *A, const struct html_dom *d, uint32_t n, float s)
{
	if (!A[n].cand) {
		A[n].cand = 1;
		A[n].score += tag_base(d->nodes[n].tag) + d->nodes[n].hint;
	}
	A[n].score += s;
}

/* Pass 1: aggregates, bottom-up. */
static void aggregate(const struct html_dom *d, struct agg *A)
{
	memset(A, 0, d->n * sizeof(*A));
	for (size_t i = d->n; i-- > 0;) {
		const struct html_node *nd = &d->nodes[i];
		struct agg *a = &A[i];
		if (nd->tag == T_TEXT) {
			a->chars = count_chars(d->text.data + nd->text_off, nd->text_len, &a->commas);
			if (nd->flags & HN_INLINK)
				a->links = a->chars;
			a->inl = a->chars;
			a->inl_commas = a->commas;
			a->inl_links = a->links;
		} else {
			if (nd->tag == T_P)
				a->p++;
			else if (nd->tag == T_IMG)
				a->img++;
			else if (nd->tag == T_LI)
				a->li++;
			else if (is_heading(nd->tag))
				a->heads += a->chars;
		}
		if (i == 0)
			break;
		struct agg *p = &A[nd->parent];
		p->chars += a->chars;
		p->links += a->links;
		p->commas += a->commas;
		p->p += a->p;
		p->img += a->img;
		p->li += a->li;
		p->heads += a->heads;
		if (nd->tag == T_TEXT || !(nd->flags & HN_BLOCK)) {
			p->inl += a->inl;
			p->inl_commas += a->inl_commas;
			p->inl_links += a->inl_links;
		}
	}
}

/* Pass 2: paragraph points to ancestors. */
static void score(const struct html_dom *d, struct agg *A)
{
	for (size_t i = 1; i < d->n; i++) {
		const struct html_node *nd = &d->nodes[i];
		const struct agg *a = &A[i];
		if (nd->tag == T_TEXT || !(nd->flags & HN_BLOCK) || a->inl < 25)
			continue;
		float s = 1.0f + (float)a->inl_commas + (float)(a->inl / 100 > 3 ? 3 : a->inl / 100);
		s *= 1.0f - (float)a->inl_links / (float)a->inl;
		uint32_t n = para_like(nd->tag) ? nd->parent : (uint32_t)i;
		for (int level = 0; level < 5; level++) {
			float div = level == 0 ? 1.0f : level == 1 ? 2.0f : (float)level * 3.0f;
			add_score(A, d, n, s / div);
			if (n == 0)
				break;
			n = d->nodes[n].parent;
		}
	}
	for (size_t i = 0; i < d->n; i++)
		if (A[i].cand)
			A[i].score *= 1.0f - link_density(&A[i]);
}

static uint32_t elem_children(const struct html_dom *d, uint32_t n, uint32_t *only)
{
	uint32_t k = 0;
	for (uint32_t c = d->nodes[n].first; c; c = d->nodes[c].next) {
		if (d->nodes[c].tag == T_TEXT) {
			/* Loose text counts as content of its own. */
			if (d->nodes[c].text_len > 1)
				k++;
			continue;
		}
		k++;
		*only = c;
	}
	return k;
}

static uint32_t choose_top(const struct html_dom *d, struct agg *A)
{
	enum { NTOP = 5 };
	uint32_t top[NTOP] = {0};
	int ntop = 0;
	for (size_t i = 0; i < d->n; i++) {
		if (!A[i].cand)
			continue;
		int k = ntop < NTOP ? ntop++ : NTOP - 1;
		if (k == NTOP - 1 && ntop == NTOP && A[top[k]].score >= A[i].score)
			continue;
		top[k] = (uint32_t)i;
		while (k > 0 && A[top[k - 1]].score < A[top[k]].score) {
			uint32_t t = top[k - 1];
			top[k - 1] = top[k];
			top[k] = t;
			k--;
		}
	}
	if (!ntop)
		return UINT32_MAX;
	uint32_t best = top[0];
	/* Close runners-up elsewhere: the article is their common ancestor. */
	int alts = 0;
	for (int i = 1; i < ntop; i++)
		if (A[top[i]].score >= 0.75f * A[best].score && !is_ancestor(d, best, top[i]) &&
		    !is_ancestor(d, top[i], best))
			alts++;
	if (alts >= 2) {
		uint32_t p = d->nodes[best].parent;
		while (p) {
			int inside = 0;
			for (int i = 1; i < ntop; i++)
				if (A[top[i]].score >= 0.75f * A[best].score && is_ancestor(d, p, top[i]))
					inside++;
			if (inside >= 2)
				break;
			p = d->nodes[p].parent;
		}
		if (p && d->nodes[p].tag != T_BODY && d->nodes[p].tag != T_HTML)
			best = p;
	}
	/* An only child says nothing: its parent is the container. */
	for (;;) {
		uint32_t p = d->nodes[best].parent, only = 0;
		if (best == 0 || p == 0 || d->nodes[p].tag == T_BODY || d->nodes[p].tag == T_HTML)
			break;
		if (elem_children(d, p, &only) != 1)
			break;
		best = p;
	}
	return best;
}

/* Readability's conditional cleaning of one block inside the article. */
static int clean_conditionally(const struct html_dom *d, const struct agg *A, uint32_t i)
{
	const struct html_node *nd = &d->nodes[i];
	const struct agg *a = &A[i];
	uint16_t t = nd->tag;
	if (t != T_DIV && t != T_SECTION && t != T_UL && t != T_OL && t != T_TABLE && t != T_DL &&
	    t != T_CENTER)
		return 0;
	int weight = nd->hint;
	if (weight + (a->cand ? a->score : 0) < 0 && weight < 0)
		return 1;
	if (a->commas >= 10)
		return 0;
	int list = t == T_UL || t == T_OL || t == T_DL;
	float ld = link_density(a);
	float p = (float)a->p;
	if (a->img > 1 && p / (float)a->img < 0.5f)
		return 1;
	if (!list && a->li > a->p + 1 && t != T_LI)
		return 1;
	if (!list && a->chars < 25 && (a->img == 0 || a->img > 2) && a->heads < a->chars)
		return 1;
	if (weight < 25 && ld > 0.2f + (list ? 0.3f : 0.0f))
		return 1;
	if (weight >= 25 && ld > 0.5f)
		return 1;
	return 0;
}

/* Whether kept content follows heading h inside top (up to the next
 * heading, which counts as content). */
static int followed_by_content(const struct html_dom *d, const struct agg *A, const uint8_t *skip,
			       uint32_t h, uint32_t top)
{
	for (uint32_t n = h; n && n != top; n = d->nodes[n].parent) {
		for (uint32_t s = d->nodes[n].next; s; s = d->nodes[s].next) {
			const struct html_node *sn = &d->nodes[s];
			if (sn->tag == T_TEXT) {
				if (sn->text_len > 1)
					return 1;
				continue;
			}
			if (skip[s])
				continue;
			if (is_heading(sn->tag) || A[s].chars > 0)
				return 1;
		}
	}
	return 0;
}

/* Marks what to leave out of the subtree at top. */
static void mark_skips(const struct html_dom *d, const struct agg *A, uint8_t *skip, uint32_t top)
{
	/* Nodes of a subtree are contiguous in the array (document order):
	 * it ends where the next sibling of top or of its nearest ancestor with
	 * one begins. */
	uint32_t end = (uint32_t)d->n;
	for (uint32_t n = top; n; n = d->nodes[n].parent) {
		if (d->nodes[n].next) {
			end = d->nodes[n].next;
			break;
		}
	}
	for (uint32_t i = top + 1; i < end && i < d->n; i++) {
		const struct html_node *nd = &d->nodes[i];
		if (skip[nd->parent]) {
			skip[i] = 1;
			continue;
		}
		if (nd->tag == T_TEXT)
			continue;
		if (junk_tag(nd->tag) || nd->hint <= HINT_SKIP ||
		    clean_conditionally(d, A, i))
			skip[i] = 1;
	}
	/* A heading over nothing but dropped blocks ("Related stories", "You
	 * may also like") goes with them. */
	for (uint32_t i = top + 1; i < end && i < d->n; i++)
		if (!skip[i] && is_heading(d->nodes[i].tag) && !followed_by_content(d, A, skip, i, top))
			skip[i] = 1;
}

int html_main_extract(struct html_main *m, const struct html_dom *d, struct wn_buf *out,
		      int *found)
{
	int rc;
	*found = 0;
	if ((rc = ensure(m, d->n ? d->n : 1)))
		return rc;
	struct agg *A = m->agg;
	uint8_t *skip = m->skip;
	memset(skip, 0, d->n);
	aggregate(d, A);
	score(d, A);
	uint32_t top = choose_top(d, A);
	if (top == UINT32_MAX || A[top].chars < 25) {
		/* No article: all the text, without the obvious boilerplate. */
		for (uint32_t i = 1; i < d->n; i++) {
			const struct html_node *nd = &d->nodes[i];
			if (skip[nd->parent] || (nd->tag != T_TEXT && (junk_tag(nd->tag) && nd->tag != T_H1 &&
								       nd->tag != T_FIGURE)))
				skip[i] = 1;
		}
		return html_text_out(d, 0, skip, out);
	}
	*found = 1;
	if (top == 0) {
		mark_skips(d, A, skip, 0);
		return html_text_out(d, 0, skip, out);
	}
	/* Siblings that belong with it. */
	uint32_t par = d->nodes[top].parent;
	float thr = A[top].score * 0.2f;
	if (thr < 10)
		thr = 10;
	for (uint32_t c = d->nodes[par].first; c; c = d->nodes[c].next) {
		int take = 0;
		const struct html_node *nd = &d->nodes[c];
		const struct agg *a = &A[c];
		if (c == top) {
			take = 1;
		} else if (nd->tag == T_TEXT || junk_tag(nd->tag) || nd->hint <= HINT_SKIP) {
			take = 0;
		} else if (a->cand && a->score >= thr) {
			take = 1;
		} else if (nd->tag == T_P) {
			float ld = link_density(a);
			if (a->chars > 80 && ld < 0.25f)
				take = 1;
		}
		if (!take)
			continue;
		mark_skips(d, A, skip, c);
		if ((rc = html_text_out(d, c, skip, out)))
			return rc;
	}
	return WN_OK;
}
