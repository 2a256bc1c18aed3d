#include "render/formatting.h"

#include <algorithm>

namespace superbill {

// `pattern` with each {name} replaced by its value.
std::string Fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(pattern.size() + 32);
  std::size_t i = 0;
  while (i < pattern.size()) {
    const std::size_t open = pattern.find('{', i);
    if (open == std::string::npos) break;
    const std::size_t close = pattern.find('}', open);
    if (close == std::string::npos) break;
    out.append(pattern, i, open - i);
    const std::string_view name(pattern.data() + open + 1, close - open - 1);
    bool known = false;
    for (const auto& [key, value] : values) {
      if (key == name) {
        out += value;
        known = true;
        break;
      }
    }
    if (!known) out.append(pattern, open, close - open + 1);
    i = close + 1;
  }
  out.append(pattern, i, std::string::npos);
  return out;
}

namespace {

void AppendTwoDigits(std::string* out, int v) {
  *out += static_cast<char>('0' + v / 10 % 10);
  *out += static_cast<char>('0' + v % 10);
}

}  // namespace

// The date in a format of YYYY, MM and DD ("MM/DD/YYYY").
std::string FormatDate(const Date& d, std::string_view format) {
  std::string out;
  out.reserve(format.size());
  for (std::size_t i = 0; i < format.size();) {
    if (format.compare(i, 4, "YYYY") == 0) {
      AppendTwoDigits(&out, d.year / 100);
      AppendTwoDigits(&out, d.year % 100);
      i += 4;
    } else if (format.compare(i, 2, "MM") == 0) {
      AppendTwoDigits(&out, d.month);
      i += 2;
    } else if (format.compare(i, 2, "DD") == 0) {
      AppendTwoDigits(&out, d.day);
      i += 2;
    } else {
      out += format[i++];
    }
  }
  return out;
}

// "$1,234.56" (a minus sign before the currency for a negative amount).
std::string FormatMoney(Money m, std::string_view currency) {
  std::int64_t cents = m.cents < 0 ? -m.cents : m.cents;
  const std::string whole = std::to_string(cents / 100);
  std::string out;
  out.reserve(whole.size() + whole.size() / 3 + currency.size() + 4);
  if (m.cents < 0) out += '-';
  out += currency;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  out += '.';
  AppendTwoDigits(&out, static_cast<int>(cents % 100));
  return out;
}

namespace {

bool AllDigits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

// An EIN as XX-XXXXXXX.
std::string FormatEin(const std::string& ein) {
  return ein.size() == 9 && AllDigits(ein) ? ein.substr(0, 2) + "-" + ein.substr(2) : ein;
}

// A ZIP+4 as 12345-6789.
std::string FormatPostal(const std::string& zip) {
  return zip.size() == 9 && AllDigits(zip) ? zip.substr(0, 5) + "-" + zip.substr(5) : zip;
}

// "Family, Given Middle", as claim forms write a person.
std::string PersonName(const Person& p) {
  std::string given = p.given;
  if (!p.middle.empty()) given += (given.empty() ? "" : " ") + p.middle;
  if (given.empty()) return p.family;
  return p.family.empty() ? given : p.family + ", " + given;
}

// "Miriam Lee, MD".
std::string ProviderName(const Provider& p) {
  std::string name = p.given;
  if (!p.family.empty()) name += (name.empty() ? "" : " ") + p.family;
  if (!p.credentials.empty()) name += ", " + p.credentials;
  return name;
}

std::vector<std::string> AddressLines(const Address& a) {
  std::vector<std::string> out;
  if (!a.line1.empty()) out.push_back(a.line1);
  if (!a.line2.empty()) out.push_back(a.line2);
  std::string city = a.city;
  if (!a.state.empty()) city += (city.empty() ? "" : ", ") + a.state;
  if (!a.postal_code.empty()) city += (city.empty() ? "" : " ") + FormatPostal(a.postal_code);
  if (!city.empty()) out.push_back(city);
  return out;
}

std::string PersonNameNatural(const Person& p) {
  std::string name = p.given;
  if (!p.middle.empty()) name += (name.empty() ? "" : " ") + p.middle;
  if (!p.family.empty()) name += (name.empty() ? "" : " ") + p.family;
  return name;
}

FlowStyle FlowStyleFor(const Layout& layout) {
  FlowStyle style;
  style.page_width = layout.page_width;
  style.page_height = layout.page_height;
  style.margin_top = layout.margin_top;
  style.margin_bottom = layout.margin_bottom;
  style.margin_left = layout.margin_left;
  style.margin_right = layout.margin_right;
  style.size_heading = layout.size_heading;
  style.size_body = layout.size_body;
  style.size_small = layout.size_small;
  style.size_secondary = layout.size_translation;
  style.line_spacing = layout.line_spacing;
  style.cell_padding = layout.cell_padding;
  style.row_padding = layout.row_padding;
  style.section_gap = layout.section_gap;
  style.column_gap = layout.column_gap;
  style.column_min_gap = layout.column_min_gap;
  style.rule_width = layout.rule_width;
  style.heavy_rule_width = layout.heavy_rule_width;
  style.max_cell_lines = layout.max_cell_lines;
  return style;
}

}  // namespace superbill
