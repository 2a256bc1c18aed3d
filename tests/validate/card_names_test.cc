// Names the claim forms must transliterate: a warning at the person's element from the
// validation stage (so validate, code and generate all print it), an error when nothing of
// the name can be written in A-Z, neither quoting the name; <cardName> silences both.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.h"

namespace superbill {
namespace {

using testing::CodeText;
using testing::CourseXml;

const std::string kVisit = "<visit date=\"2026-10-05\" provider=\"md\"><evaluation/></visit>";
const std::string kSubscriberCoverage =
    "relationship=\"child\"><subscriber given=\"SG\" family=\"SF\" birthDate=\"1970-01-01\" "
    "sex=\"M\"><address line1=\"1 A St\" city=\"Town\" state=\"CA\" postalCode=\"90001\"/>"
    "</subscriber></coverage";

// A course whose patient and subscriber have the given names (and card names, if any).
std::string Course(const std::string& patient_given, const std::string& patient_family,
                   const std::string& subscriber_given, const std::string& subscriber_family,
                   const std::string& patient_card = "", const std::string& subscriber_card = "") {
  std::string xml = CourseXml(kVisit, "<diagnosis code=\"F33.2\"/>", kSubscriberCoverage);
  xml.replace(xml.find("</coverage/>"), 12, "</coverage>");
  auto set = [&](const std::string& from, const std::string& to) {
    xml.replace(xml.find(from), from.size(), to);
  };
  set("given=\"Ann\" family=\"Lee\"",
      "given=\"" + patient_given + "\" family=\"" + patient_family + "\"");
  set("given=\"SG\" family=\"SF\"",
      "given=\"" + subscriber_given + "\" family=\"" + subscriber_family + "\"");
  xml.replace(xml.find("<address"), 0, patient_card);
  xml.replace(xml.find("<address", xml.find("<subscriber")), 0, subscriber_card);
  return xml;
}

const char kPatientWarning[] =
    "t.xml:3:1: warning: the patient's name is not written in the letters A to Z: the claim "
    "forms carry it transliterated; check it against the insurance card, or give a <cardName>\n";
const char kSubscriberWarning[] =
    "t.xml:4:60: warning: the subscriber's name is not written in the letters A to Z: the claim "
    "forms carry it transliterated; check it against the insurance card, or give a <cardName>\n";

TEST(CardNameValidationTest, WarningsAndErrors) {
  struct Case {
    std::string name;
    std::string xml;
    std::string diagnostics;
    bool accepted;
  };
  const std::vector<Case> cases = {
      {"ASCII names", Course("Ann", "O'Brien", "Bo", "Smith-Jones"), "", true},
      {"Vietnamese patient", Course("Thị Mai", "Nguyễn", "Bo", "Li"), kPatientWarning, true},
      {"Chinese subscriber", Course("Ann", "Lee", "建国", "王"), kSubscriberWarning, true},
      {"both", Course("小明", "王", "建国", "王"),
       std::string(kPatientWarning) + kSubscriberWarning, true},
      {"only the middle name",
       CourseXml(kVisit).replace(CourseXml(kVisit).find("given=\"Ann\""), 11,
                                 "given=\"Ann\" middle=\"Ł\""),
       kPatientWarning, true},
      {"card names given",
       Course("小明", "王", "建国", "王", "<cardName family=\"Wang\" given=\"Xiaoming\"/>",
              "<cardName family=\"Wang\" given=\"Jianguo\"/>"),
       "", true},
      {"a family name with no letter", Course("Ann", "😀", "Bo", "Li"),
       "t.xml:3:1: error: the patient's family name has no letter the claim forms can carry "
       "(A to Z): give a <cardName> with the name as on the insurance card\n",
       false},
      {"a given name with no letter", Course("Ann", "Lee", "--", "Li"),
       "t.xml:4:60: error: the subscriber's given name has no letter the claim forms can carry "
       "(A to Z): give a <cardName> with the name as on the insurance card\n",
       false},
      {"no letter, but a card name",
       Course("Ann", "😀", "Bo", "Li", "<cardName family=\"Smile\" given=\"Ann\"/>"), "", true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto coded = CodeText(c.xml);
    EXPECT_EQ(coded.Errors(), c.diagnostics);
    EXPECT_EQ(!HasErrors(coded.diags), c.accepted);
    // Never the name itself.
    for (const char* name : {"Nguy", "Mai", "王", "建国", "小明", "😀"}) {
      EXPECT_EQ(coded.Errors().find(name), std::string::npos) << name;
    }
  }
}

}  // namespace
}  // namespace superbill
