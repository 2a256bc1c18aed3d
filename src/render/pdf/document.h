// A rendered PDF document, as every PDF renderer (superbill, CMS-1500, packet) returns it.
#pragma once

#include <functional>
#include <string>

#include "render/pdf/canvas.h"
#include "render/pdf/display.h"

namespace superbill {

struct PdfDocument {
  std::string bytes;  // the PDF file
  // What was drawn, one item a line, for golden tests: "page N W H", "text X Y w=W FONT SIZE
  // \"TEXT\"" (X, Y: baseline start in points from the bottom left), "rule X1 Y1 X2 Y2 WIDTH",
  // "image X Y W H FILE" (render/pdf/display.h).
  std::string dump;
  int pages = 0;
  bool unicode_font = false;  // whether TrueType fonts were embedded
};

// Lays out a document's pages on a canvas into a display list (the canvas measures).
using ComposeFunction = std::function<void(PdfCanvas*, DisplayList*)>;

// Composes with the standard fonts (or the TrueType ones when `unicode_always`); when some
// text needed more than Windows-1252, composes again with the TrueType fonts (widths
// differ); then draws the pages, sets the document information and saves. Every PDF
// renderer ends this way. Throws FatalError when libharu fails.
PdfDocument RenderPdf(const CanvasFonts& fonts, bool unicode_always, const ComposeFunction& compose,
                      const CanvasInfo& info, bool with_dump);

}  // namespace superbill
