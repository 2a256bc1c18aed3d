// Pure checks of identifiers: NPI check digit, EIN prefix, NDC billing form, taxonomy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/tables.h"

namespace superbill {

// 10 digits whose last is the Luhn check digit over "80840" + the first nine.
bool IsValidNpi(const std::string& npi);

// "95-1234567" or "951234567" -> "951234567"; nullopt unless 9 digits (one optional hyphen
// after the second digit).
std::optional<std::string> NormalizeEin(const std::string& ein);
// Whether the first two digits are a prefix the IRS issues.
bool HasIssuedEinPrefix(const std::string& ein9, const std::vector<CodeRange>& prefixes);

// The 11-digit 5-4-2 billing form of a hyphenated NDC (4-4-2, 5-3-2, 5-4-1, 5-4-2) or of an
// 11-digit one; nullopt for anything else.
std::optional<std::string> NdcToBillingForm(const std::string& ndc);

// A NUCC taxonomy code: 10 characters, digits and capitals, ending in X.
bool IsValidTaxonomy(const std::string& code);

// A US state or territory abbreviation (two capitals).
bool IsValidState(const std::string& state);
// 5 digits, 9 digits, or 5-4 with a hyphen.
bool IsValidPostalCode(const std::string& zip);
// A phone number: digits with spaces, dots, hyphens, parentheses or a leading +; 10–15 digits.
bool IsValidPhone(const std::string& phone);

}  // namespace superbill
