// libFuzzer target: see FuzzCsvReader in fuzz_targets.h.
#include "fuzz/fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return superbill::FuzzCsvReader(data, size);
}
