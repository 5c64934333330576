# winnow train ner --eval GOLD --predicted FILE: another tagger's output
# scored with conlleval's exact span matching.
. "$(dirname "$0")/lib.sh"
printf -- '-DOCSTART- -X- O O\n\nJohn NNP I-PER\nSmith NNP I-PER\nvisited VBD O\nParis NNP I-LOC\n. . O\n\nIBM NNP I-ORG\nwon VBD O\n' >"$T/gold"
# John Smith right, Paris typed wrong, IBM split in a spurious extra span
printf -- '-DOCSTART- O\n\nJohn B-PER\nSmith I-PER\nvisited O\nParis B-ORG\n. O\n\nIBM B-ORG\nwon B-MISC\n' >"$T/pred"
CASE="score predicted"; run train ner --eval "$T/gold" --predicted "$T/pred"; expect_rc 0
# gold 3 spans, predicted 4, correct 2 (John Smith, IBM)
grep -P '\tALL\t' "$T/out" | grep -q 'precision  50.00.*recall  66.67.*F1  57.14.*gold 3.*predicted 4.*correct 2' ||
	fail "scores: $(cat "$T/out")"
grep -P '\tLOC\t' "$T/out" | grep -q 'gold 1.*predicted 0.*correct 0' || fail "LOC: $(cat "$T/out")"
CASE="score itself"; run train ner --eval "$T/gold" --predicted "$T/gold"; expect_rc 0
grep -P '\tALL\t' "$T/out" | grep -q 'F1 100.00' || fail "gold against itself: $(cat "$T/out")"
printf -- 'John B-PER\nSmyth I-PER\nvisited O\nParis B-LOC\n. O\n\nIBM B-ORG\nwon O\n' >"$T/bad"
CASE="other tokens"; run train ner --eval "$T/gold" --predicted "$T/bad"; expect_rc 1
expect_err "token 2 is 'Smyth'"
head -4 "$T/pred" >"$T/short"
CASE="fewer tokens"; run train ner --eval "$T/gold" --predicted "$T/short"; expect_rc 1
CASE="predicted needs one eval"; run train ner --predicted "$T/pred"; expect_rc 2
finish
