// A display list: the pages of a PDF as drawing operations, laid out first and drawn once
// the page count is known; the texts live in an arena that the list owns. DrawPages puts
// a list on a PdfCanvas and can write the text dump the golden tests compare.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "render/pdf/canvas.h"

namespace superbill {

// Stable storage for the texts of a display list: copies are never moved, so the views
// stay valid as long as the arena.
class TextArena {
 public:
  TextArena() = default;
  TextArena(const TextArena&) = delete;
  TextArena& operator=(const TextArena&) = delete;
  TextArena(TextArena&&) = default;
  TextArena& operator=(TextArena&&) = default;

  // A copy of `text` (of `a` followed by `b`) that lives as long as the arena.
  std::string_view Add(std::string_view text) { return Add(text, {}); }
  std::string_view Add(std::string_view a, std::string_view b);

 private:
  static constexpr std::size_t kBlockSize = 16384;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t used_ = kBlockSize;  // bytes used of the last block
};

struct DrawOp {
  enum class Kind { kText, kRule, kImage };
  Kind kind = Kind::kText;
  double x = 0, y = 0;    // text: baseline start; rule: first end; image: bottom left
  double x2 = 0, y2 = 0;  // rule: second end; image: width and height
  double size = 0;        // font size, or line width
  double width = 0;       // text width
  double gray = 0;        // rule: 0 black .. 1 white
  FontStyle style = FontStyle::kRegular;
  std::string_view text;  // text, or image path (in the list's arena)
};

struct DisplayList {
  double page_width = 612;
  double page_height = 792;
  std::vector<std::vector<DrawOp>> pages;
  TextArena arena;
};

// Draws every page of `list` on `canvas`: reserves every text (the font subsets of a
// TrueType canvas), then adds the pages and draws. With `dump` set, appends one line per
// item: "fonts REGULAR BOLD", "page N W H", "text X Y w=W FONT SIZE \"TEXT\"" (X, Y:
// baseline start in points from the bottom left), "rule X1 Y1 X2 Y2 WIDTH",
// "image X Y W H FILE" (the file name without its folder); a gray rule ends in " gray=G".
void DrawPages(const DisplayList& list, PdfCanvas* canvas, std::string* dump);

}  // namespace superbill
