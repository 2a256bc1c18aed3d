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
  return out + ": error: " + message;
}

}  // namespace superbill
