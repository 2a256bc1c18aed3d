#include "model/claim.h"

#include <algorithm>
#include <utility>

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

const char* ResubmissionKindName(Resubmission::Kind kind) {
  switch (kind) {
    case Resubmission::Kind::kOriginal:
      return "original";
    case Resubmission::Kind::kCorrected:
      return "corrected";
    case Resubmission::Kind::kVoid:
      return "void";
  }
  return "original";
}

std::string StatementNumber(const std::string& course_id, int version) {
  return version <= 1 ? course_id : course_id + "/" + std::to_string(version);
}

std::string Claim::StatementNumber() const {
  return superbill::StatementNumber(course ? course->id : std::string(), resubmission.version);
}

const Provider* Claim::PrimaryProvider() const {
  std::vector<std::pair<const Provider*, int>> counts;  // in order of first line
  for (const auto& l : lines) {
    auto it = std::find_if(counts.begin(), counts.end(),
                           [&](const auto& c) { return c.first == l.provider; });
    if (it == counts.end()) {
      counts.push_back({l.provider, 1});
    } else {
      ++it->second;
    }
  }
  const Provider* best = nullptr;
  int most = 0;
  for (const auto& [provider, n] : counts) {
    if (provider && n > most) {
      best = provider;
      most = n;
    }
  }
  return best;
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
