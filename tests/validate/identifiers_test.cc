#include "validate/identifiers.h"

#include <gtest/gtest.h>

#include "support/test_support.h"
#include "validate/course_validator.h"

namespace superbill {
namespace {

TEST(NpiTest, CheckDigit) {
  struct Row {
    const char* npi;
    bool valid;
  };
  for (const Row& r : std::vector<Row>{{"1234567893", true},   // CMS worked example
                                       {"1234567890", false},  // wrong check digit
                                       {"1245319599", true},   // spec example clinic
                                       {"1003000126", true},   // spec example provider
                                       {"1679576722", true},
                                       {"1000000012", true},
                                       {"1000000013", false},
                                       {"123456789", false},  // 9 digits
                                       {"12345678931", false},
                                       {"12345A7893", false},
                                       {"", false}}) {
    EXPECT_EQ(IsValidNpi(r.npi), r.valid) << r.npi;
  }
}

TEST(EinTest, FormAndIssuedPrefixes) {
  const auto& prefixes = testing::RealTables().rules.ein_prefixes;
  EXPECT_EQ(NormalizeEin("95-1234567").value_or("?"), "951234567");
  EXPECT_EQ(NormalizeEin("951234567").value_or("?"), "951234567");
  EXPECT_FALSE(NormalizeEin("951-234567"));
  EXPECT_FALSE(NormalizeEin("95-123456"));
  EXPECT_FALSE(NormalizeEin("9A-1234567"));
  // Every two-digit prefix against the IRS list.
  const std::string invalid = " 00 07 08 09 17 18 19 28 29 49 69 70 78 79 89 96 97 ";
  for (int p = 0; p < 100; ++p) {
    char buf[16];  // room for any int, or -Wformat-truncation warns at -O1
    std::snprintf(buf, sizeof buf, "%02d", p);
    bool expected = invalid.find(std::string(" ") + buf + " ") == std::string::npos;
    EXPECT_EQ(HasIssuedEinPrefix(std::string(buf) + "1234567", prefixes), expected) << buf;
  }
}

TEST(NdcTest, BillingForm) {
  struct Row {
    const char* in;
    const char* out;  // "" = rejected
  };
  for (const Row& r : std::vector<Row>{{"67457-108-10", "67457010810"},   // 5-3-2
                                       {"0409-4755-03", "00409475503"},   // 4-4-2
                                       {"70121-1574-1", "70121157401"},   // 5-4-1
                                       {"50458-0028-02", "50458002802"},  // 5-4-2
                                       {"67457010810", "67457010810"},    // 11 digits
                                       {"6745701081", ""},                // 10 digits: ambiguous
                                       {"67457-108-100", ""},
                                       {"6745-108-10", ""},
                                       {"67457-10a-10", ""},
                                       {"67457--10", ""}}) {
    EXPECT_EQ(NdcToBillingForm(r.in).value_or(""), r.out) << r.in;
  }
}

TEST(IdentifiersTest, TaxonomyStatePostalPhone) {
  EXPECT_TRUE(IsValidTaxonomy("2084P0800X"));
  EXPECT_FALSE(IsValidTaxonomy("2084P0800"));
  EXPECT_FALSE(IsValidTaxonomy("2084p0800X"));
  EXPECT_TRUE(IsValidState("CA"));
  EXPECT_FALSE(IsValidState("Ca"));
  EXPECT_TRUE(IsValidPostalCode("90230"));
  EXPECT_TRUE(IsValidPostalCode("902301234"));
  EXPECT_TRUE(IsValidPostalCode("90230-1234"));
  EXPECT_FALSE(IsValidPostalCode("9023"));
  EXPECT_FALSE(IsValidPostalCode("90230 1234"));
  EXPECT_TRUE(IsValidPhone("310-555-0142"));
  EXPECT_TRUE(IsValidPhone("(310) 555.0142"));
  EXPECT_TRUE(IsValidPhone("+1 310 555 0142"));
  EXPECT_FALSE(IsValidPhone("555-0142"));
  EXPECT_FALSE(IsValidPhone("310-555-0142 x12"));
}

TEST(CourseValidatorTest, PointersAndCourseIds) {
  std::vector<int> p;
  EXPECT_TRUE(ParsePointers("A", 4, &p));
  EXPECT_EQ(p, std::vector<int>{0});
  EXPECT_TRUE(ParsePointers("LCA", 4, &p));
  EXPECT_EQ(p, (std::vector<int>{11, 2, 0}));
  EXPECT_TRUE(ParsePointers("ABCD", 4, &p));
  EXPECT_FALSE(ParsePointers("ABCDE", 4, &p));
  EXPECT_FALSE(ParsePointers("AA", 4, &p));
  EXPECT_FALSE(ParsePointers("M", 4, &p));
  EXPECT_FALSE(ParsePointers("a", 4, &p));
  EXPECT_FALSE(ParsePointers("A,B", 4, &p));
  EXPECT_FALSE(ParsePointers("", 4, &p));
  EXPECT_TRUE(IsSafeCourseId("HK-2026-0142"));
  EXPECT_TRUE(IsSafeCourseId("a.b_c-1"));
  EXPECT_FALSE(IsSafeCourseId("../x"));
  EXPECT_FALSE(IsSafeCourseId(".hidden"));
  EXPECT_FALSE(IsSafeCourseId("a/b"));
  EXPECT_FALSE(IsSafeCourseId("a b"));
  EXPECT_FALSE(IsSafeCourseId(std::string(65, 'a')));
  EXPECT_FALSE(IsSafeCourseId(""));
}

}  // namespace
}  // namespace superbill
