#include "render/superbill_pdf.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "batch/runner.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::CodeSample;
using testing::Dollars;
using testing::ExpectGolden;
using testing::RunTool;
using testing::ScratchDir;
using testing::ShippedLayout;
using testing::SourcePath;

// ---------------------------------------------------------------------------------------
// Helpers.

std::vector<std::string> SampleStems() {
  std::vector<std::string> stems;
  for (const auto& e : fs::directory_iterator(SourcePath("samples/courses"))) {
    if (e.path().extension() == ".xml") stems.push_back(e.path().stem().string());
  }
  std::sort(stems.begin(), stems.end());
  return stems;
}

// One text item of a dump.
using TextItem = testing::DumpText;
using testing::ParseDumpTexts;

// Every text lies inside the margins, and no two texts of a page overlap.
void ExpectTidy(const PdfDocument& doc, const Layout& layout) {
  const double eps = 0.01;
  auto items = ParseDumpTexts(doc.dump);
  ASSERT_FALSE(items.empty());
  for (const auto& t : items) {
    EXPECT_GE(t.x, layout.margin_left - eps) << t.text;
    EXPECT_LE(t.x + t.width, layout.page_width - layout.margin_right + eps) << t.text;
    EXPECT_GE(t.y - 0.2 * t.size, layout.margin_bottom - eps) << t.text;
    EXPECT_LE(t.y + 0.8 * t.size, layout.page_height - layout.margin_top + eps) << t.text;
  }
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      const auto &a = items[i], &b = items[j];
      if (a.page != b.page) continue;
      const bool apart = a.x + a.width <= b.x + eps || b.x + b.width <= a.x + eps ||
                         a.y + 0.8 * a.size <= b.y - 0.2 * b.size + eps ||
                         b.y + 0.8 * b.size <= a.y - 0.2 * a.size + eps;
      EXPECT_TRUE(apart) << "page " << a.page << ": \"" << a.text << "\" overlaps \"" << b.text
                         << "\"";
    }
  }
}

// ---------------------------------------------------------------------------------------
// Every sample course.

class SampleTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SampleTest, RendersAndChecks) {
  const std::string stem = GetParam();
  auto r = CodeSample(stem);
  ASSERT_TRUE(r->ok()) << stem;
  const Claim& claim = r->claim;
  const Layout& layout = ShippedLayout();

  PdfDocument doc = RenderSuperbillPdf(claim, layout);
  ExpectGolden(SourcePath("tests/golden/pdf/" + stem + ".txt"), doc.dump);
  ExpectTidy(doc, layout);

  ScratchDir tmp;
  const std::string pdf = tmp.Write("superbill.pdf", doc.bytes);
  std::string out;
  EXPECT_EQ(RunTool("qpdf --check '" + pdf + "'", &out), 0) << out;

  // pdffonts: the two standard fonts, or TrueType subsets that are embedded, subset and
  // mapped to Unicode; nothing else.
  std::string fonts;
  ASSERT_EQ(RunTool("pdffonts '" + pdf + "'", &fonts), 0) << fonts;
  std::istringstream font_lines(fonts);
  std::string font_line;
  int listed = 0;
  while (std::getline(font_lines, font_line)) {
    if (font_line.rfind("name", 0) == 0 || font_line.rfind("----", 0) == 0) continue;
    ++listed;
    const bool standard =
        font_line.rfind("Helvetica ", 0) == 0 || font_line.rfind("Helvetica-Bold ", 0) == 0;
    const bool subset = font_line.find("CID TrueType") != std::string::npos &&
                        font_line.find("Identity-H       yes yes yes") != std::string::npos;
    EXPECT_TRUE(standard || subset) << stem << ": " << font_line;
    if (standard) {
      EXPECT_NE(font_line.find("WinAnsi          no  no  no"), std::string::npos) << font_line;
    }
  }
  EXPECT_GE(listed, 2) << fonts;

  std::string text;
  ASSERT_EQ(RunTool("pdftotext -layout -enc UTF-8 '" + pdf + "' -", &text), 0) << text;
  // No syntax warning or error from poppler (e.g. a bad ToUnicode map).
  EXPECT_EQ(text.find("Syntax"), std::string::npos) << text.substr(0, 300);
  EXPECT_NE(text.find(r->course.patient.family), std::string::npos) << stem;
  EXPECT_NE(text.find(r->course.id), std::string::npos);
  for (const auto& line : claim.lines) {
    EXPECT_NE(text.find(line.code), std::string::npos) << line.code;
  }
  EXPECT_NE(text.find(Dollars(claim.total_charges.cents)), std::string::npos)
      << Dollars(claim.total_charges.cents);
  EXPECT_NE(text.find(layout.TextsFor(r->course.patient.language).Get("cpt_notice").substr(0, 20)),
            std::string::npos);
  if (doc.pages > 1) {
    std::string page_of = layout.TextsFor(r->course.patient.language).Get("page_of");
    page_of = page_of.substr(0, page_of.find("{m}"));
    page_of.replace(page_of.find("{n}"), 3, "1");
    EXPECT_NE(text.find(page_of), std::string::npos) << page_of;
    EXPECT_NE(text.find(page_of + std::to_string(doc.pages)), std::string::npos);
  } else {
    EXPECT_EQ(doc.dump.find("Page 1 of"), std::string::npos);
  }

  std::string info;
  ASSERT_EQ(RunTool("pdfinfo '" + pdf + "'", &info), 0);
  EXPECT_NE(info.find("Superbill " + claim.course->id), std::string::npos) << info;
  EXPECT_NE(info.find("Pages:           " + std::to_string(doc.pages)), std::string::npos);
  EXPECT_NE(info.find("Nov 20 00:00:00 2026"), std::string::npos) << info;
  EXPECT_NE(info.find("612 x 792 pts (letter)"), std::string::npos) << info;

  // Byte for byte the same on a second run.
  EXPECT_EQ(RenderSuperbillPdf(claim, layout).bytes, doc.bytes);
}

std::string TestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name;
  for (char c : info.param) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Samples, SampleTest, ::testing::ValuesIn(SampleStems()), TestName);

// ---------------------------------------------------------------------------------------
// Fonts.

struct FontCase {
  const char* stem;
  bool unicode;
  std::vector<std::string> names;  // must come back from pdftotext intact
};

TEST(SuperbillPdfTest, EmbedsAUnicodeFontOnlyWhenNeeded) {
  const FontCase cases[] = {
      {"01-induction-series", false, {"Rivera"}},
      {"13-spanish-credit", false, {"Hernández Ortega", "María Guadalupe", "Página 1 de"}},
      {"06-kap-therapy", true, {"Волкова", "Анна"}},
      {"09-spouse-12-diagnoses",
       true,
       {"Nguyễn", "Thị Mai", "Đặng", "Văn Đức", "Federal Employee Program"}},
      {"10-child-subscriber", true, {"王", "小明", "建国"}},
  };
  for (const auto& c : cases) {
    auto r = CodeSample(c.stem);
    ASSERT_TRUE(r->ok()) << c.stem;
    PdfDocument doc = RenderSuperbillPdf(r->claim, ShippedLayout());
    EXPECT_EQ(doc.unicode_font, c.unicode) << c.stem;
    ScratchDir tmp;
    const std::string pdf = tmp.Write("s.pdf", doc.bytes);
    std::string fonts, text;
    ASSERT_EQ(RunTool("pdffonts '" + pdf + "'", &fonts), 0);
    ASSERT_EQ(RunTool("pdftotext -enc UTF-8 '" + pdf + "' -", &text), 0);
    if (c.unicode) {
      EXPECT_NE(fonts.find("CID TrueType"), std::string::npos) << c.stem << "\n" << fonts;
      EXPECT_EQ(fonts.find(" no "), std::string::npos) << c.stem << "\n" << fonts;
      EXPECT_EQ(fonts.find("Type 1"), std::string::npos) << c.stem << "\n" << fonts;
    } else {
      EXPECT_NE(fonts.find("Helvetica "), std::string::npos) << c.stem << "\n" << fonts;
      EXPECT_NE(fonts.find("Helvetica-Bold"), std::string::npos) << c.stem << "\n" << fonts;
      EXPECT_EQ(fonts.find(" yes "), std::string::npos) << c.stem << "\n" << fonts;
    }
    // No "Syntax Warning" from poppler (a bad ToUnicode map would give one).
    EXPECT_EQ(text.find("Warning"), std::string::npos) << c.stem;
    for (const auto& name : c.names) {
      EXPECT_NE(text.find(name), std::string::npos) << c.stem << ": " << name << "\n" << text;
    }
    EXPECT_EQ(text.find('?'), std::string::npos) << c.stem << ": a character was lost";
  }
}

TEST(SuperbillPdfTest, ChineseUsesTheFallbackFontOnlyForHan) {
  auto r = CodeSample("10-child-subscriber");
  PdfDocument doc = RenderSuperbillPdf(r->claim, ShippedLayout());
  ScratchDir tmp;
  std::string fonts;
  ASSERT_EQ(RunTool("pdffonts '" + tmp.Write("s.pdf", doc.bytes) + "'", &fonts), 0);
  EXPECT_NE(fonts.find("DejaVuSans,Book"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("DejaVuSans-Bold"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("DroidSansFallback"), std::string::npos) << fonts;

  // Vietnamese needs no CJK font.
  auto v = CodeSample("09-spouse-12-diagnoses");
  doc = RenderSuperbillPdf(v->claim, ShippedLayout());
  ASSERT_EQ(RunTool("pdffonts '" + tmp.Write("v.pdf", doc.bytes) + "'", &fonts), 0);
  EXPECT_EQ(fonts.find("DroidSansFallback"), std::string::npos) << fonts;
}

TEST(SuperbillPdfTest, UnicodeFontsCanBeForced) {
  auto r = CodeSample("01-induction-series");
  Layout layout = ShippedLayout();
  PdfDocument standard = RenderSuperbillPdf(r->claim, layout);
  layout.unicode_always = true;
  PdfDocument embedded = RenderSuperbillPdf(r->claim, layout);
  EXPECT_FALSE(standard.unicode_font);
  EXPECT_TRUE(embedded.unicode_font);
  EXPECT_LT(standard.bytes.size(), 12000u);
  // The fonts are embedded as subsets of what the page draws: a few kilobytes each.
  EXPECT_GT(embedded.bytes.size(), standard.bytes.size());
  EXPECT_LT(embedded.bytes.size(), 30000u);
  EXPECT_EQ(embedded.dump.substr(0, embedded.dump.find('\n')),
            "fonts DejaVuSans,Book DejaVuSans-Bold,Bold");
  ExpectTidy(embedded, layout);
}

// ---------------------------------------------------------------------------------------
// Contents.

// A Spanish-language patient: the insurer's examiner reads English, so every label is English
// with the Spanish beneath it in smaller type; codes, amounts and data are unchanged.
TEST(SuperbillPdfTest, SpanishPatientGetsEnglishLabelsWithSpanishBeneath) {
  auto r = CodeSample("13-spanish-credit");
  ASSERT_TRUE(r->ok());
  ASSERT_LT(r->claim.balance.cents, 0);
  const Layout& layout = ShippedLayout();
  PdfDocument doc = RenderSuperbillPdf(r->claim, layout);
  const auto items = ParseDumpTexts(doc.dump);
  auto find = [&](const std::string& text) {
    for (const auto& t : items) {
      if (t.text == text) return t;
    }
    ADD_FAILURE() << "not drawn: " << text;
    return TextItem{};
  };
  struct Pair {
    const char* english;
    const char* spanish;
  };
  const Pair pairs[] = {
      {"Services", "Servicios"},
      {"Provider attestation", "Declaración del profesional"},
      {"Credit balance (owed to patient)", "Saldo a favor del paciente"},
      {"Date of birth", "Fecha de nacimiento"},
      {"Female", "Femenino"},
      {"Page 1 of 2", "Página 1 de 2"},
      {"Charge", "Cargo"},
  };
  for (const auto& p : pairs) {
    const TextItem en = find(p.english), es = find(p.spanish);
    EXPECT_GT(en.size, es.size) << p.english;
    EXPECT_DOUBLE_EQ(es.size, layout.size_translation) << p.spanish;
    EXPECT_EQ(en.page, es.page) << p.english;
    EXPECT_LT(es.y, en.y) << p.spanish << " is not beneath " << p.english;
    EXPECT_LT(en.y - es.y, 2 * en.size) << p.spanish << " is not right beneath " << p.english;
  }
  const std::string credit = Dollars(-r->claim.balance.cents);
  EXPECT_NE(doc.dump.find("\"" + credit + "\""), std::string::npos) << credit;
  EXPECT_EQ(doc.dump.find("\"-$"), std::string::npos);
  EXPECT_NE(doc.dump.find("CPT® es una marca registrada"), std::string::npos);
  EXPECT_NE(doc.dump.find("CPT® is a registered trademark"), std::string::npos);
  // Codes and data are not translated.
  EXPECT_NE(doc.dump.find("\"90792\""), std::string::npos);
  EXPECT_NE(doc.dump.find("\"09/21/2026\""), std::string::npos);

  // An English-language patient gets no Spanish.
  auto en = CodeSample("01-induction-series");
  EXPECT_EQ(RenderSuperbillPdf(en->claim, layout).dump.find("Servicios"), std::string::npos);
}

TEST(SuperbillPdfTest, EverythingAnExaminerNeeds) {
  auto r = CodeSample("09-spouse-12-diagnoses");
  ASSERT_TRUE(r->ok());
  PdfDocument doc = RenderSuperbillPdf(r->claim, ShippedLayout());
  std::string all;
  for (const auto& t : ParseDumpTexts(doc.dump)) all += t.text + "\n";
  for (const char* expected :
       {"Statement no.: HK-2026-0211", "Statement date: 11/20/2026", "Harbor Ketamine & Wellness",
        "4100 Overland Ave", "Culver City, CA 90230-6512", "Phone: 310-555-0142",
        "Tax ID (EIN): 95-4821736", "Group NPI: 1824591519", "Miriam Lee, MD", "1022552297",
        "CA A123456", "2084P0800X", "Hannah Brandt, PMHNP-BC", "1171521333", "CA NP 95512",
        "Nguyễn, Thị Mai", "P-01003", "03/05/1978", "Female", "714-555-0148",
        "Westminster, CA 92683", "R104567893", "105", "00090", "the policyholder's spouse",
        "Đặng, Văn Đức", "12/19/1975", "F33.2", "F17.210", "L", "99214", "95", "ABCL",
        "Ketamine HCl 100 mg/mL \xC2\xB7 30 mg \xC2\xB7 NDC 67457010810 ML 0.3",
        "Policyholder address", "Place of service (POS): 11 Office",
        // The legend of each page: what its lines use.
        "Place of service (POS): 11 Office \xC2\xB7 10 Telehealth, patient at "
        "home; Modifiers: 95 Telehealth by live audio and video",
        "$3,709.00", "Balance due", "$0.00", "07/27/2026", "Card", "1187", "$185.00",
        "Signed by: Miriam Lee, MD · NPI 1022552297",
        "Signed by: Hannah Brandt, PMHNP-BC · NPI 1171521333", "Page 1 of 2", "Page 2 of 2",
        "Services (continued)"}) {
    EXPECT_NE(all.find(std::string(expected) + "\n"), std::string::npos) << expected;
  }
  // The payer name is long: wrapped, never cut.
  EXPECT_NE(all.find("Blue Cross and Blue Shield\n"), std::string::npos);
  EXPECT_EQ(all.find("…"), std::string::npos);
}

// A corrected or void statement (the ledger's decision) carries its own number and says in
// its header which statement it replaces, with the insurer's claim number and a void's reason.
TEST(SuperbillPdfTest, CorrectedAndVoidStatementsSayWhatTheyReplace) {
  struct Row {
    Resubmission resubmission;
    std::vector<std::string> drawn, absent;
  };
  const std::vector<Row> rows = {
      {{}, {"Statement no.: HK-2026-0211"}, {"Corrected statement", "Void:", "Reason:"}},
      {{Resubmission::Kind::kCorrected, 2, Date{2026, 11, 20}, 1, "EOB-2026-4471", ""},
       {"Statement no.: HK-2026-0211/2",
        "Corrected statement: replaces the statement of 11/20/2026",
        "Insurer's claim number: EOB-2026-4471"},
       {"Void:", "Reason:"}},
      {{Resubmission::Kind::kCorrected, 3, Date{2026, 11, 27}, 2, "", ""},
       {"Statement no.: HK-2026-0211/3",
        "Corrected statement: replaces the statement of 11/27/2026"},
       {"Insurer's claim number", "Void:"}},
      {{Resubmission::Kind::kVoid, 4, Date{2026, 12, 1}, 3, "EOB-2026-4471", "entered twice"},
       {"Statement no.: HK-2026-0211/4", "Void: this statement cancels the statement of 12/01/2026",
        "Insurer's claim number: EOB-2026-4471", "Reason: entered twice"},
       {"Corrected statement"}},
  };
  auto r = CodeSample("09-spouse-12-diagnoses");
  ASSERT_TRUE(r->ok());
  for (const Row& row : rows) {
    Claim claim = r->claim;
    claim.resubmission = row.resubmission;
    const PdfDocument doc = RenderSuperbillPdf(claim, ShippedLayout());
    std::string all;
    for (const auto& t : ParseDumpTexts(doc.dump)) all += t.text + "\n";
    // The header's right column is narrow: a long line wraps (lines joined by a space here).
    std::string joined = all;
    std::replace(joined.begin(), joined.end(), '\n', ' ');
    for (const auto& text : row.drawn) {
      EXPECT_NE(joined.find(text + " "), std::string::npos) << text;
    }
    for (const auto& text : row.absent) EXPECT_EQ(all.find(text), std::string::npos) << text;
    // The running header of page 2 names the statement by its own number.
    EXPECT_NE(all.find("Superbill \xC2\xB7 Statement no. " + claim.StatementNumber() + " \xC2\xB7"),
              std::string::npos)
        << claim.StatementNumber();
  }
}

TEST(SuperbillPdfTest, EveryRenderingProviderSignsForTheirLines) {
  struct Case {
    const char* stem;
    std::vector<std::string> signers;  // in order of their first line
  };
  const Case cases[] = {
      {"01-induction-series", {"Signed by: Miriam Lee, MD \xC2\xB7 NPI 1022552297"}},
      {"06-kap-therapy",
       {"Signed by: Miriam Lee, MD \xC2\xB7 NPI 1022552297",
        "Signed by: Daniel Ortiz, LCSW \xC2\xB7 NPI 1505860332"}},
      {"08-maintenance-year",
       {"Signed by: Miriam Lee, MD \xC2\xB7 NPI 1022552297",
        "Signed by: Hannah Brandt, PMHNP-BC \xC2\xB7 NPI 1171521333"}},
  };
  for (const auto& c : cases) {
    auto r = CodeSample(c.stem);
    PdfDocument doc = RenderSuperbillPdf(r->claim, ShippedLayout());
    std::vector<std::string> signers;
    std::vector<std::string> attestations;
    for (const auto& t : ParseDumpTexts(doc.dump)) {
      if (t.text.rfind("Signed by: ", 0) == 0) signers.push_back(t.text);
      if (t.text.rfind("I attest that", 0) == 0) attestations.push_back(t.text);
    }
    EXPECT_EQ(signers, c.signers) << c.stem;
    EXPECT_EQ(attestations.size(), c.signers.size()) << c.stem;
    if (c.signers.size() > 1) {
      // Each attests for the lines under their own NPI.
      EXPECT_NE(doc.dump.find("under my NPI, 1505860332") == std::string::npos &&
                    doc.dump.find("under my NPI, 1171521333") == std::string::npos,
                true)
          << c.stem;
    }
  }
}

TEST(SuperbillPdfTest, SectionOrderAndColumnsComeFromTheLayout) {
  auto r = CodeSample("03-sgb-ptsd");
  Layout layout = ShippedLayout();
  layout.sections = {{"header"},  {"services"},  {"totals", "payments"}, {"diagnoses"},
                     {"patient"}, {"insurance"}, {"providers"},          {"signature"}};
  layout.services_columns = {{"code", 50, 'l'},      {"date", 60, 'l'},  {"description", 0, 'l'},
                             {"charge", 70, 'r'},    {"units", 30, 'r'}, {"dx", 30, 'l'},
                             {"modifiers", 50, 'l'}, {"pos", 30, 'l'}};
  PdfDocument doc = RenderSuperbillPdf(r->claim, layout);
  auto items = ParseDumpTexts(doc.dump);
  auto find = [&](const std::string& text) {
    for (const auto& t : items) {
      if (t.text == text) return t;
    }
    ADD_FAILURE() << text;
    return TextItem{};
  };
  // Reading order: earlier page, or higher on the same page.
  auto before = [&](const std::string& a, const std::string& b) {
    TextItem x = find(a), y = find(b);
    return x.page < y.page || (x.page == y.page && x.y > y.y);
  };
  EXPECT_TRUE(before("Services", "Account summary"));
  EXPECT_TRUE(before("Account summary", "Diagnoses (ICD-10-CM)"));
  EXPECT_TRUE(before("Diagnoses (ICD-10-CM)", "Patient"));
  EXPECT_TRUE(before("Patient", "Insurance"));
  EXPECT_TRUE(before("Insurance", "Rendering providers"));
  EXPECT_TRUE(before("Rendering providers", "Provider attestation"));
  EXPECT_LT(find("Account summary").x, find("Payments received").x);
  EXPECT_LT(find("Charge").x, find("Units").x);
  EXPECT_LT(find("Date").x, find("Description").x);
  EXPECT_EQ(doc.dump.find("\"Rendering\""), std::string::npos);  // no NPI column
  ExpectTidy(doc, layout);
}

TEST(SuperbillPdfTest, DrawsTheLogo) {
  static const unsigned char kPng[] = {
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
      0x52, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xf0,
      0xca, 0xea, 0x34, 0x00, 0x00, 0x00, 0x0e, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x60,
      0x40, 0x06, 0xff, 0x91, 0x00, 0x00, 0x4d, 0xcc, 0x0b, 0xf5, 0x97, 0x05, 0xc7, 0xea, 0x00,
      0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
  ScratchDir tmp;
  const std::string logo =
      tmp.Write("logo.png", std::string(reinterpret_cast<const char*>(kPng), sizeof kPng));
  auto r = CodeSample("01-induction-series");
  Layout layout = ShippedLayout();
  layout.logo = logo;
  PdfDocument doc = RenderSuperbillPdf(r->claim, layout);
  // 4x2 pixels at 54 points high would be 108 wide: within the 144 allowed.
  EXPECT_NE(doc.dump.find("image 36.00 702.00 108.00 54.00 \"logo.png\""), std::string::npos)
      << doc.dump.substr(0, 400);
  // The clinic's name moves right of the logo.
  for (const auto& t : ParseDumpTexts(doc.dump)) {
    if (t.text == "Harbor Ketamine & Wellness") {
      EXPECT_GT(t.x, 36 + 108);
    }
  }
  ExpectTidy(doc, layout);
  std::string out;
  EXPECT_EQ(RunTool("qpdf --check '" + tmp.Write("l.pdf", doc.bytes) + "'", &out), 0) << out;

  layout.logo = tmp.Path("missing.png");
  EXPECT_THROW(RenderSuperbillPdf(r->claim, layout), FatalError);
}

TEST(SuperbillPdfTest, RendersConcurrently) {
  // The batch renders courses in parallel: documents must not share libharu state.
  std::vector<std::unique_ptr<CourseResult>> courses;
  std::vector<std::string> expected;
  for (const char* stem : {"01-induction-series", "09-spouse-12-diagnoses", "10-child-subscriber",
                           "13-spanish-credit"}) {
    courses.push_back(CodeSample(stem));
    expected.push_back(RenderSuperbillPdf(courses.back()->claim, ShippedLayout()).bytes);
  }
  std::vector<std::string> got(courses.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < courses.size(); ++i) {
    threads.emplace_back(
        [&, i] { got[i] = RenderSuperbillPdf(courses[i]->claim, ShippedLayout()).bytes; });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < courses.size(); ++i) EXPECT_EQ(got[i], expected[i]) << i;
}

// ---------------------------------------------------------------------------------------
// A claim built to stress the layout: 40 lines, 12 diagnoses, very long texts.

struct StressClaim {
  Clinic clinic;
  Course course;
  Claim claim;
};

std::unique_ptr<StressClaim> MakeStressClaim(bool unicode) {
  auto s = std::make_unique<StressClaim>();
  const std::string long_words =
      "with an exceptionally long explanatory description that keeps going well past what "
      "any single line of the table could hold, mentioning several details twice over";
  Clinic& clinic = s->clinic;
  clinic.name = std::string(unicode ? "Phòng khám 王 – " : "Clínica Ñandú – ") +
                "The Extraordinarily Long-Named Integrative Ketamine, Stellate Ganglion and "
                "Esketamine Wellness Center of the Greater Metropolitan Area";
  clinic.npi = "1824591519";
  clinic.tax_id = "954821736";
  clinic.taxonomy = "261QM0801X";
  clinic.address = {
      "4100 Overland Avenue, Building C, Third Floor, Suite 2100-2199 (enter "
      "from the parking structure on the north side)",
      "Attention: Billing Department and Patient Accounts Office",
      "Culver City",
      "CA",
      "902306512",
      {}};
  clinic.phone = "310-555-0142";
  for (int i = 0; i < 3; ++i) {
    Provider p;
    p.id = "p" + std::to_string(i);
    p.given = i == 0 ? "Maximiliana-Alexandrina Theodora" : "Chinedu";
    p.family = i == 0 ? "Vanderhoeven-Szczepanska-Oyelaran" : "Okafor" + std::to_string(i);
    p.credentials = i == 0 ? "MD, PhD, FAPA, DABPM, DABAM" : "MD";
    p.npi = "10225522" + std::to_string(90 + i);
    p.license = "CA A123456789012345678901234567890";
    p.taxonomy = "2084P0800X";
    clinic.providers.push_back(p);
  }
  Course& course = s->course;
  course.id = "HK-2026-9999";
  Patient& pt = course.patient;
  pt.id = "P-0000000000000000000000000000000000000001";
  pt.given = unicode ? "Thị Mai Xuân-Hương" : "Anna-Maria Josefina Guadalupe";
  pt.middle = unicode ? "王小明" : "Esperanza";
  pt.family = unicode ? "Nguyễn-Đặng Wolfeschlegelsteinhausenbergerdorff"
                      : "Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh";
  pt.birth_date = {1978, 3, 5};
  pt.sex = "F";
  pt.phone = "714-555-0148 extension 12345 (evenings only, please leave a message)";
  pt.address = {"15571 Brookhurst Street, Building 4 North, Saigon Plaza Residences, Tower B",
                "Apartment 2217, North Wing, care of the building management office",
                "Westminster",
                "CA",
                "926837719",
                {}};
  Coverage& cov = course.coverage;
  cov.payer =
      "Blue Cross and Blue Shield Federal Employee Program Service Benefit Plan – "
      "Standard Option (administered by the local plan of the subscriber's residence)";
  cov.payer_id = "00090";
  cov.member_id = "R10456789312345678901234567890";
  cov.group = "105-GROUP-NUMBER-THAT-IS-VERY-LONG-1234567890";
  cov.relationship = Relationship::kSpouse;
  Person sub;
  sub.given = unicode ? "Văn Đức Bartholomew" : "Vincent Duc Bartholomew";
  sub.family = unicode ? "Đặng" : "Featherstonehaugh";
  sub.birth_date = {1975, 12, 19};
  cov.subscriber = sub;
  for (int i = 0; i < 30; ++i) {
    Payment p;
    p.date = {2026, 1 + i % 12, 1 + i % 28};
    p.amount = Money{123456 + i};
    p.method = i % 2 ? "card" : "ach";
    p.reference = "REFERENCE-NUMBER-" + std::to_string(1000000000 + i) + "-ABCDEFGHIJKLMNOP";
    course.payments.push_back(p);
  }

  Claim& claim = s->claim;
  claim.clinic = &clinic;
  claim.course = &course;
  claim.statement_date = {2026, 11, 20};
  for (int i = 0; i < 12; ++i) {
    claim.diagnoses.push_back({"F33." + std::to_string(i) + "9",
                               "Diagnosis number " + std::to_string(i) + " " + long_words});
  }
  claim.diagnoses[3].title = "Supercalifragilisticexpialidociousdiagnosiswithoutanyspaces";
  for (int i = 0; i < 40; ++i) {
    ClaimLine l;
    l.date = {2026, 1 + i / 4, 1 + i % 4};
    l.pos = i % 5 ? "11" : "10";
    l.code = i % 3 ? "96365" : "J3490";
    l.system = i % 3 ? "CPT" : "HCPCS";
    l.description = i % 4 ? "IV infusion, " + long_words : "Short";
    if (i % 7 == 0) l.modifiers = {"95", "25", "59", "XU"};
    l.units = i % 6 ? 1 : 12345;
    l.dx = {0, 1, 2, 11};
    l.charge = Money{999999999 - i};
    l.provider = &clinic.providers[static_cast<std::size_t>(i % 3)];
    if (i % 3 == 0) {
      l.ndc11 = "67457010810";
      l.ndc_unit = "ML";
      l.ndc_qty = "0.385";
      l.drug_name = unicode ? "Kétamine chlorhydrate 100 mg/mL — 王 (flacon multidose de 10 mL)"
                            : "Ketamine HCl 50 mg/mL (10 mL multi-dose vial) " + long_words;
    }
    claim.lines.push_back(l);
    claim.total_charges += l.charge;
  }
  claim.paid = Money{123456789};
  claim.balance = claim.total_charges - claim.paid;
  return s;
}

class StressTest : public ::testing::TestWithParam<bool> {};

TEST_P(StressTest, EverythingStaysOnThePageWithoutOverlap) {
  auto s = MakeStressClaim(GetParam());
  const Layout& layout = ShippedLayout();
  PdfDocument doc = RenderSuperbillPdf(s->claim, layout);
  EXPECT_EQ(doc.unicode_font, GetParam());
  ASSERT_GE(doc.pages, 3);
  ExpectTidy(doc, layout);

  if (const char* keep = std::getenv("SUPERBILL_KEEP_PDF")) {
    std::ofstream(std::string(keep) + "/stress-" + (GetParam() ? "unicode" : "latin") + ".pdf",
                  std::ios::binary)
        << doc.bytes;
  }

  auto items = ParseDumpTexts(doc.dump);
  // Every page says which page it is; every page after the first page of services repeats
  // the table's heading and header row.
  int first_services_page = 0;
  for (const auto& t : items) {
    if (t.text == "Services" && first_services_page == 0) first_services_page = t.page;
  }
  ASSERT_GT(first_services_page, 0);
  for (int p = 1; p <= doc.pages; ++p) {
    const std::string number = "Page " + std::to_string(p) + " of " + std::to_string(doc.pages);
    bool numbered = false, has_line = false, continued = false, header = false;
    for (const auto& t : items) {
      if (t.page != p) continue;
      numbered |= t.text == number;
      has_line |= t.text == "96365";
      continued |= t.text == "Services (continued)";
      header |= t.text == "Charge";
    }
    EXPECT_TRUE(numbered) << number;
    if (p > first_services_page && has_line) {
      EXPECT_TRUE(continued) << "page " << p;
      EXPECT_TRUE(header) << "page " << p;
    }
  }
  // All 40 lines and all 12 diagnoses are there; totals, payments and the signatures close
  // the statement.
  int codes = 0, pointers = 0;
  bool total = false, signed_by = false;
  for (const auto& t : items) {
    codes += t.text == "96365" || t.text == "J3490";
    pointers += t.text.size() == 1 && t.text[0] >= 'A' && t.text[0] <= 'L' && t.x < 320;
    // 30 payments and three attestations do not fit on one page: the totals end the page
    // before the signatures.
    if (t.text == "Total charges") total = t.page >= doc.pages - 1;
    if (t.text.rfind("Signed by: ", 0) == 0) signed_by = t.page == doc.pages;
  }
  EXPECT_EQ(codes, 40);
  EXPECT_GE(pointers, 6);
  EXPECT_TRUE(total);
  EXPECT_TRUE(signed_by);
  // Long texts are cut with an ellipsis only past the line limit; an unbroken word breaks.
  EXPECT_NE(doc.dump.find("Supercalifragilistic"), std::string::npos);

  ScratchDir tmp;
  const std::string pdf = tmp.Write("s.pdf", doc.bytes);
  std::string out;
  EXPECT_EQ(RunTool("qpdf --check '" + pdf + "'", &out), 0) << out;
  EXPECT_EQ(RenderSuperbillPdf(s->claim, layout).bytes, doc.bytes);
  // The information dictionary carries the clinic's name in any script.
  ASSERT_EQ(RunTool("pdfinfo -enc UTF-8 '" + pdf + "'", &out), 0);
  EXPECT_NE(out.find("Author:          " + s->clinic.name.substr(0, 20)), std::string::npos) << out;
}

INSTANTIATE_TEST_SUITE_P(Scripts, StressTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) {
                           return info.param ? std::string("Unicode") : std::string("Latin");
                         });

}  // namespace
}  // namespace superbill
