# WARC written here: response (HTTP headers stripped, chunked and gzip
# payloads decoded), resource, conversion, skipped types, per-record and
# whole-file gzip, case-insensitive headers, cut records.
. "$(dirname "$0")/lib.sh"

python3 - "$T" <<'PY'
import gzip, sys, zlib
t = sys.argv[1]
def rec(typ, body, extra=b'', lower=False):
    h = [b'WARC/1.0', b'WARC-Type: ' + typ,
         b'WARC-Record-ID: <urn:uuid:' + typ + b'-1>',
         b'WARC-Date: 2024-01-02T03:04:05Z',
         b'WARC-Target-URI: http://example.org/' + typ]
    if extra: h.append(extra)
    h.append(b'Content-Length: %d' % len(body))
    if lower: h = [x.lower() if not x.startswith(b'WARC/') else x for x in h]
    return b'\r\n'.join(h) + b'\r\n\r\n' + body + b'\r\n\r\n'
gz = zlib.compressobj(6, zlib.DEFLATED, 31)
payload = gz.compress(b'gzipped payload text') + gz.flush()
chunked = b'5\r\nHello\r\n7\r\n, world\r\n0\r\n\r\n'
recs = [
    rec(b'warcinfo', b'software: test\r\n'),
    rec(b'request', b'GET / HTTP/1.1\r\n\r\n'),
    rec(b'response', b'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain response body'),
    rec(b'response', b'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' + chunked),
    rec(b'response', b'HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n' + payload),
    rec(b'response', b'HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n\0\0'),
    rec(b'resource', b'resource text', lower=True),
    rec(b'conversion', b'converted text', extra=b'WARC-Identified-Content-Language: eng,fra'),
    rec(b'metadata', b'k: v\r\n'),
    rec(b'revisit', b''),
]
open(t + '/a.warc', 'wb').write(b''.join(recs))
open(t + '/a.warc.gz', 'wb').write(b''.join(gzip.compress(r) for r in recs))
open(t + '/whole.warc.gz', 'wb').write(gzip.compress(b''.join(recs)))
full = b''.join(recs)
open(t + '/cut.warc', 'wb').write(full[:len(full) - len(recs[-1]) - len(recs[-2]) - 10])
open(t + '/badlen.warc', 'wb').write(recs[2] + recs[6].replace(b'content-length: 13', b'content-length: 11'))
PY

for f in a.warc a.warc.gz whole.warc.gz; do
	CASE="$f"; run unpack -v "$T/$f"; expect_rc 0; expect_lines 5; expect_valid_jsonl
	[ "$(jfield 1 text)" = "plain response body" ] || fail "response: $(jfield 1 text)"
	[ "$(jfield 2 text)" = "Hello, world" ] || fail "chunked: $(jfield 2 text)"
	[ "$(jfield 3 text)" = "gzipped payload text" ] || fail "gzip payload: $(jfield 3 text)"
	[ "$(jfield 4 text)" = "resource text" ] || fail "resource: $(jfield 4 text)"
	[ "$(jfield 4 id)" = "urn:uuid:resource-1" ] || fail "lowercase headers: $(jfield 4 id)"
	[ "$(jfield 5 lang)" = "eng,fra" ] || fail "lang: $(jfield 5 lang)"
	[ "$(jfield 5 url)" = "http://example.org/conversion" ] || fail "url"
	[ "$(jfield 5 date)" = "2024-01-02T03:04:05Z" ] || fail "date"
	expect_err "skipped: warc warcinfo 1"; expect_err "skipped: warc request 1"
	expect_err "skipped: warc metadata 1"; expect_err "skipped: warc revisit 1"
	expect_err "skipped: binary 1"
done
CASE="cut record"; run unpack "$T/cut.warc"; expect_rc 1; expect_lines 4
expect_err "'$T/cut.warc': truncated WARC record at byte [0-9]+"
CASE="wrong Content-Length"; run unpack "$T/badlen.warc"; expect_rc 1; expect_lines 1
expect_err "not followed by CRLF CRLF"
finish
