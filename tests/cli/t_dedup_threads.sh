#!/bin/bash
# winnow dedup gives the same bytes whatever -j, on inputs of many batches:
# plain, --lines, NUL-separated text, lines over --max-record, several
# files, --dups and --annotate.
. "$(dirname "$0")/lib.sh"

"$WINNOW" gen --seed 3 --size 3M >"$T/a.jsonl" || fail "gen failed"
"$WINNOW" gen --seed 4 --size 1M >"$T/b.jsonl" || fail "gen failed"
"$WINNOW" gen --seed 5 --size 2M --format text >"$T/c.txt" || fail "gen failed"
# Blank lines, an invalid line and lines over the cap in the middle.
{ head -n 300 "$T/a.jsonl"; echo; echo '{"text": broken'; head -c 300000 /dev/zero | tr '\0' x;
  echo; tail -n +301 "$T/a.jsonl"; } >"$T/mixed.jsonl"

same_for_all_j() { # FILE ARGS...: -j 2, 3 and 8 write what -j 1 writes
	local f=$1
	shift
	runin "$f" dedup -j1 "$@"
	expect_rc 0
	cp "$T/out" "$T/o1"
	cp "$T/err" "$T/e1"
	[ -s "$T/o1" ] || fail "no output ($CASE)"
	for j in 2 3 8; do
		runin "$f" dedup -j$j "$@"
		expect_rc 0
		expect_out_file "$T/o1"
		cmp -s "$T/err" "$T/e1" || fail "stderr differs at -j$j ($CASE): $(head -c 300 "$T/err")"
	done
}

CASE="defaults"
same_for_all_j "$T/a.jsonl" -v
[ "$(wc -l <"$T/o1")" -lt "$(wc -l <"$T/a.jsonl")" ] || fail "nothing dropped ($CASE)"

CASE="--lines"
same_for_all_j "$T/a.jsonl" --lines 2 -v
grep -q 'boilerplate lines removed [1-9]' "$T/e1" || fail "no boilerplate removed ($CASE): $(cat "$T/e1")"

CASE="--lines with containment"
same_for_all_j "$T/a.jsonl" --lines 1 --containment 0.7

CASE="NUL-separated text"
same_for_all_j "$T/c.txt" -0 -v

CASE="NUL-separated text with --lines"
same_for_all_j "$T/c.txt" -0 --lines 2 -v

CASE="blank, invalid and over-cap lines"
same_for_all_j "$T/mixed.jsonl" --max-record 200000 -v
grep -q "line 302: invalid JSON" "$T/e1" || fail "invalid line not reported by number ($CASE): $(cat "$T/e1")"
grep -q "line 303: record larger than --max-record" "$T/e1" || fail "long line not reported ($CASE): $(cat "$T/e1")"

CASE="several files, --dups and --annotate"
for j in 1 2 3; do
	run dedup -j$j --dups "$T/d$j" --annotate "$T/a.jsonl" "$T/b.jsonl" "$T/a.jsonl"
	expect_rc 0
	cp "$T/out" "$T/o$j"
done
cmp -s "$T/o1" "$T/o2" && cmp -s "$T/o1" "$T/o3" || fail "output differs ($CASE)"
cmp -s "$T/d1" "$T/d2" && cmp -s "$T/d1" "$T/d3" || fail "--dups differs ($CASE)"
[ "$(wc -l <"$T/o1")" -lt "$(wc -l <"$T/a.jsonl")" ] || fail "second copy of a not dropped ($CASE)"

finish
