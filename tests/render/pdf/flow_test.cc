// The flow composer and the canvas under it, on their own: wrapping, keeping rows together,
// continued tables, the TrueType subsets and their memory files.
#include "render/pdf/flow.h"

#include <dirent.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "render/pdf/canvas.h"
#include "render/pdf/display.h"
#include "render/pdf/font_library.h"
#include "support/test_support.h"

namespace superbill {
namespace {

using testing::RunTool;
using testing::ScratchDir;
using testing::ShippedLayout;

CanvasFonts Fonts() {
  CanvasFonts f;
  f.unicode_regular = ShippedLayout().unicode_regular;
  f.unicode_bold = ShippedLayout().unicode_bold;
  f.library = ShippedLayout().fonts;
  return f;
}

struct WrapCase {
  const char* text;
  double width;  // points, Helvetica 10
  int max_lines;
  std::vector<std::string> lines;
};

TEST(FlowTest, WrapBreaksAtSpacesThenMarksThenCharacters) {
  // Helvetica 10: "a" = 5.56, "m" = 8.33, " " = 2.78, "/" = 2.78, "-" = 3.33.
  const WrapCase cases[] = {
      {"", 100, 8, {""}},
      {"aaa aaa", 100, 8, {"aaa aaa"}},
      {"  aaa   aaa  ", 100, 8, {"aaa aaa"}},                  // runs of spaces are one
      {"aaa aaa", 30, 8, {"aaa", "aaa"}},                      // 16.7 fits, 36.1 does not
      {"aaaaaaaaaa", 30, 8, {"aaaaa", "aaaaa"}},               // between characters
      {"aaaa/aaaa", 30, 8, {"aaaa/", "aaaa"}},                 // after a slash
      {"aa-aaaaaa", 30, 8, {"aa-", "aaaaa", "a"}},             // after a hyphen, then cut
      {"aaa aaa aaa aaa", 30, 2, {"aaa", "aaa\xE2\x80\xA6"}},  // cut with an ellipsis
      {"mmmm mmmm mmmm", 40, 1, {"mmm\xE2\x80\xA6"}},
  };
  PdfCanvas canvas(Fonts(), false);
  for (const auto& c : cases) {
    DisplayList list;
    Composer composer(FlowStyle{}, FlowTexts{}, &canvas, &list);
    std::vector<TextLine> lines;
    composer.Wrap(c.text, c.width, FontStyle::kRegular, 10, c.max_lines, &lines);
    std::vector<std::string> got;
    for (const auto& l : lines) {
      got.emplace_back(l.text);
      EXPECT_LE(l.width, c.width + 1e-6) << c.text << ": " << l.text;
      EXPECT_NEAR(l.width, composer.Width(l.text, FontStyle::kRegular, 10), 1e-9) << l.text;
    }
    EXPECT_EQ(got, c.lines) << "\"" << c.text << "\" in " << c.width;
  }
}

// Widths add up: a text measures the sum of its pieces, in both kinds of canvas (the
// layout measures lines as pieces of their paragraph).
TEST(FlowTest, WidthsAddUp) {
  for (bool unicode : {false, true}) {
    PdfCanvas canvas(Fonts(), unicode);
    for (const std::string text :
         {"Rivera, Ana L", "Nguyễn, Thị Mai Đặng", "王小明 Wang", "€ – —"}) {
      std::vector<int> prefix;
      canvas.PrefixUnits(text, FontStyle::kBold, &prefix);
      ASSERT_EQ(prefix.size(), text.size() + 1);
      EXPECT_EQ(prefix.back(), canvas.Units(text, FontStyle::kBold)) << text;
      for (std::size_t cut = 1; cut < text.size(); ++cut) {
        if ((static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80 || text[cut] == ' ') continue;
        EXPECT_EQ(canvas.Units(text.substr(0, cut), FontStyle::kBold) +
                      canvas.Units(text.substr(cut), FontStyle::kBold),
                  prefix.back())
            << text << " cut at " << cut;
        EXPECT_EQ(prefix[cut], canvas.Units(text.substr(0, cut), FontStyle::kBold));
      }
    }
  }
}

// A section of `rows` rows, each `lines` lines high, in groups of `group` rows.
class RowsSection : public Section {
 public:
  RowsSection(int rows, int group, int lines) : rows_(rows), group_(group), lines_(lines) {
    title = {"Rows", ""};
  }
  Table MakeTable(double width) override {
    Table t;
    t.widths = {width};
    t.header.push_back({{Cell("Header", FontStyle::kBold)}});
    for (int i = 0; i < rows_; ++i) {
      Row r;
      r.group = i / group_;
      Cell cell;
      names_.push_back("row " + std::to_string(i));
      for (int k = 0; k < lines_; ++k) cell.paragraphs.push_back({names_.back(), {}, 0});
      r.cells.push_back(cell);
      t.rows.push_back(r);
    }
    return t;
  }

 private:
  int rows_, group_, lines_;
  std::deque<std::string> names_;
};

// Which page each row's first line is on, and the pages' texts.
struct Flowed {
  std::vector<int> page_of_row;
  std::vector<std::vector<std::string>> pages;
};

Flowed FlowRows(int rows, int group, int lines) {
  PdfCanvas canvas(Fonts(), false);
  DisplayList list;
  FlowTexts texts{{"continued", ""}, {"Continued on the next page", ""}};
  Composer c(FlowStyle{}, texts, &canvas, &list);
  RowsSection s(rows, group, lines);
  c.PlaceRow({&s});
  Flowed out;
  out.page_of_row.assign(static_cast<std::size_t>(rows), 0);
  for (std::size_t p = 0; p < list.pages.size(); ++p) {
    out.pages.emplace_back();
    for (const auto& op : list.pages[p]) {
      if (op.kind != DrawOp::Kind::kText) continue;
      out.pages.back().emplace_back(op.text);
      if (op.text.rfind("row ", 0) == 0) {
        const int row = std::stoi(std::string(op.text.substr(4)));
        if (out.page_of_row[static_cast<std::size_t>(row)] == 0) {
          out.page_of_row[static_cast<std::size_t>(row)] = static_cast<int>(p) + 1;
        }
      }
    }
  }
  return out;
}

bool Has(const std::vector<std::string>& texts, const std::string& text) {
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

TEST(FlowTest, GroupsStayOnOnePageAndTablesSayTheyGoOn) {
  // 30 groups of 3 one-line rows: no group is split.
  const Flowed f = FlowRows(90, 3, 1);
  ASSERT_GT(f.pages.size(), 1u);
  for (int i = 0; i < 90; i += 3) {
    EXPECT_EQ(f.page_of_row[i], f.page_of_row[i + 2]) << "group of row " << i;
  }
  for (std::size_t p = 0; p < f.pages.size(); ++p) {
    const bool last = p + 1 == f.pages.size();
    EXPECT_EQ(Has(f.pages[p], "Continued on the next page"), !last) << "page " << p + 1;
    EXPECT_EQ(Has(f.pages[p], "Rows (continued)"), p > 0) << "page " << p + 1;
    EXPECT_TRUE(Has(f.pages[p], "Header")) << "page " << p + 1;  // header rows repeat
  }
}

TEST(FlowTest, AGroupTallerThanAPageRunsOnRowByRow) {
  // One group of 80 rows of two lines: more than a page, so it must break inside.
  const Flowed f = FlowRows(80, 80, 2);
  ASSERT_GE(f.pages.size(), 2u);
  EXPECT_EQ(f.page_of_row.front(), 1);
  EXPECT_GT(f.page_of_row.back(), 1);
  for (std::size_t p = 0; p + 1 < f.pages.size(); ++p) {
    EXPECT_TRUE(Has(f.pages[p], "Continued on the next page")) << "page " << p + 1;
  }
}

TEST(FlowTest, TextArenaViewsStayValid) {
  TextArena arena;
  std::vector<std::string_view> views;
  std::vector<std::string> copies;
  for (int i = 0; i < 5000; ++i) {
    copies.push_back(std::string(static_cast<std::size_t>(i % 97), 'a' + i % 26) +
                     std::to_string(i));
    views.push_back(arena.Add(copies.back()));
  }
  const std::string big(40000, 'z');  // larger than a block
  views.push_back(arena.Add(big, "!"));
  copies.push_back(big + "!");
  for (std::size_t i = 0; i < views.size(); ++i) EXPECT_EQ(views[i], copies[i]) << i;
}

int OpenFiles() {
  int n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d)) ++n;
    closedir(d);
  }
  return n;
}

// The TrueType canvas: every text is reserved before drawing; the subsets reach libharu
// through memory files that are all closed again with the document.
TEST(FlowTest, TrueTypeCanvasReservesFirstAndLeavesNoFileOpen) {
  const int before = OpenFiles();
  std::string bytes;
  for (int i = 0; i < 20; ++i) {
    PdfCanvas canvas(Fonts(), true);
    canvas.Reserve("Nguyễn 王小明", FontStyle::kRegular);
    canvas.Reserve("Đặng", FontStyle::kBold);
    canvas.AddPage(612, 792);
    canvas.DrawText(72, 700, "Nguyễn 王小明", FontStyle::kRegular, 12);
    canvas.DrawText(72, 680, "Đặng", FontStyle::kBold, 12);
    EXPECT_THROW(canvas.DrawText(72, 660, "Q", FontStyle::kRegular, 12), FatalError);
    EXPECT_THROW(canvas.Reserve("more", FontStyle::kRegular), FatalError);
    bytes = canvas.Save();
  }
  EXPECT_EQ(OpenFiles(), before);
  ScratchDir tmp;
  const std::string pdf = tmp.Write("t.pdf", bytes);
  std::string fonts, text;
  ASSERT_EQ(RunTool("pdffonts '" + pdf + "'", &fonts), 0) << fonts;
  // Three subsets (DejaVu Sans, DejaVu Sans Bold, Droid Sans Fallback), embedded, with a
  // ToUnicode map each.
  int subsets = 0;
  for (std::size_t at = fonts.find("CID TrueType"); at != std::string::npos;
       at = fonts.find("CID TrueType", at + 1)) {
    ++subsets;
  }
  EXPECT_EQ(subsets, 3) << fonts;
  EXPECT_EQ(fonts.find(" no "), std::string::npos) << fonts;
  ASSERT_EQ(RunTool("pdftotext '" + pdf + "' -", &text), 0);
  EXPECT_NE(text.find("Nguyễn 王小明"), std::string::npos) << text;
  EXPECT_NE(text.find("Đặng"), std::string::npos) << text;
  EXPECT_EQ(text.find("Warning"), std::string::npos) << text;
  EXPECT_EQ(text.find("Error"), std::string::npos) << text;
  EXPECT_LT(bytes.size(), 12000u);
}

TEST(FlowTest, AMissingFontFileIsAFatalErrorNamingIt) {
  CanvasFonts f = Fonts();
  f.unicode_regular = {"/nonexistent/font.ttf"};
  f.library = nullptr;
  try {
    PdfCanvas canvas(f, true);
    FAIL() << "no error";
  } catch (const FatalError& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read the TrueType font /nonexistent/font.ttf");
  }
}

}  // namespace
}  // namespace superbill
