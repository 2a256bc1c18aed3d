// Readers for the values and elements both input files share: addresses, money, dates.
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

// Parses an attribute value as money, a date or a dose; reports a located error (which
// quotes nothing of the value) and returns nullopt when it is not one.
std::optional<Money> ParseMoneyAttr(ElementReader& r, const char* name, const std::string& v);
std::optional<Date> ParseDateAttr(ElementReader& r, const char* name, const std::string& v);
std::optional<Decimal3> ParsePositiveDecimalAttr(ElementReader& r, const char* name,
                                                 const std::string& v);
// A whole number of minutes from 1 to 1440.
std::optional<int> ParseMinutesAttr(ElementReader& r, const char* name, const std::string& v);

// Value one of `choices` ("left|right|bilateral"); reports the allowed values otherwise.
std::optional<std::string> ParseChoiceAttr(ElementReader& r, const char* name, const std::string& v,
                                           const std::string& choices);

}  // namespace superbill
