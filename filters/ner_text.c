/*
 * ner over raw text: tokens, sentences, pieces, entities with byte offsets.
 */
#include <string.h>

#include "core/error.h"
#include "core/text.h"
#include "core/utf8.h"
#include "filters/ner.h"

static const char *const abbrev[] = {
	"Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Jr", "Sr", "Gen", "Col", "Lt", "Sgt", "Capt",
	"Cmdr", "Adm", "Gov", "Sen", "Rep", "Rev", "Hon", "Inc", "Corp", "Co", "Ltd", "Bros",
	"Mt", "Ft", "No", "Jan", "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
	"vs", "etc", "Ave", "Blvd", "Dept", "Univ", "Messrs", "Maj", "Brig", "Pres", "Gov",
};

static int is_abbrev(const char *s, size_t n)
{
	if (n == 1 && s[0] >= 'A' && s[0] <= 'Z')
		return 1; /* an initial: "J. Smith" */
	if (n < 2 || n > 6)
		return 0; /* the lengths in abbrev[] */
	for (size_t i = 0; i < sizeof(abbrev) / sizeof(abbrev[0]); i++)
		if (abbrev[i][0] == s[0] && strlen(abbrev[i]) == n && !memcmp(abbrev[i], s, n))
			return 1;
	return 0;
}

/* Kind of the first character: 'U' upper-case letter, 'l' lower-case, 'd'
 * digit, 'p' other. */
static char first_kind(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	uint32_t cp;

	if (c < 0x80) {
		if (c >= 'A' && c <= 'Z')
			return 'U';
		if (c >= 'a' && c <= 'z')
			return 'l';
		if (c >= '0' && c <= '9')
			return 'd';
		return 'p';
	}
	wn_utf8_decode(s, n, &cp);
	if (wn_uni_class(cp) != WN_UNI_WORD)
		return 'p';
	return wn_uni_fold(cp) != cp ? 'U' : 'l';
}

struct piece {
	size_t ntok, nsent, sent_len;
	int last_end; /* last token ends a sentence ('.', '!', '?') */
};

static int add_token(struct ner_tagger *t, const char *s, size_t a, size_t b)
{
	struct gaz_word w = {s + a, (uint32_t)(b - a)};
	size_t o[2] = {a, b};
	int rc;

	if ((rc = wn_buf_add(&t->words, &w, sizeof(w))))
		return rc;
	return wn_buf_add(&t->offs, o, sizeof(o));
}

static int add_ent(struct ner_tagger *t, size_t start, size_t end, const char *type)
{
	struct ner_ent e = {start, end, type};
	int rc = wn_buf_add(&t->ents, &e, sizeof(e));

	if (!rc)
		t->nents++;
	return rc;
}

struct hits {
	struct wn_buf *b;
};

static int collect_hit(void *ctx, const struct gaz_hit *hit)
{
	struct wn_buf *b = ctx;
	return wn_buf_add(b, hit, sizeof(*hit));
}

/* Tags the tokens gathered so far and appends their entities. */
static int flush_piece(struct ner_tagger *t, const struct gaz *user, size_t ntok, size_t nsent)
{
	const struct ner_model *m = t->m;
	struct gaz_word *w = (struct gaz_word *)(void *)t->words.data;
	const size_t *off = (const size_t *)(const void *)t->offs.data;
	uint32_t end = (uint32_t)ntok;
	struct ner_doc d;
	int rc;

	if (ntok == 0)
		return WN_OK;
	if ((rc = wn_buf_add(&t->sentb, &end, 4)))
		return rc;
	d.w = w;
	d.n = ntok;
	d.sents = (const uint32_t *)(const void *)t->sentb.data;
	d.nsent = nsent;
	wn_buf_reset(&t->tagb);
	if ((rc = wn_buf_grow(&t->tagb, ntok + 1)))
		return rc;
	uint8_t *tags = (uint8_t *)t->tagb.data;
	if ((rc = ner_tag_doc(t, &d, tags)))
		return rc;

	/* User gazetteer hits, which win over the model. */
	struct wn_buf hitb = WN_BUF_INIT((size_t)1 << 40);
	size_t nhits = 0;
	if (user && user->used) {
		wn_buf_reset(&t->hashb);
		if ((rc = wn_buf_grow(&t->hashb, ntok * 8)))
			return rc;
		uint64_t *h = (uint64_t *)(void *)t->hashb.data;
		gaz_hash_words(user, w, ntok, h, &t->fold);
		if ((rc = gaz_match_longest(user, h, ntok, collect_hit, &hitb))) {
			wn_buf_release(&hitb);
			return rc;
		}
		nhits = hitb.len / sizeof(struct gaz_hit);
	}
	const struct gaz_hit *hits = (const struct gaz_hit *)(const void *)hitb.data;
	size_t hi = 0;

	for (size_t s = 0; s < nsent && rc == WN_OK; s++) {
		size_t a = d.sents[s], b = d.sents[s + 1];
		struct conll_tag prev = {-1, 'O'};
		size_t start = 0;
		int open = 0;
		for (size_t i = a; i <= b && rc == WN_OK; i++) {
			struct conll_tag cur = i < b ? ner_tag_to_conll(m->scheme, tags[i])
						     : (struct conll_tag){-1, 'O'};
			int ends = open && (prev.pos == 'E' || prev.pos == 'S' || cur.pos == 'O' ||
					    cur.pos == 'B' || cur.pos == 'S' || cur.type != prev.type);
			if (ends) {
				open = 0;
				/* Emit user hits that come first; drop the entity if one overlaps. */
				int clash = 0;
				while (hi < nhits && hits[hi].start < i) {
					if (hits[hi].end <= start) {
						rc = add_ent(t, off[2 * hits[hi].start],
							     off[2 * (hits[hi].end - 1) + 1],
							     user->types[hits[hi].type]);
						hi++;
						continue;
					}
					clash = 1;
					break;
				}
				if (!clash && rc == WN_OK)
					rc = add_ent(t, off[2 * start], off[2 * (i - 1) + 1],
						     m->types[prev.type]);
			}
			if (i < b && cur.pos != 'O' &&
			    (!open || cur.pos == 'B' || cur.pos == 'S' || cur.type != prev.type ||
			     prev.pos == 'E' || prev.pos == 'S')) {
				open = 1;
				start = i;
			}
			prev = cur;
		}
	}
	while (rc == WN_OK && hi < nhits) {
		rc = add_ent(t, off[2 * hits[hi].start], off[2 * (hits[hi].end - 1) + 1],
			     user->types[hits[hi].type]);
		hi++;
	}
	wn_buf_release(&hitb);
	return rc;
}

int ner_tag_text(struct ner_tagger *t, const char *s, size_t n, const struct gaz *user)
{
	struct wn_tokenizer tk;
	struct wn_token tok;
	size_t ntok = 0, nsent = 0, sent_len = 0, prev_end = 0;
	int prev_final = 0, rc = WN_OK;

	wn_buf_reset(&t->ents);
	t->nents = 0;
	wn_buf_reset(&t->words);
	wn_buf_reset(&t->offs);
	wn_buf_reset(&t->sentb);
	wn_tok_init(&tk, s, n, WN_TOK_PUNCTUATION);
	while (wn_tok_next(&tk, &tok)) {
		size_t a = tok.start, b = tok.end;
		char k = first_kind(s + a, b - a);

		if (t->on_word && tok.kind == WN_TOK_WORD)
			t->on_word(t->word_ctx, s + a, b - a);

		/* "Mr" + "." and "J" + "." become one token, as in CoNLL. */
		if (tok.kind == WN_TOK_PUNCT && b - a == 1 && s[a] == '.' && sent_len > 0 &&
		    prev_end == a) {
			struct gaz_word *w = (struct gaz_word *)(void *)t->words.data + ntok - 1;
			if (!prev_final && is_abbrev(w->s, w->n)) {
				size_t *o = (size_t *)(void *)t->offs.data + 2 * (ntok - 1);
				w->n++;
				o[1] = b;
				prev_end = b;
				continue;
			}
		}
		int brk = 0;
		if (sent_len > 0) {
			size_t nl = 0;
			for (size_t i = prev_end; i < a; i++)
				nl += s[i] == '\n';
			if (nl >= 2 || (nl == 1 && k != 'l'))
				brk = 1;
			else if (prev_final && (k == 'U' || k == 'p' || k == 'd'))
				brk = 1;
			else if (sent_len >= NER_MAX_SENTENCE)
				brk = 1;
		}
		if (brk) {
			nsent++;
			sent_len = 0;
			if (ntok >= NER_CHUNK_TOKENS) {
				if ((rc = flush_piece(t, user, ntok, nsent)))
					return rc;
				wn_buf_reset(&t->words);
				wn_buf_reset(&t->offs);
				wn_buf_reset(&t->sentb);
				ntok = nsent = 0;
			}
		}
		if (sent_len == 0) {
			uint32_t st = (uint32_t)ntok;
			if ((rc = wn_buf_add(&t->sentb, &st, 4)))
				return rc;
		}
		/* "Germany's" -> "Germany" "'s". */
		size_t split = 0;
		if (tok.kind == WN_TOK_WORD) {
			if (b - a > 2 && (s[b - 1] == 's' || s[b - 1] == 'S') && s[b - 2] == '\'')
				split = b - 2;
			else if (b - a > 4 && (s[b - 1] == 's' || s[b - 1] == 'S') &&
				 !memcmp(s + b - 4, "\xe2\x80\x99", 3))
				split = b - 4;
		}
		if (split) {
			if ((rc = add_token(t, s, a, split)))
				return rc;
			ntok++;
			sent_len++;
			a = split;
		}
		if ((rc = add_token(t, s, a, b)))
			return rc;
		ntok++;
		sent_len++;
		prev_end = b;
		prev_final = tok.kind == WN_TOK_PUNCT && b - a == 1 &&
			     (s[a] == '.' || s[a] == '!' || s[a] == '?');
	}
	if (sent_len > 0)
		nsent++;
	return flush_piece(t, user, ntok, nsent);
}
