#include "convert/course_csv.h"

#include <cstdio>
#include <map>

#include "common/text.h"
#include "input/csv_reader.h"
#include "input/csv_table.h"

namespace superbill {
namespace {

std::string Time(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 100, minutes % 60);
  return buf;
}

std::string Cell(const std::string& value) {
  return CsvField(StartsLikeFormula(value) ? "'" + value : value);
}

using Row = std::map<std::string, std::string>;

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

void PutPerson(const Person& p, const std::string& prefix, Row* row) {
  (*row)[prefix + "Given"] = p.given;
  (*row)[prefix + "Middle"] = p.middle;
  (*row)[prefix + "Family"] = p.family;
  (*row)[prefix + "BirthDate"] = p.birth_date.year ? p.birth_date.ToString() : "";
  (*row)[prefix + "Sex"] = p.sex;
  (*row)[prefix + "Phone"] = p.phone;
  (*row)[prefix + "Line1"] = p.address.line1;
  (*row)[prefix + "Line2"] = p.address.line2;
  (*row)[prefix + "City"] = p.address.city;
  (*row)[prefix + "State"] = p.address.state;
  (*row)[prefix + "PostalCode"] = p.address.postal_code;
}

Row CourseCells(const Course& c) {
  Row row;
  row["courseId"] = c.id;
  std::vector<std::string> dx;
  for (const auto& d : c.diagnoses) dx.push_back(d.as_written);
  row["diagnoses"] = Join(dx, ", ");
  PutPerson(c.patient, "patient", &row);
  row["patientId"] = c.patient.id;
  row["patientLanguage"] = c.patient.language == "en" ? "" : c.patient.language;
  const Coverage& cov = c.coverage;
  row["payer"] = cov.payer;
  row["payerId"] = cov.payer_id;
  row["memberId"] = cov.member_id;
  row["group"] = cov.group;
  row["plan"] = cov.plan == Plan::kMedicare ? "medicare" : "commercial";
  static const char* const kRelationships[] = {"self", "spouse", "child", "other"};
  row["relationship"] = kRelationships[static_cast<int>(cov.relationship)];
  if (cov.subscriber) PutPerson(*cov.subscriber, "subscriber", &row);
  return row;
}

void PutService(const Service& s, Row* row) {
  (*row)["service"] = ServiceKindName(s.kind);
  auto dose = [&] {
    (*row)["drug"] = s.drug;
    (*row)["doseMg"] = s.dose_mg.ToString();
  };
  auto times = [&] {
    (*row)["start"] = Time(s.start);
    (*row)["stop"] = Time(s.stop);
  };
  if (s.minutes) (*row)["minutes"] = std::to_string(*s.minutes);
  switch (s.kind) {
    case ServiceKind::kOffice:
      (*row)["officePatient"] = s.new_patient ? "new" : "established";
      (*row)["mdm"] = s.mdm;
      break;
    case ServiceKind::kEvaluation:
    case ServiceKind::kPsychotherapy:
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
      (*row)["blockKind"] = "stellate-ganglion";
      (*row)["side"] = s.side;
      (*row)["guidance"] = s.guidance;
      break;
    case ServiceKind::kLine:
      (*row)["code"] = s.code;
      (*row)["units"] = std::to_string(s.units);
      (*row)["modifiers"] = Join(s.modifiers, ",");
      if (s.charge) (*row)["charge"] = s.charge->ToString();
      break;
  }
  (*row)["dx"] = s.dx;
}

std::string Line(const Row& row) {
  std::string out;
  bool first = true;
  for (const CsvColumn& c : CsvCourseColumns()) {
    if (!first) out += ',';
    first = false;
    auto it = row.find(c.name);
    if (it != row.end()) out += Cell(it->second);
  }
  return out + "\r\n";
}

}  // namespace

std::string CsvCourseHeader() {
  std::string out = "\xEF\xBB\xBF";
  bool first = true;
  for (const CsvColumn& c : CsvCourseColumns()) {
    out += std::string(first ? "" : ",") + c.name;
    first = false;
  }
  return out + "\r\n";
}

std::string CsvCourseRows(const Course& course) {
  const Row course_cells = CourseCells(course);
  std::string out;
  for (const Visit& v : course.visits) {
    Row visit_cells = course_cells;
    visit_cells["date"] = v.date.ToString();
    visit_cells["provider"] = v.provider;
    visit_cells["pos"] = v.pos;
    visit_cells["telehealth"] = v.telehealth;
    if (v.charge) visit_cells["visitCharge"] = v.charge->ToString();
    for (const Service& s : v.services) {
      Row row = visit_cells;
      PutService(s, &row);
      out += Line(row);
    }
  }
  for (const Payment& p : course.payments) {
    Row row;
    row["courseId"] = course.id;
    row["service"] = "payment";
    row["date"] = p.date.ToString();
    row["amount"] = p.amount.ToString();
    row["method"] = p.method;
    row["reference"] = p.reference;
    out += Line(row);
  }
  return out;
}

}  // namespace superbill
