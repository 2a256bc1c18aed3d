#include "render/superbill_pdf.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>

#include "render/pdf_canvas.h"

namespace superbill {

namespace {

// ---------------------------------------------------------------------------------------
// Formatting of values.

// `pattern` with each {name} replaced by its value.
std::string Fill(const std::string& pattern,
                 const std::vector<std::pair<std::string, std::string>>& values) {
  std::string out = pattern;
  for (const auto& [name, value] : values) {
    const std::string token = "{" + name + "}";
    for (std::size_t at = out.find(token); at != std::string::npos;
         at = out.find(token, at + value.size())) {
      out.replace(at, token.size(), value);
    }
  }
  return out;
}

std::string TwoDigits(int v) {
  std::string s = std::to_string(v);
  return s.size() < 2 ? "0" + s : s;
}

// The date in a format of YYYY, MM and DD ("MM/DD/YYYY").
std::string FormatDate(const Date& d, const std::string& format) {
  std::string year = std::to_string(d.year);
  while (year.size() < 4) year = "0" + year;
  std::string out = format;
  auto put = [&](const std::string& token, const std::string& value) {
    std::size_t at = out.find(token);
    if (at != std::string::npos) out.replace(at, token.size(), value);
  };
  put("YYYY", year);
  put("MM", TwoDigits(d.month));
  put("DD", TwoDigits(d.day));
  return out;
}

// "$1,234.56" (a minus sign before the currency for a negative amount).
std::string FormatMoney(Money m, const std::string& currency) {
  std::int64_t cents = m.cents < 0 ? -m.cents : m.cents;
  std::string whole = std::to_string(cents / 100);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return (m.cents < 0 ? "-" : "") + currency + grouped + "." +
         TwoDigits(static_cast<int>(cents % 100));
}

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// An EIN as XX-XXXXXXX.
std::string FormatEin(const std::string& ein) {
  return ein.size() == 9 && AllDigits(ein) ? ein.substr(0, 2) + "-" + ein.substr(2) : ein;
}

// A ZIP+4 as 12345-6789.
std::string FormatPostal(const std::string& zip) {
  return zip.size() == 9 && AllDigits(zip) ? zip.substr(0, 5) + "-" + zip.substr(5) : zip;
}

// "Family, Given Middle", as claim forms write a person.
std::string PersonName(const Person& p) {
  std::string given = p.given;
  if (!p.middle.empty()) given += (given.empty() ? "" : " ") + p.middle;
  if (given.empty()) return p.family;
  return p.family.empty() ? given : p.family + ", " + given;
}

// "Miriam Lee, MD".
std::string ProviderName(const Provider& p) {
  std::string name = p.given;
  if (!p.family.empty()) name += (name.empty() ? "" : " ") + p.family;
  if (!p.credentials.empty()) name += ", " + p.credentials;
  return name;
}

std::vector<std::string> AddressLines(const Address& a) {
  std::vector<std::string> out;
  if (!a.line1.empty()) out.push_back(a.line1);
  if (!a.line2.empty()) out.push_back(a.line2);
  std::string city = a.city;
  if (!a.state.empty()) city += (city.empty() ? "" : ", ") + a.state;
  if (!a.postal_code.empty()) city += (city.empty() ? "" : " ") + FormatPostal(a.postal_code);
  if (!city.empty()) out.push_back(city);
  return out;
}

// A number for the dump: two decimals, the classic way.
std::string Num(double v) {
  char buf[32];
  if (v > -0.005 && v < 0.005) v = 0;
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  return ec == std::errc() ? std::string(buf, ptr) : "nan";
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

// ---------------------------------------------------------------------------------------
// What is drawn: pages of operations, laid out first and drawn once the page count is known.

struct Op {
  enum class Kind { kText, kRule, kImage };
  Kind kind = Kind::kText;
  double x = 0, y = 0;    // text: baseline start; rule: first end; image: bottom left
  double x2 = 0, y2 = 0;  // rule: second end; image: width and height
  double size = 0;        // font size, or line width
  double width = 0;       // text width
  FontStyle style = FontStyle::kRegular;
  std::string text;  // text, or image path
};

struct Cell {
  std::vector<std::string> paragraphs;  // each wrapped on its own lines
  FontStyle style = FontStyle::kRegular;
  double size = 0;  // 0: the body size
  char align = 'l';
};

struct Row {
  std::vector<Cell> cells;  // a single cell in a table of several columns spans the row
  bool rule_above = false;
};

struct Table {
  std::vector<double> widths;
  std::vector<Row> header;  // repeated on each page the table runs onto
  std::vector<Row> rows;
};

double Sum(const std::vector<double>& v) {
  double total = 0;
  for (double x : v) total += x;
  return total;
}

struct LaidCell {
  std::vector<std::string> lines;
  FontStyle style = FontStyle::kRegular;
  double size = 0;
  char align = 'l';
  double offset = 0;  // from the table's left edge
  double width = 0;
};

struct LaidRow {
  std::vector<LaidCell> cells;
  double height = 0;
  bool rule_above = false;
};

struct LaidTable {
  double width = 0;
  std::vector<LaidRow> header;
  std::vector<LaidRow> rows;
  double HeaderHeight() const {
    double h = 0;
    for (const auto& r : header) h += r.height;
    return h;
  }
  double Height() const {
    double h = HeaderHeight();
    for (const auto& r : rows) h += r.height;
    return h;
  }
};

// A section of the statement: a heading over a table, or a drawing of its own.
struct Section {
  std::string title;
  std::function<Table(double width)> table;
  // A drawing of its own: returns its height at `width`, and draws it from `top` when
  // `draw` is set.
  std::function<double(double x, double top, double width, bool draw)> custom;
};

class Composer {
 public:
  Composer(const Layout& layout, const Texts& texts, PdfCanvas* canvas)
      : L(layout), T(texts), canvas_(*canvas) {}

  const Layout& L;
  const Texts& T;
  std::vector<std::vector<Op>> pages;
  std::string running_header;  // on every page after the first

  double Left() const { return L.margin_left; }
  double Right() const { return L.page_width - L.margin_right; }
  double ContentWidth() const { return Right() - Left(); }
  double Pitch(double size) const { return size * L.line_spacing; }
  // Baseline of a line of text whose slot starts at `top`.
  double Baseline(double top, double size) const {
    return top - (Pitch(size) - size) / 2 - 0.8 * size;
  }
  double Width(std::string_view text, FontStyle style, double size) {
    return canvas_.TextWidth(text, style, size);
  }
  PdfCanvas& canvas() { return canvas_; }
  // --- Pages ----------------------------------------------------------------------------

  void SetFooterHeight(double h) { bottom_ = L.margin_bottom + h; }
  void Advance(double h) {
    y_ -= h;
    at_page_top_ = false;
  }
  // Height free on a page after the first (the most any block can have).
  double FullPageHeight() const {
    return L.page_height - L.margin_top - RunningHeaderHeight() - bottom_;
  }
  double RunningHeaderHeight() const { return Pitch(L.size_small) + 2 + 6; }

  // Sends further drawing to page `index` (NewPage moves on to the new page).
  void DrawOnPage(std::size_t index) { current_ = index; }

  void NewPage() {
    pages.emplace_back();
    current_ = pages.size() - 1;
    y_ = L.page_height - L.margin_top;
    if (pages.size() > 1) {
      const double size = L.size_small;
      auto lines = Wrap(running_header, ContentWidth(), FontStyle::kRegular, size, 1);
      Text(Left(), Baseline(y_, size), lines.front(), FontStyle::kRegular, size);
      y_ -= Pitch(size) + 2;
      Rule(Left(), y_, Right(), y_, L.rule_width);
      y_ -= 6;
    }
    at_page_top_ = true;
  }

  // --- Drawing operations -----------------------------------------------------------------

  void Text(double x, double baseline, const std::string& text, FontStyle style, double size) {
    if (text.empty()) return;
    Op op;
    op.kind = Op::Kind::kText;
    op.x = x;
    op.y = baseline;
    op.size = size;
    op.style = style;
    op.text = text;
    op.width = Width(text, style, size);
    pages[current_].push_back(op);
  }

  void Rule(double x1, double y1, double x2, double y2, double width) {
    Op op;
    op.kind = Op::Kind::kRule;
    op.x = x1;
    op.y = y1;
    op.x2 = x2;
    op.y2 = y2;
    op.size = width;
    pages[current_].push_back(op);
  }

  void Image(const std::string& path, double x, double y, double w, double h) {
    Op op;
    op.kind = Op::Kind::kImage;
    op.x = x;
    op.y = y;
    op.x2 = w;
    op.y2 = h;
    op.text = path;
    pages[current_].push_back(op);
  }

  // --- Text fitting -----------------------------------------------------------------------

  // `text` broken into lines no wider than `width`: at spaces, inside a word only when the
  // word alone is too wide; past `max_lines` the last line ends in an ellipsis.
  std::vector<std::string> Wrap(const std::string& text, double width, FontStyle style, double size,
                                int max_lines) {
    std::vector<std::string> lines;
    std::string line;
    auto fits = [&](const std::string& s) { return Width(s, style, size) <= width + 1e-6; };
    std::size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && text[i] == ' ') ++i;
      if (i >= text.size()) break;
      std::size_t end = text.find(' ', i);
      if (end == std::string::npos) end = text.size();
      std::string word = text.substr(i, end - i);
      i = end;
      std::string candidate = line.empty() ? word : line + " " + word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (!line.empty()) lines.push_back(line);
      line.clear();
      if (fits(word)) {
        line = word;
        continue;
      }
      // A word wider than the line: break it after a '/' or '-' that leaves a piece that
      // fits, else between characters.
      for (;;) {
        std::size_t cut = std::string::npos;
        for (std::size_t at = word.find_first_of("/-");
             at != std::string::npos && at + 1 < word.size();
             at = word.find_first_of("/-", at + 1)) {
          if (fits(word.substr(0, at + 1))) cut = at + 1;
        }
        if (cut == std::string::npos) break;
        lines.push_back(word.substr(0, cut));
        word = word.substr(cut);
        if (fits(word)) break;
      }
      if (fits(word)) {
        line = word;
        continue;
      }
      std::size_t k = 0;
      while (k < word.size()) {
        std::size_t next = k + 1;
        while (next < word.size() && (static_cast<unsigned char>(word[next]) & 0xC0) == 0x80) {
          ++next;
        }
        std::string piece = line + word.substr(k, next - k);
        if (!line.empty() && !fits(piece)) {
          lines.push_back(line);
          line = word.substr(k, next - k);
        } else {
          line = piece;
        }
        k = next;
      }
    }
    if (!line.empty() || lines.empty()) lines.push_back(line);
    if (static_cast<int>(lines.size()) > max_lines) {
      lines.resize(static_cast<std::size_t>(max_lines));
      lines.back() = Ellipsize(lines.back(), width, style, size);
    }
    return lines;
  }

  // `text` cut so that it and a trailing ellipsis fit `width`.
  std::string Ellipsize(std::string text, double width, FontStyle style, double size) {
    static const std::string kEllipsis = "\xE2\x80\xA6";
    while (!text.empty() && Width(text + kEllipsis, style, size) > width) {
      std::size_t cut = text.size() - 1;
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
      text.erase(cut);
      while (!text.empty() && text.back() == ' ') text.pop_back();
    }
    return text + kEllipsis;
  }

  // --- Tables -----------------------------------------------------------------------------

  LaidRow LayRow(const Row& row, const std::vector<double>& widths) {
    LaidRow out;
    out.rule_above = row.rule_above;
    const bool span = row.cells.size() == 1 && widths.size() > 1;
    double offset = 0, lines_height = 0;
    for (std::size_t c = 0; c < row.cells.size() && c < widths.size(); ++c) {
      const Cell& cell = row.cells[c];
      LaidCell lc;
      lc.style = cell.style;
      lc.size = cell.size > 0 ? cell.size : L.size_body;
      lc.align = cell.align;
      lc.offset = offset;
      lc.width = span ? Sum(widths) : widths[c];
      const double inner = std::max(1.0, lc.width - 2 * L.cell_padding);
      // At most max_cell_lines, and never more than half a page.
      const int max_lines = std::max(
          1, std::min(L.max_cell_lines, static_cast<int>(FullPageHeight() / 2 / Pitch(lc.size))));
      for (const auto& p : cell.paragraphs) {
        for (auto& l : Wrap(p, inner, lc.style, lc.size, max_lines)) {
          lc.lines.push_back(std::move(l));
        }
      }
      if (static_cast<int>(lc.lines.size()) > max_lines) {
        lc.lines.resize(static_cast<std::size_t>(max_lines));
        lc.lines.back() = Ellipsize(lc.lines.back(), inner, lc.style, lc.size);
      }
      lines_height = std::max(lines_height, lc.lines.size() * Pitch(lc.size));
      offset += widths[c];
      out.cells.push_back(std::move(lc));
    }
    out.height = lines_height + 2 * L.row_padding;
    return out;
  }

  LaidTable LayTable(const Table& t) {
    LaidTable out;
    for (double w : t.widths) out.width += w;
    for (const auto& r : t.header) out.header.push_back(LayRow(r, t.widths));
    for (const auto& r : t.rows) out.rows.push_back(LayRow(r, t.widths));
    return out;
  }

  void DrawRow(const LaidRow& row, double x, double top, double table_width, bool rule) {
    if (rule) Rule(x, top, x + table_width, top, L.rule_width * 0.5);
    for (const auto& cell : row.cells) {
      double line_top = top - L.row_padding;
      for (const auto& line : cell.lines) {
        const double w = Width(line, cell.style, cell.size);
        double lx = x + cell.offset + L.cell_padding;
        if (cell.align == 'r') lx = x + cell.offset + cell.width - L.cell_padding - w;
        if (cell.align == 'c') lx = x + cell.offset + (cell.width - w) / 2;
        Text(lx, Baseline(line_top, cell.size), line, cell.style, cell.size);
        line_top -= Pitch(cell.size);
      }
    }
  }

  void DrawHeaderRows(const LaidTable& t, double x, double* top) {
    for (const auto& r : t.header) {
      DrawRow(r, x, *top, t.width, false);
      *top -= r.height;
    }
    if (!t.header.empty()) Rule(x, *top, x + t.width, *top, L.rule_width);
  }

  // --- Sections ---------------------------------------------------------------------------

  double TitleHeight(const std::string& title) const {
    return title.empty() ? 0 : Pitch(L.size_heading) + 3;
  }

  void DrawTitle(const std::string& title, double x, double top, double width) {
    if (title.empty()) return;
    auto line = Wrap(title, width, FontStyle::kBold, L.size_heading, 1).front();
    Text(x, Baseline(top, L.size_heading), line, FontStyle::kBold, L.size_heading);
    const double rule_y = top - Pitch(L.size_heading) - 1;
    Rule(x, rule_y, x + width, rule_y, L.rule_width);
  }

  Table TableOf(const Section& s, double width) { return s.table ? s.table(width) : Table{}; }

  double Measure(const Section& s, double width) {
    if (s.custom) return s.custom(0, 0, width, false);
    return TitleHeight(s.title) + LayTable(TableOf(s, width)).Height();
  }

  // Draws a section whole at (x, top); it must fit.
  void Place(const Section& s, double x, double top, double width) {
    if (s.custom) {
      s.custom(x, top, width, true);
      return;
    }
    LaidTable t = LayTable(TableOf(s, width));
    DrawTitle(s.title, x, top, width);
    top -= TitleHeight(s.title);
    DrawHeaderRows(t, x, &top);
    bool first = true;
    for (const auto& r : t.rows) {
      DrawRow(r, x, top, t.width, r.rule_above && !first);
      top -= r.height;
      first = false;
    }
  }

  // Draws a full-width section from the cursor, running onto new pages as needed (a table
  // repeats its heading and header row there).
  void Flow(const Section& s) {
    const double x = Left(), width = ContentWidth();
    if (s.custom) {
      const double h = s.custom(x, y_, width, false);
      if (y_ - h < bottom_ && !at_page_top_) NewPage();
      s.custom(x, y_, width, true);
      Advance(h);
      return;
    }
    LaidTable t = LayTable(TableOf(s, width));
    const double head = TitleHeight(s.title) + t.HeaderHeight();
    const double first = head + (t.rows.empty() ? 0 : t.rows.front().height);
    if (y_ - first < bottom_ && !at_page_top_) NewPage();
    auto heading = [&](bool continued) {
      std::string title = s.title;
      if (continued && !title.empty()) title += " (" + T.Get("continued") + ")";
      DrawTitle(title, x, y_, width);
      double top = y_ - TitleHeight(title);
      DrawHeaderRows(t, x, &top);
      Advance(y_ - top);
    };
    heading(false);
    bool first_on_page = true;
    for (const auto& r : t.rows) {
      if (y_ - r.height < bottom_ && !first_on_page) {
        NewPage();
        heading(true);
        first_on_page = true;
      }
      DrawRow(r, x, y_, t.width, r.rule_above && !first_on_page);
      Advance(r.height);
      first_on_page = false;
    }
  }

  // Height of a row of sections (side by side, or one full width).
  double RowHeight(const std::vector<const Section*>& row) {
    const double n = static_cast<double>(row.size());
    const double width = (ContentWidth() - (n - 1) * L.column_gap) / n;
    double height = 0;
    for (const Section* s : row) height = std::max(height, Measure(*s, width));
    return height;
  }

  // Starts a new page unless the rows fit below the cursor together (or could not fit
  // together on any page).
  void KeepTogether(const std::vector<std::vector<const Section*>>& rows) {
    if (pages.empty()) NewPage();
    double height = 0;
    for (const auto& row : rows) height += L.section_gap + RowHeight(row);
    if (y_ - height < bottom_ && !at_page_top_ && height - L.section_gap <= FullPageHeight()) {
      NewPage();
    }
  }

  // Draws sections side by side (or one full width), on a new page when they do not fit.
  void PlaceRow(const std::vector<const Section*>& row) {
    if (pages.empty()) NewPage();
    if (!at_page_top_) Advance(L.section_gap);
    if (row.size() == 1) {
      Flow(*row.front());
      return;
    }
    const double n = static_cast<double>(row.size());
    const double width = (ContentWidth() - (n - 1) * L.column_gap) / n;
    const double height = RowHeight(row);
    if (y_ - height < bottom_ && !at_page_top_ && height <= FullPageHeight()) NewPage();
    if (y_ - height >= bottom_) {
      double x = Left();
      for (const Section* s : row) {
        Place(*s, x, y_, width);
        x += width + L.column_gap;
      }
      Advance(height);
      return;
    }
    // Too tall to stand side by side on any page: one after the other, full width.
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) Advance(L.section_gap);
      Flow(*row[i]);
    }
  }

 private:
  PdfCanvas& canvas_;
  double y_ = 0;
  double bottom_ = 0;
  bool at_page_top_ = true;
  std::size_t current_ = 0;
};

// ---------------------------------------------------------------------------------------
// The sections of the superbill, from the claim.

// Column widths for `width`: fixed widths as given (scaled down when they would leave the
// flexible column less than a fifth), the flexible column takes the rest.
std::vector<double> ResolveColumns(const std::vector<ColumnSpec>& specs, double width) {
  double fixed = 0;
  for (const auto& c : specs) fixed += c.width;
  double scale = fixed > 0.8 * width ? 0.8 * width / fixed : 1.0;
  std::vector<double> out;
  for (const auto& c : specs) out.push_back(c.width * scale);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].width == 0) out[i] = width - fixed * scale;
  }
  return out;
}

// Widens fixed columns whose content would otherwise break inside a word (a date, an NPI,
// an amount; in a header, a word may still break after '/' or '-'), taking the width from
// the flexible column while it keeps at least `min_share` of its own width.
void FitColumns(Composer& c, const std::vector<ColumnSpec>& specs, const std::vector<Row>& header,
                const std::vector<Row>& rows, std::vector<double>* widths, double min_share = 0.6) {
  const std::size_t n = specs.size();
  std::size_t flex = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (specs[i].width == 0) flex = i;
  }
  if (flex == n || widths->size() != n) return;
  const double pad = 2 * c.L.cell_padding;
  std::vector<double> need(n, 0);
  // Words of a paragraph; in a header, also the pieces after '/' and '-'.
  auto words = [](const std::string& p, bool split_marks) {
    std::vector<std::string> out;
    std::string word;
    for (char ch : p) {
      if (ch == ' ') {
        if (!word.empty()) out.push_back(word);
        word.clear();
        continue;
      }
      word += ch;
      if (split_marks && (ch == '/' || ch == '-')) {
        out.push_back(word);
        word.clear();
      }
    }
    if (!word.empty()) out.push_back(word);
    return out;
  };
  auto measure = [&](const std::vector<Row>& list, bool split_marks) {
    for (const auto& row : list) {
      if (row.cells.size() != n) continue;  // a spanning row
      for (std::size_t i = 0; i < n; ++i) {
        const Cell& cell = row.cells[i];
        const double size = cell.size > 0 ? cell.size : c.L.size_body;
        for (const auto& p : cell.paragraphs) {
          for (const auto& w : words(p, split_marks)) {
            need[i] = std::max(need[i], c.Width(w, cell.style, size) + pad);
          }
        }
      }
    }
  };
  measure(header, true);
  measure(rows, false);
  double grow = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i != flex) grow += std::max(0.0, need[i] - (*widths)[i]);
  }
  if (grow <= 0) return;
  const double spare = (*widths)[flex] * (1 - min_share);
  const double scale = grow > spare ? spare / grow : 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == flex) continue;
    const double delta = std::max(0.0, need[i] - (*widths)[i]) * scale;
    (*widths)[i] += delta;
    (*widths)[flex] -= delta;
  }
}

class SuperbillBuilder {
 public:
  SuperbillBuilder(const Claim& claim, Composer* composer)
      : claim_(claim),
        clinic_(*claim.clinic),
        course_(*claim.course),
        c_(*composer),
        L(composer->L),
        T(composer->T) {
    for (const auto& line : claim.lines) {
      if (!line.provider) continue;
      if (std::find(providers_.begin(), providers_.end(), line.provider) == providers_.end()) {
        providers_.push_back(line.provider);
      }
      ++line_counts_[line.provider];
    }
  }

  std::string D(const Date& d) const { return FormatDate(d, T.Get("date_format")); }
  std::string M(Money m) const { return FormatMoney(m, T.Get("currency")); }

  static Cell C(std::string text, FontStyle style = FontStyle::kRegular, char align = 'l',
                double size = 0) {
    Cell cell;
    cell.paragraphs.push_back(std::move(text));
    cell.style = style;
    cell.align = align;
    cell.size = size;
    return cell;
  }

  // The provider who signs: the one with most lines (the first of them on a tie), or the
  // course's first rendering provider.
  const Provider* Signer() const {
    const Provider* best = nullptr;
    for (const Provider* p : providers_) {
      if (!best || (L.signature_most_lines && line_counts_.at(p) > line_counts_.at(best))) {
        best = p;
      }
    }
    return best;
  }

  std::string RunningHeader() const {
    return T.Get("title") + " \xC2\xB7 " + T.Get("statement_number") + " " + course_.id +
           " \xC2\xB7 " + T.Get("section.patient") + ": " + PersonName(course_.patient);
  }

  Section Build(const std::string& name) {
    if (name == "header") return Header();
    if (name == "patient") return Patient();
    if (name == "insurance") return Insurance();
    if (name == "providers") return Providers();
    if (name == "diagnoses") return Diagnoses();
    if (name == "services") return Services();
    if (name == "payments") return Payments();
    if (name == "totals") return Totals();
    return Signature();
  }

 private:
  using Pairs = std::vector<std::pair<std::string, std::vector<std::string>>>;

  // A two-column table of labels and values; the label column fits the longest label.
  Section KeyValues(const std::string& title, Pairs pairs) {
    Section s;
    s.title = title;
    s.table = [this, pairs](double width) {
      double label_width = 0;
      for (const auto& [label, values] : pairs) {
        label_width = std::max(label_width, c_.Width(label, FontStyle::kRegular, L.size_body));
      }
      label_width = std::min(label_width + 2 * L.cell_padding + 6, 0.42 * width);
      Table t;
      t.widths = {label_width, width - label_width};
      for (const auto& [label, values] : pairs) {
        Row row;
        row.cells.push_back(C(label));
        Cell value;
        value.paragraphs = values;
        value.style = FontStyle::kBold;
        row.cells.push_back(value);
        t.rows.push_back(row);
      }
      return t;
    };
    return s;
  }

  Section Header() {
    Section s;
    s.custom = [this](double x, double top, double width, bool draw) {
      double left = x, logo_height = 0;
      if (!L.logo.empty()) {
        double pw = 0, ph = 0;
        c_.canvas().ImageSize(L.logo, &pw, &ph);
        double h = L.logo_height, w = ph > 0 ? h * pw / ph : h;
        if (w > L.logo_max_width) {
          w = L.logo_max_width;
          h = pw > 0 ? w * ph / pw : h;
        }
        if (draw) c_.Image(L.logo, x, top - h, w, h);
        left += w + 10;
        logo_height = h;
      }
      const double right_width = std::min(0.42 * width, 250.0);
      const double right_x = x + width - right_width;
      const double left_width = right_x - 12 - left;

      Table lt;
      lt.widths = {left_width};
      lt.rows.push_back({{C(clinic_.name, FontStyle::kBold, 'l', L.size_clinic)}});
      for (const auto& a : AddressLines(clinic_.address)) lt.rows.push_back({{C(a)}});
      auto labeled = [&](const char* key, const std::string& value) {
        if (!value.empty()) lt.rows.push_back({{C(T.Get(key) + ": " + value)}});
      };
      labeled("clinic.phone", clinic_.phone);
      labeled("clinic.tax_id", FormatEin(clinic_.tax_id));
      labeled("clinic.npi", clinic_.npi);
      labeled("clinic.taxonomy", clinic_.taxonomy);

      Table rt;
      rt.widths = {right_width};
      rt.rows.push_back({{C(T.Get("title"), FontStyle::kBold, 'r', L.size_title)}});
      rt.rows.push_back({{C(T.Get("subtitle"), FontStyle::kRegular, 'r', L.size_small)}});
      rt.rows.push_back(
          {{C(T.Get("statement_number") + ": " + course_.id, FontStyle::kBold, 'r')}});
      rt.rows.push_back({{C(T.Get("statement_date") + ": " + D(claim_.statement_date),
                            FontStyle::kRegular, 'r')}});
      if (!claim_.lines.empty()) {
        std::string range = D(claim_.FirstDate());
        if (claim_.LastDate() != claim_.FirstDate()) {
          range += " \xE2\x80\x93 " + D(claim_.LastDate());
        }
        rt.rows.push_back(
            {{C(T.Get("dates_of_service") + ": " + range, FontStyle::kRegular, 'r')}});
      }

      // Rows of a one-column table without padding between them.
      auto stack = [&](const Table& t, double tx, bool go) {
        double y = top;
        for (const auto& r : t.rows) {
          LaidRow lr = c_.LayRow(r, t.widths);
          lr.height -= 2 * L.row_padding;
          if (go) {
            c_.DrawRow(lr, tx, y + L.row_padding, t.widths[0], false);
          }
          y -= lr.height;
        }
        return top - y;
      };
      const double height =
          std::max({logo_height, stack(lt, left, draw), stack(rt, right_x, draw)});
      const double rule_y = top - height - 5;
      if (draw) c_.Rule(x, rule_y, x + width, rule_y, L.heavy_rule_width);
      return height + 5 + L.heavy_rule_width;
    };
    return s;
  }

  Section Patient() {
    const auto& p = course_.patient;
    Pairs pairs;
    pairs.push_back({T.Get("patient.name"), {PersonName(p)}});
    pairs.push_back({T.Get("patient.account"), {p.id}});
    pairs.push_back({T.Get("patient.birth_date"), {D(p.birth_date)}});
    pairs.push_back({T.Get("patient.sex"), {T.Get("sex." + p.sex)}});
    auto address = AddressLines(p.address);
    if (!address.empty()) pairs.push_back({T.Get("patient.address"), address});
    if (!p.phone.empty()) pairs.push_back({T.Get("patient.phone"), {p.phone}});
    return KeyValues(T.Get("section.patient"), pairs);
  }

  Section Insurance() {
    const auto& cov = course_.coverage;
    Pairs pairs;
    pairs.push_back({T.Get("insurance.payer"), {cov.payer}});
    if (!cov.payer_id.empty()) pairs.push_back({T.Get("insurance.payer_id"), {cov.payer_id}});
    pairs.push_back({T.Get("insurance.member_id"), {cov.member_id}});
    if (!cov.group.empty()) pairs.push_back({T.Get("insurance.group"), {cov.group}});
    static const char* kRelationships[] = {"self", "spouse", "child", "other"};
    const char* rel = kRelationships[static_cast<int>(cov.relationship)];
    pairs.push_back({T.Get("insurance.relationship"), {T.Get(std::string("relationship.") + rel)}});
    if (cov.relationship != Relationship::kSelf && cov.subscriber) {
      pairs.push_back({T.Get("insurance.subscriber"), {PersonName(*cov.subscriber)}});
      pairs.push_back({T.Get("insurance.subscriber_birth_date"), {D(cov.subscriber->birth_date)}});
    }
    return KeyValues(T.Get("section.insurance"), pairs);
  }

  // A header row of the labels `prefix`.<column> in the columns' alignment.
  Row HeaderRow(const std::vector<ColumnSpec>& specs, const std::string& prefix) {
    Row row;
    for (const auto& spec : specs) {
      row.cells.push_back(C(T.Get(prefix + "." + spec.name), FontStyle::kBold, spec.align));
    }
    return row;
  }

  Section Providers() {
    Section s;
    s.title = T.Get("section.providers");
    s.table = [this](double width) {
      Table t;
      t.widths = ResolveColumns(L.providers_columns, width);
      t.header.push_back(HeaderRow(L.providers_columns, "providers"));
      for (const Provider* p : providers_) {
        Row row;
        for (const auto& spec : L.providers_columns) {
          std::string v = spec.name == "name"      ? ProviderName(*p)
                          : spec.name == "npi"     ? p->npi
                          : spec.name == "license" ? p->license
                                                   : p->taxonomy;
          row.cells.push_back(C(v, FontStyle::kRegular, spec.align));
        }
        t.rows.push_back(row);
      }
      FitColumns(c_, L.providers_columns, t.header, t.rows, &t.widths);
      return t;
    };
    return s;
  }

  Section Diagnoses() {
    Section s;
    s.title = T.Get("section.diagnoses");
    s.table = [this](double width) {
      const int groups = L.diagnoses_columns;
      const double group_width = (width - (groups - 1) * L.column_gap) / groups;
      const auto& specs = L.diagnoses_columns_spec;
      const std::size_t count = claim_.diagnoses.size();
      const std::size_t per_group = (count + groups - 1) / groups;
      const std::size_t used_groups = per_group == 0 ? 1 : (count + per_group - 1) / per_group;
      // The cells of one group's header and of each diagnosis, then the columns that fit them.
      Row group_header;
      for (const auto& spec : specs) {
        group_header.cells.push_back(
            C(T.Get("diagnoses." + spec.name), FontStyle::kBold, spec.align));
      }
      std::vector<Row> entries;
      for (std::size_t i = 0; i < count; ++i) {
        const auto& d = claim_.diagnoses[i];
        Row entry;
        for (const auto& spec : specs) {
          if (spec.name == "pointer") {
            entry.cells.push_back(
                C(std::string(1, static_cast<char>('A' + i)), FontStyle::kBold, spec.align));
          } else if (spec.name == "code") {
            entry.cells.push_back(C(d.code, FontStyle::kRegular, spec.align));
          } else {
            entry.cells.push_back(C(d.title, FontStyle::kRegular, spec.align));
          }
        }
        entries.push_back(entry);
      }
      auto columns = ResolveColumns(specs, group_width);
      FitColumns(c_, specs, {group_header}, entries, &columns);

      Table t;
      Row header;
      for (int g = 0; g < groups; ++g) {
        if (g > 0) {
          t.widths.push_back(L.column_gap);
          header.cells.push_back(Cell{});
        }
        t.widths.insert(t.widths.end(), columns.begin(), columns.end());
        for (const auto& cell : group_header.cells) {
          header.cells.push_back(static_cast<std::size_t>(g) < used_groups ? cell : Cell{});
        }
      }
      t.header.push_back(header);
      for (std::size_t r = 0; r < per_group; ++r) {
        Row row;
        for (int g = 0; g < groups; ++g) {
          if (g > 0) row.cells.push_back(Cell{});
          const std::size_t i = static_cast<std::size_t>(g) * per_group + r;
          for (std::size_t k = 0; k < specs.size(); ++k) {
            row.cells.push_back(i < count ? entries[i].cells[k] : Cell{});
          }
        }
        t.rows.push_back(row);
      }
      return t;
    };
    return s;
  }

  Section Services() {
    Section s;
    s.title = T.Get("section.services");
    s.table = [this](double width) {
      Table t;
      t.widths = ResolveColumns(L.services_columns, width);
      t.header.push_back(HeaderRow(L.services_columns, "services"));
      for (std::size_t i = 0; i < claim_.lines.size(); ++i) {
        const ClaimLine& line = claim_.lines[i];
        Row row;
        row.rule_above = i > 0 && line.date != claim_.lines[i - 1].date;
        for (const auto& spec : L.services_columns) {
          Cell cell = C("", FontStyle::kRegular, spec.align);
          const std::string& n = spec.name;
          if (n == "date") {
            cell.paragraphs = {D(line.date)};
          } else if (n == "pos") {
            cell.paragraphs = {line.pos};
          } else if (n == "code") {
            cell.paragraphs = {line.code};
            cell.style = FontStyle::kBold;
          } else if (n == "modifiers") {
            cell.paragraphs = {line.ModifierString(' ')};
          } else if (n == "description") {
            cell.paragraphs = {line.description};
            if (line.is_drug()) {
              cell.paragraphs.push_back(Fill(T.Get("services.ndc"), {{"ndc", line.ndc11},
                                                                     {"unit", line.ndc_unit},
                                                                     {"qty", line.ndc_qty},
                                                                     {"drug", line.drug_name}}));
            }
          } else if (n == "dx") {
            cell.paragraphs = {line.DxLetters()};
          } else if (n == "units") {
            cell.paragraphs = {std::to_string(line.units)};
          } else if (n == "charge") {
            cell.paragraphs = {M(line.charge)};
          } else if (n == "npi") {
            cell.paragraphs = {line.provider ? line.provider->npi : ""};
          }
          row.cells.push_back(cell);
        }
        t.rows.push_back(row);
      }
      FitColumns(c_, L.services_columns, t.header, t.rows, &t.widths);
      return t;
    };
    return s;
  }

  Section Payments() {
    Section s;
    s.title = T.Get("section.payments");
    s.table = [this](double width) {
      Table t;
      t.widths = ResolveColumns(L.payments_columns, width);
      t.header.push_back(HeaderRow(L.payments_columns, "payments"));
      for (const auto& p : course_.payments) {
        Row row;
        for (const auto& spec : L.payments_columns) {
          std::string v = spec.name == "date" ? D(p.date)
                          : spec.name == "method"
                              ? (p.method.empty() ? "" : T.Get("method." + p.method))
                          : spec.name == "reference" ? p.reference
                                                     : M(p.amount);
          row.cells.push_back(C(v, FontStyle::kRegular, spec.align));
        }
        t.rows.push_back(row);
      }
      FitColumns(c_, L.payments_columns, t.header, t.rows, &t.widths);
      if (course_.payments.empty()) t.rows.push_back({{C(T.Get("payments.none"))}});
      return t;
    };
    return s;
  }

  Section Totals() {
    Section s;
    s.title = T.Get("section.totals");
    s.table = [this](double width) {
      const bool credit = claim_.balance.cents < 0;
      const std::vector<std::pair<std::string, std::string>> rows = {
          {T.Get("totals.charges"), M(claim_.total_charges)},
          {T.Get("totals.paid"), M(claim_.paid)},
          {T.Get(credit ? "totals.credit" : "totals.balance"),
           M(Money{credit ? -claim_.balance.cents : claim_.balance.cents})},
      };
      double value_width = 0;
      for (const auto& r : rows) {
        value_width = std::max(value_width, c_.Width(r.second, FontStyle::kBold, L.size_body));
      }
      value_width = std::min(value_width + 2 * L.cell_padding + 8, width / 2);
      Table t;
      t.widths = {width - value_width, value_width};
      for (std::size_t i = 0; i < rows.size(); ++i) {
        const bool last = i + 1 == rows.size();
        const FontStyle style = last ? FontStyle::kBold : FontStyle::kRegular;
        Row row;
        row.rule_above = last;
        row.cells = {C(rows[i].first, style), C(rows[i].second, style, 'r')};
        t.rows.push_back(row);
      }
      return t;
    };
    return s;
  }

  Section Signature() {
    Section s;
    s.custom = [this](double x, double top, double width, bool draw) {
      const double size = L.size_body, pad = L.cell_padding;
      const std::string title = T.Get("section.signature");
      double y = top;
      if (draw) c_.DrawTitle(title, x, y, width);
      y -= c_.TitleHeight(title) + L.row_padding;
      for (const auto& line :
           c_.Wrap(T.Get("attestation"), width - 2 * pad, FontStyle::kRegular, size, 12)) {
        if (draw) c_.Text(x + pad, c_.Baseline(y, size), line, FontStyle::kRegular, size);
        y -= c_.Pitch(size);
      }
      y -= 28;  // room to sign
      const double sign_width = width * 0.58;
      const double date_x = x + width * 0.66;
      const double date_width = x + width - date_x;
      const Provider* signer = Signer();
      std::string signed_by = T.Get("signature.signed_by") + ": ";
      if (signer) signed_by += ProviderName(*signer) + " \xC2\xB7 NPI " + signer->npi;
      auto names = c_.Wrap(signed_by, sign_width - 2 * pad, FontStyle::kRegular, size, 3);
      auto date =
          c_.Wrap(D(claim_.statement_date), date_width - 2 * pad, FontStyle::kBold, size, 1);
      auto date_label =
          c_.Wrap(T.Get("signature.date"), date_width - 2 * pad, FontStyle::kRegular, size, 2);
      if (draw) {
        c_.Text(date_x + pad, y + 0.2 * size + 2, date.front(), FontStyle::kBold, size);
        c_.Rule(x, y, x + sign_width, y, L.rule_width);
        c_.Rule(date_x, y, x + width, y, L.rule_width);
      }
      y -= 2;
      double left_y = y, right_y = y;
      for (const auto& line : names) {
        if (draw) c_.Text(x + pad, c_.Baseline(left_y, size), line, FontStyle::kRegular, size);
        left_y -= c_.Pitch(size);
      }
      for (const auto& line : date_label) {
        if (draw)
          c_.Text(date_x + pad, c_.Baseline(right_y, size), line, FontStyle::kRegular, size);
        right_y -= c_.Pitch(size);
      }
      return top - std::min(left_y, right_y);
    };
    return s;
  }

  const Claim& claim_;
  const Clinic& clinic_;
  const Course& course_;
  Composer& c_;
  const Layout& L;
  const Texts& T;
  std::vector<const Provider*> providers_;  // in order of first line
  std::map<const Provider*, int> line_counts_;
};

// Lays out every page of the superbill on `canvas` (fonts decide widths).
std::vector<std::vector<Op>> Compose(const Claim& claim, const Layout& layout, const Texts& texts,
                                     PdfCanvas* canvas) {
  Composer c(layout, texts, canvas);
  SuperbillBuilder builder(claim, &c);
  c.running_header = builder.RunningHeader();

  // The footer on every page: the CPT notice, and "Page N of M" beside it.
  const double small = layout.size_small;
  const double number_width =
      c.Width(Fill(texts.Get("page_of"), {{"n", "99"}, {"m", "99"}}), FontStyle::kRegular, small);
  const double notice_width = c.ContentWidth() - number_width - 12;
  const auto notice = c.Wrap(texts.Get("cpt_notice"), notice_width, FontStyle::kRegular, small, 4);
  const double footer_lines = static_cast<double>(notice.size()) * c.Pitch(small);
  c.SetFooterHeight(footer_lines + 3 + 8);

  std::vector<Section> sections;
  std::vector<std::vector<const Section*>> rows;
  sections.reserve(16);
  for (const auto& row : layout.sections) {
    for (const auto& name : row) sections.push_back(builder.Build(name));
  }
  std::size_t k = 0;
  std::size_t services_row = layout.sections.size();
  for (const auto& row : layout.sections) {
    std::vector<const Section*> placed;
    for (const auto& name : row) {
      if (name == "services") services_row = rows.size();
      placed.push_back(&sections[k++]);
    }
    rows.push_back(placed);
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    // What follows the services (totals, payments, signature) stays together on the last
    // page when it can.
    if (i == services_row + 1) {
      c.KeepTogether(std::vector<std::vector<const Section*>>(rows.begin() + i, rows.end()));
    }
    c.PlaceRow(rows[i]);
  }
  if (c.pages.empty()) c.NewPage();

  const int total = static_cast<int>(c.pages.size());
  for (int p = 0; p < total; ++p) {
    c.DrawOnPage(static_cast<std::size_t>(p));
    const double top = layout.margin_bottom + footer_lines;
    c.Rule(c.Left(), top + 3, c.Right(), top + 3, layout.rule_width);
    double line_top = top;
    for (const auto& line : notice) {
      c.Text(c.Left(), c.Baseline(line_top, small), line, FontStyle::kRegular, small);
      line_top -= c.Pitch(small);
    }
    if (total > 1) {
      const std::string number =
          Fill(texts.Get("page_of"), {{"n", std::to_string(p + 1)}, {"m", std::to_string(total)}});
      c.Text(c.Right() - c.Width(number, FontStyle::kRegular, small), c.Baseline(top, small),
             number, FontStyle::kRegular, small);
    }
  }
  return c.pages;
}

}  // namespace

PdfDocument RenderSuperbillPdf(const Claim& claim, const Layout& layout, bool with_dump) {
  const Texts& texts = layout.TextsFor(claim.course->patient.language);
  CanvasFonts fonts;
  fonts.regular = layout.font_regular;
  fonts.bold = layout.font_bold;
  fonts.unicode_regular = layout.unicode_regular;
  fonts.unicode_bold = layout.unicode_bold;

  // Lay out with the standard fonts; when some text needs more than Windows-1252, lay out
  // again with the embedded TrueType fonts (widths differ).
  auto canvas = std::make_unique<PdfCanvas>(fonts, layout.unicode_always);
  auto pages = Compose(claim, layout, texts, canvas.get());
  if (!canvas->unicode() && canvas->needs_unicode()) {
    canvas = std::make_unique<PdfCanvas>(fonts, true);
    pages = Compose(claim, layout, texts, canvas.get());
  }

  PdfDocument doc;
  doc.pages = static_cast<int>(pages.size());
  doc.unicode_font = canvas->unicode();
  std::string& dump = doc.dump;
  if (with_dump) {
    dump += "fonts " + canvas->FontName(FontStyle::kRegular) + " " +
            canvas->FontName(FontStyle::kBold) + "\n";
  }
  auto font_of = [&](FontStyle s) { return canvas->FontName(s); };
  for (std::size_t p = 0; p < pages.size(); ++p) {
    canvas->AddPage(layout.page_width, layout.page_height);
    if (with_dump) {
      dump += "page " + std::to_string(p + 1) + " " + Num(layout.page_width) + " " +
              Num(layout.page_height) + "\n";
    }
    for (const Op& op : pages[p]) {
      switch (op.kind) {
        case Op::Kind::kText:
          canvas->DrawText(op.x, op.y, op.text, op.style, op.size);
          if (with_dump) {
            dump += "text " + Num(op.x) + " " + Num(op.y) + " w=" + Num(op.width) + " " +
                    font_of(op.style) + " " + Num(op.size) + " " + Quote(op.text) + "\n";
          }
          break;
        case Op::Kind::kRule:
          canvas->DrawLine(op.x, op.y, op.x2, op.y2, op.size);
          if (with_dump) {
            dump += "rule " + Num(op.x) + " " + Num(op.y) + " " + Num(op.x2) + " " + Num(op.y2) +
                    " " + Num(op.size) + "\n";
          }
          break;
        case Op::Kind::kImage:
          canvas->DrawImage(op.text, op.x, op.y, op.x2, op.y2);
          if (with_dump) {
            dump += "image " + Num(op.x) + " " + Num(op.y) + " " + Num(op.x2) + " " + Num(op.y2) +
                    " " + Quote(std::filesystem::path(op.text).filename().string()) + "\n";
          }
          break;
      }
    }
  }

  CanvasInfo info;
  info.title = "Superbill " + claim.course->id;
  info.author = claim.clinic->name;
  info.creator = "superbill";
  info.year = claim.statement_date.year;
  info.month = claim.statement_date.month;
  info.day = claim.statement_date.day;
  canvas->SetInfo(info);
  doc.bytes = canvas->Save();
  return doc;
}

}  // namespace superbill
