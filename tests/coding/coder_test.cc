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

// An infusion from 10:00 + `from` minutes to 10:00 + `from` + `minutes`.
std::string Infusion(int minutes, const std::string& drug = "ketamine",
                     const std::string& dose = "40", int from = 0) {
  return "<infusion drug=\"" + drug + "\" doseMg=\"" + dose + "\" start=\"" + ClockAfter(from) +
         "\" stop=\"" + ClockAfter(from + minutes) + "\"/>";
}

// Hydration from 10:00 + `from` minutes, lasting `minutes`.
std::string Hydration(int minutes, int from = 0) {
  return "<hydration start=\"" + ClockAfter(from) + "\" stop=\"" + ClockAfter(from + minutes) +
         "\"/>";
}

const std::string kPushOnd = "<push drug=\"ondansetron\" doseMg=\"4\"/>";

struct Case {
  std::string name;
  std::string services;
  Lines expected;
  std::string visit_attrs = "";
  std::string diagnostics = "";  // the exact warnings (or errors) expected
};

void RunCases(const std::vector<Case>& cases, const std::string& coverage = "",
              const Clinic& clinic = testing::TestClinic()) {
  for (const auto& c : cases) {
    auto coded =
        CodeText(CourseXml(Visit(c.services, c.visit_attrs),
                           "<diagnosis code=\"F33.2\"/><diagnosis code=\"R45.851\"/>", coverage),
                 clinic);
    EXPECT_EQ(coded.Errors(), c.diagnostics) << c.name;
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
      {"second infusion of another drug, after the first, is sequential",
       Infusion(40) + Infusion(95, "midazolam", "2", 40),
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

TEST(CoderTest, HydrationAsTheInitialService) {
  RunCases({
      {"31 min", Hydration(31), {"96360 - 1 AB 100.00"}},
      {"90 min", Hydration(90), {"96360 - 1 AB 100.00"}},
      {"91 min", Hydration(91), {"96360 - 1 AB 100.00", "96361 - 1 AB 50.00"}},
      {"151 min", Hydration(151), {"96360 - 1 AB 100.00", "96361 - 2 AB 100.00"}},
      {"30 min is not billed: a warning, the visit's other lines stand",
       Hydration(30) + "<psychotherapy minutes=\"30\"/>",
       {"90832 - 1 AB 32.00"},
       "",
       "t.xml:6:41: warning: hydration of 30 minutes is not billed (it needs 31 minutes or "
       "more): no line for it\n"},
  });
  // A course whose only service is a short hydration bills nothing: that is an error.
  auto coded = CodeText(CourseXml(Visit(Hydration(30))));
  EXPECT_EQ(coded.Errors(),
            "t.xml:6:41: warning: hydration of 30 minutes is not billed (it needs 31 minutes or "
            "more): no line for it\n"
            "t.xml:2:1: error: no service of the course bills a line: there is nothing to put on "
            "a statement\n");
}

// One initial administration per visit, by rank (infusion > push > hydration); everything
// else by its own clock.
TEST(CoderTest, AdministrationHierarchy) {
  const std::string kInitial = "96365 - 1 AB 400.00";
  const std::string kOnd = "J2405 - 4 AB 12.00 00409475503 ML 2";
  const std::string kMid = "J2250 - 2 AB 4.00 63323041202 ML 0.4";
  RunCases({
      {"push then 45 min of fluids: 96374 + 96361",
       kPushOnd + Hydration(45),
       {"96374 - 1 AB 90.00", kOnd, "96361 - 1 AB 50.00"}},
      {"fluids listed before a push: still one initial code",
       Hydration(45) + kPushOnd,
       {"96361 - 1 AB 50.00", "96374 - 1 AB 90.00", kOnd}},
      {"45 min of fluids after an infusion ended: 96361",
       Infusion(40) + Hydration(45, 40),
       {kInitial, kKet40, "96361 - 1 AB 50.00"}},
      {"subsequent fluids 31 min: 1 unit",
       kPushOnd + Hydration(31),
       {"96374 - 1 AB 90.00", kOnd, "96361 - 1 AB 50.00"}},
      {"subsequent fluids 90 min: 1 unit",
       kPushOnd + Hydration(90),
       {"96374 - 1 AB 90.00", kOnd, "96361 - 1 AB 50.00"}},
      {"subsequent fluids 91 min: 2 units",
       kPushOnd + Hydration(91),
       {"96374 - 1 AB 90.00", kOnd, "96361 - 2 AB 100.00"}},
      {"subsequent fluids 100 min: 2 units",
       kPushOnd + Hydration(100),
       {"96374 - 1 AB 90.00", kOnd, "96361 - 2 AB 100.00"}},
      {"subsequent fluids 151 min: 3 units",
       kPushOnd + Hydration(151),
       {"96374 - 1 AB 90.00", kOnd, "96361 - 3 AB 150.00"}},
      {"subsequent fluids 30 min: no line, a warning",
       kPushOnd + Hydration(30),
       {"96374 - 1 AB 90.00", kOnd},
       "",
       "t.xml:6:78: warning: hydration of 30 minutes is not billed (it needs 31 minutes or "
       "more): no line for it\n"},
      {"fluids entirely during the infusion: concurrent, no line and no warning",
       Infusion(60) + Hydration(45, 10),
       {kInitial, kKet40}},
      {"fluids 75 min, 40 of them during the infusion: 35 countable, 1 unit",
       Infusion(40) + Hydration(75),
       {kInitial, kKet40, "96361 - 1 AB 50.00"}},
      {"fluids 60 min, 40 during the infusion: 20 countable, a warning",
       Infusion(40) + Hydration(60),
       {kInitial, kKet40},
       "",
       "t.xml:6:107: warning: hydration runs 20 minutes outside the drug infusion, and it needs "
       "31 minutes or more of its own to be billed: no line for it\n"},
      {"fluids touching the infusion end to start: all 31 minutes count",
       Infusion(40) + Hydration(31, 40),
       {kInitial, kKet40, "96361 - 1 AB 50.00"}},
      {"fluids overlapping the infusion by one minute: 30 countable, a warning",
       Infusion(40) + Hydration(31, 39),
       {kInitial, kKet40},
       "",
       "t.xml:6:107: warning: hydration runs 30 minutes outside the drug infusion, and it needs "
       "31 minutes or more of its own to be billed: no line for it\n"},
      {"second infusion touching the first end to start: sequential",
       Infusion(40) + Infusion(40, "midazolam", "2", 40),
       {kInitial, kKet40, "96367 - 1 AB 200.00", kMid}},
      {"second infusion overlapping the first by one minute: concurrent, no 96366",
       Infusion(40) + Infusion(95, "midazolam", "2", 39),
       {kInitial, kKet40, "96368 - 1 AB 150.00", kMid}},
      {"the earlier infusion is initial whatever the file order",
       Infusion(40, "midazolam", "2", 60) + Infusion(40),
       {"96367 - 1 AB 200.00", kMid, kInitial, kKet40}},
      {"96368 once per visit: a third concurrent infusion bills its drug only",
       Infusion(60) + Infusion(60, "midazolam", "2", 10) + Infusion(60, "ketamine50", "50", 20),
       {kInitial, kKet40, "96368 - 1 AB 150.00", kMid, "J3490 - 1 AB 60.00 72572032101 ML 1"},
       "",
       "t.xml:6:173: warning: a third infusion running at the same time as others: the "
       "concurrent infusion code 96368 is billed once per visit, so this infusion bills its "
       "drug only\n"},
      {"push before an infusion: 96375",
       kPushOnd + Infusion(40),
       {"96375 - 1 AB 40.00", kOnd, kInitial, kKet40}},
      {"push after an infusion: 96375",
       Infusion(40) + kPushOnd,
       {kInitial, kKet40, "96375 - 1 AB 40.00", kOnd}},
  });
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
       {"99213 - 1 AB 113.00", "J0013 - 84 AB 840.00 50458002803 UN 3"}},
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

TEST(CoderTest, MedicareEsketamineIsForEstablishedPatients) {
  const std::string nasal = "<nasal drug=\"esketamine\" doseMg=\"84\"/>";
  RunCases(
      {{"established: G2083 KX, and the E/M gets 25",
        "<office patient=\"established\" mdm=\"moderate\"/>" + nasal,
        {"99214 25 1 AB 114.00", "G2083 KX 1 AB 1200.00"}},
       {"new: the nasal service bills no line (a warning), the E/M alone, no 25",
        "<office patient=\"new\" mdm=\"moderate\"/>" + nasal,
        {"99204 - 1 AB 104.00"},
        "",
        "t.xml:6:79: warning: code G2083 is for established patients only, and this visit's "
        "office E/M is for a new patient: the <nasal> bills no line (the E/M is billed alone)\n"},
       {"no office E/M: billed", nasal, {"G2083 KX 1 AB 1200.00"}}},
      "plan=\"medicare\"");
  // Commercial plans bill the drug for a new patient too.
  RunCases({{"commercial, new patient",
             "<office patient=\"new\" mdm=\"moderate\"/>" + nasal,
             {"99204 - 1 AB 104.00", "J0013 - 84 AB 840.00 50458002803 UN 3"}}});
}

TEST(CoderTest, SpravatoKitByDose) {
  RunCases({
      {"56 mg: the 56 mg kit",
       "<nasal drug=\"esketamine\" doseMg=\"56\"/>",
       {"J0013 - 56 AB 560.00 50458002802 UN 2"}},
      {"84 mg: the 84 mg kit",
       "<nasal drug=\"esketamine\" doseMg=\"84\"/>",
       {"J0013 - 84 AB 840.00 50458002803 UN 3"}},
      {"a single NDC still works",
       "<nasal drug=\"esketamine-old\" doseMg=\"84\"/>",
       {"J0013 - 84 AB 840.00 50458002802 UN 3"}},
  });
  EXPECT_EQ(CodeText(CourseXml(Visit("<nasal drug=\"esketamine\" doseMg=\"28\"/>"))).Errors(),
            "t.xml:6:66: error: no package of drug 'esketamine' holds 28 mg (its packages hold "
            "56, 84 mg): add a <package> for this dose, or an ndc to the drug\n");
}

// Codes by date of service: the replaced esketamine code, and a line outside its dates.
TEST(CoderTest, EffectiveDates) {
  struct Row {
    std::string date, drug;
    Lines expected;
  };
  for (const Row& r : std::vector<Row>{
           {"2025-12-31", "esketamine", {"S0013 - 84 AB 840.00 50458002803 UN 3"}},
           {"2026-01-01", "esketamine", {"J0013 - 84 AB 840.00 50458002803 UN 3"}},
           {"2025-12-31", "esketamine-old", {"S0013 - 84 AB 840.00 50458002802 UN 3"}},
           {"2026-01-01", "esketamine-old", {"J0013 - 84 AB 840.00 50458002802 UN 3"}},
       }) {
    auto coded =
        CodeText(CourseXml("<visit date=\"" + r.date + "\" provider=\"md\"><nasal drug=\"" +
                           r.drug + "\" doseMg=\"84\"/></visit>"));
    EXPECT_EQ(coded.Errors(), "") << r.date << " " << r.drug;
    EXPECT_EQ(coded.Lines(), r.expected) << r.date << " " << r.drug;
  }
  EXPECT_EQ(CodeText(CourseXml("<visit date=\"2025-06-02\" provider=\"md\"><line "
                               "code=\"J0013\" units=\"56\" charge=\"560\"/></visit>"))
                .Errors(),
            "t.xml:6:46: error: code J0013 is valid from 2026-01-01, not on the date of service "
            "2025-06-02\n");
  EXPECT_EQ(CodeText(CourseXml("<visit date=\"2026-03-02\" provider=\"md\"><line "
                               "code=\"S0013\" units=\"56\" charge=\"560\"/></visit>"))
                .Errors(),
            "t.xml:6:46: error: code S0013 is valid through 2025-12-31, not on the date of service "
            "2026-03-02\n");
}

TEST(CoderTest, WhoMayBillWhat) {
  auto sw = [](const std::string& services, const std::string& attrs = "") {
    return CodeText(CourseXml("<visit date=\"2026-10-05\" provider=\"sw\" " + attrs + ">" +
                              services + "</visit>"));
  };
  EXPECT_EQ(sw("<office patient=\"established\" minutes=\"30\"/>").Errors(),
            "t.xml:6:41: error: code 99214 is an office E/M, which only a prescriber bills: "
            "provider 'sw' (LCSW) is not one (an LCSW, LMFT or LPC bills psychotherapy)\n");
  EXPECT_EQ(sw("<line code=\"99213\"/>").Errors(),
            "t.xml:6:47: error: code 99213 is an office E/M, which only a prescriber bills: "
            "provider 'sw' (LCSW) is not one (an LCSW, LMFT or LPC bills psychotherapy)\n");
  auto therapy = sw("<psychotherapy minutes=\"53\"/>");
  EXPECT_EQ(therapy.Errors(), "");
  EXPECT_EQ(therapy.Lines(), Lines{"90837 - 1 AB 37.00"});
}

TEST(CoderTest, MedicareTelehealthPlaceOfService) {
  const std::string therapy = "<psychotherapy minutes=\"53\"/>";
  RunCases({{"POS 02", therapy, {"90837 95 1 AB 37.00"}, "telehealth=\"video\" pos=\"02\""},
            {"POS 10", therapy, {"90837 95 1 AB 37.00"}, "telehealth=\"video\" pos=\"10\""},
            {"POS 11",
             therapy,
             {},
             "telehealth=\"video\" pos=\"11\"",
             "t.xml:6:59: error: a telehealth visit on a Medicare plan needs place of service 02 "
             "or 10 (10: patient at home, 02: elsewhere), not 11\n"},
            {"POS 11 by default",
             therapy,
             {},
             "telehealth=\"audio\"",
             "t.xml:6:1: error: a telehealth visit on a Medicare plan needs place of service 02 "
             "or 10 (10: patient at home, 02: elsewhere), not 11\n"}},
           "plan=\"medicare\"");
  // Commercial plans: any place of service.
  RunCases({{"commercial POS 11", therapy, {"90837 95 1 AB 37.00"}, "telehealth=\"video\""}});
}

TEST(CoderTest, ExplicitLineErrors) {
  const std::string est70 = "<office patient=\"established\" minutes=\"70\"/>";
  RunCases({
      {"99417 on a commercial plan with enough minutes stands instead of the computed one",
       est70 + "<line code=\"99417\" units=\"2\"/>",
       {"99215 - 1 AB 115.00", "99417 - 2 AB 34.00"}},
      {"99417 x2 with 69 minutes: not enough",
       "<office patient=\"established\" minutes=\"69\"/><line code=\"99417\" units=\"2\"/>",
       {},
       "",
       "t.xml:6:91: error: an explicit 99417 x2 needs an <office> E/M by minutes of at least 70 "
       "minutes in the visit (found 69)\n"},
      {"99417 with an E/M by MDM",
       "<office patient=\"established\" mdm=\"high\"/><line code=\"99417\"/>",
       {},
       "",
       "t.xml:6:89: error: an explicit 99417 x1 needs an <office> E/M by minutes of at least 55 "
       "minutes in the visit\n"},
      {"99417 without an E/M",
       "<line code=\"99417\"/>",
       {},
       "",
       "t.xml:6:47: error: an explicit 99417 x1 needs an <office> E/M by minutes of at least 55 "
       "minutes in the visit\n"},
      {"99211 with drug administration",
       "<line code=\"99211\"/>" + Infusion(40),
       {},
       "",
       "t.xml:6:47: error: code 99211 is not billed with 96365 in one visit: a minimal office "
       "visit (99211) is not billed with drug administration on the same day (CMS; NCCI)\n"},
      {"99211 without drug administration stands",
       "<line code=\"99211\"/><psychotherapy minutes=\"20\"/>",
       {"99211 - 1 AB 101.00", "90832 - 1 AB 32.00"}},
  });
  RunCases(
      {{"99417 on Medicare",
        est70 + "<line code=\"99417\"/>",
        {},
        "",
        "t.xml:6:91: error: Medicare does not pay code 99417: bill G2212 instead (or give the "
        "office visit's minutes)\n"},
       {"G2212 on Medicare with enough minutes",
        est70 + "<line code=\"G2212\"/>",
        {"99215 - 1 AB 115.00", "G2212 - 1 AB 12.00"}},
       {"a prolonged-service code with G2082",
        "<office patient=\"established\" mdm=\"low\"/><nasal drug=\"esketamine\" "
        "doseMg=\"56\"/><line code=\"99415\"/>",
        {},
        "",
        "t.xml:6:126: error: code 99415 is not billed with G2082 in one visit: the Medicare "
        "esketamine codes include the observation time: no prolonged-service code beside them\n"},
       {"a computed G2212 with G2083",
        est70 + "<nasal drug=\"esketamine\" doseMg=\"84\"/>",
        {},
        "",
        "t.xml:6:41: error: code G2212 is not billed with G2083 in one visit: the Medicare "
        "esketamine codes include the observation time: no prolonged-service code beside them\n"}},
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
      {"bilateral fluoroscopy: one line, the fee x 2 (rules.txt)",
       block("bilateral", "fluoroscopy"),
       {"64510 50 1 AB 1200.00", "77002 - 1 AB 77.00"}},
  });
  // A clinic's own factor (<charges bilateralFactor="1.5"/>): 600 x 1.5.
  Clinic own = testing::TestClinic();
  own.bilateral_charge_factor = Decimal3{1500};
  RunCases({{"bilateral, factor 1.5", block("bilateral", "none"), {"64510 50 1 AB 900.00"}},
            {"one side is not scaled", block("left", "none"), {"64510 LT 1 AB 600.00"}},
            {"bilateral in a package price: scaled before the share-out",
             block("bilateral", "ultrasound"),
             {"64510 50 1 AB 922.13", "76942 - 1 AB 77.87"},
             "charge=\"1000.00\""}},
           "", own);
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
