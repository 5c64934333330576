#!/bin/bash
# winnow dedup --lines: boilerplate lines seen in N earlier kept documents
# are removed from the text (and from similarity), counted and reported.
. "$(dirname "$0")/lib.sh"

python3 - >"$T/in.jsonl" <<'PY'
import json
head = "Skip to main content of The Daily Planet website"
foot = "Support our journalism: subscribe today for one dollar"
bodies = [
    "The bridge over the river reopened on Monday after two years of repairs.",
    "Farmers in the valley expect a record apple harvest this autumn.",
    "The museum will show paintings lent by collectors from six countries.",
    "A storm cut power to four thousand homes overnight, the utility said.",
]
for i, b in enumerate(bodies):
    print(json.dumps({"id": "n%d" % i, "text": "\n".join([head, "Short line", b, foot])}))
print(json.dumps({"id": "only", "text": head + "\n" + foot + "\nok"}))
PY

CASE="lines seen in 2 earlier documents are removed"
runin "$T/in.jsonl" dedup --lines 2 -v
expect_rc 0
expect_lines 4
python3 - "$T/out" <<'PY' || fail "$CASE: $(cat "$T/out")"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
texts = [r['text'] for r in rows]
assert [r['id'] for r in rows] == ['n0', 'n1', 'n2', 'n3'], rows
assert texts[0].startswith('Skip to main content') and texts[1].startswith('Skip to main content')
for t in texts[2:]:
    assert 'Skip to main' not in t and 'Support our journalism' not in t, t
    assert t.startswith('Short line\n'), t  # short lines are never boilerplate
    assert not t.endswith('\n'), repr(t)
PY
expect_err 'dropped: only boilerplate 1'
expect_err 'boilerplate lines removed 4'
expect_err 'boilerplate bytes removed 2[0-9][0-9]'

CASE="--line-min raises the bar"
runin "$T/in.jsonl" dedup --lines 2 --line-min 60 -v
expect_rc 0
expect_lines 5
expect_err 'boilerplate lines removed 0'

CASE="thread counts agree with --lines"
runin "$T/in.jsonl" dedup --lines 1 -j1
cp "$T/out" "$T/o1"
runin "$T/in.jsonl" dedup --lines 1 -j3
expect_out_file "$T/o1"

CASE="boilerplate does not fake a duplicate"
python3 - >"$T/fake.jsonl" <<'PY'
import json
box = ["Skip to main content of The Daily Planet website and its partners",
       "Support our journalism: subscribe today for one dollar a week",
       "Read more stories like this one in our weekly newsletter for readers",
       "Follow us on every social network you can think of for more news"]
for i, body in enumerate(["Rain is expected on Sunday across the whole northern region.",
                          "The mayor resigned on Friday after a long budget dispute.",
                          "Schools will close early this week because of the heat wave.",
                          "A new park opens by the harbour with a playground and a cafe."]):
    print(json.dumps({"id": "b%d" % i, "text": "\n".join(box + [body])}))
PY
runin "$T/fake.jsonl" dedup
[ "$(wc -l <"$T/out")" -lt 4 ] || fail "shared boilerplate made no duplicate without --lines ($CASE)"
runin "$T/fake.jsonl" dedup --lines 1
expect_lines 4
finish
