// The packet's reimbursement estimate: what the plan might pay back for each coded line,
// from the benefits the course states (<benefits>). A pure function of the lines, the
// benefits and the Medicare fee schedule table; exact money throughout.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "model/claim.h"
#include "model/course.h"
#include "model/money.h"

namespace superbill {

struct EstimateLine {
  std::size_t line = 0;    // index into the claim's lines
  bool estimated = false;  // false: no Medicare amount for the code (medicare:P basis)
  Money charge;
  Money allowed;        // the plan's allowed amount (never above the charge on medicare:P)
  Money deductible;     // of the allowed amount, what goes to the deductible
  Money coinsurance;    // the patient's percent of the rest
  Money plan_pays;      // allowed - deductible - coinsurance
  bool capped = false;  // the out-of-pocket maximum lowered the patient's share
};

struct Estimate {
  std::vector<EstimateLine> lines;  // one per claim line, in line order
  // Sums over the estimated lines.
  Money charges;
  Money allowed;
  Money deductible;
  Money coinsurance;
  Money plan_pays;  // the estimated payment to the patient
  // The lines not estimated.
  int not_estimated = 0;
  Money not_estimated_charges;
  bool oop_reached = false;  // the out-of-pocket maximum was reached on some line
};

// Per line in line order: the allowed amount (charge x P%, or min(charge, Medicare amount x
// units x P%)); the deductible still open taken from it; the plan pays (100 - coinsurance)%
// of the rest; each amount rounded half up to the cent; an out-of-pocket maximum caps the
// patient's share (deductible + coinsurance), lowering the coinsurance first. A line
// without a Medicare amount on a medicare:P basis is not estimated and changes nothing.
Estimate EstimateReimbursement(const std::vector<ClaimLine>& lines, const Benefits& benefits,
                               const std::map<std::string, Money>& medicare_pfs);

}  // namespace superbill
