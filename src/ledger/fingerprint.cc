#include "ledger/fingerprint.h"

#include <charconv>
#include <string_view>
#include <vector>

#include "ledger/sha256.h"

namespace superbill {
namespace {

// The canonical text that is hashed: one record a line, `tag:` then each of its values as
// `<byte length>:<value>,`, so no value can be mistaken for another whatever bytes it holds;
// lists give their size first. The first line names the format: changing what is covered
// means a new format name (and every statement issued before would count as changed).
// Short tags and one record per line keep the text small (about 4 KB for a six-visit
// course): it is hashed for every course of every run.
class Canon {
 public:
  Canon() {
    text_.reserve(8192);
    Begin("fingerprint");
    Add("superbill/1");
  }

  // Starts the record `tag` (ending the one before).
  void Begin(std::string_view tag) {
    if (!text_.empty()) text_ += '\n';
    text_.append(tag);
    text_ += ':';
  }
  void Add(std::string_view value) {
    Number(static_cast<long long>(value.size()));
    text_ += ':';
    text_.append(value);
    text_ += ',';
  }
  void Add(const std::string& value) { Add(std::string_view(value)); }
  void Add(const char* value) { Add(std::string_view(value)); }
  void Add(long long value) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, value).ptr;
    Add(std::string_view(buf, static_cast<std::size_t>(end - buf)));
  }
  void Add(int value) { Add(static_cast<long long>(value)); }
  void Add(std::size_t value) { Add(static_cast<long long>(value)); }
  void Add(bool value) { Add(value ? "1" : "0"); }
  void Add(const Date& d) { Add(static_cast<long long>(d.year * 10000 + d.month * 100 + d.day)); }
  void Add(Money m) { Add(static_cast<long long>(m.cents)); }
  void Add(Decimal3 d) { Add(static_cast<long long>(d.milli)); }
  template <typename T>
  void Add(const std::optional<T>& v) {
    Add(v.has_value());
    if (v) Add(*v);
  }

  std::string Finish() {
    text_ += '\n';
    return std::move(text_);
  }

 private:
  void Number(long long n) {
    char buf[24];
    auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    text_.append(buf, static_cast<std::size_t>(end - buf));
  }
  std::string text_;
};

void AddAddress(Canon& c, const Address& a) {
  c.Add(a.line1);
  c.Add(a.line2);
  c.Add(a.city);
  c.Add(a.state);
  c.Add(a.postal_code);
}

void AddPerson(Canon& c, const Person& p) {
  c.Add(p.given);
  c.Add(p.middle);
  c.Add(p.family);
  c.Add(p.birth_date);
  c.Add(p.sex);
  c.Add(p.phone);
  AddAddress(c, p.address);
}

void AddCourse(Canon& c, const Course& course) {
  c.Begin("course");
  c.Add(course.id);
  c.Begin("patient");
  c.Add(course.patient.id);
  c.Add(course.patient.language);
  AddPerson(c, course.patient);

  const Coverage& cov = course.coverage;
  c.Begin("coverage");
  c.Add(cov.payer);
  c.Add(cov.payer_id);
  c.Add(cov.member_id);
  c.Add(cov.group);
  c.Add(static_cast<int>(cov.plan));
  c.Add(static_cast<int>(cov.relationship));
  c.Add(cov.subscriber.has_value());
  if (cov.subscriber) AddPerson(c, *cov.subscriber);

  c.Begin("dx");
  c.Add(course.diagnoses.size());
  for (const auto& d : course.diagnoses) c.Add(d.code);

  c.Begin("visits");
  c.Add(course.visits.size());
  for (const auto& v : course.visits) {
    c.Begin("v");
    c.Add(v.date);
    c.Add(v.provider);
    c.Add(v.pos);
    c.Add(v.charge);
    c.Add(v.telehealth);
    c.Add(v.services.size());
    for (const auto& s : v.services) {
      c.Begin("s");
      c.Add(ServiceKindName(s.kind));
      c.Add(s.minutes);
      c.Add(s.new_patient);
      c.Add(s.mdm);
      c.Add(s.drug);
      c.Add(s.dose_mg);
      c.Add(s.start);
      c.Add(s.stop);
      c.Add(s.side);
      c.Add(s.guidance);
      c.Add(s.code);
      c.Add(s.units);
      c.Add(s.modifiers.size());
      for (const auto& m : s.modifiers) c.Add(m);
      c.Add(s.charge);
      c.Add(s.dx);
    }
  }

  c.Begin("payments");
  c.Add(course.payments.size());
  for (const auto& pay : course.payments) {
    c.Begin("p");
    c.Add(pay.date);
    c.Add(pay.amount);
    c.Add(pay.method);
    c.Add(pay.reference);
  }

  c.Begin("history");
  c.Add(course.history.has_value());
  if (course.history) {
    const History& h = *course.history;
    c.Add(h.trials.size());
    for (const auto& t : h.trials) {
      c.Begin("trial");
      c.Add(t.drug);
      c.Add(t.dose);
      c.Add(t.start);
      c.Add(t.end);
      c.Add(t.outcome);
    }
    c.Begin("therapies");
    c.Add(h.therapies.size());
    for (const auto& t : h.therapies) {
      c.Begin("therapy");
      c.Add(t.kind);
      c.Add(t.start);
      c.Add(t.end);
      c.Add(t.sessions);
    }
    c.Begin("scores");
    c.Add(h.scores.size());
    for (const auto& s : h.scores) {
      c.Begin("score");
      c.Add(s.instrument);
      c.Add(s.date);
      c.Add(s.value);
    }
  }
}

void AddClinic(Canon& c, const Clinic& clinic) {
  c.Begin("clinic");
  c.Add(clinic.name);
  c.Add(clinic.npi);
  c.Add(clinic.tax_id);
  c.Add(clinic.taxonomy);
  AddAddress(c, clinic.address);
  c.Add(clinic.phone);
  c.Add(clinic.email);
  c.Add(clinic.assignment.benefits_assigned);
  c.Add(clinic.assignment.accept_assignment);
}

void AddClaim(Canon& c, const Claim& claim) {
  // The rendering providers once each, in the order of their first line; lines name them.
  std::vector<const Provider*> providers;
  for (const auto& l : claim.lines) {
    bool seen = false;
    for (const Provider* p : providers) seen = seen || p == l.provider;
    if (!seen && l.provider) providers.push_back(l.provider);
  }
  c.Begin("providers");
  c.Add(providers.size());
  for (const Provider* p : providers) {
    c.Begin("r");
    c.Add(p->id);
    c.Add(p->given);
    c.Add(p->family);
    c.Add(p->credentials);
    c.Add(p->npi);
    c.Add(p->taxonomy);
    c.Add(p->license);
    c.Add(p->prescriber);
  }
  c.Begin("diagnoses");
  c.Add(claim.diagnoses.size());
  for (const auto& d : claim.diagnoses) {
    c.Begin("d");
    c.Add(d.code);
    c.Add(d.title);
  }
  c.Begin("lines");
  c.Add(claim.lines.size());
  for (const auto& l : claim.lines) {
    c.Begin("l");
    c.Add(l.date);
    c.Add(l.pos);
    c.Add(l.code);
    c.Add(l.system);
    c.Add(l.description);
    c.Add(l.modifiers.size());
    for (const auto& m : l.modifiers) c.Add(m);
    c.Add(l.units);
    c.Add(l.dx.size());
    for (int p : l.dx) c.Add(p);
    c.Add(l.charge);
    c.Add(l.provider ? std::string_view(l.provider->id) : std::string_view());
    c.Add(l.visit_index);
    c.Add(l.ndc11);
    c.Add(l.ndc_unit);
    c.Add(l.ndc_qty);
    c.Add(l.drug_name);
  }
  c.Begin("totals");
  c.Add(claim.total_charges);
  c.Add(claim.paid);
  c.Add(claim.balance);
}

}  // namespace

std::string Fingerprint(const Claim& claim) {
  Canon c;
  if (claim.course) AddCourse(c, *claim.course);
  if (claim.clinic) AddClinic(c, *claim.clinic);
  AddClaim(c, claim);
  const Resubmission& r = claim.resubmission;
  // What a corrected or void statement prints besides the claim; an original prints none of
  // it (so a payer's claim number added to a course issued once changes nothing).
  if (r.kind != Resubmission::Kind::kOriginal) {
    c.Begin("resubmission");
    c.Add(ResubmissionKindName(r.kind));
    c.Add(r.original_reference);
    if (r.kind == Resubmission::Kind::kVoid) c.Add(r.reason);
  }
  return Sha256Hex(c.Finish());
}

}  // namespace superbill
