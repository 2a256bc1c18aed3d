// Unit tests of the batch pieces: the compact input list, the progress line, file modes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "batch/id_registry.h"
#include "batch/input_list.h"
#include "batch/output.h"
#include "batch/progress.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> All(const InputList& list) {
  std::vector<std::string> out;
  InputList::Cursor c(list);
  std::string p;
  while (c.Next(&p)) out.push_back(p);
  return out;
}

TEST(InputListTest, FoldersInByteOrderFilesAsGiven) {
  std::string dir = ::testing::TempDir() + "superbill-inputs";
  fs::remove_all(dir);
  fs::create_directories(dir + "/sub.xml");  // a folder named *.xml is not a course
  for (const char* name : {"b10.xml", "b9.xml", "a.xml", "B.xml", "notes.txt", "b1.xml", "b100.xml",
                           "a-b.xml", "a.b.xml", "long-name-of-a-course-file-number-0001.xml",
                           "long-name-of-a-course-file-number-0002.xml"}) {
    std::ofstream(dir + "/" + name) << "x";
  }
  InputList list({"first.xml", dir, "missing.xml", dir + "/"});
  std::vector<std::string> sorted = {dir + "/B.xml",
                                     dir + "/a-b.xml",
                                     dir + "/a.b.xml",
                                     dir + "/a.xml",
                                     dir + "/b1.xml",
                                     dir + "/b10.xml",
                                     dir + "/b100.xml",
                                     dir + "/b9.xml",
                                     dir + "/long-name-of-a-course-file-number-0001.xml",
                                     dir + "/long-name-of-a-course-file-number-0002.xml"};
  std::vector<std::string> expected = {"first.xml"};
  expected.insert(expected.end(), sorted.begin(), sorted.end());
  expected.push_back("missing.xml");
  expected.insert(expected.end(), sorted.begin(), sorted.end());
  EXPECT_EQ(All(list), expected);
  EXPECT_EQ(list.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(list.At(i), expected[i]) << i;
  EXPECT_EQ(list.At(expected.size()), "");
}

TEST(InputListTest, EmptyFolder) {
  std::string dir = ::testing::TempDir() + "superbill-inputs-empty";
  fs::remove_all(dir);
  fs::create_directories(dir);
  InputList list({dir});
  EXPECT_EQ(list.size(), 0u);
  EXPECT_TRUE(All(list).empty());
}

TEST(ProgressTest, Line) {
  EXPECT_EQ(Progress::Line(0, 100, 0.1), "superbill: 0/100 courses, 0/s");
  EXPECT_EQ(Progress::Line(250, 1000, 0.5), "superbill: 250/1000 courses, 500/s, 0:02 left");
  EXPECT_EQ(Progress::Line(1000, 100000, 1.0), "superbill: 1000/100000 courses, 1000/s, 1:39 left");
  EXPECT_EQ(Progress::Line(100, 100, 2.0), "superbill: 100/100 courses, 50/s");
}

TEST(ProgressTest, DisabledPrintsNothing) {
  std::ostringstream out;
  Progress p(out, false, 10);
  p.Update(5);
  p.Clear();
  EXPECT_EQ(out.str(), "");
}

TEST(FileModesTest, FoldersGetSearchWhereFilesGetRead) {
  EXPECT_EQ(ModesFor(0600).file, 0600u);
  EXPECT_EQ(ModesFor(0600).folder, 0700u);
  EXPECT_EQ(ModesFor(0640).folder, 0750u);
  EXPECT_EQ(ModesFor(0644).folder, 0755u);
  EXPECT_EQ(ModesFor(0660).folder, 0770u);
  EXPECT_EQ(ModesFor(0755).file, 0644u);  // never executable
}

}  // namespace
}  // namespace superbill

namespace superbill {
namespace {

TEST(IdRegistryTest, FirstCourseWithAnIdWinsAndEveryMatchIsExact) {
  // 100,000 ids (a 16-bit tag collides often enough to exercise the exact comparison),
  // then some of them again.
  const std::uint32_t n = 100000;
  auto id = [](std::uint32_t i) { return "HK-" + std::to_string(i % n); };
  std::uint32_t lookups = 0;
  IdRegistry ids(n + 1000, [&](std::uint32_t index) {
    ++lookups;
    return id(index);
  });
  for (std::uint32_t i = 0; i < n; ++i) {
    ASSERT_EQ(ids.Insert(id(i), i), std::nullopt) << i;
  }
  // Distinct ids only compare when 16 bits of hash agree: rare, but it happens.
  EXPECT_GT(lookups, 0u);
  EXPECT_LT(lookups, n / 100);
  for (std::uint32_t i = n; i < n + 1000; ++i) {
    auto earlier = ids.Insert(id(i), i);
    ASSERT_TRUE(earlier.has_value()) << i;
    EXPECT_EQ(*earlier, i - n);
  }
}

TEST(IdRegistryTest, SmallBatch) {
  IdRegistry ids(0, [](std::uint32_t) { return std::string("a"); });
  EXPECT_EQ(ids.Insert("a", 0), std::nullopt);
  EXPECT_EQ(ids.Insert("b", 1), std::nullopt);
  EXPECT_EQ(ids.Insert("a", 2), std::optional<std::uint32_t>(0));
}

}  // namespace
}  // namespace superbill
