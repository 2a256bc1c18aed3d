// Text helpers shared by the readers: byte offsets to line:col, UTF-8 checks, CSV.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace superbill {

// Maps byte offsets of one buffer to 1-based line and column (columns count
// UTF-8 code points, so a column points at the character a reader sees).
// Locate() costs O(log lines + kBlock) whatever the length of the line: a file of 200,000
// elements on one line, each with a diagnostic, is located in linear time.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  void Locate(std::size_t offset, int* line, int* col) const;

 private:
  static constexpr std::size_t kBlock = 256;
  // Code points that start before byte `offset`.
  std::size_t CodePointsBefore(std::size_t offset) const;

  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  std::vector<std::size_t> block_code_points_;  // [k]: code points before byte k * kBlock
};

// Decodes the UTF-8 code point at `*i` into `*cp` and advances `*i` past it. Returns false
// (leaving `*i`) on a malformed, overlong, surrogate or out-of-range sequence.
bool DecodeUtf8(std::string_view text, std::size_t* i, char32_t* cp);

// Whether no text value may hold `cp`: a control character other than tab, line feed and
// carriage return (C0, DEL and C1), or a noncharacter (U+FFFE, U+FFFF, U+FDD0 to U+FDEF and
// the last two of every plane). XML 1.0 forbids C0 and U+FFFE/U+FFFF outright, so a claim.xml
// holding one is not well-formed; the others print as nothing or as boxes.
bool IsForbiddenTextChar(char32_t cp);
// "U+001B", as messages name a character.
std::string CodePointName(char32_t cp);

// The number of code points of UTF-8 `text` (bytes that are not continuation bytes).
std::size_t CodePointCount(std::string_view text);

// Byte offset of the first byte that is not valid UTF-8, or npos when all is valid.
std::size_t FindInvalidUtf8(std::string_view text);

// How reading an input file ended.
enum class ReadResult {
  kOk,
  kFailed,      // open or read failed: errno says why
  kTooLarge,    // more than max_bytes
  kDirectory,   // a directory
  kNotRegular,  // a FIFO, socket or device
};

// Reads a whole regular file. The file is opened with O_NONBLOCK and checked with fstat before
// a byte is read, so that a FIFO or a device among the inputs is refused at once instead of
// blocking the run (where not even SIGTERM would end it); a directory is refused before it
// is mistaken for a huge file.
ReadResult ReadRegularFile(const std::string& path, std::string* out,
                           std::size_t max_bytes = SIZE_MAX);

// What to tell the user about a file that is not a regular file: "is a directory, not a file"
// or "is not a regular file (a FIFO, socket or device)"; null for the other results.
const char* NotAFileMessage(ReadResult result);

// ReadRegularFile as a bool: false (and errno set) when the file cannot be read; a directory
// sets EISDIR, another file that is not regular EINVAL. Refuses files larger than max_bytes
// (sets *too_large).
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
