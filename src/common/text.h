// Text helpers shared by the readers: byte offsets to line:col, UTF-8 checks, CSV.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace superbill {

// Maps byte offsets of one buffer to 1-based line and column (columns count
// UTF-8 code points, so a column points at the character a reader sees).
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  void Locate(std::size_t offset, int* line, int* col) const;

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
};

// Decodes the UTF-8 code point at `*i` into `*cp` and advances `*i` past it. Returns false
// (leaving `*i`) on a malformed, overlong, surrogate or out-of-range sequence.
bool DecodeUtf8(std::string_view text, std::size_t* i, char32_t* cp);

// Byte offset of the first byte that is not valid UTF-8, or npos when all is valid.
std::size_t FindInvalidUtf8(std::string_view text);

// Reads a whole file; false (and errno set) when it cannot be read.
// Refuses files larger than max_bytes (sets *too_large).
bool ReadFile(const std::string& path, std::string* out, std::size_t max_bytes = SIZE_MAX,
              bool* too_large = nullptr);

// One field of a CSV cell list per RFC 4180 (quotes only when needed).
std::string CsvField(std::string_view value);

// CsvField of a text a spreadsheet must not read as a formula: one starting with = + - @,
// a tab or a carriage return gets a leading apostrophe.
std::string SafeCsvField(std::string_view value);

// A parsed CSV record with the line it started on.
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// Parses RFC 4180 CSV (LF or CRLF). Returns false with *error and *error_line set on a
// malformed quote. Blank lines are skipped.
bool ParseCsv(std::string_view text, std::vector<CsvRecord>* records, std::string* error,
              int* error_line);

std::string Trim(std::string_view s);
std::vector<std::string> Split(std::string_view s, char sep);

}  // namespace superbill
