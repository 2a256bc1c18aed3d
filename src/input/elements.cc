#include "input/elements.h"

#include "common/text.h"
#include "validate/identifiers.h"

namespace superbill {

Address ReadAddress(const XmlSource& src, pugi::xml_node node, Diagnostics* diags) {
  Address a;
  a.loc = src.Loc(node);
  ElementReader r(src, node, diags);
  a.line1 = r.Required("line1").value_or("");
  a.line2 = r.Optional("line2").value_or("");
  a.city = r.Required("city").value_or("");
  if (auto s = r.Required("state")) {
    if (IsValidState(*s)) {
      a.state = *s;
    } else {
      r.Error("state", "state must be a two-letter abbreviation in capitals");
    }
  }
  if (auto z = r.Required("postalCode")) {
    if (IsValidPostalCode(*z)) {
      a.postal_code = *z;
    } else {
      r.Error("postalCode", "postalCode must be 5 or 9 digits (hyphen optional)");
    }
  }
  r.Finish();
  CheckLeaf(src, node, diags);
  return a;
}

std::optional<Money> ParseMoneyAttr(ElementReader& r, const char* name, const std::string& v) {
  auto m = Money::Parse(v);
  if (!m) {
    r.Error(name, std::string("'") + name +
                      "' must be an amount of money with at most two decimals, from 0 to "
                      "9999999.99");
  }
  return m;
}

std::optional<Date> ParseDateAttr(ElementReader& r, const char* name, const std::string& v) {
  auto d = Date::Parse(v);
  if (!d) r.Error(name, std::string("'") + name + "' is not a real date in the form YYYY-MM-DD");
  return d;
}

std::optional<Decimal3> ParsePositiveDecimalAttr(ElementReader& r, const char* name,
                                                 const std::string& v) {
  auto d = Decimal3::Parse(v);
  if (!d || d->milli == 0) {
    r.Error(name, std::string("'") + name +
                      "' must be a number greater than 0 with at most three decimals");
    return std::nullopt;
  }
  return d;
}

std::optional<int> ParseMinutesAttr(ElementReader& r, const char* name, const std::string& v) {
  int value = 0;
  bool ok = !v.empty() && v.size() <= 4;
  for (char c : v) {
    if (c < '0' || c > '9') ok = false;
    if (ok) value = value * 10 + (c - '0');
  }
  if (!ok || value < 1 || value > 1440) {
    r.Error(name, std::string("'") + name + "' must be a whole number of minutes from 1 to 1440");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> ParseChoiceAttr(ElementReader& r, const char* name, const std::string& v,
                                           const std::string& choices) {
  for (const auto& c : Split(choices, '|')) {
    if (c == v) return v;
  }
  std::string list;
  auto all = Split(choices, '|');
  for (std::size_t i = 0; i < all.size(); ++i) {
    list += (i == 0 ? "" : (i + 1 == all.size() ? " or " : ", ")) + std::string("'") + all[i] + "'";
  }
  r.Error(name, std::string("'") + name + "' must be " + list);
  return std::nullopt;
}

}  // namespace superbill
