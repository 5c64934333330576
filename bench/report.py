#!/usr/bin/env python3
"""Turns bench/work/results.tsv (written by bench/run.sh) into
bench/RESULTS.md and bench/results.png (with gnuplot).

Usage: bench/report.py RESULTS.TSV BENCH_DIR SIZE RUNS
"""
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys


def load(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) < 8:
            continue
        group, name, nbytes, med, mn, mx, rss, cmd = f[:8]
        med, mn, mx = float(med), float(mn), float(mx)
        nbytes, rss = int(nbytes), int(rss)
        mbps = nbytes / 1e6 / med if med > 0 else 0.0
        rows.append(dict(group=group, name=name, bytes=nbytes, med=med, min=mn,
                         max=mx, rss=rss, cmd=cmd, mbps=mbps))
    return rows


def find(rows, group, name):
    for r in rows:
        if r["group"] == group and r["name"] == name:
            return r
    return None


def ratio(a, b):
    if not a or not b or b["mbps"] == 0:
        return None
    return a["mbps"] / b["mbps"]


def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True,
                              timeout=10).stdout.strip()
    except Exception:
        return ""


def machine():
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = sh("free -g | awk '/Mem:/{print $2}'")
    return "%s, %s cores, %s GiB, %s" % (cpu or platform.processor(), os.cpu_count(),
                                         mem, platform.platform())


def headline(rows):
    """(claim, target, measured ratio) for every ratio an issue names."""
    out = []

    def add(what, target, r):
        out.append((what, target, r))

    for f in ("corpus.tar.gz", "corpus.warc.gz"):
        g = "unpack " + f
        add("unpack %s vs bsdcat" % f, 1.5, ratio(find(rows, g, "winnow unpack"),
                                                  find(rows, g, "bsdcat")))
    add("gen vs wc -w on its output", 1.0, ratio(find(rows, "gen", "winnow gen --size " +
                                                      SIZE), find(rows, "gen", "wc -w (same output)")))
    d1 = find(rows, "dedup", "winnow dedup -j 1")
    d2 = find(rows, "dedup", "winnow dedup -j 2")
    add("dedup -j 1 vs wc -w", 1.0, ratio(d1, find(rows, "dedup", "wc -w")))
    add("dedup -j 1 vs LC_ALL=C wc -w", None, ratio(d1, find(rows, "dedup", "LC_ALL=C wc -w")))
    add("dedup -j 2 vs -j 1", 1.7, ratio(d2, d1))
    t1 = find(rows, "tag", "winnow tag -j 1")
    t2 = find(rows, "tag", "winnow tag -j 2")
    add("tag -j 1 vs wc -w", 0.1, ratio(t1, find(rows, "tag", "wc -w (50 MB slice)")))
    add("tag -j 2 vs -j 1", 1.7, ratio(t2, t1))
    add("tag vs compromise (npm), same 3 MB slice", None,
        ratio(find(rows, "tag slice (3 MB)", "winnow tag -j 1"),
              find(rows, "tag slice (3 MB)", "compromise (npm) people+places+orgs")))
    hw = find(rows, "html", "wc -w")
    add("unpack --html=main vs wc -w", 0.1, ratio(find(rows, "html", "winnow unpack --html=main"), hw))
    add("unpack --html=text vs wc -w", 0.3, ratio(find(rows, "html", "winnow unpack --html=text"), hw))
    return [x for x in out if x[2] is not None]


def plot(rows, bench_dir):
    if not shutil.which("gnuplot"):
        return False
    work = os.path.join(bench_dir, "work")
    with open(os.path.join(work, "bars.dat"), "w") as f:
        for r in rows:
            if r["bytes"] and r["group"] not in ("dedup scaling",):
                label = ("%s: %s" % (r["group"], r["name"])).replace('"', "'")
                f.write('"%s" %.2f\n' % (label, r["mbps"]))
    scale = [r for r in rows if r["group"] == "dedup scaling"]
    with open(os.path.join(work, "scale.dat"), "w") as f:
        for r in scale:
            if r["name"].startswith("winnow"):
                f.write("%.1f %.2f\n" % (r["bytes"] / 1e6, r["mbps"]))
    with open(os.path.join(work, "scalewc.dat"), "w") as f:
        for r in scale:
            if r["name"].startswith("wc"):
                f.write("%.1f %.2f\n" % (r["bytes"] / 1e6, r["mbps"]))
    jobs = []
    for g, a, b in (("dedup", "winnow dedup -j 1", "winnow dedup -j 2"),
                    ("tag", "winnow tag -j 1", "winnow tag -j 2"),
                    ("pipeline", "unpack | dedup | tag, -j 1", "unpack | dedup | tag, -j 2")):
        ra, rb = find(rows, g, a), find(rows, g, b)
        if ra and rb:
            jobs.append((g, ra["mbps"], rb["mbps"]))
    with open(os.path.join(work, "jobs.dat"), "w") as f:
        for g, a, b in jobs:
            f.write('"%s" %.2f %.2f\n' % (g, a, b))
    script = """
set terminal pngcairo size 1600,1000 font ",10"
set output "%(out)s"
set multiplot layout 2,2 title "winnow make bench (%(size)s, median of %(runs)s runs)"
set style fill solid 0.8
set boxwidth 0.7
set ylabel "MB/s"
set xtics rotate by -40 scale 0 font ",8"
set grid ytics
set title "throughput per command"
set logscale y
plot "%(work)s/bars.dat" using 0:2:xtic(1) with boxes notitle
unset logscale y
set xtics norotate
set title "dedup throughput vs input size (flat is the goal)"
set yrange [0:*]
set xlabel "input MB"
set logscale x
plot "%(work)s/scale.dat" using 1:2 with linespoints lw 2 title "winnow dedup -j 1", \\
     "%(work)s/scalewc.dat" using 1:2 with linespoints lw 2 title "wc -w"
unset logscale x
unset xlabel
set title "thread scaling"
set style data histogram
set style histogram cluster gap 1
plot "%(work)s/jobs.dat" using 2:xtic(1) title "-j 1", "" using 3 title "-j 2"
unset multiplot
""" % dict(out=os.path.join(bench_dir, "results.png"), work=work, size=SIZE, runs=RUNS)
    p = os.path.join(work, "plot.gp")
    open(p, "w").write(script)
    return subprocess.run(["gnuplot", p], capture_output=True).returncode == 0


def main():
    global SIZE, RUNS
    tsv, bench_dir, SIZE, RUNS = sys.argv[1:5]
    rows = load(tsv)
    commit = sh("git rev-parse --short HEAD") or "unknown"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    loc = os.environ.get("LC_ALL") or os.environ.get("LANG") or "POSIX"
    L = []
    L.append("# winnow benchmark results\n")
    L.append("Written by `make bench` (bench/run.sh, bench/report.py): every figure below "
             "comes from one run, side by side on the same files. Absolute MB/s depend on "
             "the machine and its load; the ratios travel.\n")
    L.append("- machine: %s" % machine())
    L.append("- date: %s, commit %s, locale %s" % (now, commit, loc))
    L.append("- corpus: `winnow gen --seed 7 --size %s` (JSONL), the same documents as "
             "`--format tar.gz` and `--format warc.gz`; median of %s runs\n" % (SIZE, RUNS))
    note = os.environ.get("BENCH_NOTE")
    if note:
        L.append("Note on this run: %s\n" % note)
    L.append("## Headline ratios\n")
    L.append("| claim | target | measured | |")
    L.append("|---|---|---|---|")
    for what, target, r in headline(rows):
        ok = "" if target is None else ("met" if r >= target else "**not met**")
        L.append("| %s | %s | %.2fx | %s |" % (what, "-" if target is None else
                                                "≥ %.1fx" % target, r, ok))
    su = find(rows, "tag start-up", "winnow tag < /dev/null")
    if su:
        L.append("| tag start-up (models loaded, no input; median of 21) | < 50 ms | %.0f ms | %s |"
                 % (su["med"] * 1000, "met" if su["med"] < 0.05 else "**not met**"))
    L.append("")
    acc = os.path.join(os.path.dirname(tsv), "accuracy.tsv")
    if os.path.exists(acc) and os.path.getsize(acc) > 0:
        L.append("## Entity accuracy on CoNLL-2003 eng.testa\n")
        L.append("Both scored by the project's scorer (conlleval's exact span matching; "
                 "bench/compromise.sh). compromise has no MISC type, so its F1 over PER, "
                 "LOC and ORG alone is given too.\n")
        L.append("| tagger | precision | recall | F1 | F1 PER+LOC+ORG | command |")
        L.append("|---|---|---|---|---|---|")
        for line in open(acc, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) == 6:
                L.append("| %s | %s | %s | %s | %s | `%s` |" % tuple(f))
        L.append("")
    mem = os.path.join(os.path.dirname(tsv), "memory.tsv")
    if os.path.exists(mem) and os.path.getsize(mem) > 0:
        L.append("## dedup memory\n")
        L.append("`winnow dedup -j 2 -v` once per size: kept documents and index bytes from "
                 "its statistics, peak RSS from `/usr/bin/time`.\n")
        L.append("| input | MB | kept documents | index bytes per kept | peak RSS MB | "
                 "peak RSS MB per million kept |")
        L.append("|---|---|---|---|---|---|")
        for line in open(mem, encoding="utf-8"):
            f = line.split()
            if len(f) != 5:
                continue
            kept, idx, rss = int(f[2]), int(f[3]), int(f[4]) / 1024
            # below 100,000 documents the fixed start-up memory dominates
            per = "%.0f" % (rss / (kept / 1e6)) if kept >= 100000 else "-"
            L.append("| %s | %.0f | %d | %.0f | %.0f | %s |" % (
                f[0], int(f[1]) / 1e6, kept, idx / kept if kept else 0, rss, per))
        L.append("")
    L.append("## Every measurement\n")
    L.append("| group | command | input MB | median s | min s | max s | MB/s | peak RSS MB |")
    L.append("|---|---|---|---|---|---|---|---|")
    for r in rows:
        L.append("| %s | %s | %.1f | %.2f | %.2f | %.2f | %.1f | %.1f |" % (
            r["group"], r["name"].replace("|", "\\|"), r["bytes"] / 1e6, r["med"], r["min"], r["max"],
            r["mbps"], r["rss"] / 1024))
    L.append("")
    if plot(rows, bench_dir):
        L.append("![throughput per stage, against input size and thread count](results.png)\n")
    L.append("## Commands\n")
    L.append("```")
    seen = set()
    for r in rows:
        c = re.sub(r"'[^']*/(bench/work/[^']*)'", r"\1", r["cmd"])
        c = re.sub(r"'[^']*/winnow'", "winnow", c)
        if c not in seen:
            seen.add(c)
            L.append(c)
    L.append("```\n")
    L.append("Reproduce: `make bench` (default 500 MB; `bench/run.sh --size 2G --runs 5`, "
             "`bench/run.sh --quick` for a smoke run).")
    open(os.path.join(bench_dir, "RESULTS.md"), "w").write("\n".join(L) + "\n")
    print("wrote %s" % os.path.join(bench_dir, "RESULTS.md"))


if __name__ == "__main__":
    main()
