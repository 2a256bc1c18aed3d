#!/usr/bin/env bash
# `make bench`: how fast superbill generate is, against the floor (bare libharu drawing the
# very same pages, see haru_floor.cc).
#   tests/bench/run_bench.sh BUILD_DIR BENCH_DIR
# BENCH_MODE=time (default): generate over N synthetic six-visit courses, N = 1,000 and 10,000
#   (and 100,000 with BENCH_LARGE=1), with --jobs 1 and 2: wall and CPU time, memory, bytes;
#   then batches of 300 with all-Latin names, one Unicode name in ten, and only Unicode names
#   (CPU time, median of 5 runs, --jobs 1) against the all-Latin batch.
# BENCH_MODE=callgrind: instructions per course (callgrind, which does not depend on the
#   machine's load) for the same three batches of BENCH_CALLGRIND_N courses (default 300),
#   against the floor's instructions per page, and where a plain course's instructions go.
#   The time mode ends with the cost of the ledger of issued statements: at 1,000 and 10,000
#   courses, --jobs 1, four ways: none (--no-ledger, a fresh folder), none-rerun (--no-ledger
#   again over it), new (a new ledger: every course recorded) and rerun (the same ledger
#   again, nothing changed); the least CPU of BENCH_REPEAT runs each (default 3), and the
#   ledger's cost per course: new against none, rerun against none-rerun.
# BENCH_OUT=DIR writes the documents there instead of BENCH_DIR/out (e.g. /dev/shm/sb-out,
# to take the disk out of the measurement).
set -euo pipefail
build=${1:?build dir}
work=${2:?bench dir}
mode=${BENCH_MODE:-time}
mkdir -p "$work"
out="${BENCH_OUT:-$work/out}"
date=2026-12-31

# courses DIR N UNICODE_EVERY: the synthetic courses, made once.
courses() {
  local dir=$1 n=$2 every=$3
  if [ ! -f "$dir.done" ]; then
    rm -rf "$dir"
    "$build/superbill_make_courses" "$dir" "$n" 1 "$every"
    touch "$dir.done"
  fi
}

# generate DIR [JOBS]: superbill generate over DIR into $out (emptied first).
generate() {
  rm -rf "$out"
  "$build/superbill" generate --clinic samples/clinic.xml --date "$date" --quiet \
    --jobs "${2:-1}" --out "$out" "$1" 2>"$work/stderr" || {
      cat "$work/stderr" >&2
      exit 1
    }
}

# The floor replays the dumps of the first 30 all-Latin courses.
floor_dumps() {
  courses "$work/latin-30" 30 0
  rm -rf "$work/dumps" && mkdir -p "$work/dumps"
  "$build/superbill_bench_dumps" samples/clinic.xml "$date" "$work/dumps" "$work"/latin-30/*.xml \
    >/dev/null
}

# bytes_per FILE_NAME: mean size of the files of that name in $out.
bytes_per() {
  find "$out" -name "$1" -printf '%s\n' | awk '{s += $1; n++} END {printf "%.0f", n ? s / n : 0}'
}

if [ "$mode" = callgrind ]; then
  command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
  n=${BENCH_CALLGRIND_N:-300}
  small=30
  # instructions COMMAND...: what callgrind counts for the whole run.
  instructions() {
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$@" 2>&1 >/dev/null |
      sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
  }
  floor_dumps
  f1=$(instructions "$build/superbill_haru_floor" 1 "$work"/dumps/*.txt)
  f3=$(instructions "$build/superbill_haru_floor" 3 "$work"/dumps/*.txt)
  n1=$(instructions "$build/superbill_haru_floor" --naive 1 "$work"/dumps/*.txt)
  n3=$(instructions "$build/superbill_haru_floor" --naive 3 "$work"/dumps/*.txt)
  docs=$(ls "$work"/dumps/*.txt | wc -l)
  floor=$(( (f3 - f1) / (2 * docs) ))
  naive=$(( (n3 - n1) / (2 * docs) ))
  floor_bytes=$("$build/superbill_haru_floor" 1 "$work"/dumps/*.txt |
    sed -n 's/.*floor_bytes_per_doc=\([0-9]*\).*/\1/p')
  printf '%-10s %8s %22s %8s %12s %12s %14s\n' batch courses instructions/course ratio \
    ratio_naive pdf_bytes claim_xml_bytes
  for set in latin:0 mixed:10 unicode:1; do
    name=${set%%:*} every=${set##*:}
    courses "$work/$name-$small" "$small" "$every"
    courses "$work/$name-$n" "$n" "$every"
    rm -rf "$out"
    a=$(instructions "$build/superbill" generate --clinic samples/clinic.xml --date "$date" \
      --quiet --jobs 1 --out "$out" "$work/$name-$small")
    rm -rf "$out"
    b=$(instructions "$build/superbill" generate --clinic samples/clinic.xml --date "$date" \
      --quiet --jobs 1 --out "$out" "$work/$name-$n")
    [ "$name" = latin ] && cp "$work/callgrind.out" "$work/callgrind.latin"
    per=$(( (b - a) / (n - small) ))
    awk -v s="$name" -v n="$n" -v p="$per" -v f="$floor" -v nf="$naive" \
        -v pb="$(bytes_per superbill.pdf)" -v xb="$(bytes_per claim.xml)" 'BEGIN {
      printf "%-10s %8d %22.0f %8.2f %12.2f %12d %14d\n", s, n, p, p / f, p / nf, pb, xb }'
  done
  echo "floor (bare libharu drawing the same pages as the first $docs Latin courses, texts" \
       "grouped by font in one text object per page, as superbill draws):" \
       "$floor instructions and $floor_bytes bytes per PDF"
  awk -v f="$naive" -v p="$floor" 'BEGIN { printf "naive floor (each text in its own text " \
    "object with its font set, as the floor of the earlier figures): %d instructions\n", f }'

  echo "batches: latin = every name within Windows-1252; mixed = one name in ten needs the" \
       "TrueType fonts; unicode = every name does. instructions/course = (I($n) - I($small)) / $((n - small));" \
       "ratio = to the floor, ratio_naive = to the naive floor"
  echo
  # What each PDF costs alone: the Latin batch with --documents one of them.
  printf '%-10s %22s %12s\n' document instructions/course bytes/course
  for doc in superbill:superbill.pdf cms1500:cms1500.pdf; do
    dname=${doc%%:*} file=${doc##*:}
    rm -rf "$out"
    a=$(instructions "$build/superbill" generate --clinic samples/clinic.xml --date "$date" \
      --quiet --jobs 1 --documents "$dname" --out "$out" "$work/latin-$small")
    rm -rf "$out"
    b=$(instructions "$build/superbill" generate --clinic samples/clinic.xml --date "$date" \
      --quiet --jobs 1 --documents "$dname" --out "$out" "$work/latin-$n")
    awk -v d="$dname" -v p="$(( (b - a) / (n - small) ))" -v pb="$(bytes_per "$file")" 'BEGIN {
      printf "%-10s %22.0f %12d\n", d, p, pb }'
  done
  echo "(the Latin batch with --documents DOCUMENT: reading and coding included, the other" \
       "documents left out)"
  echo
  echo "where a Latin course's instructions go (inclusive, per course):"
  callgrind_annotate --inclusive=yes "$work/callgrind.latin" 2>/dev/null |
    awk -v n="$n" '
      function show(label, pattern) {
        for (i = 1; i <= count; i++) if (names[i] ~ pattern) {
          printf "  %-58s %10.0f\n", label, costs[i] / n; return
        }
      }
      /^ *[0-9,]+ .*:/ {
        c = $1; gsub(",", "", c); sub(/^ *[0-9,]+ +(\([^)]*\) +)?/, "")
        count++; costs[count] = c; names[count] = $0
      }
      END {
        show("on the worker thread (all of a course but its report line)", "superbill::RunBatch")
        show("  read, check and code the course (ProcessCourse)", "superbill::ProcessCourse")
        show("  render and write the documents (generate)", "RunGenerate.*lambda")
        show("    superbill PDF (RenderSuperbillPdf)", "superbill::RenderSuperbillPdf")
        show("      layout (Compose)", "anonymous namespace.::Compose")
        show("      drawing with libharu (DrawPages)", "superbill::DrawPages")
        show("        of which HPDF_Page_TextOut", "HPDF_Page_TextOut")
        show("      save and deflate (PdfCanvas::Save)", "superbill::PdfCanvas::Save")
        show("      new document and fonts (PdfCanvas::PdfCanvas)", "superbill::PdfCanvas::PdfCanvas")
        show("    CMS-1500 PDF (RenderCms1500Pdf)", "superbill::RenderCms1500Pdf")
        show("    FHIR claim.xml (RenderFhirXml)", "superbill::RenderFhirXml")
        show("      of which pugixml save", "pugi::xml_document::save")
        show("malloc (everywhere)", "^.*malloc.c:malloc ")
        show("free (everywhere)", "^.*malloc.c:free ")
      }'
  exit 0
fi

sizes="1000 10000"
[ "${BENCH_LARGE:-0}" = 1 ] && sizes="$sizes 100000"

floor_dumps
floor=$("$build/superbill_haru_floor" 100 "$work"/dumps/*.txt)
floor_ms=$(sed -n 's/.*floor_cpu_ms_per_doc=\([0-9.]*\).*/\1/p' <<<"$floor")

printf '%-8s %-5s %9s %10s %14s %9s %9s %12s %16s %6s\n' courses jobs seconds courses/s \
  cpu_ms/course user_ms sys_ms peak_rss_MB out_bytes/course ratio
for n in $sizes; do
  courses "$work/courses-$n" "$n" 0
  for jobs in 1 2; do
    rm -rf "$out"
    sync
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
      "$build/superbill" generate --clinic samples/clinic.xml --date "$date" --quiet \
      --jobs "$jobs" --out "$out" "$work/courses-$n" 2>"$work/stderr" || {
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
echo "floor (bare libharu, the same pages as the first 30 courses, saved to memory): $floor"
echo "ratio = our CPU ms per course (parse, code, PDF, FHIR XML, files, report) / floor"
echo

# Batches of 300: all-Latin names, one Unicode name in ten, only Unicode names.
printf '%-10s %8s %22s %18s %12s\n' batch courses cpu_ms/course_median vs_latin pdf_bytes
latin_ms=
for set in latin:0 mixed:10 unicode:1; do
  name=${set%%:*} every=${set##*:}
  courses "$work/$name-300" 300 "$every"
  runs=
  for r in 1 2 3 4 5; do
    rm -rf "$out"
    /usr/bin/time -f '%U %S' -o "$work/time" "$build/superbill" generate --clinic \
      samples/clinic.xml --date "$date" --quiet --jobs 1 --out "$out" "$work/$name-300" \
      2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    runs="$runs $(awk '{printf "%.4f", ($1 + $2) * 1000 / 300}' "$work/time")"
  done
  ms=$(tr ' ' '\n' <<<"$runs" | sed '/^$/d' | sort -n | sed -n 3p)
  [ -z "$latin_ms" ] && latin_ms=$ms
  awk -v s="$name" -v m="$ms" -v l="$latin_ms" -v pb="$(bytes_per superbill.pdf)" 'BEGIN {
    printf "%-10s %8d %22.3f %18.2f %12d\n", s, 300, m, m / l, pb }'
done
echo "(CPU = user + system time of the whole run, --jobs 1, the median of 5 runs;" \
     "BENCH_MODE=callgrind counts instructions instead)"
echo

# What each PDF costs alone: the Latin batch of 300 with --documents one of them.
printf '%-10s %22s %12s\n' document cpu_ms/course_median bytes/course
for doc in superbill:superbill.pdf cms1500:cms1500.pdf; do
  dname=${doc%%:*} file=${doc##*:}
  runs=
  for r in 1 2 3 4 5; do
    rm -rf "$out"
    /usr/bin/time -f '%U %S' -o "$work/time" "$build/superbill" generate --clinic \
      samples/clinic.xml --date "$date" --quiet --jobs 1 --documents "$dname" --out "$out" \
      "$work/latin-300" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
    runs="$runs $(awk '{printf "%.4f", ($1 + $2) * 1000 / 300}' "$work/time")"
  done
  ms=$(tr ' ' '\n' <<<"$runs" | sed '/^$/d' | sort -n | sed -n 3p)
  awk -v d="$dname" -v m="$ms" -v pb="$(bytes_per "$file")" 'BEGIN {
    printf "%-10s %22.3f %12d\n", d, m, pb }'
done
echo "(reading and coding included in each; the other documents left out)"
rm -rf "$out"
echo

# The ledger of issued statements: what recording (new) and looking up (rerun) cost.
printf '%-8s %-10s %14s %12s\n' courses ledger cpu_ms/course peak_rss_MB
for n in 1000 10000; do
  courses "$work/courses-$n" "$n" 0
  declare -A cpu=()
  for way in none none-rerun new rerun; do
    best="" rss=""
    for _ in $(seq "${BENCH_REPEAT:-3}"); do
      case $way in none | new) rm -rf "$out" ;; esac
      extra=""
      case $way in none*) extra="--no-ledger" ;; esac
      /usr/bin/time -f '%U %S %M' -o "$work/time" "$build/superbill" generate \
        --clinic samples/clinic.xml --date "$date" --quiet --jobs 1 --out "$out" $extra \
        "$work/courses-$n" 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
      read -r user sys rss_kb <"$work/time"
      ms=$(awk -v u="$user" -v s="$sys" -v n="$n" 'BEGIN {printf "%.4f", (u + s) * 1000 / n}')
      if [ -z "$best" ] || awk -v a="$ms" -v b="$best" 'BEGIN {exit !(a < b)}'; then
        best=$ms rss=$rss_kb
      fi
    done
    cpu[$way]=$best
    awk -v n="$n" -v w="$way" -v m="$best" -v r="$rss" 'BEGIN {
      printf "%-8d %-10s %14.3f %12.1f\n", n, w, m, r / 1024 }'
  done
  awk -v n="$n" -v a="${cpu[none]}" -v b="${cpu[new]}" -v c="${cpu[none-rerun]}" \
      -v d="${cpu[rerun]}" 'BEGIN {
    printf "ledger CPU per course at %d courses: new %+.1f%% (vs none), rerun %+.1f%% " \
           "(vs none-rerun)\n", n, (b - a) * 100 / a, (d - c) * 100 / c }'
  unset cpu
done
rm -rf "$out"
