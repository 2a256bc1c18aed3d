// Values as spreadsheets write them: what a CSV course file accepts beyond the XML's forms.
// Each returns nullopt for anything else; none guesses (no two-digit years, no 03/04).
#pragma once

#include <optional>
#include <string_view>

#include "model/date.h"
#include "model/money.h"

namespace superbill {

// YYYY-MM-DD, or MM/DD/YYYY with the month and day in one or two digits (3/4/2026, as US
// Excel writes dates); a real calendar date.
std::optional<Date> ParseSheetDate(std::string_view text);

// Minutes since midnight from 14:05 or 9:05 (24-hour), or 2:05 PM / 2:05 pm / 2:05PM
// (12-hour, 12:30 AM = 00:30); ":00" seconds may follow the minutes (2:05:00 PM).
std::optional<int> ParseSheetTime(std::string_view text);

// An amount as Money::Parse takes it, optionally after a '$' and with commas between
// groups of three digits ($1,250.00).
std::optional<Money> ParseSheetMoney(std::string_view text);

}  // namespace superbill
