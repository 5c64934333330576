/*
 * The saved dedup index: a memory image of the kept documents and tables.
 *
 *     "WNDEDUP\n" u32 version, u32 byte-order mark 0x01020304
 *     u32 bins, shingle, chars, bands, rows, sig_bits, lines_times, lines_min
 *     u64 docs, ids_len, exact_cap, exact_n, band_cap, band_n,
 *         lines_cap, lines_n, lines_docs
 *     signatures, exact hashes, shingle counts, id offsets, ids,
 *     exact table, band table, line table
 *     u64 XXH3 of every byte before it
 *
 * Tables are saved whole (not rebuilt) so that a run continued from an
 * index makes exactly the decisions of one longer run.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/hash.h"
#include "filters/dedup.h"
#include "filters/dedup_lines.h"

#define MAGIC "WNDEDUP\n"
#define VERSION 1u
#define BOM 0x01020304u
#define SIG_BITS 4u

struct hdr {
	char magic[8];
	uint32_t version, bom;
	uint32_t bins, shingle, chars, bands, rows, sig_bits, lines_times, lines_min;
	uint64_t docs, ids_len, exact_cap, exact_n, band_cap, band_n, lines_cap, lines_n,
		lines_docs;
};

struct wfile {
	int fd;
	XXH3_state_t st;
	char buf[1 << 16];
	size_t len;
	int err;
};

static int wflush(struct wfile *w)
{
	size_t off = 0;
	while (off < w->len) {
		ssize_t k = write(w->fd, w->buf + off, w->len - off);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			w->err = errno;
			return WN_EIO;
		}
		off += (size_t)k;
	}
	w->len = 0;
	return WN_OK;
}

static int wput(struct wfile *w, const void *p, size_t n)
{
	const char *s = p;
	XXH3_64bits_update(&w->st, p, n);
	while (n) {
		size_t room = sizeof(w->buf) - w->len, k = n < room ? n : room;
		memcpy(w->buf + w->len, s, k);
		w->len += k;
		s += k;
		n -= k;
		if (w->len == sizeof(w->buf) && wflush(w))
			return WN_EIO;
	}
	return WN_OK;
}

static void fill_hdr(struct hdr *h, const struct dedup *d, const struct dedup_lines *l)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, MAGIC, 8);
	h->version = VERSION;
	h->bom = BOM;
	h->bins = d->o.shape.bins;
	h->shingle = d->o.shape.shingle;
	h->chars = (uint32_t)d->o.shape.chars;
	h->bands = d->o.bands;
	h->rows = d->o.rows;
	h->sig_bits = SIG_BITS;
	h->docs = d->n;
	h->ids_len = d->id_off ? d->ids_len : 0;
	h->exact_cap = d->exact_t.cap;
	h->exact_n = d->exact_t.n;
	h->band_cap = d->band_t.cap;
	h->band_n = d->band_t.n;
	if (l && l->times) {
		h->lines_times = l->times;
		h->lines_min = (uint32_t)l->min;
		h->lines_cap = l->cap;
		h->lines_n = l->n;
		h->lines_docs = l->docs;
	}
}

int dedup_index_save(struct dedup *d, const struct dedup_lines *l, const char *path)
{
	struct wfile *w = malloc(sizeof(*w));
	struct wn_buf tmp = WN_BUF_INIT(65536);
	struct hdr h;
	uint64_t zero = 0, sum;
	int rc = WN_EIO;

	if (!w)
		return WN_ENOMEM;
	if (wn_buf_adds(&tmp, path) || wn_buf_adds(&tmp, ".tmp")) {
		free(w);
		wn_buf_release(&tmp);
		return WN_ENOMEM;
	}
	w->len = 0;
	w->err = 0;
	XXH3_64bits_reset(&w->st);
	w->fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (w->fd < 0) {
		rc = WN_EIO;
		goto out;
	}
	fill_hdr(&h, d, l);
	int e = wput(w, &h, sizeof(h));
	if (d->n) {
		e = e || wput(w, d->sig, d->n * d->sigbytes);
		e = e || wput(w, d->exact, d->n * sizeof(uint64_t));
		e = e || wput(w, d->nsh, d->n * sizeof(uint32_t));
		if (d->id_off) {
			e = e || wput(w, d->id_off, (d->n + 1) * sizeof(uint64_t));
			e = e || wput(w, d->ids, d->ids_len);
		} else {
			for (size_t i = 0; i <= d->n && !e; i++)
				e = wput(w, &zero, sizeof(zero));
		}
	}
	if (d->exact_t.cap)
		e = e || wput(w, d->exact_t.slot, d->exact_t.cap * sizeof(struct dedup_slot));
	if (d->band_t.cap)
		e = e || wput(w, d->band_t.slot, d->band_t.cap * sizeof(struct dedup_slot));
	if (h.lines_cap)
		e = e || wput(w, l->tab, l->cap * sizeof(*l->tab));
	sum = XXH3_64bits_digest(&w->st);
	e = e || wput(w, &sum, sizeof(sum)) || wflush(w);
	if (e) {
		errno = w->err;
		rc = WN_EIO;
		close(w->fd);
		unlink(tmp.data);
		goto out;
	}
	if (fsync(w->fd) || close(w->fd)) {
		int k = errno;
		unlink(tmp.data);
		errno = k;
		rc = WN_EIO;
		goto out;
	}
	if (rename(tmp.data, path)) {
		int k = errno;
		unlink(tmp.data);
		errno = k;
		rc = WN_EIO;
		goto out;
	}
	rc = WN_OK;
out:
	free(w);
	wn_buf_release(&tmp);
	return rc;
}

struct rfile {
	int fd;
	XXH3_state_t st;
	int short_read;
};

static int rget(struct rfile *r, void *p, size_t n)
{
	char *s = p;
	size_t off = 0;
	while (off < n) {
		ssize_t k = read(r->fd, s + off, n - off);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return WN_EIO;
		}
		if (k == 0) {
			r->short_read = 1;
			return WN_ECORRUPT;
		}
		off += (size_t)k;
	}
	XXH3_64bits_update(&r->st, p, n);
	return WN_OK;
}

static int corrupt(struct dedup *d, const char *what)
{
	snprintf(d->err, sizeof(d->err), "damaged dedup index (%s)", what);
	return WN_ECORRUPT;
}

static int mismatch(struct dedup *d, const char *what, unsigned saved, unsigned now)
{
	snprintf(d->err, sizeof(d->err),
		 "index was made with %s %u, this run uses %u (use the same settings or a new index)",
		 what, saved, now);
	return WN_EINVAL;
}

/* Expected file size from a header, or 0 on overflow. */
static uint64_t expected_size(const struct hdr *h, unsigned sigbytes)
{
	double s = sizeof(*h) + 8.0;
	if (h->docs)
		s += (double)h->docs * (sigbytes + 12) + (h->docs + 1) * 8.0 + (double)h->ids_len;
	s += ((double)h->exact_cap + (double)h->band_cap) * sizeof(struct dedup_slot);
	s += (double)h->lines_cap * sizeof(struct dedup_line_entry);
	if (s > 1e18)
		return 0;
	return (uint64_t)s;
}

int dedup_index_load(struct dedup *d, struct dedup_lines *l, const char *path)
{
	struct rfile r = {0};
	struct hdr h;
	struct stat sb;
	uint64_t sum, want;
	int rc, magic_ok = 0;

	r.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r.fd < 0)
		return WN_EIO;
	XXH3_64bits_reset(&r.st);
	if (fstat(r.fd, &sb)) {
		rc = WN_EIO;
		goto out;
	}
	rc = rget(&r, &h, sizeof(h));
	if (rc == WN_ECORRUPT || (rc == WN_OK && memcmp(h.magic, MAGIC, 8))) {
		snprintf(d->err, sizeof(d->err), "not a winnow dedup index");
		rc = WN_ECORRUPT;
		goto out;
	}
	if (rc)
		goto out;
	magic_ok = 1;
	if (h.version != VERSION) {
		snprintf(d->err, sizeof(d->err),
			 "dedup index version %u, this winnow reads version %u", h.version, VERSION);
		rc = WN_EINVAL;
		goto out;
	}
	if (h.bom != BOM) {
		snprintf(d->err, sizeof(d->err), "dedup index made on a machine of another byte order");
		rc = WN_EINVAL;
		goto out;
	}
	if (h.bins != d->o.shape.bins)
		rc = mismatch(d, "--num-perm", h.bins, d->o.shape.bins);
	else if (h.shingle != d->o.shape.shingle)
		rc = mismatch(d, "--shingle", h.shingle, d->o.shape.shingle);
	else if (h.chars != (uint32_t)d->o.shape.chars)
		rc = mismatch(d, "--chars", h.chars, (unsigned)d->o.shape.chars);
	else if (h.bands != d->o.bands)
		rc = mismatch(d, "bands", h.bands, d->o.bands);
	else if (h.rows != d->o.rows)
		rc = mismatch(d, "rows", h.rows, d->o.rows);
	else if (h.sig_bits != SIG_BITS)
		rc = corrupt(d, "signature bits");
	else if (h.lines_times != (l ? l->times : 0))
		rc = mismatch(d, "--lines", h.lines_times, l ? l->times : 0);
	else if (h.lines_times && h.lines_min != l->min)
		rc = mismatch(d, "--line-min", h.lines_min, (unsigned)l->min);
	if (rc)
		goto out;
	want = expected_size(&h, d->sigbytes);
	if (!want || (uint64_t)sb.st_size != want || h.docs >= UINT32_MAX ||
	    (h.exact_cap && h.exact_cap < 16) || (h.band_cap && h.band_cap < 16) ||
	    (h.lines_cap & (h.lines_cap - 1)) || h.exact_n > h.exact_cap ||
	    h.band_n > h.band_cap || h.lines_n > h.lines_cap || h.exact_n != h.docs) {
		rc = corrupt(d, "size does not match its header");
		goto out;
	}
	if (d->o.max_memory && want > d->o.max_memory) {
		snprintf(d->err, sizeof(d->err), "index needs more than --max-memory");
		rc = WN_ELIMIT;
		goto out;
	}
	if (h.docs) {
		size_t n = (size_t)h.docs;
		d->sig = malloc(n * d->sigbytes);
		d->exact = malloc(n * sizeof(uint64_t));
		d->nsh = malloc(n * sizeof(uint32_t));
		d->id_off = malloc((n + 1) * sizeof(uint64_t));
		d->ids = malloc(h.ids_len ? (size_t)h.ids_len : 1);
		if (d->o.count_dups)
			d->dups = calloc(n, sizeof(uint32_t));
		if (!d->sig || !d->exact || !d->nsh || !d->id_off || !d->ids ||
		    (d->o.count_dups && !d->dups)) {
			rc = WN_ENOMEM;
			goto out;
		}
		d->cap = n;
		d->ids_cap = h.ids_len ? (size_t)h.ids_len : 1;
		if ((rc = rget(&r, d->sig, n * d->sigbytes)) ||
		    (rc = rget(&r, d->exact, n * sizeof(uint64_t))) ||
		    (rc = rget(&r, d->nsh, n * sizeof(uint32_t))) ||
		    (rc = rget(&r, d->id_off, (n + 1) * sizeof(uint64_t))) ||
		    (rc = rget(&r, d->ids, (size_t)h.ids_len)))
			goto out;
		d->n = n;
		d->ids_len = (size_t)h.ids_len;
		for (size_t i = 0; i < n; i++)
			if (d->id_off[i] > d->id_off[i + 1] || d->id_off[i + 1] > h.ids_len) {
				rc = corrupt(d, "id offsets");
				goto out;
			}
		if (!d->o.keep_ids && h.ids_len == 0) {
			/* fine: ids were not kept */
		}
	}
	if (h.exact_cap) {
		if ((rc = dedup_table_reserve(&d->exact_t, (size_t)h.exact_cap)) ||
		    (rc = rget(&r, d->exact_t.slot, (size_t)h.exact_cap * sizeof(struct dedup_slot))))
			goto out;
		d->exact_t.n = (size_t)h.exact_n;
	}
	if (h.band_cap) {
		if ((rc = dedup_table_reserve(&d->band_t, (size_t)h.band_cap)) ||
		    (rc = rget(&r, d->band_t.slot, (size_t)h.band_cap * sizeof(struct dedup_slot))))
			goto out;
		d->band_t.n = (size_t)h.band_n;
	}
	if (h.lines_cap) {
		if ((rc = dedup_lines_reserve(l, (size_t)h.lines_cap)) ||
		    (rc = rget(&r, l->tab, (size_t)h.lines_cap * sizeof(*l->tab))))
			goto out;
		l->n = (size_t)h.lines_n;
		l->docs = (uint32_t)h.lines_docs;
	}
	sum = XXH3_64bits_digest(&r.st);
	{
		uint64_t saved;
		char extra;
		ssize_t k;
		rc = WN_OK;
		size_t off = 0;
		while (off < sizeof(saved) && (k = read(r.fd, (char *)&saved + off, sizeof(saved) - off)) > 0)
			off += (size_t)k;
		if (off != sizeof(saved) || saved != sum || read(r.fd, &extra, 1) != 0) {
			rc = corrupt(d, "checksum mismatch");
			goto out;
		}
	}
	/* Every table entry must name a document. */
	for (size_t i = 0; i < d->exact_t.cap; i++)
		if (d->exact_t.slot[i].doc > d->n)
			rc = corrupt(d, "table");
	for (size_t i = 0; i < d->band_t.cap; i++)
		if (d->band_t.slot[i].doc > d->n)
			rc = corrupt(d, "table");
out:
	if (rc == WN_ECORRUPT && r.short_read && magic_ok)
		corrupt(d, "truncated");
	if (rc == WN_EIO) {
		int k = errno;
		close(r.fd);
		errno = k;
		return rc;
	}
	close(r.fd);
	return rc;
}
