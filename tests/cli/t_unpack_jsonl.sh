# JSONL and plain text through unpack: normalization, skips, --strict, -0.
. "$(dirname "$0")/lib.sh"

printf '{"id":"a","text":"one","meta":{"k":[1,2]}}\n\nnot json\n{"text":"no id"}\r\n{"id":2,"text":"bad \377 byte"}\n{"id":"x"}\n{"id":"last","text":"no newline"}' >"$T/in.jsonl"

CASE="jsonl normalized"; run unpack -v "$T/in.jsonl"; expect_rc 0; expect_lines 4; expect_valid_jsonl
expect_err "line 3: invalid JSON, skipped"
expect_err "line 6: missing or mistyped field, skipped"
expect_err "records read 6, written 4"
expect_err "invalid UTF-8 sequences replaced 1"
[ "$(jfield 1 meta)" = '{"k": [1, 2]}' ] || fail "meta not passed through: $(jfield 1 meta)"
[ "$(jfield 2 id)" = "$T/in.jsonl:4" ] || fail "missing id not assigned: $(jfield 2 id)"
[ "$(jfield 3 text)" = "bad � byte" ] || fail "invalid byte not replaced"
head -n 1 "$T/out" | grep -qxF '{"id":"a","text":"one","meta":{"k":[1,2]}}' || fail "first record not byte for byte"

CASE="--strict stops with exit 1"; run unpack --strict "$T/in.jsonl"; expect_rc 1; expect_lines 1
CASE="quiet"; run unpack -q "$T/in.jsonl"; expect_rc 0; expect_no_err

CASE="jsonl.gz and jsonl.zst from stdin"
gzip -c "$T/in.jsonl" >"$T/in.jsonl.gz"; zstd -q -c "$T/in.jsonl" >"$T/in.jsonl.zst"
runin "$T/in.jsonl.gz" unpack -q; expect_rc 0; expect_lines 4
runin "$T/in.jsonl.zst" unpack -q; expect_rc 0; expect_lines 4

CASE="max-record skips, never truncates"
python3 -c "import json;print(json.dumps({'id':'big','text':'x'*5000}));print(json.dumps({'id':'ok','text':'y'}))" >"$T/big.jsonl"
run unpack -v --max-record 1K "$T/big.jsonl"; expect_rc 0; expect_lines 1; expect_out_has '"ok"'
expect_err "skipped: record too large 1"

CASE="plain text: one document per file"
printf 'Hello world.\nSecond line.\n' >"$T/doc.txt"
run unpack "$T/doc.txt"; expect_rc 0; expect_lines 1
[ "$(jfield 1 text)" = "$(printf 'Hello world.\nSecond line.\n')" ] || fail "text document changed"
CASE="plain text: one document per line"
run unpack --input-format lines "$T/doc.txt"; expect_rc 0; expect_lines 2
[ "$(jfield 2 id)" = "$T/doc.txt:2" ] || fail "line id: $(jfield 2 id)"
CASE="-0 in and out"
printf 'first\ndoc\0second doc\0' >"$T/nul.txt"
run unpack -0 "$T/nul.txt"; expect_rc 0
[ "$(tr '\0' '|' <"$T/out")" = "$(printf 'first\ndoc|second doc|')" ] || fail "-0 output: $(tr '\0' '|' <"$T/out")"
CASE="empty input"; run unpack /dev/null; expect_rc 0; expect_lines 0
finish
