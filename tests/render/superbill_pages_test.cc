// What a patient and an examiner see on the superbill's pages (issue 11): drug lines in two
// lines, visits kept on one page, continued tables marked, the subscriber's address, the
// package price, the legend, diagnoses in reading order, columns that do not touch, and the
// signature image. Each test reads the drawing dump of real samples.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "render/superbill_pdf.h"
#include "support/test_support.h"

namespace superbill {
namespace {

using testing::CodeSample;
using testing::ShippedLayout;

struct Item {
  int page = 0;
  double x = 0, y = 0, width = 0, size = 0;
  std::string font, text;
};

struct Drawn {
  std::vector<Item> texts;
  std::vector<Item> images;  // text = file name
  int pages = 0;
  std::size_t bytes = 0;
};

Drawn Render(const std::string& stem) {
  auto r = CodeSample(stem);
  EXPECT_TRUE(r->ok()) << stem;
  PdfDocument doc = RenderSuperbillPdf(r->claim, ShippedLayout());
  Drawn out;
  out.pages = doc.pages;
  out.bytes = doc.bytes.size();
  std::istringstream in(doc.dump);
  std::string line;
  int page = 0;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string kind;
    f >> kind;
    if (kind == "page") f >> page;
    if (kind != "text" && kind != "image") continue;
    Item t;
    t.page = page;
    if (kind == "text") {
      std::string w;
      f >> t.x >> t.y >> w >> t.font >> t.size;
      t.width = std::stod(w.substr(2));
    } else {
      double h;
      f >> t.x >> t.y >> t.width >> h;
    }
    const std::size_t q = line.find('"');
    t.text = line.substr(q + 1, line.size() - q - 2);
    (kind == "text" ? out.texts : out.images).push_back(t);
  }
  return out;
}

const Item* Find(const Drawn& d, const std::string& text, int nth = 0) {
  for (const auto& t : d.texts) {
    if (t.text == text && nth-- == 0) return &t;
  }
  return nullptr;
}

std::vector<std::string> SampleStems() {
  return {"01-induction-series",
          "02-crps-pain-infusions",
          "03-sgb-ptsd",
          "04-esketamine-commercial",
          "05-esketamine-medicare",
          "06-kap-therapy",
          "07-package-pricing",
          "08-maintenance-year",
          "09-spouse-12-diagnoses",
          "10-child-subscriber",
          "11-prolonged-em",
          "12-explicit-lines",
          "13-spanish-credit",
          "14-administration-variants",
          "15-short-course"};
}

// A drug line is two lines: the description, then the drug, its dose in mg and the NDC.
TEST(SuperbillPagesTest, DrugLineIsTwoLines) {
  struct Case {
    const char* stem;
    const char* description;
    const char* detail;
  };
  const Case cases[] = {
      {"01-induction-series", "Unclassified injectable drug",
       "Ketamine HCl 100 mg/mL \xC2\xB7 38 mg \xC2\xB7 NDC 67457010810 ML 0.38"},
      {"01-induction-series", "Ondansetron injection, per 1 mg",
       "Ondansetron 2 mg/mL \xC2\xB7 4 mg \xC2\xB7 NDC 00409475503 ML 2"},
      {"04-esketamine-commercial", "Esketamine nasal spray, per 1 mg",
       "Esketamine nasal spray 28 mg (Spravato) \xC2\xB7 56 mg \xC2\xB7 NDC 50458002802 UN 2"},
  };
  for (const auto& c : cases) {
    const Drawn d = Render(c.stem);
    const Item* description = Find(d, c.description);
    const Item* detail = Find(d, c.detail);
    ASSERT_TRUE(description && detail) << c.stem << ": " << c.detail;
    // Right under the description, at the same left edge, and nothing else in between.
    EXPECT_EQ(detail->page, description->page);
    EXPECT_DOUBLE_EQ(detail->x, description->x);
    EXPECT_GT(description->y - detail->y, 0);
    EXPECT_LT(description->y - detail->y, 1.5 * description->size) << c.stem;
  }
  for (const auto& stem : SampleStems()) {
    const Drawn d = Render(stem);
    for (const auto& t : d.texts) {
      EXPECT_EQ(t.text.find("(("), std::string::npos) << stem << ": " << t.text;
      EXPECT_EQ(t.text.find("NDC NDC"), std::string::npos) << stem << ": " << t.text;
      // "NDC" once on a drug line, and never alone on a line.
      EXPECT_NE(t.text, "NDC") << stem;
    }
  }
}

// The lines of one visit (one date of service in these samples) stand on one page, and a
// services table that goes on says so at the foot of the page and in the next heading.
// The pages on which the lines of each date of service stand: a line is a date in the date
// column with a code in the code column on its baseline.
std::map<std::string, std::set<int>> PagesOfServiceDates(const Drawn& d) {
  std::map<std::string, std::set<int>> out;
  const Item* date_header = Find(d, "Date");
  const Item* code_header = Find(d, "CPT/");
  if (!date_header || !code_header) return out;
  for (const auto& t : d.texts) {
    if (t.x != date_header->x || t.text.size() != 10 || t.text[2] != '/') continue;
    for (const auto& c : d.texts) {
      if (c.page == t.page && c.y == t.y && c.x == code_header->x) {
        out[t.text].insert(t.page);
        break;
      }
    }
  }
  return out;
}

// The lines of one visit (one date of service in these samples) stand on one page, and a
// services table that goes on says so at the foot of the page and in the next heading.
TEST(SuperbillPagesTest, VisitsStayTogetherAndContinuedTablesAreMarked) {
  for (const auto& stem : SampleStems()) {
    SCOPED_TRACE(stem);
    const Drawn d = Render(stem);
    const auto dates = PagesOfServiceDates(d);
    EXPECT_FALSE(dates.empty());
    for (const auto& [date, pages] : dates) EXPECT_EQ(pages.size(), 1u) << date;
    for (int p = 1; p < d.pages; ++p) {
      bool services_here = false, continued_note = false, continued_heading = false;
      for (const auto& t : d.texts) {
        if (t.page == p && (t.text == "Services" || t.text == "Services (continued)")) {
          services_here = true;
        }
        if (t.page == p && t.text == "Continued on the next page") continued_note = true;
        if (t.page == p + 1 && t.text == "Services (continued)") continued_heading = true;
      }
      if (services_here && continued_heading) {
        EXPECT_TRUE(continued_note) << "page " << p;
      }
      if (continued_note) {
        EXPECT_TRUE(continued_heading) << "page " << p;
      }
    }
  }
}

TEST(SuperbillPagesTest, SubscriberAddressWhenNotThePatient) {
  struct Case {
    const char* stem;
    std::vector<std::string> lines;  // the address, after its label
  };
  const Case cases[] = {
      {"09-spouse-12-diagnoses", {"15571 Brookhurst Street,", "Westminster, CA 92683-7719"}},
      {"10-child-subscriber", {"88 W Valley Blvd", "Apt 5", "Alhambra, CA 91801"}},
  };
  for (const auto& c : cases) {
    const Drawn d = Render(c.stem);
    const Item* label = Find(d, "Policyholder address");
    ASSERT_TRUE(label) << c.stem;
    for (const auto& want : c.lines) {
      bool found = false;
      for (const auto& t : d.texts) {
        found |= t.page == label->page && t.x > label->x + label->width && t.y <= label->y + 0.01 &&
                 t.text.rfind(want, 0) == 0;
      }
      EXPECT_TRUE(found) << c.stem << ": " << want;
    }
  }
  // A patient who is the policyholder: no subscriber lines.
  EXPECT_EQ(Find(Render("01-induction-series"), "Policyholder address"), nullptr);
}

TEST(SuperbillPagesTest, PackagePriceUnderItsVisit) {
  const Drawn d = Render("07-package-pricing");
  struct Case {
    const char* note;
    const char* last_date;  // the visit's date: the note comes after its lines
    const char* next_date;  // the next visit's: it comes after the note
  };
  const Case cases[] = {
      {"Package price of this visit: $1,000.00. The line charges above divide it among the "
       "services.",
       "06/01/2026", "06/03/2026"},
      {"Package price of this visit: $499.99. The line charges above divide it among the "
       "services.",
       "06/03/2026", "06/05/2026"},
  };
  for (const auto& c : cases) {
    const Item* note = Find(d, c.note);
    ASSERT_TRUE(note) << c.note;
    double lowest = 1e9, next_top = -1e9;
    for (const auto& t : d.texts) {
      if (t.page != note->page) continue;
      if (t.text == c.last_date) lowest = std::min(lowest, t.y);
      if (t.text == c.next_date) next_top = std::max(next_top, t.y);
    }
    EXPECT_LT(note->y, lowest) << c.note;
    if (next_top > -1e9) {
      EXPECT_GT(note->y, next_top) << c.note;
    }
  }
  // The last visit has no package price: no note for it.
  int notes = 0;
  for (const auto& t : d.texts) notes += t.text.rfind("Package price of this visit", 0) == 0;
  EXPECT_EQ(notes, 5);
}

// Each page explains the places of service and modifiers its own lines use.
TEST(SuperbillPagesTest, LegendOfThePage) {
  struct Case {
    const char* stem;
    int page;
    const char* legend;  // the legend's first line
  };
  const Case cases[] = {
      {"01-induction-series", 1, "Place of service (POS): 11 Office"},
      {"03-sgb-ptsd", 1,
       "Place of service (POS): 11 Office \xC2\xB7 10 Telehealth, patient at home; Modifiers: 25 "
       "Separate, significant E/M service on the same day as a procedure \xC2\xB7 RT Right side of "
       "the body \xC2\xB7 50 Bilateral"},
      {"05-esketamine-medicare", 1,
       "Place of service (POS): 11 Office; Modifiers: 25 Separate, significant E/M service on the "
       "same day as a procedure \xC2\xB7 KX Requirements in the payer policy have been met"},
  };
  for (const auto& c : cases) {
    const Drawn d = Render(c.stem);
    const Item* legend = nullptr;
    for (const auto& t : d.texts) {
      if (t.page == c.page && t.text.rfind("Place of service (POS)", 0) == 0) legend = &t;
    }
    ASSERT_TRUE(legend) << c.stem;
    EXPECT_EQ(legend->text.substr(0, std::string(c.legend).size()), c.legend) << c.stem;
    EXPECT_DOUBLE_EQ(legend->size, ShippedLayout().size_translation);
  }
  // A page without service lines has no legend.
  const Drawn d = Render("08-maintenance-year");
  for (const auto& t : d.texts) {
    if (t.page == d.pages) {
      EXPECT_EQ(t.text.find("Place of service"), std::string::npos);
    }
  }
}

// Three diagnoses: A and B side by side, C under A.
TEST(SuperbillPagesTest, DiagnosesInReadingOrder) {
  const Drawn d = Render("10-child-subscriber");
  const Item *a = Find(d, "F32.2"), *b = Find(d, "F41.1"), *c = Find(d, "R45.851");
  ASSERT_TRUE(a && b && c);
  EXPECT_DOUBLE_EQ(a->y, b->y);
  EXPECT_LT(a->x, b->x);
  EXPECT_DOUBLE_EQ(a->x, c->x);
  EXPECT_LT(c->y, a->y);
}

// An amount and the identifier after it keep a clear gap (charge | rendering NPI).
TEST(SuperbillPagesTest, ColumnsDoNotTouch) {
  const double gap = ShippedLayout().column_min_gap;
  for (const auto& stem : SampleStems()) {
    const Drawn d = Render(stem);
    int checked = 0;
    for (const auto& charge : d.texts) {
      if (charge.text.empty() || charge.text[0] != '$') continue;
      for (const auto& npi : d.texts) {
        if (npi.page != charge.page || npi.y != charge.y || npi.x <= charge.x) continue;
        EXPECT_GE(npi.x - (charge.x + charge.width), gap - 0.01)
            << stem << ": " << charge.text << " | " << npi.text;
        ++checked;
      }
    }
    EXPECT_GT(checked, 0) << stem;
  }
}

// A provider with a signature image in the clinic file gets it above their signature line;
// the image is stored deflated.
TEST(SuperbillPagesTest, SignatureImageAboveTheProvidersLine) {
  const Drawn d = Render("08-maintenance-year");
  ASSERT_EQ(d.images.size(), 1u);
  const Item& image = d.images.front();
  EXPECT_EQ(image.text, "brandt.png");
  const Item* brandt = Find(d, "Signed by: Hannah Brandt, PMHNP-BC \xC2\xB7 NPI 1171521333");
  const Item* lee = Find(d, "Signed by: Miriam Lee, MD \xC2\xB7 NPI 1022552297");
  ASSERT_TRUE(brandt && lee);
  EXPECT_EQ(image.page, brandt->page);
  EXPECT_GT(image.y, brandt->y);
  EXPECT_LT(image.y - brandt->y, 20);
  EXPECT_LT(image.y, lee->y);  // Brandt's block comes after Lee's
  EXPECT_LT(d.bytes, 16000u);  // 58 KB of raw pixels would show here
  // Lee has no image: her line stays blank.
  EXPECT_TRUE(Render("01-induction-series").images.empty());
}

}  // namespace
}  // namespace superbill
