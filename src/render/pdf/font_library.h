// TrueType fonts read once per batch with HarfBuzz and shared read-only by every document
// and worker thread: which characters a font has, their advance widths (what the layout
// measures), and a per-document subset of the font (hb-subset) for embedding. Only
// render/pdf uses it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// HarfBuzz types, declared here so that users of this header need no HarfBuzz headers.
struct hb_face_t;
struct hb_font_t;

namespace superbill {

// One TrueType font file. Immutable once loaded; every member function may be called from
// several threads at once.
class TrueTypeFont {
 public:
  // Reads `path`; throws FatalError (naming the path) when it is not a readable TrueType
  // font with a Unicode character map.
  explicit TrueTypeFont(const std::string& path);
  ~TrueTypeFont();
  TrueTypeFont(const TrueTypeFont&) = delete;
  TrueTypeFont& operator=(const TrueTypeFont&) = delete;

  const std::string& path() const { return path_; }
  // The name libharu gives the font: the PostScript name, then ",Subfamily" unless the
  // subfamily is Regular ("DejaVuSans,Book", "DejaVuSans-Bold,Bold").
  const std::string& pdf_name() const { return pdf_name_; }

  // Whether the font has a glyph for `cp`.
  bool Has(char32_t cp) const;
  // The advance width of `cp` in 1/1000 of the font size, truncated as libharu writes it
  // in the PDF's width array (so that measured and drawn widths agree); the width of the
  // .notdef glyph when the font lacks `cp`.
  int Advance(char32_t cp) const;

  // A TrueType font holding only the glyphs of `code_points` (Unicode, below U+10000) and
  // the glyphs they are built from, renumbered from 0 (no retained glyph ids), without
  // hinting or layout tables: the font file to embed in one document. Throws FatalError.
  std::string Subset(const std::vector<char32_t>& code_points) const;

 private:
  // Advances (1/1000 em) of the code points below kTableSize, -1 where the font has no
  // glyph: measuring Latin, Greek, Cyrillic and Vietnamese text needs no HarfBuzz call.
  static constexpr char32_t kTableSize = 0x2200;

  bool Lookup(char32_t cp, int* advance) const;

  std::string path_;
  std::string pdf_name_;
  hb_face_t* face_ = nullptr;
  hb_font_t* font_ = nullptr;
  unsigned upem_ = 1000;
  int notdef_advance_ = 0;
  std::vector<std::int16_t> table_;
};

// The TrueType fonts of a run, each read on first use and kept. Thread-safe.
class FontLibrary {
 public:
  // The font at `path`, read now if it was not yet. Throws FatalError when it cannot be.
  const TrueTypeFont& Get(const std::string& path) const;

 private:
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::unique_ptr<TrueTypeFont>> fonts_;
};

}  // namespace superbill
