#include "validate/course_validator.h"

#include <map>
#include <set>

#include "common/output_names.h"
#include "model/card_name.h"

namespace superbill {

bool ParsePointers(const std::string& letters, int max_pointers, std::vector<int>* out) {
  out->clear();
  if (letters.empty() || static_cast<int>(letters.size()) > max_pointers) return false;
  for (char c : letters) {
    if (c < 'A' || c > 'L') return false;
    int p = c - 'A';
    for (int q : *out) {
      if (q == p) return false;
    }
    out->push_back(p);
  }
  return true;
}

bool IsSafeCourseId(const std::string& id) {
  if (id.empty() || id.size() > 64 || IsReservedOutputName(id)) return false;
  for (char c : id) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

namespace {

// " (the clinic file's provider ids: lee, ortiz)": what a reference could have been, for a
// clerk who wrote a name instead of an id. At most 10 ids.
template <typename T>
std::string KnownIds(const std::vector<T>& items, const char* what) {
  if (items.empty()) return "";
  std::string out = std::string(" (the clinic file's ") + what + " ids: ";
  for (std::size_t i = 0; i < items.size() && i < 10; ++i) out += (i ? ", " : "") + items[i].id;
  return out + (items.size() > 10 ? ", ...)" : ")");
}

// ": did you mean 'lee'?" for the nearest id, else the ids the clinic file has.
template <typename T>
std::string Suggestion(const std::string& id, const std::vector<T>& items, const char* what) {
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  const std::string near = DidYouMean(id, ids);
  return near.empty() ? KnownIds(items, what) : near;
}

// The name of a patient or subscriber (`who`) as the claim forms carry it: an error when
// nothing of it can be written in A-Z, a warning when it had to be transliterated. Neither
// quotes the name.
void CheckCardName(const Person& person, const char* who, Diagnostics* d) {
  const CardNameResult card = CardNameOf(person);
  if (card.from_card) return;  // the reader checked <cardName>
  for (const auto& [part, label] :
       {std::pair{&card.name.family, "family"}, std::pair{&card.name.given, "given"}}) {
    if (part->empty()) {
      d->push_back({person.loc, std::string("the ") + who + "'s " + label +
                                    " name has no letter the claim forms can carry (A to Z): "
                                    "give a <cardName> with the name as on the insurance card"});
      return;
    }
  }
  if (card.transliterated) {
    d->push_back(Warning(person.loc, std::string("the ") + who +
                                         "'s name is not written in the letters A to Z: the claim "
                                         "forms carry it transliterated; check it against the "
                                         "insurance card, or give a <cardName>"));
  }
}

}  // namespace

Diagnostics ValidateCourse(const Course& course, const Clinic& clinic, const Tables& tables,
                           const Date& run_date) {
  Diagnostics d;
  const Rules& rules = tables.rules;
  if (!course.id.empty() && course.id[0] != '.' && IsReservedOutputName(course.id)) {
    d.push_back({course.id_loc, "course id '" + course.id +
                                    "' is the name of a file superbill writes in the output "
                                    "folder: choose another id"});
  } else if (!IsSafeCourseId(course.id)) {
    d.push_back({course.id_loc,
                 "course id must be 1 to 64 letters, digits, '.', '_' or '-' (not starting with "
                 "'.') so it is safe as a folder name"});
  }
  CheckCardName(course.patient, "patient", &d);
  if (course.coverage.subscriber) CheckCardName(*course.coverage.subscriber, "subscriber", &d);

  // Diagnoses: billable ICD-10-CM codes, at most 12, no repeats.
  std::set<std::string> seen_dx;
  for (std::size_t i = 0; i < course.diagnoses.size(); ++i) {
    const auto& dx = course.diagnoses[i];
    if (static_cast<int>(i) == rules.max_diagnoses) {
      d.push_back({dx.loc, "a course may list at most " + std::to_string(rules.max_diagnoses) +
                               " diagnoses (A to L)"});
      break;
    }
    std::string key = IcdKey(dx.as_written);
    const IcdCode* code = key.empty() ? nullptr : tables.FindIcd10(key);
    if (key.empty()) {
      d.push_back({dx.loc, Quoted(dx.as_written) + " is not an ICD-10-CM code"});
    } else if (!code) {
      d.push_back({dx.loc, "ICD-10-CM code " + IcdDotted(key) +
                               " is not in the code tables (load the full code set with "
                               "--icd10cm FILE)"});
    } else if (!code->billable) {
      d.push_back({dx.loc, "ICD-10-CM code " + code->code +
                               " is a category header, not a billable code: use one of its "
                               "subcodes"});
    } else if (!seen_dx.insert(key).second) {
      d.push_back({dx.loc, "diagnosis " + code->code + " is listed twice"});
    }
  }

  const Date birth = course.patient.birth_date;
  if (birth.year != 0 && birth > run_date) {
    d.push_back(
        {course.patient.birth_date_loc, "the patient's birth date is after the statement date"});
  }
  if (course.coverage.subscriber && course.coverage.subscriber->birth_date > run_date) {
    d.push_back({course.coverage.subscriber->birth_date_loc,
                 "the subscriber's birth date is after the statement date"});
  }

  std::map<std::pair<Date, std::string>, const Visit*> visit_keys;
  const int n_dx = static_cast<int>(course.diagnoses.size());
  for (const auto& v : course.visits) {
    if (v.date.year != 0) {
      if (v.date > run_date) {
        d.push_back({v.date_loc, "visit date " + v.date.ToString() +
                                     " is after the statement date " + run_date.ToString()});
      } else if (birth.year != 0 && v.date < birth) {
        d.push_back(
            {v.date_loc, "visit date " + v.date.ToString() + " is before the patient's birth"});
      }
    }
    const Provider* provider = clinic.FindProvider(v.provider);
    if (!v.provider.empty() && !provider) {
      d.push_back({v.provider_loc, "provider " + Quoted(v.provider) + " is not in the clinic file" +
                                       Suggestion(v.provider, clinic.providers, "provider")});
    }
    if (!tables.pos.count(v.pos)) {
      d.push_back(
          {v.pos_loc, "place of service " + Quoted(v.pos) + " is not a CMS place-of-service code"});
    }
    if (v.date.year != 0 && provider) {
      auto [it, fresh] = visit_keys.emplace(std::make_pair(v.date, v.provider), &v);
      if (!fresh) {
        d.push_back({v.loc, "a second visit on " + v.date.ToString() + " with provider " +
                                Quoted(v.provider) +
                                ": record one visit per date and provider (first at line " +
                                std::to_string(it->second->loc.line) + ")"});
      }
    }
    for (const auto& s : v.services) {
      const Drug* drug = s.drug.empty() ? nullptr : clinic.FindDrug(s.drug);
      if (!s.drug.empty() && !drug) {
        d.push_back({s.drug_loc, "drug " + Quoted(s.drug) + " is not in the clinic's drug catalog" +
                                     Suggestion(s.drug, clinic.drugs, "drug")});
      }
      // Absurd doses: more than one administration can be, or more HCPCS units than a drug
      // line takes (which also keeps its units a small int, whatever hcpcsUnitMg is).
      if (s.dose_mg > rules.max_dose_mg) {
        d.push_back({s.dose_loc, "'doseMg' must be at most " + rules.max_dose_mg.ToString() +
                                     " mg: no single administration is larger "
                                     "(limits.dose_mg in rules.txt)"});
      } else if (drug && drug->hcpcs_unit_mg && s.dose_mg.milli > 0 &&
                 !(s.kind == ServiceKind::kNasal && course.coverage.plan == Plan::kMedicare)) {
        // (Medicare's nasal esketamine is a G-code without a drug line.)
        std::int64_t units = CeilDiv(s.dose_mg, *drug->hcpcs_unit_mg);
        if (units > rules.max_drug_units) {
          d.push_back({s.dose_loc, "'doseMg' would bill " + std::to_string(units) + " units of " +
                                       drug->hcpcs + " at " + drug->hcpcs_unit_mg->ToString() +
                                       " mg a unit: a drug line takes at most " +
                                       std::to_string(rules.max_drug_units) + " units"});
        }
      }
      if (!s.dx.empty()) {
        std::vector<int> pointers;
        if (!ParsePointers(s.dx, rules.max_pointers, &pointers)) {
          d.push_back({s.dx_loc, "'dx' must be 1 to " + std::to_string(rules.max_pointers) +
                                     " distinct diagnosis letters A to L, such as \"AC\""});
        } else {
          for (int p : pointers) {
            if (p >= n_dx) {
              d.push_back({s.dx_loc, std::string("diagnosis pointer ") +
                                         static_cast<char>('A' + p) + " points past the course's " +
                                         std::to_string(n_dx) +
                                         (n_dx == 1 ? " diagnosis" : " diagnoses")});
              break;
            }
          }
        }
      }
    }
  }
  for (const auto& p : course.payments) {
    if (p.date.year != 0 && p.date > run_date) {
      d.push_back({p.date_loc, "payment date " + p.date.ToString() +
                                   " is after the statement date " + run_date.ToString()});
    }
  }
  return d;
}

}  // namespace superbill
