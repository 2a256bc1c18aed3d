#include "input/elements.h"

#include "common/text.h"
#include "input/csv_values.h"
#include "validate/identifiers.h"

namespace superbill {

namespace {

// "'name'" as the messages quote a field: the attribute or the CSV column.
std::string Quoted(const FieldSource& r, const char* name) { return "'" + r.Name(name) + "'"; }

// The field and its bad value, "'date' '2026-02-30'", for a value that is not personal; a
// birth date is never quoted (it identifies the patient).
std::string WithValue(const FieldSource& r, const char* name, const std::string& v) {
  if (std::string_view(name) == "birthDate") return Quoted(r, name);
  return Quoted(r, name) + " " + superbill::Quoted(v);
}

}  // namespace

void ReadAddressFields(FieldSource& r, Address* a) {
  a->line1 = r.Required("line1").value_or("");
  a->line2 = r.Optional("line2").value_or("");
  a->city = r.Required("city").value_or("");
  if (auto s = r.Required("state")) {
    if (IsValidState(*s)) {
      a->state = *s;
    } else {
      r.Error("state", "state must be a two-letter abbreviation in capitals");
    }
  }
  if (auto z = r.Required("postalCode")) {
    if (IsValidPostalCode(*z)) {
      a->postal_code = *z;
    } else {
      const bool short_number = (z->size() == 4 || z->size() == 8) &&
                                z->find_first_not_of("0123456789") == std::string::npos;
      r.Error("postalCode",
              std::string("postalCode must be 5 or 9 digits (hyphen optional)") +
                  (r.spreadsheet() && short_number
                       ? ": a spreadsheet drops a ZIP code's leading zero unless the column is "
                         "formatted as Text"
                       : ""));
    }
  }
}

Address ReadAddress(const XmlSource& src, pugi::xml_node node, Diagnostics* diags) {
  Address a;
  a.loc = src.Loc(node);
  ElementReader r(src, node, diags);
  ReadAddressFields(r, &a);
  r.Finish();
  CheckLeaf(src, node, diags);
  return a;
}

std::optional<Money> ParseMoneyAttr(FieldSource& r, const char* name, const std::string& v) {
  auto m = r.spreadsheet() ? ParseSheetMoney(v) : Money::Parse(v);
  if (!m) {
    // "$860.00" or "1,250.00" in a course file: say what to write instead.
    if (auto sheet = ParseSheetMoney(v); sheet && !r.spreadsheet()) {
      r.Error(name, WithValue(r, name, v) + ": write " + sheet->ToString() +
                        " (a plain decimal, without '$' or ',')");
    } else {
      r.Error(name, WithValue(r, name, v) +
                        " must be an amount of money with at most two decimals, from 0 to "
                        "9999999.99");
    }
  }
  return m;
}

std::optional<Date> ParseDateAttr(FieldSource& r, const char* name, const std::string& v) {
  if (r.spreadsheet()) {
    auto d = ParseSheetDate(v);
    if (!d)
      r.Error(name,
              WithValue(r, name, v) + " is not a real date in the form YYYY-MM-DD or MM/DD/YYYY");
    return d;
  }
  auto d = Date::Parse(v);
  if (!d) r.Error(name, WithValue(r, name, v) + " is not a real date in the form YYYY-MM-DD");
  return d;
}

std::optional<int> ParseTimeAttr(FieldSource& r, const char* name, const std::string& v) {
  if (r.spreadsheet()) {
    auto t = ParseSheetTime(v);
    if (!t) r.Error(name, Quoted(r, name) + " must be a time such as 14:05 or 2:05 PM");
    return t;
  }
  auto t = ParseClockTime(v);
  if (!t) r.Error(name, Quoted(r, name) + " must be a time HH:MM");
  return t;
}

std::optional<Decimal3> ParsePositiveDecimalAttr(FieldSource& r, const char* name,
                                                 const std::string& v) {
  auto d = Decimal3::Parse(v);
  if (!d || d->milli == 0) {
    r.Error(name, Quoted(r, name) + " must be a number greater than 0 with at most three decimals");
    return std::nullopt;
  }
  return d;
}

std::optional<int> ParseMinutesAttr(FieldSource& r, const char* name, const std::string& v) {
  int value = 0;
  bool ok = !v.empty() && v.size() <= 4;
  for (char c : v) {
    if (c < '0' || c > '9') ok = false;
    if (ok) value = value * 10 + (c - '0');
  }
  if (!ok || value < 1 || value > 1440) {
    r.Error(name, Quoted(r, name) + " must be a whole number of minutes from 1 to 1440");
    return std::nullopt;
  }
  return value;
}

std::optional<std::string> ParseChoiceAttr(FieldSource& r, const char* name, const std::string& v,
                                           const std::string& choices) {
  auto lower = [](std::string t) {
    for (char& c : t) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return t;
  };
  for (const auto& c : Split(choices, '|')) {
    if (c == v) return v;
    // A spreadsheet's value in any case ("Medicare", "f") stands for the choice.
    if (r.spreadsheet() && lower(c) == lower(v)) return c;
  }
  std::string list;
  auto all = Split(choices, '|');
  for (std::size_t i = 0; i < all.size(); ++i) {
    list += (i == 0 ? "" : (i + 1 == all.size() ? " or " : ", ")) + std::string("'") + all[i] + "'";
  }
  r.Error(name, Quoted(r, name) + " must be " + list);
  return std::nullopt;
}

}  // namespace superbill
