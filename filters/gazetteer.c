#include "filters/gazetteer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/hash.h"
#include "core/text.h"
#include "filters/embed.h"

#define GAZ_SEED 0x67617a6574746565ull
#define GAZ_KIND_PHRASE 1
#define GAZ_KIND_FIRST 2
/* A user list larger than this many phrases is refused (bounded memory). */
#define GAZ_MAX_PHRASES ((size_t)1 << 24)

void gaz_init(struct gaz *g, int fold)
{
	memset(g, 0, sizeof(*g));
	g->fold = fold;
}

void gaz_release(struct gaz *g)
{
	if (!g)
		return;
	free(g->slots);
	g->slots = NULL;
	g->cap = g->used = 0;
}

static uint64_t phrase_step(uint64_t ph, uint64_t th)
{
	return wn_mix64(ph * 0x9E3779B97F4A7C15ull ^ th);
}

static uint64_t first_key(uint64_t th)
{
	uint64_t k = wn_mix64(th ^ 0x5bd1e9955bd1e995ull);
	return k ? k : 1;
}

static struct gaz_slot *find(const struct gaz *g, uint64_t key)
{
	if (!g->cap)
		return NULL;
	for (size_t i = key & (g->cap - 1);; i = (i + 1) & (g->cap - 1)) {
		if (g->slots[i].key == key)
			return &g->slots[i];
		if (!g->slots[i].key)
			return NULL;
	}
}

static int grow(struct gaz *g)
{
	size_t ncap = g->cap ? g->cap * 2 : 1024;
	struct gaz_slot *ns = calloc(ncap, sizeof(*ns));

	if (!ns)
		return WN_ENOMEM;
	for (size_t i = 0; i < g->cap; i++) {
		if (!g->slots[i].key)
			continue;
		size_t j = g->slots[i].key & (ncap - 1);
		while (ns[j].key)
			j = (j + 1) & (ncap - 1);
		ns[j] = g->slots[i];
	}
	free(g->slots);
	g->slots = ns;
	g->cap = ncap;
	return WN_OK;
}

static int upsert(struct gaz *g, uint64_t key, uint8_t kind, uint8_t len, uint16_t types)
{
	struct gaz_slot *s = find(g, key);

	if (!s) {
		if ((g->used + 1) * 2 > g->cap) {
			int rc = grow(g);
			if (rc)
				return rc;
		}
		size_t i = key & (g->cap - 1);
		while (g->slots[i].key)
			i = (i + 1) & (g->cap - 1);
		s = &g->slots[i];
		s->key = key;
		s->kind = kind;
		g->used++;
	}
	s->types |= types;
	if (len > s->len)
		s->len = len;
	return WN_OK;
}

uint64_t gaz_hash_folded(const char *s, size_t n)
{
	return wn_hash64(s, n, GAZ_SEED);
}

static uint64_t token_hash(int fold, const char *s, size_t n, struct wn_buf *scratch)
{
	if (!fold)
		return wn_hash64(s, n, GAZ_SEED);
	wn_buf_reset(scratch);
	if (wn_text_fold(scratch, s, n))
		return wn_hash64(s, n, GAZ_SEED);
	return wn_hash64(scratch->data, scratch->len, GAZ_SEED);
}

static int type_index(struct gaz *g, const char *s, size_t n)
{
	for (int i = 0; i < g->ntypes; i++)
		if (strlen(g->types[i]) == n && !memcmp(g->types[i], s, n))
			return i;
	if (g->ntypes >= GAZ_MAX_TYPES || n == 0 || n >= GAZ_TYPE_LEN)
		return -1;
	memcpy(g->types[g->ntypes], s, n);
	g->types[g->ntypes][n] = '\0';
	return g->ntypes++;
}

static int add_phrase(struct gaz *g, const char *s, size_t n, int type, struct wn_buf *scratch)
{
	struct wn_tokenizer tk;
	struct wn_token tok;
	uint64_t ph = GAZ_SEED, first = 0;
	size_t len = 0;
	int rc;

	wn_tok_init(&tk, s, n, WN_TOK_PUNCTUATION);
	while (wn_tok_next(&tk, &tok)) {
		uint64_t th = token_hash(g->fold, s + tok.start, tok.end - tok.start, scratch);
		if (len == 0)
			first = th;
		ph = phrase_step(ph, th);
		if (++len > GAZ_MAX_PHRASE)
			return WN_OK; /* too long to ever match cheaply: ignored */
	}
	if (len == 0)
		return WN_OK;
	if (g->nphrases >= GAZ_MAX_PHRASES)
		return WN_ELIMIT;
	if ((rc = upsert(g, ph ? ph : 1, GAZ_KIND_PHRASE, (uint8_t)len, (uint16_t)(1u << type))))
		return rc;
	g->nphrases++;
	return upsert(g, first_key(first), GAZ_KIND_FIRST, (uint8_t)len, 0);
}

int gaz_load_tsv(struct gaz *g, const char *s, size_t n)
{
	struct wn_buf scratch = WN_BUF_INIT(1 << 20);
	size_t i = 0, lineno = 0;
	int rc = WN_OK;

	while (i < n && rc == WN_OK) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n, le = end;
		const char *line = s + i, *tab;
		lineno++;
		if (le > i && s[le - 1] == '\r')
			le--;
		size_t len = le - i;
		i = end + 1;
		if (len == 0 || line[0] == '#')
			continue;
		tab = memchr(line, '\t', len);
		if (!tab) {
			snprintf(g->err, sizeof(g->err), "line %zu: expected phrase<TAB>type", lineno);
			rc = WN_ECORRUPT;
			break;
		}
		size_t tl = len - (size_t)(tab + 1 - line);
		const char *ty = tab + 1;
		while (tl && (ty[tl - 1] == ' ' || ty[tl - 1] == '\t'))
			tl--;
		int t = type_index(g, ty, tl);
		if (t < 0) {
			snprintf(g->err, sizeof(g->err), "line %zu: %s", lineno,
				 tl == 0 || tl >= GAZ_TYPE_LEN ? "bad type name" : "too many types");
			rc = tl == 0 || tl >= GAZ_TYPE_LEN ? WN_ECORRUPT : WN_ELIMIT;
			break;
		}
		rc = add_phrase(g, line, (size_t)(tab - line), t, &scratch);
		if (rc == WN_ELIMIT)
			snprintf(g->err, sizeof(g->err), "more than %zu phrases", GAZ_MAX_PHRASES);
	}
	wn_buf_release(&scratch);
	return rc;
}

int gaz_hash_words(const struct gaz *g, const struct gaz_word *w, size_t n, uint64_t *hashes,
		   struct wn_buf *scratch)
{
	for (size_t i = 0; i < n; i++)
		hashes[i] = token_hash(g->fold, w[i].s, w[i].n, scratch);
	return WN_OK;
}

/* The hashes of the phrases of 1..len tokens from h[0] (never 0: the
 * table's empty key); with prefetch, their table slots are asked for. */
static void phrase_keys(const struct gaz *g, const uint64_t *h, size_t len, uint64_t *keys,
			int prefetch)
{
	uint64_t ph = GAZ_SEED;

	for (size_t k = 0; k < len; k++) {
		ph = phrase_step(ph, h[k]);
		keys[k] = ph ? ph : 1;
		if (prefetch)
			__builtin_prefetch(&g->slots[keys[k] & (g->cap - 1)]);
	}
}

/* Longest phrase starting at i: its length and types (0 when none); with
 * want, only phrases having one of those types count. */
static size_t longest_at(const struct gaz *g, const uint64_t *h, size_t n, size_t i,
			 uint16_t want, uint16_t *types)
{
	const struct gaz_slot *f = find(g, first_key(h[i]));
	uint64_t keys[GAZ_MAX_PHRASE];
	size_t maxl;

	*types = 0;
	if (!f)
		return 0;
	maxl = f->len;
	if (maxl > n - i)
		maxl = n - i;
	phrase_keys(g, h + i, maxl, keys, 0);
	for (size_t l = maxl; l > 0; l--) {
		const struct gaz_slot *s = find(g, keys[l - 1]);
		if (s && s->kind == GAZ_KIND_PHRASE && (!want || (s->types & want))) {
			*types = want ? (uint16_t)(s->types & want) : s->types;
			return l;
		}
	}
	return 0;
}

int gaz_start_len(const struct gaz *g, uint64_t h)
{
	const struct gaz_slot *f = g ? find(g, first_key(h)) : NULL;

	return f ? f->len : 0;
}

void gaz_mark(const struct gaz *g, const uint64_t *h, size_t n, uint32_t *marks)
{
	gaz_mark_starts(g, h, n, NULL, NULL, marks);
}

/* Start tokens handled together: the table slots of a block's phrases are
 * asked for (prefetched) before any is read, so the misses overlap. */
#define MARK_BLOCK 16

void gaz_mark_starts(const struct gaz *g, const uint64_t *h, size_t n, const uint8_t *starts,
		     const uint8_t *unread, uint32_t *marks)
{
	memset(marks, 0, n * sizeof(*marks));
	if (!g || !g->used)
		return;
	for (size_t i0 = 0; i0 < n; i0 += MARK_BLOCK) {
		size_t i1 = i0 + MARK_BLOCK < n ? i0 + MARK_BLOCK : n;
		uint64_t keys[MARK_BLOCK][GAZ_MAX_PHRASE];
		size_t maxl[MARK_BLOCK];
		/* The phrase hashes from each start, as long as its longest
		 * phrase (looked up when not known). */
		for (size_t i = i0; i < i1; i++) {
			size_t q = i - i0, len = starts ? starts[i] : GAZ_START_UNKNOWN;
			maxl[q] = 0;
			if (!len)
				continue;
			if (len == GAZ_START_UNKNOWN) {
				const struct gaz_slot *f = find(g, first_key(h[i]));
				if (!f)
					continue;
				len = f->len;
			}
			if (len > n - i)
				len = n - i;
			if (unread) {
				size_t k = 0;
				while (k < len && unread[i + k])
					k++;
				if (k == len)
					continue;
			}
			maxl[q] = len;
			phrase_keys(g, h + i, len, keys[q], 1);
		}
		/* Each type's longest match from i: one pass from the longest
		 * phrase down, taking the types not matched yet. */
		for (size_t i = i0; i < i1; i++) {
			size_t q = i - i0;
			uint16_t left = 0xFFFF;
			for (size_t l = maxl[q]; l > 0 && left; l--) {
				const struct gaz_slot *s = find(g, keys[q][l - 1]);
				if (!s || s->kind != GAZ_KIND_PHRASE || !(s->types & left))
					continue;
				uint16_t types = s->types & left;
				for (int t = 0; t < g->ntypes; t++) {
					if (!(types & (1u << t)))
						continue;
					marks[i] |= 1u << (2 * t);
					for (size_t k = 1; k < l; k++)
						marks[i + k] |= 1u << (2 * t + 1);
				}
				left &= (uint16_t)~types;
			}
		}
	}
}

int gaz_match_longest(const struct gaz *g, const uint64_t *h, size_t n,
		      int (*fn)(void *ctx, const struct gaz_hit *hit), void *ctx)
{
	size_t i = 0;

	if (!g || !g->used)
		return 0;
	while (i < n) {
		uint16_t types;
		size_t l = longest_at(g, h, n, i, 0, &types);
		if (!l) {
			i++;
			continue;
		}
		struct gaz_hit hit = {i, i + l, __builtin_ctz(types)};
		int rc = fn(ctx, &hit);
		if (rc)
			return rc;
		i += l;
	}
	return 0;
}

static struct gaz builtin;
static int builtin_ok;
static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;

static void builtin_load(void)
{
	size_t n;
	const char *p = wn_embed_gazetteer(&n);

	gaz_init(&builtin, 1);
	builtin_ok = p && gaz_load_tsv(&builtin, p, n) == WN_OK;
}

const struct gaz *gaz_builtin(void)
{
	pthread_once(&builtin_once, builtin_load);
	return builtin_ok ? &builtin : NULL;
}
