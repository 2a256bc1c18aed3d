// Readers for the values and elements both input files share: addresses, money, dates.
// The value parsers take any FieldSource: an XML element's attributes or a CSV row.
#pragma once

#include <optional>
#include <string>

#include "input/xml_source.h"
#include "model/clinic.h"
#include "model/date.h"
#include "model/money.h"

namespace superbill {

// Reads an <address> element. Its diagnostics never quote a value (it may be a patient's).
Address ReadAddress(const XmlSource& src, pugi::xml_node node, Diagnostics* diags);
// The fields of an address (line1, line2, city, state, postalCode) from `r`.
void ReadAddressFields(FieldSource& r, Address* a);

// Parses a field value as money, a date, a clock time or a dose; reports a located error
// (which quotes nothing of the value) and returns nullopt when it is not one. From a
// spreadsheet (r.spreadsheet()) money, dates and times may also take the forms of
// input/csv_values.h.
std::optional<Money> ParseMoneyAttr(FieldSource& r, const char* name, const std::string& v);
std::optional<Date> ParseDateAttr(FieldSource& r, const char* name, const std::string& v);
// Minutes since midnight.
std::optional<int> ParseTimeAttr(FieldSource& r, const char* name, const std::string& v);
std::optional<Decimal3> ParsePositiveDecimalAttr(FieldSource& r, const char* name,
                                                 const std::string& v);
// A whole number of minutes from 1 to 1440.
std::optional<int> ParseMinutesAttr(FieldSource& r, const char* name, const std::string& v);

// Value one of `choices` ("left|right|bilateral"), in any case from a spreadsheet (then
// returned as the choice is written); reports the allowed values otherwise.
std::optional<std::string> ParseChoiceAttr(FieldSource& r, const char* name, const std::string& v,
                                           const std::string& choices);

}  // namespace superbill
