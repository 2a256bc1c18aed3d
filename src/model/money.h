// Exact money and decimal quantities: integers of cents and of thousandths, never double.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace superbill {

// 128-bit intermediate for products of amounts (a GCC/Clang extension).
__extension__ typedef __int128 Int128;

// An amount of US dollars held as whole cents.
struct Money {
  std::int64_t cents = 0;

  // Parses "450", "450.5", "450.00" (at most two decimals, no sign, no grouping).
  // nullopt on anything else or past kMaxCents.
  static std::optional<Money> Parse(std::string_view text);
  // "450.00", "-12.05".
  std::string ToString() const;

  static constexpr std::int64_t kMaxCents = 999'999'999;  // 9,999,999.99

  friend bool operator==(Money a, Money b) { return a.cents == b.cents; }
  friend auto operator<=>(Money a, Money b) { return a.cents <=> b.cents; }
  Money& operator+=(Money o) {
    cents += o.cents;
    return *this;
  }
  friend Money operator+(Money a, Money b) { return Money{a.cents + b.cents}; }
  friend Money operator-(Money a, Money b) { return Money{a.cents - b.cents}; }
};

// A non-negative decimal with at most three places, held in thousandths (38.5 -> 38500).
// Used for doses in mg and concentrations in mg per mL or per unit.
struct Decimal3 {
  std::int64_t milli = 0;

  // Parses "38", "12.5", "0.125"; nullopt on a sign, more than 3 decimals or absurd size.
  static std::optional<Decimal3> Parse(std::string_view text);
  // Shortest form: "38", "0.38", "12.5".
  std::string ToString() const;

  friend bool operator==(Decimal3 a, Decimal3 b) { return a.milli == b.milli; }
  friend auto operator<=>(Decimal3 a, Decimal3 b) { return a.milli <=> b.milli; }
};

// amount x factor, rounded half up to the cent (a bilateral charge: fee x 1.5).
Money MultiplyRounded(Money amount, Decimal3 factor);

// ceil(a / b) for positive decimals, as a whole number.
std::int64_t CeilDiv(Decimal3 a, Decimal3 b);
// a / b rounded half up to three decimals.
Decimal3 DivideRounded(Decimal3 a, Decimal3 b);

}  // namespace superbill
