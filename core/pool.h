/*
 * wn_pool: an ordered parallel batch engine for stages.
 *
 * The main thread fills batches (its own objects, opaque to the pool: copies
 * of records, since records are borrowed), submits them, and takes them back
 * in submission order once a worker has run `fn` on them; it then makes the
 * order-dependent decisions and writes output. So output depends only on
 * the input, never on the number of threads or on timing.
 *
 * Ownership: a submitted batch belongs to the pool until wn_pool_next()
 * returns it; `fn` may write only into the batch and its worker context.
 * With 0 threads, fn runs inside wn_pool_submit on the calling thread (the
 * -j 1 path, with no thread at all).
 *
 *     struct wn_pool *p;
 *     wn_pool_new(&p, nthreads, depth, fn, shared, worker_ctx);
 *     for (;;) {
 *         batch = free batch, or else consume(wn_pool_next(p)) and reuse it;
 *         fill batch; if empty, break;
 *         wn_pool_submit(p, batch);
 *     }
 *     while ((batch = wn_pool_next(p))) consume(batch);
 *     wn_pool_free(p);
 */
#ifndef WN_POOL_H
#define WN_POOL_H

#include <stddef.h>

/* Work on one batch: shared is the pool's argument, worker the context of
 * the thread running it (worker_ctx[i] of thread i; worker_ctx[0] inline). */
typedef void (*wn_pool_fn)(void *shared, void *worker, void *batch);

struct wn_pool;

/*
 * Starts nthreads workers (0: none, run inline). depth is how many batches
 * may be in flight at once (at least 1; 2 * nthreads + 1 keeps workers busy
 * while the main thread consumes). worker_ctx has max(nthreads, 1) entries.
 * WN_OK, WN_ENOMEM, or WN_EINVAL (threads could not be started).
 */
int wn_pool_new(struct wn_pool **pool, unsigned nthreads, size_t depth, wn_pool_fn fn,
		void *shared, void **worker_ctx);

/* Queues a batch. Must not be called with `depth` batches in flight (take
 * one back with wn_pool_next first). */
void wn_pool_submit(struct wn_pool *p, void *batch);

/* Waits for the oldest submitted batch to be done and returns it; NULL when
 * none is in flight. */
void *wn_pool_next(struct wn_pool *p);

/* Batches submitted and not yet taken back. */
size_t wn_pool_inflight(const struct wn_pool *p);

/* Stops the workers (after finishing what is queued) and frees the pool.
 * NULL is fine. */
void wn_pool_free(struct wn_pool *p);

#endif
