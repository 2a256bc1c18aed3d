// End-to-end tests of batches at scale: the same bytes whatever --jobs, interruption by
// SIGINT/SIGTERM (exit 130, a whole report of what was done, no half files), and the
// progress line on a terminal only, at most 10 times a second.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::FreshDir;
using testing::RunSuperbill;
using testing::Slurp;
using testing::SourcePath;

// N synthetic six-visit courses (ids BN-0000000...), written once per N and tag (tests may
// run in parallel processes, so each test has its own tag).
std::string SyntheticCourses(int n, const std::string& tag) {
  std::string dir = ::testing::TempDir() + "superbill-synthetic-" + tag + std::to_string(n);
  if (!fs::exists(dir + "/done")) {
    fs::remove_all(dir);
    std::string cmd =
        std::string("'") + SUPERBILL_MAKE_COURSES + "' '" + dir + "/c' " + std::to_string(n) + " 7";
    fs::create_directories(dir);
    if (std::system(cmd.c_str()) != 0) return "";
    std::ofstream(dir + "/done") << "ok";
  }
  return dir + "/c";
}

// Every regular file under `dir` with its bytes, by relative path.
std::map<std::string, std::string> Files(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out[fs::relative(e.path(), dir).string()] = Slurp(e.path().string());
  }
  return out;
}

// stderr without the timing of the summary line.
std::string Untimed(const std::string& err) {
  return std::regex_replace(err, std::regex(" in [0-9.]+ s\n"), " in T s\n");
}

const char kGenerate[] = "generate --clinic samples/clinic.xml --date 2026-11-20 ";

TEST(BatchTest, OutputDoesNotDependOnJobs) {
  // Good courses, every invalid sample, a duplicate id, and 150 synthetic courses.
  std::string synthetic = SyntheticCourses(150, "jobs");
  ASSERT_FALSE(synthetic.empty());
  std::string inputs =
      " samples/courses samples/invalid samples/courses/03-sgb-ptsd.xml " + synthetic;
  std::string one = FreshDir("batch-jobs1"), four = FreshDir("batch-jobs4");
  auto a = RunSuperbill(std::string(kGenerate) + "--jobs 1 --out " + one + inputs);
  auto b = RunSuperbill(std::string(kGenerate) + "--jobs 4 --out " + four + inputs);
  EXPECT_EQ(a.exit_code, 1);
  EXPECT_EQ(b.exit_code, 1);
  EXPECT_EQ(Untimed(testing::Problems(a.err)), Untimed(testing::Problems(b.err)));
  EXPECT_NE(a.err.find("course id 'HK-2026-0163' is already used in this batch by "
                       "samples/courses/03-sgb-ptsd.xml"),
            std::string::npos);
  // Not a terminal: no progress line.
  EXPECT_EQ(a.err.find('\r'), std::string::npos);
  auto fa = Files(one), fb = Files(four);
  // report.csv, the ledger, the X12 state, and 5 documents (superbill, CMS-1500, claim, 837P,
  // packet) and the marker per accepted course; the 837P's control numbers follow the
  // courses' places in the batch, not the order workers finish in.
  EXPECT_EQ(fa.size(), 3u + 6u * (15u + 150u));
  ASSERT_EQ(fa.size(), fb.size());
  for (const auto& [name, bytes] : fa) {
    ASSERT_TRUE(fb.count(name)) << name;
    EXPECT_TRUE(bytes == fb[name]) << name << " differs between --jobs 1 and --jobs 4";
  }
  // The report lists every course in input order: the 15 samples, the invalid ones in
  // name order, the duplicate, then the synthetic courses.
  std::string report = fa["report.csv"];
  EXPECT_EQ(report.rfind("course,status,lines,total_charges,paid,balance,diagnostic,file,warnings\n"
                         "HK-2026-0142,ok,",
                         0),
            0u);
  EXPECT_NE(report.find("HK-2026-0163,rejected,,,,,"), std::string::npos);
  EXPECT_NE(report.find("\nBN-0000149,ok,"), std::string::npos);
  EXPECT_EQ(report.substr(report.rfind('\n', report.size() - 2) + 1, 14), "BN-0000149,ok,");

  auto ca = RunSuperbill("code --clinic samples/clinic.xml --date 2026-11-20 --jobs 1" + inputs);
  auto cb = RunSuperbill("code --clinic samples/clinic.xml --date 2026-11-20 --jobs 3" + inputs);
  EXPECT_EQ(ca.exit_code, 1);
  EXPECT_GT(ca.out.size(), 100000u);
  EXPECT_TRUE(ca.out == cb.out);
  EXPECT_EQ(testing::Problems(ca.err), testing::Problems(cb.err));
}

// In a forked child: runs superbill with `args` from the source tree; never returns.
[[noreturn]] void ExecSuperbill(const std::vector<std::string>& args) {
  if (chdir(SUPERBILL_SOURCE_DIR) == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(SUPERBILL_BINARY));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(SUPERBILL_BINARY, argv.data());
  }
  _exit(127);
}

// Runs superbill with `args` in the source tree as a child; stderr to `err_path`.
pid_t Spawn(const std::vector<std::string>& args, const std::string& err_path) {
  pid_t pid = fork();
  if (pid == 0) {
    dup2(open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600), 2);
    dup2(open("/dev/null", O_WRONLY), 1);
    ExecSuperbill(args);
  }
  return pid;
}

int CountFolders(const std::string& dir) {
  int n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_directory() && e.path().filename().string().rfind(".superbill-tmp-", 0) != 0) ++n;
  }
  return n;
}

void InterruptAndCheck(int signal_number, const char* name) {
  const int n = 3000;
  std::string synthetic = SyntheticCourses(n, name);
  ASSERT_FALSE(synthetic.empty());
  std::string out = FreshDir("batch-" + std::string(name));
  std::string err_path = out + ".err";
  pid_t pid = Spawn({"generate", "--clinic", "samples/clinic.xml", "--date", "2026-11-20", "--jobs",
                     "2", "--out", out, synthetic},
                    err_path);
  ASSERT_GT(pid, 0);
  // Wait until some courses are done, then interrupt.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (CountFolders(out) < 30 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill(pid, signal_number);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << name;
  EXPECT_EQ(WEXITSTATUS(status), 130) << name;

  std::string err = Slurp(err_path);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      err, m,
      std::regex("superbill: interrupted: ([0-9]+) of 3000 courses "
                 "done: ([0-9]+) accepted, 0 rejected, ([0-9]+) warnings in [0-9.]+ s\n"
                 "superbill: ledger: ([0-9]+) new, 0 corrected, 0 unchanged\n"
                 "superbill: documents in [^\n]*/report.csv\n$")))
      << err;
  // (Synthetic names with accents: the claim forms transliterate them.)
  EXPECT_EQ(std::stoul(m[3]), testing::WarningLines(err));
  const int done = std::stoi(m[1]);
  EXPECT_EQ(std::stoi(m[2]), done);
  EXPECT_EQ(std::stoi(m[4]), done) << "every course done is in the ledger";
  EXPECT_GE(done, 30);
  EXPECT_LT(done, n) << "the batch finished before the signal; nothing was interrupted";

  // The report lists exactly the first `done` courses, in order; each has whole documents.
  std::string report = Slurp(out + "/report.csv");
  std::istringstream rows(report);
  std::string row;
  std::getline(rows, row);
  EXPECT_EQ(row, "course,status,lines,total_charges,paid,balance,diagnostic,file,warnings");
  int i = 0;
  for (; std::getline(rows, row); ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "BN-%07d", i);
    ASSERT_EQ(row.rfind(std::string(id) + ",ok,", 0), 0u) << row;
    std::string pdf = Slurp(out + "/" + id + "/superbill.pdf");
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u) << id;
    EXPECT_EQ(pdf.substr(pdf.size() - 6), "%%EOF\n") << id;
    std::string xml = Slurp(out + "/" + id + "/claim.xml");
    EXPECT_EQ(xml.substr(xml.size() - 10), "</Bundle>\n") << id;
  }
  EXPECT_EQ(i, done);
  // No other folder, and no temporary file left behind.
  EXPECT_EQ(CountFolders(out), done);
  for (const auto& e : fs::directory_iterator(out)) {
    EXPECT_NE(e.path().filename().string().rfind(".superbill-tmp-", 0), 0u) << e.path();
  }
}

TEST(BatchTest, SigintStopsCleanlyWithExit130) { InterruptAndCheck(SIGINT, "sigint"); }
TEST(BatchTest, SigtermStopsCleanlyWithExit130) { InterruptAndCheck(SIGTERM, "sigterm"); }

// Runs superbill on a pseudo-terminal and returns everything it wrote there.
std::string RunOnTerminal(const std::vector<std::string>& args, double* seconds) {
  int master = -1;
  auto start = std::chrono::steady_clock::now();
  pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  if (pid == 0) ExecSuperbill(args);
  std::string all;
  char buf[4096];
  for (;;) {
    ssize_t k = read(master, buf, sizeof buf);
    if (k <= 0) break;  // EIO once the child has exited
    all.append(buf, static_cast<std::size_t>(k));
  }
  int status = 0;
  waitpid(pid, &status, 0);
  close(master);
  *seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return all;
}

TEST(BatchTest, ProgressLineOnATerminalAtMostTenTimesASecond) {
  std::string synthetic = SyntheticCourses(1500, "tty");
  ASSERT_FALSE(synthetic.empty());
  double seconds = 0;
  std::string screen =
      RunOnTerminal({"generate", "--clinic", "samples/clinic.xml", "--date", "2026-11-20", "--jobs",
                     "1", "--out", FreshDir("batch-tty"), synthetic},
                    &seconds);
  std::regex line("\r\033\\[Ksuperbill: ([0-9]+)/1500 courses, [0-9]+/s(, [0-9]+:[0-9]{2} left)?");
  int draws = 0;
  long last = -1;
  for (auto it = std::sregex_iterator(screen.begin(), screen.end(), line);
       it != std::sregex_iterator(); ++it) {
    ++draws;
    long done = std::stol((*it)[1]);
    EXPECT_GE(done, last);  // counts only go up
    last = done;
  }
  EXPECT_GE(draws, 1) << "no progress line in " << seconds << " s:\n" << screen;
  EXPECT_LE(draws, static_cast<int>(seconds * 10) + 1);
  // The summary always comes, on a line of its own: the progress line is erased first (or
  // was, before the last diagnostics: the synthetic names with accents get warnings).
  const std::size_t summary = screen.find(testing::SummaryPrefix(screen, 1500, 0));
  ASSERT_NE(summary, std::string::npos)
      << screen.substr(screen.size() > 300 ? screen.size() - 300 : 0);
  EXPECT_TRUE(screen[summary - 1] == '\n' || screen.compare(summary - 4, 4, "\r\033[K") == 0);
  EXPECT_EQ(screen.find("\033[", summary), std::string::npos) << "no progress after the summary";
  // No patient detail on the terminal: only the summary and progress lines.
  EXPECT_EQ(screen.find("BN-"), std::string::npos);

  std::string quiet =
      RunOnTerminal({"generate", "--clinic", "samples/clinic.xml", "--date", "2026-11-20",
                     "--quiet", "--out", FreshDir("batch-tty-quiet"), "samples/courses"},
                    &seconds);
  EXPECT_EQ(quiet.find("\033[K"), std::string::npos) << quiet;
  // The samples' warnings, then the summary, the ledger's line and where the documents are,
  // last.
  const std::size_t at = quiet.rfind(testing::SummaryPrefix(quiet, 15, 0));
  ASSERT_NE(at, std::string::npos) << quiet;
  const std::size_t ledger = quiet.find('\n', at) + 1;
  EXPECT_EQ(quiet.compare(ledger, 18, "superbill: ledger:"), 0) << quiet;
  const std::size_t where = quiet.find('\n', ledger) + 1;
  EXPECT_EQ(quiet.compare(where, 24, "superbill: documents in "), 0) << quiet;
  EXPECT_EQ(quiet.find('\n', where), quiet.size() - 1) << quiet;
}

}  // namespace
}  // namespace superbill
