// X12 interchange control numbers: the state file in the output folder, the first number of
// a run, reservations ahead of use, what a crash leaves, and malformed or exhausted states.
#include "batch/control_numbers.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/diagnostic.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;
using testing::Slurp;

std::string State(std::int64_t last) {
  char number[16];
  std::snprintf(number, sizeof number, "%09lld", static_cast<long long>(last));
  return "# superbill: the last X12 837P interchange control number (ISA13) used in this "
         "folder.\n"
         "# The next generate run starts after it. Keep this file and never lower the number:\n"
         "# clearinghouses reject an interchange control number they have seen before.\n"
         "last=" +
         std::string(number) + "\n";
}

TEST(ControlNumbersTest, RunsFollowEachOther) {
  ScratchDir dir;
  const std::string path = dir.Path(kX12StateFile);
  {
    ControlNumbers n(dir.Path(""), 1, 0600);
    EXPECT_EQ(n.first(), 1);
    EXPECT_FALSE(fs::exists(path));  // nothing used, nothing written
    n.Reserve(1);
    // Reserved ahead, in one write: a crash from here on can never reuse 1 to 1000.
    EXPECT_EQ(Slurp(path), State(1000));
    n.Reserve(15);
    EXPECT_EQ(Slurp(path), State(1000));
    n.Finish();
    EXPECT_EQ(Slurp(path), State(15));
    EXPECT_EQ(testing::FileMode(path), 0600u);
  }
  {
    ControlNumbers n(dir.Path(""), 1, 0600);
    EXPECT_EQ(n.first(), 16);
    n.Finish();  // nothing used: the file stays as it was
    EXPECT_EQ(Slurp(path), State(15));
  }
  {
    // A clinic that raises firstControlNumber (its clearinghouse asked) is followed.
    ControlNumbers n(dir.Path(""), 5000, 0640);
    EXPECT_EQ(n.first(), 5000);
    n.Reserve(5000);
    n.Reserve(7500);  // past the chunk: reserved up to itself at least
    EXPECT_EQ(Slurp(path), State(7500));
    n.Reserve(7501);
    EXPECT_EQ(Slurp(path), State(8500));
    n.Finish();
    EXPECT_EQ(Slurp(path), State(7501));
    EXPECT_EQ(testing::FileMode(path), 0640u);
  }
  // A lower firstControlNumber never goes back.
  EXPECT_EQ(ControlNumbers(dir.Path(""), 1, 0600).first(), 7502);
}

// Killed after reserving: the next run starts after the whole reservation.
TEST(ControlNumbersTest, ACrashLeavesTheReservation) {
  ScratchDir dir;
  {
    ControlNumbers n(dir.Path(""), 40, 0600);
    n.Reserve(41);
    // (no Finish: the process died here)
  }
  EXPECT_EQ(ControlNumbers(dir.Path(""), 1, 0600).first(), 1040);
  // No temporary file is left beside the state.
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.Path(""))) {
    names.push_back(e.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{kX12StateFile});
}

TEST(ControlNumbersTest, ThreadsReserveSafely) {
  ScratchDir dir;
  ControlNumbers n(dir.Path(""), 1, 0600);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 800; ++i) n.Reserve(1 + t + 4 * i);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(Slurp(dir.Path(kX12StateFile)), State(4000));  // four chunks of 1000
  n.Finish();
  EXPECT_EQ(Slurp(dir.Path(kX12StateFile)), State(3200));
}

TEST(ControlNumbersTest, MalformedOrExhaustedStates) {
  struct Row {
    std::string text;
    std::string error;  // after the path
  };
  const std::string hint =
      " (this file keeps the last X12 control number used; fix it, or remove it only after "
      "raising the clinic's firstControlNumber past every number sent)";
  const std::vector<Row> rows = {
      {"", ": error: the file names no last=N" + hint},
      {"# only a comment\n", ": error: the file names no last=N" + hint},
      {"last=12\nlast=13\n", ":2:1: error: expected one line last=N" + hint},
      {"# x\nnext=12\n", ":2:1: error: expected one line last=N" + hint},
      {"last=\n", ":1:1: error: last=N needs a number of 1 to 9 digits" + hint},
      {"last=-4\n", ":1:1: error: last=N needs a number of 1 to 9 digits" + hint},
      {"last=1234567890\n", ":1:1: error: last=N needs a number of 1 to 9 digits" + hint},
      {"last=999999999\n",
       ": error: every X12 interchange control number up to 999999999 is used in this folder"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.text);
    ScratchDir dir;
    const std::string path = dir.Write(kX12StateFile, r.text);
    try {
      ControlNumbers n(dir.Path(""), 1, 0600);
      ADD_FAILURE() << "accepted";
    } catch (const FatalError& e) {
      EXPECT_EQ(e.diagnostics().front().ToString(), path + r.error);
    }
  }
  // Reserving past 999999999 stops the run; what was reserved stands.
  ScratchDir dir;
  dir.Write(kX12StateFile, "last=999999990\n");
  ControlNumbers n(dir.Path(""), 1, 0600);
  n.Reserve(999999995);
  EXPECT_EQ(Slurp(dir.Path(kX12StateFile)), State(999999999));
  EXPECT_THROW(n.Reserve(1000000000), FatalError);
}

}  // namespace
}  // namespace superbill
