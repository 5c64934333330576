#!/bin/sh
# Runs every tests/cli/t_*.sh (each under a time limit) and prints
# "cli: N passed, N failed, N skipped". Usage: tests/cli/run.sh [NAME...]
cd "$(dirname "$0")" || exit 2
pass=0 failn=0 skip=0 failed=
for t in t_*.sh; do
	name=${t%.sh}
	if [ $# -gt 0 ]; then
		m=0
		for a in "$@"; do case $name in *"$a"*) m=1 ;; esac; done
		[ $m = 1 ] || continue
	fi
	out=$(timeout 600 bash "$t" 2>&1)
	rc=$?
	if [ $rc = 0 ]; then
		pass=$((pass + 1))
		echo "ok   $name"
	elif [ $rc = 77 ]; then
		skip=$((skip + 1))
		echo "skip $name: $(echo "$out" | grep skip: | head -1 | sed 's/.*skip: //')"
	else
		failn=$((failn + 1))
		failed="$failed $name"
		echo "FAIL $name (exit $rc)"
		echo "$out" | head -40 | sed 's/^/    /'
	fi
done
echo "cli: $pass passed, $failn failed, $skip skipped"
[ $failn = 0 ]
