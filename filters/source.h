/*
 * unpack's byte sources: a file descriptor, decompressed on the fly when its
 * bytes say it is compressed (gzip through ISA-L's igzip, multi-member
 * included; bzip2, xz, lzma, zstd, lz4 and compress through libarchive's
 * filters), with the first bytes of the result kept for sniffing and
 * replayed to whichever parser takes the stream.
 *
 * The source owns its buffers and the libarchive handle; it does not own
 * the fd. Errors leave a message in src->err ("truncated gzip stream at
 * byte N"), read as -1.
 */
#ifndef WN_SOURCE_H
#define WN_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/buf.h"

enum src_codec {
	SRC_PLAIN = 0,
	SRC_GZIP,
	SRC_FILTER, /* any other compression, decoded by libarchive */
};

struct inflate_state;
struct archive;

struct src {
	int fd;
	int seekable;           /* a regular file we may lseek back to 0 */
	enum src_codec codec;
	const char *codec_name; /* "gzip", "bzip2", ... or NULL */
	uint64_t raw_bytes;     /* bytes read from fd */
	uint64_t out_bytes;     /* bytes handed out (decoded) */
	/* raw replay: bytes read from fd while sniffing the codec */
	char *raw;
	size_t raw_len, raw_pos;
	/* gzip */
	struct inflate_state *inf;
	unsigned char *ibuf;
	uint64_t member_start; /* raw offset of the current gzip member */
	int raw_eof, gz_done;
	/* other codecs */
	struct archive *ar;
	const void *ar_blk;
	size_t ar_blk_len, ar_blk_pos;
	int ar_eof;
	/* head of the decoded stream, for sniffing; replayed by src_read */
	char *head;
	size_t head_len, head_pos;
	/* decoded offsets where gzip members after the first began, oldest
	 * first; the consumer drops those it has passed */
	uint64_t dec_bytes;
	uint64_t *mstart;
	size_t mhead, mlen, mcap;
	/* with threads: gzip decoded ahead by a second thread */
	struct src_pipe *pipe;
	char err[256];
};

/* Sniffs the codec and reads the first `peek` decoded bytes into head.
 * With threads > 1, gzip is decoded ahead in a second thread (the bytes
 * are the same either way). WN_OK, or WN_ECORRUPT/WN_EIO/WN_ENOMEM with a
 * message in err. */
int src_open(struct src *s, int fd, size_t peek, int threads);
void src_close(struct src *s);

/* Reads decoded bytes: count, 0 at the end, -1 on error (message in err). */
ssize_t src_read(struct src *s, void *buf, size_t n);

/* The first gzip member start strictly inside the decoded span (a, b), or 0
 * if none: a WARC record must not straddle gzip members. */
uint64_t src_member_inside(struct src *s, uint64_t a, uint64_t b);

/* wn_read_fn-compatible adapter (ctx is a struct src *). */
ssize_t src_read_fn(void *ctx, void *buf, size_t n);

#endif
