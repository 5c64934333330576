# Turns the output of `winnow train ner --eval` into one TSV line:
# tool, precision, recall, F1 (all types), F1 over PER+LOC+ORG, then the
# command (variables t and cmd). Used by bench/compromise.sh.
$2 == "ALL" { p = $4; r = $6; f = $8 }
$2 == "PER" || $2 == "LOC" || $2 == "ORG" { g += $10; q += $12; c += $14 }
END {
	P = q ? 100 * c / q : 0; R = g ? 100 * c / g : 0
	printf "%s\t%s\t%s\t%s\t%.2f\t%s\n", t, p, r, f, (P + R) ? 2 * P * R / (P + R) : 0, cmd
}
