#!/bin/bash
# winnow tag: entities on the seed articles, offsets, empty and huge
# documents, --inline round trip, user gazetteers, errors.
. "$(dirname "$0")/lib.sh"

# Offsets are byte offsets on character boundaries and match "text".
check_offsets() {
	python3 - "$T/out" <<'PY' || fail "bad entity offsets ($CASE)"
import json, sys
for line in open(sys.argv[1], 'rb'):
    o = json.loads(line)
    b = o['text'].encode('utf-8')
    last = 0
    for e in o.get('entities', []):
        s, t = e['start'], e['end']
        assert last <= s < t <= len(b), e
        assert b[s:t].decode('utf-8') == e['text'], e   # raises off a boundary
        last = t
PY
}

CASE="empty and blank documents"
printf '{"id":"a","text":""}\n{"id":"b","text":"   \\n\\n  "}\n{"id":"c","text":"no names here."}\n' >"$T/in"
runin "$T/in" tag --no-topics
expect_rc 0
expect_lines 3
[ "$(jfield 1 entities)" = "[]" ] || fail "empty text has entities ($CASE)"
[ "$(jfield 2 entities)" = "[]" ] || fail "blank text has entities ($CASE)"
runin "$T/in" tag
expect_rc 0
expect_out_has '"topics":['

CASE="utf-8 offsets"
python3 - >"$T/in" <<'PY'
import json
texts = ["Zürich-based Nestlé said Sergey Lavrov met José Müller in São Paulo.",
         "«Angela Merkel» flew to Kraków with Emmanuel Macron — the ÉU summit.\n\nMoscow’s reply came.",
         "日本 Tokyo: Shinzo Abe met Vladimir Putin 😀 in Vladivostok on Monday."]
for i, t in enumerate(texts):
    print(json.dumps({"id": str(i), "text": t, "keep": [1, {"x": None}]}, ensure_ascii=False))
PY
runin "$T/in" tag --no-topics
expect_rc 0
expect_valid_jsonl
check_offsets
expect_out_has '"keep":[1, {"x": null}]'
expect_out_has '"text":"Vladimir Putin"'

CASE="huge document"
python3 - >"$T/in" <<'PY'
import json
s = "Officials in Brussels said Peter Blackburn of the European Commission met Jean Dupont in Paris on Friday. "
print(json.dumps({"id": "big", "text": s * 12000}))
PY
runin "$T/in" tag --no-topics
expect_rc 0
check_offsets
n=$(python3 -c "import json,sys; print(len(json.loads(open(sys.argv[1]).read())['entities']))" "$T/out")
[ "$n" -ge 48000 ] || fail "huge document: $n entities, expected about 60000 ($CASE)"

CASE="same output whatever -j, errors in order"
python3 - >"$T/in" <<'PY'
import json
for i in range(700):
    if i % 97 == 5:
        print('{"id": broken')
    elif i % 101 == 7:
        print('')
    else:
        print(json.dumps({"id": str(i), "text": "Officials in Berlin said Angela Merkel met Emmanuel Macron in Paris. " * (i % 7)}))
PY
runin "$T/in" tag -j 1 -v
expect_rc 0
cp "$T/out" "$T/j1"
cp "$T/err" "$T/e1"
runin "$T/in" tag -j 2 -v
expect_rc 0
cmp -s "$T/out" "$T/j1" || fail "-j 2 output differs from -j 1 ($CASE)"
cmp -s "$T/err" "$T/e1" || fail "-j 2 messages differ from -j 1 ($CASE)"
expect_err "line 6: invalid JSON, skipped"
expect_err "skipped: invalid JSON 8"
expect_lines 685
runin "$T/in" tag --strict -j 2
expect_rc 1
expect_lines 5

CASE="inline round trip"
python3 - >"$T/in" <<'PY'
import json
texts = ["Foreign Minister Sergey Lavrov met President Bashar Assad in Astana on Monday.", "Brackets ⟦PER x⟧ and ⟧⟦ stay: Putin said ⟦<⟧.", "", "plain"]
for i, t in enumerate(texts):
    print(json.dumps({"id": str(i), "text": t}, ensure_ascii=False))
PY
runin "$T/in" tag --no-topics --inline
expect_rc 0
expect_out_has '⟦PER Sergey Lavrov⟧'
expect_out_has '⟦LOC Astana⟧'
cp "$T/out" "$T/marked"
runin "$T/marked" tag --strip-inline
expect_rc 0
python3 - "$T/in" "$T/out" <<'PY' || fail "strip-inline does not give back the text ($CASE)"
import json, sys
a = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]
b = [json.loads(l)['text'] for l in open(sys.argv[2], encoding='utf-8')]
assert a == b, (a, b)
PY

CASE="user gazetteer"
printf 'Acme Rocket Works\tORG\nWidget\tPRODUCT\n# comment\n' >"$T/gaz.tsv"
printf '{"id":"1","text":"Acme Rocket Works sold a Widget to John Smith."}\n' >"$T/in"
runin "$T/in" tag --no-topics --gazetteer "$T/gaz.tsv"
expect_rc 0
expect_out_has '{"type":"ORG","start":0,"end":17,"text":"Acme Rocket Works"}'
expect_out_has '{"type":"PRODUCT","start":25,"end":31,"text":"Widget"}'
check_offsets

CASE="bad gazetteer"
printf 'no type here\n' >"$T/bad.tsv"
runin "$T/in" tag --gazetteer "$T/bad.tsv"
expect_rc 1
expect_err "winnow tag: '.*bad.tsv': line 1: expected phrase<TAB>type"
run tag --gazetteer "$T/missing.tsv"
expect_rc 3

CASE="bad model"
printf 'not a model' >"$T/model"
runin "$T/in" tag --ner-model "$T/model"
expect_rc 1
expect_err "not a usable ner model"

CASE="seed articles"
need_shared seeds
for f in "$SHARED"/seeds/*.txt; do
	python3 -c 'import json,sys; print(json.dumps({"id": sys.argv[1], "text": open(sys.argv[1], encoding="utf-8").read()}))' "$f"
done >"$T/seeds"
runin "$T/seeds" tag
expect_rc 0
check_offsets
python3 - "$T/out" <<'PY' || fail "seed entities wrong ($CASE)"
import json, sys
from collections import Counter
want = {"Lavrov": "PER", "Assad": "PER", "Astana": "LOC", "Syria": "LOC", "UN": "ORG",
        "State Department": "ORG"}
seen = {k: Counter() for k in want}
for line in open(sys.argv[1], encoding='utf-8'):
    for e in json.loads(line)['entities']:
        if e['text'] in want:
            seen[e['text']][e['type']] += 1
bad = [(k, dict(c)) for k, c in seen.items() if not c or c.most_common(1)[0][0] != want[k]]
assert not bad, bad
for line in open(sys.argv[1], encoding='utf-8'):
    labels = [t['label'] for t in json.loads(line)['topics']]
    assert {'politics', 'conflict'} & set(labels), labels
PY
finish
