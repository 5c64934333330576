#!/bin/bash
# Accuracy of the shipped models (evaluated, never retrained here):
# NER F1 >= 89 on CoNLL-2003 eng.testa (conlleval exact spans), and the
# wikigold F1 reported (a floor of 50 guards against regressions).
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
finish
