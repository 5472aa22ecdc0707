#!/usr/bin/env bash
# Times README's quick start as a newcomer meets it: a fresh clone of the checked-out commit, nothing built,
# warm Maven and pip caches. Runs it RUNS times (default 3), each in a new clone, and writes each run's wall time
# and the median, with the commit, the machine and its load, to src/bench/quickstart-latest.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
out=src/bench/quickstart-latest.txt
platform=linux_amd64
case "$(uname -s)-$(uname -m)" in
  Linux-aarch64) platform=linux_arm64 ;;
  Darwin-arm64) platform=osx_arm64 ;;
  Darwin-x86_64) platform=osx_amd64 ;;
esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
{
  echo "README quick start, timed by src/bench/quickstart.sh — $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short=12 HEAD)$( [ -n "$(git status --porcelain --untracked-files=no)" ] && echo ' with uncommitted changes')"
  echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -s) $(uname -m), $(java -version 2>&1 | head -1)"
  echo "load average (1/5/15 min) at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "each run: git clone, then README's two commands (mvn -q -Dmaven.test.skip=true package; java … Quickstart.java)"
} > "$work/report"
times=()
for i in $(seq 1 "$runs"); do
  git clone -q . "$work/run$i"
  start=$(date +%s.%N)
  (cd "$work/run$i" && mvn -q -Dmaven.test.skip=true package >"$work/build$i.log" 2>&1 \
    && java -cp "driver/ducklake-jdbc-0.1.0-$platform.jar" examples/Quickstart.java target/quickstart >"$work/run$i.log" 2>&1) \
    || { cat "$work/build$i.log" "$work/run$i.log" >&2 2>/dev/null; echo "quickstart: run $i failed" >&2; exit 1; }
  end=$(date +%s.%N)
  grep -q "(2, 'Bob'" "$work/run$i.log" || { cat "$work/run$i.log" >&2; echo "quickstart: run $i printed no customers" >&2; exit 1; }
  t=$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')
  times+=("$t")
  printf 'run %d: %.1f s\n' "$i" "$t" >> "$work/report"
  rm -rf "$work/run$i"
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
printf 'median of %d: %.1f s\n' "$runs" "$median" >> "$work/report"
echo "load average (1/5/15 min) at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$work/report"
cp "$work/report" "$out"
cat "$out"
