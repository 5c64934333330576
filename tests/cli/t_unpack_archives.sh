# Archives and compressed streams built here with the system tools,
# including truncated and corrupt ones.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/d/sub"
printf 'Alpha document text.\n' >"$T/d/a.txt"
printf 'Beta document, with UTF-8: café.\n' >"$T/d/sub/b.md"
printf 'bin\0ary\0data' >"$T/d/c.bin"
: >"$T/d/empty.txt"
(cd "$T" && tar cf d.tar d && gzip -c d.tar >d.tar.gz && bzip2 -c d.tar >d.tar.bz2 &&
	xz -c d.tar >d.tar.xz && xz --format=lzma -c d.tar >d.tar.lzma && zstd -q -c d.tar >d.tar.zst &&
	lz4 -q -c d.tar >d.tar.lz4 && zip -qr d.zip d && (find d | cpio -o -H newc >d.cpio 2>/dev/null) &&
	ar rc d.a d/a.txt d/sub/b.md 2>/dev/null; 7z a -bd d.7z d >/dev/null 2>&1) || fail "fixtures"

for f in d.tar d.tar.gz d.tar.bz2 d.tar.xz d.tar.lzma d.tar.zst d.tar.lz4 d.zip d.cpio d.7z; do
	CASE="$f"
	run unpack -v "$T/$f"; expect_rc 0; expect_lines 3; expect_valid_jsonl
	expect_err "skipped: binary 1"
	expect_out_has "\"id\":\"$T/$f:d/sub/b.md\""
	expect_out_has "café"
	expect_out_has "\"source\":\"$T/$f\""
done
CASE="ar"; run unpack "$T/d.a"; expect_rc 0; expect_lines 2

CASE="tar.gz from a pipe"
cat "$T/d.tar.gz" | "$WINNOW" unpack >"$T/out" 2>"$T/err"; rc=$?
expect_rc 0; expect_lines 3; expect_out_has '"id":"-:d/a.txt"'
CASE="7z from a pipe is refused clearly"
cat "$T/d.7z" | "$WINNOW" unpack >"$T/out" 2>"$T/err"; rc=$?
expect_rc 1; expect_err "7z archives cannot be read from a pipe"

CASE="--include / --exclude"
run unpack --include '*.md' "$T/d.tar.gz"; expect_rc 0; expect_lines 1; expect_out_has "b.md"
run unpack --exclude 'd/sub/*' "$T/d.tar.gz"; expect_rc 0; expect_lines 2

CASE="bare compressed text"
printf 'just some text\n' | xz -c >"$T/t.xz"; printf 'just some text\n' | bzip2 -c >"$T/t.bz2"
run unpack "$T/t.xz" "$T/t.bz2"; expect_rc 0; expect_lines 2; expect_out_has "just some text"

CASE="multi-member gzip and multistream bzip2"
printf 'part one ' | gzip -c >"$T/mm.gz"; printf 'part two\n' | gzip -c >>"$T/mm.gz"
printf 'part one ' | bzip2 -c >"$T/mm.bz2"; printf 'part two\n' | bzip2 -c >>"$T/mm.bz2"
run unpack "$T/mm.gz" "$T/mm.bz2"; expect_rc 0; expect_lines 2
[ "$(jfield 1 text)" = "part one part two" ] || fail "multi-member gzip: $(jfield 1 text)"
[ "$(jfield 2 text)" = "part one part two" ] || fail "multistream bzip2: $(jfield 2 text)"

CASE="truncated tar.gz keeps the good entries, names the file, exit 1"
python3 - "$T" <<'PY'
import os, sys, tarfile, io, gzip
t = sys.argv[1]
with tarfile.open(t + '/big.tar', 'w') as tf:
    for i in range(30):
        data = (('entry %d ' % i) * 2000).encode()
        ti = tarfile.TarInfo('f%02d.txt' % i); ti.size = len(data)
        tf.addfile(ti, io.BytesIO(data))
raw = gzip.compress(open(t + '/big.tar', 'rb').read())
open(t + '/trunc.tar.gz', 'wb').write(raw[: len(raw) // 2])
PY
run unpack "$T/trunc.tar.gz" "$T/d.tar.gz"; expect_rc 1
expect_err "'$T/trunc.tar.gz': .*truncated gzip stream at byte [0-9]+"
n=$(grep -c '"id":"'"$T"'/trunc.tar.gz:' "$T/out")
[ "$n" -ge 5 ] && [ "$n" -lt 30 ] || fail "good entries before truncation: $n"
grep -q '"id":"'"$T"'/d.tar.gz:d/a.txt"' "$T/out" || fail "next file not read"

CASE="corrupt gzip data"
python3 -c "
import sys; b=bytearray(open('$T/d.tar.gz','rb').read()); b[40]^=0xff; b[41]^=0xff; open('$T/bad.tar.gz','wb').write(bytes(b))"
run unpack "$T/bad.tar.gz"; expect_rc 1; expect_err "'$T/bad.tar.gz': "

CASE="bad tar header"
python3 - "$T" <<'PY'
import sys
t = sys.argv[1]
b = bytearray(open(t + '/big.tar', 'rb').read())
size0 = int(b[124:136].rstrip(b'\0 ').decode(), 8)
h2 = 512 + (size0 + 511) // 512 * 512       # the second entry's header
b[h2 + 148:h2 + 156] = b'garbage!'          # its checksum
open(t + '/badhdr.tar', 'wb').write(bytes(b))
PY
run unpack "$T/badhdr.tar"; expect_rc 1; expect_err "'$T/badhdr.tar': .*at byte"
[ "$(wc -l <"$T/out")" -ge 1 ] || fail "entry before the bad header lost"

CASE="trailing garbage after gzip"
cp "$T/mm.gz" "$T/tg.gz"; printf 'JUNKJUNK' >>"$T/tg.gz"
run unpack "$T/tg.gz"; expect_rc 1; expect_err "trailing garbage after gzip member"; expect_lines 1

CASE="decompression bomb hits the record cap, memory bounded"
head -c 300000000 /dev/zero | tr '\0' 'a' | gzip -1 >"$T/bomb.gz"
run unpack -v "$T/bomb.gz"; expect_rc 0; expect_lines 0; expect_err "skipped: record too large 1"
# Peak RSS, measured on the release binary (ASan's shadow memory would count).
if [ -n "${WINNOW_REL:-}" ] && [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%M' -o "$T/rss" "$WINNOW_REL" unpack "$T/bomb.gz" >/dev/null 2>&1
	head -c 60000000 /dev/zero | tr '\0' 'b' >"$T/big60.txt"
	/usr/bin/time -f '%M' -a -o "$T/rss" "$WINNOW_REL" unpack "$T/big60.txt" >/dev/null 2>&1
	while read -r kb; do
		[ "$kb" -lt 102400 ] || fail "peak RSS $kb KB, over 100 MB"
	done <"$T/rss"
fi
finish
