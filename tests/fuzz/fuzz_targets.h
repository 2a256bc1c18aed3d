// libFuzzer harnesses: one entry function per input reader. The fuzzers in tests/fuzz/fuzz_*.cc
// call these from LLVMFuzzerTestOneInput; tests/fuzz/fuzz_regression_test.cc runs the saved
// inputs through the same code. A broken invariant prints what broke and aborts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "model/clinic.h"
#include "model/tables.h"

namespace superbill {

// The entry functions of the fuzzers: always return 0.
int FuzzClinicReader(const uint8_t* data, size_t size);
int FuzzCourseReader(const uint8_t* data, size_t size);
int FuzzCsvReader(const uint8_t* data, size_t size);
int FuzzIcd10Order(const uint8_t* data, size_t size);
int FuzzMoneyDate(const uint8_t* data, size_t size);

// What the harnesses load once: cpt_tables/, tests/data/clinic.xml and samples/clinic.xml.
const Tables& FuzzTables();
const Clinic& FuzzTestClinic();
const Clinic& FuzzSampleClinic();

// The run date of the course harness (the samples' visits all lie before it).
constexpr int kFuzzRunYear = 2026, kFuzzRunMonth = 11, kFuzzRunDay = 20;

// Parses `text` as the clinic file `path`. Throwing FatalError is allowed (it is reported
// as one more diagnostic); any other exception propagates.
Diagnostics RunClinicReader(const std::string& path, std::string_view text);

// A course taken as far as a batch takes it: read, then validated and coded against `clinic`.
struct CourseOutcome {
  std::string stage;  // where it stopped: "read", "validate", "code", or "coded" (no problem)
  Diagnostics diagnostics;
  // Claim lines as in `superbill code` CSV without the course id:
  // "date,code,modifiers,units,dx,charge,ndc,ndc_unit,ndc_qty".
  std::vector<std::string> lines;
};
CourseOutcome RunCourseReader(const std::string& path, std::string_view text, const Clinic& clinic);

// The courses of a CSV course file, each taken as far as a batch takes it (file-level
// problems are the first outcome, stage "read"). Every course read without an error must
// also survive the round trips: written as CSV (export) and as XML (import) and read back,
// it is the same course and codes to the same lines.
std::vector<CourseOutcome> RunCsvReader(const std::string& path, std::string_view text,
                                        const Clinic& clinic);

// Parses `text` as an ICD-10-CM order file into empty tables; returns the diagnostics and
// sets *codes to the number of codes read.
Diagnostics RunIcd10Order(const std::string& path, std::string_view text, std::size_t* codes);

// Runs Money::Parse, Decimal3::Parse, Date::Parse and ParseClockTime on `text` and, when it
// holds a '/', Decimal3 division on both sides. Returns "money=450.00 decimal=450 date=-
// time=-" ("-" = rejected; " ceil=N div=D" appended for a division).
std::string RunMoneyDate(std::string_view text);

}  // namespace superbill
