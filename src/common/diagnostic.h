// Diagnostics: a problem found in an input, with its place, printed as
// `path:line:col: error: message` (or `superbill: error: message` without a place).
// A warning (`path:line:col: warning: message`) reports a problem the rules resolved: the
// course is still produced.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
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

// A value of an input as a message echoes it: in quotes, control characters escaped
// ("\n", "\x00") and cut to 40 characters with "…" (a 1,000,000-digit tax id is not echoed
// whole). Never for personal values, which are not echoed at all.
std::string Quoted(std::string_view value);
// `text` with control characters escaped as above (file names in diagnostics).
std::string Escaped(std::string_view text);

// ": did you mean 'lee'?" for the candidate nearest to `word` (edit distance, ignoring
// case: at most 2 edits and fewer than half its letters), "" when none is that near or
// `word` is one of them.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

// The lines printed for the diagnostics of one file (without newlines): an error whose file
// and message an earlier error has is counted on that one ("... (and 3 more like
// this)"); after kMaxPrintedDiagnostics lines, one line "PATH: error: and N more problems"
// stands for the rest. Linear in the number of diagnostics.
constexpr std::size_t kMaxPrintedDiagnostics = 20;
std::vector<std::string> PrintedDiagnostics(const Diagnostics& diags);

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
