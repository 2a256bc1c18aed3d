# superbill — the two commands a new user needs: `make run` and `make test`.
# Both install any missing Debian packages first, then build with CMake.

BUILD_DIR ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
SHARED ?= $(abspath ../shared)
OUT ?= out
# The statement date of the sample run; the samples' visits all lie before it.
RUN_DATE ?= $(shell date +%F)

# Debian 12 packages for building, testing and checking the outputs.
PACKAGES := cmake g++ make pkg-config libhpdf-dev libpugixml-dev libboost-program-options-dev \
            libgtest-dev libxml2-utils qpdf poppler-utils fonts-dejavu-core fonts-droid-fallback

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test clean

deps:
	@missing=$$(for p in $(PACKAGES); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: deps
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

# Codes every sample (CSV on the terminal) and writes its superbill and claim into out/.
run: build
	$(BUILD_DIR)/superbill code --clinic samples/clinic.xml --date $(RUN_DATE) samples/courses
	$(BUILD_DIR)/superbill generate --clinic samples/clinic.xml --date $(RUN_DATE) --out $(OUT) samples/courses
	@echo "superbills and claims: $(OUT)/<course id>/superbill.pdf and claim.xml; batch report: $(OUT)/report.csv"

test: build
	cd $(BUILD_DIR) && SUPERBILL_SHARED=$(SHARED) ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR) $(OUT)
