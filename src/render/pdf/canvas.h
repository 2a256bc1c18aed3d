// PdfCanvas: the project's one wrapper around libharu. A PDF document to measure and draw
// UTF-8 text, rules and PNG images on, saved to bytes, with either the standard fonts
// (WinAnsi, nothing embedded) or TrueType fonts embedded as per-document subsets made with
// HarfBuzz (any character the fonts have, every glyph drawn whole). Only render/pdf knows
// libharu and HarfBuzz.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace superbill {

class FontLibrary;

// kMono is Courier, a standard font in every canvas (the claim form's data, printed at 10
// characters an inch): it draws Windows-1252 only, also on a TrueType canvas, so its texts
// must be ASCII (the claim forms' are); it is loaded on first use.
enum class FontStyle { kRegular, kBold, kMono };

struct CanvasFonts {
  std::string regular = "Helvetica";  // standard (base-14) font names
  std::string bold = "Helvetica-Bold";
  std::string mono = "Courier";  // FontStyle::kMono, always a standard font
  // TrueType font files; a character is drawn with the first font of the list that has it.
  std::vector<std::string> unicode_regular;
  std::vector<std::string> unicode_bold;
  // Where the TrueType fonts are read (once per batch); null: read for this canvas only.
  std::shared_ptr<const FontLibrary> library;
};

// Document information dictionary. The creation date is a calendar date (no clock time),
// so that the same input always gives the same bytes.
struct CanvasInfo {
  std::string title;
  std::string author;
  std::string creator;
  int year = 0, month = 0, day = 0;  // creation date; year 0 = none
};

class PdfCanvas {
 public:
  // `unicode` false: the standard fonts with WinAnsiEncoding (characters outside
  // Windows-1252 are drawn as '?', and needs_unicode() turns true); true: the TrueType
  // fonts, each embedded as a subset of the characters reserved with Reserve(), with a
  // ToUnicode map so that text extracts intact.
  // Throws FatalError when libharu or a font fails; messages name no document content.
  PdfCanvas(const CanvasFonts& fonts, bool unicode);
  ~PdfCanvas();
  PdfCanvas(const PdfCanvas&) = delete;
  PdfCanvas& operator=(const PdfCanvas&) = delete;

  bool unicode() const;
  // True once a text measured or drawn had a character that the standard fonts lack.
  bool needs_unicode() const;
  // The name of a style's (first) font, as shown in dumps: "Helvetica-Bold", "DejaVuSans,Book".
  const std::string& FontName(FontStyle style) const;

  // Width of `text` (UTF-8) in 1/1000 of the font size. Widths add up: the width of a text
  // is the sum of the widths of its pieces, cut anywhere but before a space.
  int Units(std::string_view text, FontStyle style);
  // Width in points of `text` at `size`.
  double TextWidth(std::string_view text, FontStyle style, double size) {
    return Units(text, style) * size / 1000.0;
  }
  // Running widths of `text` in 1/1000 of the font size: (*prefix)[i] is the width of
  // text[0, i) for every byte offset i at which a character starts, and for i = size
  // (prefix gets size + 1 entries). Lets a caller measure every piece of a text at once.
  void PrefixUnits(std::string_view text, FontStyle style, std::vector<int>* prefix);

  // TrueType canvases: every text must be reserved (its characters go into the font
  // subsets) before the first text is drawn. Does nothing with the standard fonts.
  void Reserve(std::string_view text, FontStyle style);

  // Starts a new page of the given size (points); drawing goes to the newest page.
  void AddPage(double width, double height);
  // Draws `text` with its baseline starting at (x, y), in points from the bottom left.
  void DrawText(double x, double y, std::string_view text, FontStyle style, double size);
  // Between these, the texts drawn share one text object (fewer operators in the page);
  // no line or image may be drawn then.
  void BeginTexts();
  void EndTexts();
  // `gray` 0 is black, 1 white (a wide light rule shades a band).
  void DrawLine(double x1, double y1, double x2, double y2, double width, double gray = 0);
  // Pixel size of a PNG file (loaded once per document); throws FatalError if unreadable.
  void ImageSize(const std::string& png_path, double* width, double* height);
  void DrawImage(const std::string& png_path, double x, double y, double width, double height);

  void SetInfo(const CanvasInfo& info);
  // The finished PDF. Call once, after drawing.
  std::string Save();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace superbill
