#include "render/fhir_xml.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <pugixml.hpp>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "batch/runner.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::CodeCourseFile;
using testing::SourcePath;

using Sample = testing::CodedSample;
const std::vector<Sample>& Samples() { return testing::CodedSamples(); }
const Sample& FindSample(const std::string& stem) { return testing::FindCodedSample(stem); }

std::string Diagnostics(const CourseResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.ToString() + "\n";
  return out;
}

std::string Value(const pugi::xpath_node& node) { return node.node().attribute("value").value(); }

// The value attribute of the first node at `xpath` under `context`; "" when none.
std::string ValueAt(pugi::xml_node context, const char* xpath) {
  return Value(context.select_node(xpath));
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Where the official R4 schemas are: $SUPERBILL_FHIR_SCHEMAS, else the unmodified HL7 copies
// vendored in tests/data/fhir-r4 (see its README.md for their source and sha256).
std::string SchemaDir() {
  if (const char* dir = std::getenv("SUPERBILL_FHIR_SCHEMAS")) return dir;
  return (fs::path(SUPERBILL_SOURCE_DIR) / "tests/data/fhir-r4").string();
}

// Renderings of edited sample claims that reach the branches the samples do not: a subscriber
// related as "other", a 64-character course id with '_', a clinic without a Type 2 NPI, a
// coverage without payer id or group, a patient without phone or second address line, provider
// ids with characters a FHIR id cannot hold.
std::vector<std::pair<std::string, std::string>> VariantRenderings() {
  std::vector<std::pair<std::string, std::string>> out;
  const CourseResult& base = *FindSample("10-child-subscriber").result;
  {
    Course course = base.course;
    course.coverage.relationship = Relationship::kOther;
    Claim claim = base.claim;
    claim.course = &course;
    out.emplace_back("variant-other-relationship", RenderFhirXml(claim));
  }
  {
    Course course = base.course;
    course.id = std::string(60, 'a') + "_b_c";
    Claim claim = base.claim;
    claim.course = &course;
    out.emplace_back("variant-long-id", RenderFhirXml(claim));
  }
  {
    const CourseResult& self = *FindSample("01-induction-series").result;
    Course course = self.course;
    course.coverage.payer_id.clear();
    course.coverage.group.clear();
    course.coverage.plan = Plan::kMedicare;
    course.patient.phone.clear();
    course.patient.middle.clear();
    course.patient.address.line2.clear();
    course.patient.sex = "U";
    Clinic clinic = *self.claim.clinic;
    clinic.npi.clear();
    clinic.email.clear();
    for (auto& provider : clinic.providers) provider.id = "dr_" + provider.id + "/1";
    Claim claim = self.claim;
    claim.course = &course;
    claim.clinic = &clinic;
    for (auto& line : claim.lines) {
      line.provider = &clinic.providers[line.provider - self.claim.clinic->providers.data()];
    }
    out.emplace_back("variant-sparse", RenderFhirXml(claim));
  }
  {
    // A corrected statement (version 2, with the payer's claim number) and a void of it.
    Claim claim = FindSample("15-short-course").result->claim;
    claim.statement_date = Date{2026, 11, 27};
    claim.resubmission = {
        Resubmission::Kind::kCorrected, 2, Date{2026, 11, 20}, 1, "EOB-2026-4471", ""};
    out.emplace_back("variant-corrected", RenderFhirXml(claim));
    claim.statement_date = Date{2026, 12, 4};
    claim.resubmission = {Resubmission::Kind::kVoid,    3, Date{2026, 11, 27}, 2, "",
                          "Billed to the wrong insurer"};
    out.emplace_back("variant-void", RenderFhirXml(claim));
  }
  return out;
}

TEST(FhirXmlTest, EverySampleIsAccepted) {
  ASSERT_EQ(Samples().size(), 15u);
  for (const auto& s : Samples()) {
    EXPECT_TRUE(s.result->ok()) << s.stem << ":\n" << Diagnostics(*s.result);
  }
}

TEST(FhirXmlTest, MatchesGoldenForEverySample) {
  for (const auto& s : Samples()) {
    SCOPED_TRACE(s.stem);
    ASSERT_TRUE(s.result->ok()) << Diagnostics(*s.result);
    const std::string xml = RenderFhirXml(s.result->claim);
    // One line: no indentation, one newline at the end.
    EXPECT_EQ(xml.find('\n'), xml.size() - 1);
    EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Bundle ", 0), 0u);
    testing::ExpectGolden(SourcePath("tests/golden/fhir/" + s.stem + ".xml"),
                          testing::IndentedXml(xml));
  }
}

TEST(FhirXmlTest, EverySampleAndVariantValidatesAgainstTheR4Schema) {
  const std::string schema_dir = SchemaDir();
  const std::string schema = schema_dir + "/fhir-single.xsd";
  ASSERT_TRUE(fs::exists(schema))
      << "FHIR R4 schemas not found: looked for " << schema
      << " (set SUPERBILL_FHIR_SCHEMAS to the folder holding fhir-single.xsd)";
  ASSERT_EQ(std::system("command -v xmllint >/dev/null 2>&1"), 0)
      << "xmllint not found (Debian package libxml2-utils)";

  std::string tmpl = (fs::temp_directory_path() / "superbill-fhir-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  const fs::path dir = tmpl;
  std::string cmd = "xmllint --noout --nonet --schema " + ShellQuote(schema);
  for (const auto& s : Samples()) {
    ASSERT_TRUE(s.result->ok()) << s.stem << ":\n" << Diagnostics(*s.result);
    fs::path file = dir / (s.stem + ".xml");
    std::ofstream(file, std::ios::binary) << RenderFhirXml(s.result->claim);
    cmd += " " + ShellQuote(file.string());
  }
  for (const auto& [name, xml] : VariantRenderings()) {
    fs::path file = dir / (name + ".xml");
    std::ofstream(file, std::ios::binary) << xml;
    cmd += " " + ShellQuote(file.string());
  }
  const fs::path log = dir / "xmllint.log";
  cmd += " >" + ShellQuote(log.string()) + " 2>&1";
  int status = std::system(cmd.c_str());
  int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  EXPECT_EQ(exit_code, 0) << cmd << "\n" << testing::Slurp(log.string());
  fs::remove_all(dir);
}

TEST(FhirXmlTest, InductionSeriesContent) {
  const Claim& claim = FindSample("01-induction-series").result->claim;
  std::string xml = RenderFhirXml(claim);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  pugi::xml_node c = doc.select_node("/Bundle/entry/resource/Claim").node();
  ASSERT_TRUE(c);

  EXPECT_EQ(ValueAt(doc, "/Bundle/type"), "collection");
  EXPECT_EQ(ValueAt(doc, "/Bundle/timestamp"), "2026-11-20T00:00:00Z");
  EXPECT_EQ(ValueAt(c, "created"), "2026-11-20");
  EXPECT_EQ(ValueAt(c, "billablePeriod/start"), claim.FirstDate().ToString());
  EXPECT_EQ(ValueAt(c, "billablePeriod/end"), claim.LastDate().ToString());
  EXPECT_EQ(ValueAt(c, "billablePeriod/start"), "2026-02-02");
  EXPECT_EQ(ValueAt(c, "billablePeriod/end"), "2026-02-13");

  auto items = c.select_nodes("item");
  ASSERT_EQ(items.size(), claim.lines.size());
  EXPECT_EQ(ValueAt(c, "total/value"), claim.total_charges.ToString());
  EXPECT_EQ(ValueAt(c, "total/currency"), "USD");

  // Diagnoses in order, with the dot.
  auto dx = c.select_nodes("diagnosis");
  ASSERT_EQ(dx.size(), claim.diagnoses.size());
  for (std::size_t i = 0; i < dx.size(); ++i) {
    pugi::xml_node d = dx[i].node();
    EXPECT_EQ(ValueAt(d, "sequence"), std::to_string(i + 1));
    EXPECT_EQ(ValueAt(d, "diagnosisCodeableConcept/coding/system"),
              "http://hl7.org/fhir/sid/icd-10-cm");
    EXPECT_EQ(ValueAt(d, "diagnosisCodeableConcept/coding/code"), claim.diagnoses[i].code);
    EXPECT_NE(claim.diagnoses[i].code.find('.'), std::string::npos);
  }

  // Each item mirrors its line; the ketamine line carries the NDC in a detail.
  bool saw_ketamine = false;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const ClaimLine& line = claim.lines[i];
    pugi::xml_node item = items[i].node();
    SCOPED_TRACE("item " + std::to_string(i + 1) + " " + line.code);
    EXPECT_EQ(ValueAt(item, "productOrService/coding/code"), line.code);
    EXPECT_EQ(ValueAt(item, "productOrService/coding/system"),
              line.system == "CPT" ? "http://www.ama-assn.org/go/cpt"
                                   : "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets");
    EXPECT_EQ(ValueAt(item, "servicedDate"), line.date.ToString());
    EXPECT_EQ(ValueAt(item, "locationCodeableConcept/coding/code"), line.pos);
    EXPECT_EQ(ValueAt(item, "net/value"), line.charge.ToString());
    EXPECT_EQ(item.select_nodes("diagnosisSequence").size(), line.dx.size());
    EXPECT_EQ(item.select_nodes("detail").size(), line.is_drug() ? 1u : 0u);
    if (line.is_drug() && line.ndc11 == "67457010810") {
      saw_ketamine = true;
      EXPECT_EQ(ValueAt(item, "detail/productOrService/coding/system"),
                "http://hl7.org/fhir/sid/ndc");
      EXPECT_EQ(ValueAt(item, "detail/productOrService/coding/code"), "67457010810");
      EXPECT_EQ(ValueAt(item, "detail/quantity/value"), line.ndc_qty);
      EXPECT_EQ(ValueAt(item, "detail/quantity/code"), "mL");
    }
  }
  EXPECT_TRUE(saw_ketamine);
}

TEST(FhirXmlTest, RendersTheSameBytesTwice) {
  for (const auto& s : Samples()) {
    SCOPED_TRACE(s.stem);
    std::string first = RenderFhirXml(s.result->claim);
    EXPECT_EQ(first, RenderFhirXml(s.result->claim));
    // A claim coded afresh (other addresses in memory) renders identically.
    auto again = CodeCourseFile(SourcePath("samples/courses/" + s.stem + ".xml"));
    EXPECT_EQ(first, RenderFhirXml(again->claim));
  }
}

TEST(FhirXmlTest, SubscriberWhoIsNotThePatientIsARelatedPerson) {
  struct Case {
    const char* stem;
    const char* coverage_relationship;
    const char* role_code;  // what the subscriber is to the patient
  };
  for (const Case& k : {Case{"09-spouse-12-diagnoses", "spouse", "SPS"},
                        Case{"10-child-subscriber", "child", "PRN"}}) {
    SCOPED_TRACE(k.stem);
    const CourseResult& r = *FindSample(k.stem).result;
    std::string xml = RenderFhirXml(r.claim);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    auto related = doc.select_nodes("/Bundle/entry[resource/RelatedPerson]");
    ASSERT_EQ(related.size(), 1u);
    std::string related_url = ValueAt(related[0].node(), "fullUrl");
    pugi::xml_node person = related[0].node().child("resource").child("RelatedPerson");
    std::string patient_url = ValueAt(doc, "/Bundle/entry[resource/Patient]/fullUrl");

    pugi::xml_node coverage = doc.select_node("//Coverage").node();
    EXPECT_EQ(ValueAt(coverage, "subscriber/reference"), related_url);
    EXPECT_EQ(ValueAt(coverage, "beneficiary/reference"), patient_url);
    EXPECT_EQ(ValueAt(coverage, "relationship/coding/code"), k.coverage_relationship);
    EXPECT_EQ(coverage.child("subscriberId").attribute("value").value(),
              r.course.coverage.member_id);
    EXPECT_EQ(ValueAt(person, "patient/reference"), patient_url);
    EXPECT_EQ(ValueAt(person, "relationship/coding/code"), k.role_code);
    EXPECT_EQ(ValueAt(person, "name/family"), r.course.coverage.subscriber->family);
    EXPECT_EQ(ValueAt(person, "birthDate"), r.course.coverage.subscriber->birth_date.ToString());
    EXPECT_EQ(ValueAt(doc, "//Claim/payee/party/reference"), related_url);
  }
}

TEST(FhirXmlTest, SelfSubscriberIsThePatient) {
  std::string xml = RenderFhirXml(FindSample("01-induction-series").result->claim);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  EXPECT_TRUE(doc.select_nodes("//RelatedPerson").empty());
  std::string patient_url = ValueAt(doc, "/Bundle/entry[resource/Patient]/fullUrl");
  EXPECT_EQ(ValueAt(doc, "//Coverage/subscriber/reference"), patient_url);
  EXPECT_EQ(ValueAt(doc, "//Coverage/relationship/coding/code"), "self");
}

// Spec outputs v2 corrections (issue 17), on every sample's claim.xml.
TEST(FhirXmlTest, EverySampleFollowsTheVersion2Corrections) {
  const std::string kHcpcs = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
  const std::string kCpt = "http://www.ama-assn.org/go/cpt";
  const std::string kNucc = "http://nucc.org/provider-taxonomy";
  int hcpcs_codings = 0, ndcs = 0;
  for (const auto& sample : Samples()) {
    SCOPED_TRACE(sample.stem);
    const CourseResult& r = *sample.result;
    const std::string xml = RenderFhirXml(r.claim);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    // 1. Codes and modifiers: HCPCS in the CMS system, CPT (and CPT modifiers) in the AMA's.
    EXPECT_EQ(xml.find("bluebutton.cms.gov"), std::string::npos);
    auto items = doc.select_nodes("//Claim/item");
    ASSERT_EQ(items.size(), r.claim.lines.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const ClaimLine& line = r.claim.lines[i];
      pugi::xml_node item = items[i].node();
      EXPECT_EQ(ValueAt(item, "productOrService/coding/system"),
                line.system == "HCPCS" ? kHcpcs : kCpt)
          << line.code;
      hcpcs_codings += line.system == "HCPCS";
      auto modifiers = item.select_nodes("modifier/coding");
      ASSERT_EQ(modifiers.size(), line.modifiers.size());
      for (std::size_t m = 0; m < modifiers.size(); ++m) {
        const std::string& mod = line.modifiers[m];
        const bool cpt = mod == "25" || mod == "50" || mod == "93" || mod == "95";
        const bool hcpcs = mod == "KX" || mod == "RT" || mod == "LT";
        ASSERT_TRUE(cpt || hcpcs) << "a modifier this test does not know: " << mod;
        EXPECT_EQ(ValueAt(modifiers[m].node(), "system"), cpt ? kCpt : kHcpcs) << mod;
        hcpcs_codings += hcpcs;
      }
      // 2. NDCs in the 11-digit HIPAA form without hyphens, as on the superbill.
      if (line.is_drug()) {
        std::string ndc = ValueAt(item, "detail/productOrService/coding/code");
        EXPECT_EQ(ndc, line.ndc11);
        EXPECT_TRUE(std::regex_match(ndc, std::regex("[0-9]{11}"))) << ndc;
        ++ndcs;
      }
    }
    // 3. The payee is the subscriber (the samples' clinic does not assign benefits).
    EXPECT_EQ(ValueAt(doc, "//Claim/payee/type/coding/code"), "subscriber");
    EXPECT_EQ(ValueAt(doc, "//Claim/payee/party/reference"),
              ValueAt(doc, "//Coverage/subscriber/reference"));
    // 4. Exactly one primary careTeam member: the provider with the most lines.
    auto team = doc.select_nodes("//Claim/careTeam");
    ASSERT_FALSE(team.empty());
    int primaries = 0;
    for (const auto& member : team) {
      std::string role = ValueAt(member.node(), "role/coding/code");
      EXPECT_TRUE(role == "primary" || role == "other") << role;
      if (role != "primary") continue;
      ++primaries;
      // Its Practitioner carries the NPI of the claim's primary provider.
      std::string url = ValueAt(member.node(), "provider/reference");
      std::string npi = ValueAt(doc, ("/Bundle/entry[fullUrl/@value='" + url +
                                      "']/resource/Practitioner/identifier/value")
                                         .c_str());
      EXPECT_EQ(npi, r.claim.PrimaryProvider()->npi);
    }
    EXPECT_EQ(primaries, 1);
    // 5. Taxonomies: each care team member's in its qualification, the clinic's in its type.
    for (const auto& member : team) {
      std::string url = ValueAt(member.node(), "provider/reference");
      std::string npi = ValueAt(doc, ("/Bundle/entry[fullUrl/@value='" + url +
                                      "']/resource/Practitioner/identifier/value")
                                         .c_str());
      const Provider* p = nullptr;
      for (const auto& candidate : r.claim.clinic->providers) {
        if (candidate.npi == npi) p = &candidate;
      }
      ASSERT_NE(p, nullptr) << npi;
      EXPECT_EQ(ValueAt(member.node(), "qualification/coding/system"), kNucc);
      EXPECT_EQ(ValueAt(member.node(), "qualification/coding/code"), p->taxonomy);
    }
    std::string clinic_url = ValueAt(doc, "//Claim/provider/reference");
    EXPECT_EQ(
        ValueAt(doc, ("/Bundle/entry[fullUrl/@value='" + clinic_url +
                      "']/resource/Organization/type/coding[system/@value='" + kNucc + "']/code")
                         .c_str()),
        r.claim.clinic->taxonomy);
  }
  EXPECT_GE(hcpcs_codings, 100);  // the samples bill J, G and S codes, KX, RT and LT
  EXPECT_GE(ndcs, 40);
}

// The writer refuses a text value XML 1.0 forbids, whatever the readers let through.
TEST(FhirXmlTest, ForbiddenCharactersNeverReachTheFile) {
  const CourseResult& base = *FindSample("15-short-course").result;
  for (const std::string& bad :
       {std::string("Ann\x1B"), std::string("A\x07"), std::string("A\xEF\xBF\xBF"),
        std::string("A\xEF\xBF\xBE"), std::string("A\xC3")}) {
    Course course = base.course;
    course.patient.given = bad;
    Claim claim = base.claim;
    claim.course = &course;
    try {
      RenderFhirXml(claim);
      ADD_FAILURE() << "rendered a claim with a forbidden character";
    } catch (const FatalError& e) {
      std::string message = e.what();
      EXPECT_EQ(message.rfind("claim.xml: a text value ", 0), 0u) << message;
      EXPECT_EQ(message.find("Ann"), std::string::npos) << message;  // no personal data
    }
  }
  // Tab, line feed and carriage return are allowed, and so is the rest of Unicode.
  Course course = base.course;
  course.patient.given = "A\tB\nC\rD \xE7\x8E\x8B";
  Claim claim = base.claim;
  claim.course = &course;
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(RenderFhirXml(claim).c_str()));
}

// The payee follows the clinic's assignment setting: the subscriber unless benefits are
// assigned to the clinic (paid or not).
TEST(FhirXmlTest, PayeeFollowsTheAssignmentOfBenefits) {
  for (const char* stem : {"01-induction-series", "13-spanish-credit", "15-short-course"}) {
    SCOPED_TRACE(stem);
    const Claim& base = FindSample(stem).result->claim;
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(RenderFhirXml(base).c_str()));
    std::string subscriber = ValueAt(doc, "//Coverage/subscriber/reference");
    std::string clinic = ValueAt(doc, "//Claim/provider/reference");
    EXPECT_EQ(ValueAt(doc, "//Claim/payee/type/coding/code"), "subscriber");
    EXPECT_EQ(ValueAt(doc, "//Claim/payee/party/reference"), subscriber);

    Clinic assigned = *base.clinic;
    assigned.assignment.benefits_assigned = true;
    Claim claim = base;
    claim.clinic = &assigned;
    pugi::xml_document doc2;
    ASSERT_TRUE(doc2.load_string(RenderFhirXml(claim).c_str()));
    EXPECT_EQ(ValueAt(doc2, "//Claim/payee/type/coding/code"), "provider");
    EXPECT_EQ(ValueAt(doc2, "//Claim/payee/party/reference"), clinic);
  }
}

// Every reference points at an entry of the bundle; fullUrls are distinct urn:uuid UUIDs and
// ids follow the FHIR id rule.
TEST(FhirXmlTest, ReferencesResolveAndIdsAreValid) {
  const std::regex uuid(
      "urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const std::regex id("[A-Za-z0-9\\-\\.]{1,64}");
  for (const auto& s : Samples()) {
    SCOPED_TRACE(s.stem);
    std::string xml = RenderFhirXml(s.result->claim);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    std::set<std::string> urls;
    for (const auto& e : doc.select_nodes("/Bundle/entry")) {
      std::string url = ValueAt(e.node(), "fullUrl");
      EXPECT_TRUE(std::regex_match(url, uuid)) << url;
      EXPECT_TRUE(urls.insert(url).second) << "duplicate " << url;
      std::string rid = ValueAt(e.node(), "resource/*/id");
      EXPECT_TRUE(std::regex_match(rid, id)) << rid;
    }
    for (const auto& ref : doc.select_nodes("//reference")) {
      EXPECT_TRUE(urls.count(Value(ref))) << "dangling " << Value(ref);
    }
    // One Practitioner per rendering provider, each in the care team.
    std::set<const Provider*> providers;
    for (const auto& line : s.result->claim.lines) providers.insert(line.provider);
    EXPECT_EQ(doc.select_nodes("//Practitioner").size(), providers.size());
    EXPECT_EQ(doc.select_nodes("//Claim/careTeam").size(), providers.size());
  }
}

// unitPrice x quantity = net exactly, or unitPrice is absent because the charge does not
// divide into whole cents per unit (package pricing).
TEST(FhirXmlTest, UnitPriceIsExactOrAbsent) {
  int without_unit_price = 0;
  for (const auto& s : Samples()) {
    SCOPED_TRACE(s.stem);
    const Claim& claim = s.result->claim;
    std::string xml = RenderFhirXml(claim);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    auto items = doc.select_nodes("//Claim/item");
    ASSERT_EQ(items.size(), claim.lines.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const ClaimLine& line = claim.lines[i];
      pugi::xml_node item = items[i].node();
      EXPECT_EQ(ValueAt(item, "quantity/value"), std::to_string(line.units));
      if (line.charge.cents % line.units == 0) {
        EXPECT_EQ(ValueAt(item, "unitPrice/value"),
                  Money{line.charge.cents / line.units}.ToString());
      } else {
        EXPECT_FALSE(item.child("unitPrice")) << "item " << i + 1;
        ++without_unit_price;
      }
    }
  }
  EXPECT_GT(without_unit_price, 0) << "no sample exercises an indivisible charge";
}

// A corrected statement relates to the one it replaces; a void is cancelled and says why.
TEST(FhirXmlTest, CorrectedAndVoidClaimsNameTheStatementTheyReplace) {
  auto variants = VariantRenderings();
  ASSERT_EQ(variants[3].first, "variant-corrected");
  ASSERT_EQ(variants[4].first, "variant-void");
  testing::ExpectGolden(SourcePath("tests/golden/fhir/variant-corrected.xml"),
                        testing::IndentedXml(variants[3].second));
  testing::ExpectGolden(SourcePath("tests/golden/fhir/variant-void.xml"),
                        testing::IndentedXml(variants[4].second));
  pugi::xml_document original, corrected, voided;
  ASSERT_TRUE(
      original.load_string(RenderFhirXml(FindSample("15-short-course").result->claim).c_str()));
  ASSERT_TRUE(corrected.load_string(variants[3].second.c_str()));
  ASSERT_TRUE(voided.load_string(variants[4].second.c_str()));
  struct Row {
    const char* xpath;
    std::string original, corrected, voided;
  };
  const std::vector<Row> rows = {
      {"/Bundle/identifier/value", "HK-2026-0252", "HK-2026-0252/2", "HK-2026-0252/3"},
      {"//Claim/identifier/value", "HK-2026-0252", "HK-2026-0252/2", "HK-2026-0252/3"},
      {"//Claim/id", "HK-2026-0252-claim", "HK-2026-0252-claim-v2", "HK-2026-0252-claim-v3"},
      {"//Claim/status", "active", "active", "cancelled"},
      {"//Claim/created", "2026-11-20", "2026-11-27", "2026-12-04"},
      {"//Claim/related/claim/identifier/system", "", "urn:superbill:statement",
       "urn:superbill:statement"},
      {"//Claim/related/claim/identifier/value", "", "HK-2026-0252", "HK-2026-0252/2"},
      {"//Claim/related/relationship/coding/system", "",
       "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship",
       "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship"},
      {"//Claim/related/relationship/coding/code", "", "prior", "prior"},
      {"//Claim/related/reference/value", "", "EOB-2026-4471", ""},
      {"//Claim/supportingInfo/category/coding/code", "", "", "info"},
      {"//Claim/supportingInfo/valueString", "", "", "Billed to the wrong insurer"},
      {"//Claim/total/value", "1577.00", "1577.00", "1577.00"},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(ValueAt(original, r.xpath), r.original) << r.xpath;
    EXPECT_EQ(ValueAt(corrected, r.xpath), r.corrected) << r.xpath;
    EXPECT_EQ(ValueAt(voided, r.xpath), r.voided) << r.xpath;
  }
  // Each version is a claim of its own: its fullUrl differs; the patient's does not.
  const char* claim_url = "/Bundle/entry[resource/Claim]/fullUrl";
  EXPECT_NE(ValueAt(original, claim_url), ValueAt(corrected, claim_url));
  EXPECT_NE(ValueAt(corrected, claim_url), ValueAt(voided, claim_url));
  const char* patient_url = "/Bundle/entry[resource/Patient]/fullUrl";
  EXPECT_EQ(ValueAt(original, patient_url), ValueAt(voided, patient_url));
}

// Ids follow the FHIR id rule and stay distinct for a 64-character course id with '_'; a
// subscriber related as "other" has a text relationship; absent optional data leaves no empty
// elements.
TEST(FhirXmlTest, VariantsKeepIdsValidAndOmitWhatIsAbsent) {
  const std::regex id("[A-Za-z0-9\\-\\.]{1,64}");
  for (const auto& [name, xml] : VariantRenderings()) {
    SCOPED_TRACE(name);
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(xml.c_str()));
    std::set<std::string> ids;
    for (const auto& n : doc.select_nodes("/Bundle/id | /Bundle/entry/resource/*/id")) {
      EXPECT_TRUE(std::regex_match(Value(n), id)) << Value(n);
      ids.insert(Value(n));
    }
    EXPECT_EQ(ids.size(), doc.select_nodes("/Bundle/entry").size() + 1);
    for (const auto& n : doc.select_nodes("//*[@value='']")) {
      ADD_FAILURE() << "empty " << n.node().name();
    }
  }
  auto variants = VariantRenderings();
  pugi::xml_document other, long_id, sparse;
  ASSERT_TRUE(other.load_string(variants[0].second.c_str()));
  ASSERT_TRUE(long_id.load_string(variants[1].second.c_str()));
  ASSERT_TRUE(sparse.load_string(variants[2].second.c_str()));
  EXPECT_EQ(ValueAt(other, "//Coverage/relationship/coding/code"), "other");
  EXPECT_EQ(ValueAt(other, "//RelatedPerson/relationship/text"), "other");
  EXPECT_EQ(ValueAt(long_id, "/Bundle/identifier/value"), std::string(60, 'a') + "_b_c");
  EXPECT_EQ(ValueAt(long_id, "/Bundle/id"), std::string(60, 'a') + "-b-c");
  EXPECT_EQ(sparse.select_nodes("//Organization/identifier").size(), 1u);  // the EIN
  EXPECT_EQ(ValueAt(sparse, "//Organization/identifier/system"), "urn:oid:2.16.840.1.113883.4.4");
  EXPECT_TRUE(sparse.select_nodes("//Coverage/class").empty());
  EXPECT_TRUE(sparse.select_nodes("//Patient/telecom").empty());
  EXPECT_EQ(sparse.select_nodes("//Patient/name/given").size(), 1u);
  EXPECT_EQ(ValueAt(sparse, "//Patient/gender"), "unknown");
  EXPECT_EQ(ValueAt(sparse, "//Coverage/type/coding/code"), "1");
  std::string practitioner_id = ValueAt(sparse, "//Practitioner/id");
  EXPECT_EQ(practitioner_id.rfind("HK-2026-0142-practitioner-dr-lee-1-", 0), 0u) << practitioner_id;
}

}  // namespace
}  // namespace superbill
