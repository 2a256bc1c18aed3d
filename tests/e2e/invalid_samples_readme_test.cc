// samples/invalid/README.md documents every invalid course sample: one table row per file,
// whose line:col is the place of a diagnostic in the sample's .expected file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::Slurp;
using testing::SourcePath;

TEST(InvalidSamplesReadmeTest, EveryRowAgreesWithItsExpectedFile) {
  std::string readme = Slurp(SourcePath("samples/invalid/README.md"));
  ASSERT_FALSE(readme.empty());
  // | `name.xml` | defect | 14:31 | what is there |   (course samples only, not clinic/)
  static const std::regex kRow(R"(\n\| `([a-z0-9-]+\.xml)` \|[^\n]*\| (\d+):(\d+) \|[^\n]*)");
  std::map<std::string, std::string> rows;  // file -> "line:col"
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), kRow);
       it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    EXPECT_TRUE(rows.emplace(m[1].str(), m[2].str() + ":" + m[3].str()).second)
        << m[1] << " has two rows";
  }
  std::set<std::string> files;
  for (const auto& e : fs::directory_iterator(SourcePath("samples/invalid"))) {
    if (e.path().extension() == ".xml") files.insert(e.path().filename().string());
  }
  ASSERT_GE(files.size(), 40u);
  for (const auto& f : files) {
    auto row = rows.find(f);
    if (row == rows.end()) {
      ADD_FAILURE() << f << " has no row in samples/invalid/README.md";
      continue;
    }
    std::string expected =
        Slurp(SourcePath("samples/invalid/" + fs::path(f).stem().string() + ".expected"));
    EXPECT_NE(expected.find("samples/invalid/" + f + ":" + row->second + ": error: "),
              std::string::npos)
        << f << ": the README's " << row->second << " is not a place in its .expected:\n"
        << expected;
  }
  for (const auto& [f, place] : rows) {
    EXPECT_TRUE(files.count(f)) << "README row for a missing sample " << f;
  }
}

}  // namespace
}  // namespace superbill
