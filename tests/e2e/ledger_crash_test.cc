// The ledger under SIGKILL: a course's row is committed only once its documents are in
// place, so a run killed at any moment leaves every recorded document present and whole
// (`ledger verify` passes), at worst documents with no row yet; the next run, finding the
// same fingerprint, records version 1 for those and never a second version.
//
// A batch of synthetic courses (as many as take about 2 s a run on this build, at least
// 1,200 so a run commits a transaction of 1,000 rows midway) is generated into one folder
// by runs killed at 5 to 85 % of a run's length, each followed by the checks; then a
// normal run must leave exactly one original version per course.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using testing::RunSuperbill;
using testing::ScratchDir;
using testing::Slurp;

// Runs generate over `in` into `out`; kills it with SIGKILL after `kill_after` seconds
// (never when negative). Returns the wait status; *seconds is the time it ran.
int RunGenerate(const std::string& in, const std::string& out, double kill_after, double* seconds,
                const std::string& err) {
  auto start = Clock::now();
  int pid = testing::SpawnSuperbill({"generate", "--clinic", "samples/clinic.xml", "--date",
                                     "2026-12-31", "--jobs", "2", "--quiet", "--out", out, in},
                                    err);
  EXPECT_GT(pid, 0);
  if (kill_after >= 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(kill_after));
    ::kill(pid, SIGKILL);
  }
  int status = testing::WaitForChild(pid);
  *seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return status;
}

std::string MakeCourses(const std::string& dir, int n) {
  std::string cmd = std::string("'") + SUPERBILL_MAKE_COURSES + "' '" + dir + "' " +
                    std::to_string(n) + " 11 >/dev/null";
  return std::system(cmd.c_str()) == 0 ? dir : "";
}

struct LedgerState {
  std::set<std::string> courses;  // with a row
  int rows = 0;
  int later_versions = 0;  // rows with a version above 1
};

LedgerState ReadLedger(const std::string& out) {
  LedgerState s;
  auto list = RunSuperbill("ledger list --out '" + out + "'");
  EXPECT_EQ(list.exit_code, 0) << list.err;
  std::istringstream in(list.out);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    ++s.rows;
    std::string course = line.substr(0, line.find(','));
    std::string rest = line.substr(course.size() + 1);
    if (rest.rfind("1,original,", 0) != 0) ++s.later_versions;
    s.courses.insert(course);
  }
  return s;
}

std::set<std::string> Folders(const std::string& out) {
  std::set<std::string> names;
  for (const auto& e : fs::directory_iterator(out)) {
    const std::string name = e.path().filename().string();
    if (e.is_directory() && name.rfind(".superbill-tmp-", 0) != 0) names.insert(name);
  }
  return names;
}

TEST(LedgerCrashTest, KilledRunsNeverRecordAVersionWithoutItsDocuments) {
  ScratchDir dir;
  // This build's speed, on 300 courses of their own.
  double probe = 0;
  const std::string small = MakeCourses(dir.Path("small"), 300);
  ASSERT_FALSE(small.empty());
  ASSERT_EQ(RunGenerate(small, dir.Path("probe"), -1, &probe, dir.Path("probe.err")), 0)
      << Slurp(dir.Path("probe.err"));
  const int n = std::clamp(static_cast<int>(2.0 / (probe / 300)), 1200, 3000);
  const std::string in = MakeCourses(dir.Path("in"), n);
  ASSERT_FALSE(in.empty());
  const double expected = probe / 300 * n;
  std::printf("ledger crash: %d courses, about %.1f s a run\n", n, expected);

  const std::string out = dir.Path("out");
  int killed = 0, unrecorded_seen = 0;
  for (double fraction : {0.05, 0.2, 0.35, 0.5, 0.65, 0.85}) {
    const std::string when = "after the kill at " + std::to_string(int(fraction * 100)) + "%";
    double seconds = 0;
    int status = RunGenerate(in, out, expected * fraction, &seconds, dir.Path("kill.err"));
    if (WIFSIGNALED(status)) {
      ++killed;
    } else {
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << when << ": " << Slurp(dir.Path("kill.err"));
    }
    if (!fs::exists(out + "/ledger.sqlite")) continue;  // killed before it made the ledger
    // Every recorded document is in place and whole.
    auto verify = RunSuperbill("ledger verify --out '" + out + "'");
    EXPECT_EQ(verify.exit_code, 0) << when << ":\n" << verify.out << verify.err;
    LedgerState s = ReadLedger(out);
    EXPECT_EQ(s.later_versions, 0) << when << ": an unchanged course got a second version";
    EXPECT_EQ(s.rows, static_cast<int>(s.courses.size())) << when;
    const std::set<std::string> folders = Folders(out);
    int unrecorded = 0;
    for (const auto& f : folders) unrecorded += s.courses.count(f) ? 0 : 1;
    for (const auto& c : s.courses) EXPECT_TRUE(folders.count(c)) << when << ": " << c;
    unrecorded_seen += unrecorded;
    std::printf("ledger crash: %s (%.2f s): %zu folders, %d rows, %d folders with no row yet\n",
                when.c_str(), seconds, folders.size(), s.rows, unrecorded);
  }
  EXPECT_GE(killed, 3);
  EXPECT_GT(unrecorded_seen, 0) << "no kill fell between documents and their row";

  // The next normal run records each course once, as the original.
  double seconds = 0;
  ASSERT_EQ(RunGenerate(in, out, -1, &seconds, dir.Path("final.err")), 0)
      << Slurp(dir.Path("final.err"));
  LedgerState s = ReadLedger(out);
  EXPECT_EQ(s.rows, n);
  EXPECT_EQ(static_cast<int>(s.courses.size()), n);
  EXPECT_EQ(s.later_versions, 0);
  EXPECT_EQ(Folders(out).size(), static_cast<std::size_t>(n));
  auto verify = RunSuperbill("ledger verify --out '" + out + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  for (const auto& e : fs::directory_iterator(out)) {
    const std::string name = e.path().filename().string();
    EXPECT_NE(name.rfind(".superbill-tmp-", 0), 0u) << name << " was left behind";
    EXPECT_NE(name, "ledger.sqlite-wal") << "the final run closes the ledger cleanly";
  }
  std::printf("ledger crash: %d of 6 runs killed, final run %.1f s\n", killed, seconds);
}

}  // namespace
}  // namespace superbill
