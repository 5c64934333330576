#!/bin/bash
# winnow gen: determinism, counts, size, ground truth, every output format.
. "$(dirname "$0")/lib.sh"

CASE="help"
run gen --help
expect_rc 0
expect_out_has "--truth FILE"

CASE="bad option values are usage errors"
run gen --dup-rate 0.95 --docs 1
expect_rc 2
expect_err "duplicate rate"
run gen --format zip --docs 1
expect_rc 2
expect_err "unknown format 'zip'"
run gen --docs -3
expect_rc 2
run gen --size 0
expect_rc 2

CASE="same seed, same bytes; another seed, other bytes"
run gen --seed 3 --docs 300 --truth "$T/t1"
expect_rc 0
expect_no_err
mv "$T/out" "$T/a.jsonl"
run gen --seed 3 --docs 300 --truth "$T/t2"
cmp -s "$T/a.jsonl" "$T/out" || fail "two runs differ ($CASE)"
cmp -s "$T/t1" "$T/t2" || fail "two truth files differ ($CASE)"
run gen --seed 4 --docs 300
cmp -s "$T/a.jsonl" "$T/out" && fail "seeds 3 and 4 gave the same corpus"

CASE="records and truth agree"
cp "$T/a.jsonl" "$T/out"
expect_lines 300
expect_valid_jsonl
python3 - "$T/a.jsonl" "$T/t1" <<'PY' || fail "truth does not match the documents ($CASE)"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
truth = [json.loads(l) for l in open(sys.argv[2], encoding='utf-8')]
assert len(docs) == len(truth) == 300, (len(docs), len(truth))
topics = {"arts", "crime", "disaster", "economy", "education", "environment", "health",
          "human-interest", "labour", "lifestyle", "politics", "religion", "science",
          "society", "sport", "conflict", "weather"}
variants = {"original", "unique", "exact", "syndicated", "trimmed", "edited", "headline",
            "inserted", "reflowed", "hard-negative"}
byid = {d["id"]: d for d in docs}
seen = set()
nents = 0
for i, (d, t) in enumerate(zip(docs, truth), 1):
    assert d["id"] == t["id"] == "gen-%09d" % i, (d["id"], t["id"])
    assert set(d) == {"id", "title", "url", "text"}, d.keys()
    assert t["topic"] in topics and t["variant"] in variants, t
    seen.add(t["variant"])
    assert d["title"] in d["text"], d["id"]
    raw = d["text"].encode("utf-8")
    for e in t["entities"]:
        assert e["type"] in ("PER", "ORG", "LOC", "MISC"), e
        assert raw[e["start"]:e["end"]].decode("utf-8") == e["text"], (d["id"], e)
        nents += 1
    o = t["original"]
    assert o in byid and o <= d["id"], (d["id"], o)
    if t["variant"] not in ("original", "unique", "hard-negative"):
        ot = truth[int(o[4:]) - 1]
        assert ot["story"] == t["story"] and ot["variant"] == "original", (t, ot)
    if t["variant"] == "exact":
        assert d["text"] == byid[o]["text"], d["id"]
assert nents > 300 * 10, nents
assert {"original", "unique", "syndicated"} <= seen, seen
PY

CASE="--mix chooses the copy variants"
run gen --seed 2 --docs 1500 --mix trimmed=1,reflowed=1 --truth "$T/tm"
expect_rc 0
python3 - "$T/tm" <<'PY' || fail "--mix not honoured ($CASE)"
import json, sys
from collections import Counter
c = Counter(json.loads(l)["variant"] for l in open(sys.argv[1]))
assert set(c) <= {"original", "unique", "hard-negative", "trimmed", "reflowed"}, c
assert c["trimmed"] > 50 and c["reflowed"] > 50, c
PY
run gen --mix unique=1 --docs 1
expect_rc 2
expect_err "only copy variants"

CASE="--size is met within a few percent"
run gen --seed 9 --size 3M
expect_rc 0
n=$(wc -c <"$T/out")
[ "$n" -ge 3145728 ] && [ "$n" -le $((3145728 * 103 / 100)) ] || fail "$n bytes for --size 3M"

CASE="-o writes the same bytes as stdout"
run gen --seed 3 --docs 300 -o "$T/o.jsonl"
expect_rc 0
cmp -s "$T/a.jsonl" "$T/o.jsonl" || fail "-o output differs ($CASE)"

CASE="jsonl.gz is the JSONL, compressed"
run gen --seed 3 --docs 300 --format jsonl.gz
expect_rc 0
gzip -dc <"$T/out" | cmp -s - "$T/a.jsonl" || fail "jsonl.gz differs ($CASE)"

CASE="text: NUL-terminated texts"
run gen --seed 3 --docs 300 --format text
expect_rc 0
cp "$T/out" "$T/a.txt"
python3 - "$T/a.jsonl" "$T/a.txt" <<'PY' || fail "text format differs ($CASE)"
import json, sys
docs = [json.loads(l)["text"] for l in open(sys.argv[1], encoding='utf-8')]
raw = open(sys.argv[2], 'rb').read()
assert raw.endswith(b"\0")
assert [t.decode('utf-8') for t in raw[:-1].split(b"\0")] == docs
PY

CASE="tar.gz: one file per document"
run gen --seed 3 --docs 300 --format tar.gz
expect_rc 0
cp "$T/out" "$T/a.tar.gz"
python3 - "$T/a.jsonl" "$T/a.tar.gz" <<'PY' || fail "tar.gz differs ($CASE)"
import json, sys, tarfile
docs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
with tarfile.open(sys.argv[2], "r:gz") as tf:
    members = tf.getmembers()
    assert [m.name for m in members] == ["gen/%s.txt" % d["id"] for d in docs]
    for m, d in zip(members, docs):
        assert m.isfile() and tf.extractfile(m).read().decode('utf-8') == d["text"], m.name
PY
tar -tzf "$T/a.tar.gz" >/dev/null 2>&1 || fail "tar cannot list the archive ($CASE)"

CASE="warc.gz: one gzip member per WARC record"
run gen --seed 3 --docs 300 --format warc.gz --truth "$T/tw"
expect_rc 0
cp "$T/out" "$T/a.warc.gz"
python3 - "$T/a.jsonl" "$T/a.warc.gz" "$T/tw" <<'PY' || fail "warc.gz differs ($CASE)"
import json, sys, zlib
docs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8')]
truth = [json.loads(l) for l in open(sys.argv[3], encoding='utf-8')]
data = open(sys.argv[2], 'rb').read()
members = []
while data:
    d = zlib.decompressobj(31)
    members.append(d.decompress(data))
    assert d.eof
    data = d.unused_data
assert len(members) == len(docs) + 1, len(members)
assert members[0].startswith(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n")
for rec, doc, t in zip(members[1:], docs, truth):
    head, _, rest = rec.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    assert lines[0] == "WARC/1.0"
    h = dict(l.split(": ", 1) for l in lines[1:])
    assert h["WARC-Type"] == "resource"
    assert h["WARC-Record-ID"] == "<%s>" % t["record_id"] and t["id"] == doc["id"]
    assert h["WARC-Target-URI"] == doc["url"]
    n = int(h["Content-Length"])
    assert rest[:n].decode('utf-8') == doc["text"] and rest[n:] == b"\r\n\r\n"
PY

CASE="a write error fails the run"
if [ -w /dev/full ]; then
	"$WINNOW" gen --docs 2000 >/dev/full 2>"$T/err"
	rc=$?
	expect_rc 3
	expect_err "write error"
fi

finish
