#include "render/pdf_canvas.h"

#include <hpdf.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "common/diagnostic.h"
#include "common/text.h"

namespace superbill {

namespace {

// The next code point of UTF-8 `s` at *i (advancing *i); U+FFFD for a malformed byte.
char32_t NextCodePoint(std::string_view s, std::size_t* i) {
  char32_t cp;
  if (DecodeUtf8(s, i, &cp)) return cp;
  ++*i;
  return 0xFFFD;
}

void AppendUtf8(std::string* out, char32_t cp) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The Windows-1252 byte of a printable code point, or 0 when it has none.
unsigned char WinAnsiByte(char32_t cp) {
  if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
    return static_cast<unsigned char>(cp);
  switch (cp) {
    case 0x20AC:
      return 0x80;  // €
    case 0x201A:
      return 0x82;
    case 0x0192:
      return 0x83;
    case 0x201E:
      return 0x84;
    case 0x2026:
      return 0x85;  // …
    case 0x2020:
      return 0x86;
    case 0x2021:
      return 0x87;
    case 0x02C6:
      return 0x88;
    case 0x2030:
      return 0x89;
    case 0x0160:
      return 0x8A;
    case 0x2039:
      return 0x8B;
    case 0x0152:
      return 0x8C;
    case 0x017D:
      return 0x8E;
    case 0x2018:
      return 0x91;
    case 0x2019:
      return 0x92;
    case 0x201C:
      return 0x93;
    case 0x201D:
      return 0x94;
    case 0x2022:
      return 0x95;
    case 0x2013:
      return 0x96;  // en dash
    case 0x2014:
      return 0x97;  // em dash
    case 0x02DC:
      return 0x98;
    case 0x2122:
      return 0x99;
    case 0x0161:
      return 0x9A;
    case 0x203A:
      return 0x9B;
    case 0x0153:
      return 0x9C;
    case 0x017E:
      return 0x9E;
    case 0x0178:
      return 0x9F;
    default:
      return 0;
  }
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

// What libharu reports through its error callback; the callback never throws.
struct ErrorState {
  HPDF_STATUS error = HPDF_OK;
  HPDF_STATUS detail = 0;
};

void OnHaruError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) noexcept {
  auto* state = static_cast<ErrorState*>(user_data);
  if (state->error == HPDF_OK) {
    state->error = error_no;
    state->detail = detail_no;
  }
}

// An embedded TrueType font: loaded when the canvas is made, added to the document (and so
// embedded) only when something is drawn with it.
struct TrueType {
  std::string path;
  std::string name;  // libharu's font name, e.g. "DejaVuSans"
  HPDF_FontDef def = nullptr;
  HPDF_Font font = nullptr;
  std::set<HPDF_UINT16> used;  // code points drawn, for the ToUnicode map
};

// A piece of text drawn with one TrueType font.
struct Run {
  int font = 0;
  std::string text;
  double units = 0;  // width in 1/1000 of the font size
};

}  // namespace

struct PdfCanvas::Impl {
  ErrorState state;
  HPDF_Doc pdf = nullptr;
  HPDF_Page page = nullptr;
  bool unicode = false;
  bool needs_unicode = false;
  HPDF_Font standard[2] = {nullptr, nullptr};
  // Per standard font: the width of each Windows-1252 byte in 1/1000 of the font size, as
  // HPDF_Font_TextWidth sums them (measuring is the hottest path of the layout).
  HPDF_INT widths[2][256] = {};
  // The font and size the page's text state holds, so they are set only when they change.
  HPDF_Font current_font = nullptr;
  double current_size = 0;
  std::string names[2];
  std::vector<TrueType> fonts;
  std::vector<int> chains[2];  // per style: indexes into `fonts`, in priority order
  std::map<std::string, HPDF_Image> images;

  ~Impl() {
    if (pdf) HPDF_Free(pdf);
  }

  // Throws when libharu reported an error (or a call returned nothing).
  void Check(const char* what, bool ok = true) {
    // Some failures are only recorded in the document, not reported through the callback.
    if (state.error == HPDF_OK && pdf && HPDF_GetError(pdf) != HPDF_OK) {
      state.error = HPDF_GetError(pdf);
      state.detail = HPDF_GetErrorDetail(pdf);
    }
    if (state.error == HPDF_OK && ok) return;
    char buf[160];
    std::snprintf(buf, sizeof buf, "PDF library error 0x%04X (detail %u) while %s",
                  static_cast<unsigned>(state.error), static_cast<unsigned>(state.detail), what);
    throw FatalError(std::string(buf));
  }

  int Index(FontStyle style) const { return style == FontStyle::kBold ? 1 : 0; }

  // The Windows-1252 byte of the character of `text` at *i (advancing *i): a space for a
  // control character, '?' for one the encoding lacks (and needs_unicode turns true).
  unsigned char NextWinAnsiByte(std::string_view text, std::size_t* i) {
    auto c = static_cast<unsigned char>(text[*i]);
    if (c >= 0x20 && c < 0x7F) {  // ASCII, nearly every character of a superbill
      ++*i;
      return c;
    }
    char32_t cp = NextCodePoint(text, i);
    if (IsControl(cp)) return ' ';
    unsigned char b = WinAnsiByte(cp);
    if (b != 0) return b;
    needs_unicode = true;
    return '?';
  }

  // Windows-1252 bytes of `text`.
  std::string ToWinAnsi(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) out += static_cast<char>(NextWinAnsiByte(text, &i));
    return out;
  }

  // The width of `text` in the standard font `index`, in 1/1000 of the font size: the sum
  // of its Windows-1252 bytes' widths, as HPDF_Font_TextWidth would give.
  HPDF_INT WinAnsiWidth(std::string_view text, int index) {
    HPDF_INT total = 0;
    std::size_t i = 0;
    while (i < text.size()) total += widths[index][NextWinAnsiByte(text, &i)];
    return total;
  }

  void SetFont(HPDF_Font font, double size) {
    if (font == current_font && size == current_size) return;
    HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
    current_font = font;
    current_size = size;
  }

  // Splits `text` into runs by the first font of the style's chain that has each character.
  std::vector<Run> Runs(std::string_view text, FontStyle style) {
    const std::vector<int>& chain = chains[Index(style)];
    std::vector<Run> runs;
    std::size_t i = 0;
    while (i < text.size()) {
      char32_t cp = NextCodePoint(text, &i);
      if (IsControl(cp)) cp = ' ';
      if (cp > 0xFFFF) cp = 0xFFFD;  // libharu's UTF-8 path covers the BMP only
      int font = chain.front();
      if (cp == ' ' && !runs.empty()) {
        font = runs.back().font;
      } else {
        for (int candidate : chain) {
          if (HPDF_TTFontDef_GetGlyphid(fonts[candidate].def, static_cast<HPDF_UINT16>(cp)) != 0) {
            font = candidate;
            break;
          }
        }
      }
      if (runs.empty() || runs.back().font != font) runs.push_back({font, "", 0});
      AppendUtf8(&runs.back().text, cp);
      runs.back().units +=
          HPDF_TTFontDef_GetCharWidth(fonts[font].def, static_cast<HPDF_UINT16>(cp));
    }
    return runs;
  }

  HPDF_Font FontOf(int index) {
    TrueType& f = fonts[index];
    if (!f.font) {
      f.font = HPDF_GetFont(pdf, f.name.c_str(), "UTF-8");
      Check("adding a TrueType font", f.font != nullptr);
    }
    return f.font;
  }

  // libharu 2.3.0 gives an Identity-H TrueType font a "ToUnicode" stream that is really a CID
  // CMap (begincidrange), which text extraction rejects. The codes it writes are UCS-2 code
  // points, so the right map is the identity: rewrite the stream with one bfchar per code
  // point drawn.
  void FixToUnicode(TrueType& f) {
    auto* attr = static_cast<HPDF_FontAttr>(f.font->attr);
    if (!attr || !attr->cmap_stream || !attr->cmap_stream->stream) return;
    auto cmap = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(f.font, "ToUnicode", HPDF_OCLASS_DICT));
    if (cmap != attr->cmap_stream) return;  // a libharu that writes its own: leave it
    std::string s =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    std::vector<HPDF_UINT16> codes(f.used.begin(), f.used.end());
    for (std::size_t start = 0; start < codes.size(); start += 100) {
      std::size_t end = std::min(codes.size(), start + 100);
      s += std::to_string(end - start) + " beginbfchar\n";
      char buf[32];
      for (std::size_t k = start; k < end; ++k) {
        std::snprintf(buf, sizeof buf, "<%04X> <%04X>\n", codes[k], codes[k]);
        s += buf;
      }
      s += "endbfchar\n";
    }
    s += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    HPDF_MemStream_FreeData(cmap->stream);
    HPDF_Stream_WriteStr(cmap->stream, s.c_str());
    for (const char* key : {"Type", "CMapName", "CIDSystemInfo", "WMode"}) {
      HPDF_Dict_RemoveElement(cmap, key);  // returns "not found" without raising an error
    }
    Check("writing a ToUnicode map");
  }
};

PdfCanvas::PdfCanvas(const CanvasFonts& fonts, bool unicode) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.unicode = unicode;
  m.pdf = HPDF_New(OnHaruError, &m.state);
  m.Check("creating the document", m.pdf != nullptr);
  HPDF_SetCompressionMode(m.pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(m.pdf);
  m.Check("setting up the document");
  if (!unicode) {
    m.names[0] = fonts.regular;
    m.names[1] = fonts.bold;
    for (int s = 0; s < 2; ++s) {
      m.standard[s] = HPDF_GetFont(m.pdf, m.names[s].c_str(), "WinAnsiEncoding");
      m.Check("loading a standard font", m.standard[s] != nullptr);
      for (int b = 0x20; b < 0x100; ++b) {
        const HPDF_BYTE byte = static_cast<HPDF_BYTE>(b);
        m.widths[s][b] = static_cast<HPDF_INT>(HPDF_Font_TextWidth(m.standard[s], &byte, 1).width);
      }
      m.Check("measuring a standard font");
    }
    return;
  }
  const std::vector<std::string>* lists[2] = {&fonts.unicode_regular, &fonts.unicode_bold};
  for (int s = 0; s < 2; ++s) {
    if (lists[s]->empty()) throw FatalError("no TrueType font is configured");
    for (const auto& path : *lists[s]) {
      int index = -1;
      for (std::size_t k = 0; k < m.fonts.size(); ++k) {
        if (m.fonts[k].path == path) index = static_cast<int>(k);
      }
      if (index < 0) {
        const char* name = HPDF_LoadTTFontFromFile(m.pdf, path.c_str(), HPDF_TRUE);
        if (!name || m.state.error != HPDF_OK) {
          throw FatalError("cannot load the TrueType font " + path);
        }
        TrueType f;
        f.path = path;
        f.name = name;
        f.def = HPDF_GetFontDef(m.pdf, name);
        m.Check("loading a TrueType font", f.def != nullptr);
        m.fonts.push_back(f);
        index = static_cast<int>(m.fonts.size()) - 1;
      }
      m.chains[s].push_back(index);
    }
    m.names[s] = m.fonts[m.chains[s].front()].name;
  }
}

PdfCanvas::~PdfCanvas() = default;

bool PdfCanvas::unicode() const { return impl_->unicode; }
bool PdfCanvas::needs_unicode() const { return impl_->needs_unicode; }

const std::string& PdfCanvas::FontName(FontStyle style) const {
  return impl_->names[impl_->Index(style)];
}

double PdfCanvas::TextWidth(std::string_view text, FontStyle style, double size) {
  Impl& m = *impl_;
  if (text.empty()) return 0;
  if (!m.unicode) return m.WinAnsiWidth(text, m.Index(style)) * size / 1000.0;
  double units = 0;
  for (const Run& run : m.Runs(text, style)) units += run.units;
  m.Check("measuring text");
  return units * size / 1000.0;
}

void PdfCanvas::AddPage(double width, double height) {
  Impl& m = *impl_;
  m.page = HPDF_AddPage(m.pdf);
  m.Check("adding a page", m.page != nullptr);
  HPDF_Page_SetWidth(m.page, static_cast<HPDF_REAL>(width));
  HPDF_Page_SetHeight(m.page, static_cast<HPDF_REAL>(height));
  m.Check("sizing a page");
  m.current_font = nullptr;  // a new page starts with no font set
}

void PdfCanvas::DrawText(double x, double y, std::string_view text, FontStyle style, double size) {
  Impl& m = *impl_;
  if (text.empty()) return;
  m.Check("drawing before a page was added", m.page != nullptr);
  HPDF_Page_BeginText(m.page);
  if (!m.unicode) {
    std::string bytes = m.ToWinAnsi(text);
    m.SetFont(m.standard[m.Index(style)], size);
    HPDF_Page_TextOut(m.page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y), bytes.c_str());
  } else {
    double pen = x;
    for (const Run& run : m.Runs(text, style)) {
      m.SetFont(m.FontOf(run.font), size);
      HPDF_Page_TextOut(m.page, static_cast<HPDF_REAL>(pen), static_cast<HPDF_REAL>(y),
                        run.text.c_str());
      std::size_t i = 0;
      while (i < run.text.size()) {
        m.fonts[run.font].used.insert(static_cast<HPDF_UINT16>(NextCodePoint(run.text, &i)));
      }
      pen += run.units * size / 1000.0;
    }
  }
  HPDF_Page_EndText(m.page);
  m.Check("drawing text");
}

void PdfCanvas::DrawLine(double x1, double y1, double x2, double y2, double width) {
  Impl& m = *impl_;
  m.Check("drawing before a page was added", m.page != nullptr);
  HPDF_Page_SetLineWidth(m.page, static_cast<HPDF_REAL>(width));
  HPDF_Page_MoveTo(m.page, static_cast<HPDF_REAL>(x1), static_cast<HPDF_REAL>(y1));
  HPDF_Page_LineTo(m.page, static_cast<HPDF_REAL>(x2), static_cast<HPDF_REAL>(y2));
  HPDF_Page_Stroke(m.page);
  m.Check("drawing a line");
}

void PdfCanvas::ImageSize(const std::string& png_path, double* width, double* height) {
  Impl& m = *impl_;
  auto it = m.images.find(png_path);
  if (it == m.images.end()) {
    HPDF_Image image = HPDF_LoadPngImageFromFile(m.pdf, png_path.c_str());
    if (!image || m.state.error != HPDF_OK)
      throw FatalError("cannot load the PNG image " + png_path);
    it = m.images.emplace(png_path, image).first;
  }
  *width = HPDF_Image_GetWidth(it->second);
  *height = HPDF_Image_GetHeight(it->second);
  m.Check("reading an image size");
}

void PdfCanvas::DrawImage(const std::string& png_path, double x, double y, double width,
                          double height) {
  Impl& m = *impl_;
  double w, h;
  ImageSize(png_path, &w, &h);
  m.Check("drawing before a page was added", m.page != nullptr);
  HPDF_Page_DrawImage(m.page, m.images[png_path], static_cast<HPDF_REAL>(x),
                      static_cast<HPDF_REAL>(y), static_cast<HPDF_REAL>(width),
                      static_cast<HPDF_REAL>(height));
  m.Check("drawing an image");
}

void PdfCanvas::SetInfo(const CanvasInfo& info) {
  Impl& m = *impl_;
  // Text beyond ASCII needs libharu's UTF-8 encoder, which is costly to set up (about a
  // third of a plain superbill's drawing time): only then is it made.
  auto ascii = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  };
  if (!ascii(info.title) || !ascii(info.author) || !ascii(info.creator)) {
    HPDF_SetCurrentEncoder(m.pdf, "UTF-8");
    m.Check("setting up the text encoding");
  }
  if (!info.title.empty()) HPDF_SetInfoAttr(m.pdf, HPDF_INFO_TITLE, info.title.c_str());
  if (!info.author.empty()) HPDF_SetInfoAttr(m.pdf, HPDF_INFO_AUTHOR, info.author.c_str());
  if (!info.creator.empty()) HPDF_SetInfoAttr(m.pdf, HPDF_INFO_CREATOR, info.creator.c_str());
  if (info.year > 0) {
    HPDF_Date date{};
    date.year = info.year;
    date.month = info.month;
    date.day = info.day;
    date.ind = 'Z';
    HPDF_SetInfoDateAttr(m.pdf, HPDF_INFO_CREATION_DATE, date);
  }
  m.Check("setting the document information");
}

std::string PdfCanvas::Save() {
  Impl& m = *impl_;
  for (TrueType& f : m.fonts) {
    if (f.font) m.FixToUnicode(f);
  }
  HPDF_SaveToStream(m.pdf);
  m.Check("saving the document");
  HPDF_ResetStream(m.pdf);
  std::string out;
  HPDF_BYTE buf[8192];
  for (;;) {
    HPDF_UINT32 size = sizeof buf;
    HPDF_STATUS status = HPDF_ReadFromStream(m.pdf, buf, &size);
    out.append(reinterpret_cast<const char*>(buf), size);
    if (status == HPDF_STREAM_EOF) break;
    if (status != HPDF_OK) m.Check("reading the saved document", false);
  }
  // Reading to the end of the stream is reported as an error; it is not one.
  HPDF_ResetError(m.pdf);
  m.state = ErrorState{};
  return out;
}

}  // namespace superbill
