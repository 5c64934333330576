#!/bin/bash
# Accuracy of the shipped models (evaluated, never retrained here):
# NER F1 >= 89 on CoNLL-2003 eng.testa (conlleval exact spans), and the
# wikigold F1 reported (a floor of 50 guards against regressions); topics
# on AG News with the IPTC mapping (floor 77, the shipped model 77.14; naive Bayes: 74; the
# target of 82 is not reached yet, see README), and a model trained by
# 'winnow train topics' on half of AG News >= 86 on the other half.
. "$(dirname "$0")/lib.sh"
need_shared ner/conll2003/eng.testa

# f1 FILE: overall F1 from 'winnow train ner --eval' output.
f1() { awk -F'\t' '$2 == "ALL" { sub(/F1 +/, "", $5); print $5 }' "$T/out"; }

CASE="conll2003 testa"
run train ner --eval "$SHARED/ner/conll2003/eng.testa"
expect_rc 0
v=$(f1)
echo "  NER F1 on eng.testa: $v"
awk -v v="$v" 'BEGIN { exit !(v >= 89.0) }' || fail "F1 $v on eng.testa, below 89 ($CASE)"

CASE="wikigold"
run train ner --eval "$SHARED/ner/wikigold/wikigold.conll.txt"
expect_rc 0
v=$(f1)
echo "  NER F1 on wikigold: $v"
awk -v v="$v" 'BEGIN { exit !(v >= 50.0) }' || fail "F1 $v on wikigold, below 50 ($CASE)"

CASE="topics on AG News"
if [ -e "$SHARED/topics/ag_news_test.csv" ]; then
	python3 - "$SHARED/topics/ag_news_test.csv" "$T" <<'PY'
import csv, json, sys
iptc = {'1': ['politics', 'conflict', 'crime', 'disaster'], '2': ['sport'], '3': ['economy'], '4': ['science']}
names = {'1': 'World', '2': 'Sports', '3': 'Business', '4': 'Sci/Tech'}
out = sys.argv[2]
with open(out + '/ag_iptc.jsonl', 'w') as f, open(out + '/ag_a.jsonl', 'w') as a, open(out + '/ag_b.jsonl', 'w') as b:
    for i, (c, title, desc) in enumerate(csv.reader(open(sys.argv[1], encoding='utf-8'))):
        text = title + '\n' + desc
        f.write(json.dumps({'id': str(i), 'text': text, 'labels': iptc[c]}) + '\n')
        (a if i % 2 == 0 else b).write(json.dumps({'id': str(i), 'text': text, 'labels': [names[c]]}) + '\n')
PY
	run train topics --eval "$T/ag_iptc.jsonl"
	expect_rc 0
	v=$(awk -F'\t' '{ sub(/top-1 accuracy /, "", $3); print $3 }' "$T/out")
	echo "  topics top-1 on AG News (IPTC mapping, all 17 labels): $v"
	awk -v v="$v" 'BEGIN { exit !(v >= 77.0) }' || fail "topics top-1 $v, below 77 (naive Bayes: 74) ($CASE)"
	run train topics --eval "$T/ag_iptc.jsonl" --among politics,conflict,crime,disaster,sport,economy,science
	v=$(awk -F'\t' '{ sub(/top-1 accuracy /, "", $3); print $3 }' "$T/out")
	echo "  topics top-1 on AG News (among the mapped labels): $v"

	CASE="topics trained on half of AG News"
	run train topics -o "$T/ag.bin" --eval "$T/ag_b.jsonl" "$T/ag_a.jsonl"
	expect_rc 0
	v=$(awk -F'\t' '{ sub(/top-1 accuracy /, "", $3); print $3 }' "$T/out")
	echo "  topics top-1 on AG News, trained on the other half: $v"
	awk -v v="$v" 'BEGIN { exit !(v >= 86.0) }' || fail "top-1 $v below 86 ($CASE)"
fi
finish
