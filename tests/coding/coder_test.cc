// Table-driven tests of the coding rules (spec/coding-rules.md) at and around every
// boundary, against the real cpt_tables/ and tests/data/clinic.xml.
#include "coding/coder.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace superbill {
namespace {

using testing::CodeText;
using testing::CourseXml;
using Lines = std::vector<std::string>;

std::string Visit(const std::string& services, const std::string& attrs = "") {
  return "<visit date=\"2026-10-05\" provider=\"md\" " + attrs + ">" + services + "</visit>";
}

// "10:00" plus `minutes`, as HH:MM.
std::string ClockAfter(int minutes) {
  int t = 10 * 60 + minutes;
  char buf[16];  // room for any int, or -Wformat-truncation warns at -O1
  std::snprintf(buf, sizeof buf, "%02d:%02d", t / 60, t % 60);
  return buf;
}

std::string Infusion(int minutes, const std::string& drug = "ketamine",
                     const std::string& dose = "40") {
  return "<infusion drug=\"" + drug + "\" doseMg=\"" + dose + "\" start=\"10:00\" stop=\"" +
         ClockAfter(minutes) + "\"/>";
}

struct Case {
  std::string name;
  std::string services;
  Lines expected;
  std::string visit_attrs = "";
};

void RunCases(const std::vector<Case>& cases, const std::string& coverage = "") {
  for (const auto& c : cases) {
    auto coded =
        CodeText(CourseXml(Visit(c.services, c.visit_attrs),
                           "<diagnosis code=\"F33.2\"/><diagnosis code=\"R45.851\"/>", coverage));
    EXPECT_EQ(coded.Errors(), "") << c.name;
    EXPECT_EQ(coded.Lines(), c.expected) << c.name;
  }
}

const std::string kKet40 = "J3490 - 1 AB 60.00 67457010810 ML 0.4";

TEST(CoderTest, InfusionHours) {
  RunCases({
      {"15 min is a push", Infusion(15), {"96374 - 1 AB 90.00", kKet40}},
      {"16 min", Infusion(16), {"96365 - 1 AB 400.00", kKet40}},
      {"90 min", Infusion(90), {"96365 - 1 AB 400.00", kKet40}},
      {"91 min", Infusion(91), {"96365 - 1 AB 400.00", "96366 - 1 AB 100.00", kKet40}},
      {"150 min", Infusion(150), {"96365 - 1 AB 400.00", "96366 - 1 AB 100.00", kKet40}},
      {"151 min", Infusion(151), {"96365 - 1 AB 400.00", "96366 - 2 AB 200.00", kKet40}},
      {"210 min", Infusion(210), {"96365 - 1 AB 400.00", "96366 - 2 AB 200.00", kKet40}},
      {"211 min", Infusion(211), {"96365 - 1 AB 400.00", "96366 - 3 AB 300.00", kKet40}},
      {"271 min", Infusion(271), {"96365 - 1 AB 400.00", "96366 - 4 AB 400.00", kKet40}},
  });
}

TEST(CoderTest, SequentialInfusionPushesAndInjections) {
  RunCases({
      {"second infusion of another drug is sequential",
       Infusion(40) + Infusion(95, "midazolam", "2"),
       {"96365 - 1 AB 400.00", kKet40, "96367 - 1 AB 200.00", "96366 - 1 AB 100.00",
        "J2250 - 2 AB 4.00 63323041202 ML 0.4"}},
      {"push during an infusion is 96375",
       Infusion(40) + "<push drug=\"ondansetron\" doseMg=\"4\"/>",
       {"96365 - 1 AB 400.00", kKet40, "96375 - 1 AB 40.00",
        "J2405 - 4 AB 12.00 00409475503 ML 2"}},
      {"push before the infusion in file order is still 96375",
       "<push drug=\"ondansetron\" doseMg=\"4\"/>" + Infusion(40),
       {"96375 - 1 AB 40.00", "J2405 - 4 AB 12.00 00409475503 ML 2", "96365 - 1 AB 400.00",
        kKet40}},
      {"push alone is 96374, a second drug 96375",
       "<push drug=\"ondansetron\" doseMg=\"4\"/><push drug=\"midazolam\" doseMg=\"2.5\"/>",
       {"96374 - 1 AB 90.00", "J2405 - 4 AB 12.00 00409475503 ML 2", "96375 - 1 AB 40.00",
        "J2250 - 3 AB 6.00 63323041202 ML 0.5"}},
      {"short infusion after an infusion is a 96375 push",
       Infusion(40) + Infusion(10, "ondansetron", "4"),
       {"96365 - 1 AB 400.00", kKet40, "96375 - 1 AB 40.00",
        "J2405 - 4 AB 12.00 00409475503 ML 2"}},
      {"IM injection",
       "<injection drug=\"ketamine50\" doseMg=\"75\"/>",
       {"96372 - 1 AB 70.00", "J3490 - 1 AB 60.00 72572032101 ML 1.5"}},
      {"drug units round up: ketorolac 31 mg at 15 mg a unit",
       "<injection drug=\"ketorolac\" doseMg=\"31\"/>",
       {"96372 - 1 AB 70.00", "J1885 - 3 AB 12.00 70121157401 ML 1.033"}},
  });
}

TEST(CoderTest, Hydration) {
  auto hyd = [](int minutes) {
    return "<hydration start=\"10:00\" stop=\"" + ClockAfter(minutes) + "\"/>";
  };
  RunCases({
      {"31 min", hyd(31), {"96360 - 1 AB 100.00"}},
      {"90 min", hyd(90), {"96360 - 1 AB 100.00"}},
      {"91 min", hyd(91), {"96360 - 1 AB 100.00", "96361 - 1 AB 50.00"}},
      {"151 min", hyd(151), {"96360 - 1 AB 100.00", "96361 - 2 AB 100.00"}},
      {"with a drug infusion: not billed", hyd(60) + Infusion(40), {"96365 - 1 AB 400.00", kKet40}},
  });
  auto coded = CodeText(CourseXml(Visit(hyd(30))));
  EXPECT_EQ(coded.Errors(),
            "t.xml:6:41: error: hydration of 30 minutes is not billable (it needs 31 minutes or "
            "more)\n");
}

TEST(CoderTest, OfficeVisitByTime) {
  auto office = [](const char* patient, int minutes) {
    return std::string("<office patient=\"") + patient + "\" minutes=\"" + std::to_string(minutes) +
           "\"/>";
  };
  struct Row {
    const char* patient;
    int minutes;
    Lines expected;
  };
  std::vector<Row> rows = {
      {"new", 15, {"99202 - 1 AB 102.00"}},
      {"new", 29, {"99202 - 1 AB 102.00"}},
      {"new", 30, {"99203 - 1 AB 103.00"}},
      {"new", 44, {"99203 - 1 AB 103.00"}},
      {"new", 45, {"99204 - 1 AB 104.00"}},
      {"new", 59, {"99204 - 1 AB 104.00"}},
      {"new", 60, {"99205 - 1 AB 105.00"}},
      {"new", 74, {"99205 - 1 AB 105.00"}},
      {"new", 75, {"99205 - 1 AB 105.00", "99417 - 1 AB 17.00"}},
      {"new", 89, {"99205 - 1 AB 105.00", "99417 - 1 AB 17.00"}},
      {"new", 90, {"99205 - 1 AB 105.00", "99417 - 2 AB 34.00"}},
      {"established", 10, {"99212 - 1 AB 112.00"}},
      {"established", 19, {"99212 - 1 AB 112.00"}},
      {"established", 20, {"99213 - 1 AB 113.00"}},
      {"established", 29, {"99213 - 1 AB 113.00"}},
      {"established", 30, {"99214 - 1 AB 114.00"}},
      {"established", 39, {"99214 - 1 AB 114.00"}},
      {"established", 40, {"99215 - 1 AB 115.00"}},
      {"established", 54, {"99215 - 1 AB 115.00"}},
      {"established", 55, {"99215 - 1 AB 115.00", "99417 - 1 AB 17.00"}},
      {"established", 69, {"99215 - 1 AB 115.00", "99417 - 1 AB 17.00"}},
      {"established", 70, {"99215 - 1 AB 115.00", "99417 - 2 AB 34.00"}},
  };
  for (const auto& r : rows) {
    auto coded = CodeText(CourseXml(Visit(office(r.patient, r.minutes))));
    EXPECT_EQ(coded.Errors(), "") << r.patient << " " << r.minutes;
    EXPECT_EQ(coded.Lines(), r.expected) << r.patient << " " << r.minutes;
  }
  EXPECT_EQ(CodeText(CourseXml(Visit(office("new", 14)))).Errors(),
            "t.xml:6:63: error: an office visit with a new patient needs 15 minutes or more to be "
            "billed by time (found 14)\n");
  EXPECT_EQ(CodeText(CourseXml(Visit(office("established", 9)))).Errors(),
            "t.xml:6:71: error: an office visit with an established patient needs 10 minutes or "
            "more to be billed by time (found 9)\n");
}

TEST(CoderTest, MedicareProlongedServiceIsG2212) {
  struct Row {
    const char* patient;
    int minutes;
    Lines expected;
  };
  std::vector<Row> rows = {
      {"new", 88, {"99205 - 1 AB 105.00"}},
      {"new", 89, {"99205 - 1 AB 105.00", "G2212 - 1 AB 12.00"}},
      {"new", 103, {"99205 - 1 AB 105.00", "G2212 - 1 AB 12.00"}},
      {"new", 104, {"99205 - 1 AB 105.00", "G2212 - 2 AB 24.00"}},
      {"established", 68, {"99215 - 1 AB 115.00"}},
      {"established", 69, {"99215 - 1 AB 115.00", "G2212 - 1 AB 12.00"}},
      {"established", 84, {"99215 - 1 AB 115.00", "G2212 - 2 AB 24.00"}},
  };
  for (const auto& r : rows) {
    auto coded = CodeText(CourseXml(Visit(std::string("<office patient=\"") + r.patient +
                                          "\" minutes=\"" + std::to_string(r.minutes) + "\"/>"),
                                    "<diagnosis code=\"F33.2\"/><diagnosis code=\"R45.851\"/>",
                                    "plan=\"medicare\""));
    EXPECT_EQ(coded.Errors(), "") << r.patient << " " << r.minutes;
    EXPECT_EQ(coded.Lines(), r.expected) << r.patient << " " << r.minutes;
  }
}

TEST(CoderTest, OfficeVisitByMdmHasNoProlongedService) {
  struct Row {
    const char* patient;
    const char* mdm;
    const char* code;
  };
  for (const Row& r : std::vector<Row>{{"new", "straightforward", "99202"},
                                       {"new", "low", "99203"},
                                       {"new", "moderate", "99204"},
                                       {"new", "high", "99205"},
                                       {"established", "straightforward", "99212"},
                                       {"established", "low", "99213"},
                                       {"established", "moderate", "99214"},
                                       {"established", "high", "99215"}}) {
    auto coded = CodeText(CourseXml(
        Visit(std::string("<office patient=\"") + r.patient + "\" mdm=\"" + r.mdm + "\"/>")));
    ASSERT_EQ(coded.Lines().size(), 1u) << r.patient << " " << r.mdm << coded.Errors();
    EXPECT_EQ(coded.Lines()[0].substr(0, 5), r.code) << r.patient << " " << r.mdm;
  }
}

TEST(CoderTest, EvaluationAndPsychotherapy) {
  RunCases({
      {"evaluation by a prescriber", "<evaluation minutes=\"60\"/>", {"90792 - 1 AB 292.00"}},
      {"psychotherapy 16", "<psychotherapy minutes=\"16\"/>", {"90832 - 1 AB 32.00"}},
      {"psychotherapy 37", "<psychotherapy minutes=\"37\"/>", {"90832 - 1 AB 32.00"}},
      {"psychotherapy 38", "<psychotherapy minutes=\"38\"/>", {"90834 - 1 AB 34.00"}},
      {"psychotherapy 52", "<psychotherapy minutes=\"52\"/>", {"90834 - 1 AB 34.00"}},
      {"psychotherapy 53", "<psychotherapy minutes=\"53\"/>", {"90837 - 1 AB 37.00"}},
      {"add-on 16 with office",
       "<office patient=\"established\" mdm=\"low\"/><psychotherapy minutes=\"16\"/>",
       {"99213 - 1 AB 113.00", "90833 - 1 AB 33.00"}},
      {"add-on 38",
       "<office patient=\"established\" mdm=\"low\"/><psychotherapy minutes=\"38\"/>",
       {"99213 - 1 AB 113.00", "90836 - 1 AB 36.00"}},
      {"add-on 53 before the office in file order",
       "<psychotherapy minutes=\"53\"/><office patient=\"established\" mdm=\"low\"/>",
       {"90838 - 1 AB 38.00", "99213 - 1 AB 113.00"}},
  });
  auto sw = CodeText(CourseXml("<visit date=\"2026-10-05\" provider=\"sw\"><evaluation/></visit>"));
  EXPECT_EQ(sw.Lines(), Lines{"90791 - 1 AB 291.00"});
  EXPECT_EQ(CodeText(CourseXml(Visit("<psychotherapy minutes=\"15\"/>"))).Errors(),
            "t.xml:6:56: error: psychotherapy of 15 minutes is not billable (it needs 16 minutes "
            "or more)\n");
}

TEST(CoderTest, ForbiddenCombinations) {
  struct Row {
    std::string services;
    std::string visit_attrs;
    std::string error;
  };
  std::vector<Row> rows = {
      {"<evaluation/><office patient=\"new\" minutes=\"30\"/>", "",
       "t.xml:6:54: error: <evaluation> and <office> in one visit: a psychiatric diagnostic "
       "evaluation is not billable with an E/M visit on the same day by the same provider\n"},
      {"<evaluation/><psychotherapy minutes=\"30\"/>", "",
       "t.xml:6:54: error: <evaluation> and <psychotherapy> in one visit: a diagnostic "
       "evaluation is not billed with psychotherapy on the same day\n"},
      {Infusion(40), "telehealth=\"video\"",
       "t.xml:6:59: error: a telehealth visit cannot include <infusion>: it needs the patient "
       "in the office\n"},
      {"<office patient=\"new\" minutes=\"30\"/><office patient=\"new\" minutes=\"30\"/>", "",
       "t.xml:6:77: error: a visit may hold one <office> (the first is at line 6)\n"},
      {"<push drug=\"ondansetron\" doseMg=\"4\"/><push drug=\"ondansetron\" doseMg=\"4\"/>", "",
       "t.xml:6:78: error: a second IV push of 'ondansetron' in one visit: record it as one push "
       "(a repeat push of the same drug, 96376, is facility-only)\n"},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(CodeText(CourseXml(Visit(r.services, r.visit_attrs))).Errors(), r.error)
        << r.services;
  }
}

TEST(CoderTest, Modifier25AndTelehealth) {
  RunCases({
      {"E/M with an infusion gets 25",
       "<office patient=\"established\" minutes=\"25\"/>" + Infusion(40),
       {"99213 25 1 AB 113.00", "96365 - 1 AB 400.00", kKet40}},
      {"E/M with an injection gets 25",
       "<office patient=\"new\" minutes=\"75\"/><injection drug=\"ketamine\" doseMg=\"40\"/>",
       {"99205 25 1 AB 105.00", "99417 - 1 AB 17.00", "96372 - 1 AB 70.00", kKet40}},
      {"E/M with psychotherapy only: no 25",
       "<office patient=\"established\" minutes=\"25\"/><psychotherapy minutes=\"40\"/>",
       {"99213 - 1 AB 113.00", "90836 - 1 AB 36.00"}},
      {"E/M with an SGB gets 25",
       "<office patient=\"new\" minutes=\"45\"/><block kind=\"stellate-ganglion\" side=\"right\"/>",
       {"99204 25 1 AB 104.00", "64510 RT 1 AB 600.00"}},
      {"E/M with commercial esketamine: drug line only, no 25",
       "<office patient=\"established\" minutes=\"20\"/><nasal drug=\"esketamine\" doseMg=\"84\"/>",
       {"99213 - 1 AB 113.00", "J0013 - 84 AB 840.00 50458002802 UN 3"}},
      {"video visit",
       "<office patient=\"established\" minutes=\"20\"/><psychotherapy minutes=\"53\"/>",
       {"99213 95 1 AB 113.00", "90838 95 1 AB 38.00"},
       "telehealth=\"video\""},
      {"audio visit",
       "<psychotherapy minutes=\"45\"/>",
       {"90834 93 1 AB 34.00"},
       "telehealth=\"audio\""},
      {"video E/M with an explicit procedure line gets 95 then 25",
       "<office patient=\"established\" minutes=\"20\"/><line code=\"96372\"/>",
       {"99213 95:25 1 AB 113.00", "96372 - 1 AB 70.00"},
       "telehealth=\"video\""},
  });
}

TEST(CoderTest, EsketamineByPlan) {
  RunCases({{"commercial 56 mg",
             "<nasal drug=\"esketamine\" doseMg=\"56\"/>",
             {"J0013 - 56 AB 560.00 50458002802 UN 2"}}});
  RunCases(
      {{"medicare 56 mg", "<nasal drug=\"esketamine\" doseMg=\"56\"/>", {"G2082 KX 1 AB 900.00"}},
       {"medicare 84 mg", "<nasal drug=\"esketamine\" doseMg=\"84\"/>", {"G2083 KX 1 AB 1200.00"}},
       {"medicare 56.001 mg",
        "<nasal drug=\"esketamine\" doseMg=\"56.001\"/>",
        {"G2083 KX 1 AB 1200.00"}},
       {"medicare with E/M gets 25",
        "<office patient=\"established\" mdm=\"moderate\"/><nasal drug=\"esketamine\" "
        "doseMg=\"56\"/>",
        {"99214 25 1 AB 114.00", "G2082 KX 1 AB 900.00"}}},
      "plan=\"medicare\"");
}

TEST(CoderTest, StellateGanglionBlock) {
  auto block = [](const char* side, const char* guidance) {
    return std::string("<block kind=\"stellate-ganglion\" side=\"") + side + "\" guidance=\"" +
           guidance + "\"/>";
  };
  RunCases({
      {"left none", block("left", "none"), {"64510 LT 1 AB 600.00"}},
      {"right ultrasound",
       block("right", "ultrasound"),
       {"64510 RT 1 AB 600.00", "76942 - 1 AB 76.00"}},
      {"bilateral fluoroscopy",
       block("bilateral", "fluoroscopy"),
       {"64510 50 1 AB 600.00", "77002 - 1 AB 77.00"}},
  });
}

TEST(CoderTest, ExplicitLines) {
  RunCases({
      {"units and modifiers as given, fee x units",
       "<line code=\"96372\" units=\"2\" modifiers=\"59, XU\"/>",
       {"96372 59:XU 2 AB 140.00"}},
      {"charge overrides the fee",
       "<line code=\"96372\" charge=\"12.34\"/>",
       {"96372 - 1 AB 12.34"}},
      {"add-on with its primary the same day",
       "<office patient=\"established\" minutes=\"40\"/><line code=\"99415\"/>",
       {"99215 - 1 AB 115.00", "99415 - 1 AB 15.00"}},
  });
  struct Row {
    std::string services;
    std::string error;
  };
  for (const Row& r : std::vector<Row>{
           {"<line code=\"99999\"/>", "t.xml:6:47: error: code 99999 is not in the code tables\n"},
           {"<line code=\"99415\"/>",
            "t.xml:6:47: error: add-on code 99415 needs one of its primary codes (99202, 99203, "
            "99204, 99205, 99211, 99212, 99213, 99214, 99215) on 2026-10-05\n"},
           {"<line code=\"96372\" modifiers=\"ZZ\"/>",
            "t.xml:6:60: error: modifier ZZ is not in the modifier table\n"},
           {"<line code=\"96372\" modifiers=\"25,59,XU,RT,LT\"/>",
            "t.xml:6:60: error: a line takes at most 4 modifiers\n"},
           {"<line code=\"93000\"/>",
            "t.xml:6:47: error: the clinic file has no fee for code 93000\n"},
           {"<office patient=\"new\" minutes=\"20\"/><block kind=\"stellate-ganglion\" "
            "side=\"left\" guidance=\"none\"/>",
            ""},
       }) {
    EXPECT_EQ(CodeText(CourseXml(Visit(r.services))).Errors(), r.error) << r.services;
  }
}

TEST(CoderTest, DiagnosisPointers) {
  const std::string five =
      "<diagnosis code=\"F33.2\"/><diagnosis code=\"R45.851\"/><diagnosis code=\"F41.1\"/>"
      "<diagnosis code=\"F43.12\"/><diagnosis code=\"G90.512\"/>";
  // E exists with five diagnoses; F does not.
  auto coded = CodeText(CourseXml(Visit("<psychotherapy minutes=\"30\" dx=\"EF\"/>"), five));
  EXPECT_EQ(coded.Errors(),
            "t.xml:6:69: error: diagnosis pointer F points past the course's 5 diagnoses\n");
  coded = CodeText(CourseXml(Visit("<psychotherapy minutes=\"30\"/>") +
                                 "<visit date=\"2026-10-06\" provider=\"md\"><psychotherapy "
                                 "minutes=\"30\" dx=\"ECA\"/></visit>",
                             five));
  EXPECT_EQ(coded.Errors(), "");
  EXPECT_EQ(coded.Lines(), (Lines{"90832 - 1 ABCD 32.00", "90832 - 1 ECA 32.00"}));
  auto one =
      CodeText(CourseXml(Visit("<psychotherapy minutes=\"30\"/>"), "<diagnosis code=\"F3320\"/>"));
  EXPECT_EQ(one.Errors(),
            "t.xml:5:12: error: ICD-10-CM code F33.20 is not in the code tables (load the full "
            "code set with --icd10cm FILE)\n");
  one = CodeText(CourseXml(Visit("<psychotherapy minutes=\"30\"/>"), "<diagnosis code=\"f332\"/>"));
  EXPECT_EQ(one.Lines(), Lines{"90832 - 1 A 32.00"});
  EXPECT_EQ(one.claim.diagnoses[0].code, "F33.2");
}

TEST(CoderTest, PackagePriceSharesToTheCent) {
  // 400 + 60 + 40 + 12 = 512 scaled to 499.99.
  auto coded = CodeText(CourseXml(
      Visit(Infusion(40) + "<push drug=\"ondansetron\" doseMg=\"4\"/>", "charge=\"499.99\"")));
  EXPECT_EQ(coded.Errors(), "");
  EXPECT_EQ(coded.Lines(), (Lines{"96365 - 1 AB 390.62", "J3490 - 1 AB 58.59 67457010810 ML 0.4",
                                  "96375 - 1 AB 39.06", "J2405 - 4 AB 11.72 00409475503 ML 2"}));
  EXPECT_EQ(coded.claim.total_charges.ToString(), "499.99");
}

TEST(AllocatePackageTest, Cases) {
  struct Row {
    const char* name;
    std::vector<std::int64_t> charges;
    std::int64_t target;
    std::vector<std::int64_t> expected;
  };
  std::vector<Row> rows = {
      {"exact", {40000, 6000}, 46000, {40000, 6000}},
      {"three equal lines, one cent left: the earliest gets it",
       {100, 100, 100},
       100,
       {34, 33, 33}},
      {"two cents left over three equal lines", {100, 100, 100}, 200, {67, 67, 66}},
      {"largest remainder wins over order", {100, 200}, 100, {33, 67}},
      {"scale up", {1, 1}, 3, {2, 1}},
      {"zero-fee line gets nothing", {0, 500}, 999, {0, 999}},
      {"to zero", {500, 500}, 0, {0, 0}},
  };
  for (const auto& r : rows) {
    std::vector<Money> charges;
    for (auto c : r.charges) charges.push_back(Money{c});
    auto shares = AllocatePackage(charges, Money{r.target});
    std::vector<std::int64_t> got;
    std::int64_t sum = 0;
    for (auto s : shares) {
      got.push_back(s.cents);
      sum += s.cents;
    }
    EXPECT_EQ(got, r.expected) << r.name;
    EXPECT_EQ(sum, r.target) << r.name;
  }
}

TEST(CoderTest, TotalsAndBalance) {
  std::string xml =
      CourseXml(Visit(Infusion(40)) + "<payment date=\"2026-10-05\" amount=\"500\"/>");
  auto coded = CodeText(xml);
  EXPECT_EQ(coded.claim.total_charges.ToString(), "460.00");
  EXPECT_EQ(coded.claim.paid.ToString(), "500.00");
  EXPECT_EQ(coded.claim.balance.ToString(), "-40.00");
}

}  // namespace
}  // namespace superbill
