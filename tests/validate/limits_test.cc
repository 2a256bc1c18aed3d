// Absurd doses (cpt_tables/rules.txt: limits.dose_mg, limits.drug_units) at and around each
// limit, the overflow they prevent, that the limits are data, and the longest infusion a day
// holds. Against the real cpt_tables/ and tests/data/clinic.xml.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "coding/coder.h"
#include "input/clinic_reader.h"
#include "input/course_reader.h"
#include "input/tables_reader.h"
#include "support/test_support.h"
#include "validate/course_validator.h"

namespace superbill {
namespace {

using testing::CodeText;
using testing::CourseXml;
using testing::RealTables;
using Lines = std::vector<std::string>;

// A one-visit course: the visit is line 6, its first service starts at column 40.
std::string OneVisit(const std::string& services, const std::string& coverage_attrs = "") {
  return CourseXml("<visit date=\"2026-10-05\" provider=\"md\">" + services + "</visit>",
                   "<diagnosis code=\"F33.2\"/><diagnosis code=\"R45.851\"/>", coverage_attrs);
}

struct Case {
  std::string name;
  std::string services;
  Lines lines;         // expected lines when accepted
  std::string errors;  // expected diagnostics when rejected
  std::string coverage_attrs = "";
};

TEST(DoseLimitsTest, AtAndAroundEachLimit) {
  const std::string over_dose =
      ": error: 'doseMg' must be at most 10000 mg: no single administration is larger "
      "(limits.dose_mg in rules.txt)\n";
  const std::vector<Case> cases = {
      // Ketamine has no hcpcsUnitMg (J3490: 1 unit), so only the dose limit applies.
      {"ketamine at the dose limit",
       "<push drug=\"ketamine\" doseMg=\"10000\"/>",
       {"96374 - 1 AB 90.00", "J3490 - 1 AB 60.00 67457010810 ML 100"},
       ""},
      {"ketamine a thousandth over it",
       "<push drug=\"ketamine\" doseMg=\"10000.001\"/>",
       {},
       "t.xml:6:62" + over_dose},
      {"ketamine in micrograms",
       "<infusion drug=\"ketamine\" doseMg=\"38000\" start=\"10:00\" "
       "stop=\"10:45\"/>",
       {},
       "t.xml:6:66" + over_dose},
      {"the largest decimal a dose may be written with",
       "<injection drug=\"ketamine\" doseMg=\"999999999.999\"/>",
       {},
       "t.xml:6:67" + over_dose},
      // Ondansetron: 1 mg a unit, 2 mg/mL.
      {"ondansetron at the units limit",
       "<push drug=\"ondansetron\" doseMg=\"999\"/>",
       {"96374 - 1 AB 90.00", "J2405 - 999 AB 2997.00 00409475503 ML 499.5"},
       ""},
      {"ondansetron rounded up to the units limit",
       "<push drug=\"ondansetron\" doseMg=\"998.001\"/>",
       {"96374 - 1 AB 90.00", "J2405 - 999 AB 2997.00 00409475503 ML 499.001"},
       ""},
      {"ondansetron rounded up past it",
       "<push drug=\"ondansetron\" doseMg=\"999.001\"/>",
       {},
       "t.xml:6:65: error: 'doseMg' would bill 1000 units of J2405 at 1 mg a unit: a drug line "
       "takes at most 999 units\n"},
      // Ketorolac: 15 mg a unit; the dose limit is reported first, then nothing else.
      {"ketorolac under both limits",
       "<injection drug=\"ketorolac\" doseMg=\"9990\"/>",
       {"96372 - 1 AB 70.00", "J1885 - 666 AB 2664.00 70121157401 ML 333"},
       ""},
      {"ketorolac over the dose limit",
       "<injection drug=\"ketorolac\" doseMg=\"15000\"/>",
       {},
       "t.xml:6:68" + over_dose},
      // Esketamine nasal: a drug line on a commercial plan, a G-code without one on Medicare.
      {"esketamine over the units limit",
       "<nasal drug=\"esketamine\" doseMg=\"1008\"/>",
       {},
       "t.xml:6:65: error: 'doseMg' would bill 1008 units of J0013 at 1 mg a unit: a drug line "
       "takes at most 999 units\n"},
      {"esketamine on Medicare bills no drug units",
       "<nasal drug=\"esketamine\" doseMg=\"1008\"/>",
       {"G2083 KX 1 AB 1200.00"},
       "",
       "plan=\"medicare\""},
      {"esketamine on Medicare still has the dose limit",
       "<nasal drug=\"esketamine\" doseMg=\"10080\"/>",
       {},
       "t.xml:6:65" + over_dose,
       "plan=\"medicare\""},
      // Each administration is judged alone: two doses under the limits pass together.
      {"two pushes under the limits",
       "<push drug=\"ondansetron\" doseMg=\"900\"/><push drug=\"midazolam\" doseMg=\"900\"/>",
       {"96374 - 1 AB 90.00", "J2405 - 900 AB 2700.00 00409475503 ML 450", "96375 - 1 AB 40.00",
        "J2250 - 900 AB 1800.00 63323041202 ML 180"},
       ""},
  };
  for (const auto& c : cases) {
    auto coded = CodeText(OneVisit(c.services, c.coverage_attrs));
    EXPECT_EQ(coded.Errors(), c.errors) << c.name;
    if (c.errors.empty()) {
      EXPECT_EQ(coded.Lines(), c.lines) << c.name;
    }
  }
}

// Before the units limit, a dose whose units passed 2^31 wrapped around when converted to
// the line's int: 429496729.7 mg at 0.1 mg a unit is 2^32 + 1 units, billed as 1 unit for
// 3.00. Now the dose limit stops it, and the units limit stops what stays under that.
TEST(DoseLimitsTest, UnitsCannotWrapAroundWithATinyHcpcsUnit) {
  std::string text = testing::Slurp(testing::SourcePath("tests/data/clinic.xml"));
  const std::string from = "hcpcs=\"J2405\" hcpcsUnitMg=\"1\"";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "hcpcs=\"J2405\" hcpcsUnitMg=\"0.1\"");
  std::string path = ::testing::TempDir() + "superbill-limits-clinic.xml";
  std::ofstream(path) << text;
  const Clinic clinic = LoadClinic(path, RealTables());
  std::filesystem::remove(path);
  auto errors = [&](const std::string& dose) {
    Diagnostics d;
    Course course =
        ParseCourse("t.xml", OneVisit("<push drug=\"ondansetron\" doseMg=\"" + dose + "\"/>"), &d);
    EXPECT_EQ(d.size(), 0u) << dose;
    std::string out;
    for (const auto& x : ValidateCourse(course, clinic, RealTables(), Date{2026, 11, 20})) {
      out += x.ToString() + "\n";
    }
    return out;
  };
  EXPECT_EQ(errors("429496729.7"),
            "t.xml:6:65: error: 'doseMg' must be at most 10000 mg: no single administration is "
            "larger (limits.dose_mg in rules.txt)\n");
  EXPECT_EQ(errors("100"),
            "t.xml:6:65: error: 'doseMg' would bill 1000 units of J2405 at 0.1 mg a unit: a drug "
            "line takes at most 999 units\n");
  EXPECT_EQ(errors("99.9"), "");
  EXPECT_EQ(errors("10000"),
            "t.xml:6:65: error: 'doseMg' would bill 100000 units of J2405 at 0.1 mg a unit: a "
            "drug line takes at most 999 units\n");
}

TEST(DoseLimitsTest, TheLimitsAreDataInRulesTxt) {
  std::string text = testing::Slurp(testing::SourcePath("cpt_tables/rules.txt"));
  auto parse = [](const std::string& t, Rules* r) {
    Diagnostics d;
    *r = Rules{};
    ParseRules("rules.txt", t, r, &d);
    std::string out;
    for (const auto& x : d) out += x.ToString() + "\n";
    return out;
  };
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = text;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  auto line_of = [&](const std::string& key) {  // the line that sets `key`
    auto at = text.begin() + static_cast<long>(text.find("\n" + key + " =") + 1);
    return std::to_string(std::count(text.begin(), at, '\n') + 1);
  };
  Rules rules;
  EXPECT_EQ(parse(text, &rules), "");
  EXPECT_EQ(rules.max_dose_mg, Decimal3{10000000});
  EXPECT_EQ(rules.max_drug_units, 999);
  EXPECT_EQ(parse(replace("limits.dose_mg = 10000\n", ""), &rules),
            "rules.txt: error: missing key 'limits.dose_mg'\n");
  EXPECT_EQ(parse(replace("limits.drug_units = 999\n", ""), &rules),
            "rules.txt: error: missing key 'limits.drug_units'\n");
  for (const char* bad : {"0", "-5", "lots", "10 g"}) {
    EXPECT_EQ(
        parse(replace("limits.dose_mg = 10000", std::string("limits.dose_mg = ") + bad), &rules),
        "rules.txt:" + line_of("limits.dose_mg") +
            ":1: error: key 'limits.dose_mg': expected a dose in mg\n")
        << bad;
  }
  EXPECT_EQ(parse(replace("limits.drug_units = 999", "limits.drug_units = many"), &rules),
            "rules.txt:" + line_of("limits.drug_units") +
                ":1: error: key 'limits.drug_units': expected a whole number\n");

  // A clinic that gives gram doses raises the limit in the data; the code follows.
  Tables tables = RealTables();
  ASSERT_EQ(parse(replace("limits.dose_mg = 10000", "limits.dose_mg = 50000"), &tables.rules), "");
  Diagnostics d;
  Course course = ParseCourse("t.xml", OneVisit("<push drug=\"ketamine\" doseMg=\"38000\"/>"), &d);
  ASSERT_TRUE(d.empty());
  EXPECT_TRUE(ValidateCourse(course, testing::TestClinic(), tables, Date{2026, 11, 20}).empty());
  EXPECT_EQ(ValidateCourse(course, testing::TestClinic(), RealTables(), Date{2026, 11, 20}).size(),
            1u);
}

// Clock times are of one day and the stop must come after the start, so no infusion can be
// recorded as longer than 23 h 59 min: the longest possible one is coded, 24:00 is no time.
TEST(DoseLimitsTest, NoInfusionLongerThanADay) {
  auto longest = CodeText(
      OneVisit("<infusion drug=\"ketamine\" doseMg=\"40\" start=\"00:00\" stop=\"23:59\"/>"));
  EXPECT_EQ(longest.Errors(), "");
  // 1439 minutes: the initial hour, then 96366 at 91 minutes and every 60 after: 23 units.
  EXPECT_EQ(longest.Lines(), (Lines{"96365 - 1 AB 400.00", "96366 - 23 AB 2300.00",
                                    "J3490 - 1 AB 60.00 67457010810 ML 0.4"}));
  auto over = CodeText(
      OneVisit("<infusion drug=\"ketamine\" doseMg=\"40\" start=\"00:00\" stop=\"24:00\"/>"));
  EXPECT_EQ(over.Errors(), "t.xml:6:92: error: 'stop' must be a time HH:MM\n");
  auto overnight = CodeText(
      OneVisit("<infusion drug=\"ketamine\" doseMg=\"40\" start=\"22:00\" stop=\"02:00\"/>"));
  EXPECT_EQ(overnight.Errors(),
            "t.xml:6:92: error: <infusion> stops at 02:00, not after it starts at 22:00\n");
}

}  // namespace
}  // namespace superbill
