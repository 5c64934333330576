#!/bin/sh
# make test: unit tests and CLI tests (under ASan+UBSan), then each fuzz
# target for FUZZ_SECONDS. Prints one closing line "N passed, N failed".
cd "$(dirname "$0")/.." || exit 2
total_p=0 total_f=0 total_s=0
add() { # parses "N passed, N failed[, N skipped]" from a log
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
	p=$(echo "$line" | sed -E 's/.* ([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	s=$(echo "$line" | sed -nE 's/.* ([0-9]+) skipped.*/\1/p')
	total_p=$((total_p + ${p:-0}))
	total_f=$((total_f + ${f:-1}))
	total_s=$((total_s + ${s:-0}))
}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "== unit tests (ASan+UBSan)"
build/asan/unit >"$log" 2>&1
rc=$?
cat "$log"
add "$log"
[ $rc = 0 ] || grep -q 'failed' "$log" || total_f=$((total_f + 1))

echo "== CLI tests (ASan+UBSan binary)"
tests/cli/run.sh >"$log" 2>&1
cat "$log"
add "$log"

if [ "${FUZZ_SECONDS:-0}" -gt 0 ]; then
	echo "== fuzz targets, ${FUZZ_SECONDS}s each"
	if make -s fuzz-build >"$log" 2>&1; then
		for f in build/fuzz/fuzz_*; do
			[ -x "$f" ] || continue
			n=$(basename "$f")
			mkdir -p "build/corpus/$n"
			if "$f" -max_total_time="$FUZZ_SECONDS" -max_len=65536 "build/corpus/$n" \
				"tests/fuzz/seeds/$n" >"$log" 2>&1; then
				echo "ok   $n ($(grep -o 'cov: [0-9]*' "$log" | tail -1))"
				total_p=$((total_p + 1))
			else
				echo "FAIL $n"
				tail -40 "$log"
				total_f=$((total_f + 1))
			fi
		done
	else
		cat "$log"
		echo "FAIL fuzz build"
		total_f=$((total_f + 1))
	fi
fi
echo "$total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" = 0 ]
