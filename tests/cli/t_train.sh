#!/bin/bash
# winnow train ner: reproducible bit for bit, usable, and its errors.
. "$(dirname "$0")/lib.sh"

CASE="usage"
run train
expect_rc 2
run train ner
expect_rc 2
expect_err "no training file"
run train nope
expect_rc 2

CASE="bad file"
printf 'word\n' >"$T/bad.conll"
run train ner -o "$T/m" "$T/bad.conll"
expect_rc 1
expect_err "bad.conll': line 1: expected a token and a tag"
run train ner -o "$T/m" "$T/missing.conll"
expect_rc 3

CASE="reproducible"
need_shared ner/conll2003/eng.train
head -n 6000 "$SHARED/ner/conll2003/eng.train" >"$T/slice"
run train ner --epochs 3 --seed 5 -o "$T/a.bin" "$T/slice"
expect_rc 0
run train ner --epochs 3 --seed 5 -o "$T/b.bin" "$T/slice"
expect_rc 0
cmp -s "$T/a.bin" "$T/b.bin" || fail "two trainings differ ($CASE)"
run train ner --epochs 3 --seed 6 -o "$T/c.bin" "$T/slice"
cmp -s "$T/a.bin" "$T/c.bin" && fail "the seed changes nothing ($CASE)"
printf '{"id":"1","text":"Peter Blackburn said the European Commission met in Brussels."}\n' >"$T/in"
runin "$T/in" tag --no-topics --ner-model "$T/a.bin"
expect_rc 0
expect_out_has '"entities":[{'

CASE="entity share"
run train ner --entity-share 2 -o "$T/s.bin" "$T/slice"
expect_rc 2
expect_err "invalid --entity-share '2' \\(0 to 1\\)"
for bad in '' '0.5x' '-0.1'; do
	run train ner --entity-share "$bad" -o "$T/s.bin" "$T/slice"
	expect_rc 2
done
run train topics --primary-rounds '' -o "$T/s.bin" "$T/slice"
expect_rc 2
expect_err "invalid --primary-rounds '' \\(0 to 20\\)"
# Which lower-case words and punctuation get scored is part of the model:
# scoring every one seen inside an entity keeps more of them than the
# default (1 in 200 of their occurrences), which keeps more than 0.5.
run train ner --epochs 3 --seed 5 --entity-share 0 -o "$T/s0.bin" "$T/slice"
expect_rc 0
run train ner --epochs 3 --seed 5 --entity-share 0.5 -o "$T/s5.bin" "$T/slice"
expect_rc 0
lowcap() { od -An -tu4 -j168 -N4 "$1" | tr -d ' '; }
[ "$(lowcap "$T/s0.bin")" -ge "$(lowcap "$T/a.bin")" ] &&
	[ "$(lowcap "$T/a.bin")" -gt "$(lowcap "$T/s5.bin")" ] ||
	fail "low table sizes $(lowcap "$T/s0.bin") $(lowcap "$T/a.bin") $(lowcap "$T/s5.bin") ($CASE)"

CASE="topics reproducible"
python3 - >"$T/top.jsonl" <<'PY'
import json, random
r = random.Random(3)
words = {'sport': 'match goal team coach season league win cup player score'.split(),
         'economy': 'market shares bank profit trade prices growth company stock investors'.split(),
         'science': 'research scientists study space data physics species genome telescope lab'.split()}
for i in range(300):
    lab = ['sport', 'economy', 'science'][i % 3]
    text = ' '.join(r.choice(words[lab] + ['the', 'a', 'of', 'on']) for _ in range(30))
    print(json.dumps({'id': str(i), 'text': text, 'labels': [lab]}))
PY
run train topics --buckets 4096 --epochs 3 -o "$T/t1.bin" "$T/top.jsonl"
expect_rc 0
run train topics --buckets 4096 --epochs 3 -o "$T/t2.bin" "$T/top.jsonl"
cmp -s "$T/t1.bin" "$T/t2.bin" || fail "two topic trainings differ ($CASE)"
run train topics --model "$T/t1.bin" --eval "$T/top.jsonl"
expect_rc 0
expect_out_has "top-1 accuracy 100.00"
printf '{"id":"x","text":"the team coach saw the match and the goal of the season"}\n' >"$T/in"
runin "$T/in" tag --no-entities --topics-model "$T/t1.bin"
expect_out_has '"topics":[{"label":"sport","score":'

CASE="topics --title-weight"
# K times the title is the same training as the title pasted K times in
# front of the text; --eval still reads the title once.
python3 - "$T/top.jsonl" "$T/titled.jsonl" "$T/pasted.jsonl" "$T/once.jsonl" <<'PY'
import json, sys
with open(sys.argv[2], 'w') as a, open(sys.argv[3], 'w') as b, open(sys.argv[4], 'w') as c:
    for i, line in enumerate(open(sys.argv[1])):
        r = json.loads(line)
        title = ' '.join(r['text'].split()[:4]) + (' "é"' if i % 7 == 0 else '')
        a.write(json.dumps(dict(r, title=title)) + '\n')
        b.write(json.dumps(dict(r, text=(title + '.\n') * 3 + r['text'])) + '\n')
        c.write(json.dumps(dict(r, text=title + '.\n' + r['text'])) + '\n')
PY
run train topics --buckets 4096 --epochs 3 --title-field title --title-weight 3 -o "$T/tw.bin" \
	--eval "$T/titled.jsonl" "$T/titled.jsonl"
expect_rc 0
cut -f2- "$T/out" >"$T/tw.eval"
run train topics --buckets 4096 --epochs 3 -o "$T/pasted.bin" "$T/pasted.jsonl"
expect_rc 0
cmp -s "$T/tw.bin" "$T/pasted.bin" || fail "--title-weight 3 differs from the title pasted 3 times ($CASE)"
cmp -s "$T/tw.bin" "$T/t1.bin" && fail "--title-weight changed nothing ($CASE)"
run train topics --model "$T/tw.bin" --eval "$T/once.jsonl"
expect_rc 0
cut -f2- "$T/out" | cmp -s - "$T/tw.eval" || fail "--eval did not read the title once ($CASE)"
run train topics --title-weight 0 "$T/top.jsonl"
expect_rc 2
expect_err "title-weight"
finish
