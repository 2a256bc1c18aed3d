#!/usr/bin/env bash
# `make bench`: superbill generate over N synthetic six-visit courses, N = 1,000 and 10,000
# (and 100,000 with BENCH_LARGE=1), with --jobs 1 and --jobs 2; then the bare libharu
# floor for drawing the same one-page superbill, and our CPU per course as a ratio to it.
#   tests/bench/run_bench.sh BUILD_DIR BENCH_DIR
set -euo pipefail
build=${1:?build dir}
work=${2:?bench dir}
sizes="1000 10000"
[ "${BENCH_LARGE:-0}" = 1 ] && sizes="$sizes 100000"
mkdir -p "$work"

printf '%-8s %-5s %10s %12s %12s %12s %14s %8s\n' courses jobs seconds courses/s \
  cpu_ms/course peak_rss_MB out_bytes/course ratio
floor=$("$build/superbill_haru_floor" tests/golden/pdf/01-induction-series.txt 3000)
floor_ms=$(sed -n 's/.*floor_cpu_ms_per_doc=\([0-9.]*\).*/\1/p' <<<"$floor")

for n in $sizes; do
  courses="$work/courses-$n"
  if [ ! -f "$courses.done" ]; then
    rm -rf "$courses"
    "$build/superbill_make_courses" "$courses" "$n" 1
    touch "$courses.done"
  fi
  for jobs in 1 2; do
    out="$work/out"
    rm -rf "$out"
    sync
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
      "$build/superbill" generate --clinic samples/clinic.xml --date 2026-12-31 --quiet \
      --jobs "$jobs" --out "$out" "$courses" 2>"$work/stderr" || {
        cat "$work/stderr" >&2
        exit 1
      }
    read -r elapsed user sys rss_kb <"$work/time"
    bytes=$(find "$out" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
    awk -v n="$n" -v j="$jobs" -v e="$elapsed" -v u="$user" -v s="$sys" -v r="$rss_kb" \
        -v b="$bytes" -v f="$floor_ms" 'BEGIN {
      cpu = (u + s) * 1000 / n
      printf "%-8d %-5d %10.2f %12.0f %12.3f %12.1f %14.0f %8.2f\n",
             n, j, e, n / e, cpu, r / 1024, b / n, cpu / f
    }'
  done
done
rm -rf "$work/out"
echo "floor (bare libharu, same page as samples/courses/01, saved to memory): $floor"
echo "ratio = our CPU ms per course (parse, code, PDF, FHIR XML, files, report) / floor"
