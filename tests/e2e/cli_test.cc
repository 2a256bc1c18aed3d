// End-to-end tests of the superbill binary: golden CSV per sample course, the exact
// diagnostics of every invalid sample, exit codes, help and version.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/text.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::ExpectGolden;
using testing::Problems;
using testing::RunSuperbill;
using testing::Slurp;
using testing::SourcePath;

const char kCommon[] = "--clinic samples/clinic.xml --date 2026-11-20 ";

std::vector<fs::path> Files(const std::string& dir, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(SourcePath(dir))) {
    if (e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The warnings `validate samples/courses` prints (names the claim forms transliterate).
const char kSampleWarnings[] = "tests/golden/validate/samples.err";

// The lines of the samples' warnings about one file.
std::string WarningsAbout(const std::string& rel) {
  std::string out;
  for (const auto& line : Split(Slurp(SourcePath(kSampleWarnings)), '\n')) {
    if (!line.empty() && line.rfind(rel + ":", 0) == 0) out += line + "\n";
  }
  return out;
}

TEST(CliTest, CodeMatchesTheGoldenCsvOfEverySample) {
  auto courses = Files("samples/courses", ".xml");
  ASSERT_GE(courses.size(), 10u);
  for (const auto& c : courses) {
    const std::string rel = "samples/courses/" + c.filename().string();
    auto r = RunSuperbill(std::string("code ") + kCommon + rel);
    EXPECT_EQ(r.exit_code, 0) << c << "\n" << r.err;
    EXPECT_EQ(Problems(r.err), WarningsAbout(rel)) << c;
    EXPECT_NE(r.err.find(testing::SummaryPrefix(r.err, 1, 0)), std::string::npos) << r.err;
    ExpectGolden(SourcePath("tests/golden/code/" + c.stem().string() + ".csv"), r.out);
  }
}

TEST(CliTest, EveryInvalidSampleGivesItsExactDiagnostics) {
  auto invalid = Files("samples/invalid", ".xml");
  ASSERT_GE(invalid.size(), 12u);
  for (const auto& f : invalid) {
    std::string rel = "samples/invalid/" + f.filename().string();
    auto r = RunSuperbill(std::string("validate ") + kCommon + rel);
    EXPECT_EQ(r.exit_code, 1) << rel;
    EXPECT_EQ(r.out, "") << rel;
    // The expected text sits beside the sample, one diagnostic per line.
    ExpectGolden(SourcePath("samples/invalid/" + f.stem().string() + ".expected"), Problems(r.err));
    EXPECT_NE(r.err.find(testing::SummaryPrefix(r.err, 1, 1)), std::string::npos) << r.err;
    ASSERT_FALSE(r.err.empty()) << rel;
    EXPECT_EQ(r.err.rfind(rel + ":", 0), 0u)
        << "a diagnostic must start with the file's place: " << r.err;
  }
}

// Courses with a service the rules resolve by not billing it: accepted, exit code 0, and the
// exact warnings on standard error, from validate and code alike.
TEST(CliTest, EveryWarningSampleIsAcceptedWithItsExactWarnings) {
  auto samples = Files("samples/warnings", ".xml");
  ASSERT_GE(samples.size(), 3u);
  for (const auto& f : samples) {
    std::string rel = "samples/warnings/" + f.filename().string();
    std::string expected = Slurp(SourcePath("samples/warnings/" + f.stem().string() + ".expected"));
    ASSERT_NE(expected.find(": warning: "), std::string::npos) << rel;
    auto v = RunSuperbill(std::string("validate ") + kCommon + rel);
    EXPECT_EQ(v.exit_code, 0) << rel;
    EXPECT_EQ(v.out, "") << rel;
    ExpectGolden(SourcePath("samples/warnings/" + f.stem().string() + ".expected"),
                 Problems(v.err));
    auto c = RunSuperbill(std::string("code ") + kCommon + rel);
    EXPECT_EQ(c.exit_code, 0) << rel;
    EXPECT_EQ(Problems(c.err), Problems(v.err)) << rel;
    EXPECT_NE(c.out.find("\nWRN-" + f.stem().string() + ","), std::string::npos) << rel;
  }
}

TEST(CliTest, OneBadCourseDoesNotStopTheOthers) {
  auto r = RunSuperbill(std::string("code ") + kCommon +
                        "samples/invalid/bad-date.xml samples/courses/15-short-course.xml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Problems(r.err),
            "samples/invalid/bad-date.xml:16:10: error: 'date' '2026-02-30' is not a real date in "
            "the form YYYY-MM-DD\n");
  EXPECT_NE(r.err.find(testing::SummaryPrefix(r.err, 2, 1)), std::string::npos) << r.err;
  EXPECT_EQ(r.out, Slurp(SourcePath("tests/golden/code/15-short-course.csv")));
}

TEST(CliTest, DuplicateCourseIdsInOneBatchRejectTheLaterOne) {
  auto r = RunSuperbill(std::string("code ") + kCommon +
                        "samples/courses/15-short-course.xml samples/courses/15-short-course.xml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Problems(r.err),
            "samples/courses/15-short-course.xml:2:20: error: course id 'HK-2026-0252' is "
            "already used in this batch by samples/courses/15-short-course.xml\n");
  EXPECT_EQ(r.out, Slurp(SourcePath("tests/golden/code/15-short-course.csv")));
}

TEST(CliTest, FolderArgumentMeansEveryXmlInNameOrder) {
  auto r = RunSuperbill(std::string("validate ") + kCommon + "samples/courses");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Only warnings: the names the claim forms carry transliterated (06, 09, 10, 13).
  ExpectGolden(SourcePath(kSampleWarnings), Problems(r.err));
  EXPECT_EQ(r.err.find(": error:"), std::string::npos);
  auto all = RunSuperbill(std::string("validate ") + kCommon + "samples/invalid");
  EXPECT_EQ(all.exit_code, 1);
  // One diagnostic (or two, for the unknown attribute) per invalid file, in name order.
  std::string expected;
  for (const auto& f : Files("samples/invalid", ".xml")) {
    expected += Slurp(SourcePath("samples/invalid/" + f.stem().string() + ".expected"));
  }
  EXPECT_EQ(Problems(all.err), expected);
}

TEST(CliTest, ExitCodesForFatalProblems) {
  struct Row {
    std::string args;
    std::string err;
  };
  std::vector<Row> rows = {
      {"code --date 2026-11-20 samples/courses/15-short-course.xml",
       "superbill: error: the option --clinic FILE is required\n"},
      {"frobnicate",
       "superbill: error: unknown command 'frobnicate' (commands: generate, code, validate, "
       "void, ledger, import, export, init)\n"},
      {"code --clinic samples/clinic.xml --date 2026-02-30 x.xml",
       "superbill: error: --date must be a real date in the form YYYY-MM-DD\n"},
      {"code --clinic nowhere.xml samples/courses",
       "nowhere.xml: error: cannot read the clinic file: No such file or directory\n"},
      {"code --clinic samples/invalid/clinic/bad-npi.xml --date 2026-11-20 samples/courses",
       Slurp(SourcePath("samples/invalid/clinic/bad-npi.expected"))},
      {"code --clinic samples/invalid/clinic/bad-ein.xml --date 2026-11-20 samples/courses",
       Slurp(SourcePath("samples/invalid/clinic/bad-ein.expected"))},
      {"code --clinic samples/clinic.xml --tables /nonexistent samples/courses",
       "/nonexistent/procedures.csv: error: cannot read table: No such file or directory\n"
       "/nonexistent/code_dates.csv: error: cannot read table: No such file or directory\n"
       "/nonexistent/exclusions.csv: error: cannot read table: No such file or directory\n"
       "/nonexistent/icd10cm.csv: error: cannot read table: No such file or directory\n"
       "/nonexistent/pos.csv: error: cannot read table: No such file or directory\n"
       "/nonexistent/modifiers.csv: error: cannot read table: No such file or directory\n"
       "/nonexistent/field_limits.csv: error: cannot read table: No such file or directory\n"
       "/nonexistent/rules.txt: error: cannot read table: No such file or directory\n"},
      {"code --clinic samples/clinic.xml --jobs 0 x.xml",
       "superbill: error: --jobs must be from 1 to 256\n"},
      {"code --clinic samples/clinic.xml", "superbill: error: no course files given\n"},
  };
  for (const auto& r : rows) {
    auto got = RunSuperbill(r.args);
    EXPECT_EQ(got.exit_code, 2) << r.args;
    EXPECT_EQ(got.err, r.err) << r.args;
    EXPECT_EQ(got.out, "") << r.args;
  }
}

// A course path that does not exist is a usage error before anything runs (issue 10 row 11;
// output_folder_test checks every command).
TEST(CliTest, MissingCourseFileIsAUsageError) {
  auto r = RunSuperbill(std::string("validate ") + kCommon + "samples/courses/none.xml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "samples/courses/none.xml: error: no such file or folder\n");
}

TEST(CliTest, HelpAndVersion) {
  auto help = RunSuperbill("--help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* needle :
       {"superbill generate --clinic CLINIC.xml --out DIR", "superbill code", "superbill validate",
        "Exit codes:", "--date YYYY-MM-DD", "--tables DIR", "--icd10cm FILE"}) {
    EXPECT_NE(help.out.find(needle), std::string::npos) << needle;
  }
  auto code_help = RunSuperbill("code --help");
  EXPECT_EQ(code_help.exit_code, 0);
  EXPECT_NE(code_help.out.find("course,date,code,modifiers,units,dx,charge,ndc,ndc_unit,ndc_qty"),
            std::string::npos);
  auto version = RunSuperbill("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, "superbill 0.1.0\n");
}

TEST(CliTest, IcdOrderFileAddsCodes) {
  // J06.9 is not in the shipped table; the CMS order file excerpt has it.
  std::string dir = ::testing::TempDir() + "/icd";
  fs::create_directories(dir);
  std::string course = Slurp(SourcePath("samples/courses/15-short-course.xml"));
  auto pos = course.find("<diagnosis code=\"");
  ASSERT_NE(pos, std::string::npos);
  course.insert(pos, "<diagnosis code=\"J06.9\"/>\n  ");
  std::ofstream(dir + "/c.xml") << course;
  auto without = RunSuperbill(std::string("validate ") + kCommon + dir + "/c.xml");
  EXPECT_EQ(without.exit_code, 1);
  EXPECT_NE(without.err.find("ICD-10-CM code J06.9 is not in the code tables"), std::string::npos);
  auto with = RunSuperbill(std::string("validate ") + kCommon +
                           "--icd10cm tests/data/icd10cm_order_sample.txt " + dir + "/c.xml");
  EXPECT_EQ(with.exit_code, 0) << with.err;
}

}  // namespace
}  // namespace superbill
