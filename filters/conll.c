#include "filters/conll.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "core/reader.h"

/* A training or evaluation file is read whole into memory: 1 GiB of tokens
 * is far beyond any annotated corpus and keeps a wrong file from taking the
 * machine. */
#define CONLL_MAX_BYTES ((size_t)1 << 30)
#define CONLL_MAX_LINE ((size_t)1 << 20)

void conll_corpus_init(struct conll_corpus *c)
{
	memset(c, 0, sizeof(*c));
	wn_buf_init(&c->words, CONLL_MAX_BYTES);
	wn_buf_init(&c->tok_off, CONLL_MAX_BYTES);
	wn_buf_init(&c->tags, CONLL_MAX_BYTES);
	wn_buf_init(&c->sents, CONLL_MAX_BYTES);
	wn_buf_init(&c->docs, CONLL_MAX_BYTES);
}

void conll_corpus_release(struct conll_corpus *c)
{
	if (!c)
		return;
	wn_buf_release(&c->words);
	wn_buf_release(&c->tok_off);
	wn_buf_release(&c->tags);
	wn_buf_release(&c->sents);
	wn_buf_release(&c->docs);
}

int conll_type_index(const struct conll_corpus *c, const char *name)
{
	for (int i = 0; i < c->ntypes; i++)
		if (!strcmp(c->types[i], name))
			return i;
	return -1;
}

int conll_parse_tag(struct conll_corpus *c, const char *s, size_t n, struct conll_tag *out)
{
	char name[CONLL_TYPE_LEN];
	int t;

	if (n == 1 && s[0] == 'O') {
		out->type = -1;
		out->pos = 'O';
		return WN_OK;
	}
	out->pos = 'I';
	if (n >= 2 && s[1] == '-') {
		switch (s[0]) {
		case 'B': case 'I': case 'E': case 'S': out->pos = s[0]; break;
		case 'L': out->pos = 'E'; break;
		case 'U': out->pos = 'S'; break;
		default: break;
		}
		s += 2;
		n -= 2;
	}
	if (n == 0 || n >= CONLL_TYPE_LEN) {
		snprintf(c->err, sizeof(c->err), "bad tag");
		return WN_ECORRUPT;
	}
	memcpy(name, s, n);
	name[n] = '\0';
	t = conll_type_index(c, name);
	if (t < 0) {
		if (c->ntypes >= CONLL_MAX_TYPES) {
			snprintf(c->err, sizeof(c->err), "more than %d entity types", CONLL_MAX_TYPES);
			return WN_ELIMIT;
		}
		t = c->ntypes++;
		memcpy(c->types[t], name, n + 1);
	}
	out->type = (int8_t)t;
	return WN_OK;
}

static int push_u32(struct wn_buf *b, uint32_t v)
{
	return wn_buf_add(b, &v, sizeof(v));
}

/* Closes the sentence being read, if it has tokens. */
static int end_sentence(struct conll_corpus *c, size_t *open_tokens)
{
	int rc;

	if (!*open_tokens)
		return WN_OK;
	if (c->nsent == 0 && c->ndoc == 0) {
		rc = push_u32(&c->docs, 0);
		if (rc)
			return rc;
		c->ndoc = 1;
	}
	c->nsent++;
	*open_tokens = 0;
	/* sents holds starts plus the end: overwrite the end marker. */
	rc = wn_buf_setlen(&c->sents, c->nsent * sizeof(uint32_t));
	if (rc)
		return rc;
	return push_u32(&c->sents, (uint32_t)c->ntok);
}

static int is_blank(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\r';
}

int conll_read_fd(struct conll_corpus *c, int fd)
{
	struct wn_reader rd;
	const char *line;
	size_t len, open = 0;
	int rc;

	if (!c->sents.len && (rc = push_u32(&c->sents, 0)))
		return rc;
	wn_reader_init_fd(&rd, fd, '\n', CONLL_MAX_LINE);
	while ((rc = wn_reader_next(&rd, &line, &len)) != WN_EOF) {
		size_t i = 0, ws, we, ts, te;
		if (rc == WN_ERECBIG) {
			snprintf(c->err, sizeof(c->err), "line %llu: too long",
				 (unsigned long long)rd.lineno);
			rc = WN_ECORRUPT;
			break;
		}
		if (rc) {
			if (rc == WN_EIO)
				snprintf(c->err, sizeof(c->err), "%s", strerror(rd.err));
			break;
		}
		while (i < len && is_blank(line[i]))
			i++;
		if (i == len) {
			if ((rc = end_sentence(c, &open)))
				break;
			continue;
		}
		ws = i;
		while (i < len && !is_blank(line[i]))
			i++;
		we = i;
		/* The tag is the last column. */
		te = len;
		while (te > we && is_blank(line[te - 1]))
			te--;
		ts = te;
		while (ts > we && !is_blank(line[ts - 1]))
			ts--;
		if (we - ws == 10 && !memcmp(line + ws, "-DOCSTART-", 10)) {
			if ((rc = end_sentence(c, &open)))
				break;
			if (c->nsent > 0 || c->ndoc > 0) {
				uint32_t last = c->ndoc ? ((uint32_t *)(void *)c->docs.data)[c->ndoc - 1] : 0;
				if (c->ndoc == 0 || last != c->nsent) {
					if ((rc = push_u32(&c->docs, (uint32_t)c->nsent)))
						break;
					c->ndoc++;
				}
			}
			continue;
		}
		if (ts == we) {
			snprintf(c->err, sizeof(c->err), "line %llu: expected a token and a tag",
				 (unsigned long long)rd.lineno);
			rc = WN_ECORRUPT;
			break;
		}
		struct conll_tag tag;
		if ((rc = conll_parse_tag(c, line + ts, te - ts, &tag))) {
			char why[sizeof(c->err)];
			memcpy(why, c->err, sizeof(why));
			why[60] = '\0';
			snprintf(c->err, sizeof(c->err), "line %llu: %.60s", (unsigned long long)rd.lineno,
				 why);
			break;
		}
		if (c->words.len > UINT32_MAX - (we - ws) - 1) {
			snprintf(c->err, sizeof(c->err), "corpus too large");
			rc = WN_ELIMIT;
			break;
		}
		if ((rc = push_u32(&c->tok_off, (uint32_t)c->words.len)) ||
		    (rc = wn_buf_add(&c->words, line + ws, we - ws)) ||
		    (rc = wn_buf_addc(&c->words, '\0')) ||
		    (rc = wn_buf_add(&c->tags, &tag, sizeof(tag))))
			break;
		c->ntok++;
		open++;
	}
	if (rc == WN_EOF)
		rc = end_sentence(c, &open);
	wn_reader_release(&rd);
	if (rc == WN_ERECBIG)
		rc = WN_ELIMIT;
	return rc;
}

/* conlleval's endOfChunk and startOfChunk. */
static int chunk_end(struct conll_tag prev, struct conll_tag cur)
{
	char p = prev.pos, t = cur.pos;

	if (p == 'O')
		return 0;
	if (p == 'E' || p == 'S')
		return 1;
	if (t == 'B' || t == 'S' || t == 'O')
		return 1;
	return prev.type != cur.type;
}

static int chunk_start(struct conll_tag prev, struct conll_tag cur)
{
	char p = prev.pos, t = cur.pos;

	if (t == 'O')
		return 0;
	if (t == 'B' || t == 'S')
		return 1;
	if (p == 'O' || p == 'E' || p == 'S')
		return 1;
	return prev.type != cur.type;
}

size_t conll_spans(const struct conll_tag *tags, size_t n, struct conll_span *out, size_t max)
{
	struct conll_tag prev = {-1, 'O'};
	size_t k = 0, start = 0;
	int open = 0;

	for (size_t i = 0; i <= n; i++) {
		struct conll_tag cur = i < n ? tags[i] : (struct conll_tag){-1, 'O'};
		if (open && chunk_end(prev, cur)) {
			if (k < max) {
				out[k].start = (uint32_t)start;
				out[k].end = (uint32_t)i;
				out[k].type = prev.type;
			}
			k++;
			open = 0;
		}
		if (i < n && chunk_start(prev, cur)) {
			start = i;
			open = 1;
		}
		prev = cur;
	}
	return k;
}

void conll_score_init(struct conll_score *s, int ntypes)
{
	memset(s, 0, sizeof(*s));
	s->ntypes = ntypes;
}

void conll_score_add(struct conll_score *s, const struct conll_tag *gold,
		     const struct conll_tag *pred, size_t n)
{
	struct conll_tag pg = {-1, 'O'}, pp = {-1, 'O'};
	size_t gstart = 0, pstart = 0;
	int gopen = 0, popen = 0, all = s->ntypes;

	/* One pass, as conlleval: a chunk is correct when both open and close
	 * at the same tokens with the same type. */
	for (size_t i = 0; i <= n; i++) {
		struct conll_tag g = i < n ? gold[i] : (struct conll_tag){-1, 'O'};
		struct conll_tag p = i < n ? pred[i] : (struct conll_tag){-1, 'O'};
		int gend = gopen && chunk_end(pg, g), pend = popen && chunk_end(pp, p);
		if (gend) {
			s->gold[pg.type]++;
			s->gold[all]++;
		}
		if (pend) {
			s->pred[pp.type]++;
			s->pred[all]++;
		}
		if (gend && pend && gstart == pstart && pg.type == pp.type) {
			s->correct[pg.type]++;
			s->correct[all]++;
		}
		if (gend)
			gopen = 0;
		if (pend)
			popen = 0;
		if (i < n) {
			if (chunk_start(pg, g)) {
				gopen = 1;
				gstart = i;
			}
			if (chunk_start(pp, p)) {
				popen = 1;
				pstart = i;
			}
			s->tokens++;
			if (g.type == p.type)
				s->tokens_correct++;
		}
		pg = g;
		pp = p;
	}
}

void conll_score_prf(const struct conll_score *s, int t, double *p, double *r, double *f1)
{
	double c = (double)s->correct[t];

	*p = s->pred[t] ? 100.0 * c / (double)s->pred[t] : 0.0;
	*r = s->gold[t] ? 100.0 * c / (double)s->gold[t] : 0.0;
	*f1 = *p + *r > 0 ? 2 * *p * *r / (*p + *r) : 0.0;
}
