#include "render/pdf/flow.h"

#include <algorithm>

namespace superbill {

namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

bool IsContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

Cell::Cell(const Label& label, FontStyle style, char align, double secondary_size)
    : paragraphs{{label.primary, style, 0}}, align(align) {
  if (!label.secondary.empty()) {
    paragraphs.push_back({label.secondary, FontStyle::kRegular, secondary_size});
  }
}

double LaidTable::HeaderHeight() const {
  double h = 0;
  for (const auto& r : header) h += r.height;
  return h;
}

double LaidTable::Height() const {
  double h = HeaderHeight();
  for (const auto& r : rows) h += r.height;
  return h;
}

Composer::Composer(const FlowStyle& style, const FlowTexts& texts, PdfCanvas* canvas,
                   DisplayList* out)
    : s_(style), texts_(texts), canvas_(*canvas), out_(*out) {
  out_.page_width = s_.page_width;
  out_.page_height = s_.page_height;
  bottom_ = s_.margin_bottom;
}

// ---------------------------------------------------------------------------------------
// Text fitting.

void Composer::Wrap(std::string_view text, double width, FontStyle style, double size,
                    int max_lines, std::vector<TextLine>* out) {
  // Runs of spaces count as one, and none lead or trail: then every line is a piece of
  // the text, measured by subtracting running widths.
  // The lines are pieces of `text` itself (the caller keeps it alive as long as the lines),
  // or of a copy in the arena when spaces had to be collapsed.
  std::string_view t = text;
  if (!t.empty() && (t.front() == ' ' || t.back() == ' ' || t.find("  ") != t.npos)) {
    normal_.clear();
    for (char c : text) {
      if (c != ' ' || (!normal_.empty() && normal_.back() != ' ')) normal_ += c;
    }
    while (!normal_.empty() && normal_.back() == ' ') normal_.pop_back();
    t = Keep(normal_);
  }
  if (t.empty()) {
    out->push_back({});
    return;
  }
  const double scale = size / 1000.0;
  // Most texts fit their line whole: then one sum of widths is all it takes.
  const int units = canvas_.Units(t, style);
  if (units * scale <= width + 1e-6) {
    out->push_back({t, units * scale});
    return;
  }
  canvas_.PrefixUnits(t, style, &prefix_);
  const int* p = prefix_.data();
  const double limit = width + 1e-6;
  auto w = [&](std::size_t a, std::size_t b) { return (p[b] - p[a]) * scale; };
  auto fits = [&](std::size_t a, std::size_t b) { return w(a, b) <= limit; };

  spans_.clear();
  auto push = [&](std::size_t a, std::size_t b) { spans_.push_back({a, b}); };
  const std::size_t n = t.size();
  constexpr std::size_t kNone = std::string_view::npos;
  std::size_t line_a = kNone, line_b = 0;
  std::size_t i = 0;
  while (i < n) {
    const std::size_t ws = i;
    std::size_t we = t.find(' ', i);
    if (we == kNone) we = n;
    i = we < n ? we + 1 : n;
    if (line_a != kNone && fits(line_a, we)) {
      line_b = we;
      continue;
    }
    if (line_a != kNone) push(line_a, line_b);
    line_a = kNone;
    if (fits(ws, we)) {
      line_a = ws;
      line_b = we;
      continue;
    }
    // A word wider than the line: break it after a '/' or '-' that leaves a piece that
    // fits, else between characters.
    std::size_t a = ws;
    for (;;) {
      std::size_t cut = kNone;
      for (std::size_t at = a; at + 1 < we; ++at) {
        if ((t[at] == '/' || t[at] == '-') && fits(a, at + 1)) cut = at + 1;
      }
      if (cut == kNone) break;
      push(a, cut);
      a = cut;
      if (fits(a, we)) break;
    }
    if (!fits(a, we)) {
      std::size_t start = a;
      for (std::size_t k = a; k < we;) {
        std::size_t next = k + 1;
        while (next < we && IsContinuation(t[next])) ++next;
        if (k > start && !fits(start, next)) {
          push(start, k);
          start = k;
        }
        k = next;
      }
      a = start;
    }
    line_a = a;
    line_b = we;
  }
  if (line_a != kNone) push(line_a, line_b);

  const std::size_t keep =
      std::min(spans_.size(), static_cast<std::size_t>(std::max(1, max_lines)));
  for (std::size_t k = 0; k + 1 < keep; ++k) {
    const auto [a, b] = spans_[k];
    out->push_back({t.substr(a, b - a), w(a, b)});
  }
  auto [a, b] = spans_[keep - 1];
  if (keep == spans_.size()) {
    out->push_back({t.substr(a, b - a), w(a, b)});
    return;
  }
  // Lines were left out: the last one kept ends in an ellipsis.
  const double ellipsis = EllipsisWidth(style, size);
  while (b > a && w(a, b) + ellipsis > width) {
    --b;
    while (b > a && IsContinuation(t[b])) --b;
    while (b > a && t[b - 1] == ' ') --b;
  }
  out->push_back({out_.arena.Add(t.substr(a, b - a), kEllipsis), w(a, b) + ellipsis});
}

double Composer::EllipsisWidth(FontStyle style, double size) {
  const int index = style == FontStyle::kBold ? 1 : 0;
  if (ellipsis_units_[index] < 0) ellipsis_units_[index] = canvas_.Units(kEllipsis, style);
  return ellipsis_units_[index] * size / 1000.0;
}

TextLine Composer::Ellipsize(std::string_view text, double width, FontStyle style, double size) {
  canvas_.PrefixUnits(text, style, &prefix_);
  const int* p = prefix_.data();
  const double scale = size / 1000.0;
  const double ellipsis = EllipsisWidth(style, size);
  std::size_t b = text.size();
  while (b > 0 && p[b] * scale + ellipsis > width) {
    --b;
    while (b > 0 && IsContinuation(text[b])) --b;
    while (b > 0 && text[b - 1] == ' ') --b;
  }
  return {out_.arena.Add(text.substr(0, b), kEllipsis), p[b] * scale + ellipsis};
}

// ---------------------------------------------------------------------------------------
// Pages and drawing.

double Composer::FullPageHeight() const {
  return s_.page_height - s_.margin_top - (Pitch(s_.size_small) + 2 + 6) - bottom_;
}

void Composer::NewPage() {
  out_.pages.emplace_back();
  out_.pages.back().reserve(256);
  marks_.push_back(0);
  current_ = out_.pages.size() - 1;
  y_ = s_.page_height - s_.margin_top;
  if (out_.pages.size() > 1) {
    const double size = s_.size_small;
    lines_.clear();
    Wrap(running_header_, ContentWidth(), FontStyle::kRegular, size, 1, &lines_);
    Put(Left(), Baseline(y_, size), lines_.front().text, FontStyle::kRegular, size,
        lines_.front().width);
    y_ -= Pitch(size) + 2;
    Rule(Left(), y_, Right(), y_, s_.rule_width);
    y_ -= 6;
  }
  at_page_top_ = true;
}

void Composer::Text(double x, double baseline, std::string_view text, FontStyle style, double size,
                    double width) {
  if (text.empty()) return;
  Put(x, baseline, out_.arena.Add(text), style, size, width);
}

void Composer::Put(double x, double baseline, std::string_view text, FontStyle style, double size,
                   double width) {
  if (text.empty()) return;
  DrawOp op;
  op.kind = DrawOp::Kind::kText;
  op.x = x;
  op.y = baseline;
  op.size = size;
  op.style = style;
  op.text = text;
  op.width = width >= 0 ? width : Width(text, style, size);
  out_.pages[current_].push_back(op);
}

void Composer::Rule(double x1, double y1, double x2, double y2, double width) {
  DrawOp op;
  op.kind = DrawOp::Kind::kRule;
  op.x = x1;
  op.y = y1;
  op.x2 = x2;
  op.y2 = y2;
  op.size = width;
  out_.pages[current_].push_back(op);
}

void Composer::Image(const std::string& path, double x, double y, double w, double h) {
  DrawOp op;
  op.kind = DrawOp::Kind::kImage;
  op.x = x;
  op.y = y;
  op.x2 = w;
  op.y2 = h;
  op.text = out_.arena.Add(path);
  out_.pages[current_].push_back(op);
}

double Composer::DrawLabel(const Label& label, double x, double top, double width, FontStyle style,
                           double size, char align, bool draw) {
  double y = top;
  auto put = [&](std::string_view text, FontStyle st, double sz) {
    lines_.clear();
    Wrap(text, width, st, sz, s_.max_cell_lines, &lines_);
    for (const TextLine& line : lines_) {
      if (draw) {
        const double lx = align == 'r' ? x + width - line.width : x;
        Put(lx, Baseline(y, sz), line.text, st, sz, line.width);
      }
      y -= Pitch(sz);
    }
  };
  if (!label.primary.empty()) put(label.primary, style, size);
  if (!label.secondary.empty()) put(label.secondary, FontStyle::kRegular, s_.size_secondary);
  return top - y;
}

// ---------------------------------------------------------------------------------------
// Tables.

double Composer::LayCell(const Cell& cell, double x, double inner, double top, LaidTable* out) {
  // At most max_cell_lines, and never more than half a page.
  const int max_lines = std::max(
      1, std::min(s_.max_cell_lines, static_cast<int>(FullPageHeight() / 2 / Pitch(s_.size_body))));
  const std::size_t first = out->lines.size();
  for (const Paragraph& p : cell.paragraphs) {
    const double size = p.size > 0 ? p.size : s_.size_body;
    lines_.clear();
    Wrap(p.text, inner, p.style, size, max_lines, &lines_);
    for (const TextLine& l : lines_) {
      LaidLine laid;
      laid.text = l.text;
      laid.width = l.width;
      laid.size = size;
      laid.style = p.style;
      out->lines.push_back(laid);
    }
  }
  if (out->lines.size() - first > static_cast<std::size_t>(max_lines)) {
    out->lines.resize(first + static_cast<std::size_t>(max_lines));
    LaidLine& last = out->lines.back();
    const TextLine cut = Ellipsize(last.text, inner, last.style, last.size);
    last.text = cut.text;
    last.width = cut.width;
  }
  double y = top;
  for (std::size_t k = first; k < out->lines.size(); ++k) {
    LaidLine& l = out->lines[k];
    l.x = cell.align == 'r'   ? x + inner - l.width
          : cell.align == 'c' ? x + (inner - l.width) / 2
                              : x;
    l.top = y;
    y += Pitch(l.size);
  }
  return y - top;
}

void Composer::LayRow(const Row& row, const std::vector<double>& widths, double row_padding,
                      LaidTable* out, LaidRow* laid) {
  laid->first_line = out->lines.size();
  laid->rule_above = row.rule_above;
  laid->group = row.group;
  laid->marks = row.marks;
  const double pad = s_.cell_padding;
  const bool span = row.cells.size() == 1 && widths.size() > 1;
  double total = 0;
  for (double w : widths) total += w;
  double offset = 0, height = 0;
  for (std::size_t c = 0; c < row.cells.size() && c < widths.size(); ++c) {
    const Cell& cell = row.cells[c];
    const double width = span ? total : widths[c];
    double left = pad;
    if (c > 0 && !span && row.cells[c - 1].align == 'r' && cell.align != 'r') {
      left = std::max(pad, s_.column_min_gap - pad);
    }
    const double inner = std::max(1.0, width - left - pad);
    height = std::max(height, LayCell(cell, offset + left, inner, row_padding, out));
    offset += widths[c];
  }
  if (row.below_from >= 0 && static_cast<std::size_t>(row.below_from) < widths.size()) {
    double x0 = 0;
    for (int c = 0; c < row.below_from; ++c) x0 += widths[static_cast<std::size_t>(c)];
    const double inner = std::max(1.0, total - x0 - 2 * pad);
    height += LayCell(row.below, x0 + pad, inner, row_padding + height, out);
  }
  laid->line_count = out->lines.size() - laid->first_line;
  laid->height = height + 2 * row_padding;
}

LaidTable Composer::Lay(const Table& t) {
  LaidTable out;
  for (double w : t.widths) out.width += w;
  const double row_padding = t.row_padding >= 0 ? t.row_padding : s_.row_padding;
  out.header.resize(t.header.size());
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    LayRow(t.header[i], t.widths, row_padding, &out, &out.header[i]);
  }
  out.rows.resize(t.rows.size());
  for (std::size_t i = 0; i < t.rows.size(); ++i) {
    LayRow(t.rows[i], t.widths, row_padding, &out, &out.rows[i]);
  }
  return out;
}

void Composer::DrawRow(const LaidTable& t, const LaidRow& row, double x, double top, bool rule) {
  if (rule) Rule(x, top, x + t.width, top, s_.rule_width * 0.5);
  for (std::size_t k = row.first_line; k < row.first_line + row.line_count; ++k) {
    const LaidLine& l = t.lines[k];
    Put(x + l.x, Baseline(top - l.top, l.size), l.text, l.style, l.size, l.width);
  }
  marks_[current_] |= row.marks;
}

void Composer::DrawHeaderRows(const LaidTable& t, double x, double* top) {
  for (const auto& r : t.header) {
    DrawRow(t, r, x, *top, false);
    *top -= r.height;
  }
  if (!t.header.empty()) Rule(x, *top, x + t.width, *top, s_.rule_width);
}

// ---------------------------------------------------------------------------------------
// Sections.

double Composer::TitleHeight(const Label& title) const {
  if (title.primary.empty()) return 0;
  return Pitch(s_.size_heading) + (title.secondary.empty() ? 0 : Pitch(s_.size_secondary)) + 3;
}

void Composer::DrawTitle(const Label& title, double x, double top, double width) {
  if (title.primary.empty()) return;
  lines_.clear();
  Wrap(title.primary, width, FontStyle::kBold, s_.size_heading, 1, &lines_);
  Put(x, Baseline(top, s_.size_heading), lines_.front().text, FontStyle::kBold, s_.size_heading,
      lines_.front().width);
  double y = top - Pitch(s_.size_heading);
  if (!title.secondary.empty()) {
    lines_.clear();
    Wrap(title.secondary, width, FontStyle::kRegular, s_.size_secondary, 1, &lines_);
    Put(x, Baseline(y, s_.size_secondary), lines_.front().text, FontStyle::kRegular,
        s_.size_secondary, lines_.front().width);
    y -= Pitch(s_.size_secondary);
  }
  Rule(x, y - 1, x + width, y - 1, s_.rule_width);
}

const LaidTable& Composer::Laid(Section& s, double width) {
  for (const CachedTable& c : cache_) {
    if (c.section == &s && c.width == width) return c.table;
  }
  cache_.push_back({&s, width, Lay(s.MakeTable(width))});
  return cache_.back().table;
}

double Composer::Measure(Section& s, double width) {
  if (s.custom()) return s.Draw(*this, 0, 0, width, false);
  return TitleHeight(s.title) + Laid(s, width).Height();
}

void Composer::Place(Section& s, double x, double top, double width) {
  if (s.custom()) {
    s.Draw(*this, x, top, width, true);
    return;
  }
  const LaidTable& t = Laid(s, width);
  DrawTitle(s.title, x, top, width);
  top -= TitleHeight(s.title);
  DrawHeaderRows(t, x, &top);
  bool first = true;
  for (const auto& r : t.rows) {
    DrawRow(t, r, x, top, r.rule_above && !first);
    top -= r.height;
    first = false;
  }
}

void Composer::Flow(Section& s) {
  const double x = Left(), width = ContentWidth();
  if (s.custom()) {
    const double h = s.Draw(*this, x, y_, width, false);
    if (y_ - h < bottom_ && !at_page_top_) NewPage();
    s.Draw(*this, x, y_, width, true);
    Advance(h);
    return;
  }
  const LaidTable& t = Laid(s, width);
  const std::size_t n = t.rows.size();
  // Where the block that starts at row i ends: a group's rows stay together.
  auto block_end = [&](std::size_t i) {
    std::size_t j = i + 1;
    if (t.rows[i].group >= 0) {
      while (j < n && t.rows[j].group == t.rows[i].group) ++j;
    }
    return j;
  };
  auto height_of = [&](std::size_t i, std::size_t j) {
    double h = 0;
    for (std::size_t k = i; k < j; ++k) h += t.rows[k].height;
    return h;
  };
  const double note = DrawLabel(texts_.continued_next, 0, 0, width, FontStyle::kRegular,
                                s_.size_small, 'r', false) +
                      2;
  const double head = TitleHeight(s.title) + t.HeaderHeight();
  const double first = head + (n == 0 ? 0 : height_of(0, block_end(0)));
  if (y_ - first - (n > 0 && block_end(0) < n ? note : 0) < bottom_ && !at_page_top_) NewPage();
  auto heading = [&](bool continued) {
    Label title = s.title;
    if (continued && !title.primary.empty()) {
      title.primary =
          Keep(std::string(title.primary) + " (" + std::string(texts_.continued.primary) + ")");
      if (!title.secondary.empty() && !texts_.continued.secondary.empty()) {
        title.secondary = Keep(std::string(title.secondary) + " (" +
                               std::string(texts_.continued.secondary) + ")");
      }
    }
    DrawTitle(title, x, y_, width);
    double top = y_ - TitleHeight(title);
    DrawHeaderRows(t, x, &top);
    Advance(y_ - top);
  };
  auto page_break = [&] {
    DrawLabel(texts_.continued_next, x, y_ - 2, width, FontStyle::kRegular, s_.size_small, 'r',
              true);
    NewPage();
    heading(true);
  };
  heading(false);
  bool first_on_page = true;
  bool row_by_row = false;  // inside a block too tall for any page
  std::size_t end = 0;      // end of the current block
  for (std::size_t i = 0; i < n; ++i) {
    const LaidRow& r = t.rows[i];
    if (i >= end) {
      end = block_end(i);
      const double need = height_of(i, end) + (end < n ? note : 0);
      if (y_ - need < bottom_ && !first_on_page) {
        page_break();
        first_on_page = true;
      }
      row_by_row = y_ - need < bottom_;
    } else if (row_by_row) {
      if (y_ - r.height - (i + 1 < n ? note : 0) < bottom_ && !first_on_page) {
        page_break();
        first_on_page = true;
      }
    }
    DrawRow(t, r, x, y_, r.rule_above && !first_on_page);
    Advance(r.height);
    first_on_page = false;
  }
}

double Composer::RowHeight(const std::vector<Section*>& row) {
  const double n = static_cast<double>(row.size());
  const double width = (ContentWidth() - (n - 1) * s_.column_gap) / n;
  double height = 0;
  for (Section* s : row) height = std::max(height, Measure(*s, width));
  return height;
}

void Composer::KeepTogether(const std::vector<std::vector<Section*>>& rows) {
  if (out_.pages.empty()) NewPage();
  double height = 0;
  for (const auto& row : rows) height += s_.section_gap + RowHeight(row);
  if (y_ - height < bottom_ && !at_page_top_ && height - s_.section_gap <= FullPageHeight()) {
    NewPage();
  }
}

void Composer::PlaceRow(const std::vector<Section*>& row) {
  if (out_.pages.empty()) NewPage();
  if (!at_page_top_) Advance(s_.section_gap);
  if (row.size() == 1) {
    Flow(*row.front());
    return;
  }
  const double n = static_cast<double>(row.size());
  const double width = (ContentWidth() - (n - 1) * s_.column_gap) / n;
  const double height = RowHeight(row);
  if (y_ - height < bottom_ && !at_page_top_ && height <= FullPageHeight()) NewPage();
  if (y_ - height >= bottom_) {
    double x = Left();
    for (Section* s : row) {
      Place(*s, x, y_, width);
      x += width + s_.column_gap;
    }
    Advance(height);
    return;
  }
  // Too tall to stand side by side on any page: one after the other, full width.
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) Advance(s_.section_gap);
    Flow(*row[i]);
  }
}

}  // namespace superbill
