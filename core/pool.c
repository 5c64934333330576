#include "core/pool.h"

#include <pthread.h>
#include <stdlib.h>

#include "core/error.h"

enum { SLOT_QUEUED, SLOT_RUNNING, SLOT_DONE };

struct slot {
	void *batch;
	int state;
};

struct wn_pool {
	pthread_mutex_t mu;
	pthread_cond_t work;  /* a batch was queued, or stop */
	pthread_cond_t done;  /* a batch was finished */
	pthread_t *threads;
	unsigned nthreads, started;
	wn_pool_fn fn;
	void *shared;
	void **worker_ctx;
	struct slot *ring;
	size_t depth;
	size_t head;    /* oldest in flight (next for wn_pool_next) */
	size_t next;    /* next queued batch a worker takes */
	size_t count;   /* in flight */
	size_t queued;  /* submitted, not yet taken by a worker */
	int stop;
};

struct worker_arg {
	struct wn_pool *p;
	unsigned id;
};

static void *worker_main(void *arg)
{
	struct wn_pool *p = ((struct worker_arg *)arg)->p;
	unsigned id = ((struct worker_arg *)arg)->id;

	free(arg);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		/* Work on the oldest queued batch. */
		if (!p->queued) {
			if (p->stop)
				break;
			pthread_cond_wait(&p->work, &p->mu);
			continue;
		}
		struct slot *s = &p->ring[p->next];
		p->next = (p->next + 1) % p->depth;
		p->queued--;
		s->state = SLOT_RUNNING;
		pthread_mutex_unlock(&p->mu);
		p->fn(p->shared, p->worker_ctx[id], s->batch);
		pthread_mutex_lock(&p->mu);
		s->state = SLOT_DONE;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int wn_pool_new(struct wn_pool **pool, unsigned nthreads, size_t depth, wn_pool_fn fn,
		void *shared, void **worker_ctx)
{
	struct wn_pool *p = calloc(1, sizeof(*p));

	*pool = NULL;
	if (!p)
		return WN_ENOMEM;
	if (depth < 1)
		depth = 1;
	p->ring = calloc(depth, sizeof(*p->ring));
	p->threads = nthreads ? calloc(nthreads, sizeof(*p->threads)) : NULL;
	if (!p->ring || (nthreads && !p->threads)) {
		free(p->ring);
		free(p->threads);
		free(p);
		return WN_ENOMEM;
	}
	p->depth = depth;
	p->fn = fn;
	p->shared = shared;
	p->worker_ctx = worker_ctx;
	p->nthreads = nthreads;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	for (unsigned i = 0; i < nthreads; i++) {
		struct worker_arg *a = malloc(sizeof(*a));
		if (!a || (a->p = p, a->id = i, pthread_create(&p->threads[i], NULL, worker_main, a))) {
			free(a);
			wn_pool_free(p);
			return a ? WN_EINVAL : WN_ENOMEM;
		}
		p->started++;
	}
	*pool = p;
	return WN_OK;
}

void wn_pool_submit(struct wn_pool *p, void *batch)
{
	if (!p->nthreads) {
		p->fn(p->shared, p->worker_ctx[0], batch);
		size_t tail = (p->head + p->count) % p->depth;
		p->ring[tail].batch = batch;
		p->ring[tail].state = SLOT_DONE;
		p->count++;
		return;
	}
	pthread_mutex_lock(&p->mu);
	size_t tail = (p->head + p->count) % p->depth;
	p->ring[tail].batch = batch;
	p->ring[tail].state = SLOT_QUEUED;
	p->count++;
	p->queued++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

void *wn_pool_next(struct wn_pool *p)
{
	void *b;

	if (!p->nthreads) {
		if (!p->count)
			return NULL;
		b = p->ring[p->head].batch;
		p->head = (p->head + 1) % p->depth;
		p->count--;
		return b;
	}
	pthread_mutex_lock(&p->mu);
	if (!p->count) {
		pthread_mutex_unlock(&p->mu);
		return NULL;
	}
	while (p->ring[p->head].state != SLOT_DONE)
		pthread_cond_wait(&p->done, &p->mu);
	b = p->ring[p->head].batch;
	p->head = (p->head + 1) % p->depth;
	p->count--;
	pthread_mutex_unlock(&p->mu);
	return b;
}

size_t wn_pool_inflight(const struct wn_pool *p)
{
	return p->count;
}

void wn_pool_free(struct wn_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (unsigned i = 0; i < p->started; i++)
		pthread_join(p->threads[i], NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	free(p->threads);
	free(p->ring);
	free(p);
}
