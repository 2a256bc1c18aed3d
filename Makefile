# superbill — the two commands a new user needs: `make run` and `make test`.
# Both install any missing Debian packages first, then build with CMake.

BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
OUT ?= out
# The statement date of the sample run; the samples' visits all lie before it.
RUN_DATE ?= $(shell date +%F)

# Debian 12 packages for building, testing and checking the outputs.
PACKAGES := cmake g++ make pkg-config libhpdf-dev libpugixml-dev libboost-program-options-dev \
            libqpdf-dev libgtest-dev libxml2-utils qpdf poppler-utils fonts-dejavu-core fonts-droid-fallback \
            libharfbuzz-dev libpng-dev libicu-dev libsqlite3-dev libssl-dev

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# A recipe line that installs whichever of the Debian packages $(1) are missing.
install_missing = @missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

.PHONY: deps build build-program run install test clean

deps:
	$(call install_missing,$(PACKAGES))

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Only the program (no tests, no benchmark helpers): what `make run` and `make install` need.
build-program: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS) --target superbill

# Codes every sample into $(OUT)/codes.csv and writes its superbill and claims into $(OUT)/:
# the course XML files of samples/courses and a clinic's week exported from a spreadsheet
# (samples/csv/week-2026-11-09.csv: five patients, one row per service or payment). Prints
# the summaries only; the messages of each command are in $(OUT)/code.log and generate.log.
SAMPLE_INPUTS := samples/courses samples/csv/week-2026-11-09.csv
run: build-program
	@mkdir -p $(OUT)
	@$(BUILD_DIR)/superbill code --clinic samples/clinic.xml --date $(RUN_DATE) $(SAMPLE_INPUTS) \
	  >$(OUT)/codes.csv 2>$(OUT)/code.log; rc=$$?; tail -n 1 $(OUT)/code.log; [ $$rc -le 1 ]
	@echo "superbill: coded lines in $(OUT)/codes.csv ($$(($$(wc -l <$(OUT)/codes.csv) - 1)) lines), messages in $(OUT)/code.log"
	@$(BUILD_DIR)/superbill generate --quiet --clinic samples/clinic.xml --date $(RUN_DATE) --out $(OUT) \
	  $(SAMPLE_INPUTS) 2>$(OUT)/generate.log; rc=$$?; grep '^superbill: ' $(OUT)/generate.log; [ $$rc -le 1 ]
	@echo "the program: $(BUILD_DIR)/superbill (make install puts it in $(PREFIX)/bin)"

# Installs the program into $(PREFIX)/bin and its tables and templates into
# $(PREFIX)/share/superbill, where it finds them (PREFIX=$$HOME/.local needs no root).
PREFIX ?= /usr/local
install: build-program
	cmake --install $(BUILD_DIR) --prefix $(PREFIX)

# The benchmark (not a test): generate over 1,000 and 10,000 synthetic six-visit courses
# (BENCH_LARGE=1 adds 100,000) with --jobs 1 and 2, then batches of 300 with Latin names, one
# Unicode name in ten and only Unicode names, against the bare libharu floor.
# BENCH_MODE=callgrind (or `make bench-callgrind`): instructions per course instead of time,
# for the three batches of 300 (BENCH_CALLGRIND_N), and where they go.
# Needs a few GB free in BENCH_DIR at 100,000 courses.
BENCH_DIR ?= $(BUILD_DIR)/bench
BENCH_MODE ?= time
BENCH_PACKAGES := time valgrind

.PHONY: bench bench-callgrind
bench: build
	$(call install_missing,$(BENCH_PACKAGES))
	BENCH_MODE=$(BENCH_MODE) tests/bench/run_bench.sh $(BUILD_DIR) $(BENCH_DIR)

bench-callgrind:
	@$(MAKE) --no-print-directory bench BENCH_MODE=callgrind

# `make test` runs every test twice: in the normal build, and in build-asan/ where program
# and tests are built with AddressSanitizer + UndefinedBehaviorSanitizer (the end-to-end
# tests then run the sanitized program). The two builds run in parallel; each one's output is
# printed whole when it ends. Any sanitizer report aborts its process and fails the test.
# SANITIZE=0 skips the sanitizer build.
SANITIZE ?= 1
ASAN_BUILD_DIR ?= build-asan
SANITIZER_ENV := ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:check_initialization_order=1 \
                 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:abort_on_error=1

.PHONY: build-asan test-normal test-asan

test:
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-normal $(if $(filter 1,$(SANITIZE)),test-asan)

test-normal: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# -O1 -g1: quicker to compile than -O2, with file:line in the sanitizers' stack traces.
build-asan: deps
	cmake -S . -B $(ASAN_BUILD_DIR) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
	  -DSUPERBILL_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)

test-asan: build-asan
	cd $(ASAN_BUILD_DIR) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR) $(OUT)

# Fuzzing (clang + libFuzzer, ASan, UBSan): `make fuzz`, or `FUZZ_SECONDS=30 make fuzz` for
# a quick check. Runs every fuzzer FUZZ_SECONDS in turn (FUZZ_TARGETS to pick some); fails
# when one finds something (the input is in $(FUZZ_BUILD_DIR)/artifacts/<target>/).
FUZZ_PACKAGES := clang libclang-rt-14-dev
FUZZ_BUILD_DIR ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= clinic_reader course_reader csv_reader icd10_order money_date

.PHONY: fuzz-deps fuzz

fuzz-deps: deps
	$(call install_missing,$(FUZZ_PACKAGES))

fuzz: fuzz-deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUPERBILL_FUZZ=ON >/dev/null
	cmake --build $(FUZZ_BUILD_DIR) -j $(JOBS) --target superbill_fuzzers
	tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)
