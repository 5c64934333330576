#!/bin/sh
# make demo: makes a sample dump and runs the longest pipeline that exists
# on it (unpack | dedup | tag), then prints a short summary.
set -eu
cd "$(dirname "$0")/.."
W=./winnow
D=build/demo
mkdir -p "$D"
has() { $W help "$1" >/dev/null 2>&1; }

if has gen; then
	echo "== winnow gen --seed 1 --docs 2000 --format tar.gz > $D/sample.tar.gz"
	$W gen --seed 1 --docs 2000 --format tar.gz --truth "$D/truth.jsonl" >"$D/sample.tar.gz"
else
	# No generator in this build: a small dump of syndicated copies made here.
	rm -rf "$D/sample" && mkdir -p "$D/sample"
	i=0
	for outlet in daily-news world-wire the-courier; do
		for story in 1 2 3 4; do
			i=$((i + 1))
			{
				echo "$outlet | Home | World | Sport | Subscribe"
				echo
				echo "Story $story: ministers met in the capital on Monday to discuss the budget,"
				echo "the harbour project and the new rail line, officials said in a statement."
				echo "The talks, which lasted six hours, ended without agreement on funding."
				[ "$outlet" = the-courier ] || echo "A second round is planned for next month."
				echo
				echo "Share this article. Support $outlet: subscribe today."
			} >"$D/sample/$outlet-$story.txt"
		done
	done
	tar czf "$D/sample.tar.gz" -C "$D" sample
	echo "== made $D/sample.tar.gz ($i documents)"
fi

set -- "$W unpack -v $D/sample.tar.gz"
has dedup && set -- "$1 | $W dedup -v --dups $D/dups.jsonl"
has tag && set -- "$1 | $W tag -v"
echo "== $1 > $D/corpus.jsonl"
sh -c "$1" >"$D/corpus.jsonl" 2>"$D/stats.txt"
cat "$D/stats.txt"
echo "== $(wc -l <"$D/corpus.jsonl") records in $D/corpus.jsonl; the first:"
head -n 1 "$D/corpus.jsonl" | cut -c 1-300
echo
echo "== summary"
if [ -s "$D/dups.jsonl" ]; then
	echo "dropped by dedup: $(wc -l <"$D/dups.jsonl")"
	grep -o '"reason":"[a-z-]*"' "$D/dups.jsonl" | sort | uniq -c | sed 's/"reason":/  reason /'
fi
if grep -q '"entities"' "$D/corpus.jsonl"; then
	echo "entities tagged, by type:"
	grep -o '"type":"[A-Z]*","start"' "$D/corpus.jsonl" | cut -d'"' -f4 | sort | uniq -c | sed 's/^/  /'
fi
if grep -q '"topics"' "$D/corpus.jsonl"; then
	echo "documents per top topic:"
	grep -o '"topics":\[{"label":"[a-z-]*"' "$D/corpus.jsonl" | cut -d'"' -f6 | sort | uniq -c |
		sort -rn | head -n 8 | sed 's/^/  /'
fi
if [ -s "$D/truth.jsonl" ] && [ -s "$D/dups.jsonl" ]; then
	echo "ground truth: $(grep -vc '"variant":"original"' "$D/truth.jsonl") of" \
		"$(wc -l <"$D/truth.jsonl") generated documents are copies or hard negatives"
fi
