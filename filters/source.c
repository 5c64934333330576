#include "filters/source.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <isa-l/igzip_lib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/limits.h"

#define RAW_PEEK 512 /* enough for every compression magic we know */

/* Read-ahead of the gzip thread: PIPE_BLOCKS blocks of PIPE_BLOCK bytes. */
#define PIPE_BLOCK ((size_t)1 << 20)
#define PIPE_BLOCKS 4

struct src_pipe {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	char *blk[PIPE_BLOCKS];
	size_t len[PIPE_BLOCKS];
	unsigned head, count; /* ring of filled blocks */
	size_t pos;           /* read position in the head block */
	int done, failed, stop;
};

static ssize_t gz_read(struct src *s, void *buf, size_t n);

static ssize_t fd_read_full(struct src *s, void *buf, size_t n)
{
	ssize_t k;

	if (s->raw_pos < s->raw_len) {
		size_t m = s->raw_len - s->raw_pos;
		if (m > n)
			m = n;
		memcpy(buf, s->raw + s->raw_pos, m);
		s->raw_pos += m;
		return (ssize_t)m;
	}
	do
		k = read(s->fd, buf, n);
	while (k < 0 && errno == EINTR);
	if (k < 0) {
		snprintf(s->err, sizeof(s->err), "read error: %s", strerror(errno));
		return -1;
	}
	s->raw_bytes += (uint64_t)k;
	return k;
}

/* libarchive pulls raw bytes through this for the SRC_FILTER codec. */
static la_ssize_t ar_raw_read(struct archive *a, void *ud, const void **buf)
{
	struct src *s = ud;
	ssize_t k;

	(void)a;
	k = fd_read_full(s, s->ibuf, WN_READ_CHUNK);
	*buf = s->ibuf;
	return k;
}

static int open_filter(struct src *s)
{
	struct archive_entry *e;

	s->ar = archive_read_new();
	if (!s->ar)
		return WN_ENOMEM;
	archive_read_support_filter_all(s->ar);
	archive_read_support_format_raw(s->ar);
	if (archive_read_open(s->ar, s, NULL, ar_raw_read, NULL) != ARCHIVE_OK ||
	    archive_read_next_header(s->ar, &e) != ARCHIVE_OK) {
		snprintf(s->err, sizeof(s->err), "%s", archive_error_string(s->ar) ?
			 archive_error_string(s->ar) : "cannot decode compressed stream");
		return WN_ECORRUPT;
	}
	return WN_OK;
}

static void detect_codec(struct src *s)
{
	const unsigned char *m = (const unsigned char *)s->raw;
	size_t n = s->raw_len;

	if (n >= 2 && m[0] == 0x1f && m[1] == 0x8b) {
		s->codec = SRC_GZIP;
		s->codec_name = "gzip";
		return;
	}
	if (n >= 3 && m[0] == 'B' && m[1] == 'Z' && m[2] == 'h')
		s->codec_name = "bzip2";
	else if (n >= 6 && !memcmp(m, "\xfd" "7zXZ\0", 6))
		s->codec_name = "xz";
	else if (n >= 4 && !memcmp(m, "\x28\xb5\x2f\xfd", 4))
		s->codec_name = "zstd";
	else if (n >= 4 && !memcmp(m, "\x04\x22\x4d\x18", 4))
		s->codec_name = "lz4";
	else if (n >= 2 && m[0] == 0x1f && m[1] == 0x9d)
		s->codec_name = "compress";
	else if (n >= 4 && !memcmp(m, "LZIP", 4))
		s->codec_name = "lzip";
	else if (n >= 13 && m[0] == 0x5d && m[1] == 0 && m[2] == 0 &&
		 (m[12] == 0 || m[12] == 0xff))
		s->codec_name = "lzma";
	if (s->codec_name)
		s->codec = SRC_FILTER;
}

/* Records where a gzip member starts (decoded offset). Under the pipe's
 * lock when there is a pipe. */
static int member_push(struct src *s, uint64_t off)
{
	int rc = 0;

	if (s->pipe)
		pthread_mutex_lock(&s->pipe->mu);
	if (s->mhead > 0 && s->mhead == s->mlen) {
		s->mhead = s->mlen = 0;
	} else if (s->mlen == s->mcap && s->mhead > s->mcap / 2) {
		memmove(s->mstart, s->mstart + s->mhead, (s->mlen - s->mhead) * sizeof(*s->mstart));
		s->mlen -= s->mhead;
		s->mhead = 0;
	}
	if (s->mlen == s->mcap) {
		size_t cap = s->mcap ? s->mcap * 2 : 256;
		uint64_t *p = realloc(s->mstart, cap * sizeof(*p));
		if (!p) {
			snprintf(s->err, sizeof(s->err), "out of memory");
			rc = -1;
		} else {
			s->mstart = p;
			s->mcap = cap;
		}
	}
	if (rc == 0)
		s->mstart[s->mlen++] = off;
	if (s->pipe)
		pthread_mutex_unlock(&s->pipe->mu);
	return rc;
}

/* Refills the inflate input from the file. 0, or -1 on a read error. */
static int gz_refill(struct src *s)
{
	ssize_t k = fd_read_full(s, s->ibuf, WN_READ_CHUNK);

	if (k < 0)
		return -1;
	if (k == 0)
		s->raw_eof = 1;
	s->inf->next_in = s->ibuf;
	s->inf->avail_in = (uint32_t)k;
	return 0;
}

static ssize_t gz_read(struct src *s, void *buf, size_t n)
{
	struct inflate_state *st = s->inf;
	size_t produced = 0;

	if (s->gz_done)
		return s->err[0] ? -1 : 0;
	if (n > UINT32_MAX)
		n = UINT32_MAX;
	while (produced == 0) {
		if (st->avail_in == 0 && !s->raw_eof && gz_refill(s))
			return -1;
		st->next_out = (uint8_t *)buf;
		st->avail_out = (uint32_t)n;
		int ret = isal_inflate(st);
		produced = (size_t)(st->next_out - (uint8_t *)buf);
		if (ret < 0) {
			uint64_t off = s->raw_bytes - st->avail_in;
			snprintf(s->err, sizeof(s->err), "%s at byte %llu",
				 ret == ISAL_INCORRECT_CHECKSUM ? "gzip checksum mismatch" :
				 ret == ISAL_INVALID_WRAPPER ? "invalid gzip header" :
				 "corrupt gzip data", (unsigned long long)off);
			s->gz_done = 1;
			return produced ? (ssize_t)produced : -1;
		}
		if (st->block_state == ISAL_BLOCK_FINISH) {
			/* End of a member: another may follow (concatenated gzip,
			 * one member per WARC record). Zero padding may end the file. */
			for (;;) {
				while (st->avail_in > 0 && *st->next_in == 0) {
					st->next_in++;
					st->avail_in--;
				}
				if (st->avail_in > 0 || s->raw_eof)
					break;
				if (gz_refill(s))
					return produced ? (ssize_t)produced : -1;
			}
			if (st->avail_in == 0) {
				s->gz_done = 1;
				return (ssize_t)produced;
			}
			s->member_start = s->raw_bytes - st->avail_in;
			if (st->avail_in == 1 && !s->raw_eof) {
				/* Not enough to check the magic: keep the byte. */
				unsigned char b = *st->next_in;
				if (gz_refill(s))
					return -1;
				if (st->avail_in > 0) {
					memmove(s->ibuf + 1, s->ibuf, st->avail_in);
				}
				s->ibuf[0] = b;
				st->next_in = s->ibuf;
				st->avail_in++;
			}
			if (st->avail_in < 2 || st->next_in[0] != 0x1f || st->next_in[1] != 0x8b) {
				snprintf(s->err, sizeof(s->err),
					 "trailing garbage after gzip member at byte %llu",
					 (unsigned long long)s->member_start);
				s->gz_done = 1;
				return produced ? (ssize_t)produced : -1;
			}
			uint8_t *next = st->next_in;
			uint32_t left = st->avail_in;
			if (member_push(s, s->dec_bytes + produced))
				return produced ? (ssize_t)produced : -1;
			isal_inflate_reset(st);
			st->crc_flag = ISAL_GZIP;
			st->next_in = next;
			st->avail_in = left;
			continue;
		}
		if (produced == 0 && s->raw_eof && st->avail_in == 0) {
			snprintf(s->err, sizeof(s->err), "truncated gzip stream at byte %llu",
				 (unsigned long long)s->raw_bytes);
			s->gz_done = 1;
			return -1;
		}
	}
	return (ssize_t)produced;
}

static ssize_t filter_read(struct src *s, void *buf, size_t n)
{
	for (;;) {
		if (s->ar_blk_pos < s->ar_blk_len) {
			size_t m = s->ar_blk_len - s->ar_blk_pos;
			if (m > n)
				m = n;
			memcpy(buf, (const char *)s->ar_blk + s->ar_blk_pos, m);
			s->ar_blk_pos += m;
			return (ssize_t)m;
		}
		if (s->ar_eof)
			return 0;
		la_int64_t off;
		int r = archive_read_data_block(s->ar, &s->ar_blk, &s->ar_blk_len, &off);
		s->ar_blk_pos = 0;
		if (r == ARCHIVE_EOF) {
			s->ar_eof = 1;
			return 0;
		}
		if (r < ARCHIVE_WARN) {
			snprintf(s->err, sizeof(s->err), "%s stream: %s at byte %llu", s->codec_name,
				 archive_error_string(s->ar) ? archive_error_string(s->ar) : "corrupt",
				 (unsigned long long)s->raw_bytes);
			s->ar_eof = 1;
			s->ar_blk_len = 0;
			return -1;
		}
	}
}

/* The gzip thread: decodes block after block until the end or an error. */
static void *pipe_main(void *arg)
{
	struct src *s = arg;
	struct src_pipe *p = s->pipe;

	for (;;) {
		unsigned slot;
		pthread_mutex_lock(&p->mu);
		while (p->count == PIPE_BLOCKS && !p->stop)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->stop) {
			pthread_mutex_unlock(&p->mu);
			return NULL;
		}
		slot = (p->head + p->count) % PIPE_BLOCKS;
		pthread_mutex_unlock(&p->mu);

		size_t got = 0;
		ssize_t k = 0;
		while (got < PIPE_BLOCK) {
			k = gz_read(s, p->blk[slot] + got, PIPE_BLOCK - got);
			if (k <= 0)
				break;
			got += (size_t)k;
			s->dec_bytes += (uint64_t)k;
		}
		pthread_mutex_lock(&p->mu);
		p->len[slot] = got;
		if (got)
			p->count++;
		if (k <= 0) {
			p->done = 1;
			p->failed = k < 0;
		}
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (k <= 0)
			return NULL;
	}
}

static ssize_t pipe_read(struct src *s, void *buf, size_t n)
{
	struct src_pipe *p = s->pipe;
	ssize_t ret;

	pthread_mutex_lock(&p->mu);
	while (p->count == 0 && !p->done)
		pthread_cond_wait(&p->cv, &p->mu);
	if (p->count == 0) {
		ret = p->failed ? -1 : 0;
	} else {
		size_t avail = p->len[p->head] - p->pos;
		size_t m = avail < n ? avail : n;
		memcpy(buf, p->blk[p->head] + p->pos, m);
		p->pos += m;
		if (p->pos == p->len[p->head]) {
			p->pos = 0;
			p->head = (p->head + 1) % PIPE_BLOCKS;
			p->count--;
			pthread_cond_broadcast(&p->cv);
		}
		ret = (ssize_t)m;
	}
	pthread_mutex_unlock(&p->mu);
	return ret;
}

static int pipe_start(struct src *s)
{
	struct src_pipe *p = calloc(1, sizeof(*p));

	if (!p)
		return WN_ENOMEM;
	for (int i = 0; i < PIPE_BLOCKS; i++) {
		p->blk[i] = malloc(PIPE_BLOCK);
		if (!p->blk[i]) {
			for (int j = 0; j < i; j++)
				free(p->blk[j]);
			free(p);
			return WN_ENOMEM;
		}
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	s->pipe = p;
	if (pthread_create(&p->th, NULL, pipe_main, s) != 0) {
		/* No thread: decode in this one. */
		s->pipe = NULL;
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		for (int i = 0; i < PIPE_BLOCKS; i++)
			free(p->blk[i]);
		free(p);
	}
	return WN_OK;
}

static void pipe_stop(struct src *s)
{
	struct src_pipe *p = s->pipe;

	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->th, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	for (int i = 0; i < PIPE_BLOCKS; i++)
		free(p->blk[i]);
	free(p);
	s->pipe = NULL;
}

static ssize_t decoded_read(struct src *s, void *buf, size_t n)
{
	ssize_t k;

	if (s->pipe)
		return pipe_read(s, buf, n);
	switch (s->codec) {
	case SRC_GZIP:
		k = gz_read(s, buf, n);
		break;
	case SRC_FILTER:
		k = filter_read(s, buf, n);
		break;
	default:
		k = fd_read_full(s, buf, n);
		break;
	}
	if (k > 0)
		s->dec_bytes += (uint64_t)k;
	return k;
}

uint64_t src_member_inside(struct src *s, uint64_t a, uint64_t b)
{
	uint64_t hit = 0;

	if (s->pipe)
		pthread_mutex_lock(&s->pipe->mu);
	/* Records come in order: member starts at or before a are behind us. */
	while (s->mhead < s->mlen && s->mstart[s->mhead] <= a)
		s->mhead++;
	if (s->mhead < s->mlen && s->mstart[s->mhead] < b)
		hit = s->mstart[s->mhead];
	if (s->pipe)
		pthread_mutex_unlock(&s->pipe->mu);
	return hit;
}

int src_open(struct src *s, int fd, size_t peek, int threads)
{
	struct stat sb;
	ssize_t k;

	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->seekable = fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
	s->raw = malloc(RAW_PEEK);
	s->ibuf = malloc(WN_READ_CHUNK);
	s->head = malloc(peek ? peek : 1);
	if (!s->raw || !s->ibuf || !s->head)
		return WN_ENOMEM;
	/* Sniff the codec from the first raw bytes, then replay them. */
	while (s->raw_len < RAW_PEEK) {
		do
			k = read(fd, s->raw + s->raw_len, RAW_PEEK - s->raw_len);
		while (k < 0 && errno == EINTR);
		if (k < 0) {
			snprintf(s->err, sizeof(s->err), "read error: %s", strerror(errno));
			return WN_EIO;
		}
		if (k == 0)
			break;
		s->raw_len += (size_t)k;
		s->raw_bytes += (uint64_t)k;
	}
	detect_codec(s);
	if (s->codec == SRC_GZIP) {
		s->inf = calloc(1, sizeof(*s->inf));
		if (!s->inf)
			return WN_ENOMEM;
		isal_inflate_init(s->inf);
		s->inf->crc_flag = ISAL_GZIP;
		if (threads > 1 && pipe_start(s))
			return WN_ENOMEM;
	} else if (s->codec == SRC_FILTER) {
		int rc = open_filter(s);
		if (rc)
			return rc;
	}
	/* Read the head of the decoded stream for the format sniffers. An
	 * error here is kept in err and reported when the head runs out. */
	while (s->head_len < peek) {
		k = decoded_read(s, s->head + s->head_len, peek - s->head_len);
		if (k <= 0)
			break;
		s->head_len += (size_t)k;
	}
	if (s->head_len == 0 && s->err[0])
		return WN_ECORRUPT;
	return WN_OK;
}

ssize_t src_read(struct src *s, void *buf, size_t n)
{
	ssize_t k;

	if (s->head_pos < s->head_len) {
		size_t m = s->head_len - s->head_pos;
		if (m > n)
			m = n;
		memcpy(buf, s->head + s->head_pos, m);
		s->head_pos += m;
		s->out_bytes += m;
		return (ssize_t)m;
	}
	/* An error met while filling the head (the pipe reports its own). */
	if (!s->pipe && s->err[0])
		return -1;
	k = decoded_read(s, buf, n);
	if (k > 0)
		s->out_bytes += (uint64_t)k;
	return k;
}

ssize_t src_read_fn(void *ctx, void *buf, size_t n)
{
	return src_read(ctx, buf, n);
}

void src_close(struct src *s)
{
	if (!s)
		return;
	pipe_stop(s);
	if (s->ar)
		archive_read_free(s->ar);
	free(s->mstart);
	free(s->inf);
	free(s->ibuf);
	free(s->raw);
	free(s->head);
	memset(s, 0, sizeof(*s));
	s->fd = -1;
}
