#!/bin/bash
# make bench: every stage measured as a whole process against the tools
# users know, side by side in one run on the same generated files; median of
# RUNS runs. Writes bench/RESULTS.md and bench/results.png.
#
#   bench/run.sh [--size 500M] [--runs 3] [--sizes "100M 500M 2G"] [--quick]
#
# --quick (or QUICK=1) uses 50M and one run: a smoke test of the harness.
set -u
cd "$(dirname "$0")/.." || exit 2
TOP=$PWD
W=$TOP/winnow
SIZE=${SIZE:-500M}
RUNS=${RUNS:-3}
SIZES=${SIZES:-"100M 500M 2G"}
SEED=${SEED:-7}
while [ $# -gt 0 ]; do
	case $1 in
	--size) SIZE=$2; shift ;;
	--runs) RUNS=$2; shift ;;
	--sizes) SIZES=$2; shift ;;
	--quick) QUICK=1 ;;
	*) echo "usage: $0 [--size S] [--runs N] [--sizes 'S...'] [--quick]" >&2; exit 2 ;;
	esac
	shift
done
if [ "${QUICK:-0}" = 1 ]; then
	SIZE=50M RUNS=1 SIZES="20M 50M"
fi
WD=$TOP/bench/work
SHARED=$TOP/../shared/data
mkdir -p "$WD"
TSV=$WD/results.tsv
: >"$TSV"
: >"$WD/memory.tsv"
has() { "$W" help "$1" >/dev/null 2>&1; }
say() { echo "== $*" >&2; }

# measure GROUP NAME BYTES 'COMMAND': runs it RUNS times (stdout to
# /dev/null unless the command redirects), records median/min/max seconds
# and the peak RSS of the slowest process in the command.
measure() {
	local group=$1 name=$2 bytes=$3 cmd=$4 i t
	local times=() rss=0
	for i in $(seq 1 "$RUNS"); do
		/usr/bin/time -f '%e %M' -o "$WD/time.txt" bash -c "$cmd" >/dev/null 2>"$WD/err.txt"
		local st=$?
		if [ $st -ne 0 ] && ! grep -q "^$name\$" <<<"${ALLOW_FAIL:-}"; then
			echo "bench: '$name' failed (exit $st): $(tail -c 300 "$WD/err.txt")" >&2
		fi
		read -r t m <"$WD/time.txt" || true
		times+=("${t:-0}")
		[ "${m:-0}" -gt "$rss" ] && rss=$m
	done
	local sorted
	sorted=$(printf '%s\n' "${times[@]}" | sort -g)
	local min max med
	min=$(echo "$sorted" | head -n 1)
	max=$(echo "$sorted" | tail -n 1)
	med=$(echo "$sorted" | sed -n "$(((${#times[@]} + 1) / 2))p")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$name" "$bytes" "$med" "$min" "$max" "$rss" "$cmd" >>"$TSV"
	say "$group/$name: ${med}s (min $min, max $max), ${rss} KB"
}

bytes_of() { stat -c %s "$1"; }

if ! has gen; then
	echo "bench: this winnow has no 'gen' command yet: nothing to measure" >&2
	exit 1
fi

# ---- the corpus --------------------------------------------------------------
say "generating $SIZE corpus (seed $SEED)"
measure gen "winnow gen --size $SIZE" 0 "'$W' gen --seed $SEED --size $SIZE > '$WD/corpus.jsonl'"
CORPUS=$WD/corpus.jsonl
CB=$(bytes_of "$CORPUS")
sed -i "\$s/\t0\t/\t$CB\t/" "$TSV"
measure gen "wc -w (same output)" "$CB" "wc -w < '$CORPUS'"
"$W" gen --seed "$SEED" --size "$SIZE" --format tar.gz >"$WD/corpus.tar.gz"
"$W" gen --seed "$SEED" --size "$SIZE" --format warc.gz >"$WD/corpus.warc.gz"
TB=$(bytes_of "$WD/corpus.tar.gz")
WB=$(bytes_of "$WD/corpus.warc.gz")

# ---- unpack ------------------------------------------------------------------
for f in corpus.tar.gz corpus.warc.gz; do
	b=$(bytes_of "$WD/$f")
	measure "unpack $f" "winnow unpack" "$b" "'$W' unpack '$WD/$f'"
	measure "unpack $f" "bsdcat" "$b" "bsdcat '$WD/$f'"
	measure "unpack $f" "zcat" "$b" "zcat '$WD/$f'"
	command -v igzip >/dev/null && measure "unpack $f" "igzip -dc" "$b" "igzip -dc '$WD/$f'"
done

# ---- dedup -------------------------------------------------------------------
if has dedup; then
	measure dedup "wc -w" "$CB" "wc -w < '$CORPUS'"
	measure dedup "LC_ALL=C wc -w" "$CB" "LC_ALL=C wc -w < '$CORPUS'"
	measure dedup "winnow dedup -j 1" "$CB" "'$W' dedup -j 1 < '$CORPUS'"
	measure dedup "winnow dedup -j 2" "$CB" "'$W' dedup -j 2 < '$CORPUS'"
	if command -v simhash >/dev/null; then
		rm -rf "$WD/simhash" && mkdir -p "$WD/simhash"
		head -n 3000 "$CORPUS" | python3 -c "
import json, sys
for i, l in enumerate(sys.stdin):
    open('$WD/simhash/%05d.txt' % i, 'w').write(json.loads(l)['text'])"
		sb=$(du -sb "$WD/simhash" | cut -f1)
		head -n 3000 "$CORPUS" >"$WD/slice.jsonl"
		measure "dedup slice (3000 docs)" "simhash -w (signatures)" "$sb" "cd '$WD/simhash' && simhash -w *.txt"
		measure "dedup slice (3000 docs)" "winnow dedup -j 1" "$sb" "'$W' dedup -j 1 < '$WD/slice.jsonl'"
	fi
	for s in $SIZES; do
		"$W" gen --seed "$SEED" --size "$s" >"$WD/scale.jsonl"
		b=$(bytes_of "$WD/scale.jsonl")
		measure "dedup scaling" "winnow dedup -j 1 @ $s" "$b" "'$W' dedup -j 1 < '$WD/scale.jsonl'"
		measure "dedup scaling" "wc -w @ $s" "$b" "wc -w < '$WD/scale.jsonl'"
		# peak RSS per million kept documents (one more run, with -v)
		/usr/bin/time -f '%M' -o "$WD/time.txt" "$W" dedup -j 2 -v <"$WD/scale.jsonl" \
			2>"$WD/v.txt" >/dev/null
		kept=$(sed -n 's/.*kept documents in the index \([0-9]*\).*/\1/p' "$WD/v.txt")
		idx=$(sed -n 's/.*index bytes \([0-9]*\).*/\1/p' "$WD/v.txt")
		printf '%s\t%s\t%s\t%s\t%s\n' "$s" "$b" "${kept:-0}" "${idx:-0}" \
			"$(tail -1 "$WD/time.txt")" >>"$WD/memory.tsv"
	done
	rm -f "$WD/scale.jsonl"
fi

# ---- tag ---------------------------------------------------------------------
if has tag; then
	measure tag "wc -w" "$CB" "wc -w < '$CORPUS'"
	head -c 50000000 "$CORPUS" | sed '$d' >"$WD/tag.jsonl"
	TGB=$(bytes_of "$WD/tag.jsonl")
	measure tag "wc -w (50 MB slice)" "$TGB" "wc -w < '$WD/tag.jsonl'"
	measure tag "winnow tag -j 1" "$TGB" "'$W' tag -j 1 < '$WD/tag.jsonl'"
	measure tag "winnow tag -j 2" "$TGB" "'$W' tag -j 2 < '$WD/tag.jsonl'"
	# start-up: the models and gazetteer loaded, no input (median of 21)
	for i in $(seq 1 21); do
		t0=$(date +%s%N)
		"$W" tag </dev/null >/dev/null
		echo $(($(date +%s%N) - t0))
	done | sort -n | awk '{a[NR] = $1 / 1e9} END {printf "tag start-up\twinnow tag < /dev/null\t0\t%.4f\t%.4f\t%.4f\t0\twinnow tag < /dev/null\n", a[11], a[1], a[21]}' >>"$TSV"
	say "tag start-up: $(tail -1 "$TSV" | cut -f4) s"
	if [ -x "$TOP/bench/compromise.sh" ]; then
		"$TOP/bench/compromise.sh" "$WD" "$TSV" 1 || echo "bench: compromise comparison failed" >&2
	fi
fi

# ---- HTML --------------------------------------------------------------------
if [ -d "$SHARED/html/pages" ]; then
	rm -rf "$WD/html" && mkdir -p "$WD/html"
	for p in "$SHARED"/html/pages/*.html.gz; do
		zcat "$p" >"$WD/html/$(basename "$p" .gz)"
	done
	tar cf "$WD/pages.tar" -C "$WD" html
	HB=$(bytes_of "$WD/pages.tar")
	measure html "wc -w" "$HB" "wc -w < '$WD/pages.tar'"
	if "$W" unpack --help 2>&1 | grep -q -- '--html'; then
		measure html "winnow unpack --html=main" "$HB" "'$W' unpack --html=main '$WD/pages.tar'"
		measure html "winnow unpack --html=text" "$HB" "'$W' unpack --html=text '$WD/pages.tar'"
	fi
	command -v html2text >/dev/null &&
		measure html "html2text" "$HB" "for f in '$WD'/html/*.html; do html2text \"\$f\"; done"
fi

# ---- the whole pipeline ------------------------------------------------------
if has dedup && has tag; then
	for j in 1 2; do
		measure pipeline "unpack | dedup | tag, -j $j" "$TB" \
			"'$W' unpack '$WD/corpus.tar.gz' | '$W' dedup -j $j | '$W' tag -j $j"
	done
fi

python3 "$TOP/bench/report.py" "$TSV" "$TOP/bench" "$SIZE" "$RUNS"
