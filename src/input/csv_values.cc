#include "input/csv_values.h"

#include <string>

namespace superbill {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// One or two digits at the start of `*s`, consumed.
std::optional<int> TakeSmallNumber(std::string_view* s) {
  std::size_t n = 0;
  while (n < s->size() && n < 3 && IsDigit((*s)[n])) ++n;
  if (n == 0 || n > 2) return std::nullopt;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) v = v * 10 + ((*s)[i] - '0');
  s->remove_prefix(n);
  return v;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<Date> ParseSheetDate(std::string_view text) {
  if (text.find('/') == std::string_view::npos) return Date::Parse(text);
  std::string_view s = text;
  auto month = TakeSmallNumber(&s);
  if (!month || s.empty() || s[0] != '/') return std::nullopt;
  s.remove_prefix(1);
  auto day = TakeSmallNumber(&s);
  if (!day || s.size() != 5 || s[0] != '/') return std::nullopt;
  char iso[11] = {s[1],
                  s[2],
                  s[3],
                  s[4],
                  '-',
                  static_cast<char>('0' + *month / 10),
                  static_cast<char>('0' + *month % 10),
                  '-',
                  static_cast<char>('0' + *day / 10),
                  static_cast<char>('0' + *day % 10),
                  '\0'};
  return Date::Parse(std::string_view(iso, 10));
}

std::optional<int> ParseSheetTime(std::string_view text) {
  std::string_view s = text;
  auto hour = TakeSmallNumber(&s);
  if (!hour || s.size() < 3 || s[0] != ':' || !IsDigit(s[1]) || !IsDigit(s[2])) {
    return std::nullopt;
  }
  const int minute = (s[1] - '0') * 10 + (s[2] - '0');
  s.remove_prefix(3);
  if (s.size() >= 3 && s[0] == ':') {  // seconds: only a whole minute
    if (s[1] != '0' || s[2] != '0') return std::nullopt;
    s.remove_prefix(3);
  }
  if (minute > 59) return std::nullopt;
  if (s.empty()) return *hour <= 23 ? std::optional<int>(*hour * 60 + minute) : std::nullopt;
  if (s[0] == ' ') s.remove_prefix(1);
  if (s.size() != 2 || Lower(s[1]) != 'm' || (Lower(s[0]) != 'a' && Lower(s[0]) != 'p')) {
    return std::nullopt;
  }
  if (*hour < 1 || *hour > 12) return std::nullopt;
  const int h24 = *hour % 12 + (Lower(s[0]) == 'p' ? 12 : 0);
  return h24 * 60 + minute;
}

std::optional<Money> ParseSheetMoney(std::string_view text) {
  std::string_view s = text;
  if (!s.empty() && s[0] == '$') s.remove_prefix(1);
  if (s.find(',') == std::string_view::npos) return Money::Parse(s);
  // Commas only between groups of three digits of the whole part: 1,250 and 12,345,678.
  std::size_t whole_end = s.find('.');
  if (whole_end == std::string_view::npos) whole_end = s.size();
  std::string plain;
  std::size_t group = 0;  // digits since the last comma
  bool first_group = true;
  for (std::size_t i = 0; i < whole_end; ++i) {
    if (s[i] == ',') {
      if (group == 0 || (first_group && group > 3) || (!first_group && group != 3)) {
        return std::nullopt;
      }
      first_group = false;
      group = 0;
      continue;
    }
    if (!IsDigit(s[i])) return std::nullopt;
    plain += s[i];
    ++group;
  }
  if (!first_group && group != 3) return std::nullopt;
  plain.append(s.substr(whole_end));
  return Money::Parse(plain);
}

}  // namespace superbill
