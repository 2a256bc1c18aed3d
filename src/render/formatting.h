// How the PDF documents write values (dates, money, names, addresses) and fill the
// templates' {placeholders}; and the flow style of a layout. Shared by the superbill and
// the patient packet.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/clinic.h"
#include "model/course.h"
#include "model/date.h"
#include "model/money.h"
#include "render/layout.h"
#include "render/pdf/flow.h"

namespace superbill {

// `pattern` with each {name} replaced by its value (unknown names are left as written).
std::string Fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values);

// The date in a format of YYYY, MM and DD ("MM/DD/YYYY").
std::string FormatDate(const Date& d, std::string_view format);
// "$1,234.56" (a minus sign before the currency for a negative amount).
std::string FormatMoney(Money m, std::string_view currency);
// An EIN as XX-XXXXXXX; a ZIP+4 as 12345-6789.
std::string FormatEin(const std::string& ein);
std::string FormatPostal(const std::string& zip);
// "Family, Given Middle", as claim forms write a person.
std::string PersonName(const Person& p);
// "Given Middle Family", as a letter addresses a person.
std::string PersonNameNatural(const Person& p);
// "Miriam Lee, MD".
std::string ProviderName(const Provider& p);
// The lines of an address: line1, line2, "City, ST 12345".
std::vector<std::string> AddressLines(const Address& a);

// The page geometry, sizes and spacing of `layout` for the flow composer.
FlowStyle FlowStyleFor(const Layout& layout);

}  // namespace superbill
