#include <gtest/gtest.h>

#include "model/date.h"
#include "model/money.h"

namespace superbill {
namespace {

TEST(MoneyTest, ParsesAtMostTwoDecimals) {
  struct Row {
    const char* text;
    std::int64_t cents;  // -1 = rejected
  };
  for (const Row& r : std::vector<Row>{{"450", 45000},
                                       {"450.5", 45050},
                                       {"450.00", 45000},
                                       {"0", 0},
                                       {"0.01", 1},
                                       {"9999999.99", 999999999},
                                       {"10000000", -1},
                                       {"12.345", -1},
                                       {"-5", -1},
                                       {"+5", -1},
                                       {"5.", -1},
                                       {".5", -1},
                                       {"1,000", -1},
                                       {" 5", -1},
                                       {"", -1},
                                       {"1e3", -1},
                                       {"99999999999999999999", -1}}) {
    auto m = Money::Parse(r.text);
    EXPECT_EQ(m ? m->cents : -1, r.cents) << r.text;
  }
  EXPECT_EQ(Money{45050}.ToString(), "450.50");
  EXPECT_EQ(Money{5}.ToString(), "0.05");
  EXPECT_EQ(Money{-4000}.ToString(), "-40.00");
}

TEST(Decimal3Test, DosesAndNdcQuantities) {
  EXPECT_EQ(Decimal3::Parse("38")->milli, 38000);
  EXPECT_EQ(Decimal3::Parse("0.125")->milli, 125);
  EXPECT_FALSE(Decimal3::Parse("0.1255"));
  EXPECT_EQ(Decimal3{38000}.ToString(), "38");
  EXPECT_EQ(Decimal3{380}.ToString(), "0.38");
  EXPECT_EQ(Decimal3{12500}.ToString(), "12.5");
  // NDC quantity: dose / concentration, at most 3 decimals, half up.
  struct Row {
    const char* dose;
    const char* per;
    const char* qty;
  };
  for (const Row& r : std::vector<Row>{{"38", "100", "0.38"},
                                       {"40", "50", "0.8"},
                                       {"4", "2", "2"},
                                       {"84", "28", "3"},
                                       {"31", "30", "1.033"},
                                       {"10", "3", "3.333"},
                                       {"20", "3", "6.667"},
                                       {"0.001", "2", "0.001"}}) {
    EXPECT_EQ(DivideRounded(*Decimal3::Parse(r.dose), *Decimal3::Parse(r.per)).ToString(), r.qty)
        << r.dose << "/" << r.per;
  }
  // HCPCS units: ceiling.
  EXPECT_EQ(CeilDiv(*Decimal3::Parse("31"), *Decimal3::Parse("15")), 3);
  EXPECT_EQ(CeilDiv(*Decimal3::Parse("30"), *Decimal3::Parse("15")), 2);
  EXPECT_EQ(CeilDiv(*Decimal3::Parse("2.5"), *Decimal3::Parse("1")), 3);
  EXPECT_EQ(CeilDiv(*Decimal3::Parse("56"), *Decimal3::Parse("1")), 56);
}

TEST(DateTest, OnlyRealDates) {
  EXPECT_TRUE(Date::Parse("2026-10-05"));
  EXPECT_TRUE(Date::Parse("2024-02-29"));
  EXPECT_FALSE(Date::Parse("2026-02-29"));
  EXPECT_FALSE(Date::Parse("2026-02-30"));
  EXPECT_FALSE(Date::Parse("1900-02-29"));
  EXPECT_TRUE(Date::Parse("2000-02-29"));
  EXPECT_FALSE(Date::Parse("2026-13-01"));
  EXPECT_FALSE(Date::Parse("2026-04-31"));
  EXPECT_FALSE(Date::Parse("2026-4-05"));
  EXPECT_FALSE(Date::Parse("2026/04/05"));
  EXPECT_EQ(Date::Parse("2026-10-05")->ToUsString(), "10/05/2026");
  EXPECT_EQ(Date::Parse("1987-03-14")->YearsUntil(*Date::Parse("2026-03-13")), 38);
  EXPECT_EQ(Date::Parse("1987-03-14")->YearsUntil(*Date::Parse("2026-03-14")), 39);
}

TEST(ClockTimeTest, HoursAndMinutes) {
  EXPECT_EQ(ParseClockTime("00:00"), 0);
  EXPECT_EQ(ParseClockTime("10:47"), 647);
  EXPECT_EQ(ParseClockTime("23:59"), 1439);
  EXPECT_FALSE(ParseClockTime("24:00"));
  EXPECT_FALSE(ParseClockTime("9:05"));
  EXPECT_FALSE(ParseClockTime("10:60"));
  EXPECT_FALSE(ParseClockTime("10-47"));
}

}  // namespace
}  // namespace superbill
