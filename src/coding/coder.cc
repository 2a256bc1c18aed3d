#include "coding/coder.h"

#include <algorithm>
#include <numeric>

#include "validate/course_validator.h"

namespace superbill {
namespace {

// How a generated line gets its modifiers and charge.
enum class Origin { kEm, kEvaluation, kPsychotherapy, kProcedure, kDrug, kExplicit };

struct Pending {
  ClaimLine line;
  Origin origin = Origin::kProcedure;
  const Service* service = nullptr;
  bool explicit_charge = false;
};

class VisitCoder {
 public:
  VisitCoder(const Course& course, const Clinic& clinic, const Tables& tables,
             std::size_t visit_index, Diagnostics* diags)
      : course_(course),
        clinic_(clinic),
        tables_(tables),
        rules_(tables.rules),
        visit_(course.visits[visit_index]),
        visit_index_(visit_index),
        diags_(diags) {}

  // Appends the visit's lines to `out`; false when the visit has an error.
  bool Code(std::vector<Pending>* out);

 private:
  void Error(const SourceLoc& loc, const std::string& message) {
    diags_->push_back({loc, message});
    ok_ = false;
  }
  Pending& Add(const Service& s, Origin origin, const std::string& code, int units);
  void AddDrug(const Service& s);
  bool CheckCombinations();
  void CodeInfusions();
  void CodeService(const Service& s);
  void FinishModifiers();

  const Course& course_;
  const Clinic& clinic_;
  const Tables& tables_;
  const Rules& rules_;
  const Visit& visit_;
  std::size_t visit_index_;
  Diagnostics* diags_;
  bool ok_ = true;
  std::vector<Pending> lines_;
  // Administration state of the visit.
  bool has_infusion_ = false;  // an infusion longer than a push
  bool has_office_ = false;
  std::vector<std::string> iv_drugs_;  // drugs given IV so far (infusion or push)
  int infusions_coded_ = 0;
  int pushes_coded_ = 0;
};

bool IsShortInfusion(const Service& s, const Rules& rules) {
  return s.kind == ServiceKind::kInfusion && s.stop - s.start <= rules.infusion_push_max_minutes;
}

Pending& VisitCoder::Add(const Service& s, Origin origin, const std::string& code, int units) {
  Pending p;
  p.origin = origin;
  p.service = &s;
  p.line.date = visit_.date;
  p.line.pos = visit_.pos;
  p.line.code = code;
  p.line.units = units;
  p.line.visit_index = visit_index_;
  p.line.provider = clinic_.FindProvider(visit_.provider);
  if (const ProcedureCode* pc = tables_.FindProcedure(code)) {
    p.line.system = pc->system;
    p.line.description = pc->label;
  }
  lines_.push_back(std::move(p));
  return lines_.back();
}

void VisitCoder::AddDrug(const Service& s) {
  const Drug* drug = clinic_.FindDrug(s.drug);
  if (!drug) return;  // reported by validation
  int units = drug->hcpcs_unit_mg ? static_cast<int>(CeilDiv(s.dose_mg, *drug->hcpcs_unit_mg)) : 1;
  Pending& p = Add(s, Origin::kDrug, drug->hcpcs, units);
  p.line.charge = Money{drug->price.cents * units};
  p.line.ndc11 = drug->ndc11;
  p.line.ndc_unit = drug->ndc_unit == NdcUnit::kMl ? "ML" : "UN";
  Decimal3 qty = DivideRounded(s.dose_mg, drug->mg_per_ndc_unit);
  if (qty.milli == 0) {
    Error(s.loc, "the dose of " + drug->id + " is less than 0.001 of its NDC unit");
  }
  p.line.ndc_qty = qty.ToString();
  p.line.drug_name = drug->name;
  p.line.dose_mg = s.dose_mg;
}

bool VisitCoder::CheckCombinations() {
  const Service* office = nullptr;
  const Service* evaluation = nullptr;
  const Service* psychotherapy = nullptr;
  for (const auto& s : visit_.services) {
    const Service** slot = s.kind == ServiceKind::kOffice          ? &office
                           : s.kind == ServiceKind::kEvaluation    ? &evaluation
                           : s.kind == ServiceKind::kPsychotherapy ? &psychotherapy
                                                                   : nullptr;
    if (slot) {
      if (*slot) {
        Error(s.loc, std::string("a visit may hold one <") + ServiceKindName(s.kind) +
                         "> (the first is at line " + std::to_string((*slot)->loc.line) + ")");
      } else {
        *slot = &s;
      }
    }
    if (!visit_.telehealth.empty()) {
      switch (s.kind) {
        case ServiceKind::kInfusion:
        case ServiceKind::kPush:
        case ServiceKind::kInjection:
        case ServiceKind::kHydration:
        case ServiceKind::kNasal:
        case ServiceKind::kBlock:
          Error(s.loc, std::string("a telehealth visit cannot include <") +
                           ServiceKindName(s.kind) + ">: it needs the patient in the office");
          break;
        default:
          break;
      }
    }
  }
  // Each conflict is reported at the later service of the pair.
  auto later = [](const Service* a, const Service* b) {
    return std::make_pair(a->loc.line, a->loc.col) > std::make_pair(b->loc.line, b->loc.col) ? a
                                                                                             : b;
  };
  if (evaluation && office) {
    Error(later(evaluation, office)->loc,
          "<evaluation> and <office> in one visit: a psychiatric diagnostic evaluation is not "
          "billable with an E/M visit on the same day by the same provider");
  }
  if (evaluation && psychotherapy) {
    Error(later(evaluation, psychotherapy)->loc,
          "<evaluation> and <psychotherapy> in one visit: a diagnostic evaluation is not billed "
          "with psychotherapy on the same day");
  }
  has_office_ = office != nullptr;
  for (const auto& s : visit_.services) {
    if (s.kind == ServiceKind::kInfusion && !IsShortInfusion(s, rules_)) has_infusion_ = true;
  }
  return ok_;
}

void VisitCoder::CodeService(const Service& s) {
  const Rules& r = rules_;
  auto iv_again = [&](const Service& svc) {
    if (std::find(iv_drugs_.begin(), iv_drugs_.end(), svc.drug) != iv_drugs_.end()) {
      Error(svc.loc, "a second IV " + std::string(ServiceKindName(svc.kind)) + " of '" + svc.drug +
                         "' in one visit: record it as one " + ServiceKindName(svc.kind) +
                         " (a repeat push of the same drug, 96376, is facility-only)");
      return true;
    }
    iv_drugs_.push_back(svc.drug);
    return false;
  };
  switch (s.kind) {
    case ServiceKind::kInfusion: {
      if (iv_again(s)) return;
      int minutes = s.stop - s.start;
      if (minutes <= r.infusion_push_max_minutes) {
        // Coded as an IV push.
        Add(s, Origin::kProcedure,
            has_infusion_ || pushes_coded_ > 0 ? r.push_subsequent : r.push_initial, 1);
        ++pushes_coded_;
      } else {
        Add(s, Origin::kProcedure,
            infusions_coded_ == 0 ? r.infusion_initial : r.infusion_sequential, 1);
        ++infusions_coded_;
        if (int extra = r.infusion_additional.Units(minutes)) {
          Add(s, Origin::kProcedure, r.infusion_additional.code, extra);
        }
      }
      AddDrug(s);
      break;
    }
    case ServiceKind::kPush:
      if (iv_again(s)) return;
      Add(s, Origin::kProcedure,
          has_infusion_ || pushes_coded_ > 0 ? r.push_subsequent : r.push_initial, 1);
      ++pushes_coded_;
      AddDrug(s);
      break;
    case ServiceKind::kHydration: {
      int minutes = s.stop - s.start;
      if (minutes < r.hydration_min_minutes) {
        Error(s.loc, "hydration of " + std::to_string(minutes) +
                         " minutes is not billable (it needs " +
                         std::to_string(r.hydration_min_minutes) + " minutes or more)");
        return;
      }
      if (has_infusion_) return;  // concurrent with a drug infusion: not billed separately
      Add(s, Origin::kProcedure, r.hydration_initial, 1);
      if (int extra = r.hydration_additional.Units(minutes)) {
        Add(s, Origin::kProcedure, r.hydration_additional.code, extra);
      }
      break;
    }
    case ServiceKind::kInjection:
      Add(s, Origin::kProcedure, r.injection, 1);
      AddDrug(s);
      break;
    case ServiceKind::kNasal:
      if (course_.coverage.plan == Plan::kMedicare) {
        Pending& p = Add(
            s, Origin::kProcedure,
            s.dose_mg <= r.nasal_medicare_low_max_mg ? r.nasal_medicare_low : r.nasal_medicare_high,
            1);
        p.line.modifiers.push_back(r.nasal_medicare_modifier);
      } else {
        AddDrug(s);
      }
      break;
    case ServiceKind::kOffice: {
      if (!s.mdm.empty()) {
        const auto& map = s.new_patient ? r.em_new_mdm : r.em_established_mdm;
        Add(s, Origin::kEm, map.at(s.mdm), 1);
        break;
      }
      if (!s.minutes) return;
      const auto& bands = s.new_patient ? r.em_new_time : r.em_established_time;
      const Band* band = FindBand(bands, *s.minutes);
      if (!band) {
        Error(s.minutes_loc, std::string("an office visit with a") +
                                 (s.new_patient ? " new" : "n established") + " patient needs " +
                                 std::to_string(bands.front().min_minutes) +
                                 " minutes or more to be billed by time (found " +
                                 std::to_string(*s.minutes) + ")");
        return;
      }
      Add(s, Origin::kEm, band->code, 1);
      const bool medicare = course_.coverage.plan == Plan::kMedicare;
      const TimedAddOn& prolonged =
          s.new_patient ? (medicare ? r.prolonged_medicare_new : r.prolonged_new)
                        : (medicare ? r.prolonged_medicare_established : r.prolonged_established);
      if (int units = prolonged.Units(*s.minutes)) Add(s, Origin::kEm, prolonged.code, units);
      break;
    }
    case ServiceKind::kEvaluation: {
      const Provider* p = clinic_.FindProvider(visit_.provider);
      Add(s, Origin::kEvaluation, p && p->prescriber ? r.evaluation_prescriber : r.evaluation_other,
          1);
      break;
    }
    case ServiceKind::kPsychotherapy: {
      if (!s.minutes) return;
      const auto& bands = has_office_ ? r.psychotherapy_addon : r.psychotherapy_standalone;
      const Band* band = FindBand(bands, *s.minutes);
      if (!band) {
        Error(s.minutes_loc, "psychotherapy of " + std::to_string(*s.minutes) +
                                 " minutes is not billable (it needs " +
                                 std::to_string(bands.front().min_minutes) + " minutes or more)");
        return;
      }
      Add(s, Origin::kPsychotherapy, band->code, 1);
      break;
    }
    case ServiceKind::kBlock: {
      Pending& p = Add(s, Origin::kProcedure, r.block_code, 1);
      p.line.modifiers.push_back(r.block_side_modifier.at(s.side));
      const std::string& guidance = r.block_guidance.at(s.guidance);
      if (!guidance.empty()) Add(s, Origin::kProcedure, guidance, 1);
      break;
    }
    case ServiceKind::kLine: {
      const ProcedureCode* pc = tables_.FindProcedure(s.code);
      if (!pc) {
        Error(s.code_loc, "code " + s.code + " is not in the code tables");
        return;
      }
      if (static_cast<int>(s.modifiers.size()) > r.max_modifiers) {
        Error(s.modifiers_loc,
              "a line takes at most " + std::to_string(r.max_modifiers) + " modifiers");
        return;
      }
      for (const auto& m : s.modifiers) {
        if (!tables_.modifiers.count(m)) {
          Error(s.modifiers_loc, "modifier " + m + " is not in the modifier table");
          return;
        }
      }
      Pending& p = Add(s, Origin::kExplicit, s.code, s.units);
      p.line.modifiers = s.modifiers;
      if (s.charge) {
        p.line.charge = *s.charge;
        p.explicit_charge = true;
      }
      break;
    }
  }
}

void VisitCoder::FinishModifiers() {
  bool trigger = false;
  for (const auto& p : lines_) {
    for (const auto& range : rules_.modifier25_triggers) {
      if (range.Contains(p.line.code)) trigger = true;
    }
  }
  std::string tele;
  if (!visit_.telehealth.empty()) tele = rules_.telehealth_modifier.at(visit_.telehealth);
  for (auto& p : lines_) {
    bool cognitive = p.origin == Origin::kEm || p.origin == Origin::kEvaluation ||
                     p.origin == Origin::kPsychotherapy;
    if (cognitive && !tele.empty()) p.line.modifiers.push_back(tele);
    if (p.origin == Origin::kEm && trigger) {
      for (const auto& range : rules_.modifier25_targets) {
        if (range.Contains(p.line.code)) p.line.modifiers.push_back(rules_.modifier25);
      }
    }
  }
}

bool VisitCoder::Code(std::vector<Pending>* out) {
  if (!CheckCombinations()) return false;
  for (const auto& s : visit_.services) CodeService(s);
  if (!ok_) return false;
  FinishModifiers();

  // Diagnosis pointers: the service's own, else the course's first diagnoses.
  int n_dx = std::min<int>(static_cast<int>(course_.diagnoses.size()), rules_.max_pointers);
  std::vector<int> default_dx(n_dx);
  std::iota(default_dx.begin(), default_dx.end(), 0);
  for (auto& p : lines_) {
    if (p.service->dx.empty() || !ParsePointers(p.service->dx, rules_.max_pointers, &p.line.dx)) {
      p.line.dx = default_dx;
    }
  }

  // Charges: fees for non-drug lines, then a package price if the visit has one.
  for (auto& p : lines_) {
    if (p.origin == Origin::kDrug || p.explicit_charge) continue;
    auto fee = clinic_.fees.find(p.line.code);
    if (fee == clinic_.fees.end()) {
      Error(p.service->kind == ServiceKind::kLine ? p.service->code_loc : p.service->loc,
            "the clinic file has no fee for code " + p.line.code);
      continue;
    }
    p.line.charge = Money{fee->second.cents * p.line.units};
  }
  if (!ok_) return false;
  if (visit_.charge) {
    std::vector<Money> charges;
    for (const auto& p : lines_) charges.push_back(p.line.charge);
    Money sum = std::accumulate(charges.begin(), charges.end(), Money{});
    if (sum.cents == 0) {
      Error(visit_.charge_loc,
            "the visit's package price cannot be shared out: its lines' fees are all 0");
      return false;
    }
    auto shares = AllocatePackage(charges, *visit_.charge);
    for (std::size_t i = 0; i < lines_.size(); ++i) lines_[i].line.charge = shares[i];
  }
  for (auto& p : lines_) {
    if (p.line.charge.cents > Money::kMaxCents) {
      Error(p.service->loc, "the charge of code " + p.line.code + " is over 9999999.99");
    }
    if (static_cast<int>(p.line.modifiers.size()) > rules_.max_modifiers) {
      Error(p.service->loc, "code " + p.line.code + " would carry more than " +
                                std::to_string(rules_.max_modifiers) + " modifiers");
    }
  }
  if (!ok_) return false;
  for (auto& p : lines_) out->push_back(std::move(p));
  return true;
}

}  // namespace

std::vector<Money> AllocatePackage(const std::vector<Money>& charges, Money target) {
  Int128 total = 0;
  for (Money c : charges) total += c.cents;
  std::vector<Money> shares(charges.size());
  std::vector<Int128> remainders(charges.size());
  std::int64_t given = 0;
  for (std::size_t i = 0; i < charges.size(); ++i) {
    Int128 num = static_cast<Int128>(target.cents) * charges[i].cents;
    shares[i] = Money{static_cast<std::int64_t>(num / total)};
    remainders[i] = num % total;
    given += shares[i].cents;
  }
  std::vector<std::size_t> order(charges.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::int64_t left = target.cents - given, k = 0; left > 0; --left, ++k) {
    shares[order[static_cast<std::size_t>(k) % order.size()]].cents += 1;
  }
  return shares;
}

Claim CodeCourse(const Course& course, const Clinic& clinic, const Tables& tables,
                 const Date& statement_date, Diagnostics* diags) {
  Claim claim;
  claim.clinic = &clinic;
  claim.course = &course;
  claim.tables = &tables;
  claim.statement_date = statement_date;
  for (const auto& d : course.diagnoses) {
    const IcdCode* code = tables.FindIcd10(d.as_written);
    claim.diagnoses.push_back({code ? code->code : d.as_written, code ? code->title : ""});
  }

  std::vector<Pending> pending;
  const std::size_t errors_before = CountErrors(*diags);
  for (std::size_t i = 0; i < course.visits.size(); ++i) {
    VisitCoder(course, clinic, tables, i, diags).Code(&pending);
  }

  // An add-on needs one of its primary codes on the same date.
  for (const auto& p : pending) {
    const ProcedureCode* pc = tables.FindProcedure(p.line.code);
    if (!pc || !pc->addon) continue;
    bool found = false;
    for (const auto& q : pending) {
      if (q.line.date == p.line.date && std::find(pc->primaries.begin(), pc->primaries.end(),
                                                  q.line.code) != pc->primaries.end()) {
        found = true;
      }
    }
    if (!found) {
      std::string primaries;
      for (const auto& c : pc->primaries) primaries += (primaries.empty() ? "" : ", ") + c;
      const SourceLoc& loc =
          p.service->kind == ServiceKind::kLine ? p.service->code_loc : p.service->loc;
      diags->push_back({loc, "add-on code " + p.line.code + " needs one of its primary codes (" +
                                 primaries + ") on " + p.line.date.ToString()});
    }
  }
  if (CountErrors(*diags) != errors_before) return claim;

  for (auto& p : pending) {
    claim.total_charges += p.line.charge;
    claim.lines.push_back(std::move(p.line));
  }
  for (const auto& pay : course.payments) claim.paid += pay.amount;
  if (claim.total_charges.cents > Money::kMaxCents) {
    diags->push_back({course.loc, "the course's total charges are over 9999999.99"});
  }
  claim.balance = claim.total_charges - claim.paid;
  return claim;
}

}  // namespace superbill
