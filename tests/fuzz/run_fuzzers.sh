#!/bin/sh
# Runs every libFuzzer target of build dir $1 for $2 seconds each, one after another, from
# seed corpora built out of the repository's samples. Usage (from the source tree, as
# `make fuzz` does): tests/fuzz/run_fuzzers.sh build-fuzz 600 [target...]
# Corpora grow in <build>/corpus/<target>/, findings land in <build>/artifacts/<target>/.
# Exits 1 when any fuzzer found a crash, hang, leak or sanitizer report.
set -u
build=${1:?build dir}
seconds=${2:?seconds per target}
shift 2
targets=${*:-"clinic_reader course_reader csv_reader icd10_order money_date"}

seed() {  # seed <target> <files...>: copies the existing files into the target's corpus
  dir="$build/corpus/$1"
  shift
  mkdir -p "$dir"
  for f in "$@"; do
    [ -f "$f" ] && cp "$f" "$dir/seed-$(basename "$f")"
  done
  return 0
}

seed clinic_reader samples/clinic.xml tests/data/clinic.xml samples/invalid/clinic/*.xml
seed course_reader samples/courses/*.xml samples/invalid/*.xml
seed csv_reader samples/csv/*.csv tests/fuzz/seeds/csv/*.csv
seed icd10_order tests/data/icd10cm_order_sample.txt
mkdir -p "$build/corpus/money_date"
# One seed per line of the committed list (without its newline).
awk -v dir="$build/corpus/money_date" \
  '{ f = sprintf("%s/seed-%03d", dir, NR); printf "%s", $0 > f; close(f) }' \
  tests/fuzz/seeds/money_date.txt

failed=""
for t in $targets; do
  mkdir -p "$build/artifacts/$t"
  dict=""
  [ -f "tests/fuzz/$t.dict" ] && dict="-dict=tests/fuzz/$t.dict"
  echo "== fuzz_$t: $seconds s" >&2
  # shellcheck disable=SC2086
  if ! ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:symbolize=1" \
       UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
       "$build/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
         -detect_leaks=1 -print_final_stats=1 $dict \
         -artifact_prefix="$build/artifacts/$t/" "$build/corpus/$t"; then
    failed="$failed $t"
  fi
done
if [ -n "$failed" ]; then
  echo "fuzz: findings in:$failed (inputs in $build/artifacts/<target>/)" >&2
  exit 1
fi
echo "fuzz: no findings" >&2
