#!/bin/bash
# winnow dedup against the ground truth of `winnow gen --truth`: at the
# settings the README recommends for scraped news, near-duplicate variants
# are found with precision >= 0.99 and recall >= 0.98; at the defaults,
# exact copies are always found and hard negatives kept.
. "$(dirname "$0")/lib.sh"

if ! "$WINNOW" gen --help >/dev/null 2>&1; then
	echo "  skip: winnow gen is not built in (needed for --truth)"
	exit 77
fi

score() { # score TRUTH DUPS MIN_PRECISION MIN_RECALL
	python3 - "$@" <<'PY'
import json, sys
truth = {}
for l in open(sys.argv[1]):
    o = json.loads(l)
    truth[str(o['id'])] = o
copies = {'exact', 'syndicated', 'trimmed', 'edited', 'reflowed', 'headline', 'inserted'}
tp = fp = 0
exact_total = sum(1 for t in truth.values() if t['variant'] == 'exact')
exact_found = hard_dropped = 0
for l in open(sys.argv[2]):
    d = json.loads(l)
    t, k = truth[d['id']], truth.get(d['dup_of'])
    if t['variant'] in copies and k is not None and k['story'] == t['story']:
        tp += 1
        exact_found += t['variant'] == 'exact'
    else:
        fp += 1
    hard_dropped += t['variant'] == 'hard-negative'
n = sum(1 for t in truth.values() if t['variant'] in copies)
p, r = tp / max(1, tp + fp), tp / max(1, n)
print('precision %.4f recall %.4f exact %d/%d hard negatives dropped %d'
      % (p, r, exact_found, exact_total, hard_dropped))
ok = p >= float(sys.argv[3]) and r >= float(sys.argv[4]) and exact_found == exact_total
ok = ok and hard_dropped == 0
sys.exit(0 if ok else 1)
PY
}

for seed in 1 2; do
	"$WINNOW" gen --seed $seed --size 6M --truth "$T/truth" >"$T/corpus.jsonl" 2>"$T/err" ||
		{ fail "winnow gen failed: $(cat "$T/err")"; continue; }
	CASE="recommended settings for news, seed $seed"
	runin "$T/corpus.jsonl" dedup --lines 3 --containment 0.6 --dups "$T/dups"
	expect_rc 0
	res=$(score "$T/truth" "$T/dups" 0.99 0.98) || fail "$res ($CASE)"
	echo "  $CASE: $res"
	CASE="defaults, seed $seed"
	runin "$T/corpus.jsonl" dedup --dups "$T/dups"
	expect_rc 0
	res=$(score "$T/truth" "$T/dups" 0.99 0.97) || fail "$res ($CASE)"
	echo "  $CASE: $res"
done
finish
