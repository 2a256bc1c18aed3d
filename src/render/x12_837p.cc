#include "render/x12_837p.h"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"
#include "model/card_name.h"

namespace superbill {
namespace {

// Element lengths of the 837P implementation guide that free text can exceed.
constexpr std::size_t kOrgName = 60;      // NM103 of an organization
constexpr std::size_t kLastName = 60;     // NM103 of a person
constexpr std::size_t kFirstName = 35;    // NM104
constexpr std::size_t kMiddleName = 25;   // NM105
constexpr std::size_t kIdentifier = 80;   // NM109
constexpr std::size_t kCity = 30;         // N401
constexpr std::size_t kContact = 60;      // PER02
constexpr std::size_t kReference = 50;    // REF02, SBR03
constexpr std::size_t kDescription = 80;  // SV101-7

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

// Cuts `s` to `max` characters, at a space when one is near the end.
std::string Cut(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  std::size_t space = s.rfind(' ', max);
  if (space != std::string::npos && space + 16 > max) cut = space;
  s.resize(cut);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// The 837P date form CCYYMMDD.
std::string D8(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
  return buf;
}

// An amount as X12 writes a decimal: no trailing zeros, no decimal point for whole dollars.
std::string Amount(Money m) {
  std::string s = m.ToString();  // "450.00"
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

// Writes segments with the clinic's delimiters and counts them.
class Segments {
 public:
  explicit Segments(const X12Settings& x) : x_(x) {}

  // Free text: ASCII (transliterated), upper case, only the X12 basic character set without
  // the delimiters in use (anything else becomes a space), single spaces, at most `max`.
  std::string Text(std::string_view value, std::size_t max) const {
    static constexpr std::string_view kSpecial = "!\"&'()+,-./:;?=";
    std::string ascii = TransliterateToAscii(value);
    std::string out;
    bool space = false;
    for (char c : ascii) {
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      const bool keep = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        (kSpecial.find(c) != std::string_view::npos && !IsDelimiter(c));
      if (!keep) {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    return Cut(out, max);
  }

  // A person's name part (already in card form: A-Z, digits, spaces, hyphens), cut to `max`.
  static std::string Name(const std::string& part, std::size_t max) { return Cut(part, max); }

  // Components joined by the component separator, without trailing empty ones.
  std::string Composite(std::initializer_list<std::string_view> parts) const {
    std::vector<std::string_view> v(parts);
    while (!v.empty() && v.back().empty()) v.pop_back();
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += x_.component_separator;
      out += v[i];
    }
    return out;
  }

  // One segment: its id and elements, without trailing empty elements.
  void Add(std::initializer_list<std::string_view> elements) {
    std::vector<std::string_view> v(elements);
    while (v.size() > 1 && v.back().empty()) v.pop_back();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out_ += x_.element_separator;
      out_ += v[i];
    }
    out_ += x_.segment_terminator;
    out_ += x_.line_break;
    ++count_;
  }

  std::size_t count() const { return count_; }
  std::string Take() { return std::move(out_); }

 private:
  bool IsDelimiter(char c) const {
    return c == x_.element_separator || c == x_.component_separator ||
           c == x_.repetition_separator || c == x_.segment_terminator;
  }
  const X12Settings& x_;
  std::string out_;
  std::size_t count_ = 0;
};

// The N3 and N4 segments of an address; `zip` the postal code's digits.
void AddAddress(Segments& s, const Address& a) {
  s.Add({"N3", s.Text(a.line1, kX12MaxAddressLine), s.Text(a.line2, kX12MaxAddressLine)});
  s.Add({"N4", s.Text(a.city, kCity), a.state, Digits(a.postal_code)});
}

// NM1 of a person in card form: entity code, names, and optionally an id with its qualifier.
void AddPersonName(Segments& s, std::string_view entity, const CardNameParts& n,
                   std::string_view id_qualifier = "", std::string_view id = "") {
  s.Add({"NM1", entity, "1", Segments::Name(n.family, kLastName),
         Segments::Name(n.given, kFirstName), Segments::Name(n.middle, kMiddleName), "", "",
         id_qualifier, id});
}

// NM1*82 and PRV*PE of a rendering provider (loops 2310B and 2420A).
void AddRenderingProvider(Segments& s, const Provider& p) {
  CardNameParts n{CardNamePart(p.family), CardNamePart(p.given), ""};
  AddPersonName(s, "82", n, "XX", p.npi);
  if (!p.taxonomy.empty()) s.Add({"PRV", "PE", "PXC", p.taxonomy});
}

void AddDemographics(Segments& s, const Person& p) {
  s.Add({"DMG", "D8", D8(p.birth_date), p.sex});
}

// Whether a drug line's code is an unclassified one that needs the drug's name (SV101-7):
// the catalog bills it as 1 unit, without hcpcsUnitMg (J3490).
const Drug* UnclassifiedDrug(const Clinic& clinic, const ClaimLine& line) {
  for (const auto& d : clinic.drugs) {
    if (d.hcpcs == line.code && d.ndc11 == line.ndc11 && !d.hcpcs_unit_mg) return &d;
  }
  return nullptr;
}

const char* PatientRelationshipCode(Relationship r) {
  switch (r) {
    case Relationship::kSpouse:
      return "01";
    case Relationship::kChild:
      return "19";
    default:
      return "G8";  // other relationship
  }
}

// The 2300 loop and its lines for claim.lines[begin, end).
void AddClaimLoop(Segments& s, const Claim& claim, std::size_t begin, std::size_t end) {
  const Clinic& clinic = *claim.clinic;
  const Course& course = *claim.course;
  const std::string c = std::string(1, clinic.x12->component_separator);
  Money total;
  for (std::size_t i = begin; i < end; ++i) total += claim.lines[i].charge;
  const ClaimLine& first = claim.lines[begin];
  // CLM05-3: 1 original, 7 replacement of a corrected statement, 8 void (Claim::resubmission).
  const Resubmission& resubmission = claim.resubmission;
  s.Add({"CLM", course.id, Amount(total), "", "",
         s.Composite({first.pos, "B", std::to_string(resubmission.FrequencyCode())}), "Y",
         clinic.assignment.accept_assignment ? "A" : "C",
         clinic.assignment.benefits_assigned ? "Y" : "N", "Y"});
  // A replacement or void names the payer's claim control number of the claim it replaces
  // (REF*F8); without one the batch warns that the insurer will ask for it.
  if (resubmission.kind != Resubmission::Kind::kOriginal &&
      !resubmission.original_reference.empty()) {
    s.Add({"REF", "F8", resubmission.original_reference});
  }
  // HI: the principal diagnosis (ABK), then the others (ABF), without dots.
  std::vector<std::string> hi;
  for (std::size_t i = 0; i < claim.diagnoses.size(); ++i) {
    std::string code;
    for (char ch : claim.diagnoses[i].code) {
      if (ch != '.') code += ch;
    }
    hi.push_back(s.Composite({i == 0 ? "ABK" : "ABF", code}));
  }
  hi.resize(12);
  s.Add(
      {"HI", hi[0], hi[1], hi[2], hi[3], hi[4], hi[5], hi[6], hi[7], hi[8], hi[9], hi[10], hi[11]});
  // 2310B: the provider who rendered most of the claim's lines (the first of them on a tie),
  // unless it is the billing provider itself (a solo practice billing under its own NPI);
  // 2420A names the provider of any other line.
  const Provider* rendering = first.provider;
  {
    std::vector<std::pair<const Provider*, std::size_t>> counts;
    for (std::size_t i = begin; i < end; ++i) {
      auto it = std::find_if(counts.begin(), counts.end(),
                             [&](const auto& c) { return c.first == claim.lines[i].provider; });
      if (it == counts.end()) {
        counts.emplace_back(claim.lines[i].provider, 1);
      } else {
        ++it->second;
      }
    }
    std::size_t most = 0;
    for (const auto& [provider, n] : counts) {
      if (n > most) {
        most = n;
        rendering = provider;
      }
    }
  }
  const bool claim_rendering = rendering && rendering->npi != clinic.npi;
  if (claim_rendering) AddRenderingProvider(s, *rendering);

  for (std::size_t i = begin; i < end; ++i) {
    const ClaimLine& l = claim.lines[i];
    s.Add({"LX", std::to_string(i - begin + 1)});
    std::string mods[4];
    for (std::size_t m = 0; m < l.modifiers.size() && m < 4; ++m) mods[m] = l.modifiers[m];
    std::string description;
    if (const Drug* d = l.is_drug() ? UnclassifiedDrug(clinic, l) : nullptr) {
      description = s.Text(d->name, kDescription);
    }
    std::string pointers;
    for (std::size_t p = 0; p < l.dx.size() && p < 4; ++p) {
      if (p) pointers += c;
      pointers += std::to_string(l.dx[p] + 1);
    }
    s.Add({"SV1", s.Composite({"HC", l.code, mods[0], mods[1], mods[2], mods[3], description}),
           Amount(l.charge), "UN", std::to_string(l.units), l.pos == first.pos ? "" : l.pos, "",
           pointers});
    s.Add({"DTP", "472", "D8", D8(l.date)});
    if (l.is_drug()) {
      s.Add({"LIN", "", "N4", l.ndc11});
      s.Add({"CTP", "", "", "", l.ndc_qty, l.ndc_unit});
    }
    // 2420A: this line's rendering provider differs from the claim's (2310B, or the billing
    // provider when 2310B is left out).
    if (l.provider && l.provider != rendering &&
        (claim_rendering || l.provider->npi != clinic.npi)) {
      AddRenderingProvider(s, *l.provider);
    }
  }
}

const X12Settings& SettingsOf(const Clinic& clinic) {
  if (!clinic.x12) throw FatalError("an 837P needs the clinic file's <x12> settings");
  return *clinic.x12;
}

std::string ControlNumber9(std::int64_t n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%09lld", static_cast<long long>(n));
  return buf;
}

}  // namespace

bool X12Applies(const Claim& claim) {
  return claim.clinic && claim.clinic->x12 && claim.course && !claim.lines.empty() &&
         !claim.course->coverage.payer_id.empty() &&
         claim.course->id.size() <= kX12MaxPatientControl;
}

Diagnostics X12Warnings(const Claim& claim) {
  Diagnostics d;
  if (!claim.clinic || !claim.clinic->x12 || !claim.course) return d;
  const Course& course = *claim.course;
  if (course.id.size() > kX12MaxPatientControl) {
    d.push_back(Warning(course.id_loc, "course id has " + std::to_string(course.id.size()) +
                                           " characters, more than the " +
                                           std::to_string(kX12MaxPatientControl) +
                                           " of the 837P patient control number (CLM01): no "
                                           "claim.x12 for this course"));
  }
  auto address = [&](const Address& a) {
    for (const auto& [line, n] : {std::pair{&a.line1, 1}, std::pair{&a.line2, 2}}) {
      if (TransliterateToAscii(*line).size() > kX12MaxAddressLine) {
        d.push_back(Warning(a.loc, "address line " + std::to_string(n) + " is longer than the " +
                                       std::to_string(kX12MaxAddressLine) +
                                       " characters of an 837P N3 element: claim.x12 carries "
                                       "it shortened"));
      }
    }
  };
  address(course.patient.address);
  if (course.coverage.payer_id.empty()) {
    d.push_back(Warning(course.coverage.loc,
                        "the coverage has no payerId, which the 837P needs (loop 2010BB): no "
                        "claim.x12 for this course"));
  }
  if (course.coverage.subscriber) address(course.coverage.subscriber->address);
  return d;
}

X12Interchange::X12Interchange(const Clinic& clinic, Date date, std::int64_t control_number,
                               std::size_t claims_per_transaction)
    : clinic_(clinic),
      x12_(SettingsOf(clinic)),
      date_(date),
      control_number_(control_number),
      claims_per_transaction_(std::max<std::size_t>(1, claims_per_transaction)) {
  if (control_number < 1 || control_number > kX12MaxControlNumber) {
    throw FatalError("X12 interchange control number " + std::to_string(control_number) +
                     " is outside 1 to 999999999");
  }
}

std::string X12Interchange::Begin() {
  Segments s(x12_);
  auto padded = [&](const std::string& id) {
    std::string v = s.Text(id, 15);
    v.resize(15, ' ');
    return v;
  };
  const std::string d8 = D8(date_);
  s.Add({"ISA", "00", std::string(10, ' '), "00", std::string(10, ' '), x12_.sender_qualifier,
         padded(x12_.sender_id), x12_.receiver_qualifier, padded(x12_.interchange_receiver_id),
         d8.substr(2), "0000", std::string(1, x12_.repetition_separator), "00501",
         ControlNumber9(control_number_), "0", std::string(1, x12_.usage),
         std::string(1, x12_.component_separator)});
  s.Add({"GS", "HC", s.Text(x12_.sender_id, 15), s.Text(x12_.interchange_receiver_id, 15), d8,
         "0000", std::to_string(control_number_), "X", "005010X222A1"});
  return s.Take();
}

std::string X12Interchange::OpenTransaction() {
  ++transactions_;
  open_ = true;
  hl_ = 0;
  Segments s(x12_);
  char st[8];
  std::snprintf(st, sizeof st, "%04zu", transactions_);
  s.Add({"ST", "837", st, "005010X222A1"});
  s.Add({"BHT", "0019", "00", ControlNumber9(control_number_) + st, D8(date_), "0000", "CH"});
  // 1000A submitter, 1000B receiver.
  s.Add({"NM1", "41", "2", s.Text(x12_.submitter_name, kOrgName), "", "", "", "", "46",
         s.Text(x12_.submitter_id, kIdentifier)});
  s.Add({"PER", "IC", s.Text(x12_.submitter_contact, kContact), "TE", x12_.submitter_phone});
  s.Add({"NM1", "40", "2", s.Text(x12_.receiver_name, kOrgName), "", "", "", "", "46",
         s.Text(x12_.receiver_id, kIdentifier)});
  // 2000A / 2010AA: the clinic bills.
  ++hl_;
  s.Add({"HL", "1", "", "20", "1"});
  if (!clinic_.taxonomy.empty()) s.Add({"PRV", "BI", "PXC", clinic_.taxonomy});
  s.Add({"NM1", "85", "2", s.Text(clinic_.name, kOrgName), "", "", "", "", "XX", clinic_.npi});
  AddAddress(s, clinic_.address);
  s.Add({"REF", "EI", clinic_.tax_id});
  segments_ = s.count();
  return s.Take();
}

std::string X12Interchange::CloseTransaction() {
  Segments s(x12_);
  char st[8];
  std::snprintf(st, sizeof st, "%04zu", transactions_);
  s.Add({"SE", std::to_string(segments_ + 1), st});
  open_ = false;
  return s.Take();
}

std::string X12Interchange::AddClaim(const Claim& claim) {
  std::string out;
  if (open_ && claims_ % claims_per_transaction_ == 0) out += CloseTransaction();
  if (!open_) out += OpenTransaction();
  ++claims_;

  const Course& course = *claim.course;
  const Coverage& cov = course.coverage;
  const bool self = cov.relationship == Relationship::kSelf || !cov.subscriber;
  const Person& subscriber = self ? static_cast<const Person&>(course.patient) : *cov.subscriber;

  Segments s(x12_);
  // 2000B / 2010BA subscriber, 2010BB payer.
  const int subscriber_hl = ++hl_;
  s.Add({"HL", std::to_string(subscriber_hl), "1", "22", self ? "0" : "1"});
  s.Add({"SBR", "P", self ? "18" : "", s.Text(cov.group, kReference), "", "", "", "", "",
         cov.plan == Plan::kMedicare ? "MB" : "CI"});
  AddPersonName(s, "IL", CardNameOf(subscriber).name, "MI", s.Text(cov.member_id, kIdentifier));
  AddAddress(s, subscriber.address);
  AddDemographics(s, subscriber);
  s.Add({"NM1", "PR", "2", s.Text(cov.payer, kOrgName), "", "", "", "", "PI",
         s.Text(cov.payer_id, kIdentifier)});
  // 2000C / 2010CA: the patient, when not the subscriber.
  if (!self) {
    s.Add({"HL", std::to_string(++hl_), std::to_string(subscriber_hl), "23", "0"});
    s.Add({"PAT", PatientRelationshipCode(cov.relationship)});
    AddPersonName(s, "QC", CardNameOf(course.patient).name);
    AddAddress(s, course.patient.address);
    AddDemographics(s, course.patient);
  }
  // 2300: one claim per 50 lines.
  for (std::size_t begin = 0; begin < claim.lines.size(); begin += kX12MaxLinesPerClaim) {
    AddClaimLoop(s, claim, begin, std::min(claim.lines.size(), begin + kX12MaxLinesPerClaim));
  }
  segments_ += s.count();
  return out + s.Take();
}

std::string X12Interchange::End() {
  std::string out;
  if (open_) out += CloseTransaction();
  Segments s(x12_);
  s.Add({"GE", std::to_string(transactions_), std::to_string(control_number_)});
  s.Add({"IEA", "1", ControlNumber9(control_number_)});
  return out + s.Take();
}

std::string RenderX12Claim(const Claim& claim, std::int64_t control_number) {
  X12Interchange interchange(*claim.clinic, claim.statement_date, control_number);
  std::string out = interchange.Begin();
  out += interchange.AddClaim(claim);
  out += interchange.End();
  return out;
}

}  // namespace superbill
