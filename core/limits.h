/*
 * Every size limit in winnow, named in one place with the reason for its value.
 * Options may override the defaults at run time; the hard ceilings here may not.
 */
#ifndef WN_LIMITS_H
#define WN_LIMITS_H

/* Largest record (one JSONL line, or one document) read by default. Wikipedia's
 * longest article is under 2 MiB of wikitext; 64 MiB leaves room for whole books
 * while keeping a decompression bomb from taking the machine. --max-record. */
#define WN_MAX_RECORD_DEFAULT ((size_t)64 << 20)

/* Largest JSON line a record of `max` text bytes can become when written:
 * every byte escaped as \u00XX at worst, plus room for the other fields. */
#define WN_RECORD_OUT_MAX(max) ((max) * 6 + ((size_t)1 << 20))

/* Ceiling for --max-record: size arithmetic stays far from overflow. */
#define WN_MAX_RECORD_CEILING ((size_t)1 << 40)

/* How much the reader asks read(2) for at a time: large enough to amortize the
 * syscall, small enough to stay in L2 next to the parser. */
#define WN_READ_CHUNK ((size_t)256 << 10)

/* Output is flushed in blocks of this size. */
#define WN_WRITE_CHUNK ((size_t)256 << 10)

/* Most members one JSON object may have before the record is refused: keeps a
 * hostile line of a million empty keys from allocating a field table per key
 * beyond what the line itself costs. */
#define WN_MAX_FIELDS 4096

/* Deepest nesting of arrays/objects inside one field value. The value is only
 * skipped over (never built), but a limit keeps a hostile line cheap. */
#define WN_MAX_JSON_DEPTH 512

/* Largest header block of one WARC record or HTTP response: real ones are a
 * few KB; anything past this is not a header. */
#define WN_MAX_HEADER_BYTES ((size_t)256 << 10)

/* How many bytes unpack reads ahead to recognise a format (ISO 9660 puts
 * its signature at 32 KiB). */
#define WN_SNIFF_BYTES ((size_t)64 << 10)

#endif
