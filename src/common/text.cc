#include "common/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace superbill {

namespace {

bool StartsCodePoint(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  block_code_points_.reserve(text.size() / kBlock + 1);
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i % kBlock == 0) block_code_points_.push_back(code_points);
    if (text[i] == '\n') line_starts_.push_back(i + 1);
    if (StartsCodePoint(text[i])) ++code_points;
  }
}

std::size_t LineIndex::CodePointsBefore(std::size_t offset) const {
  if (block_code_points_.empty()) return 0;  // an empty text
  // The end of a text whose length is a multiple of kBlock lies past the last block.
  const std::size_t block = std::min(offset / kBlock, block_code_points_.size() - 1);
  std::size_t n = block_code_points_[block];
  for (std::size_t i = block * kBlock; i < offset; ++i) n += StartsCodePoint(text_[i]);
  return n;
}

void LineIndex::Locate(std::size_t offset, int* line, int* col) const {
  offset = std::min(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  std::size_t index = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  *line = static_cast<int>(index) + 1;
  *col = static_cast<int>(CodePointsBefore(offset) - CodePointsBefore(line_starts_[index])) + 1;
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

bool IsForbiddenTextChar(char32_t cp) {
  if (cp == '\t' || cp == '\n' || cp == '\r') return false;
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return true;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return true;
  return (cp & 0xFFFE) == 0xFFFE;
}

std::string CodePointName(char32_t cp) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
  return code;
}

std::size_t CodePointCount(std::string_view text) {
  std::size_t n = 0;
  for (char c : text) n += StartsCodePoint(c);
  return n;
}

std::size_t FindInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  char32_t cp;
  while (i < text.size()) {
    if (!DecodeUtf8(text, &i, &cp)) return i;
  }
  return std::string_view::npos;
}

ReadResult ReadRegularFile(const std::string& path, std::string* out, std::size_t max_bytes) {
  out->clear();
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return errno == EISDIR ? ReadResult::kDirectory : ReadResult::kFailed;
  struct FdCloser {
    int fd;
    ~FdCloser() {
      const int saved = errno;
      ::close(fd);
      errno = saved;
    }
  } closer{fd};
  struct stat st;
  if (::fstat(fd, &st) != 0) return ReadResult::kFailed;
  if (S_ISDIR(st.st_mode)) return ReadResult::kDirectory;
  if (!S_ISREG(st.st_mode)) return ReadResult::kNotRegular;
  const auto size = static_cast<std::size_t>(st.st_size);
  if (size > max_bytes) return ReadResult::kTooLarge;
  // Read to the end rather than st_size bytes: a file that grows while it is read is still
  // held to max_bytes.
  // One byte past the limit tells a file at the limit from a longer one.
  const std::size_t limit = max_bytes < SIZE_MAX ? max_bytes + 1 : SIZE_MAX;
  out->resize(std::min(size + 1, limit));
  std::size_t have = 0;
  for (;;) {
    if (have == out->size()) {
      if (have > max_bytes) return ReadResult::kTooLarge;
      out->resize(std::min(have * 2, limit));
    }
    const ssize_t n = ::read(fd, out->data() + have, out->size() - have);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ReadResult::kFailed;
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  if (have > max_bytes) return ReadResult::kTooLarge;
  out->resize(have);
  return ReadResult::kOk;
}

const char* NotAFileMessage(ReadResult result) {
  switch (result) {
    case ReadResult::kDirectory:
      return "is a directory, not a file";
    case ReadResult::kNotRegular:
      return "is not a regular file (a FIFO, socket or device)";
    default:
      return nullptr;
  }
}

bool ReadFile(const std::string& path, std::string* out, std::size_t max_bytes, bool* too_large) {
  if (too_large) *too_large = false;
  switch (ReadRegularFile(path, out, max_bytes)) {
    case ReadResult::kOk:
      return true;
    case ReadResult::kFailed:
      return false;
    case ReadResult::kTooLarge:
      if (too_large) *too_large = true;
      return false;
    case ReadResult::kDirectory:
      errno = EISDIR;
      return false;
    case ReadResult::kNotRegular:
      errno = EINVAL;
      return false;
  }
  return false;
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
