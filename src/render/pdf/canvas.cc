#include "render/pdf/canvas.h"

#include <hpdf.h>
#include <hpdf_pages.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>

#include "common/diagnostic.h"
#include "common/text.h"
#include "render/pdf/font_library.h"

namespace superbill {

namespace {

// The next code point of UTF-8 `s` at *i (advancing *i); U+FFFD for a malformed byte.
char32_t NextCodePoint(std::string_view s, std::size_t* i) {
  char32_t cp;
  if (DecodeUtf8(s, i, &cp)) return cp;
  ++*i;
  return 0xFFFD;
}

// The Windows-1252 byte of a printable code point, or 0 when it has none.
unsigned char WinAnsiByte(char32_t cp) {
  if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0xA0 && cp <= 0xFF))
    return static_cast<unsigned char>(cp);
  static const std::pair<char32_t, unsigned char> kHigh[] = {
      {0x0152, 0x8C}, {0x0153, 0x9C}, {0x0160, 0x8A}, {0x0161, 0x9A}, {0x0178, 0x9F},
      {0x017D, 0x8E}, {0x017E, 0x9E}, {0x0192, 0x83}, {0x02C6, 0x88}, {0x02DC, 0x98},
      {0x2013, 0x96}, {0x2014, 0x97}, {0x2018, 0x91}, {0x2019, 0x92}, {0x201A, 0x82},
      {0x201C, 0x93}, {0x201D, 0x94}, {0x201E, 0x84}, {0x2020, 0x86}, {0x2021, 0x87},
      {0x2022, 0x95}, {0x2026, 0x85}, {0x2030, 0x89}, {0x2039, 0x8B}, {0x203A, 0x9B},
      {0x20AC, 0x80}, {0x2122, 0x99},
  };
  for (const auto& [code, byte] : kHigh) {
    if (code == cp) return byte;
  }
  return 0;
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

// What the TrueType path draws for a code point: a space for a control character, U+FFFD
// beyond the Basic Multilingual Plane (libharu's character codes are 16 bits).
char32_t Drawable(char32_t cp) {
  if (IsControl(cp)) return ' ';
  return cp > 0xFFFF ? 0xFFFD : cp;
}

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

// Every byte of a text in the document's own encoding is part of a two-byte code.
HPDF_BOOL AnyByte(HPDF_Encoder, HPDF_BYTE) { return HPDF_TRUE; }

// The two-byte character code of the k-th character of a document: neither byte is zero,
// since libharu takes text as C strings.
constexpr std::uint32_t kMaxCodes = 255 * 255;
std::uint16_t CodeOf(std::uint32_t k) {
  return static_cast<std::uint16_t>(((k / 255 + 1) << 8) | (k % 255 + 1));
}

constexpr char kEncoderName[] = "Superbill-Identity-H";

// A number for a content stream: at most two decimals, no trailing zeros ("12.5", "-3").
void AppendReal(std::string* out, double v) {
  long long hundredths = static_cast<long long>(v * 100 + (v < 0 ? -0.5 : 0.5));
  if (hundredths < 0) {
    *out += '-';
    hundredths = -hundredths;
  }
  *out += std::to_string(hundredths / 100);
  const int frac = static_cast<int>(hundredths % 100);
  if (frac != 0) {
    *out += '.';
    *out += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) *out += static_cast<char>('0' + frac % 10);
  }
}

// A TrueType font of the canvas: the font file, the characters reserved for it, and once
// embedded, libharu's font made from their subset.
struct Face {
  const TrueTypeFont* font = nullptr;
  std::vector<char32_t> used;
  HPDF_Font font_object = nullptr;
};

}  // namespace

struct PdfCanvas::Impl {
  ErrorState state;
  HPDF_Doc pdf = nullptr;
  HPDF_Page page = nullptr;
  bool unicode = false;
  bool needs_unicode = false;
  HPDF_Font standard[3] = {nullptr, nullptr, nullptr};  // regular, bold, mono
  // Per standard font: the width of each Windows-1252 byte in 1/1000 of the font size, as
  // HPDF_Font_TextWidth sums them (measuring is the hottest path of the layout).
  int widths[3][256] = {};
  // The font and size the page's text state holds, so they are set only when they change.
  HPDF_Font current_font = nullptr;
  double current_size = 0;
  std::string names[3];
  std::map<std::string, HPDF_Image> images;
  std::string buffer;  // the bytes of the text being drawn
  // The line width and stroke gray the page's graphics state holds (-1: not set yet).
  double line_width = -1, stroke_gray = 0;
  std::string path;       // content-stream operators of a rule
  bool in_texts = false;  // inside BeginTexts() .. EndTexts()

  // TrueType canvases.
  std::shared_ptr<const FontLibrary> library;
  std::vector<Face> faces;
  std::vector<int> chains[2];  // per style: indexes into `faces`, in priority order
  bool embedded = false;
  std::vector<char32_t> characters;  // every character reserved, sorted: code k = CodeOf(k)

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

  static int Index(FontStyle style) {
    return style == FontStyle::kBold ? 1 : style == FontStyle::kMono ? 2 : 0;
  }

  // Loads the standard font of slot `s` and its widths.
  void LoadStandard(int s) {
    standard[s] = HPDF_GetFont(pdf, names[s].c_str(), "WinAnsiEncoding");
    Check("loading a standard font", standard[s] != nullptr);
    for (int b = 0x20; b < 0x100; ++b) {
      const HPDF_BYTE byte = static_cast<HPDF_BYTE>(b);
      widths[s][b] = static_cast<int>(HPDF_Font_TextWidth(standard[s], &byte, 1).width);
    }
    Check("measuring a standard font");
  }

  // Whether `style` is drawn with a standard font (loading the mono font on first use).
  bool Standard(FontStyle style) {
    if (style != FontStyle::kMono) return !unicode;
    if (!standard[2]) LoadStandard(2);
    return true;
  }

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

  // The face of the style's chain that draws `cp`: the first that has it (the first of all
  // when none has it); a space stays in the face of the character before it.
  int FaceFor(char32_t cp, const std::vector<int>& chain, int previous) const {
    if (cp == ' ' && previous >= 0) return previous;
    for (int candidate : chain) {
      if (faces[candidate].font->Has(cp)) return candidate;
    }
    return chain.front();
  }

  void SetFont(HPDF_Font font, double size) {
    if (font == current_font && size == current_size) return;
    HPDF_Page_SetFontAndSize(page, font, static_cast<HPDF_REAL>(size));
    current_font = font;
    current_size = size;
  }

  // The document's two-byte encoding: character code -> CID (the same number) and code ->
  // Unicode, for every character reserved. Made once, before the fonts that use it.
  void MakeEncoder() {
    HPDF_Encoder encoder =
        HPDF_CMapEncoder_New(pdf->mmgr, const_cast<char*>(kEncoderName), nullptr);
    Check("creating the text encoding", encoder != nullptr);
    // HPDF_CMapEncoder_InitAttr clears its 256 KB of tables byte by byte; a plain memset
    // does the same work in a fraction of the time.
    auto* attr =
        static_cast<HPDF_CMapEncoderAttr>(HPDF_GetMem(pdf->mmgr, sizeof(HPDF_CMapEncoderAttr_Rec)));
    if (!attr) {
      HPDF_Encoder_Free(encoder);
      Check("creating the text encoding", false);
    }
    std::memset(attr, 0, sizeof *attr);
    encoder->attr = attr;
    attr->cmap_range = HPDF_List_New(pdf->mmgr, 8);
    attr->notdef_range = HPDF_List_New(pdf->mmgr, 8);
    attr->code_space_range = HPDF_List_New(pdf->mmgr, 8);
    if (!attr->cmap_range || !attr->notdef_range || !attr->code_space_range) {
      HPDF_Encoder_Free(encoder);
      Check("creating the text encoding", false);
    }
    attr->writing_mode = HPDF_WMODE_HORIZONTAL;
    attr->is_lead_byte_fn = AnyByte;
    attr->is_trial_byte_fn = AnyByte;
    attr->uid_offset = -1;
    std::snprintf(attr->registry, sizeof attr->registry, "%s", "Adobe");
    // "Identity-H" makes libharu write /Encoding /Identity-H (code = CID); the descendant
    // font's CIDSystemInfo is corrected to Adobe-Identity afterwards.
    std::snprintf(attr->ordering, sizeof attr->ordering, "%s", "Identity-H");
    // libharu sizes each font's width array and CIDToGIDMap by the highest CID, and leaves
    // that CID itself out: one code past the last character keeps the last one in.
    for (std::uint32_t k = 0; k <= characters.size(); ++k) {
      const std::uint16_t code = CodeOf(k);
      const unsigned lo = code & 0xFF, hi = code >> 8;
      attr->cid_map[lo][hi] = code;
      attr->unicode_map[lo][hi] =
          static_cast<HPDF_UNICODE>(k < characters.size() ? characters[k] : ' ');
    }
    encoder->type = HPDF_ENCODER_TYPE_DOUBLE_BYTE;
    HPDF_Doc_RegisterEncoder(pdf, encoder);
    Check("registering the text encoding");
  }

  // Hands libharu the subset of `face` through a memory file (memfd_create): libharu 2.3
  // reads fonts only from a named file, and a memory file needs no folder, cannot collide
  // with another process's and leaves nothing behind, even if the process is killed.
  void EmbedFace(Face& face) {
    const std::string bytes = face.font->Subset(face.used);
    const int fd = ::memfd_create("superbill-font", MFD_CLOEXEC);
    if (fd < 0) throw FatalError("cannot create a memory file for a font subset");
    std::size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        ::close(fd);
        throw FatalError("cannot write a font subset to a memory file");
      }
      done += static_cast<std::size_t>(n);
    }
    char path[64];
    std::snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    // libharu opens the file itself and keeps it open (it reads the glyphs again when
    // saving); our descriptor is not needed after that.
    const char* name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
    ::close(fd);
    if (!name || state.error != HPDF_OK) {
      throw FatalError("cannot load the subset of the TrueType font " + face.font->path());
    }
    for (const Face& other : faces) {
      if (other.font_object && name == std::string(HPDF_Font_GetFontName(other.font_object))) {
        throw FatalError("two TrueType fonts have the same name: " + face.font->path());
      }
    }
    HPDF_FontDef def = HPDF_GetFontDef(pdf, name);
    Check("loading a font subset", def != nullptr);
    // libharu writes only the glyphs it saw drawn and clears the others, among them the
    // pieces (accents, tildes, horns) that composite glyphs are built from. The subset
    // holds exactly what this document needs: keep every glyph of it.
    auto* tt = static_cast<HPDF_TTFontDefAttr>(def->attr);
    for (unsigned g = 0; g < tt->num_glyphs; ++g) tt->glyph_tbl.flgs[g] = 1;
    face.font_object = HPDF_GetFont(pdf, name, kEncoderName);
    Check("adding a TrueType font", face.font_object != nullptr);
    auto* font_attr = static_cast<HPDF_FontAttr>(face.font_object->attr);
    auto info = static_cast<HPDF_Dict>(
        HPDF_Dict_GetItem(font_attr->descendant_font, "CIDSystemInfo", HPDF_OCLASS_DICT));
    if (info) HPDF_Dict_Add(info, "Ordering", HPDF_String_New(pdf->mmgr, "Identity", nullptr));
    Check("describing a TrueType font");
  }

  // Assigns the reserved characters their codes and embeds every face that has any.
  void Embed() {
    embedded = true;
    for (Face& f : faces) {
      std::sort(f.used.begin(), f.used.end());
      f.used.erase(std::unique(f.used.begin(), f.used.end()), f.used.end());
      characters.insert(characters.end(), f.used.begin(), f.used.end());
    }
    std::sort(characters.begin(), characters.end());
    characters.erase(std::unique(characters.begin(), characters.end()), characters.end());
    if (characters.size() >= kMaxCodes) throw FatalError("too many different characters");
    MakeEncoder();
    for (Face& f : faces) {
      if (!f.used.empty()) EmbedFace(f);
    }
  }

  // The character code of `cp`; 0 when it was not reserved.
  std::uint16_t CodeFor(char32_t cp) const {
    auto it = std::lower_bound(characters.begin(), characters.end(), cp);
    if (it == characters.end() || *it != cp) return 0;
    return CodeOf(static_cast<std::uint32_t>(it - characters.begin()));
  }

  // libharu's ToUnicode stream for our encoding is a CID CMap (begincidrange), which text
  // extraction rejects: rewrite it as a ToUnicode CMap with one bfchar per character code
  // the font draws.
  void FixToUnicode(const Face& f) {
    auto* attr = static_cast<HPDF_FontAttr>(f.font_object->attr);
    if (!attr || !attr->cmap_stream || !attr->cmap_stream->stream) return;
    auto cmap =
        static_cast<HPDF_Dict>(HPDF_Dict_GetItem(f.font_object, "ToUnicode", HPDF_OCLASS_DICT));
    if (cmap != attr->cmap_stream) return;  // a libharu that writes its own: leave it
    std::string s =
        "/CIDInit /ProcSet findresource begin\n"
        "12 dict begin\n"
        "begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    for (std::size_t start = 0; start < f.used.size(); start += 100) {
      const std::size_t end = std::min(f.used.size(), start + 100);
      s += std::to_string(end - start) + " beginbfchar\n";
      char buf[32];
      for (std::size_t k = start; k < end; ++k) {
        std::snprintf(buf, sizeof buf, "<%04X> <%04X>\n", CodeFor(f.used[k]),
                      static_cast<unsigned>(f.used[k]));
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

  void DrawUnicode(double x, double y, std::string_view text, FontStyle style, double size) {
    if (!embedded) Embed();
    const std::vector<int>& chain = chains[Index(style)];
    double pen = x;
    int previous = -1, run_face = -1;
    std::int64_t run_units = 0;  // a long run would overflow an int
    buffer.clear();
    auto flush = [&] {
      if (buffer.empty()) return;
      Face& f = faces[run_face];
      SetFont(f.font_object, size);
      HPDF_Page_TextOut(page, static_cast<HPDF_REAL>(pen), static_cast<HPDF_REAL>(y),
                        buffer.c_str());
      pen += run_units * size / 1000.0;
      buffer.clear();
      run_units = 0;
    };
    std::size_t i = 0;
    while (i < text.size()) {
      const char32_t cp = Drawable(NextCodePoint(text, &i));
      const int face = FaceFor(cp, chain, previous);
      previous = face;
      const std::uint16_t code = CodeFor(cp);
      if (code == 0) throw FatalError("a text was drawn that was not reserved");
      if (face != run_face) {
        flush();
        run_face = face;
      }
      buffer += static_cast<char>(code >> 8);
      buffer += static_cast<char>(code & 0xFF);
      run_units += faces[face].font->Advance(cp);
    }
    flush();
  }
};

PdfCanvas::PdfCanvas(const CanvasFonts& fonts, bool unicode) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.unicode = unicode;
  m.pdf = HPDF_New(OnHaruError, &m.state);
  m.Check("creating the document", m.pdf != nullptr);
  HPDF_SetCompressionMode(m.pdf, HPDF_COMP_ALL);
  m.Check("setting up the document");
  m.names[2] = fonts.mono;
  if (!unicode) {
    m.names[0] = fonts.regular;
    m.names[1] = fonts.bold;
    for (int s = 0; s < 2; ++s) m.LoadStandard(s);
    return;
  }
  m.library = fonts.library ? fonts.library : std::make_shared<FontLibrary>();
  const std::vector<std::string>* lists[2] = {&fonts.unicode_regular, &fonts.unicode_bold};
  for (int s = 0; s < 2; ++s) {
    if (lists[s]->empty()) throw FatalError("no TrueType font is configured");
    for (const auto& path : *lists[s]) {
      const TrueTypeFont& font = m.library->Get(path);
      int index = -1;
      for (std::size_t k = 0; k < m.faces.size(); ++k) {
        if (m.faces[k].font == &font) index = static_cast<int>(k);
      }
      if (index < 0) {
        m.faces.push_back(Face{&font, {}, nullptr});
        index = static_cast<int>(m.faces.size()) - 1;
      }
      m.chains[s].push_back(index);
    }
    m.names[s] = m.faces[m.chains[s].front()].font->pdf_name();
  }
}

PdfCanvas::~PdfCanvas() = default;

bool PdfCanvas::unicode() const { return impl_->unicode; }
bool PdfCanvas::needs_unicode() const { return impl_->needs_unicode; }

const std::string& PdfCanvas::FontName(FontStyle style) const {
  return impl_->names[Impl::Index(style)];
}

namespace {

// A sum of glyph widths (1/1000 em each, at most a few thousand) as an int: a text of a
// million characters would overflow a plain int sum (undefined behaviour); such a text is
// wider than any page anyway, so the width saturates.
int Clamped(std::int64_t units) {
  return static_cast<int>(std::min<std::int64_t>(units, std::numeric_limits<int>::max()));
}

}  // namespace

int PdfCanvas::Units(std::string_view text, FontStyle style) {
  Impl& m = *impl_;
  std::int64_t total = 0;
  std::size_t i = 0;
  if (m.Standard(style)) {
    const int* w = m.widths[Impl::Index(style)];
    while (i < text.size()) total += w[m.NextWinAnsiByte(text, &i)];
    return Clamped(total);
  }
  const std::vector<int>& chain = m.chains[Impl::Index(style)];
  int previous = -1;
  while (i < text.size()) {
    const char32_t cp = Drawable(NextCodePoint(text, &i));
    previous = m.FaceFor(cp, chain, previous);
    total += m.faces[previous].font->Advance(cp);
  }
  return Clamped(total);
}

void PdfCanvas::PrefixUnits(std::string_view text, FontStyle style, std::vector<int>* prefix) {
  Impl& m = *impl_;
  prefix->resize(text.size() + 1);
  int* out = prefix->data();
  std::int64_t total = 0;
  std::size_t i = 0;
  if (m.Standard(style)) {
    const int* w = m.widths[Impl::Index(style)];
    while (i < text.size()) {
      const std::size_t start = i;
      const int width = w[m.NextWinAnsiByte(text, &i)];
      for (std::size_t k = start; k < i; ++k) out[k] = Clamped(total);
      total += width;
    }
    out[text.size()] = Clamped(total);
    return;
  }
  const std::vector<int>& chain = m.chains[Impl::Index(style)];
  int previous = -1;
  while (i < text.size()) {
    const std::size_t start = i;
    const char32_t cp = Drawable(NextCodePoint(text, &i));
    previous = m.FaceFor(cp, chain, previous);
    for (std::size_t k = start; k < i; ++k) out[k] = Clamped(total);
    total += m.faces[previous].font->Advance(cp);
  }
  out[text.size()] = Clamped(total);
}

void PdfCanvas::Reserve(std::string_view text, FontStyle style) {
  Impl& m = *impl_;
  if (m.Standard(style)) return;
  if (m.embedded) throw FatalError("a text was reserved after drawing began");
  const std::vector<int>& chain = m.chains[Impl::Index(style)];
  int previous = -1;
  std::size_t i = 0;
  while (i < text.size()) {
    const char32_t cp = Drawable(NextCodePoint(text, &i));
    previous = m.FaceFor(cp, chain, previous);
    m.faces[previous].used.push_back(cp);
  }
}

void PdfCanvas::AddPage(double width, double height) {
  Impl& m = *impl_;
  m.page = HPDF_AddPage(m.pdf);
  m.Check("adding a page", m.page != nullptr);
  HPDF_Page_SetWidth(m.page, static_cast<HPDF_REAL>(width));
  HPDF_Page_SetHeight(m.page, static_cast<HPDF_REAL>(height));
  m.Check("sizing a page");
  m.current_font = nullptr;  // a new page starts with no font set
  m.line_width = -1;
  m.stroke_gray = 0;
}

void PdfCanvas::DrawText(double x, double y, std::string_view text, FontStyle style, double size) {
  Impl& m = *impl_;
  if (text.empty()) return;
  m.Check("drawing before a page was added", m.page != nullptr);
  if (!m.in_texts) HPDF_Page_BeginText(m.page);
  if (m.Standard(style)) {
    m.buffer.clear();
    std::size_t i = 0;
    while (i < text.size()) m.buffer += static_cast<char>(m.NextWinAnsiByte(text, &i));
    m.SetFont(m.standard[Impl::Index(style)], size);
    HPDF_Page_TextOut(m.page, static_cast<HPDF_REAL>(x), static_cast<HPDF_REAL>(y),
                      m.buffer.c_str());
  } else {
    m.DrawUnicode(x, y, text, style, size);
  }
  if (!m.in_texts) HPDF_Page_EndText(m.page);
  m.Check("drawing text");
}

void PdfCanvas::BeginTexts() {
  Impl& m = *impl_;
  m.Check("drawing before a page was added", m.page != nullptr);
  if (m.in_texts) return;
  HPDF_Page_BeginText(m.page);
  m.in_texts = true;
  m.Check("beginning a text object");
}

void PdfCanvas::EndTexts() {
  Impl& m = *impl_;
  if (!m.in_texts) return;
  HPDF_Page_EndText(m.page);
  m.in_texts = false;
  m.Check("ending a text object");
}

void PdfCanvas::DrawLine(double x1, double y1, double x2, double y2, double width, double gray) {
  Impl& m = *impl_;
  m.Check("drawing before a page was added", m.page != nullptr);
  if (m.in_texts) throw FatalError("a line was drawn inside a text object");
  // The operators go straight into the page's content stream: HPDF_Page_MoveTo and LineTo
  // clear a buffer byte by byte for every number (a claim form has a thousand rules a page).
  // Only the width and gray change the graphics state, and libharu is not asked for either.
  std::string& p = m.path;
  p.clear();
  if (width != m.line_width) {
    AppendReal(&p, width);
    p += " w\n";
    m.line_width = width;
  }
  if (gray != m.stroke_gray) {
    AppendReal(&p, gray);
    p += " G\n";
    m.stroke_gray = gray;
  }
  AppendReal(&p, x1);
  p += ' ';
  AppendReal(&p, y1);
  p += " m ";
  AppendReal(&p, x2);
  p += ' ';
  AppendReal(&p, y2);
  p += " l S\n";
  auto* attr = static_cast<HPDF_PageAttr>(m.page->attr);
  m.Check("drawing a line", attr && attr->gmode == HPDF_GMODE_PAGE_DESCRIPTION);
  HPDF_Stream_Write(attr->stream, reinterpret_cast<const HPDF_BYTE*>(p.data()),
                    static_cast<HPDF_UINT>(p.size()));
  m.Check("drawing a line");
}

void PdfCanvas::ImageSize(const std::string& png_path, double* width, double* height) {
  Impl& m = *impl_;
  auto it = m.images.find(png_path);
  if (it == m.images.end()) {
    HPDF_Image image = HPDF_LoadPngImageFromFile(m.pdf, png_path.c_str());
    if (!image || m.state.error != HPDF_OK)
      throw FatalError("cannot load the PNG image " + png_path);
    // libharu 2.3 stores a PNG's pixels (and its alpha mask) uncompressed whatever the
    // compression mode: deflate them like every other stream (a 480 x 120 signature is
    // 58 KB raw, 4 KB deflated).
    image->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    if (auto mask = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(image, "SMask", HPDF_OCLASS_DICT))) {
      mask->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    }
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
  if (m.in_texts) throw FatalError("an image was drawn inside a text object");
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
    HPDF_UseUTFEncodings(m.pdf);
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
  for (const Face& f : m.faces) {
    if (f.font_object) m.FixToUnicode(f);
  }
  HPDF_SaveToStream(m.pdf);
  m.Check("saving the document");
  HPDF_ResetStream(m.pdf);
  std::string out;
  out.reserve(HPDF_GetStreamSize(m.pdf));
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
