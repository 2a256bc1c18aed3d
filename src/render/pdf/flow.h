// The flow composer: lays sections (a heading over a table, or a drawing of their own) down
// the pages of a document, side by side or full width; wraps and fits text to columns,
// keeps groups of rows on one page, repeats a table's heading and header rows on the pages
// it runs onto and marks where it continues. Produces a DisplayList; measures with the
// document's PdfCanvas. Shared by every PDF the tool writes.
#pragma once

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/pdf/canvas.h"
#include "render/pdf/display.h"

namespace superbill {

// Up to N elements in place, more on the heap: the paragraphs of a cell (nearly always one
// or two) cost no allocation. For trivially copyable T.
template <typename T, std::size_t N>
class SmallVector {
 public:
  SmallVector() = default;
  SmallVector(std::initializer_list<T> items) {
    for (const T& t : items) push_back(t);
  }
  void push_back(const T& t) {
    if (size_ < N) {
      fixed_[size_++] = t;
      return;
    }
    if (size_ == N) more_.assign(fixed_, fixed_ + N);
    more_.push_back(t);
    ++size_;
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T* begin() { return size_ <= N ? fixed_ : more_.data(); }
  T* end() { return begin() + size_; }
  const T* begin() const { return size_ <= N ? fixed_ : more_.data(); }
  const T* end() const { return begin() + size_; }
  T& operator[](std::size_t i) { return begin()[i]; }
  const T& operator[](std::size_t i) const { return begin()[i]; }
  T& front() { return *begin(); }
  T& back() { return begin()[size_ - 1]; }

 private:
  T fixed_[N] = {};
  std::vector<T> more_;
  std::size_t size_ = 0;
};

// A fixed text with an optional second language printed beneath it in smaller type
// (empty: none). The texts are views: of the layout's texts, of the document's data, or of
// the display list's arena (Composer::Keep).
struct Label {
  std::string_view primary;
  std::string_view secondary;
};

// Geometry and type of a document (points).
struct FlowStyle {
  double page_width = 612;
  double page_height = 792;
  double margin_top = 36;
  double margin_bottom = 36;
  double margin_left = 36;
  double margin_right = 36;
  double size_heading = 9.5;
  double size_body = 8.5;
  double size_small = 8;
  double size_secondary = 6.5;  // the second language under a label
  double line_spacing = 1.22;   // line pitch as a multiple of the font size
  double cell_padding = 2;      // left/right padding of a table cell
  double row_padding = 1.5;     // top/bottom padding of a table row
  double section_gap = 10;      // vertical space between sections
  double column_gap = 18;       // horizontal space between sections side by side
  // Least space between a right-aligned column's text and the text of a left-aligned
  // column after it (amounts next to identifiers).
  double column_min_gap = 8;
  double rule_width = 0.5;
  double heavy_rule_width = 1.2;
  int max_cell_lines = 8;  // past this, a cell's text is cut with an ellipsis
};

// The words the composer itself prints.
struct FlowTexts {
  Label continued;       // after a heading repeated on a later page: "continued"
  Label continued_next;  // under a table that goes on on the next page
};

// A paragraph of a cell, wrapped on lines of its own. The text is a view (see Label).
struct Paragraph {
  std::string_view text;
  FontStyle style = FontStyle::kRegular;
  double size = 0;  // 0: the body size
};

struct Cell {
  SmallVector<Paragraph, 2> paragraphs;
  char align = 'l';  // 'l', 'c' or 'r'

  Cell() = default;
  // One paragraph.
  explicit Cell(std::string_view text, FontStyle style = FontStyle::kRegular, char align = 'l',
                double size = 0)
      : paragraphs{{text, style, size}}, align(align) {}
  // A label: the primary text in `style`, the second language beneath it, small.
  Cell(const Label& label, FontStyle style, char align, double secondary_size);
};

struct Row {
  Row() = default;
  Row(std::vector<Cell> cells) : cells(std::move(cells)) {}  // NOLINT: {{cell, ...}}

  std::vector<Cell> cells;  // a single cell in a table of several columns spans the row
  bool rule_above = false;  // a thin rule above the row (not at the top of a page)
  // Consecutive rows with the same group (0 or more) stay on one page when they fit on one.
  int group = -1;
  // A cell under the other cells, from column `below_from` to the right edge (e.g. the
  // details of a drug line); below_from < 0: none.
  int below_from = -1;
  Cell below;
  // Bits that every page showing the row collects (e.g. which legend entries it needs).
  std::uint64_t marks = 0;
};

struct Table {
  std::vector<double> widths;
  std::vector<Row> header;  // repeated on each page the table runs onto
  std::vector<Row> rows;
  double row_padding = -1;  // < 0: the style's
};

// A table laid out at one width: every line placed relative to its row's top left.
struct LaidLine {
  std::string_view text;
  double x = 0;    // from the table's left edge
  double top = 0;  // from the row's top: the top of the line's slot
  double width = 0;
  double size = 0;
  FontStyle style = FontStyle::kRegular;
};

struct LaidRow {
  std::size_t first_line = 0;
  std::size_t line_count = 0;
  double height = 0;
  bool rule_above = false;
  int group = -1;
  std::uint64_t marks = 0;
};

struct LaidTable {
  double width = 0;
  std::vector<LaidLine> lines;
  std::vector<LaidRow> header;
  std::vector<LaidRow> rows;

  double HeaderHeight() const;
  double Height() const;
};

class Composer;

// A section of a document: a heading over a table (MakeTable), or a drawing of its own
// (custom() true, Draw).
class Section {
 public:
  virtual ~Section() = default;
  Label title;

  // The table at `width`; called at most once per width.
  virtual Table MakeTable(double /*width*/) { return {}; }
  virtual bool custom() const { return false; }
  // A custom section's height at `width`; draws it from (x, top) when `draw` is set.
  virtual double Draw(Composer& /*c*/, double /*x*/, double /*top*/, double /*width*/,
                      bool /*draw*/) {
    return 0;
  }
};

// A line of wrapped text: a view of the wrapped text or of the display list's arena, and
// its width in points.
struct TextLine {
  std::string_view text;
  double width = 0;
};

class Composer {
 public:
  Composer(const FlowStyle& style, const FlowTexts& texts, PdfCanvas* canvas, DisplayList* out);

  const FlowStyle& style() const { return s_; }
  // A copy of `text` that lives as long as the display list (for texts made for the page).
  std::string_view Keep(std::string_view text) { return out_.arena.Add(text); }
  PdfCanvas& canvas() { return canvas_; }
  DisplayList& list() { return out_; }

  double Left() const { return s_.margin_left; }
  double Right() const { return s_.page_width - s_.margin_right; }
  double ContentWidth() const { return Right() - Left(); }
  double Pitch(double size) const { return size * s_.line_spacing; }
  // Baseline of a line of text whose slot starts at `top`.
  double Baseline(double top, double size) const {
    return top - (Pitch(size) - size) / 2 - 0.8 * size;
  }
  double Width(std::string_view text, FontStyle style, double size) {
    return canvas_.TextWidth(text, style, size);
  }

  // `text` broken into lines no wider than `width` (appended to *out): at spaces (runs of
  // spaces count as one), inside a word only when the word alone is too wide (after a '/'
  // or '-' when that leaves a piece that fits, else between characters); past `max_lines`
  // the last line ends in an ellipsis. An empty text gives one empty line. The lines are
  // views of `text` (or of the arena): `text` must live as long as they are used.
  void Wrap(std::string_view text, double width, FontStyle style, double size, int max_lines,
            std::vector<TextLine>* out);

  // `text` (one line) cut so that it and a trailing ellipsis fit `width`.
  TextLine Ellipsize(std::string_view text, double width, FontStyle style, double size);

  // --- Pages ---------------------------------------------------------------------------

  // Height kept free at the bottom of every page (the footer), above the bottom margin.
  void SetFooterHeight(double h) { bottom_ = s_.margin_bottom + h; }
  // One line on top of every page after the first, over a rule.
  void SetRunningHeader(std::string_view text) { running_header_ = Keep(text); }
  // Height free on a page after the first (the most any block can have).
  double FullPageHeight() const;
  void NewPage();
  // Sends further drawing to page `index` (NewPage moves on to the new page).
  void DrawOnPage(std::size_t index) { current_ = index; }
  std::size_t page_count() const { return out_.pages.size(); }
  // The marks of the rows shown on page `index`.
  std::uint64_t PageMarks(std::size_t index) const {
    return index < marks_.size() ? marks_[index] : 0;
  }

  // --- Drawing on the current page -------------------------------------------------------

  // Draws a copy of `text`; `width` < 0: measured here.
  void Text(double x, double baseline, std::string_view text, FontStyle style, double size,
            double width = -1);
  void Rule(double x1, double y1, double x2, double y2, double width);
  void Image(const std::string& path, double x, double y, double w, double h);

  // A label's primary line at `size` in `style` and its second language beneath, each
  // wrapped to `width` and aligned ('l', 'r'); returns the height. Draws when `draw` is set.
  double DrawLabel(const Label& label, double x, double top, double width, FontStyle style,
                   double size, char align, bool draw);

  // --- Tables and sections ---------------------------------------------------------------

  LaidTable Lay(const Table& t);
  // Draws a laid row with its top left at (x, top), with a thin rule above when `rule`.
  void DrawRow(const LaidTable& t, const LaidRow& row, double x, double top, bool rule);
  // Draws the header rows from *top down (moving *top), then a rule under them.
  void DrawHeaderRows(const LaidTable& t, double x, double* top);

  double TitleHeight(const Label& title) const;
  void DrawTitle(const Label& title, double x, double top, double width);
  // Height of a section at `width`.
  double Measure(Section& s, double width);
  // Draws a section whole at (x, top); it must fit.
  void Place(Section& s, double x, double top, double width);
  // Draws a full-width section from the cursor, running onto new pages as needed (a table
  // repeats its heading and header rows there, and says under each part that it goes on).
  void Flow(Section& s);
  // Starts a new page unless the rows of sections fit below the cursor together (or could
  // not fit together on any page).
  void KeepTogether(const std::vector<std::vector<Section*>>& rows);
  // Draws sections side by side (or one full width), on a new page when they do not fit.
  void PlaceRow(const std::vector<Section*>& row);

 private:
  // The table of `s` laid at `width`, laid once and kept.
  const LaidTable& Laid(Section& s, double width);
  void LayRow(const Row& row, const std::vector<double>& widths, double row_padding, LaidTable* out,
              LaidRow* laid);
  // Lays a cell's paragraphs at `x` (from the table's left), `inner` wide, from `top`;
  // returns the height.
  double LayCell(const Cell& cell, double x, double inner, double top, LaidTable* out);
  double RowHeight(const std::vector<Section*>& row);
  double EllipsisWidth(FontStyle style, double size);
  // Text() for a text already in the display list's arena.
  void Put(double x, double baseline, std::string_view text, FontStyle style, double size,
           double width);
  void Advance(double h) {
    y_ -= h;
    at_page_top_ = false;
  }

  const FlowStyle s_;
  const FlowTexts texts_;
  PdfCanvas& canvas_;
  DisplayList& out_;
  std::string_view running_header_;
  std::vector<std::uint64_t> marks_;
  double y_ = 0;
  double bottom_ = 0;
  bool at_page_top_ = true;
  std::size_t current_ = 0;
  struct CachedTable {
    const Section* section;
    double width;
    LaidTable table;
  };
  std::deque<CachedTable> cache_;  // a deque: references stay valid
  // Scratch buffers, reused so that wrapping allocates nothing once they have grown.
  std::vector<int> prefix_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
  std::vector<TextLine> lines_;
  std::string normal_;
  int ellipsis_units_[2] = {-1, -1};
};

}  // namespace superbill
