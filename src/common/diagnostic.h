// Diagnostics: a problem found in an input, with its place, printed as
// `path:line:col: error: message` (or `superbill: error: message` without a place).
#pragma once

#include <string>
#include <vector>

namespace superbill {

// A place in an input file; line and column are 1-based, 0 when unknown.
struct SourceLoc {
  std::string path;
  int line = 0;
  int col = 0;
};

struct Diagnostic {
  SourceLoc loc;
  std::string message;

  // `path:line:col: error: message`, `path: error: message` or `superbill: error: message`.
  std::string ToString() const;
};

using Diagnostics = std::vector<Diagnostic>;

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
