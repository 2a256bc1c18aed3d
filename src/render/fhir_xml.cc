#include "render/fhir_xml.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <pugixml.hpp>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "common/text.h"

namespace superbill {
namespace {

// Code and identifier systems.
constexpr char kFhirNamespace[] = "http://hl7.org/fhir";
constexpr char kStatementSystem[] = "urn:superbill:statement";
constexpr char kPatientAccountSystem[] = "urn:superbill:patient-account";
constexpr char kPayerIdSystem[] = "urn:superbill:payer-id";
constexpr char kStateLicenseSystem[] = "urn:superbill:state-license";
constexpr char kNpiSystem[] = "http://hl7.org/fhir/sid/us-npi";
constexpr char kEinSystem[] = "urn:oid:2.16.840.1.113883.4.4";
constexpr char kClaimTypeSystem[] = "http://terminology.hl7.org/CodeSystem/claim-type";
constexpr char kPrioritySystem[] = "http://terminology.hl7.org/CodeSystem/processpriority";
constexpr char kPayeeTypeSystem[] = "http://terminology.hl7.org/CodeSystem/payeetype";
constexpr char kCareTeamRoleSystem[] = "http://terminology.hl7.org/CodeSystem/claimcareteamrole";
constexpr char kIcd10CmSystem[] = "http://hl7.org/fhir/sid/icd-10-cm";
constexpr char kCptSystem[] = "http://www.ama-assn.org/go/cpt";
// CARIN Blue Button's URL for HCPCS Level II codes and modifiers.
constexpr char kHcpcsSystem[] = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets";
constexpr char kNdcSystem[] = "http://hl7.org/fhir/sid/ndc";
constexpr char kPosSystem[] =
    "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
constexpr char kUcumSystem[] = "http://unitsofmeasure.org";
constexpr char kLanguageSystem[] = "urn:ietf:bcp:47";
constexpr char kOrganizationTypeSystem[] =
    "http://terminology.hl7.org/CodeSystem/organization-type";
constexpr char kSubscriberRelationshipSystem[] =
    "http://terminology.hl7.org/CodeSystem/subscriber-relationship";
constexpr char kCoverageClassSystem[] = "http://terminology.hl7.org/CodeSystem/coverage-class";
constexpr char kPayerTypologySystem[] = "https://nahdo.org/sopt";
constexpr char kRoleCodeSystem[] = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
constexpr char kNuccTaxonomySystem[] = "http://nucc.org/provider-taxonomy";
constexpr char kRelatedClaimSystem[] =
    "http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship";
constexpr char kPayerClaimNumberSystem[] = "urn:superbill:payer-claim-number";
constexpr char kInformationCategorySystem[] =
    "http://terminology.hl7.org/CodeSystem/claiminformationcategory";

constexpr std::size_t kMaxIdLength = 64;

std::uint64_t Fnv1a64(std::string_view text) {
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

std::string Hex(std::uint64_t value, int digits) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(digits, '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) out[i] = kDigits[value & 0xf];
  return out;
}

// "urn:uuid:" + a UUID built from two FNV-1a hashes of `key`. The version nibble says 8
// (RFC 9562 "custom": not SHA-1, so not 5) and the variant bits are 10, so it has the RFC 4122
// shape; the same key always gives the same UUID.
std::string UuidUrn(const std::string& key) {
  std::uint64_t hi = Fnv1a64(key);
  std::uint64_t lo = Fnv1a64(key + "/2");
  hi = (hi & ~0xf000ull) | 0x8000ull;                  // version 8
  lo = (lo & ~(0xc000ull << 48)) | (0x8000ull << 48);  // variant 10xx
  std::string h = Hex(hi, 16) + Hex(lo, 16);
  return "urn:uuid:" + h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" +
         h.substr(16, 4) + "-" + h.substr(20, 12);
}

bool IsIdChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.';
}

bool IsIdText(std::string_view text) {
  for (char c : text) {
    if (!IsIdChar(c)) return false;
  }
  return !text.empty();
}

// A FHIR id ([A-Za-z0-9\-\.]{1,64}) from `raw`: other characters become '-'; an id that would be
// too long keeps its first 55 characters and gets '-' and 8 hex digits of a hash of `raw`.
std::string FhirId(std::string_view raw) {
  std::string id;
  for (char c : raw) id += IsIdChar(c) ? c : '-';
  if (id.empty()) id = "-";
  if (id.size() > kMaxIdLength) {
    id = id.substr(0, kMaxIdLength - 9) + "-" + Hex(Fnv1a64(raw), 8);
  }
  return id;
}

// The readers reject text XML 1.0 forbids (control characters, U+FFFE, U+FFFF, invalid
// UTF-8); this is the writer's own guard, so claim.xml is well-formed whatever reaches it.
void CheckXmlText(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    if (!DecodeUtf8(text, &i, &cp)) {
      throw FatalError("claim.xml: a text value is not valid UTF-8");
    }
    const bool allowed = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
                         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
    if (!allowed) {
      char code[16];
      std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
      throw FatalError(std::string("claim.xml: a text value holds ") + code +
                       ", a character XML 1.0 does not allow");
    }
  }
}

class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string* out) : out_(out) {}
  void write(const void* data, std::size_t size) override {
    out_->append(static_cast<const char*>(data), size);
  }

 private:
  std::string* out_;
};

// FHIR primitives are elements with a value attribute; FHIR forbids empty values, so an empty
// value adds nothing.
void AddValue(pugi::xml_node parent, const char* name, std::string_view value) {
  if (value.empty()) return;
  CheckXmlText(value);
  parent.append_child(name).append_attribute("value").set_value(value.data(), value.size());
}

void AddCoding(pugi::xml_node codeable, std::string_view system, std::string_view code,
               std::string_view display = {}) {
  pugi::xml_node coding = codeable.append_child("coding");
  AddValue(coding, "system", system);
  AddValue(coding, "code", code);
  AddValue(coding, "display", display);
}

// A CodeableConcept `name` with one coding.
pugi::xml_node AddConcept(pugi::xml_node parent, const char* name, std::string_view system,
                          std::string_view code, std::string_view display = {}) {
  pugi::xml_node codeable = parent.append_child(name);
  AddCoding(codeable, system, code, display);
  return codeable;
}

void AddReference(pugi::xml_node parent, const char* name, std::string_view url) {
  AddValue(parent.append_child(name), "reference", url);
}

void AddMoney(pugi::xml_node parent, const char* name, Money amount) {
  pugi::xml_node money = parent.append_child(name);
  AddValue(money, "value", amount.ToString());
  AddValue(money, "currency", "USD");
}

void AddIdentifier(pugi::xml_node parent, std::string_view system, std::string_view value) {
  if (value.empty()) return;
  pugi::xml_node identifier = parent.append_child("identifier");
  AddValue(identifier, "system", system);
  AddValue(identifier, "value", value);
}

void AddName(pugi::xml_node parent, const std::string& family, const std::string& given,
             const std::string& middle) {
  pugi::xml_node name = parent.append_child("name");
  AddValue(name, "use", "official");
  AddValue(name, "family", family);
  AddValue(name, "given", given);
  AddValue(name, "given", middle);
}

void AddTelecom(pugi::xml_node parent, const char* system, std::string_view value,
                const char* use) {
  if (value.empty()) return;
  pugi::xml_node telecom = parent.append_child("telecom");
  AddValue(telecom, "system", system);
  AddValue(telecom, "value", value);
  if (use) AddValue(telecom, "use", use);
}

// ZIP+4 written without its hyphen gets one: "926837719" -> "92683-7719".
std::string PostalCode(const std::string& code) {
  if (code.size() == 9 && code.find('-') == std::string::npos) {
    return code.substr(0, 5) + "-" + code.substr(5);
  }
  return code;
}

void AddAddress(pugi::xml_node parent, const Address& address, const char* use) {
  pugi::xml_node node = parent.append_child("address");
  AddValue(node, "use", use);
  AddValue(node, "line", address.line1);
  AddValue(node, "line", address.line2);
  AddValue(node, "city", address.city);
  AddValue(node, "state", address.state);
  AddValue(node, "postalCode", PostalCode(address.postal_code));
  AddValue(node, "country", "US");
}

std::string Gender(const std::string& sex) {
  if (sex == "F") return "female";
  if (sex == "M") return "male";
  return "unknown";
}

std::string DateValue(const Date& date) { return date.year == 0 ? "" : date.ToString(); }

// The person's demographics in the order Patient and RelatedPerson share after their
// relationship elements: name, telecom, gender, birthDate, address.
void AddDemographics(pugi::xml_node resource, const Person& person) {
  AddName(resource, person.family, person.given, person.middle);
  AddTelecom(resource, "phone", person.phone, nullptr);
  AddValue(resource, "gender", Gender(person.sex));
  AddValue(resource, "birthDate", DateValue(person.birth_date));
  AddAddress(resource, person.address, "home");
}

// Level I (CPT) modifiers start with a digit (25, 59, 95, 1P); Level II (HCPCS) modifiers
// start with a letter (KX, RT, GT, XE).
const char* ModifierSystem(const std::string& modifier) {
  return !modifier.empty() && modifier[0] >= '0' && modifier[0] <= '9' ? kCptSystem : kHcpcsSystem;
}

class BundleBuilder {
 public:
  explicit BundleBuilder(const Claim& claim)
      : claim_(claim), course_(*claim.course), clinic_(*claim.clinic) {
    // Each version of a statement is a claim of its own (a corrected one replaces the one
    // before); the first keeps the plain id.
    const int version = claim.resubmission.version;
    claim_ref_ = MakeRef("Claim", version > 1 ? "claim-v" + std::to_string(version) : "claim");
    patient_ref_ = MakeRef("Patient", "patient");
    coverage_ref_ = MakeRef("Coverage", "coverage");
    clinic_ref_ = MakeRef("Organization", "clinic");
    payer_ref_ = MakeRef("Organization", "payer");
    has_related_person_ = course_.coverage.relationship != Relationship::kSelf &&
                          course_.coverage.subscriber.has_value();
    if (has_related_person_) related_ref_ = MakeRef("RelatedPerson", "subscriber");
    for (const ClaimLine& line : claim_.lines) {
      if (line.provider && CareTeamSequence(line.provider) == 0) {
        team_.push_back(line.provider);
        team_refs_.push_back(PractitionerRef(*line.provider));
      }
    }
  }

  std::string Render() {
    pugi::xml_document doc;
    pugi::xml_node decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version").set_value("1.0");
    decl.append_attribute("encoding").set_value("UTF-8");

    pugi::xml_node bundle = doc.append_child("Bundle");
    bundle.append_attribute("xmlns").set_value(kFhirNamespace);
    AddValue(bundle, "id", FhirId(course_.id));
    pugi::xml_node identifier = bundle.append_child("identifier");
    AddValue(identifier, "system", kStatementSystem);
    AddValue(identifier, "value", claim_.StatementNumber());
    AddValue(bundle, "type", "collection");
    AddValue(bundle, "timestamp", claim_.statement_date.ToString() + "T00:00:00Z");

    AddClaim(bundle);
    AddPatient(bundle);
    if (has_related_person_) AddRelatedPerson(bundle);
    AddCoverage(bundle);
    AddClinic(bundle);
    AddPayer(bundle);
    for (std::size_t i = 0; i < team_.size(); ++i)
      AddPractitioner(bundle, *team_[i], team_refs_[i]);

    // Without indentation (a third fewer bytes, and less time saving): whoever reads the
    // file by eye runs it through `xmllint --format`.
    std::string out;
    out.reserve(24 * 1024);
    StringWriter writer(&out);
    doc.save(writer, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
    out += '\n';
    return out;
  }

 private:
  struct Ref {
    std::string id;
    std::string url;
  };

  // Resource ids are "<course id>-<local>"; fullUrls hash the unmapped ids, so two ids that map
  // to the same FHIR id still get different fullUrls.
  Ref MakeRef(const std::string& type, const std::string& local) const {
    return {FhirId(course_.id + "-" + local),
            UuidUrn("superbill/" + course_.id + "/" + type + "/" + local)};
  }

  // A provider id with characters an id cannot hold gets a hash so the ids stay distinct.
  Ref PractitionerRef(const Provider& provider) const {
    std::string local = "practitioner-" + provider.id;
    if (!IsIdText(provider.id)) local += "-" + Hex(Fnv1a64(provider.id), 8);
    return {FhirId(course_.id + "-" + local),
            UuidUrn("superbill/" + course_.id + "/Practitioner/" + provider.id)};
  }

  // 1-based position of `provider` in the care team; 0 when absent.
  int CareTeamSequence(const Provider* provider) const {
    for (std::size_t i = 0; i < team_.size(); ++i) {
      if (team_[i] == provider) return static_cast<int>(i) + 1;
    }
    return 0;
  }

  const std::string& SubscriberUrl() const {
    return has_related_person_ ? related_ref_.url : patient_ref_.url;
  }

  static pugi::xml_node AddEntry(pugi::xml_node bundle, const Ref& ref, const char* type) {
    pugi::xml_node entry = bundle.append_child("entry");
    AddValue(entry, "fullUrl", ref.url);
    pugi::xml_node resource = entry.append_child("resource").append_child(type);
    AddValue(resource, "id", ref.id);
    return resource;
  }

  void AddClaim(pugi::xml_node bundle) const {
    pugi::xml_node c = AddEntry(bundle, claim_ref_, "Claim");
    const Resubmission& resubmission = claim_.resubmission;
    AddIdentifier(c, kStatementSystem, claim_.StatementNumber());
    // A void statement withdraws the claim it replaces: the claim is cancelled.
    AddValue(c, "status", resubmission.kind == Resubmission::Kind::kVoid ? "cancelled" : "active");
    AddConcept(c, "type", kClaimTypeSystem, "professional");
    AddValue(c, "use", "claim");
    AddReference(c, "patient", patient_ref_.url);
    if (!claim_.lines.empty()) {
      pugi::xml_node period = c.append_child("billablePeriod");
      AddValue(period, "start", claim_.FirstDate().ToString());
      AddValue(period, "end", claim_.LastDate().ToString());
    }
    AddValue(c, "created", claim_.statement_date.ToString());
    AddReference(c, "insurer", payer_ref_.url);
    AddReference(c, "provider", clinic_ref_.url);
    AddConcept(c, "priority", kPrioritySystem, "normal");
    // A corrected or void statement names the statement it replaces (our number for it) and,
    // when the course gives it, the payer's claim number of that statement.
    if (resubmission.kind != Resubmission::Kind::kOriginal) {
      pugi::xml_node related = c.append_child("related");
      pugi::xml_node prior = related.append_child("claim").append_child("identifier");
      AddValue(prior, "system", kStatementSystem);
      AddValue(prior, "value", StatementNumber(course_.id, resubmission.replaces_version));
      AddConcept(related, "relationship", kRelatedClaimSystem, "prior", "Prior Claim");
      if (!resubmission.original_reference.empty()) {
        pugi::xml_node reference = related.append_child("reference");
        AddValue(reference, "system", kPayerClaimNumberSystem);
        AddValue(reference, "value", resubmission.original_reference);
      }
    }
    // Benefits not assigned (the default of a self-pay clinic): the insurer reimburses the
    // subscriber; assigned: the clinic (the clinic file's <assignment>, as on the claim forms).
    pugi::xml_node payee = c.append_child("payee");
    const bool to_provider = claim_.clinic->assignment.benefits_assigned;
    AddConcept(payee, "type", kPayeeTypeSystem, to_provider ? "provider" : "subscriber");
    AddReference(payee, "party", to_provider ? clinic_ref_.url : SubscriberUrl());

    // Exactly one primary: the provider with the most lines. The others rendered their own
    // lines; the role code system has no "rendering", so they are "other", said in its text.
    const Provider* primary = claim_.PrimaryProvider();
    for (std::size_t i = 0; i < team_.size(); ++i) {
      pugi::xml_node member = c.append_child("careTeam");
      AddValue(member, "sequence", std::to_string(i + 1));
      AddReference(member, "provider", team_refs_[i].url);
      if (team_[i] == primary) {
        AddConcept(member, "role", kCareTeamRoleSystem, "primary", "Primary provider");
      } else {
        pugi::xml_node role =
            AddConcept(member, "role", kCareTeamRoleSystem, "other", "Other role");
        AddValue(role, "text", "Rendering provider of their own services");
      }
      // CARIN puts the provider's taxonomy here.
      if (!team_[i]->taxonomy.empty()) {
        AddConcept(member, "qualification", kNuccTaxonomySystem, team_[i]->taxonomy);
      }
    }
    // Why a void statement cancels the claim: the clerk's reason, as information.
    if (resubmission.kind == Resubmission::Kind::kVoid && !resubmission.reason.empty()) {
      pugi::xml_node info = c.append_child("supportingInfo");
      AddValue(info, "sequence", "1");
      AddConcept(info, "category", kInformationCategorySystem, "info", "Information");
      AddValue(info.append_child("code"), "text", "Reason the claim is void");
      AddValue(info, "valueString", resubmission.reason);
    }
    for (std::size_t i = 0; i < claim_.diagnoses.size(); ++i) {
      pugi::xml_node dx = c.append_child("diagnosis");
      AddValue(dx, "sequence", std::to_string(i + 1));
      AddConcept(dx, "diagnosisCodeableConcept", kIcd10CmSystem, claim_.diagnoses[i].code,
                 claim_.diagnoses[i].title);
    }
    pugi::xml_node insurance = c.append_child("insurance");
    AddValue(insurance, "sequence", "1");
    AddValue(insurance, "focal", "true");
    AddReference(insurance, "coverage", coverage_ref_.url);

    Money total;
    for (std::size_t i = 0; i < claim_.lines.size(); ++i) {
      AddItem(c, claim_.lines[i], i + 1);
      total += claim_.lines[i].charge;
    }
    AddMoney(c, "total", total);
  }

  void AddItem(pugi::xml_node claim, const ClaimLine& line, std::size_t sequence) const {
    pugi::xml_node item = claim.append_child("item");
    AddValue(item, "sequence", std::to_string(sequence));
    if (int team = CareTeamSequence(line.provider)) {
      AddValue(item, "careTeamSequence", std::to_string(team));
    }
    for (int pointer : line.dx) AddValue(item, "diagnosisSequence", std::to_string(pointer + 1));
    AddConcept(item, "productOrService", line.system == "CPT" ? kCptSystem : kHcpcsSystem,
               line.code, line.description);
    for (const std::string& modifier : line.modifiers) {
      AddConcept(item, "modifier", ModifierSystem(modifier), modifier);
    }
    AddValue(item, "servicedDate", line.date.ToString());
    AddConcept(item, "locationCodeableConcept", kPosSystem, line.pos);
    pugi::xml_node quantity = item.append_child("quantity");
    AddValue(quantity, "value", std::to_string(line.units));
    // FHIR has net = quantity x unitPrice x factor. A package-priced charge need not divide
    // into whole cents per unit (13.09 over 4 units), and no factor makes that exact, so then
    // unitPrice is left out (it and factor are optional) and net alone carries the charge.
    if (line.units > 0 && line.charge.cents % line.units == 0) {
      AddMoney(item, "unitPrice", Money{line.charge.cents / line.units});
    }
    AddMoney(item, "net", line.charge);
    if (line.is_drug()) {
      pugi::xml_node detail = item.append_child("detail");
      AddValue(detail, "sequence", "1");
      // The 11-digit HIPAA billing form, as the superbill and the claim forms print it.
      AddConcept(detail, "productOrService", kNdcSystem, line.ndc11, line.drug_name);
      pugi::xml_node ndc_quantity = detail.append_child("quantity");
      AddValue(ndc_quantity, "value", line.ndc_qty);
      bool ml = line.ndc_unit == "ML";
      AddValue(ndc_quantity, "unit", ml ? "mL" : "unit");
      AddValue(ndc_quantity, "system", kUcumSystem);
      AddValue(ndc_quantity, "code", ml ? "mL" : "{unit}");
      AddMoney(detail, "net", line.charge);
    }
  }

  void AddPatient(pugi::xml_node bundle) const {
    const Patient& patient = course_.patient;
    pugi::xml_node p = AddEntry(bundle, patient_ref_, "Patient");
    AddIdentifier(p, kPatientAccountSystem, patient.id);
    AddDemographics(p, patient);
    if (patient.language == "es") {
      pugi::xml_node communication = p.append_child("communication");
      AddConcept(communication, "language", kLanguageSystem, "es", "Spanish");
      AddValue(communication, "preferred", "true");
    }
  }

  // The subscriber when it is not the patient. Its relationship says who the subscriber is to
  // the patient: the spouse (SPS), or the parent (PRN) of a patient covered as a child.
  void AddRelatedPerson(pugi::xml_node bundle) const {
    const Coverage& coverage = course_.coverage;
    pugi::xml_node r = AddEntry(bundle, related_ref_, "RelatedPerson");
    AddReference(r, "patient", patient_ref_.url);
    switch (coverage.relationship) {
      case Relationship::kSpouse:
        AddConcept(r, "relationship", kRoleCodeSystem, "SPS", "spouse");
        break;
      case Relationship::kChild:
        AddConcept(r, "relationship", kRoleCodeSystem, "PRN", "parent");
        break;
      default:
        AddValue(r.append_child("relationship"), "text", "other");
        break;
    }
    AddDemographics(r, *coverage.subscriber);
  }

  void AddCoverage(pugi::xml_node bundle) const {
    const Coverage& coverage = course_.coverage;
    pugi::xml_node c = AddEntry(bundle, coverage_ref_, "Coverage");
    AddValue(c, "status", "active");
    bool medicare = coverage.plan == Plan::kMedicare;
    pugi::xml_node type = AddConcept(c, "type", kPayerTypologySystem, medicare ? "1" : "5",
                                     medicare ? "MEDICARE" : "PRIVATE HEALTH INSURANCE");
    AddValue(type, "text", medicare ? "Medicare" : "Commercial");
    AddReference(c, "subscriber", SubscriberUrl());
    AddValue(c, "subscriberId", coverage.member_id);
    AddReference(c, "beneficiary", patient_ref_.url);
    const char* relationship = "self";
    switch (coverage.relationship) {
      case Relationship::kSelf:
        relationship = "self";
        break;
      case Relationship::kSpouse:
        relationship = "spouse";
        break;
      case Relationship::kChild:
        relationship = "child";
        break;
      case Relationship::kOther:
        relationship = "other";
        break;
    }
    AddConcept(c, "relationship", kSubscriberRelationshipSystem, relationship);
    AddReference(c, "payor", payer_ref_.url);
    if (!coverage.group.empty()) {
      pugi::xml_node group = c.append_child("class");
      AddConcept(group, "type", kCoverageClassSystem, "group");
      AddValue(group, "value", coverage.group);
    }
  }

  // The clinic: the billing provider (Type 2 NPI when it has one, and its EIN).
  void AddClinic(pugi::xml_node bundle) const {
    pugi::xml_node o = AddEntry(bundle, clinic_ref_, "Organization");
    AddIdentifier(o, kNpiSystem, clinic_.npi);
    AddIdentifier(o, kEinSystem, clinic_.tax_id);
    AddValue(o, "active", "true");
    AddConcept(o, "type", kOrganizationTypeSystem, "prov", "Healthcare Provider");
    // The billing entity's NUCC taxonomy (an Organization has no qualification in R4).
    if (!clinic_.taxonomy.empty()) {
      AddConcept(o, "type", kNuccTaxonomySystem, clinic_.taxonomy);
    }
    AddValue(o, "name", clinic_.name);
    AddTelecom(o, "phone", clinic_.phone, "work");
    AddTelecom(o, "email", clinic_.email, "work");
    AddAddress(o, clinic_.address, "work");
  }

  void AddPayer(pugi::xml_node bundle) const {
    const Coverage& coverage = course_.coverage;
    pugi::xml_node o = AddEntry(bundle, payer_ref_, "Organization");
    AddIdentifier(o, kPayerIdSystem, coverage.payer_id);
    AddValue(o, "active", "true");
    AddConcept(o, "type", kOrganizationTypeSystem, "pay", "Payer");
    AddValue(o, "name", coverage.payer);
  }

  static void AddPractitioner(pugi::xml_node bundle, const Provider& provider, const Ref& ref) {
    pugi::xml_node p = AddEntry(bundle, ref, "Practitioner");
    AddIdentifier(p, kNpiSystem, provider.npi);
    AddIdentifier(p, kStateLicenseSystem, provider.license);
    AddValue(p, "active", "true");
    AddName(p, provider.family, provider.given, "");
    if (!provider.credentials.empty()) {
      AddValue(p.append_child("qualification").append_child("code"), "text", provider.credentials);
    }
    if (!provider.taxonomy.empty()) {
      AddConcept(p.append_child("qualification"), "code", kNuccTaxonomySystem, provider.taxonomy);
    }
  }

  const Claim& claim_;
  const Course& course_;
  const Clinic& clinic_;
  Ref claim_ref_, patient_ref_, related_ref_, coverage_ref_, clinic_ref_, payer_ref_;
  bool has_related_person_ = false;
  std::vector<const Provider*> team_;  // rendering providers in order of first line
  std::vector<Ref> team_refs_;
};

}  // namespace

std::string RenderFhirXml(const Claim& claim) { return BundleBuilder(claim).Render(); }

}  // namespace superbill
