#!/bin/bash
# Part of make bench: compromise (npm) against winnow tag on the same
# few-MB slice of the corpus. compromise is installed into bench/node_modules
# (ignored by git) on first use.
# Usage: bench/compromise.sh WORKDIR RESULTS.TSV RUNS
set -u
WD=$1 TSV=$2 RUNS=$3
B=$(cd "$(dirname "$0")" && pwd)
W=$B/../winnow
command -v node >/dev/null || { echo "bench: node not found, compromise skipped" >&2; exit 0; }
if [ ! -d "$B/node_modules/compromise" ]; then
	(cd "$B" && npm install --silent --no-audit --no-fund --no-save compromise@14 >/dev/null 2>&1) ||
		{ echo "bench: npm install compromise failed, skipped" >&2; exit 0; }
fi
head -c 3000000 "$WD/corpus.jsonl" | sed '$d' >"$WD/slice3m.jsonl"
b=$(stat -c %s "$WD/slice3m.jsonl")
for tool in compromise winnow; do
	if [ $tool = compromise ]; then cmd="node '$B/compromise.js' < '$WD/slice3m.jsonl'"
	else cmd="'$W' tag -j 1 < '$WD/slice3m.jsonl'"; fi
	times=()
	rss=0
	for i in $(seq 1 "$RUNS"); do
		/usr/bin/time -f '%e %M' -o "$WD/time.txt" bash -c "$cmd" >/dev/null 2>&1
		read -r t m <"$WD/time.txt"
		times+=("$t")
		[ "$m" -gt "$rss" ] && rss=$m
	done
	sorted=$(printf '%s\n' "${times[@]}" | sort -g)
	med=$(echo "$sorted" | sed -n "$(((${#times[@]} + 1) / 2))p")
	printf 'tag slice (3 MB)\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
		"$([ $tool = compromise ] && echo 'compromise (npm) people+places+orgs' || echo 'winnow tag -j 1')" \
		"$b" "$med" "$(echo "$sorted" | head -1)" "$(echo "$sorted" | tail -1)" "$rss" "$cmd" >>"$TSV"
	echo "== tag slice/$tool: ${med}s" >&2
done

# Accuracy on CoNLL-2003 eng.testa, both judged by the project's scorer
# (winnow train ner --eval, conlleval's exact span matching). compromise has
# no MISC type: its F1 over PER, LOC and ORG alone is given too.
GOLD=$B/../../shared/data/ner/conll2003/eng.testa
ACC=$WD/accuracy.tsv
: >"$ACC"
if [ -f "$GOLD" ]; then
	if node "$B/compromise_conll.js" "$GOLD" >"$WD/compromise.conll" 2>"$WD/err.txt" &&
		"$W" train ner --eval "$GOLD" --predicted "$WD/compromise.conll" >"$WD/score_c.txt"; then
		awk -v t="compromise (npm) people+places+orgs" -v cmd="node bench/compromise_conll.js eng.testa > compromise.conll; winnow train ner --eval eng.testa --predicted compromise.conll" \
			-f "$B/score.awk" "$WD/score_c.txt" >>"$ACC"
	else
		echo "bench: compromise scoring failed: $(tail -c 300 "$WD/err.txt")" >&2
	fi
	if "$W" train ner --eval "$GOLD" >"$WD/score_w.txt"; then
		awk -v t="winnow tag (built-in model)" -v cmd="winnow train ner --eval eng.testa" \
			-f "$B/score.awk" "$WD/score_w.txt" >>"$ACC"
	fi
	echo "== tag accuracy: $(cut -f1,4,5 "$ACC" | tr '\n' ';')" >&2
else
	echo "bench: $GOLD absent, accuracy not scored" >&2
fi
