#!/bin/bash
# winnow dedup: exact and near duplicates, --dups, --annotate, thread
# determinism, hard negatives from ../shared/data/seeds.
. "$(dirname "$0")/lib.sh"

long='The city council voted on Tuesday to expand the northern tram line by four stations, a plan that has been debated for more than a decade. Supporters said the extension would cut commuting times for thousands of residents, while critics warned that the cost had doubled since the first estimate and that construction would disrupt local shops for at least two years. The mayor promised that work would begin in the spring.'
edited=${long/more than a decade/over ten years}
edited=${edited/at least two years/several years}
other='A new species of frog has been found in the cloud forests of Ecuador by a team of biologists who spent three months surveying streams at night. The animal is smaller than a thumbnail and has bright orange spots along its back, which the researchers believe warn predators that its skin is toxic. The team said the habitat is threatened by mining.'
json() { python3 -c 'import json,sys; print(json.dumps({"id": sys.argv[1], "text": sys.argv[2], "src": 1}))' "$1" "$2"; }
{
	json a "$long"
	json b "$other"
	json c "$(echo "$long" | tr 'a-z' 'A-Z')"   # exact after normalization
	json d "$edited"                              # near duplicate of a
	json e "$other"                               # exact copy of b
	json f ""                                     # empty text
	json g ""                                     # empty again: exact copy of f
} >"$T/in.jsonl"

CASE="exact and near duplicates dropped, first occurrence kept, in order"
runin "$T/in.jsonl" dedup -j1 --dups "$T/dups.jsonl" -v
expect_rc 0
expect_lines 3
[ "$(jfield 1 id)" = a ] && [ "$(jfield 2 id)" = b ] && [ "$(jfield 3 id)" = f ] ||
	fail "survivors $(cut -c1-20 "$T/out" | tr '\n' ' ') ($CASE)"
expect_out_has '"src": 1'
expect_err 'dropped: exact duplicate 3'
expect_err "dropped: near duplicate 1"
expect_err 'records read 7, written 3'

CASE="--dups names the kept document, reason and similarity"
python3 - "$T/dups.jsonl" <<'PY' || fail "$CASE: $(cat "$T/dups.jsonl")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
got = {r['id']: (r['dup_of'], r['reason']) for r in rows}
assert got == {'c': ('a', 'exact'), 'd': ('a', 'near'), 'e': ('b', 'exact'), 'g': ('f', 'exact')}, got
for r in rows:
    assert set(r) == {'id', 'dup_of', 'reason', 'similarity'}, r
    assert 0 < r['similarity'] <= 1, r
    if r['reason'] == 'exact':
        assert r['similarity'] == 1, r
    else:
        assert r['similarity'] < 1, r
PY

CASE="--annotate adds dup_count to survivors"
runin "$T/in.jsonl" dedup --annotate
expect_rc 0
[ "$(jfield 1 dup_count)" = 2 ] && [ "$(jfield 2 dup_count)" = 1 ] && [ "$(jfield 3 dup_count)" = 1 ] ||
	fail "dup_count $(cat "$T/out") ($CASE)"
expect_valid_jsonl

CASE="--annotate needs JSONL output"
runin "$T/in.jsonl" dedup --annotate --output-format lines
expect_rc 2

CASE="a higher threshold keeps the edited copy"
runin "$T/in.jsonl" dedup --threshold 0.99
expect_rc 0
expect_lines 4

CASE="bad option values are usage errors"
for bad in "--threshold 0" "--threshold 1.5" "--shingle 0" "--num-perm 100" "--bands 4" "--containment x"; do
	# shellcheck disable=SC2086
	runin "$T/in.jsonl" dedup $bad
	expect_rc 2
done

CASE="plain text in and out (-0)"
printf 'one two three four five six\0One, two; THREE four five six!\0seven\0' >"$T/in.nul"
runin "$T/in.nul" dedup -0
expect_rc 0
printf 'one two three four five six\0seven\0' | cmp -s - "$T/out" || fail "$CASE"

CASE="invalid JSON lines are skipped and counted, --strict stops"
printf '{"id":"1","text":"x y z"}\nnot json\n{"id":"2","text":"x y z"}\n' >"$T/bad.jsonl"
runin "$T/bad.jsonl" dedup -v
expect_rc 0
expect_lines 1
expect_err 'line 2: .*skipped'
expect_err 'skipped: invalid JSON 1'
runin "$T/bad.jsonl" dedup --strict
expect_rc 1

CASE="output is the same for any thread count"
python3 - "$SHARED/topics/wikinews_topics_partial.jsonl" >"$T/mix.jsonl" <<'PY'
import json, random, sys, os
rng = random.Random(7)
docs = []
src = sys.argv[1]
if os.path.exists(src):
    with open(src) as f:
        for i, l in enumerate(f):
            if i >= 600: break
            docs.append(json.loads(l)['text'])
else:
    words = ['w%d' % i for i in range(5000)]
    docs = [' '.join(rng.choice(words) for _ in range(200)) for _ in range(600)]
out = []
for i, t in enumerate(docs):
    out.append((i, t))
    if i % 3 == 0:
        w = t.split(' ')
        for _ in range(max(1, len(w) // 50)):
            w[rng.randrange(len(w))] = 'changed'
        out.append((i + 0.5, ' '.join(w)))
rng.shuffle(out)
for n, (k, t) in enumerate(out):
    print(json.dumps({'id': 'd%d' % n, 'text': t}))
PY
runin "$T/mix.jsonl" dedup -j1 --dups "$T/d1"
cp "$T/out" "$T/o1"
expect_rc 0
for j in 2 3 8; do
	runin "$T/mix.jsonl" dedup -j$j --dups "$T/dj"
	expect_rc 0
	expect_out_file "$T/o1"
	cmp -s "$T/d1" "$T/dj" || fail "--dups differs at -j$j ($CASE)"
done
[ "$(wc -l <"$T/d1")" -gt 100 ] || fail "too few duplicates found: $(wc -l <"$T/d1") ($CASE)"

CASE="seeds 000 and 002 share passages but both survive the defaults"
need_shared seeds
python3 - "$SHARED"/seeds/*.txt >"$T/seeds.jsonl" <<'PY'
import json, os, sys
for p in sys.argv[1:]:
    print(json.dumps({'id': os.path.basename(p)[:3], 'text': open(p, encoding='utf-8').read()}))
PY
for opts in "" "--lines 1" "--containment 0.7" "--lines 3 --containment 0.6" "--threshold 0.4"; do
	# shellcheck disable=SC2086
	runin "$T/seeds.jsonl" dedup $opts
	expect_rc 0
	expect_lines 5
done
finish
