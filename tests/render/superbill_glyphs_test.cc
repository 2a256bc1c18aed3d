// Pixel tests: names outside Windows-1252 must be drawn with all their marks, not only
// extract right. Each case renders the patient's name with pdftoppm and compares pixels:
// a name with marks must differ from the same name without them (Nguyễn / Nguyen), and a
// Han character must put ink on the page.
#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "render/superbill_pdf.h"
#include "support/test_support.h"

namespace superbill {
namespace {

using testing::CodeSample;
using testing::RunTool;
using testing::ScratchDir;
using testing::ShippedLayout;
using testing::Slurp;

// A grayscale raster (one byte a pixel, 0 = black).
struct Gray {
  int width = 0, height = 0;
  std::vector<unsigned char> pixels;
};

// Reads a binary PGM (P5) as pdftoppm -gray writes it.
Gray ReadPgm(const std::string& bytes) {
  Gray g;
  std::istringstream in(bytes);
  std::string magic;
  int max = 0;
  in >> magic >> g.width >> g.height >> max;
  in.get();
  if (magic != "P5" || max != 255 || g.width <= 0 || g.height <= 0) return {};
  g.pixels.resize(static_cast<std::size_t>(g.width) * g.height);
  in.read(reinterpret_cast<char*>(g.pixels.data()), static_cast<std::streamsize>(g.pixels.size()));
  if (in.gcount() != static_cast<std::streamsize>(g.pixels.size())) return {};
  return g;
}

struct Box {
  double x = 0, y = 0, width = 0, size = 0;  // a text item of the dump: baseline start
  bool found = false;
};

// The dump's text item whose text is exactly `text`.
Box FindText(const std::string& dump, const std::string& text) {
  std::istringstream in(dump);
  std::string line;
  const std::string quoted = "\"" + text + "\"";
  while (std::getline(in, line)) {
    if (line.rfind("text ", 0) != 0 || line.size() < quoted.size() ||
        line.compare(line.size() - quoted.size(), quoted.size(), quoted) != 0) {
      continue;
    }
    std::istringstream fields(line.substr(5));
    Box b;
    std::string w, font;
    fields >> b.x >> b.y >> w >> font >> b.size;
    b.width = std::stod(w.substr(2));
    b.found = true;
    return b;
  }
  return {};
}

constexpr int kDpi = 288;  // 4 pixels a point

// The first page of `pdf` rasterized in the box from x to x + width (points), from a
// little under the baseline to well above the capitals (stacked Vietnamese marks).
Gray Raster(const std::string& pdf, const ScratchDir& tmp, const std::string& name, double x,
            double baseline, double width, double size) {
  const double scale = kDpi / 72.0;
  const double top = 792 - baseline - 1.25 * size;
  const std::string prefix = tmp.Path(name);
  std::ostringstream cmd;
  cmd << "pdftoppm -gray -r " << kDpi << " -f 1 -l 1 -singlefile"
      << " -x " << static_cast<int>(x * scale) << " -y " << static_cast<int>(top * scale) << " -W "
      << static_cast<int>(width * scale + 1) << " -H " << static_cast<int>(1.55 * size * scale + 1)
      << " '" << pdf << "' '" << prefix << "'";
  std::string out;
  EXPECT_EQ(RunTool(cmd.str(), &out), 0) << out;
  return ReadPgm(Slurp(prefix + ".pgm"));
}

// Pixels that are ink in `a` and paper in `b` (two rasters of one size): what marks add to
// letters. Edges drawn a shade differently (a composite glyph is hinted apart from its base
// letter) are neither clearly ink nor clearly paper, and do not count.
int ExtraInk(const Gray& a, const Gray& b) {
  if (a.width != b.width || a.height != b.height) return -1;
  int n = 0;
  for (std::size_t i = 0; i < a.pixels.size(); ++i) n += a.pixels[i] < 96 && b.pixels[i] > 224;
  return n;
}

int InkPixels(const Gray& g) {
  int n = 0;
  for (unsigned char p : g.pixels) n += p < 128;
  return n;
}

// Sample 09 (Nguyễn Thị Mai, whose husband Đặng Văn Đức holds the policy) with one name
// changed, as the tool renders it: a name with marks and the same name without them are
// drawn with the same font at the same place.
struct Rendered {
  std::string pdf_path;
  Box name;  // where the changed name is drawn
};

enum class Who { kPatient, kSubscriber };

Rendered RenderName(Who who, const std::string& family, const std::string& given,
                    const ScratchDir& tmp, const std::string& file) {
  auto r = CodeSample("09-spouse-12-diagnoses");
  EXPECT_TRUE(r->ok());
  Person& person = who == Who::kPatient ? static_cast<Person&>(r->course.patient)
                                        : *r->course.coverage.subscriber;
  person.family = family;
  person.given = given;
  person.middle.clear();
  PdfDocument doc = RenderSuperbillPdf(r->claim, ShippedLayout());
  EXPECT_TRUE(doc.unicode_font);
  Rendered out;
  out.pdf_path = tmp.Write(file, doc.bytes);
  out.name = FindText(doc.dump, family + ", " + given);
  EXPECT_TRUE(out.name.found) << family << ", " << given;
  return out;
}

struct MarkCase {
  const char* script;
  Who who;
  // Family and given name with the marks, and the same without one of them.
  const char* family;
  const char* given;
  const char* plain_family;
  const char* plain_given;
};

TEST(SuperbillGlyphsTest, MarksAreDrawn) {
  const MarkCase cases[] = {
      {"Vietnamese", Who::kPatient, "Nguyễn", "Thị Mai", "Nguyen", "Thị Mai"},
      {"Vietnamese", Who::kSubscriber, "Đặng", "Văn Đức", "Đạng", "Văn Đức"},
      {"Vietnamese", Who::kSubscriber, "Đặng", "Văn Đức", "Đặng", "Van Đức"},
      {"Vietnamese", Who::kSubscriber, "Đặng", "Văn Đức", "Đặng", "Văn Đúc"},
      {"Polish", Who::kPatient, "Łódź", "Zofia", "Lodz", "Zofia"},
      {"Polish", Who::kPatient, "Żółkiewska", "Ewa", "Zolkiewska", "Ewa"},
      {"Polish", Who::kPatient, "Ściegień", "Jędrzej", "Sciegien", "Jedrzej"},
      {"Cyrillic", Who::kPatient, "Йоффе", "Анна", "Иоффе", "Анна"},
      {"Cyrillic", Who::kPatient, "Ёлкина", "Юлия", "Елкина", "Юлия"},
      {"Cyrillic", Who::kPatient, "Ўсова", "Ольга", "Усова", "Ольга"},
  };
  ScratchDir tmp;
  int k = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.script) + ": " + c.family + ", " + c.given + " / " + c.plain_family +
                 ", " + c.plain_given);
    ++k;
    const Rendered a = RenderName(c.who, c.family, c.given, tmp, "a" + std::to_string(k) + ".pdf");
    const Rendered b =
        RenderName(c.who, c.plain_family, c.plain_given, tmp, "b" + std::to_string(k) + ".pdf");
    ASSERT_TRUE(a.name.found && b.name.found);
    // The same place on both pages: the name starts at the same point in the same font.
    EXPECT_DOUBLE_EQ(a.name.x, b.name.x);
    EXPECT_DOUBLE_EQ(a.name.y, b.name.y);
    const double width = std::max(a.name.width, b.name.width);
    const Gray ga =
        Raster(a.pdf_path, tmp, "ra" + std::to_string(k), a.name.x, a.name.y, width, a.name.size);
    const Gray gb =
        Raster(b.pdf_path, tmp, "rb" + std::to_string(k), b.name.x, b.name.y, width, b.name.size);
    ASSERT_GT(ga.width, 0);
    EXPECT_GT(InkPixels(ga), 200);
    // A mark is a few dozen pixels at 4 pixels a point.
    EXPECT_GE(ExtraInk(ga, gb), 12);
  }
}

TEST(SuperbillGlyphsTest, HanCharactersDrawInk) {
  ScratchDir tmp;
  for (const char* han : {"明", "王", "建", "国"}) {
    SCOPED_TRACE(han);
    const Rendered r = RenderName(Who::kPatient, han, han, tmp, "han.pdf");
    ASSERT_TRUE(r.name.found);
    // The first character alone: one em wide.
    const Gray g = Raster(r.pdf_path, tmp, "han", r.name.x, r.name.y, r.name.size, r.name.size);
    ASSERT_GT(g.width, 0);
    EXPECT_GT(InkPixels(g), 150);
  }
}

}  // namespace
}  // namespace superbill
