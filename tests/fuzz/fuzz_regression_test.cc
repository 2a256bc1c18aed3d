// Runs the fuzz harnesses' entry functions (tests/fuzz/fuzz_targets.h) on every input a
// fuzzer once failed on (tests/fuzz/regressions/<target>/<input>, with the exact outcome in
// <input>.expected; UPDATE_GOLDEN=1 writes it) and on the seed samples, whose outcomes are
// known: so the harnesses check what the product does, and the fixed findings stay fixed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "common/text.h"
#include "fuzz/fuzz_targets.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::Slurp;
using testing::SourcePath;

const char* const kTargets[] = {"clinic_reader", "course_reader", "csv_reader", "icd10_order",
                                "money_date"};

std::string Joined(const Diagnostics& diags) {
  std::string out;
  for (const Diagnostic& d : diags) out += d.ToString() + "\n";
  return out;
}

// The outcome of one input of `target`, as its regression's .expected file holds it.
std::string Outcome(const std::string& target, const std::string& path, const std::string& text) {
  if (target == "clinic_reader") return Joined(RunClinicReader(path, text));
  if (target == "course_reader") {
    CourseOutcome o = RunCourseReader(path, text, FuzzTestClinic());
    std::string out = "stage: " + o.stage + "\n" + Joined(o.diagnostics);
    for (const std::string& line : o.lines) out += line + "\n";
    return out;
  }
  if (target == "csv_reader") {
    std::string out;
    for (const CourseOutcome& o : RunCsvReader(path, text, FuzzSampleClinic())) {
      out += "stage: " + o.stage + "\n" + Joined(o.diagnostics);
      for (const std::string& line : o.lines) out += line + "\n";
    }
    return out;
  }
  if (target == "icd10_order") {
    std::size_t codes = 0;
    Diagnostics d = RunIcd10Order(path, text, &codes);
    return "codes: " + std::to_string(codes) + "\n" + Joined(d);
  }
  return RunMoneyDate(text) + "\n";
}

int RunEntry(const std::string& target, const std::string& text) {
  const auto* data = reinterpret_cast<const uint8_t*>(text.data());
  if (target == "clinic_reader") return FuzzClinicReader(data, text.size());
  if (target == "course_reader") return FuzzCourseReader(data, text.size());
  if (target == "csv_reader") return FuzzCsvReader(data, text.size());
  if (target == "icd10_order") return FuzzIcd10Order(data, text.size());
  return FuzzMoneyDate(data, text.size());
}

// Files of a source folder, sorted, with the given extension ("" = any but .expected).
std::vector<std::string> FilesIn(const std::string& relative_dir, const std::string& ext) {
  std::vector<std::string> out;
  fs::path dir = SourcePath(relative_dir);
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    std::string name = e.path().filename().string();
    std::string x = e.path().extension().string();
    if (ext.empty() ? x == ".expected" : x != ext) continue;
    out.push_back(relative_dir + "/" + name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The lines of the golden `superbill code` CSV of the sample named like `input`, without
// the header and the course id (as the harnesses give them).
std::string GoldenLinesOf(const std::string& input) {
  std::string golden =
      Slurp(SourcePath("tests/golden/code/" + fs::path(input).stem().string() + ".csv"));
  std::string out;
  bool header = true;
  for (const std::string& row : Split(golden, '\n')) {
    if (header || row.empty()) {
      header = false;
      continue;
    }
    out += row.substr(row.find(',') + 1) + "\n";
  }
  return out;
}

TEST(FuzzRegressionTest, EveryFoundInputHasItsExpectedOutcome) {
  for (const char* target : kTargets) {
    for (const std::string& input : FilesIn(std::string("tests/fuzz/regressions/") + target, "")) {
      SCOPED_TRACE(input);
      std::string text = Slurp(SourcePath(input));
      EXPECT_EQ(RunEntry(target, text), 0);
      testing::ExpectGolden(SourcePath(input + ".expected"), Outcome(target, input, text));
    }
  }
}

TEST(FuzzRegressionTest, EntryFunctionsTakeEmptyAndBinaryInput) {
  const std::string binary("\0\xff<\xc0\x80&#0;", 9);
  for (const char* target : kTargets) {
    EXPECT_EQ(RunEntry(target, ""), 0) << target;
    EXPECT_EQ(RunEntry(target, binary), 0) << target;
  }
  EXPECT_EQ(Outcome("course_reader", "c.xml", ""),
            "stage: read\nc.xml:1:1: error: malformed XML: No document element found\n");
  EXPECT_EQ(Outcome("course_reader", "c.xml", binary),
            "stage: read\nc.xml:1:2: error: the file is not valid UTF-8\n");
  EXPECT_EQ(Outcome("icd10_order", "o.txt", ""),
            "codes: 0\no.txt: error: the order file holds no codes\n");
}

// Every invalid sample course gives exactly its documented diagnostics (the samples'
// clinic, statement date 2026-11-20).
TEST(FuzzRegressionTest, InvalidCourseSeedsGiveTheirExpectedDiagnostics) {
  std::vector<std::string> inputs = FilesIn("samples/invalid", ".xml");
  ASSERT_GE(inputs.size(), 30u);
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    std::string text = Slurp(SourcePath(input));
    EXPECT_EQ(RunEntry("course_reader", text), 0);
    CourseOutcome o = RunCourseReader(input, text, FuzzSampleClinic());
    EXPECT_NE(o.stage, "coded");
    std::string expected = input.substr(0, input.size() - 4) + ".expected";
    EXPECT_EQ(Joined(o.diagnostics), Slurp(SourcePath(expected)));
  }
}

// Every sample course codes to exactly the lines of its golden `superbill code` CSV.
TEST(FuzzRegressionTest, ValidCourseSeedsCodeAsTheirGoldenCsv) {
  std::vector<std::string> inputs = FilesIn("samples/courses", ".xml");
  ASSERT_GE(inputs.size(), 15u);
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    std::string text = Slurp(SourcePath(input));
    EXPECT_EQ(RunEntry("course_reader", text), 0);
    CourseOutcome o = RunCourseReader(input, text, FuzzSampleClinic());
    EXPECT_EQ(o.stage, "coded") << Joined(o.diagnostics);
    std::string expected = GoldenLinesOf(input);
    std::string actual;
    for (const std::string& line : o.lines) actual += line + "\n";
    EXPECT_FALSE(actual.empty());
    EXPECT_EQ(actual, expected);
  }
}

// Every CSV seed (a sample course exported) codes to exactly the lines of its sample's
// golden CSV, through the harness and its round-trip checks.
TEST(FuzzRegressionTest, CsvSeedsCodeAsTheirSamplesGoldenCsv) {
  std::vector<std::string> inputs = FilesIn("tests/fuzz/seeds/csv", ".csv");
  ASSERT_GE(inputs.size(), 15u);
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    std::string text = Slurp(SourcePath(input));
    EXPECT_EQ(RunEntry("csv_reader", text), 0);
    // The coded lines; the only warnings are the card-name ones of samples with non-Latin
    // names (the XML samples give the same, tests/golden/validate/samples.err).
    std::string lines;
    for (const std::string& line : Split(Outcome("csv_reader", input, text), '\n')) {
      if (line.find(": warning: ") == std::string::npos) {
        if (!line.empty()) lines += line + "\n";
      } else {
        EXPECT_NE(line.find("name is not written in the letters A to Z"), std::string::npos)
            << line;
      }
    }
    EXPECT_EQ(lines, "stage: coded\n" + GoldenLinesOf(input));
  }
  EXPECT_EQ(Outcome("csv_reader", "v.csv", ""),
            "stage: read\nv.csv: error: the file is empty: it needs a header row, then one row "
            "per service or payment\n");
}

TEST(FuzzRegressionTest, ClinicSeedsGiveTheirExpectedDiagnostics) {
  EXPECT_EQ(Outcome("clinic_reader", "samples/clinic.xml", Slurp(SourcePath("samples/clinic.xml"))),
            "");
  EXPECT_EQ(Outcome("clinic_reader", "c.xml", Slurp(SourcePath("tests/data/clinic.xml"))), "");
  std::vector<std::string> inputs = FilesIn("samples/invalid/clinic", ".xml");
  ASSERT_GE(inputs.size(), 2u);
  for (const std::string& input : inputs) {
    SCOPED_TRACE(input);
    std::string text = Slurp(SourcePath(input));
    EXPECT_EQ(RunEntry("clinic_reader", text), 0);
    std::string expected = input.substr(0, input.size() - 4) + ".expected";
    EXPECT_EQ(Outcome("clinic_reader", input, text), Slurp(SourcePath(expected)));
  }
}

TEST(FuzzRegressionTest, Icd10OrderSeedReadsEveryCode) {
  std::string text = Slurp(SourcePath("tests/data/icd10cm_order_sample.txt"));
  EXPECT_EQ(RunEntry("icd10_order", text), 0);
  EXPECT_EQ(Outcome("icd10_order", "o.txt", text), "codes: 44\n");
  EXPECT_EQ(Outcome("icd10_order", "o.txt", text.substr(0, text.find('\n') + 1) + "x\n"),
            "codes: 1\no.txt:2:1: error: not a line of the CMS ICD-10-CM order file layout\n");
}

TEST(FuzzRegressionTest, MoneyDateSeedsParseExactly) {
  EXPECT_EQ(RunMoneyDate("450.5"), "money=450.50 decimal=450.5 date=- time=-");
  EXPECT_EQ(RunMoneyDate("12.345"), "money=- decimal=12.345 date=- time=-");
  EXPECT_EQ(RunMoneyDate("10000000"), "money=- decimal=10000000 date=- time=-");
  EXPECT_EQ(RunMoneyDate("2024-02-29"), "money=- decimal=- date=2024-02-29 time=-");
  EXPECT_EQ(RunMoneyDate("2023-02-29"), "money=- decimal=- date=- time=-");
  EXPECT_EQ(RunMoneyDate("09:45"), "money=- decimal=- date=- time=585");
  EXPECT_EQ(RunMoneyDate("24:00"), "money=- decimal=- date=- time=-");
  EXPECT_EQ(RunMoneyDate("100/3"), "money=- decimal=- date=- time=- ceil=34 div=33.333");
  EXPECT_EQ(RunMoneyDate("38.5/100"), "money=- decimal=- date=- time=- ceil=1 div=0.385");
  EXPECT_EQ(RunMoneyDate("5/0"), "money=- decimal=- date=- time=-");
  // Every committed seed goes through without breaking an invariant.
  for (const std::string& seed :
       Split(Slurp(SourcePath("tests/fuzz/seeds/money_date.txt")), '\n')) {
    EXPECT_EQ(RunEntry("money_date", seed), 0) << seed;
  }
}

}  // namespace
}  // namespace superbill
