#include "model/claim.h"

namespace superbill {

std::string ClaimLine::DxLetters() const {
  std::string out;
  for (int p : dx) out += static_cast<char>('A' + p);
  return out;
}

std::string ClaimLine::ModifierString(char sep) const {
  std::string out;
  for (const auto& m : modifiers) {
    if (!out.empty()) out += sep;
    out += m;
  }
  return out;
}

Date Claim::FirstDate() const {
  Date d = lines.empty() ? Date{} : lines.front().date;
  for (const auto& l : lines) d = std::min(d, l.date);
  return d;
}

Date Claim::LastDate() const {
  Date d = lines.empty() ? Date{} : lines.front().date;
  for (const auto& l : lines) d = std::max(d, l.date);
  return d;
}

}  // namespace superbill
