# Shared helpers for CLI tests. Each tests/cli/t_*.sh sources this, runs
# $WINNOW and checks stdout, stderr and exit status. A script exits 0 when
# every check passed, 77 to skip (with a message), anything else on failure.
set -u
: "${WINNOW:?set WINNOW to the winnow binary}"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=$TOP/../shared/data
T=$(mktemp -d "${TMPDIR:-/tmp}/winnow-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
FAILS=0

fail() {
	echo "  FAIL: $*" >&2
	FAILS=$((FAILS + 1))
}

# run ARGS...: runs winnow with stdout in $T/out, stderr in $T/err, status in $rc.
run() {
	"$WINNOW" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# runin FILE ARGS...: same with FILE on stdin.
runin() {
	f=$1
	shift
	"$WINNOW" "$@" <"$f" >"$T/out" 2>"$T/err"
	rc=$?
}

expect_rc() {
	[ "$rc" -eq "$1" ] || { fail "exit $rc, expected $1 ($CASE); stderr: $(head -c 600 "$T/err")"; }
}

expect_out() { # expected stdout, exact
	printf '%s' "$1" | cmp -s - "$T/out" || fail "stdout differs ($CASE): $(head -c 400 "$T/out")"
}

expect_out_file() {
	cmp -s "$1" "$T/out" || fail "stdout differs from $1 ($CASE)"
}

expect_lines() {
	n=$(wc -l <"$T/out")
	[ "$n" -eq "$1" ] || fail "$n lines out, expected $1 ($CASE)"
}

expect_err() { # grep -E pattern on stderr
	grep -Eq -- "$1" "$T/err" || fail "stderr lacks /$1/ ($CASE): $(head -c 600 "$T/err")"
}

expect_no_err() {
	[ ! -s "$T/err" ] || fail "unexpected stderr ($CASE): $(head -c 600 "$T/err")"
}

expect_out_has() {
	grep -Fq -- "$1" "$T/out" || fail "stdout lacks '$1' ($CASE)"
}

# Every output line is a JSON object with string id and text.
expect_valid_jsonl() {
	python3 - "$T/out" <<'PY' || fail "invalid JSONL output ($CASE)"
import json, sys
with open(sys.argv[1], 'rb') as f:
    for n, line in enumerate(f, 1):
        o = json.loads(line.decode('utf-8', 'strict'))
        assert isinstance(o, dict) and isinstance(o.get('text'), str), n
        assert 'id' in o, n
PY
}

# jfield N FIELD: field FIELD of output line N (JSON-decoded, printed raw).
jfield() {
	python3 - "$T/out" "$1" "$2" <<'PY'
import json, sys
lines = open(sys.argv[1], 'rb').read().decode().splitlines()
v = json.loads(lines[int(sys.argv[2]) - 1]).get(sys.argv[3])
sys.stdout.write(v if isinstance(v, str) else json.dumps(v))
PY
}

need_shared() {
	if [ ! -e "$SHARED/$1" ]; then
		echo "  skip: ../shared/data/$1 is absent"
		exit 77
	fi
}

finish() {
	[ "$FAILS" -eq 0 ]
	exit $?
}
