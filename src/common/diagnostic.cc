#include "common/diagnostic.h"

namespace superbill {

std::string Diagnostic::ToString() const {
  std::string out;
  if (loc.path.empty()) {
    out = "superbill";
  } else {
    out = loc.path;
    if (loc.line > 0) {
      out += ':' + std::to_string(loc.line);
      if (loc.col > 0) out += ':' + std::to_string(loc.col);
    }
  }
  out += (is_warning() ? ": warning: " : ": error: ") + message;
  if (loc.column) out += std::string(" (column '") + loc.column + "')";
  return out;
}

std::size_t CountWarnings(const Diagnostics& diags) {
  std::size_t n = 0;
  for (const auto& d : diags) n += d.is_warning();
  return n;
}

std::size_t CountErrors(const Diagnostics& diags) { return diags.size() - CountWarnings(diags); }

bool HasErrors(const Diagnostics& diags) { return FirstError(diags) != nullptr; }

const Diagnostic* FirstError(const Diagnostics& diags) {
  for (const auto& d : diags) {
    if (!d.is_warning()) return &d;
  }
  return nullptr;
}

}  // namespace superbill
