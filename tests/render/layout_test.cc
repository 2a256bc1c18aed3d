#include "render/layout.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace superbill {
namespace {

using testing::Slurp;
using testing::SourcePath;

// A copy of templates/ in a fresh temporary folder, removed at the end of the test.
class TemplatesCopy {
 public:
  TemplatesCopy() {
    char tmpl[] = "/tmp/superbill-layout-XXXXXX";
    dir_ = mkdtemp(tmpl);
    std::filesystem::copy(SourcePath("templates"), dir_, std::filesystem::copy_options::recursive);
  }
  ~TemplatesCopy() { std::filesystem::remove_all(dir_); }
  const std::string& dir() const { return dir_; }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }

  // Replaces the line starting with `prefix` in `name` by `line`; returns its line number.
  int ReplaceLine(const std::string& name, const std::string& prefix, const std::string& line) {
    std::string text = Slurp(Path(name));
    std::size_t at = text.find("\n" + prefix);
    EXPECT_NE(at, std::string::npos) << prefix;
    if (at == std::string::npos) return 0;
    ++at;
    std::size_t end = text.find('\n', at);
    text.replace(at, end - at, line);
    std::ofstream(Path(name), std::ios::binary) << text;
    return static_cast<int>(std::count(text.begin(), text.begin() + at, '\n')) + 1;
  }

 private:
  std::string dir_;
};

// The diagnostics of loading `dir`, one a line ("" when it loads).
std::string LoadErrors(const std::string& dir) {
  try {
    LoadLayout(dir);
  } catch (const FatalError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += d.ToString() + "\n";
    return out;
  }
  return "";
}

TEST(LayoutTest, LoadsTheShippedTemplates) {
  Layout layout = LoadLayout(SourcePath("templates"));
  EXPECT_EQ(layout.page_width, 612);
  EXPECT_EQ(layout.page_height, 792);
  EXPECT_EQ(layout.font_regular, "Helvetica");
  EXPECT_EQ(layout.font_bold, "Helvetica-Bold");
  ASSERT_FALSE(layout.unicode_regular.empty());
  EXPECT_EQ(layout.unicode_regular.front(), "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
  EXPECT_FALSE(layout.unicode_always);
  EXPECT_GE(layout.size_body, 8);
  EXPECT_GE(layout.size_small, 8);
  EXPECT_TRUE(layout.logo.empty());
  ASSERT_EQ(layout.sections.size(), 7u);
  EXPECT_EQ(layout.sections[0], std::vector<std::string>{"header"});
  EXPECT_EQ(layout.sections[2], (std::vector<std::string>{"patient", "insurance"}));
  ASSERT_EQ(layout.services_columns.size(), 9u);
  EXPECT_EQ(layout.services_columns[4].name, "description");
  EXPECT_EQ(layout.services_columns[4].width, 0);
  EXPECT_EQ(layout.services_columns[7].name, "charge");
  EXPECT_EQ(layout.services_columns[7].align, 'r');
  EXPECT_EQ(layout.texts.size(), 2u);
  EXPECT_EQ(layout.TextsFor("en").Get("section.services"), "Services");
  EXPECT_EQ(layout.TextsFor("es").Get("section.services"), "Servicios");
  EXPECT_EQ(layout.TextsFor("fr").Get("section.services"), "Services");  // falls back
  EXPECT_EQ(layout.TextsFor("en").Get("page_of"), "Page {n} of {m}");
}

TEST(LayoutTest, BadLineInTheLayoutFile) {
  TemplatesCopy t;
  int line = t.ReplaceLine("superbill.layout", "size.body", "size.body = big");
  EXPECT_EQ(LoadErrors(t.dir()),
            t.Path("superbill.layout") + ":" + std::to_string(line) +
                ":13: error: key 'size.body': expected a number from 6 to 18\n");
}

TEST(LayoutTest, LineWithoutEquals) {
  TemplatesCopy t;
  int line = t.ReplaceLine("superbill.layout", "page.width", "  page.width 612");
  EXPECT_EQ(LoadErrors(t.dir()), t.Path("superbill.layout") + ":" + std::to_string(line) +
                                     ":3: error: expected 'key = value'\n" +
                                     t.Path("superbill.layout") +
                                     ": error: missing key 'page.width'\n");
}

TEST(LayoutTest, BadTextsFile) {
  TemplatesCopy t;
  int line = t.ReplaceLine("texts.es.txt", "page_of", "page_of = Página {n}");
  EXPECT_EQ(LoadErrors(t.dir()), t.Path("texts.es.txt") + ":" + std::to_string(line) +
                                     ":11: error: key 'page_of': expected {m}\n");
}

TEST(LayoutTest, MissingFontFile) {
  TemplatesCopy t;
  t.ReplaceLine("superbill.layout", "unicode.regular", "unicode.regular = fonts/Missing.ttf");
  EXPECT_EQ(LoadErrors(t.dir()), t.Path("superbill.layout") +
                                     ": error: key 'unicode.regular': file not found: " +
                                     t.Path("fonts/Missing.ttf") + "\n");
}

// Each case: a replacement line of superbill.layout and the diagnostic it gives (without
// the "path:line:" prefix).
TEST(LayoutTest, LayoutValueErrors) {
  struct Case {
    const char* prefix;
    const char* line;
    const char* error;
  } cases[] = {
      {"font.bold", "font.bold = Arial",
       "13: error: key 'font.bold': expected a standard PDF font name such as Helvetica"},
      {"unicode.embed", "unicode.embed = sometimes",
       "17: error: key 'unicode.embed': expected auto or always"},
      {"unicode.bold", "unicode.bold = a.ttf b.otf",
       "22: error: key 'unicode.bold': expected TrueType font files (.ttf), found 'b.otf'"},
      {"max_cell_lines", "max_cell_lines = 0",
       "18: error: key 'max_cell_lines': expected a whole number from 1 to 40"},
      {"logo =", "logo = logo.jpg", "8: error: key 'logo': expected a PNG file (.png) or nothing"},
      {"sections",
       "sections = header; patient insurance; diagnoses; services; payments totals; signature",
       "12: error: key 'sections': section 'providers' is missing"},
      {"sections",
       "sections = header; providers; patient insurance; diagnoses services; payments totals; "
       "signature",
       "60: error: key 'sections': section 'services' must stand alone in its row"},
      {"sections",
       "sections = header; providers; patient insurance; diagnosis; services; payments totals; "
       "signature",
       "50: error: key 'sections': unknown section 'diagnosis'"},
      {"services.columns",
       "services.columns = date:52 pos:26 code:40 modifiers:40 description:* dx:34 units:28",
       "20: error: key 'services.columns': column 'charge' is missing"},
      {"services.columns",
       "services.columns = date:52 pos:26 code:40 modifiers:40 description:* dx:34 units:28 "
       "charge:wide",
       "85: error: key 'services.columns': expected NAME:WIDTH or NAME:WIDTH:ALIGN (WIDTH in "
       "points or *, ALIGN l, c or r), found 'charge:wide'"},
      {"payments.columns", "payments.columns = date:52 method:56 reference:* amount:62 amount:10",
       "60: error: key 'payments.columns': column 'amount' is given twice"},
      {"payments.columns", "payments.columns = date:52 method:56 reference:300 amount:62",
       "20: error: key 'payments.columns': expected exactly one column of width *"},
      {"providers.columns", "providers.columns = name:* npi:200 license:200 taxonomy:130",
       "21: error: key 'providers.columns': fixed widths add up to 530 points, leaving less than "
       "24 of 540 for *"},
      {"page.width", "paper = letter", "1: error: unknown key 'paper'"},
  };
  for (const auto& c : cases) {
    TemplatesCopy t;
    int line = t.ReplaceLine("superbill.layout", c.prefix, c.line);
    std::string errors = LoadErrors(t.dir());
    std::string expected =
        t.Path("superbill.layout") + ":" + std::to_string(line) + ":" + c.error + "\n";
    if (std::string(c.prefix) == "page.width") {
      expected = t.Path("superbill.layout") + ": error: missing key 'page.width'\n" + expected;
    }
    EXPECT_EQ(errors, expected) << c.line;
  }
}

TEST(LayoutTest, TextsErrors) {
  Diagnostics diags;
  ParseTexts("t.txt",
             "title = Superbill\n"
             "title = Again\n"
             "page_of = Page {n} of {m} {x}\n"
             "date_format = DD.MM.YY\n"
             "services.ndc = NDC {ndc\n"
             "color = blue\n",
             "en", &diags);
  std::string out;
  for (const auto& d : diags) {
    if (d.loc.line > 0) out += d.ToString() + "\n";
  }
  EXPECT_EQ(out,
            "t.txt:2:1: error: key 'title' is given twice\n"
            "t.txt:3:27: error: key 'page_of': unknown placeholder {x}\n"
            "t.txt:4:15: error: key 'date_format': expected YYYY, MM and DD, as in MM/DD/YYYY\n"
            "t.txt:5:16: error: key 'services.ndc': unbalanced { }\n"
            "t.txt:6:1: error: unknown key 'color'\n");
  // Every other key is reported missing, without a line.
  EXPECT_EQ(diags.front().ToString(), "t.txt:2:1: error: key 'title' is given twice");
}

TEST(LayoutTest, MissingEnglishTexts) {
  TemplatesCopy t;
  std::filesystem::remove(t.Path("texts.en.txt"));
  EXPECT_EQ(LoadErrors(t.dir()), t.Path("texts.en.txt") + ": error: missing English texts file\n");
}

TEST(LayoutTest, InvalidUtf8) {
  Diagnostics diags;
  ParseTexts("t.txt",
             "title = Super\xFF"
             "bill\n",
             "en", &diags);
  ASSERT_FALSE(diags.empty());
  EXPECT_EQ(diags.front().ToString(), "t.txt:1:14: error: invalid UTF-8");
}

}  // namespace
}  // namespace superbill
