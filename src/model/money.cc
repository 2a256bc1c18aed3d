#include "model/money.h"

namespace superbill {
namespace {

// Parses digits[.digits] with at most `places` decimals into an integer scaled by
// 10^places. Rejects signs, spaces, empty parts and values over `max`.
std::optional<std::int64_t> ParseScaled(std::string_view text, int places, std::int64_t max) {
  if (text.empty()) return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  int int_digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (++int_digits > 12) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
    ++i;
  }
  if (int_digits == 0) return std::nullopt;
  std::int64_t frac = 0;
  int frac_digits = 0;
  if (i < text.size()) {
    if (text[i] != '.') return std::nullopt;
    ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (++frac_digits > places) return std::nullopt;
      frac = frac * 10 + (text[i] - '0');
      ++i;
    }
    if (frac_digits == 0 || i != text.size()) return std::nullopt;
  }
  std::int64_t scale = 1;
  for (int k = 0; k < places; ++k) scale *= 10;
  for (int k = frac_digits; k < places; ++k) frac *= 10;
  std::int64_t value = whole * scale + frac;
  if (value > max) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Money> Money::Parse(std::string_view text) {
  auto v = ParseScaled(text, 2, kMaxCents);
  if (!v) return std::nullopt;
  return Money{*v};
}

std::string Money::ToString() const {
  std::int64_t v = cents < 0 ? -cents : cents;
  std::string frac = std::to_string(v % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return (cents < 0 ? "-" : "") + std::to_string(v / 100) + "." + frac;
}

std::optional<Decimal3> Decimal3::Parse(std::string_view text) {
  auto v = ParseScaled(text, 3, 999'999'999'999);
  if (!v) return std::nullopt;
  return Decimal3{*v};
}

std::string Decimal3::ToString() const {
  std::string out = std::to_string(milli / 1000);
  std::int64_t frac = milli % 1000;
  if (frac != 0) {
    std::string f = std::to_string(frac);
    f = std::string(3 - f.size(), '0') + f;
    while (!f.empty() && f.back() == '0') f.pop_back();
    out += "." + f;
  }
  return out;
}

std::int64_t CeilDiv(Decimal3 a, Decimal3 b) { return (a.milli + b.milli - 1) / b.milli; }

Decimal3 DivideRounded(Decimal3 a, Decimal3 b) {
  // a/b in thousandths = a.milli * 1000 / b.milli, rounded half up.
  Int128 num = static_cast<Int128>(a.milli) * 1000 * 2 + b.milli;
  Int128 den = static_cast<Int128>(b.milli) * 2;
  return Decimal3{static_cast<std::int64_t>(num / den)};
}

Money MultiplyRounded(Money amount, Decimal3 factor) {
  Int128 product = static_cast<Int128>(amount.cents) * factor.milli;
  Int128 rounded = (product >= 0 ? product + 500 : product - 500) / 1000;
  return Money{static_cast<std::int64_t>(rounded)};
}

}  // namespace superbill
