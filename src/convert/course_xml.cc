#include "convert/course_xml.h"

#include <cstdio>
#include <pugixml.hpp>

namespace superbill {
namespace {

class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string* out) : out_(out) {}
  void write(const void* data, std::size_t size) override {
    out_->append(static_cast<const char*>(data), size);
  }

 private:
  std::string* out_;
};

std::string Time(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return buf;
}

// Sets the attribute unless `value` is empty (the format has no empty attributes).
void Set(pugi::xml_node node, const char* name, const std::string& value) {
  if (!value.empty()) node.append_attribute(name) = value.c_str();
}

void AddPerson(pugi::xml_node node, const Person& p) {
  Set(node, "given", p.given);
  Set(node, "middle", p.middle);
  Set(node, "family", p.family);
  if (p.birth_date.year) Set(node, "birthDate", p.birth_date.ToString());
  Set(node, "sex", p.sex);
  Set(node, "phone", p.phone);
}

void AddAddress(pugi::xml_node parent, const Address& a) {
  pugi::xml_node node = parent.append_child("address");
  Set(node, "line1", a.line1);
  Set(node, "line2", a.line2);
  Set(node, "city", a.city);
  Set(node, "state", a.state);
  Set(node, "postalCode", a.postal_code);
}

void AddService(pugi::xml_node visit, const Service& s) {
  pugi::xml_node node = visit.append_child(ServiceKindName(s.kind));
  auto dose = [&] {
    Set(node, "drug", s.drug);
    Set(node, "doseMg", s.dose_mg.ToString());
  };
  auto times = [&] {
    Set(node, "start", Time(s.start));
    Set(node, "stop", Time(s.stop));
  };
  auto minutes = [&] {
    if (s.minutes) Set(node, "minutes", std::to_string(*s.minutes));
  };
  switch (s.kind) {
    case ServiceKind::kOffice:
      Set(node, "patient", s.new_patient ? "new" : "established");
      minutes();
      Set(node, "mdm", s.mdm);
      break;
    case ServiceKind::kEvaluation:
    case ServiceKind::kPsychotherapy:
      minutes();
      break;
    case ServiceKind::kInfusion:
      dose();
      times();
      break;
    case ServiceKind::kHydration:
      times();
      break;
    case ServiceKind::kPush:
    case ServiceKind::kInjection:
    case ServiceKind::kNasal:
      dose();
      break;
    case ServiceKind::kBlock:
      Set(node, "kind", "stellate-ganglion");
      Set(node, "side", s.side);
      Set(node, "guidance", s.guidance);
      break;
    case ServiceKind::kLine: {
      Set(node, "code", s.code);
      Set(node, "units", std::to_string(s.units));
      std::string mods;
      for (std::size_t i = 0; i < s.modifiers.size(); ++i) mods += (i ? "," : "") + s.modifiers[i];
      Set(node, "modifiers", mods);
      if (s.charge) Set(node, "charge", s.charge->ToString());
      break;
    }
  }
  Set(node, "dx", s.dx);
}

void AddHistory(pugi::xml_node root, const History& h) {
  pugi::xml_node node = root.append_child("history");
  for (const Trial& t : h.trials) {
    pugi::xml_node n = node.append_child("trial");
    Set(n, "drug", t.drug);
    Set(n, "dose", t.dose);
    Set(n, "start", t.start);
    Set(n, "end", t.end);
    Set(n, "outcome", t.outcome);
  }
  for (const TherapyHistory& t : h.therapies) {
    pugi::xml_node n = node.append_child("therapy");
    Set(n, "kind", t.kind);
    Set(n, "start", t.start);
    Set(n, "end", t.end);
    if (t.sessions) Set(n, "sessions", std::to_string(*t.sessions));
  }
  for (const Score& s : h.scores) {
    pugi::xml_node n = node.append_child("score");
    Set(n, "instrument", s.instrument);
    if (s.date.year) Set(n, "date", s.date.ToString());
    Set(n, "value", s.value);
  }
}

void AddBenefits(pugi::xml_node root, const Benefits& b) {
  pugi::xml_node node = root.append_child("benefits");
  Set(node, "deductible", b.deductible.ToString());
  if (b.deductible_met.cents) Set(node, "deductibleMet", b.deductible_met.ToString());
  Set(node, "coinsurance", std::to_string(b.coinsurance));
  Set(node, "allowed",
      std::string(b.basis == AllowedBasis::kCharge ? "charge:" : "medicare:") +
          std::to_string(b.allowed_percent));
  if (b.oop_max) Set(node, "oopMax", b.oop_max->ToString());
  if (b.oop_met.cents) Set(node, "oopMet", b.oop_met.ToString());
}

}  // namespace

std::string CourseXml(const Course& course) {
  pugi::xml_document doc;
  pugi::xml_node decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  pugi::xml_node root = doc.append_child("course");
  root.append_attribute("format") = "1";
  Set(root, "id", course.id);

  pugi::xml_node patient = root.append_child("patient");
  Set(patient, "id", course.patient.id);
  AddPerson(patient, course.patient);
  if (course.patient.language != "en") Set(patient, "language", course.patient.language);
  AddAddress(patient, course.patient.address);

  const Coverage& cov = course.coverage;
  pugi::xml_node coverage = root.append_child("coverage");
  Set(coverage, "payer", cov.payer);
  Set(coverage, "payerId", cov.payer_id);
  Set(coverage, "memberId", cov.member_id);
  Set(coverage, "group", cov.group);
  Set(coverage, "plan", cov.plan == Plan::kMedicare ? "medicare" : "commercial");
  static const char* const kRelationships[] = {"self", "spouse", "child", "other"};
  Set(coverage, "relationship", kRelationships[static_cast<int>(cov.relationship)]);
  if (cov.subscriber) {
    pugi::xml_node sub = coverage.append_child("subscriber");
    AddPerson(sub, *cov.subscriber);
    AddAddress(sub, cov.subscriber->address);
  }

  for (const DiagnosisEntry& d : course.diagnoses) {
    Set(root.append_child("diagnosis"), "code", d.as_written);
  }
  for (const Visit& v : course.visits) {
    pugi::xml_node visit = root.append_child("visit");
    Set(visit, "date", v.date.ToString());
    Set(visit, "provider", v.provider);
    Set(visit, "pos", v.pos);
    if (v.charge) Set(visit, "charge", v.charge->ToString());
    Set(visit, "telehealth", v.telehealth);
    for (const Service& s : v.services) AddService(visit, s);
  }
  for (const Payment& p : course.payments) {
    pugi::xml_node payment = root.append_child("payment");
    Set(payment, "date", p.date.ToString());
    Set(payment, "amount", p.amount.ToString());
    Set(payment, "method", p.method);
    Set(payment, "reference", p.reference);
  }
  if (course.benefits) AddBenefits(root, *course.benefits);
  if (course.history) AddHistory(root, *course.history);

  std::string out;
  StringWriter writer(&out);
  doc.save(writer, "  ", pugi::format_indent, pugi::encoding_utf8);
  return out;
}

}  // namespace superbill
