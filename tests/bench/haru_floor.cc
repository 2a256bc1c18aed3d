// The floor for drawing superbills: replays, with bare libharu calls, the exact text, rules
// and images superbill drew for some courses, N times each, and prints the CPU time and bytes
// per document.
//   superbill_haru_floor [--naive] N DUMP...
// A DUMP is a superbill drawing dump (`page`, `text`, `rule`, `image` lines, as written by
// RenderSuperbillPdf for the golden tests; standard fonts only). Nothing is parsed, coded,
// laid out, measured or written to disk in the timed loop: a new document, the two base-14
// fonts, the drawing as superbill draws (per page: the rules and images, then all texts in
// one text object, grouped by font and size, the font set when it changes), and the
// compressed PDF saved to memory. --naive draws every text in its own text object with its
// font set (the floor of the earlier figures, before superbill drew that way). Under callgrind, the
// instructions of one document are the difference between two runs with different N over
// the same dumps, divided by the extra documents.
#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Op {
  char kind;  // 'p' page, 't' text, 'r' rule, 'i' image
  double x = 0, y = 0, x2 = 0, y2 = 0, size = 0;
  bool bold = false;
  std::string text;  // Windows-1252 bytes; an image's file name
};

// UTF-8 to Latin-1 (the dumps of plain superbills hold nothing beyond it but a few
// punctuation marks, which become '?'; the widths do not matter here).
std::string ToLatin1(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if ((c & 0xE0) == 0xC0 && i + 1 < s.size()) {
      unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      out += cp <= 0xFF ? static_cast<char>(cp) : '?';
      ++i;
    } else {
      while (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) ++i;
      out += '?';
    }
  }
  return out;
}

std::vector<Op> ReadDump(const std::string& path) {
  std::ifstream in(path);
  std::vector<Op> ops;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    std::string kind;
    ls >> kind;
    Op op;
    if (kind == "page") {
      op.kind = 'p';
      int n;
      ls >> n >> op.x >> op.y;
    } else if (kind == "image") {
      op.kind = 'i';
      ls >> op.x >> op.y >> op.x2 >> op.y2;
      std::size_t q = line.find('"');
      op.text = line.substr(q + 1, line.rfind('"') - q - 1);
    } else if (kind == "rule") {
      op.kind = 'r';
      ls >> op.x >> op.y >> op.x2 >> op.y2 >> op.size;
    } else if (kind == "text") {
      op.kind = 't';
      std::string width, font;
      ls >> op.x >> op.y >> width >> font >> op.size;
      op.bold = font.find("Bold") != std::string::npos;
      std::size_t q = line.find('"');
      std::string quoted = line.substr(q + 1, line.rfind('"') - q - 1);
      std::string text;
      for (std::size_t i = 0; i < quoted.size(); ++i) {
        if (quoted[i] == '\\' && i + 1 < quoted.size()) ++i;
        text += quoted[i];
      }
      op.text = ToLatin1(text);
    } else {
      continue;
    }
    ops.push_back(op);
  }
  return ops;
}

void Ignore(HPDF_STATUS, HPDF_STATUS, void*) {}

// Where the images of the dumps are: the samples' signatures folder.
std::string ImagePath(const std::string& name) {
  return std::string(SUPERBILL_SOURCE_DIR) + "/samples/signatures/" + name;
}

bool naive = false;

std::size_t Draw(const std::vector<Op>& ops) {
  HPDF_Doc pdf = HPDF_New(Ignore, nullptr);
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_Font fonts[2] = {HPDF_GetFont(pdf, "Helvetica", "WinAnsiEncoding"),
                        HPDF_GetFont(pdf, "Helvetica-Bold", "WinAnsiEncoding")};
  HPDF_Page page = nullptr;
  std::vector<const Op*> texts;
  auto draw_texts = [&] {
    if (!page || texts.empty()) return;
    std::stable_sort(texts.begin(), texts.end(), [](const Op* a, const Op* b) {
      if (a->bold != b->bold) return !a->bold;
      return a->size < b->size;
    });
    HPDF_Page_BeginText(page);
    HPDF_Font font = nullptr;
    double size = 0;
    for (const Op* op : texts) {
      if (fonts[op->bold ? 1 : 0] != font || op->size != size) {
        font = fonts[op->bold ? 1 : 0];
        size = op->size;
        HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
      }
      HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(op->x), static_cast<HPDF_REAL>(op->y),
                        op->text.c_str());
    }
    HPDF_Page_EndText(page);
    texts.clear();
  };
  for (const Op& op : ops) {
    if (op.kind == 'p') {
      draw_texts();
      page = HPDF_AddPage(pdf);
      HPDF_Page_SetWidth(page, static_cast<HPDF_REAL>(op.x));
      HPDF_Page_SetHeight(page, static_cast<HPDF_REAL>(op.y));
    } else if (op.kind == 'i') {
      HPDF_Image image = HPDF_LoadPngImageFromFile(pdf, ImagePath(op.text).c_str());
      if (image) {
        HPDF_Page_DrawImage(page, image, static_cast<HPDF_REAL>(op.x), static_cast<HPDF_REAL>(op.y),
                            static_cast<HPDF_REAL>(op.x2), static_cast<HPDF_REAL>(op.y2));
      }
    } else if (op.kind == 'r') {
      HPDF_Page_SetLineWidth(page, static_cast<HPDF_REAL>(op.size));
      HPDF_Page_MoveTo(page, static_cast<HPDF_REAL>(op.x), static_cast<HPDF_REAL>(op.y));
      HPDF_Page_LineTo(page, static_cast<HPDF_REAL>(op.x2), static_cast<HPDF_REAL>(op.y2));
      HPDF_Page_Stroke(page);
    } else if (naive) {
      HPDF_Page_BeginText(page);
      HPDF_Page_SetFontAndSize(page, fonts[op.bold ? 1 : 0], static_cast<HPDF_REAL>(op.size));
      HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(op.x), static_cast<HPDF_REAL>(op.y),
                        op.text.c_str());
      HPDF_Page_EndText(page);
    } else {
      texts.push_back(&op);
    }
  }
  draw_texts();
  HPDF_SaveToStream(pdf);
  std::size_t size = HPDF_GetStreamSize(pdf);
  HPDF_Free(pdf);
  return size;
}

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  if (argc > 1 && std::string(argv[1]) == "--naive") {
    naive = true;
    first = 2;
  }
  if (argc < first + 2) {
    std::fprintf(stderr, "usage: %s [--naive] N DUMP...\n", argv[0]);
    return 2;
  }
  const long n = std::strtol(argv[first], nullptr, 10);
  std::vector<std::vector<Op>> dumps;
  std::size_t ops = 0;
  for (int i = first + 1; i < argc; ++i) {
    dumps.push_back(ReadDump(argv[i]));
    if (dumps.back().empty()) {
      std::fprintf(stderr, "%s: nothing to draw\n", argv[i]);
      return 2;
    }
    ops += dumps.back().size();
  }
  if (n <= 0) {
    std::fprintf(stderr, "N must be at least 1\n");
    return 2;
  }
  std::size_t bytes = 0;
  std::clock_t start = std::clock();
  for (long i = 0; i < n; ++i) {
    for (const auto& d : dumps) bytes += Draw(d);
  }
  const double docs = static_cast<double>(n) * static_cast<double>(dumps.size());
  double cpu_ms = 1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  std::printf("floor_cpu_ms_per_doc=%.4f floor_bytes_per_doc=%.0f docs=%.0f ops_per_doc=%.0f\n",
              cpu_ms / docs, static_cast<double>(bytes) / docs, docs,
              static_cast<double>(ops) / static_cast<double>(dumps.size()));
  return 0;
}
