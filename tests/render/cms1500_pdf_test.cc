#include "render/cms1500_pdf.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <sstream>

#include "model/card_name.h"
#include "render/cms1500_form.h"
#include "support/test_support.h"

namespace superbill {
namespace {

using testing::CodeSample;
using testing::ExpectGolden;
using testing::RunTool;
using testing::ScratchDir;
using testing::ShippedLayout;
using testing::Slurp;
using testing::SourcePath;

// ---------------------------------------------------------------------------------------
// Grouping lines into forms, and box 29.

std::vector<std::vector<int>> Pointers(std::initializer_list<std::vector<int>> lines) {
  return std::vector<std::vector<int>>(lines);
}

TEST(Cms1500GroupTest, SixLinesAFormWithEveryDiagnosis) {
  struct Case {
    std::size_t lines;
    std::vector<std::size_t> sizes;
  };
  for (const Case& c : std::vector<Case>{
           {1, {1}}, {6, {6}}, {7, {6, 1}}, {12, {6, 6}}, {13, {6, 6, 1}}, {0, {0}}}) {
    std::vector<std::vector<int>> p(c.lines, std::vector<int>{0, 1});
    const auto forms = GroupCms1500Lines(p, 3);
    ASSERT_EQ(forms.size(), c.sizes.size()) << c.lines;
    std::size_t next = 0;
    for (std::size_t f = 0; f < forms.size(); ++f) {
      EXPECT_EQ(forms[f].lines.size(), c.sizes[f]) << c.lines;
      for (std::size_t i : forms[f].lines) EXPECT_EQ(i, next++);
      EXPECT_EQ(forms[f].diagnoses, (std::vector<int>{0, 1, 2})) << c.lines;
    }
  }
}

TEST(Cms1500GroupTest, TwelveDiagnosesStayOnEveryForm) {
  // 12 diagnoses: the usual case, pointers unchanged on every form.
  auto p = Pointers({{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}});
  const auto forms = GroupCms1500Lines(p, 12);
  ASSERT_EQ(forms.size(), 1u);
  EXPECT_EQ(forms[0].diagnoses.size(), 12u);
}

TEST(Cms1500GroupTest, ThirteenDiagnosesSplitSoPointersReferToTheFormsOwn) {
  struct Case {
    const char* name;
    std::vector<std::vector<int>> pointers;
    std::size_t diagnoses;
    std::vector<Cms1500Group> want;
  };
  const std::vector<Case> cases = {
      {"13th diagnosis on the 4th line starts a form",
       {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}, {12}},
       13,
       {{{0, 1, 2}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}, {{3}, {12}}}},
      {"lines sharing diagnoses stay together",
       {{0, 12}, {0}, {12, 1}},
       13,
       {{{0, 1, 2}, {0, 1, 12}}}},
      {"the 12 limit and the 6 limit both start forms",
       {{0}, {1}, {2}, {3}, {4}, {5}, {6}, {7, 8, 9, 10}, {11, 12, 0}},
       13,
       {{{0, 1, 2, 3, 4, 5}, {0, 1, 2, 3, 4, 5}}, {{6, 7, 8}, {0, 6, 7, 8, 9, 10, 11, 12}}}},
      {"exactly 12 on a form fits",
       {{0, 1, 2, 3}, {4, 5, 6, 7}, {8, 9, 10, 11}, {11, 0}, {12, 13}},
       14,
       {{{0, 1, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}}, {{4}, {12, 13}}}},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(GroupCms1500Lines(c.pointers, c.diagnoses), c.want) << c.name;
  }
}

TEST(Cms1500GroupTest, PaidIsSpreadOverTheForms) {
  auto m = [](std::int64_t c) { return Money{c}; };
  EXPECT_EQ(SpreadPaid({m(1000), m(500)}, m(1500)), (std::vector<Money>{m(1000), m(500)}));
  EXPECT_EQ(SpreadPaid({m(1000), m(500)}, m(1200)), (std::vector<Money>{m(1000), m(200)}));
  EXPECT_EQ(SpreadPaid({m(1000), m(500)}, m(700)), (std::vector<Money>{m(700), m(0)}));
  // A credit (paid more than charged) shows on the last form.
  EXPECT_EQ(SpreadPaid({m(1000), m(500)}, m(1800)), (std::vector<Money>{m(1000), m(800)}));
  EXPECT_EQ(SpreadPaid({m(1000)}, m(0)), (std::vector<Money>{m(0)}));
}

// ---------------------------------------------------------------------------------------
// The template.

std::string TemplateErrors(const std::string& text) {
  Diagnostics diags;
  ParseCms1500Template("cms1500.txt", text, &diags);
  std::string out;
  for (const auto& d : diags) out += d.ToString() + "\n";
  return out;
}

std::string ShippedTemplateText() { return Slurp(SourcePath("templates/cms1500.txt")); }

// The shipped template with the line starting with `prefix` replaced by `line`.
std::string TemplateWith(const std::string& prefix, const std::string& line) {
  std::string text = ShippedTemplateText();
  std::size_t at = text.find("\n" + prefix);
  EXPECT_NE(at, std::string::npos) << prefix;
  if (at == std::string::npos) return text;
  ++at;
  text.replace(at, text.find('\n', at) - at, line);
  return text;
}

int LineOf(const std::string& text, const std::string& line) {
  std::size_t at = text.find("\n" + line + "\n");
  return static_cast<int>(std::count(text.begin(), text.begin() + at + 1, '\n')) + 1;
}

TEST(Cms1500TemplateTest, TheShippedTemplateLoads) {
  EXPECT_EQ(TemplateErrors(ShippedTemplateText()), "");
  const Layout& layout = ShippedLayout();
  ASSERT_TRUE(layout.cms1500);
  EXPECT_FALSE(layout.cms1500->data_only);
  // 10 characters and 6 lines an inch; column 1 at 0.3 in, line 8's baseline at 1.33 in.
  EXPECT_DOUBLE_EQ(layout.cms1500->column, 7.2);
  EXPECT_DOUBLE_EQ(layout.cms1500->line, 12);
  EXPECT_DOUBLE_EQ(layout.cms1500->X(1), 0.3 * 72);
  EXPECT_NEAR(792 - (layout.cms1500->Top(8) - layout.cms1500->baseline), 1.3333 * 72, 0.01);
}

TEST(Cms1500TemplateTest, BadTemplatesAreLocatedErrors) {
  struct Case {
    std::string prefix, line, error;  // error after "cms1500.txt:LINE:"
  };
  const std::vector<Case> cases = {
      {"mode =", "mode = red",
       "8: error: mode: expected 'form' (the whole form on plain paper) or "
       "'data' (the data only, for the red pre-printed form), not 'red'"},
      {"offset.x =", "offset.x = 1in",
       "12: error: key 'offset.x': expected a number from -72 to "
       "72, not '1in'"},
      {"field 1a ", "field 1a 50 eight 30",
       "13: error: 'field': expected a grid position (column 1-80, line 1-66), not 'eight'"},
      {"field 2 ", "field 2x 1 10 28", "7: error: unknown field '2x'"},
      {"field 19 ", "line 19 1 36 48",
       "1: error: field '19' is not a service-line field: use 'field'"},
      {"box 23 ", "box 23 50 39 80 \"PRIOR", "17: error: unclosed quote"},
      {"check 1 8", "circle 1 8",
       "1: error: unknown statement 'circle' (expected key = value, "
       "box, rule, vrule, shade, check, text, field or line)"},
  };
  for (const Case& c : cases) {
    const std::string text = TemplateWith(c.prefix, c.line);
    const std::string errors = TemplateErrors(text);
    const std::string want = "cms1500.txt:" + std::to_string(LineOf(text, c.line)) + ":" + c.error;
    EXPECT_NE(errors.find(want), std::string::npos) << "want: " << want << "\ngot: " << errors;
  }
  // A field left out is named.
  std::string text = ShippedTemplateText();
  const std::size_t at = text.find("\nfield 26 ");
  text.erase(at, text.find('\n', at + 1) - at);
  EXPECT_EQ(TemplateErrors(text), "cms1500.txt: error: field '26' is not placed\n");
}

// ---------------------------------------------------------------------------------------
// Rendered forms.

using TextItem = testing::DumpText;

// The data (Courier) texts of page `page`.
std::vector<TextItem> DataTexts(const PdfDocument& doc, int page) {
  std::vector<TextItem> out;
  for (auto& t : testing::ParseDumpTexts(doc.dump)) {
    if (t.font == "Courier" && t.page == page) out.push_back(t);
  }
  return out;
}

// The region of a field on the page (points from the bottom left): its columns (from the
// box edge before them) and its line.
struct Region {
  double x1, y1, x2, y2;
};
Region FieldRegion(const Cms1500Template& t, const std::string& name, int service_line = 0) {
  const FormField& f = t.Field(name);
  double line = f.line;
  if (f.per_line) line = t.service_first_line + t.service_line_step * (service_line - 1) + f.line;
  return {t.X(f.col) - t.inset, t.Top(line + 1), t.X(f.col + f.cols), t.Top(line)};
}

// The data texts that lie inside the field's region, joined by spaces.
std::string DataIn(const PdfDocument& doc, int page, const std::string& field, int line = 0) {
  const Region r = FieldRegion(*ShippedLayout().cms1500, field, line);
  std::string out;
  for (const auto& t : DataTexts(doc, page)) {
    if (t.x >= r.x1 - 0.01 && t.x + t.width <= r.x2 + 0.01 && t.y > r.y1 && t.y < r.y2) {
      out += (out.empty() ? "" : " ") + t.text;
    }
  }
  return out;
}

const std::vector<std::string> kGoldenSamples = {
    "01-induction-series", "04-esketamine-commercial", "05-esketamine-medicare",
    "08-maintenance-year", "09-spouse-12-diagnoses",   "10-child-subscriber"};

// The dump's pages and data texts (the outlines repeat on every page: one sample keeps
// them whole).
std::string DataDump(const std::string& dump) {
  std::istringstream in(dump);
  std::string line, out;
  while (std::getline(in, line)) {
    if (line.rfind("text ", 0) != 0 || line.find(" Courier ") != std::string::npos) {
      if (line.rfind("rule ", 0) != 0) out += line + "\n";
    }
  }
  return out;
}

TEST(Cms1500PdfTest, GoldenDumps) {
  for (const auto& stem : kGoldenSamples) {
    auto r = CodeSample(stem);
    ASSERT_TRUE(r->ok()) << stem;
    const PdfDocument doc = RenderCms1500Pdf(r->claim, ShippedLayout());
    const bool whole = stem == kGoldenSamples.front();
    ExpectGolden(SourcePath("tests/golden/cms1500/" + stem + ".txt"),
                 whole ? doc.dump : DataDump(doc.dump));
  }
}

TEST(Cms1500PdfTest, EverySampleChecksWithQpdfAndFitsItsBoxes) {
  for (const auto& e : std::filesystem::directory_iterator(SourcePath("samples/courses"))) {
    if (e.path().extension() != ".xml") continue;
    const std::string stem = e.path().stem().string();
    auto r = CodeSample(stem);
    ASSERT_TRUE(r->ok()) << stem;
    const PdfDocument doc = RenderCms1500Pdf(r->claim, ShippedLayout());
    EXPECT_FALSE(doc.unicode_font) << stem;
    EXPECT_EQ(doc.pages, static_cast<int>((r->claim.lines.size() + 5) / 6)) << stem;
    ScratchDir tmp;
    const std::string pdf = tmp.Write("cms1500.pdf", doc.bytes);
    std::string out;
    EXPECT_EQ(RunTool("qpdf --check '" + pdf + "'", &out), 0) << stem << out;
    // Every data text is ASCII upper case or digits and inside the page.
    for (const auto& t : testing::ParseDumpTexts(doc.dump)) {
      EXPECT_GE(t.x, 0) << stem << t.text;
      EXPECT_LE(t.x + t.width, 612) << stem << t.text;
      if (t.font != "Courier") continue;
      for (char c : t.text) {
        EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ' ' || c == ',' ||
                    c == '-' || c == '.')
            << stem << ": " << t.text;
      }
    }
  }
}

TEST(Cms1500PdfTest, FieldsHoldTheClaimsValues) {
  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  const Claim& claim = r->claim;
  const PdfDocument doc = RenderCms1500Pdf(claim, ShippedLayout());
  const Course& c = *claim.course;
  EXPECT_EQ(DataIn(doc, 1, "1.group"), "X");
  EXPECT_EQ(DataIn(doc, 1, "1.medicare"), "");
  EXPECT_EQ(DataIn(doc, 1, "21.ind"), "0");
  EXPECT_EQ(DataIn(doc, 1, "25.ein"), "X");
  EXPECT_EQ(DataIn(doc, 1, "25"), claim.clinic->tax_id);
  std::string account;
  for (char ch : c.patient.id) {
    if (std::isalnum(static_cast<unsigned char>(ch)))
      account += static_cast<char>(std::toupper(ch));
  }
  EXPECT_EQ(DataIn(doc, 1, "26"), account);
  EXPECT_EQ(DataIn(doc, 1, "27.no"), "X");  // the sample clinic does not accept assignment
  EXPECT_EQ(DataIn(doc, 1, "13.signed"), "");
  EXPECT_EQ(DataIn(doc, 1, "33a"), claim.clinic->npi);
  EXPECT_EQ(DataIn(doc, 1, "32a"), claim.clinic->npi);
  EXPECT_EQ(DataIn(doc, 1, "33b").rfind("ZZ", 0), 0u);
  // Diagnoses without dots, A first.
  std::string a = claim.diagnoses[0].code;
  a.erase(std::remove(a.begin(), a.end(), '.'), a.end());
  EXPECT_EQ(DataIn(doc, 1, "21.a"), a);
  // Each service line: date, POS, code, pointers, charge, units, NPI.
  const std::size_t n = std::min<std::size_t>(6, claim.lines.size());
  Money total;
  for (std::size_t i = 0; i < n; ++i) {
    const ClaimLine& l = claim.lines[i];
    const int k = static_cast<int>(i) + 1;
    char date[16];
    std::snprintf(date, sizeof date, "%02d %02d %02d", l.date.month, l.date.day, l.date.year % 100);
    EXPECT_EQ(DataIn(doc, 1, "24a.from", k), date) << k;
    EXPECT_EQ(DataIn(doc, 1, "24b", k), l.pos) << k;
    EXPECT_EQ(DataIn(doc, 1, "24d", k), l.code) << k;
    EXPECT_EQ(DataIn(doc, 1, "24e", k), l.DxLetters()) << k;
    EXPECT_EQ(DataIn(doc, 1, "24f.dollars", k), std::to_string(l.charge.cents / 100)) << k;
    EXPECT_EQ(DataIn(doc, 1, "24g", k), std::to_string(l.units)) << k;
    EXPECT_EQ(DataIn(doc, 1, "24j", k), l.provider->npi) << k;
    if (l.is_drug()) {
      EXPECT_EQ(DataIn(doc, 1, "24.supp", k), "N4" + l.ndc11 + "   " + l.ndc_unit + l.ndc_qty);
    } else {
      EXPECT_EQ(DataIn(doc, 1, "24.supp", k), "") << k;
    }
    total += l.charge;
  }
  EXPECT_EQ(DataIn(doc, 1, "28.dollars"), std::to_string(total.cents / 100));
  EXPECT_EQ(DataIn(doc, 1, "28.cents"), "00");
}

// pdftotext -bbox finds each value inside its box's region of the real page.
TEST(Cms1500PdfTest, PdftotextFindsValuesInTheirBoxes) {
  auto r = CodeSample("10-child-subscriber");
  ASSERT_TRUE(r->ok());
  const Claim& claim = r->claim;
  const PdfDocument doc = RenderCms1500Pdf(claim, ShippedLayout());
  ScratchDir tmp;
  const std::string pdf = tmp.Write("cms1500.pdf", doc.bytes);
  std::string html;
  ASSERT_EQ(RunTool("pdftotext -f 1 -l 1 -bbox '" + pdf + "' -", &html), 0) << html;
  struct Word {
    double x1, y1, x2, y2;
    std::string text;
  };
  std::vector<Word> words;
  const std::regex word_re(
      "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">([^<]*)"
      "</word>");
  for (std::sregex_iterator it(html.begin(), html.end(), word_re), end; it != end; ++it) {
    words.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]),
                     std::stod((*it)[4]), (*it)[5]});
  }
  ASSERT_FALSE(words.empty());
  const Cms1500Template& t = *ShippedLayout().cms1500;
  // The words poppler finds inside a field's region (top-left origin, 1 pt of slack).
  auto in_box = [&](const std::string& field, int line = 0) {
    Region g = FieldRegion(t, field, line);
    std::string out;
    for (const Word& w : words) {
      if (w.x1 >= g.x1 - 1 && w.x2 <= g.x2 + 1 && w.y1 >= 792 - g.y2 - 1 && w.y2 <= 792 - g.y1 + 1)
        out += (out.empty() ? "" : " ") + w.text;
    }
    return out;
  };
  const Course& c = *claim.course;
  const CardNameParts patient = CardNameOf(c.patient).name;
  const CardNameParts insured = CardNameOf(*c.coverage.subscriber).name;
  EXPECT_EQ(in_box("2").rfind(patient.family + ",", 0), 0u) << in_box("2");
  EXPECT_EQ(in_box("4").rfind(insured.family + ",", 0), 0u) << in_box("4");
  EXPECT_EQ(in_box("6.child"), "X");
  EXPECT_EQ(in_box("1a"), c.coverage.member_id);
  EXPECT_EQ(in_box("3.yy"), std::to_string(c.patient.birth_date.year));
  EXPECT_EQ(in_box("11a.yy"), std::to_string(c.coverage.subscriber->birth_date.year));
  EXPECT_EQ(in_box("24d", 1), claim.lines[0].code);
  EXPECT_EQ(in_box("24j", 1), claim.lines[0].provider->npi);
  EXPECT_EQ(in_box("25"), claim.clinic->tax_id);
  EXPECT_EQ(in_box("21.ind"), "0");
  EXPECT_NE(in_box("33.name"), "");
  EXPECT_NE(in_box("32.city"), "");
}

// A copy of a coded sample that tests may change (course and clinic are copies too).
struct OwnedClaim {
  std::unique_ptr<CourseResult> source;
  Course course;
  Clinic clinic;
  Claim claim;
};
std::unique_ptr<OwnedClaim> CopyOf(const std::string& stem) {
  auto o = std::make_unique<OwnedClaim>();
  o->source = CodeSample(stem);
  o->course = *o->source->claim.course;
  o->clinic = *o->source->claim.clinic;
  o->claim = o->source->claim;
  o->claim.course = &o->course;
  o->claim.clinic = &o->clinic;
  return o;
}

TEST(Cms1500PdfTest, SplitsAtSevenLinesWithTheirOwnTotals) {
  auto o = CopyOf("01-induction-series");
  ASSERT_TRUE(o->source->ok());
  Claim& claim = o->claim;
  ASSERT_GE(claim.lines.size(), 7u);
  claim.lines.resize(7);
  claim.total_charges = Money{};
  for (const auto& l : claim.lines) claim.total_charges += l.charge;
  claim.paid = claim.total_charges;
  const PdfDocument doc = RenderCms1500Pdf(claim, ShippedLayout());
  ASSERT_EQ(doc.pages, 2);
  EXPECT_EQ(DataIn(doc, 1, "19"), "PAGE 1 OF 2");
  EXPECT_EQ(DataIn(doc, 2, "19"), "PAGE 2 OF 2");
  Money first;
  for (int i = 0; i < 6; ++i) first += claim.lines[i].charge;
  EXPECT_EQ(DataIn(doc, 1, "28.dollars"), std::to_string(first.cents / 100));
  EXPECT_EQ(DataIn(doc, 1, "29.dollars"), std::to_string(first.cents / 100));
  EXPECT_EQ(DataIn(doc, 2, "28.dollars"), std::to_string(claim.lines[6].charge.cents / 100));
  EXPECT_EQ(DataIn(doc, 2, "24d", 1), claim.lines[6].code);
  EXPECT_EQ(DataIn(doc, 2, "24d", 2), "");

  claim.lines.resize(6);
  const PdfDocument one = RenderCms1500Pdf(claim, ShippedLayout());
  EXPECT_EQ(one.pages, 1);
  EXPECT_EQ(DataIn(one, 1, "19"), "");
}

TEST(Cms1500PdfTest, ThirteenDiagnosesGiveEachFormItsOwnLetters) {
  auto o = CopyOf("09-spouse-12-diagnoses");
  ASSERT_TRUE(o->source->ok());
  Claim& claim = o->claim;
  ASSERT_EQ(claim.diagnoses.size(), 12u);
  claim.diagnoses.push_back({"Z91.89", "a 13th diagnosis"});
  claim.lines.resize(2);
  claim.lines[0].dx = {0, 1, 2, 3};
  claim.lines[1].dx = {12, 4};
  // Line 2 fits (A-E and M: 6 diagnoses): one form, box 21 lists the 6 in the claim's order.
  PdfDocument doc = RenderCms1500Pdf(claim, ShippedLayout());
  ASSERT_EQ(doc.pages, 1);
  EXPECT_EQ(DataIn(doc, 1, "21.f"), "Z9189");
  EXPECT_EQ(DataIn(doc, 1, "21.g"), "");
  EXPECT_EQ(DataIn(doc, 1, "24e", 2), "FE");
  // Lines over all 13: the 13th makes a second form where it is A.
  claim.lines.resize(4, claim.lines[0]);
  claim.lines[0].dx = {0, 1, 2, 3};
  claim.lines[1].dx = {4, 5, 6, 7};
  claim.lines[2].dx = {8, 9, 10, 11};
  claim.lines[3].dx = {12, 0};
  doc = RenderCms1500Pdf(claim, ShippedLayout());
  ASSERT_EQ(doc.pages, 2);
  EXPECT_EQ(DataIn(doc, 1, "24e", 3), "IJKL");
  EXPECT_EQ(DataIn(doc, 2, "21.a"), DataIn(doc, 1, "21.a"));
  EXPECT_EQ(DataIn(doc, 2, "21.b"), "Z9189");
  EXPECT_EQ(DataIn(doc, 2, "24e", 1), "BA");
}

TEST(Cms1500PdfTest, LongValuesShrinkThenCutInsideTheirBoxes) {
  auto o = CopyOf("01-induction-series");
  ASSERT_TRUE(o->source->ok());
  Course& c = o->course;
  c.patient.card_name.reset();
  c.patient.family = "Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh";
  c.patient.given = "Maximiliana Alexandrina";
  c.patient.middle = "Quintessa";
  c.patient.address.line1 = "12345 North Extraordinarily Long Boulevard Northwest";
  c.patient.address.line2 = "Building 7, Apartment 1234";
  c.patient.address.city = "Rancho Santa Margarita del Norte Village";
  c.patient.id = "ACCOUNT1234567890123";
  o->clinic.name = "The Very Long Named Center for Interventional Psychiatry and Pain";
  o->claim.lines.resize(1);
  o->claim.lines[0].charge = Money{9999999999};  // $99,999,999.99
  o->claim.total_charges = o->claim.lines[0].charge;
  o->claim.paid = o->claim.total_charges;
  const PdfDocument doc = RenderCms1500Pdf(o->claim, ShippedLayout());
  const Cms1500Template& t = *ShippedLayout().cms1500;
  for (const std::string field : {"2", "5.street", "5.city", "26", "32.name", "33.name",
                                  "24f.dollars", "28.dollars", "29.dollars"}) {
    const std::string got = DataIn(doc, 1, field, 1);
    EXPECT_NE(got, "") << field << " overflowed its box (or vanished)";
  }
  // Each long value is set smaller (not below the least size) and, if need be, cut.
  const Region name = FieldRegion(t, "2");
  for (const auto& item : DataTexts(doc, 1)) {
    if (item.y < name.y1 || item.y > name.y2 || item.x > name.x2) continue;
    EXPECT_LT(item.size, t.data_size);
    EXPECT_GE(item.size, t.min_data_size);
    EXPECT_LE(item.x + item.width, name.x2 + 0.01);
    EXPECT_EQ(std::string("WOLFESCHLEGELSTEINHAUSENBERGERDORFF-FEATHERSTONEHAUGH, MAXIMILIANA "
                          "ALEXANDRINA, Q")
                  .rfind(item.text, 0),
              0u)
        << item.text;
    EXPECT_LT(item.text.size(), 70u);  // cut
  }
  EXPECT_EQ(DataIn(doc, 1, "28.dollars"), "99999999");  // smaller, whole
  // No two data texts overlap.
  const auto items = DataTexts(doc, 1);
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t j = i + 1; j < items.size(); ++j) {
      const auto &a = items[i], &b = items[j];
      const bool apart =
          a.x + a.width <= b.x + 0.01 || b.x + b.width <= a.x + 0.01 || std::abs(a.y - b.y) >= 8;
      EXPECT_TRUE(apart) << a.text << " / " << b.text;
    }
  }
}

TEST(Cms1500PdfTest, AssignmentAndResubmissionBoxes) {
  auto o = CopyOf("01-induction-series");
  ASSERT_TRUE(o->source->ok());
  o->clinic.assignment.benefits_assigned = true;
  o->clinic.assignment.accept_assignment = true;
  o->claim.resubmission.kind = Resubmission::Kind::kCorrected;
  o->claim.resubmission.original_reference = "CLM-2026-0042";
  PdfDocument doc = RenderCms1500Pdf(o->claim, ShippedLayout());
  EXPECT_EQ(DataIn(doc, 1, "12.signed"), "SIGNATURE ON FILE");
  EXPECT_EQ(DataIn(doc, 1, "13.signed"), "SIGNATURE ON FILE");
  EXPECT_EQ(DataIn(doc, 1, "27.yes"), "X");
  EXPECT_EQ(DataIn(doc, 1, "27.no"), "");
  EXPECT_EQ(DataIn(doc, 1, "22.code"), "7");
  EXPECT_EQ(DataIn(doc, 1, "22.ref"), "CLM20260042");
  o->claim.resubmission.kind = Resubmission::Kind::kVoid;
  doc = RenderCms1500Pdf(o->claim, ShippedLayout());
  EXPECT_EQ(DataIn(doc, 1, "22.code"), "8");
}

// ---------------------------------------------------------------------------------------
// The data-only mode, in pixels.

// A gray PGM of page 1 at 72 dpi (one pixel a point).
struct Gray {
  int w = 0, h = 0;
  std::string px;
  bool Ink(int x, int y) const { return static_cast<unsigned char>(px[y * w + x]) < 128; }
};
Gray Rasterize(const std::string& pdf_bytes) {
  ScratchDir tmp;
  const std::string pdf = tmp.Write("f.pdf", pdf_bytes);
  std::string out;
  EXPECT_EQ(
      RunTool("pdftoppm -r 72 -gray -f 1 -l 1 -singlefile '" + pdf + "' '" + tmp.Path("p") + "'",
              &out),
      0)
      << out;
  std::ifstream in(tmp.Path("p.pgm"), std::ios::binary);
  std::string magic;
  int maxval = 0;
  Gray g;
  in >> magic >> g.w >> g.h >> maxval;
  in.get();
  g.px.resize(static_cast<std::size_t>(g.w) * g.h);
  in.read(g.px.data(), static_cast<std::streamsize>(g.px.size()));
  return g;
}

Layout LayoutWith(const std::string& mode, double dx, double dy) {
  Layout layout = ShippedLayout();
  std::string text = TemplateWith("mode =", "mode = " + mode);
  text = [&] {
    std::string s = text;
    auto set = [&](const std::string& key, double v) {
      const std::size_t at = s.find("\n" + key + " =");
      s.replace(at + 1, s.find('\n', at + 1) - at - 1, key + " = " + std::to_string(v));
    };
    set("offset.x", dx);
    set("offset.y", dy);
    return s;
  }();
  Diagnostics diags;
  layout.cms1500 = std::make_shared<const Cms1500Template>(ParseCms1500Template("t", text, &diags));
  EXPECT_TRUE(diags.empty());
  return layout;
}

TEST(Cms1500PdfTest, DataOnlyModeDrawsNoOutlinesAndTheOffsetsMoveTheInk) {
  auto r = CodeSample("01-induction-series");
  ASSERT_TRUE(r->ok());
  const Gray form = Rasterize(RenderCms1500Pdf(r->claim, LayoutWith("form", 0, 0)).bytes);
  const Gray data = Rasterize(RenderCms1500Pdf(r->claim, LayoutWith("data", 0, 0)).bytes);
  const Gray moved = Rasterize(RenderCms1500Pdf(r->claim, LayoutWith("data", 36, 18)).bytes);
  ASSERT_EQ(form.w, 612);
  ASSERT_EQ(form.h, 792);
  const Cms1500Template& t = *ShippedLayout().cms1500;
  // The rule between boxes 2 and 3 (column 30's left edge), along lines 9-16.
  const int x = static_cast<int>(std::lround(t.X(30) - t.inset));
  auto column_ink = [&](const Gray& g) {
    int n = 0;
    for (int y = static_cast<int>(792 - t.Top(9)); y < 792 - t.Top(17); ++y) {
      for (int dx = -1; dx <= 1; ++dx) n += g.Ink(x + dx, y);
    }
    return n;
  };
  EXPECT_GT(column_ink(form), 80);
  EXPECT_EQ(column_ink(data), 0);
  // The data's ink: leftmost and topmost dark pixel, and the ink's total.
  auto bounds = [](const Gray& g, int* left, int* top) {
    *left = g.w, *top = g.h;
    int n = 0;
    for (int y = 0; y < g.h; ++y) {
      for (int x2 = 0; x2 < g.w; ++x2) {
        if (!g.Ink(x2, y)) continue;
        ++n;
        *left = std::min(*left, x2);
        *top = std::min(*top, y);
      }
    }
    return n;
  };
  int l0, t0, l1, t1;
  const int n0 = bounds(data, &l0, &t0), n1 = bounds(moved, &l1, &t1);
  EXPECT_GT(n0, 500);
  EXPECT_NEAR(n1, n0, n0 / 20);
  EXPECT_NEAR(l1 - l0, 36, 1);
  EXPECT_NEAR(t1 - t0, 18, 1);
  // In data mode, box 1a's value sits on the grid: 0.1 in a column, 1/6 in a line.
  int form_left, form_top;
  bounds(form, &form_left, &form_top);
  EXPECT_LT(form_left, l0);  // the outlines reach further left than the data
}

}  // namespace
}  // namespace superbill

namespace superbill {
namespace {

// A packet composes the forms after other pages, on a canvas with the TrueType fonts (a
// superbill with a Unicode name): the data stays in Courier, the captions take the canvas's
// fonts, and the pages follow the ones already there.
TEST(Cms1500PdfTest, ComposesIntoACallersListAndCanvas) {
  auto r = testing::CodeSample("13-spanish-credit");
  ASSERT_TRUE(r->ok());
  const Layout& layout = testing::ShippedLayout();
  PdfCanvas canvas(CanvasFontsOf(layout), /*unicode=*/true);
  DisplayList list;
  list.pages.emplace_back();  // a page of the caller's
  DrawOp op;
  op.kind = DrawOp::Kind::kText;
  op.x = 72, op.y = 700, op.size = 12, op.text = list.arena.Add("Nguyễn");
  op.width = canvas.TextWidth(op.text, FontStyle::kRegular, 12);
  list.pages.back().push_back(op);
  ComposeCms1500(r->claim, layout, &canvas, &list);
  const std::size_t forms = (r->claim.lines.size() + 5) / 6;
  ASSERT_EQ(list.pages.size(), 1 + forms);
  std::string dump;
  DrawPages(list, &canvas, &dump);
  EXPECT_NE(dump.find("Courier 12.00"), std::string::npos);
  EXPECT_NE(dump.find("DejaVuSans"), std::string::npos);
  testing::ScratchDir tmp;
  const std::string pdf = tmp.Write("packet.pdf", canvas.Save());
  std::string out;
  EXPECT_EQ(testing::RunTool("qpdf --check '" + pdf + "'", &out), 0) << out;
  ASSERT_EQ(testing::RunTool("pdftotext -enc UTF-8 '" + pdf + "' -", &out), 0);
  EXPECT_NE(out.find("Nguyễn"), std::string::npos);
  EXPECT_NE(out.find("HEALTH INSURANCE CLAIM FORM"), std::string::npos);
}

}  // namespace
}  // namespace superbill
