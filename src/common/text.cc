#include "common/text.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace superbill {

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') line_starts_.push_back(i + 1);
  }
}

void LineIndex::Locate(std::size_t offset, int* line, int* col) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  *line = static_cast<int>(index) + 1;
  int c = 1;
  for (std::size_t i = line_starts_[index]; i < offset; ++i) {
    // Count code points: skip UTF-8 continuation bytes.
    if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++c;
  }
  *col = c;
}

bool DecodeUtf8(std::string_view text, std::size_t* i, char32_t* cp) {
  const unsigned char c = static_cast<unsigned char>(text[*i]);
  if (c < 0x80) {
    *cp = c;
    ++*i;
    return true;
  }
  int len;
  char32_t v;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    v = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    v = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    v = c & 0x07;
  } else {
    return false;
  }
  if (*i + len > text.size()) return false;
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(text[*i + k]);
    if ((cc & 0xC0) != 0x80) return false;
    v = (v << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if ((len == 2 && v < 0x80) || (len == 3 && v < 0x800) || (len == 4 && v < 0x10000) ||
      (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
    return false;
  }
  *cp = v;
  *i += len;
  return true;
}

std::size_t FindInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  char32_t cp;
  while (i < text.size()) {
    if (!DecodeUtf8(text, &i, &cp)) return i;
  }
  return std::string_view::npos;
}

bool ReadFile(const std::string& path, std::string* out, std::size_t max_bytes, bool* too_large) {
  if (too_large) *too_large = false;
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  if (size < 0) return false;
  if (static_cast<std::size_t>(size) > max_bytes) {
    if (too_large) *too_large = true;
    return false;
  }
  in.seekg(0, std::ios::beg);
  out->assign(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(out->data(), size)) return false;
  return true;
}

std::string SafeCsvField(std::string_view value) {
  if (!value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
                         value[0] == '\t' || value[0] == '\r')) {
    return CsvField("'" + std::string(value));
  }
  return CsvField(value);
}

std::string CsvField(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

bool ParseCsv(std::string_view text, std::vector<CsvRecord>* records, std::string* error,
              int* error_line) {
  std::size_t i = 0;
  int line = 1;
  const std::size_t n = text.size();
  while (i < n) {
    CsvRecord record;
    record.line = line;
    std::string field;
    bool at_record_end = false;
    bool blank = true;
    while (!at_record_end) {
      field.clear();
      if (i < n && text[i] == '"') {
        blank = false;
        ++i;
        for (;;) {
          if (i >= n) {
            *error = "unterminated quoted field";
            *error_line = record.line;
            return false;
          }
          char c = text[i++];
          if (c == '"') {
            if (i < n && text[i] == '"') {
              field += '"';
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            field += c;
          }
        }
        if (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          *error = "unexpected character after a quoted field";
          *error_line = line;
          return false;
        }
      } else {
        while (i < n && text[i] != ',' && text[i] != '\n' && text[i] != '\r') field += text[i++];
        if (!field.empty()) blank = false;
      }
      record.fields.push_back(field);
      if (i >= n) {
        at_record_end = true;
      } else if (text[i] == ',') {
        blank = false;
        ++i;
      } else {
        if (text[i] == '\r') ++i;
        if (i < n && text[i] == '\n') ++i;
        ++line;
        at_record_end = true;
      }
    }
    if (!blank) records->push_back(std::move(record));
  }
  return true;
}

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

}  // namespace superbill
