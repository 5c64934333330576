/*
 * Error codes shared by every library module. A function returns one of these;
 * the human-readable detail, when there is any, is left on the module's own
 * context (e.g. wn_reader_error()), never printed: only cmd/ talks to the user.
 *
 * The codes distinguish "this record is bad, skip it and go on" (WN_EREC*)
 * from "this stream is dead" (WN_EIO, WN_ECORRUPT) and from running out of a
 * resource (WN_ENOMEM, WN_ELIMIT).
 */
#ifndef WN_ERROR_H
#define WN_ERROR_H

enum wn_err {
	WN_OK = 0,
	WN_EOF = 1,        /* not an error: no more input */
	WN_ERECBIG = -1,   /* record larger than the cap: skipped, never truncated */
	WN_ERECJSON = -2,  /* record is not valid JSON */
	WN_ERECFIELD = -3, /* record lacks a required field or has the wrong type */
	WN_ENOMEM = -4,    /* allocation failed */
	WN_ELIMIT = -5,    /* a configured memory limit was reached */
	WN_EIO = -6,       /* read or write failed (errno is kept by the caller) */
	WN_ECORRUPT = -7,  /* input stream damaged: truncated, bad header, bad checksum */
	WN_EUNSUPPORTED = -8, /* input understood but not supported (e.g. 7z from a pipe) */
	WN_EINVAL = -9,    /* bad argument or option value */
};

/* A short lowercase description of err, for messages. Never NULL. */
const char *wn_strerror(int err);

/* True for errors that condemn only the current record. */
static inline int wn_err_is_record(int err)
{
	return err == WN_ERECBIG || err == WN_ERECJSON || err == WN_ERECFIELD;
}

#endif
