# The real samples in ../shared/data/archives and ../shared/data/seeds.
. "$(dirname "$0")/lib.sh"
need_shared archives
A=$SHARED/archives

CASE="Common Crawl WET: one record"
run unpack "$A/commoncrawl-whirlwind/whirlwind.warc.wet.gz"; expect_rc 0; expect_lines 1; expect_valid_jsonl
[ "$(jfield 1 url)" = "https://an.wikipedia.org/wiki/Escopete" ] || fail "url: $(jfield 1 url)"
[ "$(jfield 1 lang)" = "spa" ] || fail "lang: $(jfield 1 lang)"
expect_out_has "Escopete"

CASE="warcio truncated file: good records, then a clear error"
run unpack "$A/warcio-testdata/example-trunc.warc"; expect_rc 1
expect_err "'$A/warcio-testdata/example-trunc.warc': .*at byte [0-9]+"
CASE="warcio wrong gzip chunks: a clear error"
run unpack "$A/warcio-testdata/example-wrong-chunks.warc.gz"; expect_rc 1
expect_err "gzip member boundary inside the WARC record"
CASE="warcio example.warc.gz: the gzip-encoded response decoded"
run unpack "$A/warcio-testdata/example.warc.gz"; expect_rc 0; expect_lines 1; expect_out_has "Example Domain"

CASE="libarchive's WARC test: two resource records"
run unpack "$A/libarchive-tests/test_read_format_warc.warc"; expect_rc 0; expect_lines 2
[ "$(jfield 1 url)" = "file://sometest.txt" ] || fail "url 1"
[ "$(jfield 2 url)" = "file://moretest.txt" ] || fail "url 2"

CASE="MediaWiki dump: two pages, latest revision"
run unpack "$A/mwxml/dump.xml"; expect_rc 0; expect_lines 2
[ "$(jfield 1 title)" = "Foo" ] && [ "$(jfield 1 text)" = "Revision 2 text" ] || fail "page 1"
[ "$(jfield 2 id)" = "2" ] && [ "$(jfield 2 title)" = "Bar" ] || fail "page 2"
bzip2 -c "$A/mwxml/dump.xml" >"$T/dump.xml.bz2"
run unpack "$T/dump.xml.bz2"; expect_rc 0; expect_lines 2

need_shared seeds
CASE="tar.gz of the seeds: 5 records, texts byte-identical"
(cd "$SHARED" && tar czf "$T/seeds.tar.gz" seeds)
run unpack "$T/seeds.tar.gz"; expect_rc 0; expect_lines 5
python3 - "$T/out" "$SHARED" <<'PY' || fail "seed texts differ"
import json, sys
for line in open(sys.argv[1], 'rb'):
    o = json.loads(line)
    path = o['id'].split(':', 1)[1]
    assert o['text'].encode() == open(sys.argv[2] + '/' + path, 'rb').read(), path
PY
finish
