#include "validate/identifiers.h"

#include <cctype>

namespace superbill {
namespace {

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

bool IsValidNpi(const std::string& npi) {
  if (npi.size() != 10 || !AllDigits(npi)) return false;
  // Luhn over "80840" + the first nine digits, check digit appended: equivalently, double
  // every second digit from the right of the nine, add the constant 24 for the prefix.
  int sum = 24;
  for (int i = 8, k = 0; i >= 0; --i, ++k) {
    int d = npi[i] - '0';
    if (k % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  int check = (10 - sum % 10) % 10;
  return check == npi[9] - '0';
}

std::optional<std::string> NormalizeEin(const std::string& ein) {
  std::string digits;
  if (ein.size() == 10 && ein[2] == '-') {
    digits = ein.substr(0, 2) + ein.substr(3);
  } else {
    digits = ein;
  }
  if (digits.size() != 9 || !AllDigits(digits)) return std::nullopt;
  return digits;
}

bool HasIssuedEinPrefix(const std::string& ein9, const std::vector<CodeRange>& prefixes) {
  std::string prefix = ein9.substr(0, 2);
  for (const auto& r : prefixes) {
    if (r.Contains(prefix)) return true;
  }
  return false;
}

std::optional<std::string> NdcToBillingForm(const std::string& ndc) {
  if (ndc.size() == 11 && AllDigits(ndc)) return ndc;
  std::vector<std::string> parts;
  std::string cur;
  for (char c : ndc) {
    if (c == '-') {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  if (parts.size() != 3) return std::nullopt;
  for (const auto& p : parts) {
    if (!AllDigits(p)) return std::nullopt;
  }
  std::size_t a = parts[0].size(), b = parts[1].size(), c = parts[2].size();
  if (a == 5 && b == 4 && c == 2) return parts[0] + parts[1] + parts[2];
  if (a == 4 && b == 4 && c == 2) return "0" + parts[0] + parts[1] + parts[2];
  if (a == 5 && b == 3 && c == 2) return parts[0] + "0" + parts[1] + parts[2];
  if (a == 5 && b == 4 && c == 1) return parts[0] + parts[1] + "0" + parts[2];
  return std::nullopt;
}

bool IsValidTaxonomy(const std::string& code) {
  if (code.size() != 10 || code.back() != 'X') return false;
  for (char c : code) {
    if (!std::isdigit(static_cast<unsigned char>(c)) && !(c >= 'A' && c <= 'Z')) return false;
  }
  return true;
}

bool IsValidState(const std::string& state) {
  return state.size() == 2 && state[0] >= 'A' && state[0] <= 'Z' && state[1] >= 'A' &&
         state[1] <= 'Z';
}

bool IsValidPostalCode(const std::string& zip) {
  if (zip.size() == 5 || zip.size() == 9) return AllDigits(zip);
  return zip.size() == 10 && zip[5] == '-' && AllDigits(zip.substr(0, 5)) &&
         AllDigits(zip.substr(6));
}

bool IsValidPhone(const std::string& phone) {
  int digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    char c = phone[i];
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
                 (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= 10 && digits <= 15;
}

}  // namespace superbill
