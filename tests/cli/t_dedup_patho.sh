#!/bin/bash
# winnow dedup on pathological input: empty and one-word texts, invalid
# UTF-8, a 50 MB document, a million identical documents.
. "$(dirname "$0")/lib.sh"
REL=${WINNOW_REL:-$WINNOW}

CASE="empty and one-word texts"
printf '%s\n' '{"id":"1","text":""}' '{"id":"2","text":"word"}' '{"id":"3","text":"  ... !"}' \
	'{"id":"4","text":"Word"}' '{"id":"5","text":"other"}' '{"id":"6","text":""}' >"$T/tiny.jsonl"
runin "$T/tiny.jsonl" dedup --dups "$T/d" -v
expect_rc 0
# "" and "  ... !" normalize to nothing: one kept; "Word" is "word".
[ "$(cut -d'"' -f4 "$T/out" | tr '\n' ' ')" = "1 2 5 " ] || fail "kept $(cut -d'"' -f4 "$T/out" | tr '\n' ' ') ($CASE)"
expect_err 'dropped: exact duplicate 3'
for j in 1 2; do
	runin "$T/tiny.jsonl" dedup -j$j --shingle 1 --chars
	expect_rc 0
	expect_lines 3
done

CASE="invalid UTF-8 is repaired and deduplicated like its repair"
printf '{"id":"1","text":"caf\xe9 au lait bien chaud ce matin"}\n{"id":"2","text":"caf\xef\xbf\xbd au lait bien chaud ce matin"}\n{"id":"3","text":"\xff\xfe"}\n' >"$T/bad.jsonl"
runin "$T/bad.jsonl" dedup -v
expect_rc 0
expect_lines 2
expect_valid_jsonl
expect_err 'invalid UTF-8 sequences replaced'

CASE="a 50 MB document, and its copy"
python3 - "$T/big.jsonl" <<'PY'
import json, random, sys
r = random.Random(1)
words = ['mot%d' % i for i in range(20000)]
text = ' '.join(r.choice(words) for _ in range(6_000_000))[:50_000_000]
with open(sys.argv[1], 'w') as f:
    for i in range(2):
        f.write(json.dumps({'id': 'big%d' % i, 'text': text}) + '\n')
PY
runin "$T/big.jsonl" dedup -j2 -v
expect_rc 0
expect_lines 1
expect_err 'dropped: exact duplicate 1'

CASE="a million identical short documents"
python3 -c '
import sys
line = "{\"id\":\"x\",\"text\":\"the same short text again and again\"}\n"
sys.stdout.write(line * 1000000)
' >"$T/million.jsonl"
start=$(date +%s)
"$REL" dedup -v <"$T/million.jsonl" >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0
expect_lines 1
expect_err 'dropped: exact duplicate 999999'
[ $(($(date +%s) - start)) -lt 60 ] || fail "took $(($(date +%s) - start)) s ($CASE)"

finish
