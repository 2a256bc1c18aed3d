// Calendar dates and clock times of the input format (ISO YYYY-MM-DD, HH:MM).
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace superbill {

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;

  // Parses exactly YYYY-MM-DD and checks the day exists (no 2026-02-30).
  static std::optional<Date> Parse(std::string_view text);
  // Today's date on the local clock.
  static Date Today();
  std::string ToString() const;  // "2026-10-05"
  // "10/05/2026", as US forms print dates.
  std::string ToUsString() const;
  // Whole years from this date to `on` (a person's age).
  int YearsUntil(const Date& on) const;

  friend bool operator==(const Date&, const Date&) = default;
  friend auto operator<=>(const Date&, const Date&) = default;
};

// Days in a month of a year (Gregorian).
int DaysInMonth(int year, int month);

// Minutes since midnight, from "HH:MM" (00:00–23:59).
std::optional<int> ParseClockTime(std::string_view text);

}  // namespace superbill
