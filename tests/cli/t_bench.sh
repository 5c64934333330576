# winnow bench runs each stage on a small generated corpus and reports.
. "$(dirname "$0")/lib.sh"
CASE="bench small"; run bench --size 2M --runs 2; expect_rc 0
expect_out_has "winnow bench: "
grep -Eq '^gen +[0-9.]+ MB/s' "$T/out" || fail "no gen line: $(cat "$T/out")"
grep -Eq '^unpack +[0-9.]+ MB/s' "$T/out" || fail "no unpack line: $(cat "$T/out")"
expect_out_has "peak memory"
CASE="bench one stage"; run bench --size 1M --runs 1 unpack; expect_rc 0
grep -q '^gen ' "$T/out" && fail "gen reported though not asked for"
CASE="bench bad size"; run bench --size nope; expect_rc 2
finish
