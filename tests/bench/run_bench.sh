#!/usr/bin/env bash
# `make bench`: superbill generate over N synthetic six-visit courses, N = 1,000 and 10,000
# (and 100,000 with BENCH_LARGE=1), with --jobs 1 and --jobs 2; then the bare libharu
# floor for drawing the same one-page superbill, and our CPU per course as a ratio to it.
#   tests/bench/run_bench.sh BUILD_DIR BENCH_DIR
# BENCH_OUT=DIR writes the documents there instead of BENCH_DIR/out (e.g. /dev/shm/sb-out,
# to take the disk out of the measurement).
set -euo pipefail
build=${1:?build dir}
work=${2:?bench dir}
sizes="1000 10000"
[ "${BENCH_LARGE:-0}" = 1 ] && sizes="$sizes 100000"
mkdir -p "$work"

printf '%-8s %-5s %9s %10s %14s %9s %9s %12s %16s %6s\n' courses jobs seconds courses/s \
  cpu_ms/course user_ms sys_ms peak_rss_MB out_bytes/course ratio
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
    out="${BENCH_OUT:-$work/out}"
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
      printf "%-8d %-5d %9.2f %10.0f %14.3f %9.3f %9.3f %12.1f %16.0f %6.2f\n",
             n, j, e, n / e, cpu, u * 1000 / n, s * 1000 / n, r / 1024, b / n, cpu / f
    }'
  done
done
rm -rf "${BENCH_OUT:-$work/out}"
echo "floor (bare libharu, same page as samples/courses/01, saved to memory): $floor"
echo "ratio = our CPU ms per course (parse, code, PDF, FHIR XML, files, report) / floor"
