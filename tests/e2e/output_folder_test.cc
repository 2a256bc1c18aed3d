// End-to-end tests of what `superbill generate` (and `void`, `code`, `validate`) may do to
// the output folder: one run at a time (the folder lock), course ids that are names the tool
// writes, folders of the user's left alone, the modes of an existing folder kept, a full disk
// stopping the batch cleanly, inputs that do not exist, and the count of folders of earlier
// runs.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::FileMode;
using testing::FreshDir;
using testing::RunSuperbill;
using testing::Slurp;
using testing::SourcePath;

const char kArgs[] = "generate --clinic samples/clinic.xml --date 2026-11-20 --quiet ";
const char kShort[] = "samples/courses/15-short-course.xml";  // id HK-2026-0252

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// The short sample course with another id, written into `dir`.
std::string CourseWithId(const std::string& dir, const std::string& id) {
  std::string xml = Slurp(SourcePath(kShort));
  const std::string from = "id=\"HK-2026-0252\"";
  xml.replace(xml.find(from), from.size(), "id=\"" + id + "\"");
  fs::create_directories(dir);
  const std::string path = dir + "/" + id + ".xml";
  WriteText(path, xml);
  return path;
}

// A pid that no process has: a child that has exited and been reaped.
pid_t DeadPid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}

// Row 5: a live run's lock stops a second run at once, before it touches anything.
TEST(OutputFolderTest, HeldLockStopsASecondRunAtOnce) {
  const std::string out = FreshDir("lock-held");
  fs::create_directories(out);
  const std::string pid = std::to_string(::getpid());  // this test is alive
  WriteText(out + "/.superbill-lock", pid + "\n");
  WriteText(out + "/.superbill-tmp-123-0", "a running batch's temporary");
  WriteText(out + "/report.csv", "the running batch's earlier report");
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " " + kShort);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "superbill: error: another superbill run (pid " + pid + ") is writing to " +
                       out + "\n");
  EXPECT_EQ(Slurp(out + "/.superbill-tmp-123-0"), "a running batch's temporary");
  EXPECT_EQ(Slurp(out + "/report.csv"), "the running batch's earlier report");
  EXPECT_EQ(Slurp(out + "/.superbill-lock"), pid + "\n");
  EXPECT_FALSE(fs::exists(out + "/HK-2026-0252"));
  EXPECT_FALSE(fs::exists(out + "/ledger.sqlite"));
  EXPECT_FALSE(fs::exists(out + "/.superbill-x12-state"));

  // void takes the same lock.
  auto v = RunSuperbill(
      "void HK-2026-0252 --clinic samples/clinic.xml --date 2026-11-20 "
      "--reason 'entered twice' --out " +
      out + " " + kShort);
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_EQ(v.err, "superbill: error: another superbill run (pid " + pid + ") is writing to " +
                       out + "\n");
}

// Row 5: the lock of a process that is gone is taken over; the run releases it at its end.
TEST(OutputFolderTest, StaleLockIsTakenOverAndReleased) {
  const std::string out = FreshDir("lock-stale");
  fs::create_directories(out);
  WriteText(out + "/.superbill-lock", std::to_string(DeadPid()) + "\n");
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " " + kShort);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::exists(out + "/HK-2026-0252/superbill.pdf"));
  EXPECT_TRUE(fs::exists(out + "/report.csv"));
  EXPECT_FALSE(fs::exists(out + "/.superbill-lock"));
}

// Row 5: two runs at once: while one runs, the other stops; the first finishes whole.
TEST(OutputFolderTest, SecondRunWhileOneRunsStops) {
  const std::string out = FreshDir("lock-two-runs");
  const std::string err1 = FreshDir("lock-two-runs-1.err");
  const int first = testing::SpawnSuperbill(
      {"generate", "--clinic", SourcePath("samples/clinic.xml"), "--date", "2026-11-20", "--quiet",
       "--jobs", "1", "--out", out, SourcePath("samples/courses")},
      err1);
  ASSERT_GT(first, 0);
  // Wait until the first run holds the lock (it writes its pid into it).
  std::string held;
  for (int i = 0; i < 400 && held.empty(); ++i) {
    held = Slurp(out + "/.superbill-lock");
    if (held.empty()) ::usleep(5000);
  }
  auto second = RunSuperbill(std::string(kArgs) + "--out " + out + " " + kShort);
  const int status = testing::WaitForChild(first);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << Slurp(err1);
  if (!held.empty()) {
    EXPECT_EQ(second.exit_code, 2);
    EXPECT_EQ(second.err, "superbill: error: another superbill run (pid " + std::to_string(first) +
                              ") is writing to " + out + "\n");
  }
  std::string report = Slurp(out + "/report.csv");
  EXPECT_EQ(std::count(report.begin(), report.end(), '\n'), 16);  // header and 15 courses
}

// Row 6: course ids that are names the tool writes in the output folder.
TEST(OutputFolderTest, ReservedNamesAreLocatedErrors) {
  const std::string in = FreshDir("reserved-in");
  const std::string out = FreshDir("reserved-out");
  for (const std::string id : {"report.csv", "PASSWORDS.csv", "ledger.sqlite-wal"}) {
    CourseWithId(in, id);
  }
  auto r = RunSuperbill(std::string(kArgs) + "--encrypt --password-policy random --out " + out +
                        " " + in);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const std::string id : {"report.csv", "PASSWORDS.csv", "ledger.sqlite-wal"}) {
    EXPECT_NE(r.err.find(in + "/" + id + ".xml:2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("error: course id '" + id +
                         "' is the name of a file superbill writes in the output folder: "
                         "choose another id"),
              std::string::npos)
        << r.err;
  }
  EXPECT_TRUE(fs::is_regular_file(out + "/report.csv"));
  EXPECT_FALSE(fs::is_directory(out + "/PASSWORDS.csv"));
  EXPECT_FALSE(fs::exists(out + "/ledger.sqlite-wal/superbill.pdf"));
  EXPECT_EQ(Slurp(out + "/report.csv").find(",ok,"), std::string::npos);
}

// Row 8: folders of the user's are neither replaced nor removed; the course is rejected.
TEST(OutputFolderTest, FoldersOfTheUserAreLeftAlone) {
  const std::string in = FreshDir("foreign-in");
  const std::string out = FreshDir("foreign-out");
  CourseWithId(in, "DF-005");
  // DF-004: a rejected course (no such provider).
  std::string bad = Slurp(CourseWithId(in, "DF-004"));
  std::size_t at = bad.find("provider=\"");
  ASSERT_NE(at, std::string::npos);
  bad.insert(at + 10, "nobody-");
  WriteText(in + "/DF-004.xml", bad);
  fs::create_directories(out + "/DF-004");
  fs::create_directories(out + "/DF-005");
  WriteText(out + "/DF-004/my-letter.docx", "the user's letter");
  WriteText(out + "/DF-005/superbill.pdf", "the user's own pdf");
  WriteText(out + "/DF-005/notes.txt", "the user's notes");
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " " + in);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  for (const std::string id : {"DF-004", "DF-005"}) {
    EXPECT_NE(r.err.find(in + "/" + id + ".xml:2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("error: the output folder holds " + out + "/" + id +
                         ", which superbill did not write: it is left as it is"),
              std::string::npos)
        << r.err;
  }
  EXPECT_EQ(Slurp(out + "/DF-004/my-letter.docx"), "the user's letter");
  EXPECT_EQ(Slurp(out + "/DF-005/superbill.pdf"), "the user's own pdf");
  EXPECT_EQ(Slurp(out + "/DF-005/notes.txt"), "the user's notes");
  EXPECT_FALSE(fs::exists(out + "/DF-005/claim.xml"));
  const std::string report = Slurp(out + "/report.csv");
  EXPECT_NE(report.find("DF-005,rejected,"), std::string::npos) << report;
}

// Row 8: the tool's own folders carry the marker; an unmarked folder of an earlier version
// (documents only) is still the tool's and is replaced; verify ignores the marker.
TEST(OutputFolderTest, MarkedAndEarlierFoldersAreReplaced) {
  const std::string out = FreshDir("marker-out");
  fs::create_directories(out + "/HK-2026-0252");
  WriteText(out + "/HK-2026-0252/superbill.pdf", "an earlier version's pdf");
  WriteText(out + "/HK-2026-0252/claim.xml", "an earlier version's claim");
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " " + kShort);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_regular_file(out + "/HK-2026-0252/.superbill-course"));
  EXPECT_EQ(Slurp(out + "/HK-2026-0252/superbill.pdf").substr(0, 5), "%PDF-");
  auto again = RunSuperbill(std::string(kArgs) + "--out " + out + " " + kShort);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  auto verify = RunSuperbill("ledger verify --out " + out);
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_EQ(verify.out, "course,version,document,problem\n");
}

// Row 9: an existing output folder keeps its modes; one the run creates gets 0700.
TEST(OutputFolderTest, ExistingFolderKeepsItsModes) {
  const std::string out = FreshDir("modes-out");
  fs::create_directories(out);
  ::chmod(out.c_str(), 0755);
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " " + kShort);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(FileMode(out), 0755u);
  const std::string fresh = FreshDir("modes-fresh");
  ASSERT_EQ(RunSuperbill(std::string(kArgs) + "--out " + fresh + " " + kShort).exit_code, 0);
  EXPECT_EQ(FileMode(fresh), 0700u);
}

// Row 7: a write that fails as on a full disk stops the batch; what is written is whole,
// the message names the document, report.csv lists the courses done, and a run after that
// finishes the batch.
TEST(OutputFolderTest, FullDiskStopsTheBatchCleanly) {
  const std::string out = FreshDir("full-out");
  // Each course writes its six files (five documents and the marker) one write each: the 20th
  // write is in the fourth course.
  ::setenv("SUPERBILL_TEST_FAIL_WRITE", "20", 1);
  auto failed = RunSuperbill(std::string(kArgs) + "--jobs 1 --out " + out + " samples/courses");
  ::unsetenv("SUPERBILL_TEST_FAIL_WRITE");
  const int code = failed.exit_code;
  const std::string& err = failed.err;
  EXPECT_EQ(code, 2) << err;
  EXPECT_EQ(err.find(".superbill-tmp-"), std::string::npos) << err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      err, m,
      std::regex(out + "/[A-Za-z0-9._-]+/(superbill\\.pdf|cms1500\\.pdf|claim\\.xml|claim\\.x12|"
                       "packet\\.pdf|\\.superbill-course): error: cannot write: No space left on "
                       "device; the batch stopped there with ([0-9]+) courses? written "
                       "\\(report\\.csv lists the "
                       "courses done\\); free some space and run again to finish the batch\n")))
      << err;
  const int written = std::stoi(m[2].str());
  EXPECT_GE(written, 2);
  EXPECT_LE(written, 3);
  const std::string report = Slurp(out + "/report.csv");
  EXPECT_EQ(std::count(report.begin(), report.end(), '\n'), written + 1) << report;
  int folders = 0;
  for (const auto& e : fs::directory_iterator(out)) {
    EXPECT_NE(e.path().filename().string().rfind(".superbill-tmp-", 0), 0u) << e.path();
    if (e.is_directory()) {
      ++folders;
      EXPECT_TRUE(fs::exists(e.path() / "superbill.pdf")) << e.path();
      EXPECT_TRUE(fs::exists(e.path() / ".superbill-course")) << e.path();
    }
  }
  EXPECT_EQ(folders, written);
  auto r = RunSuperbill(std::string(kArgs) + "--out " + out + " samples/courses");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  const std::string full = Slurp(out + "/report.csv");
  EXPECT_EQ(std::count(full.begin(), full.end(), '\n'), 16) << full;
  auto verify = RunSuperbill("ledger verify --out " + out);
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

// Row 11: an empty input folder, or a path that does not exist, is a usage error before
// anything is written.
TEST(OutputFolderTest, MissingOrEmptyInputsAreUsageErrors) {
  const std::string empty = FreshDir("inputs-empty");
  fs::create_directories(empty);
  WriteText(empty + "/notes.txt", "not a course");
  const std::string missing = FreshDir("inputs-missing");
  const std::string out = FreshDir("inputs-out");
  struct Case {
    std::string args, message;
  };
  // A folder whose only course file is in a subfolder: empty unless --recursive.
  const std::string nested = FreshDir("inputs-nested");
  fs::create_directories(nested + "/week-46");
  fs::copy_file(testing::SourcePath("samples/courses/15-short-course.xml"),
                nested + "/week-46/15.xml");
  for (const Case& c :
       {Case{empty, empty + ": error: the folder holds no course file (*.xml, *.csv); "
                            "--recursive reads its subfolders too"},
        Case{"--recursive " + empty, empty + ": error: the folder and its subfolders hold no "
                                             "course file (*.xml, *.csv)"},
        Case{nested, nested + ": error: the folder holds no course file (*.xml, *.csv); "
                              "--recursive reads its subfolders too"},
        Case{missing, missing + ": error: no such file or folder"}}) {
    for (const std::string& cmd :
         {std::string(kArgs) + "--out " + out + " ",
          std::string("code --clinic samples/clinic.xml --date 2026-11-20 "),
          std::string("validate --clinic samples/clinic.xml --date 2026-11-20 "),
          std::string("void HK-2026-0252 --clinic samples/clinic.xml --date 2026-11-20 "
                      "--reason 'entered twice' --out ") +
              out + " "}) {
      auto r = RunSuperbill(cmd + c.args);
      EXPECT_EQ(r.exit_code, 2) << cmd << r.err;
      EXPECT_EQ(r.err, c.message + "\n") << cmd;
      EXPECT_EQ(r.out, "") << cmd;
      EXPECT_FALSE(fs::exists(out)) << cmd;
    }
  }
  // A folder of CSV files, and a course in a subfolder with --recursive, are course inputs.
  const std::string csv = FreshDir("inputs-csv");
  fs::create_directories(csv);
  fs::copy_file(testing::SourcePath("samples/csv/week-2026-11-09.csv"), csv + "/WEEK.CSV");
  for (const std::string& args : {csv, "--recursive " + nested}) {
    auto r = RunSuperbill("validate --clinic samples/clinic.xml --date 2026-11-20 " + args);
    EXPECT_LE(r.exit_code, 1) << args << r.err;
    EXPECT_NE(r.err.find(" accepted"), std::string::npos) << args << r.err;
  }
}

// The summary says how many course folders of earlier runs this batch left alone.
TEST(OutputFolderTest, SummaryCountsFoldersOfEarlierRuns) {
  const std::string out = FreshDir("earlier-out");
  ASSERT_EQ(RunSuperbill(std::string(kArgs) + "--out " + out + " samples/courses").exit_code, 0);
  auto r = RunSuperbill("generate --clinic samples/clinic.xml --date 2026-11-20 --out " + out +
                        " " + kShort);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("superbill: 14 course folders from earlier runs left as they are in " + out +
                       "\n"),
            std::string::npos)
      << r.err;
  auto all = RunSuperbill("generate --clinic samples/clinic.xml --date 2026-11-20 --out " + out +
                          " samples/courses");
  EXPECT_EQ(all.err.find("from earlier runs"), std::string::npos) << all.err;
}

}  // namespace
}  // namespace superbill
