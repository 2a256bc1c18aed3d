#include "render/packet_pdf.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "batch/runner.h"
#include "render/documents.h"
#include "support/test_support.h"

namespace superbill {
namespace {

using testing::CodeSample;
using testing::ExpectGolden;
using testing::RunTool;
using testing::ScratchDir;
using testing::ShippedLayout;
using testing::SourcePath;

// The number of lines of `dump` that contain `text`.
int Count(const std::string& dump, const std::string& text) {
  int n = 0;
  for (std::size_t at = dump.find(text); at != std::string::npos; at = dump.find(text, at + 1)) {
    ++n;
  }
  return n;
}

// The text pdftotext extracts from `doc` (in reading order, UTF-8), after qpdf --check.
std::string CheckedText(const PdfDocument& doc) {
  ScratchDir tmp;
  const std::string pdf = tmp.Write("packet.pdf", doc.bytes);
  std::string out;
  EXPECT_EQ(RunTool("qpdf --check '" + pdf + "'", &out), 0) << out;
  std::string text;
  EXPECT_EQ(RunTool("pdftotext -enc UTF-8 '" + pdf + "' -", &text), 0) << text;
  return text;
}

// Golden dumps of the packet: English with an estimate (charge:80) and a letter, Medicare
// (the clinic files), Spanish with a medicare:150 estimate.
class PacketSampleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(PacketSampleTest, MatchesItsGoldenAndChecks) {
  const std::string stem = GetParam();
  auto r = CodeSample(stem);
  ASSERT_TRUE(r->ok()) << stem;
  PdfDocument doc = RenderPacketPdf(r->claim, ShippedLayout());
  ExpectGolden(SourcePath("tests/golden/packet/" + stem + ".txt"), doc.dump);
  const std::string text = CheckedText(doc);
  // Every page carries "Packet page N of M" with the packet's own page count.
  for (int n = 1; n <= doc.pages; ++n) {
    const std::string number =
        r->course.patient.language == "es"
            ? "Página " + std::to_string(n) + " de " + std::to_string(doc.pages) + " del paquete"
            : "Packet page " + std::to_string(n) + " of " + std::to_string(doc.pages);
    EXPECT_NE(text.find(number), std::string::npos) << stem << ": " << number;
  }
  // The superbill comes whole after the packet's own pages, with its own page numbers.
  EXPECT_NE(text.find("Itemized statement for insurance reimbursement"), std::string::npos);
  // Same input, same bytes.
  EXPECT_EQ(RenderPacketPdf(r->claim, ShippedLayout(), false).bytes, doc.bytes);
}

INSTANTIATE_TEST_SUITE_P(Samples, PacketSampleTest,
                         ::testing::Values("01-induction-series", "05-esketamine-medicare",
                                           "13-spanish-credit"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

TEST(PacketTest, EnglishPacketLeadsWithTheCoverThenEstimateLetterSuperbill) {
  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  PdfDocument doc = RenderPacketPdf(r->claim, ShippedLayout());
  const std::string text = CheckedText(doc);
  const std::size_t cover = text.find("Your insurance claim packet");
  const std::size_t estimate = text.find("What your plan may pay you back: an estimate");
  const std::size_t letter = text.find("Letter of medical necessity");
  const std::size_t superbill = text.find("Itemized statement for insurance reimbursement");
  ASSERT_NE(cover, std::string::npos);
  ASSERT_NE(estimate, std::string::npos);
  ASSERT_NE(letter, std::string::npos);
  ASSERT_NE(superbill, std::string::npos);
  EXPECT_LT(cover, estimate);
  EXPECT_LT(text.find("What your plan may pay you back", cover + 1), letter);
  EXPECT_LT(letter, superbill);
  EXPECT_NE(text.find("This is an estimate, not a promise."), std::string::npos);
  EXPECT_NE(text.find("Estimated payment to you: $"), std::string::npos);
  // Commercial steps, not the Medicare ones.
  EXPECT_NE(text.find("Find your plan's claim form."), std::string::npos);
  EXPECT_EQ(text.find("You do not need to file anything."), std::string::npos);
  // The letter names the trials and is signed by the rendering physician.
  EXPECT_NE(text.find("venlafaxine XR"), std::string::npos);
  EXPECT_NE(text.find("treatment-resistant depression"), std::string::npos);
  EXPECT_NE(text.find("Sincerely,"), std::string::npos);
}

TEST(PacketTest, WithoutHistoryThereIsNoLetterAndWithoutBenefitsNoEstimate) {
  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  Course course = *r->claim.course;
  course.history.reset();
  course.benefits.reset();
  Claim claim = r->claim;
  claim.course = &course;
  PdfDocument doc = RenderPacketPdf(claim, ShippedLayout());
  EXPECT_EQ(Count(doc.dump, "Letter of medical necessity"), 0);
  EXPECT_EQ(Count(doc.dump, "explaining why you needed"), 0);
  EXPECT_EQ(Count(doc.dump, "an estimate"), 0);
  EXPECT_EQ(Count(doc.dump, "Sincerely"), 0);
  // The cover and the superbill remain.
  EXPECT_EQ(Count(doc.dump, "\"Your insurance claim packet\""), 1);
  EXPECT_GE(Count(doc.dump, "Itemized statement for insurance reimbursement"), 1);

  // A history with only therapies has nothing a letter needs either.
  course.history = History{};
  course.history->therapies.push_back({"CBT", "2022-01", "2022-06", 12});
  EXPECT_FALSE(HasLetterHistory(course));
  EXPECT_EQ(Count(RenderPacketPdf(claim, ShippedLayout()).dump, "Letter of medical necessity"), 0);
}

// A part the history leaves out is said in words, never left blank: a trial without an end,
// one trial only (no claim of treatment resistance), a score taken only during treatment.
TEST(PacketTest, LetterSaysWhatTheHistoryLeavesOut) {
  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  Course course = *r->claim.course;
  course.history = History{};
  course.history->trials.push_back({"sertraline", "100 mg/day", "2023-01", "", "no response"});
  Score s;
  s.instrument = "PHQ-9";
  s.date = *Date::Parse("2026-02-13");
  s.value = "12";
  course.history->scores.push_back(s);
  Claim claim = r->claim;
  claim.course = &course;
  const std::string dump = RenderPacketPdf(claim, ShippedLayout()).dump;
  EXPECT_EQ(Count(dump, "\"from 2023-01\""), 1);
  EXPECT_EQ(Count(dump, "\"not measured\""), 1);
  EXPECT_EQ(Count(dump, "12 (02/13/2026)"), 1);
  EXPECT_EQ(Count(dump, "treatment-resistant"), 0);  // one trial: the other wording
  EXPECT_GE(Count(dump, "was medically necessary for this patient"), 1);
  EXPECT_EQ(Count(dump, "Psychotherapy tried"), 0);  // no therapies: no such part
}

TEST(PacketTest, MedicareCourseGetsTheMedicareStepsAndTheRule) {
  auto r = CodeSample("05-esketamine-medicare");
  ASSERT_TRUE(r->ok());
  ASSERT_EQ(r->course.coverage.plan, Plan::kMedicare);
  const std::string text = CheckedText(RenderPacketPdf(r->claim, ShippedLayout()));
  EXPECT_NE(text.find("What happens next (Medicare)"), std::string::npos);
  EXPECT_NE(text.find("You do not need to file anything."), std::string::npos);
  EXPECT_NE(text.find("1848(g)(4)"), std::string::npos);
  EXPECT_EQ(text.find("Find your plan's claim form."), std::string::npos);
}

TEST(PacketTest, SpanishCoverAndEstimateEnglishLetterAndSuperbill) {
  auto r = CodeSample("13-spanish-credit");
  ASSERT_TRUE(r->ok());
  const std::string text = CheckedText(RenderPacketPdf(r->claim, ShippedLayout()));
  EXPECT_NE(text.find("Su paquete para reclamar al seguro"), std::string::npos);
  EXPECT_NE(text.find("Esto es una estimación, no una promesa."), std::string::npos);
  EXPECT_NE(text.find("Busque el formulario de reclamación de su plan."), std::string::npos);
  EXPECT_NE(text.find("sin estimar"), std::string::npos);  // lines without a Medicare fee
  // The insurer's documents stay English.
  EXPECT_NE(text.find("Letter of medical necessity"), std::string::npos);
  EXPECT_NE(text.find("To the medical reviewer:"), std::string::npos);
  EXPECT_NE(text.find("Itemized statement for insurance reimbursement"), std::string::npos);
}

TEST(PacketTest, IsInTheRegistryAndEncryptable) {
  const auto selected = SelectDocuments("packet");
  ASSERT_EQ(selected.size(), 1u);
  EXPECT_EQ(selected[0]->file_name, "packet.pdf");
  EXPECT_TRUE(selected[0]->encryptable);
}

}  // namespace
}  // namespace superbill
