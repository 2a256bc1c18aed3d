// End-to-end tests of `generate --encrypt` (both password policies) and `--file-mode`.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>

#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::FileMode;
using testing::FreshDir;
using testing::RunSuperbill;
using testing::RunTool;
using testing::Slurp;

// The PDF opens with `password` only: AES-256, printable, not modifiable.
void ExpectEncrypted(const std::string& pdf, const std::string& password) {
  std::string out;
  EXPECT_NE(RunTool("pdftotext '" + pdf + "' -", &out), 0) << pdf << " opens without a password";
  EXPECT_EQ(RunTool("pdftotext -upw '" + password + "' '" + pdf + "' -", &out), 0) << pdf;
  // The superbill writes the clinic's name as given, the claim form in its upper-case form.
  EXPECT_TRUE(out.find("Harbor Ketamine & Wellness") != std::string::npos ||
              out.find("HARBOR") != std::string::npos)
      << pdf;
  EXPECT_EQ(RunTool("qpdf --show-encryption --password='" + password + "' '" + pdf + "'", &out), 0);
  for (const char* line :
       {"R = 6\n", "Supplied password is user password\n", "print high resolution: allowed\n",
        "modify other: not allowed\n", "stream encryption method: AESv3\n"}) {
    EXPECT_NE(out.find(line), std::string::npos) << pdf << " lacks " << line;
  }
  EXPECT_EQ(RunTool("qpdf --check --password='" + password + "' '" + pdf + "'", &out), 0)
      << pdf << ": " << out;
}

TEST(EncryptTest, RandomPasswordsListedForTheClerkOnly) {
  std::string out = FreshDir("enc-random");
  auto r = RunSuperbill(
      "generate --clinic samples/clinic.xml --date 2026-11-20 --quiet --encrypt "
      "--password-policy random --file-mode 640 --out " +
      out + " samples/courses");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream rows(Slurp(out + "/passwords.csv"));
  std::string row;
  std::getline(rows, row);
  EXPECT_EQ(row, "course,patient,password");
  std::regex shape("(HK-2026-[0-9]{4}),(P-[0-9]{5}),([2-9A-HJ-NP-Z]{12})");
  std::set<std::string> seen;
  int n = 0;
  for (; std::getline(rows, row); ++n) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(row, m, shape)) << row;
    EXPECT_TRUE(seen.insert(m[3]).second) << "password used twice";
    EXPECT_EQ(r.err.find(m[3].str()), std::string::npos);
    ExpectEncrypted(out + "/" + m[1].str() + "/superbill.pdf", m[3]);
    // The packet holds the superbill: the same password protects it.
    ExpectEncrypted(out + "/" + m[1].str() + "/packet.pdf", m[3]);
    ExpectEncrypted(out + "/" + m[1].str() + "/cms1500.pdf", m[3]);  // the same password
  }
  EXPECT_EQ(n, 15);
  // --file-mode applies to documents, folders and the report; never to the passwords.
  EXPECT_EQ(FileMode(out + "/passwords.csv"), 0600u);
  EXPECT_EQ(FileMode(out + "/report.csv"), 0640u);
  EXPECT_EQ(FileMode(out), 0750u);
  EXPECT_EQ(FileMode(out + "/HK-2026-0142"), 0750u);
  EXPECT_EQ(FileMode(out + "/HK-2026-0142/superbill.pdf"), 0640u);
  EXPECT_EQ(FileMode(out + "/HK-2026-0142/claim.xml"), 0640u);
}

TEST(EncryptTest, BirthDatePasswordAndNoPasswordList) {
  std::string out = FreshDir("enc-birthdate");
  auto r = RunSuperbill(
      "generate --clinic samples/clinic.xml --date 2026-11-20 --quiet --encrypt --out " + out +
      " samples/courses/01-induction-series.xml samples/courses/06-kap-therapy.xml");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ExpectEncrypted(out + "/HK-2026-0142/superbill.pdf", "03141987");  // born 1987-03-14
  ExpectEncrypted(out + "/HK-2026-0142/cms1500.pdf", "03141987");
  ExpectEncrypted(out + "/HK-2026-0185/superbill.pdf", "12081991");  // born 1991-12-08
  ExpectEncrypted(out + "/HK-2026-0142/packet.pdf", "03141987");
  std::string text;
  EXPECT_NE(RunTool("pdftotext -upw 19870314 '" + out + "/HK-2026-0142/superbill.pdf' -", &text),
            0);
  EXPECT_FALSE(fs::exists(out + "/passwords.csv"));
  EXPECT_EQ(FileMode(out + "/HK-2026-0142/superbill.pdf"), 0600u);
  EXPECT_EQ(FileMode(out + "/report.csv"), 0600u);
}

TEST(EncryptTest, UsageErrors) {
  struct Case {
    const char* args;
    const char* err;
  } cases[] = {
      {"--file-mode 700",
       "--file-mode must be an octal mode such as 600, 640 or 644: readable "
       "and writable by the owner, never executable"},
      {"--file-mode 0400",
       "--file-mode must be an octal mode such as 600, 640 or 644: readable "
       "and writable by the owner, never executable"},
      {"--file-mode rw",
       "--file-mode must be an octal mode such as 600, 640 or 644: readable "
       "and writable by the owner, never executable"},
      {"--password-policy random", "--password-policy needs --encrypt"},
      {"--encrypt --password-policy dob", "--password-policy must be 'birthdate' or 'random'"},
  };
  for (const auto& c : cases) {
    auto r = RunSuperbill(std::string("generate --clinic samples/clinic.xml --out ") +
                          FreshDir("enc-usage") + " " + c.args + " samples/courses");
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_EQ(r.err, std::string("superbill: error: ") + c.err + "\n") << c.args;
  }
}

}  // namespace
}  // namespace superbill
