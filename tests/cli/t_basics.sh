# The command table, help, version, exit codes, stdout errors.
. "$(dirname "$0")/lib.sh"

CASE="--version"; run --version; expect_rc 0; expect_out_has "winnow "
CASE="--help lists commands and exit codes"; run --help; expect_rc 0
expect_out_has "unpack"; expect_out_has "exit status"
CASE="no command"; run; expect_rc 2
CASE="unknown command"; run frobnicate; expect_rc 2; expect_err "'frobnicate' is not a winnow command"
CASE="help CMD"; run help unpack; expect_rc 0; expect_out_has "usage: winnow unpack"
CASE="CMD --help"; run unpack --help; expect_rc 0; expect_out_has "usage: winnow unpack"
CASE="bad option"; run unpack --no-such-option; expect_rc 2
CASE="bad --max-record"; run unpack --max-record 12Q; expect_rc 2; expect_err "invalid --max-record"

CASE="write error is exit 3"
printf '{"id":"1","text":"a"}\n' >"$T/in.jsonl"
if [ -w /dev/full ]; then
	"$WINNOW" unpack "$T/in.jsonl" >/dev/full 2>"$T/err"
	rc=$?
	expect_rc 3
	expect_err "write error"
fi

CASE="closed pipe ends quietly"
for i in $(seq 1 20000); do printf '{"id":"%d","text":"some text here"}\n' "$i"; done >"$T/many.jsonl"
"$WINNOW" unpack "$T/many.jsonl" 2>"$T/err" | head -n 1 >/dev/null
[ -s "$T/err" ] && fail "stderr on closed pipe: $(head -c 300 "$T/err")"

CASE="missing file is exit 3 and the next file still runs"
run unpack "$T/nope.jsonl" "$T/in.jsonl"; expect_rc 3; expect_err "nope.jsonl"; expect_lines 1
CASE="the man page and README name every command"
"$WINNOW" --help | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 {print $1}' >"$T/cmds"
[ -s "$T/cmds" ] || fail "no commands listed"
while read -r c; do
	grep -q "^\\.B $(echo "$c" | sed 's/-/\\\\-/')\$" "$TOP/doc/winnow.1" || fail "man page lacks '$c'"
	grep -q "winnow $c" "$TOP/README.md" || fail "README does not show 'winnow $c'"
done <"$T/cmds"
finish
