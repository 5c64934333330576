#!/bin/bash
# winnow dedup --index: A then B with the saved index is A+B in one run;
# damaged, truncated or mismatched indexes are refused; --max-memory.
. "$(dirname "$0")/lib.sh"

python3 - >"$T/all.jsonl" <<'PY'
import json, random
rng = random.Random(3)
words = ['w%d' % i for i in range(3000)]
base = [' '.join(rng.choice(words) for _ in range(120)) for _ in range(300)]
rows = []
for i in range(900):
    t = base[rng.randrange(len(base))]
    if rng.random() < 0.5:
        w = t.split()
        for _ in range(3):
            w[rng.randrange(len(w))] = rng.choice(words)
        t = ' '.join(w)
    rows.append({'id': 'r%d' % i, 'text': t})
for r in rows:
    print(json.dumps(r))
PY
head -n 450 "$T/all.jsonl" >"$T/a.jsonl"
tail -n 450 "$T/all.jsonl" >"$T/b.jsonl"

for opts in "" "--lines 2 --line-min 10" "--containment 0.6"; do
	CASE="index round trip ($opts)"
	rm -f "$T/idx"
	# shellcheck disable=SC2086
	runin "$T/all.jsonl" dedup $opts --dups "$T/dall"
	expect_rc 0
	cp "$T/out" "$T/oall"
	# shellcheck disable=SC2086
	runin "$T/a.jsonl" dedup $opts --index "$T/idx" --dups "$T/da"
	expect_rc 0
	cp "$T/out" "$T/oa"
	[ -s "$T/idx" ] || fail "no index written ($CASE)"
	[ ! -e "$T/idx.tmp" ] || fail "temporary file left ($CASE)"
	# shellcheck disable=SC2086
	runin "$T/b.jsonl" dedup $opts --index "$T/idx" --dups "$T/db"
	expect_rc 0
	cat "$T/oa" "$T/out" | cmp -s - "$T/oall" || fail "A then B differs from A+B ($CASE)"
	cat "$T/da" "$T/db" | cmp -s - "$T/dall" || fail "--dups of A then B differ ($CASE)"
	grep -q '"dup_of":"r[0-9]*"' "$T/db" || fail "dup_of ids lost across runs ($CASE)"
done

CASE="a damaged index is refused"
rm -f "$T/idx"
runin "$T/a.jsonl" dedup --index "$T/idx"
cp "$T/idx" "$T/good"
size=$(stat -c %s "$T/idx")
python3 - "$T/idx" "$size" <<'PY'
import sys
p, n = sys.argv[1], int(sys.argv[2])
b = bytearray(open(p, 'rb').read())
b[n // 2] ^= 0x40
open(p, 'wb').write(b)
PY
runin "$T/b.jsonl" dedup --index "$T/idx"
expect_rc 1
expect_err "damaged dedup index"
[ ! -s "$T/out" ] || fail "output written from a damaged index ($CASE)"
cmp -s "$T/idx" "$T/good" && fail "damaged file was overwritten ($CASE)"

CASE="a truncated index is refused"
head -c $((size - 100)) "$T/good" >"$T/idx"
runin "$T/b.jsonl" dedup --index "$T/idx"
expect_rc 1
expect_err "damaged dedup index"

CASE="something else is not an index"
echo hello >"$T/idx"
runin "$T/b.jsonl" dedup --index "$T/idx"
expect_rc 1
expect_err "not a winnow dedup index"

CASE="an index made with other settings is refused"
cp "$T/good" "$T/idx"
runin "$T/b.jsonl" dedup --index "$T/idx" --shingle 3
expect_rc 2
expect_err "index was made with --shingle 5"
runin "$T/b.jsonl" dedup --index "$T/idx" --lines 2
expect_rc 2

CASE="an unwritable index path fails with exit 3"
runin "$T/a.jsonl" dedup --index "$T/no/such/dir/idx"
expect_rc 3

CASE="--max-memory stops cleanly with exit 4"
python3 -c '
import random
r = random.Random(5)
for i in range(5000):
    print("{\"id\":\"u%d\",\"text\":\"%s\"}" % (i, " ".join("x%d" % r.randrange(10**6) for _ in range(30))))
' >"$T/uniq.jsonl"
runin "$T/uniq.jsonl" dedup --max-memory 300K --dups "$T/dm"
expect_rc 4
expect_err "max-memory"
n=$(wc -l <"$T/out")
[ "$n" -gt 500 ] && [ "$n" -lt 5000 ] || fail "$n records written before the limit ($CASE)"
expect_valid_jsonl
runin "$T/uniq.jsonl" dedup --max-memory 4M
expect_rc 0
expect_lines 5000
finish
