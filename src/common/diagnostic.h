// Diagnostics: a problem found in an input, with its place, printed as
// `path:line:col: error: message` (or `superbill: error: message` without a place).
// A warning (`path:line:col: warning: message`) reports a problem the rules resolved: the
// course is still produced.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace superbill {

// A place in an input file; line and column are 1-based, 0 when unknown. In a CSV file
// `line` is the spreadsheet row (the header is row 1), `col` the field's number (A = 1) and
// `column` the name of its column, which the diagnostic adds: "... (column 'doseMg')".
struct SourceLoc {
  std::string path;
  int line = 0;
  int col = 0;
  const char* column = nullptr;  // a static string; null outside CSV files
};

enum class Severity { kError, kWarning };

struct Diagnostic {
  SourceLoc loc;
  std::string message;
  Severity severity = Severity::kError;

  bool is_warning() const { return severity == Severity::kWarning; }
  // `path:line:col: error: message`, `path: error: message` or `superbill: error: message`
  // (`warning:` for a warning), then ` (column 'NAME')` for a place in a CSV column.
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

// A warning at `loc`.
inline Diagnostic Warning(SourceLoc loc, std::string message) {
  return Diagnostic{std::move(loc), std::move(message), Severity::kWarning};
}
// Whether `diags` holds an error (not only warnings).
bool HasErrors(const Diagnostics& diags);
// The number of errors / warnings in `diags`.
std::size_t CountErrors(const Diagnostics& diags);
std::size_t CountWarnings(const Diagnostics& diags);
// The first error of `diags`; nullptr when it holds none.
const Diagnostic* FirstError(const Diagnostics& diags);

// Stops the whole run (exit code 2): unreadable clinic file, missing tables, bad flag.
// Caught once, in main.
class FatalError : public std::exception {
 public:
  explicit FatalError(std::string message) { diagnostics_.push_back({{}, std::move(message)}); }
  explicit FatalError(Diagnostics diagnostics) : diagnostics_(std::move(diagnostics)) {}
  const char* what() const noexcept override { return diagnostics_.front().message.c_str(); }
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

}  // namespace superbill
