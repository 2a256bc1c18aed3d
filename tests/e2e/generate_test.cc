// End-to-end tests of `superbill generate`: one folder per accepted course with whole files
// readable by the owner only, report.csv, clean re-runs, no trace of rejected courses.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

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

// The files and folders under `dir`, but for the marker in each course folder (every
// course folder has one: output_folder_test checks it).
std::vector<std::string> Listing(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.path().filename() == ".superbill-course") continue;
    out.push_back(fs::relative(e.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

const char kArgs[] = "generate --clinic samples/clinic.xml --date 2026-11-20 --quiet ";

// The last line of DIR/.superbill-x12-state (the last control number used).
std::string X12State(const std::string& dir) {
  std::string text = Slurp(dir + "/.superbill-x12-state");
  std::size_t at = text.rfind("last=");
  return at == std::string::npos ? "" : text.substr(at);
}

// The interchange control numbers (ISA13) of an X12 file.
std::vector<std::string> ControlNumbers(const std::string& x12) {
  std::vector<std::string> out;
  for (std::size_t at = x12.find("ISA*"); at != std::string::npos; at = x12.find("ISA*", at + 1)) {
    if (at != 0 && x12[at - 1] != '\n' && x12[at - 1] != '~') continue;
    out.push_back(x12.substr(at + 90, 9));
  }
  return out;
}

// An X12 file with its control numbers (ISA13, GS06, BHT03, GE02, IEA02) blanked.
std::string WithoutControlNumbers(std::string x12) {
  const std::vector<std::string> numbers = ControlNumbers(x12);
  if (numbers.empty()) return x12;
  const std::string n9 = numbers.front();
  const std::string n = std::to_string(std::stoll(n9));
  auto blank = [&](const std::string& from, const std::string& to) {
    for (std::size_t at = x12.find(from); at != std::string::npos; at = x12.find(from, at)) {
      x12.replace(at, from.size(), to);
      at += to.size();
    }
  };
  blank("*" + n9, "*#########");
  blank("*" + n + "*X*", "*#*X*");
  blank("GE*1*" + n + "~", "GE*1*#~");
  return x12;
}

// What generate writes for samples/courses/15-short-course.xml when it writes no claim.x12.
const std::vector<std::string> kShortCourseWithoutX12 = {"HK-2026-0252",
                                                         "HK-2026-0252/claim.xml",
                                                         "HK-2026-0252/cms1500.pdf",
                                                         "HK-2026-0252/packet.pdf",
                                                         "HK-2026-0252/superbill.pdf",
                                                         "ledger.sqlite",
                                                         "report.csv"};

// samples/clinic.xml without its <x12> element, in the tests' temporary folder.
std::string ClinicWithoutX12() {
  std::string text = Slurp(SourcePath("samples/clinic.xml"));
  std::size_t a = text.find("  <x12 "), b = text.find("</x12>");
  text.erase(a, b + 7 - a);
  // Its signature images stay where the sample clinic's relative paths point.
  for (std::size_t at; (at = text.find("signature=\"signatures/")) != std::string::npos;) {
    text.replace(at, 11, "signature=\"" + SourcePath("samples") + "/");
  }
  std::string path = ::testing::TempDir() + "clinic-without-x12.xml";
  std::ofstream(path) << text;
  return path;
}

TEST(GenerateTest, EverySampleGetsItsDocumentsAndTheReport) {
  std::string out = FreshDir("all");
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " samples/courses");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  // The warnings of the samples (tests/golden/validate/samples.err, and two address lines
  // of sample 09 the 837P shortens), then the summary.
  EXPECT_NE(r.err.find(testing::SummaryPrefix(r.err, 15, 0)), std::string::npos) << r.err;
  EXPECT_EQ(testing::WarningLines(r.err), 7u) << r.err;
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
    // The claim files are the renderers' goldens for that sample (the FHIR golden kept
    // indented; the 837P's with the control number of its place in the batch: this is a fresh
    // folder).
    EXPECT_EQ(testing::IndentedXml(Slurp(folder + "/claim.xml")),
              Slurp(SourcePath("tests/golden/fhir/" + stem + ".xml")))
        << stem;
    EXPECT_EQ(Slurp(folder + "/claim.x12"), Slurp(SourcePath("tests/golden/x12/" + stem + ".x12")))
        << stem;
    EXPECT_EQ(FileMode(folder + "/claim.x12"), 0600u);
    EXPECT_EQ(Slurp(folder + "/superbill.pdf").rfind("%PDF-", 0), 0u) << stem;
    int check =
        std::system(("qpdf --check '" + folder + "/superbill.pdf' >/dev/null 2>&1").c_str());
    EXPECT_EQ(check, 0) << "qpdf --check failed for " << stem;
    EXPECT_EQ(FileMode(folder + "/cms1500.pdf"), 0600u);
    check = std::system(("qpdf --check '" + folder + "/cms1500.pdf' >/dev/null 2>&1").c_str());
    EXPECT_EQ(check, 0) << "qpdf --check failed for " << stem << "/cms1500.pdf";
    // The packet: the cover page, then (among others) the superbill.
    EXPECT_EQ(FileMode(folder + "/packet.pdf"), 0600u);
    check = std::system(("qpdf --check '" + folder + "/packet.pdf' >/dev/null 2>&1").c_str());
    EXPECT_EQ(check, 0) << "qpdf --check failed for the packet of " << stem;
    std::string text;
    ASSERT_EQ(testing::RunTool("pdftotext -enc UTF-8 '" + folder + "/packet.pdf' -", &text), 0);
    EXPECT_NE(text.find(course.find("language=\"es\"") != std::string::npos
                            ? "Su paquete para reclamar al seguro"
                            : "Your insurance claim packet"),
              std::string::npos)
        << stem;
    EXPECT_NE(text.find("Itemized statement for insurance reimbursement"), std::string::npos)
        << stem;
  }
  // The report, the ledger, the X12 state, and 15 folders of 6 files (folder, superbill,
  // CMS-1500, claim, x12, packet).
  EXPECT_EQ(Listing(out).size(), 3u + 15u * 6u);
  EXPECT_EQ(X12State(out), "last=000000015\n");
  EXPECT_EQ(FileMode(out + "/ledger.sqlite"), 0600u);
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
  std::set<std::string> first_run;
  for (const auto& f : Listing(a)) {
    for (const auto& n : ControlNumbers(Slurp(a + "/" + f))) first_run.insert(n);
  }
  ASSERT_EQ(first_run.size(), 15u);
  EXPECT_EQ(*first_run.rbegin(), "000000015");
  ASSERT_EQ(RunSuperbill(std::string(kArgs) + "--out " + a + " samples/courses").exit_code, 0);
  EXPECT_FALSE(fs::exists(a + "/.superbill-tmp-999-0"));
  EXPECT_FALSE(fs::exists(a + "/.superbill-tmp-999-1"));
  EXPECT_EQ(Listing(a).size(), before.size() - 2);
  // Nothing changed, so the ledger issues nothing new: every document stays as issued, byte
  // for byte, the 837P interchanges too (the same interchange, not a second one). The state
  // file still moves past the numbers this run reserved, so none is ever handed out twice.
  for (const auto& f : Listing(a)) {
    if (!fs::is_regular_file(a + "/" + f) || f == "ledger.sqlite") continue;
    if (f == ".superbill-x12-state") {
      EXPECT_EQ(X12State(a), "last=000000030\n");
    } else {
      EXPECT_EQ(Slurp(a + "/" + f), Slurp(b + "/" + f)) << f;
    }
  }
  // Without a ledger every run draws new interchanges: the next 15 control numbers, none a
  // repeat of the first run's (a clearinghouse rejects a repeated ISA13).
  std::string c = FreshDir("c");
  const std::string no_ledger = std::string(kArgs) + "--no-ledger --out " + c + " samples/courses";
  ASSERT_EQ(RunSuperbill(no_ledger).exit_code, 0);
  std::set<std::string> c_first;
  for (const auto& f : Listing(c)) {
    for (const auto& n : ControlNumbers(Slurp(c + "/" + f))) c_first.insert(n);
  }
  ASSERT_EQ(c_first.size(), 15u);
  ASSERT_EQ(RunSuperbill(no_ledger).exit_code, 0);
  std::set<std::string> second_run;
  for (const auto& f : Listing(c)) {
    if (!fs::is_regular_file(c + "/" + f)) continue;
    if (f == ".superbill-x12-state") {
      EXPECT_EQ(X12State(c), "last=000000030\n");
    } else if (f.size() > 4 && f.substr(f.size() - 4) == ".x12") {
      EXPECT_EQ(WithoutControlNumbers(Slurp(c + "/" + f)),
                WithoutControlNumbers(Slurp(b + "/" + f)))
          << f;
      for (const auto& n : ControlNumbers(Slurp(c + "/" + f))) {
        EXPECT_FALSE(c_first.count(n)) << f << " repeats control number " << n;
        EXPECT_TRUE(second_run.insert(n).second) << f << " repeats control number " << n;
      }
    } else {
      EXPECT_EQ(Slurp(c + "/" + f), Slurp(b + "/" + f)) << f;
    }
  }
  EXPECT_EQ(second_run.size(), 15u);
  EXPECT_EQ(*second_run.begin(), "000000016");
  EXPECT_EQ(*second_run.rbegin(), "000000030");
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
  EXPECT_EQ(Listing(out),
            (std::vector<std::string>{".superbill-x12-state", "ledger.sqlite", "report.csv"}));
  std::string report = Slurp(out + "/report.csv");
  EXPECT_EQ(report,
            "course,status,lines,total_charges,paid,balance,diagnostic,file,warnings\n"
            "HK-2026-0252,rejected,,,,," +
                bad +
                ":12:10: error: 'date' '2026-04-31' is not a real date in the form YYYY-MM-DD," +
                bad +
                ",0\n"
                "INV-bad-money,rejected,,,,,\"samples/invalid/bad-money.xml:16:43: error: 'charge' "
                "'499.995' must be an amount of money with at most two decimals, from 0 to "
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

// A warning keeps the course: its documents are written, the warning is printed, counted in
// the summary and in report.csv, and the exit code stays 0.
TEST(GenerateTest, WarningsKeepTheCourseAndAreCounted) {
  std::string out = FreshDir("warnings");
  auto r =
      RunSuperbill(std::string(kArgs) + "--out " + out +
                   " samples/warnings/short-hydration.xml samples/courses/15-short-course.xml");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.rfind(Slurp(SourcePath("samples/warnings/short-hydration.expected")) +
                            "superbill: 2 courses: 2 accepted, 0 rejected, 1 warning in ",
                        0),
            0u)
      << r.err;
  EXPECT_TRUE(fs::exists(out + "/WRN-short-hydration/superbill.pdf"));
  EXPECT_TRUE(fs::exists(out + "/WRN-short-hydration/claim.xml"));
  EXPECT_EQ(Slurp(out + "/report.csv"),
            "course,status,lines,total_charges,paid,balance,diagnostic,file,warnings\n"
            "WRN-short-hydration,ok,9,1687.00,1577.00,110.00,,samples/warnings/"
            "short-hydration.xml,1\n"
            "HK-2026-0252,ok,8,1577.00,1577.00,0.00,,samples/courses/15-short-course.xml,0\n");
}

TEST(GenerateTest, DocumentsChoosesWhatIsWritten) {
  struct Row {
    std::string list;
    std::vector<std::string> files;
  };
  const std::vector<Row> rows = {
      {"claim", {"HK-2026-0252", "HK-2026-0252/claim.xml", "ledger.sqlite", "report.csv"}},
      {"superbill", {"HK-2026-0252", "HK-2026-0252/superbill.pdf", "ledger.sqlite", "report.csv"}},
      {"packet", {"HK-2026-0252", "HK-2026-0252/packet.pdf", "ledger.sqlite", "report.csv"}},
      {"x12",
       {".superbill-x12-state", "HK-2026-0252", "HK-2026-0252/claim.x12", "ledger.sqlite",
        "report.csv"}},
      {"cms1500", {"HK-2026-0252", "HK-2026-0252/cms1500.pdf", "ledger.sqlite", "report.csv"}},
      {" claim , superbill ",
       {"HK-2026-0252", "HK-2026-0252/claim.xml", "HK-2026-0252/superbill.pdf", "ledger.sqlite",
        "report.csv"}},
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
            "cms1500, claim, x12, packet)\n");
  EXPECT_FALSE(fs::exists(out));
  auto empty = RunSuperbill(std::string(kArgs) + "--out " + out +
                            " --documents , samples/courses/15-short-course.xml");
  EXPECT_EQ(empty.exit_code, 2);
  EXPECT_EQ(empty.err,
            "superbill: error: --documents needs at least one of: superbill, cms1500, claim, x12, "
            "packet\n");
}

// --x12-batch: one interchange with every accepted course's claim, taking the first control
// number; each course's claim.x12 takes the next ones.
TEST(GenerateTest, X12BatchHoldsEveryAcceptedCourse) {
  std::string out = FreshDir("x12-batch");
  const std::string batch = out + "-batch.x12";
  fs::remove(batch);
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " --x12-batch " + batch +
                        " samples/courses samples/invalid/bad-date.xml");
  ASSERT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("superbill: " + batch + ": 15 claims in one 837P interchange\n" +
                       testing::SummaryPrefix(r.err, 16, 1)),
            std::string::npos)
      << r.err;
  EXPECT_EQ(Slurp(batch), Slurp(SourcePath("tests/golden/x12/batch.x12")));
  EXPECT_EQ(FileMode(batch), 0600u);
  EXPECT_EQ(ControlNumbers(Slurp(out + "/HK-2026-0142/claim.x12")),
            std::vector<std::string>{"000000002"});
  EXPECT_EQ(ControlNumbers(Slurp(out + "/HK-2026-0252/claim.x12")),
            std::vector<std::string>{"000000016"});
  // The rejected course (17th) used no number, but the numbers follow places in the batch.
  EXPECT_EQ(X12State(out), "last=000000016\n");

  // Only the batch: no claim.x12, the state all the same; the next run starts after it.
  std::string only = FreshDir("x12-batch-only");
  fs::create_directories(only);
  std::ofstream(only + "/.superbill-x12-state") << "last=000000100\n";
  auto o =
      RunSuperbill(std::string(kArgs) + "--out " + only + " --documents superbill --x12-batch " +
                   batch + " samples/courses/15-short-course.xml");
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(ControlNumbers(Slurp(batch)), std::vector<std::string>{"000000101"});
  EXPECT_FALSE(fs::exists(only + "/HK-2026-0252/claim.x12"));
  EXPECT_EQ(X12State(only), "last=000000101\n");

  // No course to file: no batch file, and a note.
  fs::remove(batch);
  auto none = RunSuperbill(std::string(kArgs) + "--out " + only + " --x12-batch " + batch +
                           " samples/invalid/bad-date.xml");
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_NE(none.err.find("superbill: note: " + batch + " not written: no course to file\n"),
            std::string::npos)
      << none.err;
  EXPECT_FALSE(fs::exists(batch));
  // A batch file that cannot be created stops the run before any course.
  auto bad =
      RunSuperbill(std::string(kArgs) + "--out " + only +
                   " --x12-batch /nonexistent/batch.x12 samples/courses/15-short-course.xml");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.err, "/nonexistent/batch.x12: error: cannot create: No such file or directory\n");
}

// A clinic without <x12>: no claim.x12 and a note, not an error; --x12-batch is a usage error.
TEST(GenerateTest, ClinicWithoutX12GetsANote) {
  const std::string clinic = ClinicWithoutX12();
  std::string out = FreshDir("no-x12");
  auto r = RunSuperbill("generate --clinic " + clinic + " --date 2026-11-20 --quiet --out " + out +
                        " samples/courses/15-short-course.xml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.rfind("superbill: note: no claim.x12 written: the clinic file has no <x12> "
                        "element\n" +
                            testing::SummaryPrefix(r.err, 1, 0),
                        0),
            0u)
      << r.err;
  EXPECT_EQ(Listing(out), kShortCourseWithoutX12);
  // Not asked for: no note.
  auto quiet = RunSuperbill("generate --clinic " + clinic + " --date 2026-11-20 --quiet --out " +
                            out + " --documents superbill samples/courses/15-short-course.xml");
  EXPECT_EQ(quiet.err.find("note"), std::string::npos) << quiet.err;
  auto batch = RunSuperbill("generate --clinic " + clinic + " --date 2026-11-20 --quiet --out " +
                            out + " --x12-batch " + out + "/b.x12 samples/courses");
  EXPECT_EQ(batch.exit_code, 2);
  EXPECT_EQ(batch.err, "superbill: error: --x12-batch needs an <x12> element in the clinic file " +
                           clinic + " (see docs/input-format.md)\n");
  EXPECT_FALSE(fs::exists(out + "/b.x12"));
}

// What the 837P cannot carry is a warning of generate (not of validate or code: they write no
// 837P); the course keeps its other documents.
TEST(GenerateTest, CourseWithoutPayerIdGetsNoClaimX12) {
  std::string text = Slurp(SourcePath("samples/courses/15-short-course.xml"));
  text.replace(text.find(" payerId=\"62308\""), 16, "");
  const std::string course = ::testing::TempDir() + "no-payer-id.xml";
  std::ofstream(course) << text;
  std::string out = FreshDir("no-payer-id");
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " " + course);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.rfind(course +
                            ":7:3: warning: the coverage has no payerId, which the 837P needs "
                            "(loop 2010BB): no claim.x12 for this course\n" +
                            testing::SummaryPrefix(r.err, 1, 0),
                        0),
            0u)
      << r.err;
  EXPECT_EQ(Listing(out), kShortCourseWithoutX12);
  EXPECT_NE(Slurp(out + "/report.csv").find("no-payer-id.xml,1\n"), std::string::npos);
  auto v = RunSuperbill("validate --clinic samples/clinic.xml --date 2026-11-20 " + course);
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(testing::Problems(v.err), "");
}

// A state file nobody can read stops the run before anything is written.
TEST(GenerateTest, MalformedX12StateStopsTheRun) {
  std::string out = FreshDir("bad-state");
  fs::create_directories(out);
  std::ofstream(out + "/.superbill-x12-state") << "last=twelve\n";
  auto r =
      RunSuperbill(std::string(kArgs) + "--out " + out + " samples/courses/15-short-course.xml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, out +
                       "/.superbill-x12-state:1:1: error: last=N needs a number of 1 to 9 digits "
                       "(this file keeps the last X12 control number used; fix it, or remove it "
                       "only after raising the clinic's firstControlNumber past every number "
                       "sent)\n");
  EXPECT_EQ(Listing(out), std::vector<std::string>{".superbill-x12-state"});
}

}  // namespace
}  // namespace superbill
