#include "render/pdf/encrypt.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "batch/runner.h"
#include "common/diagnostic.h"
#include "common/random.h"
#include "model/passwords.h"
#include "render/superbill_pdf.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::CodeSample;
using testing::Dollars;
using testing::RunTool;
using testing::ScratchDir;
using testing::ShippedLayout;
using testing::Slurp;
using testing::SourcePath;

// ---------------------------------------------------------------------------------------
// Helpers.

// What qpdf 11.3 reports for the file EncryptPdf writes, opened with `supplied` (the user
// or the owner password). P = -300 is 0xFFFFFED4: bits 3 (print), 5 (copy), 10
// (accessibility), 11 (assembly) and 12 (high-quality print) set; 4 (modify), 6
// (annotate) and 9 (fill forms) clear.
std::string ExpectedEncryption(const std::string& user_password, bool owner) {
  return "R = 6\n"
         "P = -300\n"
         "User password = " +
         (owner ? std::string() : user_password) + "\n" +
         (owner ? "Supplied password is owner password\n"
                : "Supplied password is user password\n") +
         "extract for accessibility: allowed\n"
         "extract for any purpose: allowed\n"
         "print low resolution: allowed\n"
         "print high resolution: allowed\n"
         "modify document assembly: allowed\n"
         "modify forms: not allowed\n"
         "modify annotations: not allowed\n"
         "modify other: not allowed\n"
         "modify anything: not allowed\n"
         "stream encryption method: AESv3\n"
         "string encryption method: AESv3\n"
         "file encryption method: AESv3\n";
}

// ---------------------------------------------------------------------------------------
// Passwords.

TEST(BirthDatePasswordTest, IsMonthDayYear) {
  EXPECT_EQ(BirthDatePassword(Date{1984, 3, 7}), "03071984");
  EXPECT_EQ(BirthDatePassword(Date{1987, 3, 14}), "03141987");
  EXPECT_EQ(BirthDatePassword(Date{2000, 12, 31}), "12312000");
  EXPECT_EQ(BirthDatePassword(Date{2024, 2, 29}), "02292024");
  EXPECT_EQ(BirthDatePassword(Date{1899, 1, 1}), "01011899");
  // The sample patient's, as the birth-date policy would use it.
  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  EXPECT_EQ(BirthDatePassword(r->course.patient.birth_date), "03141987");
}

TEST(BirthDatePasswordTest, RefusesADateThatIsNotOne) {
  // An unread birth date must not silently become the password "00000000".
  for (const Date& d : {Date{}, Date{2023, 2, 29}, Date{1984, 13, 1}, Date{1984, 4, 31},
                        Date{1984, 0, 10}, Date{12345, 1, 1}}) {
    try {
      BirthDatePassword(d);
      ADD_FAILURE() << d.ToString();
    } catch (const FatalError& e) {
      EXPECT_STREQ(e.what(), "no valid birth date to derive the PDF password from");
    }
  }
}

TEST(RandomPasswordTest, TwelveUnambiguousSymbols) {
  EXPECT_STREQ(kPasswordAlphabet, "23456789ABCDEFGHJKLMNPQRSTUVWXYZ");
  const std::string alphabet = kPasswordAlphabet;
  ASSERT_EQ(alphabet.size(), 32u);
  for (char c : std::string("0O1lIo")) EXPECT_EQ(alphabet.find(c), std::string::npos) << c;

  std::set<std::string> seen;
  std::map<char, int> counts;
  for (int i = 0; i < 1000; ++i) {
    const std::string p = RandomPassword();
    ASSERT_EQ(p.size(), 12u) << p;
    for (char c : p) {
      ASSERT_NE(alphabet.find(c), std::string::npos) << p;
      ++counts[c];
    }
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 1000u);  // a repeat among 1000 has probability ~4e-13
  // 12,000 symbols: every one of the 32 expected 375 times (sd 19); 250..500 is over
  // six sd either way, so a miss means a biased or broken generator.
  ASSERT_EQ(counts.size(), 32u);
  for (const auto& [c, n] : counts) {
    EXPECT_GE(n, 250) << c;
    EXPECT_LE(n, 500) << c;
  }
  EXPECT_EQ(RandomPassword(32).size(), 32u);
  EXPECT_EQ(RandomPassword(0), "");
}

// ---------------------------------------------------------------------------------------
// Encryption, checked with qpdf and poppler.

TEST(EncryptPdfTest, Aes256PrintableOnlyWithThePassword) {
  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  const PdfDocument doc = RenderSuperbillPdf(r->claim, ShippedLayout());
  const std::string user = BirthDatePassword(r->course.patient.birth_date);  // "03141987"
  const std::string owner = RandomPassword(32);
  const std::string encrypted = EncryptPdf(doc.bytes, user, owner);

  ASSERT_EQ(encrypted.compare(0, 8, "%PDF-1.7"), 0) << encrypted.substr(0, 16);
  // The title (with the course id) is readable in libharu's file, as a literal string or,
  // when libharu encodes it, as UTF-16BE hex; encrypted, it is in neither form.
  const std::string title = "Superbill " + r->course.id;
  std::string title_hex = "FEFF";
  for (char c : title) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "00%02X", static_cast<unsigned char>(c));
    title_hex += hex;
  }
  ASSERT_TRUE(doc.bytes.find("/Title (" + title + ")") != std::string::npos ||
              doc.bytes.find("/Title <" + title_hex + ">") != std::string::npos);
  EXPECT_EQ(encrypted.find(title_hex), std::string::npos);
  EXPECT_EQ(encrypted.find(r->course.id), std::string::npos);
  // Revision 6 stores salted hashes, never the passwords.
  EXPECT_EQ(encrypted.find(user), std::string::npos);
  EXPECT_EQ(encrypted.find(owner), std::string::npos);

  ScratchDir tmp;
  const std::string plain = tmp.Write("plain.pdf", doc.bytes);
  const std::string pdf = tmp.Write("superbill.pdf", encrypted);
  std::string out;
  ASSERT_EQ(RunTool("qpdf --show-encryption --password=" + user + " '" + pdf + "'", &out), 0);
  EXPECT_EQ(out, ExpectedEncryption(user, false));
  ASSERT_EQ(RunTool("qpdf --show-encryption --password=" + owner + " '" + pdf + "'", &out), 0);
  EXPECT_EQ(out, ExpectedEncryption(user, true));

  ASSERT_EQ(RunTool("qpdf --check --password=" + user + " '" + pdf + "'", &out), 0) << out;
  EXPECT_NE(out.find("PDF Version: 1.7 extension level 8\n"), std::string::npos) << out;
  EXPECT_NE(out.find("No syntax or stream encoding errors found"), std::string::npos) << out;

  // Without the password (or with a wrong one) poppler cannot read it.
  EXPECT_EQ(RunTool("pdftotext '" + pdf + "' -", &out), 1);
  EXPECT_EQ(out, "Command Line Error: Incorrect password\n");
  EXPECT_EQ(RunTool("pdftotext -upw 03141988 '" + pdf + "' -", &out), 1);
  EXPECT_EQ(out, "Command Line Error: Incorrect password\n");

  // With either password it reads the same text as the unencrypted file.
  std::string expected_text;
  ASSERT_EQ(RunTool("pdftotext -layout -enc UTF-8 '" + plain + "' -", &expected_text), 0);
  std::string text;
  ASSERT_EQ(RunTool("pdftotext -layout -enc UTF-8 -upw " + user + " '" + pdf + "' -", &text), 0)
      << text;
  EXPECT_EQ(text, expected_text);
  EXPECT_NE(text.find("Rivera"), std::string::npos);
  EXPECT_NE(text.find("Ana"), std::string::npos);
  EXPECT_NE(text.find(Dollars(r->claim.total_charges.cents)), std::string::npos)
      << Dollars(r->claim.total_charges.cents);
  ASSERT_EQ(RunTool("pdftotext -layout -enc UTF-8 -opw " + owner + " '" + pdf + "' -", &text), 0)
      << text;
  EXPECT_EQ(text, expected_text);

  ASSERT_EQ(RunTool("pdfinfo -upw " + user + " '" + pdf + "'", &out), 0) << out;
  EXPECT_NE(out.find("Encrypted:       yes (print:yes copy:yes change:no addNotes:no "
                     "algorithm:AES-256)\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Title:           Superbill " + r->course.id + "\n"), std::string::npos);
  EXPECT_NE(out.find("Pages:           " + std::to_string(doc.pages) + "\n"), std::string::npos);

  // Decrypted by qpdf, every page's content is what libharu drew.
  ASSERT_EQ(RunTool("qpdf --password=" + user + " --decrypt '" + pdf + "' '" +
                        tmp.Path("decrypted.pdf") + "'",
                    &out),
            0)
      << out;
  ASSERT_EQ(RunTool("pdftotext -layout -enc UTF-8 '" + tmp.Path("decrypted.pdf") + "' -", &text),
            0);
  EXPECT_EQ(text, expected_text);

  // New keys, salts and IVs every time.
  EXPECT_NE(EncryptPdf(doc.bytes, user, owner), encrypted);
}

TEST(EncryptPdfTest, EmbeddedUnicodeFontsSurvive) {
  auto r = CodeSample("06-kap-therapy");
  ASSERT_TRUE(r->ok());
  const PdfDocument doc = RenderSuperbillPdf(r->claim, ShippedLayout());
  ASSERT_TRUE(doc.unicode_font);
  const std::string user = RandomPassword();
  const std::string encrypted = EncryptPdf(doc.bytes, user, RandomPassword(32));
  ScratchDir tmp;
  const std::string pdf = tmp.Write("s.pdf", encrypted);
  std::string out;
  ASSERT_EQ(RunTool("qpdf --show-encryption --password=" + user + " '" + pdf + "'", &out), 0);
  EXPECT_EQ(out, ExpectedEncryption(user, false));
  ASSERT_EQ(RunTool("qpdf --check --password=" + user + " '" + pdf + "'", &out), 0) << out;
  ASSERT_EQ(RunTool("pdftotext -enc UTF-8 -upw " + user + " '" + pdf + "' -", &out), 0) << out;
  EXPECT_NE(out.find("Волкова"), std::string::npos) << out;
  EXPECT_NE(out.find("Анна"), std::string::npos) << out;
  EXPECT_NE(out.find(Dollars(r->claim.total_charges.cents)), std::string::npos);
  EXPECT_EQ(out.find("Warning"), std::string::npos) << out;
  ASSERT_EQ(RunTool("pdffonts -upw " + user + " '" + pdf + "'", &out), 0) << out;
  EXPECT_NE(out.find("CID TrueType"), std::string::npos) << out;
  EXPECT_NE(RunTool("pdftotext '" + pdf + "' -", &out), 0);
}

TEST(EncryptPdfTest, EncryptsConcurrently) {
  // The batch renders (and will encrypt) courses in parallel.
  auto r = CodeSample("09-spouse-12-diagnoses");
  ASSERT_TRUE(r->ok());
  const std::string plain = RenderSuperbillPdf(r->claim, ShippedLayout()).bytes;
  std::vector<std::string> users(4), got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < users.size(); ++i) {
    users[i] = RandomPassword();
    threads.emplace_back([&, i] {
      for (int n = 0; n < 3; ++n) got[i] = EncryptPdf(plain, users[i], RandomPassword(32));
    });
  }
  for (auto& t : threads) t.join();
  ScratchDir tmp;
  for (std::size_t i = 0; i < users.size(); ++i) {
    const std::string pdf = tmp.Write("s" + std::to_string(i) + ".pdf", got[i]);
    std::string out;
    EXPECT_EQ(RunTool("qpdf --check --password=" + users[i] + " '" + pdf + "'", &out), 0) << out;
    ASSERT_EQ(RunTool("pdftotext -enc UTF-8 -upw " + users[i] + " '" + pdf + "' -", &out), 0);
    EXPECT_NE(out.find("Nguyễn"), std::string::npos) << i;
  }
}

// ---------------------------------------------------------------------------------------
// Failures: FatalError, never a password or the document in the message, nothing printed.

std::string FailureOf(std::string_view bytes, const std::string& user, const std::string& owner) {
  ::testing::internal::CaptureStderr();
  ::testing::internal::CaptureStdout();
  std::string message = "(no error)";
  try {
    EncryptPdf(bytes, user, owner);
  } catch (const FatalError& e) {
    message = e.what();
  }
  const std::string out = ::testing::internal::GetCapturedStdout();
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(out, "");
  EXPECT_EQ(err, "");
  if (!user.empty()) {
    EXPECT_EQ(message.find(user), std::string::npos) << message;
  }
  if (!owner.empty()) {
    EXPECT_EQ(message.find(owner), std::string::npos) << message;
  }
  return message;
}

TEST(EncryptPdfTest, GarbageIsAFatalErrorWithoutThePassword) {
  const std::string user = "Q7XK4MRT9PZW", owner = "H3NV8DCY2JFBLMQRS5TU6WXZ";
  EXPECT_EQ(FailureOf("this is not a PDF but the password is Q7XK4MRT9PZW", user, owner),
            "cannot encrypt the superbill PDF: the PDF is damaged");
  EXPECT_EQ(FailureOf("", user, owner), "cannot encrypt the superbill PDF: the PDF is damaged");

  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  const std::string plain = RenderSuperbillPdf(r->claim, ShippedLayout()).bytes;
  // Cut short: qpdf could reconstruct it, but a broken superbill is not encrypted as is.
  EXPECT_EQ(FailureOf(std::string_view(plain).substr(0, plain.size() - 40), user, owner),
            "cannot encrypt the superbill PDF: the PDF is damaged");
  EXPECT_EQ(FailureOf(std::string_view(plain).substr(0, plain.size() / 2), user, owner),
            "cannot encrypt the superbill PDF: the PDF is damaged");
  // Encrypted twice: with a user password, and with an empty one.
  EXPECT_EQ(FailureOf(EncryptPdf(plain, "other", "other-owner"), user, owner),
            "cannot encrypt the superbill PDF: the PDF is already encrypted");
  ScratchDir tmp;
  std::string out;
  ASSERT_EQ(RunTool("qpdf --encrypt '' owner 256 -- '" + tmp.Write("p.pdf", plain) + "' '" +
                        tmp.Path("e.pdf") + "'",
                    &out),
            0)
      << out;
  EXPECT_EQ(FailureOf(Slurp(tmp.Path("e.pdf")), user, owner),
            "cannot encrypt the superbill PDF: the PDF is already encrypted");
}

TEST(EncryptPdfTest, RefusesPasswordsThatProtectNothing) {
  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  const std::string plain = RenderSuperbillPdf(r->claim, ShippedLayout()).bytes;
  EXPECT_EQ(FailureOf(plain, "", "H3NV8DCY2JFB"),
            "cannot encrypt the superbill PDF: the user password is empty");
  EXPECT_EQ(FailureOf(plain, "03141987", ""),
            "cannot encrypt the superbill PDF: the owner password is empty");
  EXPECT_EQ(FailureOf(plain, "03141987", "03141987"),
            "cannot encrypt the superbill PDF: the owner password equals the user password");
  std::string with_nul = "03141987";
  with_nul[4] = '\0';
  EXPECT_EQ(FailureOf(plain, with_nul, "H3NV8DCY2JFB"),
            "cannot encrypt the superbill PDF: the user password contains a NUL byte");
  EXPECT_EQ(FailureOf(plain, "03141987", std::string(128, 'K')),
            "cannot encrypt the superbill PDF: the owner password is over 127 bytes");
  // 127 bytes is the most revision 6 uses, and works.
  const std::string longest(127, 'K');
  ScratchDir tmp;
  const std::string pdf = tmp.Write("s.pdf", EncryptPdf(plain, "03141987", longest));
  std::string out;
  ASSERT_EQ(RunTool("qpdf --show-encryption --password=" + longest + " '" + pdf + "'", &out), 0);
  EXPECT_EQ(out, ExpectedEncryption("03141987", true));
}

}  // namespace
}  // namespace superbill
