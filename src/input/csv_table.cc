#include "input/csv_table.h"

#include <cstdio>

#include "common/text.h"

namespace superbill {

bool StartsLikeFormula(std::string_view cell) {
  std::size_t i = cell.find_first_not_of('\'');
  return i != std::string_view::npos &&
         (cell[i] == '=' || cell[i] == '+' || cell[i] == '-' || cell[i] == '@');
}

const std::string& CsvRow::Cell(std::size_t i) const {
  static const std::string kEmpty;
  return i < cells.size() ? cells[i] : kEmpty;
}

namespace {

constexpr char kSaveAsUtf8[] =
    "in Excel choose File > Save As > \"CSV UTF-8 (Comma delimited) (*.csv)\"; in LibreOffice "
    "save as Text CSV with the character set \"Unicode (UTF-8)\"";

class Tokenizer {
 public:
  Tokenizer(const std::string& path, std::string_view text, CsvTable* table, Diagnostics* diags)
      : path_(path), text_(text), table_(table), diags_(diags) {}

  bool Run() {
    if (text_.size() >= 2 && ((text_[0] == '\xFF' && text_[1] == '\xFE') ||
                              (text_[0] == '\xFE' && text_[1] == '\xFF'))) {
      return Fail(
          1, 1,
          std::string("the file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8: ") + kSaveAsUtf8);
    }
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;  // the UTF-8 byte order mark
    std::size_t first = text_.find_first_not_of(" \t\r\n", i_);
    if (first != std::string_view::npos && text_[first] == '<') {
      return Fail(1, 1,
                  "the file starts with '<' like an XML file, not a CSV file: give course XML "
                  "files a name ending in .xml");
    }
    while (i_ < text_.size()) {
      if (!ReadRow()) return false;
    }
    return true;
  }

 private:
  bool Fail(int row, int col, const std::string& message) {
    diags_->push_back({{path_, row, col}, message});
    return false;
  }

  // Appends the next code point of a cell to *out (line breaks and tabs as a space);
  // false on a byte that is not UTF-8 or a character no document may carry.
  bool TakeChar(std::string* out) {
    const std::size_t start = i_;
    char32_t cp = 0;
    if (!DecodeUtf8(text_, &i_, &cp)) {
      return Fail(row_, field_,
                  std::string("the file is not UTF-8 (Excel's plain \"CSV\" is Windows-1252): ") +
                      kSaveAsUtf8);
    }
    if (cp == '\r' || cp == '\n' || cp == '\t') {
      if (cp == '\r' && i_ < text_.size() && text_[i_] == '\n') ++i_;
      *out += ' ';
      return true;
    }
    if (IsForbiddenTextChar(cp)) {
      return Fail(row_, field_,
                  "the file holds the character " + CodePointName(cp) +
                      ", which no document may carry: remove it");
    }
    out->append(text_.substr(start, i_ - start));
    return true;
  }

  static bool EndsField(char c) { return c == ',' || c == '\n' || c == '\r'; }

  // Reads one field at i_ into *out; false on an error.
  bool ReadField(std::string* out) {
    if (i_ < text_.size() && text_[i_] == '"') {
      const int start_row = row_;
      ++i_;
      for (;;) {
        if (i_ >= text_.size()) {
          return Fail(start_row, field_,
                      "a quoted cell runs to the end of the file: its closing quote is missing");
        }
        if (text_[i_] == '"') {
          if (i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
            *out += '"';
            i_ += 2;
            continue;
          }
          ++i_;
          break;
        }
        if (!TakeChar(out)) return false;
      }
      if (i_ < text_.size() && !EndsField(text_[i_])) {
        return Fail(row_, field_,
                    "after a cell's closing quote only a comma or the end of the row may follow "
                    "(a quote inside a quoted cell is written twice: \"\")");
      }
      return true;
    }
    while (i_ < text_.size() && !EndsField(text_[i_])) {
      if (text_[i_] == '"') {
        return Fail(row_, field_,
                    "a quote inside a cell that does not start with one: quote the whole cell "
                    "and write the quote twice (\"\")");
      }
      if (!TakeChar(out)) return false;
    }
    return true;
  }

  bool ReadRow() {
    ++row_;
    CsvRow row;
    row.number = row_;
    std::size_t empties = 0;  // empty cells not kept yet
    std::string raw;
    for (field_ = 1;; ++field_) {
      raw.clear();
      if (!ReadField(&raw)) return false;
      std::string cell = Trim(raw);
      if (!cell.empty() && cell[0] == '\'' && StartsLikeFormula(cell)) cell.erase(0, 1);
      if (cell.empty()) {
        ++empties;
      } else {
        if (static_cast<std::size_t>(field_) > kMaxCsvColumns) {
          return Fail(row_, field_,
                      "a value past column " + std::to_string(kMaxCsvColumns) +
                          ": a course file has far fewer columns");
        }
        row.cells.resize(row.cells.size() + empties);
        empties = 0;
        row.cells.push_back(std::move(cell));
      }
      if (i_ >= text_.size()) break;
      const char c = text_[i_++];
      if (c == ',') continue;
      if (c == '\r' && i_ < text_.size() && text_[i_] == '\n') ++i_;
      break;
    }
    if (!row.cells.empty()) table_->rows.push_back(std::move(row));
    return true;
  }

  const std::string& path_;
  std::string_view text_;
  CsvTable* table_;
  Diagnostics* diags_;
  std::size_t i_ = 0;
  int row_ = 0;
  int field_ = 0;
};

}  // namespace

bool ParseCsvTable(const std::string& path, std::string_view text, CsvTable* table,
                   Diagnostics* diags) {
  return Tokenizer(path, text, table, diags).Run();
}

}  // namespace superbill
