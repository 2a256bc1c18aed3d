#include "coding/estimate.h"

#include <gtest/gtest.h>

namespace superbill {
namespace {

ClaimLine Line(const char* code, const char* charge, int units = 1) {
  ClaimLine l;
  l.code = code;
  l.units = units;
  l.charge = *Money::Parse(charge);
  return l;
}

Money M(const char* s) { return *Money::Parse(s); }

// Fee schedule amounts of this test only (the shipped ones are in cpt_tables/).
const std::map<std::string, Money> kFees = {{"99204", M("177.36")},
                                            {"96365", M("100.00")},
                                            {"96366", M("45.55")},
                                            {"90792", M("202.08")},
                                            {"99213", M("95.19")}};

struct Expected {
  bool estimated;
  const char *allowed, *deductible, *coinsurance, *plan;
  bool capped;
};

// Worked by hand. Deductible 500 with 300 met (200 open), coinsurance 20%, out-of-pocket
// maximum 1000 with 700 met (300 open), allowed = 150% of the Medicare amount:
//  1. 99204 350.00: 177.36 x 1.5 = 266.04 (below the charge); the open 200.00 of the
//     deductible is met inside this line; rest 66.04, plan 80% = 52.832 -> 52.83,
//     coinsurance 13.21. Share 213.21, 86.79 left to the maximum.
//  2. J3490 60.00: no Medicare amount: not estimated, nothing consumed.
//  3. 96365 120.00: 100.00 x 1.5 = 150.00 is above the charge: allowed 120.00; plan 96.00,
//     coinsurance 24.00; 62.79 left.
//  4. 96366 x2 300.00: 45.55 x 2 x 1.5 = 136.65; plan 109.32, coinsurance 27.33; 35.46 left.
//  5. 90792 400.00: 303.12; coinsurance would be 60.62 (plan 242.496 -> 242.50) but only
//     35.46 is left: coinsurance 35.46, plan 267.66. The maximum is reached.
//  6. 99213 200.00: 95.19 x 1.5 = 142.785 -> 142.79 (half up); the patient owes nothing more:
//     plan 142.79.
TEST(EstimateTest, MedicareBasisWorkedByHand) {
  Benefits b;
  b.deductible = M("500");
  b.deductible_met = M("300");
  b.coinsurance = 20;
  b.basis = AllowedBasis::kMedicare;
  b.allowed_percent = 150;
  b.oop_max = M("1000");
  b.oop_met = M("700");
  const std::vector<ClaimLine> lines = {Line("99204", "350.00"), Line("J3490", "60.00"),
                                        Line("96365", "120.00"), Line("96366", "300.00", 2),
                                        Line("90792", "400.00"), Line("99213", "200.00")};
  const Estimate e = EstimateReimbursement(lines, b, kFees);
  const Expected want[] = {
      {true, "266.04", "200.00", "13.21", "52.83", false},
      {false, "0.00", "0.00", "0.00", "0.00", false},
      {true, "120.00", "0.00", "24.00", "96.00", false},
      {true, "136.65", "0.00", "27.33", "109.32", false},
      {true, "303.12", "0.00", "35.46", "267.66", true},
      {true, "142.79", "0.00", "0.00", "142.79", true},
  };
  ASSERT_EQ(e.lines.size(), 6u);
  for (std::size_t i = 0; i < 6; ++i) {
    const EstimateLine& l = e.lines[i];
    SCOPED_TRACE(i + 1);
    EXPECT_EQ(l.line, i);
    EXPECT_EQ(l.estimated, want[i].estimated);
    EXPECT_EQ(l.charge, lines[i].charge);
    EXPECT_EQ(l.allowed.ToString(), want[i].allowed);
    EXPECT_EQ(l.deductible.ToString(), want[i].deductible);
    EXPECT_EQ(l.coinsurance.ToString(), want[i].coinsurance);
    EXPECT_EQ(l.plan_pays.ToString(), want[i].plan);
    EXPECT_EQ(l.capped, want[i].capped);
  }
  EXPECT_EQ(e.charges.ToString(), "1370.00");
  EXPECT_EQ(e.allowed.ToString(), "968.60");
  EXPECT_EQ(e.deductible.ToString(), "200.00");
  EXPECT_EQ(e.coinsurance.ToString(), "100.00");
  EXPECT_EQ(e.plan_pays.ToString(), "668.60");
  EXPECT_EQ(e.not_estimated, 1);
  EXPECT_EQ(e.not_estimated_charges.ToString(), "60.00");
  EXPECT_TRUE(e.oop_reached);
}

// charge:80, deductible 100 (none met), coinsurance 30%, no maximum:
//  450.00 -> allowed 360.00; deductible 100.00; plan 70% of 260.00 = 182.00; coinsurance 78.00.
//  60.05 -> allowed 48.04; plan 33.628 -> 33.63; coinsurance 14.41.
//  J3490 has no Medicare amount, which a charge basis does not need.
TEST(EstimateTest, ChargeBasisWorkedByHand) {
  Benefits b;
  b.deductible = M("100");
  b.coinsurance = 30;
  b.basis = AllowedBasis::kCharge;
  b.allowed_percent = 80;
  const Estimate e =
      EstimateReimbursement({Line("96365", "450.00"), Line("J3490", "60.05")}, b, kFees);
  ASSERT_EQ(e.lines.size(), 2u);
  EXPECT_EQ(e.lines[0].allowed.ToString(), "360.00");
  EXPECT_EQ(e.lines[0].deductible.ToString(), "100.00");
  EXPECT_EQ(e.lines[0].coinsurance.ToString(), "78.00");
  EXPECT_EQ(e.lines[0].plan_pays.ToString(), "182.00");
  EXPECT_TRUE(e.lines[1].estimated);
  EXPECT_EQ(e.lines[1].allowed.ToString(), "48.04");
  EXPECT_EQ(e.lines[1].deductible.ToString(), "0.00");
  EXPECT_EQ(e.lines[1].coinsurance.ToString(), "14.41");
  EXPECT_EQ(e.lines[1].plan_pays.ToString(), "33.63");
  EXPECT_EQ(e.plan_pays.ToString(), "215.63");
  EXPECT_EQ(e.not_estimated, 0);
  EXPECT_FALSE(e.oop_reached);
}

// A deductible already met and 0% coinsurance: the plan pays the whole allowed amount; an
// out-of-pocket maximum already reached leaves the patient nothing to pay.
TEST(EstimateTest, MetDeductibleAndReachedMaximum) {
  Benefits b;
  b.deductible = M("250");
  b.deductible_met = M("250");
  b.coinsurance = 40;
  b.basis = AllowedBasis::kCharge;
  b.allowed_percent = 100;
  b.oop_max = M("2000");
  b.oop_met = M("2000");
  const Estimate e = EstimateReimbursement({Line("99214", "199.99")}, b, kFees);
  EXPECT_EQ(e.lines[0].plan_pays.ToString(), "199.99");
  EXPECT_EQ(e.lines[0].coinsurance.ToString(), "0.00");
  EXPECT_TRUE(e.lines[0].capped);
}

}  // namespace
}  // namespace superbill
