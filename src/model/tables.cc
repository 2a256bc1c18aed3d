#include "model/tables.h"

#include <cctype>

namespace superbill {

int TimedAddOn::Units(int minutes) const {
  if (minutes < first_minutes) return 0;
  return 1 + (minutes - first_minutes) / step_minutes;
}

bool CodeRange::Contains(const std::string& code) const {
  if (code.size() != first.size()) return false;
  return first <= code && code <= last;
}

bool InRanges(const std::vector<CodeRange>& ranges, const std::string& code) {
  for (const auto& r : ranges) {
    if (r.Contains(code)) return true;
  }
  return false;
}

bool ProcedureCode::InEffectOn(const Date& date) const {
  return (!first_date || *first_date <= date) && (!last_date || date <= *last_date);
}

std::string ProcedureCode::ValidityText() const {
  if (first_date && last_date) {
    return "valid from " + first_date->ToString() + " through " + last_date->ToString();
  }
  if (first_date) return "valid from " + first_date->ToString();
  if (last_date) return "valid through " + last_date->ToString();
  return "valid on every date";
}

std::string Tables::CodeInEffect(const std::string& code, const Date& date) const {
  const ProcedureCode* pc = FindProcedure(code);
  if (!pc || pc->InEffectOn(date)) return code;
  // Forward along replacements (a later date), or back to the code this one replaced.
  // (At most one step per code: the table loader rejects cycles, this keeps it finite.)
  std::size_t steps = 0;
  for (const ProcedureCode* next = FindProcedure(pc->replaced_by);
       next && steps < procedures.size(); next = FindProcedure(next->replaced_by), ++steps) {
    if (next->InEffectOn(date)) return next->code;
  }
  for (const auto& [c, p] : procedures) {
    if (p.replaced_by == code && p.InEffectOn(date)) return c;
  }
  return code;
}

const ProcedureCode* Tables::FindProcedure(const std::string& code) const {
  auto it = procedures.find(code);
  return it == procedures.end() ? nullptr : &it->second;
}

const IcdCode* Tables::FindIcd10(const std::string& code) const {
  auto it = icd10.find(IcdKey(code));
  return it == icd10.end() ? nullptr : &it->second;
}

std::size_t FieldLimits::For(std::string_view field) const {
  auto it = max_chars.find(field);
  return it == max_chars.end() ? default_max : it->second;
}

std::string IcdKey(const std::string& code) {
  std::string key;
  for (std::size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '.') {
      if (i != 3) return "";
      continue;
    }
    if (!std::isalnum(static_cast<unsigned char>(c))) return "";
    key += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  if (key.size() < 3 || key.size() > 7) return "";
  if (!std::isalpha(static_cast<unsigned char>(key[0])) ||
      !std::isdigit(static_cast<unsigned char>(key[1]))) {
    return "";
  }
  return key;
}

std::string IcdDotted(const std::string& key) {
  if (key.size() <= 3) return key;
  return key.substr(0, 3) + "." + key.substr(3);
}

const Band* FindBand(const std::vector<Band>& bands, int minutes) {
  const Band* found = nullptr;
  for (const auto& b : bands) {
    if (minutes >= b.min_minutes) found = &b;
  }
  return found;
}

}  // namespace superbill
