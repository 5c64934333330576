/*
 * dedup: the decisions of `winnow dedup`, in input order. A document is an
 * exact duplicate when its normalized text equals a kept document's, a near
 * duplicate when its estimated Jaccard similarity to a kept document reaches
 * the threshold, and (when asked) a contained copy when at least a given
 * share of its shingles occurs in one kept document. Only kept documents are
 * indexed and compared against, so there are no transitive chains: each
 * dropped document names the kept document it copies.
 *
 * Candidates come from LSH banding over the full 32-bit signature values;
 * every candidate is verified against the kept document's stored b-bit
 * signature (4 bits per bin) before anything is dropped.
 *
 * Memory per kept document, at k bins and B bands:
 *     k/2 (signature) + 8 (exact hash) + 4 (shingle count)
 *     + 8 * (B + 1) / load (band and exact tables, load 0.4 to 0.8)
 *     [+ 4 with dup counts] [+ 8 + id length with kept ids]
 * The structure owns its memory; dedup_release frees it.
 */
#ifndef WN_DEDUP_H
#define WN_DEDUP_H

#include <stddef.h>
#include <stdint.h>

#include "filters/dedup_minhash.h"
#include "filters/dedup_table.h"

enum dedup_reason { DEDUP_KEEP = 0, DEDUP_EXACT, DEDUP_NEAR, DEDUP_CONTAINED };

struct dedup_opts {
	struct dedup_shape shape;
	double threshold;       /* estimated Jaccard for near duplicates, (0, 1] */
	double containment;     /* share of shingles in one kept document; 0: off */
	unsigned bands, rows;   /* LSH banding; 0: chosen from the thresholds */
	unsigned max_candidates; /* documents verified per band at most */
	int keep_ids;           /* remember kept ids (for --dups and the index) */
	int count_dups;         /* count duplicates per kept document */
	size_t max_memory;      /* bytes; 0: no limit */
	int exact_hash_only;    /* exact = equal 64-bit hashes of the whole text,
				 * even when the signature was computed on less
				 * (--lines); else signatures must agree too */
};

#define DEDUP_MAX_BANDS 64u

/* What a decision needs of one document: made from its signature by
 * dedup_key_make, which only reads the settings (so workers make keys while
 * the main thread decides). */
struct dedup_key {
	uint64_t exact;
	uint32_t nshingles;
	uint32_t tags[DEDUP_MAX_BANDS];        /* one per band */
	uint8_t packed[DEDUP_MAX_BINS / 2];    /* 4 bits per bin */
};

struct dedup_verdict {
	enum dedup_reason reason;
	uint32_t of;        /* the kept document, when not DEDUP_KEEP */
	double similarity;  /* estimated Jaccard, or containment */
};

struct dedup {
	struct dedup_opts o;
	unsigned sigbytes;   /* k / 2 */
	size_t n, cap;       /* kept documents */
	uint8_t *sig;        /* n * sigbytes, 4 bits per bin */
	uint64_t *exact;
	uint32_t *nsh;
	uint32_t *dups;      /* when count_dups */
	uint64_t *id_off;    /* n + 1 offsets into ids, when keep_ids */
	char *ids;
	size_t ids_len, ids_cap;
	struct dedup_table exact_t, band_t;
	uint32_t *cand;      /* scratch: candidates of one lookup */
	size_t ncand, cand_cap;
	uint64_t verified;   /* candidates verified (statistics) */
	size_t other_bytes;  /* held by companions (boilerplate lines), counted
			      * against max_memory */
	char err[160];
};

void dedup_opts_default(struct dedup_opts *o);
/* Checks the options and picks bands when unset. WN_OK or WN_EINVAL (message
 * in d->err). */
int dedup_init(struct dedup *d, const struct dedup_opts *o);
void dedup_release(struct dedup *d);

/* Makes the key of a signature (from dedup_minhash_compute with the same
 * shape). Reads only d's settings: safe from any thread. */
void dedup_key_make(const struct dedup *d, const struct dedup_sig *sig, struct dedup_key *key);

/*
 * Decides on the next document and, when it is kept, indexes it with its
 * id. WN_OK with *v set, WN_ELIMIT when keeping it would pass max_memory
 * (nothing changed), or WN_ENOMEM.
 */
int dedup_decide(struct dedup *d, const struct dedup_key *key, const char *id, size_t idlen,
		 struct dedup_verdict *v);

/* Id of kept document doc (keep_ids), or NULL. */
const char *dedup_id(const struct dedup *d, uint32_t doc, size_t *len);
/* Bytes held by the index. */
size_t dedup_bytes(const struct dedup *d);

/* Probability that LSH makes a pair of Jaccard similarity j a candidate. */
double dedup_band_prob(double j, unsigned bands, unsigned rows);
/* Bands and rows for a threshold: the most rows per band (fewest false
 * candidates) whose candidate probability at j reaches 0.99 with at most
 * maxbands bands and bands * rows <= bins. */
void dedup_pick_bands(double j, unsigned bins, unsigned maxbands, unsigned *bands,
		      unsigned *rows);

struct dedup_lines;

/* Saves or loads the whole index (dedup_index.c): kept documents, tables,
 * and the boilerplate line counts when lines is not NULL. The file starts
 * with a versioned header naming the settings that shape signatures and
 * tables and ends with an XXH3 checksum of everything before it; it is
 * written to PATH.tmp and renamed. Loading into a fresh dedup (dedup_init'ed
 * with the same settings) fails with WN_ECORRUPT (damaged) or WN_EINVAL
 * (other settings), message in d->err; WN_EIO with errno kept for file
 * errors (ENOENT: no index yet). */
int dedup_index_save(struct dedup *d, const struct dedup_lines *lines, const char *path);
int dedup_index_load(struct dedup *d, struct dedup_lines *lines, const char *path);

#endif
