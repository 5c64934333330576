# winnow bench runs each stage on a small generated corpus and reports.
. "$(dirname "$0")/lib.sh"
CASE="bench small"; run bench --size 2M --runs 2 gen unpack dedup; expect_rc 0
expect_out_has "winnow bench: "
for s in gen unpack dedup; do
	grep -Eq "^$s +[0-9.]+ MB/s" "$T/out" || fail "no $s line: $(cat "$T/out" "$T/err")"
done
expect_out_has "peak memory"
# tag and the pipeline run the commands in-process (slow under ASan: small)
CASE="bench tag, pipeline"; run bench --size 300K --runs 2 -j 2 tag pipeline; expect_rc 0
for s in tag pipeline; do
	grep -Eq "^$s +[0-9.]+ MB/s" "$T/out" || fail "no $s line: $(cat "$T/out" "$T/err")"
done
grep -Eq '^(gen|unpack|dedup) ' "$T/out" && fail "stages reported though not asked for"
CASE="bench unknown stage"; run bench nope; expect_rc 2
CASE="bench one stage"; run bench --size 1M --runs 1 unpack; expect_rc 0
grep -q '^gen ' "$T/out" && fail "gen reported though not asked for"
CASE="bench bad size"; run bench --size nope; expect_rc 2

# The micro-benchmark (make micro): every function reports a rate, and two
# runs over the same corpus agree on each function's checksum.
M=${MICRO:-$TOP/build/micro}
if [ -x "$M" ]; then
	CASE="micro all"
	"$M" --size 300000 --runs 2 >"$T/m1" 2>"$T/err"; rc=$?; expect_rc 0
	for f in tokenize normalize word-hash json-parse signature lsh-decide ner topics; do
		grep -Eq "^$f +[0-9.]+ +[0-9]+ " "$T/m1" || fail "micro: no $f line: $(cat "$T/m1" "$T/err")"
	done
	CASE="micro one, same checksum"
	"$M" --size 300000 --runs 1 signature >"$T/m2" 2>"$T/err"; rc=$?; expect_rc 0
	[ "$(grep -c . "$T/m2")" = 3 ] || fail "micro signature printed other functions"
	[ "$(awk '/^signature/{print $NF}' "$T/m1")" = "$(awk '/^signature/{print $NF}' "$T/m2")" ] ||
		fail "micro: signature checksum differs between runs"
	CASE="micro bad name"; "$M" nope >/dev/null 2>&1; rc=$?; expect_rc 2
else
	echo "skip: micro not built ($M)"
fi
finish
