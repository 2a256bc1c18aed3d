// Reader tests: exact diagnostics (path:line:col) for format problems in clinic and course
// files, and table loading.
#include <gtest/gtest.h>

#include "common/text.h"
#include "input/clinic_reader.h"
#include "input/course_reader.h"
#include "input/tables_reader.h"
#include "support/test_support.h"

namespace superbill {
namespace {

using testing::RealTables;

std::string ClinicErrors(const std::string& body) {
  Diagnostics d;
  ParseClinic("c.xml", "<clinic format=\"1\">\n" + body + "\n</clinic>\n", RealTables(), &d);
  std::string out;
  for (const auto& x : d) out += x.ToString() + "\n";
  return out;
}

const std::string kClinicHead =
    "<name>X</name><taxId>95-1234567</taxId><phone>310-555-0100</phone>"
    "<address line1=\"1 A\" city=\"B\" state=\"CA\" postalCode=\"90001\"/>\n";
const std::string kProvider =
    "<provider id=\"md\" given=\"A\" family=\"B\" credentials=\"MD\" npi=\"1234567893\"/>\n";

TEST(ClinicReaderTest, ValidClinicHasNoDiagnostics) {
  EXPECT_EQ(ClinicErrors(kClinicHead + kProvider), "");
}

TEST(ClinicReaderTest, Diagnostics) {
  struct Row {
    std::string body;
    std::string errors;
  };
  std::vector<Row> rows = {
      {kProvider,
       "c.xml:1:1: error: <clinic> needs a <name> element\n"
       "c.xml:1:1: error: <clinic> needs a <taxId> element\n"
       "c.xml:1:1: error: <clinic> needs a <phone> element\n"
       "c.xml:1:1: error: <clinic> needs an <address> element\n"},
      {kClinicHead, "c.xml:1:1: error: <clinic> needs at least one <provider>\n"},
      {kClinicHead + kProvider + "<npi>1234567890</npi>",
       "c.xml:4:1: error: clinic NPI 1234567890 is not 10 digits with a valid check digit\n"},
      {kClinicHead + kProvider +
           "<fee code=\"96365\" amount=\"1\"/><fee code=\"96365\" amount=\"2\"/>",
       "c.xml:4:36: error: the fee for code 96365 is given twice\n"},
      {kClinicHead + kProvider + "<fee code=\"12345\" amount=\"1\"/>",
       "c.xml:4:6: error: code 12345 is not in the code tables\n"},
      {kClinicHead + kProvider +
           "<drug id=\"k\" name=\"K\" ndc=\"67457-108-10\" hcpcs=\"J3490\" price=\"60\"/>",
       "c.xml:4:1: error: <drug> needs exactly one of 'mgPerMl' and 'mgPerUnit'\n"},
      {kClinicHead + kProvider +
           "<drug id=\"k\" name=\"K\" ndc=\"6745-108-10\" hcpcs=\"J3490\" price=\"60\" "
           "mgPerMl=\"100\"/>",
       "c.xml:4:23: error: NDC 6745-108-10 must be hyphenated 4-4-2, 5-3-2, 5-4-1 or 5-4-2, or 11 "
       "digits\n"},
      {kClinicHead + kProvider + kProvider, "c.xml:4:11: error: provider id 'md' is used twice\n"},
      {kClinicHead + "<provider id=\"md\" given=\"A\" family=\"B\" credentials=\"MD\" "
                     "npi=\"1234567893\"><x/></provider>",
       "c.xml:3:74: error: unknown element <x> in <provider>\n"},
      {kClinicHead + kProvider + "<logo/>",
       "c.xml:4:1: error: unknown element <logo> in <clinic>\n"},
      {kClinicHead + kProvider + "<name>Y</name>",
       "c.xml:4:1: error: <name> is given twice in <clinic>\n"},
      {kClinicHead + "<provider id=\"md\" given=\"A\" family=\"B\" credentials=\"MD\" "
                     "npi=\"1234567893\" prescriber=\"yes\"/>",
       "c.xml:3:74: error: 'prescriber' must be 'true' or 'false'\n"},
      {kClinicHead + kProvider + "<assignment benefitsAssigned=\"no\"/>",
       "c.xml:4:13: error: 'benefitsAssigned' must be 'true' or 'false'\n"},
      {kClinicHead + kProvider + "<assignment acceptAssignment=\"true\" box13=\"x\"/>",
       "c.xml:4:37: error: unknown attribute 'box13' on <assignment>\n"},
      {kClinicHead + kProvider +
           "<drug id=\"e\" name=\"E\" mgPerUnit=\"28\" hcpcs=\"J0013\" price=\"9\"/>",
       "c.xml:4:1: error: <drug> needs the attribute 'ndc'\n"},
      {kClinicHead + kProvider +
           "<drug id=\"e\" name=\"E\" mgPerUnit=\"28\" hcpcs=\"J0013\" price=\"9\">"
           "<package ndc=\"50458-028-02\" mg=\"56\"/><package ndc=\"5045-028-03\" mg=\"84\"/>"
           "<package ndc=\"50458-028-04\" mg=\"56\"/><box/></drug>",
       "c.xml:4:108: error: NDC 5045-028-03 must be hyphenated 4-4-2, 5-3-2, 5-4-1 or 5-4-2, or "
       "11 digits\n"
       "c.xml:4:163: error: drug 'e' has two packages of 56 mg (the first is at line 4)\n"
       "c.xml:4:172: error: unknown element <box> in <drug>\n"},
      {kClinicHead + kProvider + "<charges bilateralFactor=\"0.5\"/>",
       "c.xml:4:10: error: 'bilateralFactor' must be from 1 to 10 (such as 1.5 or 2)\n"},
      {kClinicHead + kProvider + "<assignment/><assignment/>",
       "c.xml:4:14: error: <assignment> is given twice in <clinic>\n"},
  };
  for (const auto& r : rows) EXPECT_EQ(ClinicErrors(r.body), r.errors) << r.body;
}

TEST(ClinicReaderTest, PackagesAndChargeSettings) {
  Diagnostics d;
  Clinic c = ParseClinic(
      "c.xml",
      "<clinic format=\"1\">" + kClinicHead + kProvider +
          "<charges bilateralFactor=\"1.5\"/>"
          "<drug id=\"e\" name=\"E\" mgPerUnit=\"28\" hcpcs=\"J0013\" price=\"9\">"
          "<package ndc=\"50458-028-02\" mg=\"56\"/><package ndc=\"50458-028-03\" mg=\"84\"/>"
          "</drug></clinic>",
      RealTables(), &d);
  ASSERT_TRUE(d.empty()) << d.front().ToString();
  ASSERT_TRUE(c.bilateral_charge_factor.has_value());
  EXPECT_EQ(c.bilateral_charge_factor->milli, 1500);
  const Drug& e = c.drugs.at(0);
  EXPECT_EQ(e.ndc11, "");
  EXPECT_EQ(e.NdcForDose(Decimal3{56000}), "50458002802");
  EXPECT_EQ(e.NdcForDose(Decimal3{84000}), "50458002803");
  EXPECT_EQ(e.NdcForDose(Decimal3{28000}), "");
}

TEST(ClinicReaderTest, AssignmentDefaultsToNotAssigned) {
  struct Row {
    std::string element;
    bool benefits_assigned, accept_assignment;
  };
  const std::vector<Row> rows = {
      {"", false, false},
      {"<assignment/>", false, false},
      {"<assignment benefitsAssigned=\"true\"/>", true, false},
      {"<assignment acceptAssignment=\"true\"/>", false, true},
      {"<assignment benefitsAssigned=\"true\" acceptAssignment=\"true\"/>", true, true},
  };
  for (const auto& row : rows) {
    Diagnostics d;
    Clinic c = ParseClinic(
        "c.xml", "<clinic format=\"1\">" + kClinicHead + kProvider + row.element + "</clinic>",
        RealTables(), &d);
    EXPECT_TRUE(d.empty()) << row.element;
    EXPECT_EQ(c.assignment.benefits_assigned, row.benefits_assigned) << row.element;
    EXPECT_EQ(c.assignment.accept_assignment, row.accept_assignment) << row.element;
  }
}

std::string CourseErrors(const std::string& xml) {
  Diagnostics d;
  ParseCourse("k.xml", xml, &d);
  std::string out;
  for (const auto& x : d) out += x.ToString() + "\n";
  return out;
}

TEST(CourseReaderTest, MalformedAndWrongDocuments) {
  EXPECT_EQ(CourseErrors(""), "k.xml:1:1: error: malformed XML: No document element found\n");
  EXPECT_EQ(CourseErrors("<course format=\"1\" id=\"a\">\n  <visit>\n</course>"),
            "k.xml:3:3: error: malformed XML: Start-end tags mismatch: <visit> opened on line 2 is "
            "not closed\n");
  EXPECT_EQ(CourseErrors("<clinic/>"),
            "k.xml:1:1: error: expected the root element <course>, found <clinic>\n");
  EXPECT_EQ(CourseErrors(std::string("<course id=\"\xff\"/>")),
            "k.xml:1:13: error: the file is not valid UTF-8\n");
  EXPECT_EQ(CourseErrors("<!DOCTYPE course [<!ENTITY a \"b\">]><course/>"),
            "k.xml:1:1: error: DOCTYPE declarations are not allowed\n");
}

TEST(CourseReaderTest, DiagnosticsQuoteNoPersonalValues) {
  std::string xml =
      testing::CourseXml("<visit date=\"2026-10-05\" provider=\"md\"><evaluation/></visit>");
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = xml;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  std::string bad_birth = CourseErrors(replace("1980-01-02", "1980-02-31"));
  EXPECT_EQ(bad_birth,
            "k.xml:3:43: error: 'birthDate' is not a real date in the form YYYY-MM-DD\n");
  EXPECT_EQ(bad_birth.find("1980"), std::string::npos);
  std::string bad_phone = CourseErrors(replace("sex=\"F\"", "sex=\"F\" phone=\"Ann Lee\""));
  EXPECT_EQ(bad_phone, "k.xml:3:74: error: phone number must have 10 to 15 digits\n");
  EXPECT_EQ(CourseErrors(replace("sex=\"F\"", "sex=\"F\" ssn=\"123\"")),
            "k.xml:3:74: error: unknown attribute 'ssn' on <patient>\n");
}

TEST(CourseReaderTest, ResubmissionGivesThePayersClaimNumber) {
  struct Row {
    std::string element;
    std::string number;  // read into Course::payer_claim_number
    std::string errors;
  };
  const std::string visit = "<visit date=\"2026-10-05\" provider=\"md\"><evaluation/></visit>";
  const std::vector<Row> rows = {
      {"", "", ""},
      {"<resubmission payerClaimNumber=\"EOB-2026-771\"/>", "EOB-2026-771", ""},
      {"<resubmission payerClaimNumber=\"" + std::string(30, '7') + "\"/>", std::string(30, '7'),
       ""},
      {"<resubmission payerClaimNumber=\"" + std::string(31, '7') + "\"/>", "",
       "k.xml:7:15: error: 'payerClaimNumber' must be 1 to 30 letters, digits or hyphens (the "
       "payer's claim number, as on its explanation of benefits)\n"},
      {"<resubmission payerClaimNumber=\"12 34\"/>", "",
       "k.xml:7:15: error: 'payerClaimNumber' must be 1 to 30 letters, digits or hyphens (the "
       "payer's claim number, as on its explanation of benefits)\n"},
      {"<resubmission payerClaimNumber=\"\"/>", "",
       "k.xml:7:15: error: attribute 'payerClaimNumber' must not be empty\n"},
      {"<resubmission/>", "",
       "k.xml:7:1: error: <resubmission> needs the attribute 'payerClaimNumber'\n"},
      {"<resubmission payerClaimNumber=\"A1\" icn=\"2\"/>", "A1",
       "k.xml:7:37: error: unknown attribute 'icn' on <resubmission>\n"},
      {"<resubmission payerClaimNumber=\"A1\"/><resubmission payerClaimNumber=\"A2\"/>", "A1",
       "k.xml:7:38: error: <resubmission> is given twice in <course>\n"},
      {"<resubmission payerClaimNumber=\"A1\">x</resubmission>", "A1",
       "k.xml:7:37: error: unexpected text inside <resubmission>\n"},
  };
  for (const auto& row : rows) {
    Diagnostics d;
    Course c = ParseCourse("k.xml", testing::CourseXml(visit + "\n" + row.element), &d);
    std::string errors;
    for (const auto& x : d) errors += x.ToString() + "\n";
    EXPECT_EQ(errors, row.errors) << row.element;
    EXPECT_EQ(c.payer_claim_number, row.number) << row.element;
  }
}

TEST(CourseReaderTest, ServiceAttributes) {
  struct Row {
    std::string service;
    std::string error;
  };
  auto in_visit = [](const std::string& s) {
    return testing::CourseXml("<visit date=\"2026-10-05\" provider=\"md\">\n" + s + "\n</visit>");
  };
  std::vector<Row> rows = {
      {"<infusion drug=\"k\" doseMg=\"0\" start=\"10:00\" stop=\"10:40\"/>",
       "k.xml:7:20: error: 'doseMg' must be a number greater than 0 with at most three decimals\n"},
      {"<office patient=\"new\"/>",
       "k.xml:7:1: error: <office> needs exactly one of 'minutes' and 'mdm'\n"},
      {"<office patient=\"old\" minutes=\"20\"/>",
       "k.xml:7:9: error: 'patient' must be 'new' or 'established'\n"},
      {"<psychotherapy minutes=\"1441\"/>",
       "k.xml:7:16: error: 'minutes' must be a whole number of minutes from 1 to 1440\n"},
      {"<block kind=\"stellate\" side=\"left\"/>",
       "k.xml:7:8: error: 'kind' must be 'stellate-ganglion'\n"},
      {"<line code=\"96372\" units=\"0\"/>",
       "k.xml:7:20: error: 'units' must be a whole number from 1 to 999\n"},
      {"<line code=\"96372\" modifiers=\"59,,XU\"/>",
       "k.xml:7:20: error: 'modifiers' must be codes separated by commas\n"},
      {"<evaluation>text</evaluation>", "k.xml:7:13: error: unexpected text inside <evaluation>\n"},
      {"<push drug=\"k\" doseMg=\"4\"><note/></push>",
       "k.xml:7:27: error: unknown element <note> in <push>\n"},
  };
  for (const auto& r : rows) EXPECT_EQ(CourseErrors(in_visit(r.service)), r.error) << r.service;
}

// <benefits> and <history>: every bad value is a located error that quotes it.
TEST(CourseReaderTest, BenefitsAndHistoryValues) {
  auto with = [](const std::string& element) {
    std::string xml =
        testing::CourseXml("<visit date=\"2026-10-05\" provider=\"md\"><evaluation/></visit>");
    const std::size_t at = xml.find("<diagnosis");
    return xml.insert(at, element + "\n");
  };
  Diagnostics d;
  Course c = ParseCourse("k.xml",
                         with("<benefits deductible=\"1000.00\" deductibleMet=\"250\" "
                              "coinsurance=\"30\" allowed=\"medicare:150\" oopMax=\"4000\" "
                              "oopMet=\"1200.5\"/>"),
                         &d);
  ASSERT_TRUE(d.empty()) << d.front().ToString();
  ASSERT_TRUE(c.benefits.has_value());
  EXPECT_EQ(c.benefits->deductible.ToString(), "1000.00");
  EXPECT_EQ(c.benefits->deductible_met.ToString(), "250.00");
  EXPECT_EQ(c.benefits->coinsurance, 30);
  EXPECT_EQ(c.benefits->basis, AllowedBasis::kMedicare);
  EXPECT_EQ(c.benefits->allowed_percent, 150);
  EXPECT_EQ(c.benefits->oop_max->ToString(), "4000.00");
  EXPECT_EQ(c.benefits->oop_met.ToString(), "1200.50");

  struct Row {
    std::string element;
    std::string error;
  };
  const std::vector<Row> rows = {
      {"<benefits deductible=\"100\" coinsurance=\"30\" allowed=\"charge\"/>",
       "k.xml:5:45: error: 'allowed' must be charge:P or medicare:P (P a percent), found "
       "'charge'\n"},
      {"<benefits deductible=\"100\" coinsurance=\"130\" allowed=\"charge:80\"/>",
       "k.xml:5:28: error: 'coinsurance' must be a whole percent from 0 to 100, found '130'\n"},
      {"<benefits deductible=\"100\" coinsurance=\"30\" allowed=\"charge:8.5\"/>",
       "k.xml:5:45: error: 'allowed' must be a whole percent from 0 to 1000, found '8.5'\n"},
      {"<benefits deductible=\"100\" deductibleMet=\"150\" coinsurance=\"30\" "
       "allowed=\"charge:80\"/>",
       "k.xml:5:28: error: 'deductibleMet' is more than the 'deductible'\n"},
      {"<benefits deductible=\"1,000\" coinsurance=\"30\" allowed=\"charge:80\"/>",
       "k.xml:5:11: error: 'deductible' '1,000': write 1000.00 (a plain decimal, without '$' or "
       "',')\n"},
      {"<benefits deductible=\"100\" coinsurance=\"30\" allowed=\"charge:80\" oopMet=\"10\"/>",
       "k.xml:5:65: error: 'oopMet' needs the 'oopMax' it counts toward\n"},
      {"<benefits coinsurance=\"30\" allowed=\"charge:80\"/>",
       "k.xml:5:1: error: <benefits> needs the attribute 'deductible'\n"},
      {"<history><score instrument=\"PHQ-9\" date=\"2026-10-05\" value=\"28\"/></history>",
       "k.xml:5:54: error: 'value' of a PHQ-9 must be a whole number from 0 to 27, found '28'\n"},
      {"<history><score instrument=\"NRS pain\" date=\"2026-10-05\" value=\"x\"/></history>",
       "k.xml:5:57: error: 'value' of a score must be a whole number from 0 to 999, found 'x'\n"},
      {"<history><trial drug=\"sertraline\" start=\"2023-13\"/></history>",
       "k.xml:5:35: error: 'start' must be a month YYYY-MM or a date YYYY-MM-DD, found "
       "'2023-13'\n"},
      {"<history><therapy kind=\"CBT\" end=\"March 2023\"/></history>",
       "k.xml:5:30: error: 'end' must be a month YYYY-MM or a date YYYY-MM-DD, found 'March "
       "2023'\n"},
      {"<benefits deductible=\"1\" coinsurance=\"1\" allowed=\"charge:1\"/>"
       "<benefits deductible=\"1\" coinsurance=\"1\" allowed=\"charge:1\"/>",
       "k.xml:5:62: error: <benefits> is given twice in <course>\n"},
  };
  for (const auto& r : rows) EXPECT_EQ(CourseErrors(with(r.element)), r.error) << r.element;
}

// <cardName> on the patient and the subscriber: the name as the insurance card prints it.
// Its diagnostics never quote the name.
TEST(CourseReaderTest, CardName) {
  const std::string base = testing::CourseXml(
      "<visit date=\"2026-10-05\" provider=\"md\"><evaluation/></visit>",
      "<diagnosis code=\"F33.2\"/>",
      "relationship=\"spouse\"><subscriber given=\"Bo\" "
      "family=\"Li\" birthDate=\"1979-01-01\" sex=\"M\"><address line1=\"1 A St\" "
      "city=\"Town\" state=\"CA\" postalCode=\"90001\"/></subscriber></coverage");
  // CourseXml closes <coverage .../> itself: drop its "/>" after our own </coverage.
  std::string xml = base;
  xml.replace(xml.find("</coverage/>"), 12, "</coverage>");
  auto with = [&](const std::string& patient_card, const std::string& subscriber_card) {
    std::string s = xml;
    s.replace(s.find("<address"), 0, patient_card);
    s.replace(s.find("<address", s.find("<subscriber")), 0, subscriber_card);
    return s;
  };
  {
    Diagnostics d;
    Course c = ParseCourse("k.xml",
                           with("<cardName family=\"Lee-Park\" given=\"Ann\" middle=\"J.\"/>",
                                "<cardName family=\"O'Li\" given=\"Bo\"/>"),
                           &d);
    ASSERT_TRUE(d.empty()) << d.front().ToString();
    ASSERT_TRUE(c.patient.card_name.has_value());
    EXPECT_EQ(c.patient.card_name->family, "Lee-Park");
    EXPECT_EQ(c.patient.card_name->given, "Ann");
    EXPECT_EQ(c.patient.card_name->middle, "J.");
    EXPECT_EQ(c.patient.card_name->loc.line, 3);
    ASSERT_TRUE(c.coverage.subscriber->card_name.has_value());
    EXPECT_EQ(c.coverage.subscriber->card_name->family, "O'Li");
    EXPECT_FALSE(ParseCourse("k.xml", xml, &d).patient.card_name.has_value());
  }
  struct Row {
    std::string patient_card, subscriber_card, errors;
  };
  const std::vector<Row> rows = {
      {"<cardName family=\"Nguyễn\" given=\"Mai\"/>", "",
       "k.xml:3:84: error: 'family' of <cardName> must be written as on the insurance card: "
       "letters A to Z, digits, spaces, hyphens, apostrophes or periods\n"},
      {"", "<cardName family=\"Li\" given=\"Bo,\" middle=\"王\"/>",
       "k.xml:4:149: error: 'given' of <cardName> must be written as on the insurance card: "
       "letters A to Z, digits, spaces, hyphens, apostrophes or periods\n"
       "k.xml:4:161: error: 'middle' of <cardName> must be written as on the insurance card: "
       "letters A to Z, digits, spaces, hyphens, apostrophes or periods\n"},
      {"<cardName given=\"Ann\"/>", "",
       "k.xml:3:74: error: <cardName> needs the attribute 'family'\n"},
      {"<cardName family=\"--\" given=\"Ann\"/>", "",
       "k.xml:3:84: error: 'family' of <cardName> has no letter\n"},
      {"<cardName family=\"Lee\" given=\"Ann\" suffix=\"Jr\"/>", "",
       "k.xml:3:109: error: unknown attribute 'suffix' on <cardName>\n"},
      {"<cardName family=\"Lee\" given=\"Ann\">LEE</cardName>", "",
       "k.xml:3:109: error: unexpected text inside <cardName>\n"},
      {"<cardName family=\"Lee\" given=\"Ann\"/><cardName family=\"Lee\" given=\"A\"/>", "",
       "k.xml:3:110: error: <cardName> is given twice in <patient>\n"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.patient_card + r.subscriber_card);
    const std::string errors = CourseErrors(with(r.patient_card, r.subscriber_card));
    EXPECT_EQ(errors, r.errors);
    EXPECT_EQ(errors.find("Nguy"), std::string::npos);
  }
}

const std::string kX12 =
    "<submitter name=\"Harbor\" id=\"HKW001\" contact=\"Billing\" phone=\"310-555-0142\"/>"
    "<receiver name=\"Clearinghouse\" id=\"330897513\"/>"
    "<interchange senderId=\"HKW001\" receiverId=\"330897513\"/>";
const std::string kX12Clinic =
    "<name>X</name><taxId>95-1234567</taxId><phone>310-555-0100</phone><npi>1245319599</npi>"
    "<address line1=\"1 A\" city=\"B\" state=\"CA\" postalCode=\"90001-1234\"/>\n" +
    kProvider;

TEST(ClinicReaderTest, X12Settings) {
  Diagnostics d;
  Clinic c = ParseClinic(
      "c.xml",
      "<clinic format=\"1\">\n" + kX12Clinic + "<x12 usage=\"P\">" + kX12 + "</x12>\n</clinic>\n",
      RealTables(), &d);
  ASSERT_TRUE(d.empty()) << d.front().ToString();
  ASSERT_TRUE(c.x12.has_value());
  EXPECT_EQ(c.x12->usage, 'P');
  EXPECT_EQ(c.x12->first_control_number, 1);
  EXPECT_EQ(c.x12->submitter_phone, "3105550142");
  EXPECT_EQ(c.x12->sender_qualifier, "ZZ");
  EXPECT_EQ(c.x12->interchange_receiver_id, "330897513");
  EXPECT_EQ(std::string({c.x12->element_separator, c.x12->component_separator,
                         c.x12->repetition_separator, c.x12->segment_terminator}),
            "*:^~");
  EXPECT_EQ(c.x12->line_break, "");
  Clinic plain = ParseClinic("c.xml", "<clinic format=\"1\">\n" + kX12Clinic + "</clinic>\n",
                             RealTables(), &d);
  EXPECT_FALSE(plain.x12.has_value());

  Clinic custom = ParseClinic(
      "c.xml",
      "<clinic format=\"1\">\n" + kX12Clinic +
          "<x12 usage=\"T\" firstControlNumber=\"5000\" elementSeparator=\"|\" "
          "componentSeparator=\"&gt;\" repetitionSeparator=\"!\" segmentTerminator=\"'\" "
          "lineBreak=\"crlf\">" +
          kX12 + "</x12>\n</clinic>\n",
      RealTables(), &d);
  ASSERT_TRUE(d.empty()) << d.front().ToString();
  EXPECT_EQ(custom.x12->first_control_number, 5000);
  EXPECT_EQ(std::string({custom.x12->element_separator, custom.x12->component_separator,
                         custom.x12->repetition_separator, custom.x12->segment_terminator}),
            "|>!'");
  EXPECT_EQ(custom.x12->line_break, "\r\n");
}

TEST(ClinicReaderTest, X12Diagnostics) {
  struct Row {
    std::string clinic_head;  // the clinic's other elements
    std::string x12;          // the whole <x12> element
    std::string errors;
  };
  const std::string ok = "<x12 usage=\"T\">" + kX12 + "</x12>";
  auto replace = [&](std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  const std::vector<Row> rows = {
      {kX12Clinic, "<x12>" + kX12 + "</x12>",
       "c.xml:4:1: error: <x12> needs the attribute 'usage'\n"},
      {kX12Clinic, "<x12 usage=\"X\">" + kX12 + "</x12>",
       "c.xml:4:6: error: 'usage' must be 'T' or 'P'\n"},
      {kX12Clinic, "<x12 usage=\"T\" firstControlNumber=\"0\">" + kX12 + "</x12>",
       "c.xml:4:16: error: 'firstControlNumber' must be a whole number from 1 to 999999999\n"},
      {kX12Clinic, "<x12 usage=\"T\" firstControlNumber=\"1000000000\">" + kX12 + "</x12>",
       "c.xml:4:16: error: 'firstControlNumber' must be a whole number from 1 to 999999999\n"},
      {kX12Clinic, "<x12 usage=\"T\" elementSeparator=\"**\">" + kX12 + "</x12>",
       "c.xml:4:16: error: 'elementSeparator' must be one printable character that is not a "
       "letter, digit or space\n"},
      {kX12Clinic, "<x12 usage=\"T\" segmentTerminator=\"A\">" + kX12 + "</x12>",
       "c.xml:4:16: error: 'segmentTerminator' must be one printable character that is not a "
       "letter, digit or space\n"},
      {kX12Clinic, "<x12 usage=\"T\" componentSeparator=\"*\">" + kX12 + "</x12>",
       "c.xml:4:1: error: the four X12 delimiters (element, component, repetition, segment) "
       "must be different characters\n"},
      {kX12Clinic, "<x12 usage=\"T\" lineBreak=\"cr\">" + kX12 + "</x12>",
       "c.xml:4:16: error: 'lineBreak' must be 'none', 'lf' or 'crlf'\n"},
      {kX12Clinic, "<x12 usage=\"T\"/>",
       "c.xml:4:1: error: <x12> needs a <submitter> element\n"
       "c.xml:4:1: error: <x12> needs a <receiver> element\n"
       "c.xml:4:1: error: <x12> needs a <interchange> element\n"},
      {kX12Clinic, replace(ok, "phone=\"310-555-0142\"", "phone=\"555-0142\""),
       "c.xml:4:71: error: 'phone' must be a US phone number of 10 digits\n"},
      {kX12Clinic, replace(ok, "id=\"HKW001\"", "id=\"HKW*001\""),
       "c.xml:4:41: error: 'id' holds one of the X12 delimiters *:^~\n"},
      {kX12Clinic, replace(ok, "senderId=\"HKW001\"", "senderId=\"HARBOR-KETAMINE-01\""),
       "c.xml:4:153: error: 'senderId' must be 2 to 15 capital letters, digits, spaces or X12 "
       "punctuation (!\"&'()*+,-./:;?=)\n"},
      {kX12Clinic, replace(ok, "id=\"330897513\"", "id=\"hkw_1\""),
       "c.xml:4:124: error: 'id' must be 2 to 80 capital letters, digits, spaces or X12 "
       "punctuation (!\"&'()*+,-./:;?=)\n"},
      {kX12Clinic, replace(ok, "contact=\"Billing\"", "contact=\"Büro\""),
       "c.xml:4:53: error: 'contact' must be 1 to 60 printable ASCII characters\n"},
      {kX12Clinic, replace(ok, "<interchange ", "<interchange senderQualifier=\"XX\" "),
       "c.xml:4:153: error: 'senderQualifier' must be '01', '14', '20', '27', '28', '29', '30', "
       "'33' or 'ZZ'\n"},
      {kX12Clinic, replace(ok, "</x12>", "<receiver name=\"A\" id=\"BB\"/><gs/></x12>"),
       "c.xml:4:195: error: <receiver> is given twice in <x12>\n"
       "c.xml:4:223: error: unknown element <gs> in <x12>\n"},
      // What loop 2010AA needs of the clinic: its NPI and a 9-digit ZIP code.
      {kClinicHead + kProvider, ok,
       "c.xml:4:1: error: <x12> needs the clinic's <npi>: the 837P names the billing provider "
       "(loop 2010AA) by its Type 2 NPI\n"
       "c.xml:2:67: error: with <x12>, the clinic's postalCode must have all 9 digits (ZIP+4): "
       "the 837P billing provider address (loop 2010AA) needs them\n"},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(r.x12);
    EXPECT_EQ(ClinicErrors(r.clinic_head + r.x12), r.errors);
  }
}

TEST(TablesTest, ShippedTablesLoadAndHoldTheReferenceCodes) {
  const Tables& t = RealTables();
  for (const char* code :
       {"96365", "96366", "96367", "96372", "96374", "96375", "96360", "96361", "J3490", "J0013",
        "G2082", "G2083", "64510", "76942", "77002", "99202", "99205", "99212", "99215", "99417",
        "90791", "90792", "90832", "90833", "90834", "90836", "90837", "90838", "J2405"}) {
    EXPECT_NE(t.FindProcedure(code), nullptr) << code;
  }
  EXPECT_TRUE(t.FindProcedure("96366")->addon);
  EXPECT_FALSE(t.FindProcedure("96365")->addon);
  EXPECT_EQ(t.FindProcedure("J3490")->system, "HCPCS");
  for (const char* code : {"F32.0", "F33.2", "F31.32", "F41.1", "F42.2", "F43.12", "F40.10",
                           "G90.512", "M79.7", "R45.851", "G89.29"}) {
    ASSERT_NE(t.FindIcd10(code), nullptr) << code;
    EXPECT_TRUE(t.FindIcd10(code)->billable) << code;
  }
  for (const char* header : {"F33", "F43.1", "G90.5", "F33.4", "R45.85"}) {
    ASSERT_NE(t.FindIcd10(header), nullptr) << header;
    EXPECT_FALSE(t.FindIcd10(header)->billable) << header;
  }
  EXPECT_EQ(t.FindIcd10("f3312"), nullptr);
  EXPECT_EQ(t.FindIcd10("F3312"), nullptr);
  EXPECT_EQ(t.FindIcd10("F43.12")->title, "Post-traumatic stress disorder, chronic");
  EXPECT_EQ(t.pos.count("11"), 1u);
  EXPECT_EQ(t.pos.count("02"), 1u);
}

TEST(TablesTest, RulesFileProblemsAreLocated) {
  std::string text;
  ASSERT_TRUE(ReadFile(testing::SourcePath("cpt_tables/rules.txt"), &text));
  auto errors = [](const std::string& t) {
    Rules r;
    Diagnostics d;
    ParseRules("rules.txt", t, &r, &d);
    std::string out;
    for (const auto& x : d) out += x.ToString() + "\n";
    return out;
  };
  EXPECT_EQ(errors(text), "");
  auto replace = [&](const std::string& from, const std::string& to) {
    std::string s = text;
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  int band_line = 0;
  for (std::size_t i = 0, line = 1; i < text.find("em.new.time"); ++i) {
    if (text[i] == '\n') band_line = static_cast<int>(++line);
  }
  EXPECT_EQ(errors(replace("em.new.time = 15:99202 30:99203", "em.new.time = 30:99202 15:99203")),
            "rules.txt:" + std::to_string(band_line) +
                ":1: error: key 'em.new.time': expected ascending MINUTES:CODE bands, found "
                "'15:99203'\n");
  EXPECT_EQ(errors(replace("injection = 96372\n", "")),
            "rules.txt: error: missing key 'injection'\n");
  EXPECT_NE(errors(text + "colour = blue\n").find("error: unknown key 'colour'"),
            std::string::npos);
}

TEST(TablesTest, EffectiveDatesAndReplacements) {
  const Tables& t = RealTables();
  EXPECT_EQ(t.FindProcedure("S0013")->ValidityText(), "valid through 2025-12-31");
  EXPECT_EQ(t.FindProcedure("J0013")->ValidityText(), "valid from 2026-01-01");
  EXPECT_EQ(t.FindProcedure("96365")->ValidityText(), "valid on every date");
  struct Row {
    const char* code;
    Date date;
    const char* billed;
  };
  for (const Row& r : std::vector<Row>{{"J0013", {2025, 12, 31}, "S0013"},
                                       {"J0013", {2026, 1, 1}, "J0013"},
                                       {"S0013", {2025, 12, 31}, "S0013"},
                                       {"S0013", {2026, 1, 1}, "J0013"},
                                       {"J3490", {2026, 1, 1}, "J3490"},
                                       {"G2212", {2020, 12, 31}, "G2212"}}) {
    EXPECT_EQ(t.CodeInEffect(r.code, r.date), r.billed) << r.code << " " << r.date.ToString();
  }
}

// The tables beside procedures.csv: each problem located, the whole load refused.
TEST(TablesTest, DateAndExclusionTableProblemsAreLocated) {
  struct Row {
    const char* file;
    std::string text;
    std::string error;
  };
  const std::vector<Row> rows = {
      {"code_dates.csv", "code,first,last,replaced_by\nS0013,,2025-13-31,J0013\n",
       "code_dates.csv:2:1: error: '2025-13-31' is not a date YYYY-MM-DD"},
      {"code_dates.csv", "code,first,last,replaced_by\nX9999,,,\n",
       "code_dates.csv:2:1: error: code 'X9999' is not in procedures.csv"},
      {"code_dates.csv", "code,first,last,replaced_by\nS0013,2026-01-01,2025-12-31,\n",
       "code_dates.csv:2:1: error: code S0013 ends before it starts"},
      {"code_dates.csv", "code,first,last,replaced_by\nS0013,,,J0013\nJ0013,,,S0013\n",
       "code_dates.csv: error: the replacements of code J0013 run in a circle"},
      {"exclusions.csv", "code,with,reason\n99211,96379-96360,no\n",
       "exclusions.csv:2:1: error: expected codes or FIRST-LAST ranges, found '96379-96360'"},
      {"exclusions.csv", "code,with,reason\n99211,96360,\n",
       "exclusions.csv:2:1: error: an exclusion needs the codes it excludes and a reason"},
  };
  for (const auto& r : rows) {
    testing::ScratchDir dir;
    for (const char* f : {"procedures.csv", "code_dates.csv", "exclusions.csv", "icd10cm.csv",
                          "pos.csv", "modifiers.csv", "field_limits.csv", "rules.txt"}) {
      dir.Write(f, testing::Slurp(testing::SourcePath(std::string("cpt_tables/") + f)));
    }
    dir.Write(r.file, r.text);
    try {
      LoadTables(dir.Path(""));
      ADD_FAILURE() << r.text;
    } catch (const FatalError& e) {
      std::string got = e.diagnostics().front().ToString();
      const std::string prefix = dir.Path("") + "/";  // LoadTables adds one '/' more
      ASSERT_EQ(got.rfind(prefix, 0), 0u) << got;
      EXPECT_EQ(got.substr(prefix.size()), r.error) << r.text;
    }
  }
}

// medicare_pfs.csv: the shipped CY 2026 amounts, and its problems located (line numbers
// count the comment lines before the header).
TEST(TablesTest, MedicareFeeScheduleTable) {
  const Tables& t = RealTables();
  EXPECT_EQ(t.medicare_pfs_year, 2026);
  EXPECT_EQ(t.medicare_pfs.size(), 8u);
  EXPECT_EQ(t.medicare_pfs.at("99213").ToString(), "95.19");   // 2.85 RVUs x 33.4009
  EXPECT_EQ(t.medicare_pfs.at("90792").ToString(), "202.08");  // 6.05 RVUs x 33.4009
  EXPECT_EQ(t.medicare_pfs.count("J3490"), 0u);  // drugs: not on the physician fee schedule

  struct Row {
    std::string text;
    std::string error;
  };
  const std::vector<Row> rows = {
      {"# source\n# year: 2026\ncode,amount\n99213,95.190\n",
       "medicare_pfs.csv:4:1: error: amount '95.190' must be dollars and cents greater than 0"},
      {"# year: 2026\ncode,amount\nX9999,1.00\n",
       "medicare_pfs.csv:3:1: error: code 'X9999' is not in procedures.csv"},
      {"# year: 2026\ncode,amount\n99213,1.00\n99213,2.00\n",
       "medicare_pfs.csv:4:1: error: code '99213' is listed twice"},
      {"# year: 26\ncode,amount\n", "medicare_pfs.csv:1:1: error: expected '# year: YYYY'"},
      {"# year: 2026\ncode,fee\n",
       "medicare_pfs.csv:2:1: error: the first line after the comments must be the header: "
       "code,amount"},
  };
  for (const auto& r : rows) {
    testing::ScratchDir dir;
    for (const char* f : {"procedures.csv", "code_dates.csv", "exclusions.csv", "icd10cm.csv",
                          "pos.csv", "modifiers.csv", "rules.txt"}) {
      dir.Write(f, testing::Slurp(testing::SourcePath(std::string("cpt_tables/") + f)));
    }
    dir.Write("medicare_pfs.csv", r.text);
    try {
      LoadTables(dir.Path(""));
      ADD_FAILURE() << r.text;
    } catch (const FatalError& e) {
      std::string got = e.diagnostics().front().ToString();
      const std::string prefix = dir.Path("") + "/";
      ASSERT_EQ(got.rfind(prefix, 0), 0u) << got;
      EXPECT_EQ(got.substr(prefix.size()), r.error) << r.text;
    }
  }
}

TEST(TablesTest, IcdOrderFileLayout) {
  Tables t;
  Diagnostics d;
  std::string text;
  ASSERT_TRUE(ReadFile(testing::SourcePath("tests/data/icd10cm_order_sample.txt"), &text));
  ParseIcd10Order("order.txt", text, &t, &d);
  EXPECT_TRUE(d.empty());
  ASSERT_NE(t.FindIcd10("J06.9"), nullptr);
  EXPECT_TRUE(t.FindIcd10("J06.9")->billable);
  EXPECT_FALSE(t.FindIcd10("J06")->billable);
  Diagnostics bad;
  ParseIcd10Order("order.txt", "00001 A00     2 Cholera\n", &t, &bad);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].ToString(),
            "order.txt:1:1: error: not a line of the CMS ICD-10-CM order file layout");
}

}  // namespace
}  // namespace superbill
