#include "render/pdf/display.h"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace superbill {

namespace {

// A number for the dump: two decimals, the classic way.
void AppendNum(std::string* out, double v) {
  char buf[32];
  if (v > -0.005 && v < 0.005) v = 0;
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
  out->append(ec == std::errc() ? std::string_view(buf, ptr - buf) : std::string_view("nan"));
}

void AppendQuoted(std::string* out, std::string_view s) {
  *out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') *out += '\\';
    *out += c;
  }
  *out += '"';
}

}  // namespace

std::string_view TextArena::Add(std::string_view a, std::string_view b) {
  const std::size_t size = a.size() + b.size();
  if (size == 0) return {};
  if (used_ + size > kBlockSize || blocks_.empty()) {
    const std::size_t block = size > kBlockSize ? size : kBlockSize;
    blocks_.push_back(std::make_unique<char[]>(block));
    used_ = 0;
    if (size > kBlockSize) {
      // A text larger than a block gets a block of its own, and the next text a new one.
      std::memcpy(blocks_.back().get(), a.data(), a.size());
      if (!b.empty()) std::memcpy(blocks_.back().get() + a.size(), b.data(), b.size());
      used_ = kBlockSize;
      return {blocks_.back().get(), size};
    }
  }
  char* at = blocks_.back().get() + used_;
  if (!a.empty()) std::memcpy(at, a.data(), a.size());
  if (!b.empty()) std::memcpy(at + a.size(), b.data(), b.size());
  used_ += size;
  return {at, size};
}

namespace {

void AppendDump(const DisplayList& list, const PdfCanvas& canvas, std::string* dump) {
  *dump += "fonts " + canvas.FontName(FontStyle::kRegular) + " " +
           canvas.FontName(FontStyle::kBold) + "\n";
  for (std::size_t p = 0; p < list.pages.size(); ++p) {
    *dump += "page " + std::to_string(p + 1) + " ";
    AppendNum(dump, list.page_width);
    *dump += ' ';
    AppendNum(dump, list.page_height);
    *dump += '\n';
    for (const DrawOp& op : list.pages[p]) {
      switch (op.kind) {
        case DrawOp::Kind::kText:
          *dump += "text ";
          AppendNum(dump, op.x);
          *dump += ' ';
          AppendNum(dump, op.y);
          *dump += " w=";
          AppendNum(dump, op.width);
          *dump += ' ' + canvas.FontName(op.style) + ' ';
          AppendNum(dump, op.size);
          *dump += ' ';
          AppendQuoted(dump, op.text);
          *dump += '\n';
          break;
        case DrawOp::Kind::kRule:
        case DrawOp::Kind::kImage: {
          *dump += op.kind == DrawOp::Kind::kRule ? "rule " : "image ";
          for (double v : {op.x, op.y, op.x2, op.y2}) {
            AppendNum(dump, v);
            *dump += ' ';
          }
          if (op.kind == DrawOp::Kind::kRule) {
            AppendNum(dump, op.size);
            if (op.gray != 0) {
              *dump += " gray=";
              AppendNum(dump, op.gray);
            }
          } else {
            const std::size_t slash = op.text.rfind('/');
            AppendQuoted(dump,
                         slash == std::string_view::npos ? op.text : op.text.substr(slash + 1));
          }
          *dump += '\n';
          break;
        }
      }
    }
  }
}

}  // namespace

void DrawPages(const DisplayList& list, PdfCanvas* canvas, std::string* dump) {
  for (const auto& page : list.pages) {
    for (const DrawOp& op : page) {
      if (op.kind == DrawOp::Kind::kText) canvas->Reserve(op.text, op.style);
    }
  }
  if (dump) AppendDump(list, *canvas, dump);
  std::vector<const DrawOp*> texts;
  for (const auto& page : list.pages) {
    canvas->AddPage(list.page_width, list.page_height);
    // Rules and images first, then every text of the page in one text object, grouped by
    // font and size: the font is set a few times a page instead of for nearly every text.
    // Nothing overlaps, so the order does not show.
    texts.clear();
    for (const DrawOp& op : page) {
      switch (op.kind) {
        case DrawOp::Kind::kText:
          texts.push_back(&op);
          break;
        case DrawOp::Kind::kRule:
          canvas->DrawLine(op.x, op.y, op.x2, op.y2, op.size, op.gray);
          break;
        case DrawOp::Kind::kImage:
          canvas->DrawImage(std::string(op.text), op.x, op.y, op.x2, op.y2);
          break;
      }
    }
    std::stable_sort(texts.begin(), texts.end(), [](const DrawOp* a, const DrawOp* b) {
      if (a->style != b->style) return a->style < b->style;
      return a->size < b->size;
    });
    canvas->BeginTexts();
    for (const DrawOp* op : texts) canvas->DrawText(op->x, op->y, op->text, op->style, op->size);
    canvas->EndTexts();
  }
}

}  // namespace superbill
