#include "coding/estimate.h"

#include <algorithm>

namespace superbill {

namespace {

// amount x percent / 100, rounded half up to the cent.
Money Percent(Money amount, int percent) {
  return MultiplyRounded(amount, Decimal3{static_cast<std::int64_t>(percent) * 10});
}

}  // namespace

Estimate EstimateReimbursement(const std::vector<ClaimLine>& lines, const Benefits& b,
                               const std::map<std::string, Money>& medicare_pfs) {
  Estimate e;
  Money deductible_left = b.deductible - b.deductible_met;
  if (deductible_left.cents < 0) deductible_left = Money{};
  Money oop_left;
  if (b.oop_max) {
    oop_left = *b.oop_max - b.oop_met;
    if (oop_left.cents < 0) oop_left = Money{};
  }
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const ClaimLine& line = lines[i];
    EstimateLine out;
    out.line = i;
    out.charge = line.charge;
    if (b.basis == AllowedBasis::kCharge) {
      out.allowed = Percent(line.charge, b.allowed_percent);
    } else {
      auto it = medicare_pfs.find(line.code);
      if (it == medicare_pfs.end()) {
        ++e.not_estimated;
        e.not_estimated_charges += line.charge;
        e.lines.push_back(out);
        continue;
      }
      const Money fee{it->second.cents * std::max(line.units, 1)};
      out.allowed = std::min(line.charge, Percent(fee, b.allowed_percent));
    }
    out.estimated = true;
    out.deductible = std::min(out.allowed, deductible_left);
    deductible_left = deductible_left - out.deductible;
    const Money rest = out.allowed - out.deductible;
    const Money plan = Percent(rest, 100 - b.coinsurance);
    out.coinsurance = rest - plan;
    if (b.oop_max) {
      const Money share = out.deductible + out.coinsurance;
      if (share > oop_left) {
        Money excess = share - oop_left;
        const Money from_coinsurance = std::min(excess, out.coinsurance);
        out.coinsurance = out.coinsurance - from_coinsurance;
        excess = excess - from_coinsurance;
        out.deductible = out.deductible - excess;
        out.capped = true;
        e.oop_reached = true;
      }
      oop_left = oop_left - (out.deductible + out.coinsurance);
    }
    out.plan_pays = out.allowed - out.deductible - out.coinsurance;
    e.charges += out.charge;
    e.allowed += out.allowed;
    e.deductible += out.deductible;
    e.coinsurance += out.coinsurance;
    e.plan_pays += out.plan_pays;
    e.lines.push_back(out);
  }
  return e;
}

}  // namespace superbill
