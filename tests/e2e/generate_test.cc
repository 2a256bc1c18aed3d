// End-to-end tests of `superbill generate`: one folder per accepted course with whole files
// readable by the owner only, report.csv, clean re-runs, no trace of rejected courses.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::ExpectGolden;
using testing::FileMode;
using testing::FreshDir;
using testing::RunSuperbill;
using testing::Slurp;
using testing::SourcePath;

std::vector<std::string> Listing(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    out.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const char kArgs[] = "generate --clinic samples/clinic.xml --date 2026-11-20 --quiet ";

TEST(GenerateTest, EverySampleGetsItsDocumentsAndTheReport) {
  std::string out = FreshDir("all");
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " samples/courses");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  // The warnings of the samples (tests/golden/validate/samples.err), then the summary.
  EXPECT_NE(r.err.find(testing::SummaryPrefix(r.err, 15, 0)), std::string::npos) << r.err;
  EXPECT_EQ(testing::WarningLines(r.err), 5u) << r.err;
  ExpectGolden(SourcePath("tests/golden/generate/report.csv"), Slurp(out + "/report.csv"));
  EXPECT_EQ(FileMode(out), 0700u);
  EXPECT_EQ(FileMode(out + "/report.csv"), 0600u);
  for (const auto& e : fs::directory_iterator(SourcePath("samples/courses"))) {
    std::string stem = e.path().stem().string();
    std::string course = Slurp(e.path().string());
    auto at = course.find(" id=\"") + 5;
    std::string id = course.substr(at, course.find('"', at) - at);
    std::string folder = out + "/" + id;
    ASSERT_TRUE(fs::is_directory(folder)) << folder;
    EXPECT_EQ(FileMode(folder), 0700u);
    EXPECT_EQ(FileMode(folder + "/superbill.pdf"), 0600u);
    EXPECT_EQ(FileMode(folder + "/claim.xml"), 0600u);
    // The claim file is exactly the renderer's golden for that sample.
    EXPECT_EQ(Slurp(folder + "/claim.xml"), Slurp(SourcePath("tests/golden/fhir/" + stem + ".xml")))
        << stem;
    EXPECT_EQ(Slurp(folder + "/superbill.pdf").rfind("%PDF-", 0), 0u) << stem;
    int check =
        std::system(("qpdf --check '" + folder + "/superbill.pdf' >/dev/null 2>&1").c_str());
    EXPECT_EQ(check, 0) << "qpdf --check failed for " << stem;
  }
  EXPECT_EQ(Listing(out).size(), 1u + 15u * 3u);  // report + 15 folders of 2 files
}

TEST(GenerateTest, SameInputSameBytesAndCleanReruns) {
  std::string a = FreshDir("a"), b = FreshDir("b");
  ASSERT_EQ(RunSuperbill(std::string(kArgs) + "--out " + a + " samples/courses").exit_code, 0);
  ASSERT_EQ(RunSuperbill(std::string(kArgs) + "--out " + b + " samples/courses").exit_code, 0);
  for (const auto& f : Listing(a)) {
    if (fs::is_regular_file(a + "/" + f)) {
      EXPECT_EQ(Slurp(a + "/" + f), Slurp(b + "/" + f)) << f;
    }
  }
  // A re-run over the same folder replaces documents and removes what an interrupted
  // run left behind.
  std::ofstream(a + "/.superbill-tmp-999-0") << "half a file";
  fs::create_directories(a + "/.superbill-tmp-999-1");
  auto before = Listing(a);
  ASSERT_EQ(RunSuperbill(std::string(kArgs) + "--out " + a + " samples/courses").exit_code, 0);
  EXPECT_FALSE(fs::exists(a + "/.superbill-tmp-999-0"));
  EXPECT_FALSE(fs::exists(a + "/.superbill-tmp-999-1"));
  EXPECT_EQ(Listing(a).size(), before.size() - 2);
  for (const auto& f : Listing(a)) {
    if (fs::is_regular_file(a + "/" + f)) {
      EXPECT_EQ(Slurp(a + "/" + f), Slurp(b + "/" + f)) << f;
    }
  }
}

TEST(GenerateTest, RejectedCoursesLeaveNoFolder) {
  std::string out = FreshDir("rejected");
  // First a good run of the short course; then its id comes back rejected (a copy with a
  // bad date): its old folder must go, and the report says why without personal details.
  ASSERT_EQ(
      RunSuperbill(std::string(kArgs) + "--out " + out + " samples/courses/15-short-course.xml")
          .exit_code,
      0);
  ASSERT_TRUE(fs::exists(out + "/HK-2026-0252/superbill.pdf"));
  std::string bad = ::testing::TempDir() + "bad-short.xml";
  std::string text = Slurp(SourcePath("samples/courses/15-short-course.xml"));
  text.replace(text.find("2026-04-06"), 10, "2026-04-31");
  std::ofstream(bad) << text;
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " " + bad +
                        " samples/invalid/bad-money.xml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(fs::exists(out + "/HK-2026-0252"));
  EXPECT_FALSE(fs::exists(out + "/INV-bad-money"));
  EXPECT_EQ(Listing(out), std::vector<std::string>{"report.csv"});
  std::string report = Slurp(out + "/report.csv");
  EXPECT_EQ(report,
            "course,status,lines,total_charges,paid,balance,diagnostic,file,warnings\n"
            "HK-2026-0252,rejected,,,,," +
                bad + ":12:10: error: 'date' is not a real date in the form YYYY-MM-DD," + bad +
                ",0\n"
                "INV-bad-money,rejected,,,,,\"samples/invalid/bad-money.xml:16:43: error: 'charge' "
                "must be an amount of money with at most two decimals, from 0 to "
                "9999999.99\",samples/invalid/bad-money.xml,0\n");
}

TEST(GenerateTest, DuplicateIdDoesNotRemoveTheFirstCoursesDocuments) {
  std::string out = FreshDir("dup");
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out +
                        " samples/courses/15-short-course.xml samples/courses/15-short-course.xml");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(fs::exists(out + "/HK-2026-0252/superbill.pdf"));
  EXPECT_TRUE(fs::exists(out + "/HK-2026-0252/claim.xml"));
}

TEST(GenerateTest, UsageErrors) {
  auto r = RunSuperbill("generate --clinic samples/clinic.xml samples/courses");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "superbill: error: the option --out DIR is required\n");
  auto t =
      RunSuperbill(std::string(kArgs) + "--out /tmp/x --templates /nonexistent samples/courses");
  EXPECT_EQ(t.exit_code, 2);
  EXPECT_NE(t.err.find("/nonexistent"), std::string::npos) << t.err;
}

TEST(GenerateTest, DocumentsChoosesWhatIsWritten) {
  struct Row {
    std::string list;
    std::vector<std::string> files;
  };
  const std::vector<Row> rows = {
      {"claim", {"HK-2026-0252", "HK-2026-0252/claim.xml", "report.csv"}},
      {"superbill", {"HK-2026-0252", "HK-2026-0252/superbill.pdf", "report.csv"}},
      {" claim , superbill ",
       {"HK-2026-0252", "HK-2026-0252/claim.xml", "HK-2026-0252/superbill.pdf", "report.csv"}},
  };
  for (const auto& row : rows) {
    std::string out = FreshDir("documents");
    auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " --documents '" + row.list +
                          "' samples/courses/15-short-course.xml");
    EXPECT_EQ(r.exit_code, 0) << row.list << r.err;
    EXPECT_EQ(Listing(out), row.files) << row.list;
  }
  // A name that is not a document: a usage error listing the valid ones, nothing written.
  std::string out = FreshDir("documents-bad");
  auto bad = RunSuperbill(std::string(kArgs) + "--out " + out +
                          " --documents superbill,cms15OO samples/courses/15-short-course.xml");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err,
            "superbill: error: --documents: unknown document 'cms15OO' (documents: superbill, "
            "claim)\n");
  EXPECT_FALSE(fs::exists(out));
  auto empty = RunSuperbill(std::string(kArgs) + "--out " + out +
                            " --documents , samples/courses/15-short-course.xml");
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(empty.err, "superbill: error: --documents needs at least one of: superbill, claim\n");
}

}  // namespace
}  // namespace superbill
