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
  Decimal3 charge_factor{1000};  // the fee-based charge times this (a bilateral block)
};

// The administration codes one infusion, push or hydration bills: primary code first, then
// its add-ons. Empty: the service bills no administration line.
using AdminCodes = std::vector<std::pair<std::string, int>>;

// Minutes of [start, stop) covered by any of `intervals` (each [start, stop)).
int CoveredMinutes(int start, int stop, std::vector<std::pair<int, int>> intervals) {
  std::sort(intervals.begin(), intervals.end());
  int covered = 0;
  int reach = start;  // minutes before `reach` are counted already
  for (const auto& [a, b] : intervals) {
    int lo = std::max(a, reach);
    int hi = std::min(b, stop);
    if (hi > lo) {
      covered += hi - lo;
      reach = hi;
    }
  }
  return covered;
}

bool Overlaps(const Service& a, const Service& b) { return a.start < b.stop && b.start < a.stop; }

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
        medicare_(course.coverage.plan == Plan::kMedicare),
        provider_(clinic.FindProvider(course.visits[visit_index].provider)),
        diags_(diags) {}

  // Appends the visit's lines to `out`; false when the visit has an error.
  bool Code(std::vector<Pending>* out);

 private:
  void Error(const SourceLoc& loc, const std::string& message) {
    diags_->push_back({loc, message});
    ok_ = false;
  }
  void Warn(const SourceLoc& loc, const std::string& message) {
    diags_->push_back(Warning(loc, message));
  }
  // Where a line's problems are reported: an explicit line's code, else its service.
  static const SourceLoc& LineLoc(const Pending& p) {
    return p.service->kind == ServiceKind::kLine ? p.service->code_loc : p.service->loc;
  }
  Pending& Add(const Service& s, Origin origin, const std::string& code, int units);
  void AddCodes(const Service& s, const AdminCodes& codes);
  void AddDrug(const Service& s);
  bool CheckCombinations();
  void PlanAdministration();
  void CodeService(std::size_t index);
  const TimedAddOn& ProlongedRule(bool new_patient) const;
  void CheckLines();
  void FinishModifiers();

  const Course& course_;
  const Clinic& clinic_;
  const Tables& tables_;
  const Rules& rules_;
  const Visit& visit_;
  std::size_t visit_index_;
  const bool medicare_;
  const Provider* provider_;
  Diagnostics* diags_;
  bool ok_ = true;
  std::vector<Pending> lines_;
  const Service* office_ = nullptr;
  bool explicit_prolonged_ = false;  // an explicit <line> bills the plan's prolonged code
  std::vector<AdminCodes> admin_;    // per service: its administration codes
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
  p.line.provider = provider_;
  if (const ProcedureCode* pc = tables_.FindProcedure(code)) {
    p.line.system = pc->system;
    p.line.description = pc->label;
  }
  lines_.push_back(std::move(p));
  return lines_.back();
}

void VisitCoder::AddCodes(const Service& s, const AdminCodes& codes) {
  for (const auto& [code, units] : codes) Add(s, Origin::kProcedure, code, units);
}

void VisitCoder::AddDrug(const Service& s) {
  const Drug* drug = clinic_.FindDrug(s.drug);
  if (!drug) return;  // reported by validation
  int units = drug->hcpcs_unit_mg ? static_cast<int>(CeilDiv(s.dose_mg, *drug->hcpcs_unit_mg)) : 1;
  // A replaced drug code is billed by the date of service (S0013 through 2025, then J0013).
  Pending& p = Add(s, Origin::kDrug, tables_.CodeInEffect(drug->hcpcs, visit_.date), units);
  p.line.charge = Money{drug->price.cents * units};
  p.line.ndc11 = drug->NdcForDose(s.dose_mg);
  if (p.line.ndc11.empty()) {
    std::string sizes;
    for (const auto& pkg : drug->packages) {
      sizes += (sizes.empty() ? "" : ", ") + pkg.mg.ToString();
    }
    Error(s.dose_loc, "no package of drug " + Quoted(drug->id) + " holds " + s.dose_mg.ToString() +
                          " mg (its packages hold " + sizes +
                          " mg): add a <package> for this dose, or an ndc to the drug");
  }
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
  const Service* evaluation = nullptr;
  const Service* psychotherapy = nullptr;
  std::vector<const Service*> iv_drugs;  // infusions and pushes so far
  for (const auto& s : visit_.services) {
    const Service** slot = s.kind == ServiceKind::kOffice          ? &office_
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
    if (s.kind == ServiceKind::kInfusion || s.kind == ServiceKind::kPush) {
      for (const Service* earlier : iv_drugs) {
        if (earlier->drug == s.drug) {
          Error(s.loc, "a second IV " + std::string(ServiceKindName(s.kind)) + " of " +
                           Quoted(s.drug) + " in one visit: record it as one " +
                           ServiceKindName(s.kind) +
                           " (a repeat push of the same drug, 96376, is facility-only)");
          break;
        }
      }
      iv_drugs.push_back(&s);
    }
    if (s.kind == ServiceKind::kLine &&
        (s.code == ProlongedRule(true).code || s.code == ProlongedRule(false).code)) {
      explicit_prolonged_ = true;
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
  if (evaluation && office_) {
    Error(later(evaluation, office_)->loc,
          "<evaluation> and <office> in one visit: a psychiatric diagnostic evaluation is not "
          "billable with an E/M visit on the same day by the same provider");
  }
  if (evaluation && psychotherapy) {
    Error(later(evaluation, psychotherapy)->loc,
          "<evaluation> and <psychotherapy> in one visit: a diagnostic evaluation is not billed "
          "with psychotherapy on the same day");
  }
  const auto& allowed = rules_.telehealth_medicare_pos;
  if (!visit_.telehealth.empty() && medicare_ &&
      std::find(allowed.begin(), allowed.end(), visit_.pos) == allowed.end()) {
    std::string places;
    for (const auto& pos : allowed) {
      places += (places.empty() ? "" : " or ") + pos;
    }
    Error(visit_.pos_loc.path.empty() ? visit_.loc : visit_.pos_loc,
          "a telehealth visit on a Medicare plan needs place of service " + places +
              " (10: patient at home, 02: elsewhere), not " + visit_.pos);
  }
  return ok_;
}

// One initial administration per visit, chosen by rank: the earliest drug infusion longer
// than a push, else the first push, else the first hydration long enough to bill. Every
// other administration is coded by its own clock (spec coding-rules, "Drug administration").
void VisitCoder::PlanAdministration() {
  const Rules& r = rules_;
  const auto& services = visit_.services;
  admin_.assign(services.size(), {});
  std::vector<std::size_t> infusions, pushes, hydrations;
  for (std::size_t i = 0; i < services.size(); ++i) {
    const Service& s = services[i];
    if (s.kind == ServiceKind::kInfusion && !IsShortInfusion(s, r)) infusions.push_back(i);
    if (s.kind == ServiceKind::kPush || IsShortInfusion(s, r)) pushes.push_back(i);
    if (s.kind == ServiceKind::kHydration) hydrations.push_back(i);
  }
  auto by_clock = [&](std::size_t a, std::size_t b) {
    return std::make_pair(services[a].start, a) < std::make_pair(services[b].start, b);
  };
  std::sort(infusions.begin(), infusions.end(), by_clock);
  std::sort(hydrations.begin(), hydrations.end(), by_clock);

  bool concurrent_billed = false;
  for (std::size_t k = 0; k < infusions.size(); ++k) {
    const Service& s = services[infusions[k]];
    AdminCodes& codes = admin_[infusions[k]];
    const int minutes = s.stop - s.start;
    bool overlaps = false;
    for (std::size_t j = 0; j < k; ++j) overlaps = overlaps || Overlaps(s, services[infusions[j]]);
    if (k == 0 || !overlaps) {
      codes.push_back({k == 0 ? r.infusion_initial : r.infusion_sequential, 1});
      if (int extra = r.infusion_additional.Units(minutes)) {
        codes.push_back({r.infusion_additional.code, extra});
      }
    } else if (!concurrent_billed) {
      codes.push_back({r.infusion_concurrent, 1});
      concurrent_billed = true;
    } else {
      Warn(s.loc,
           "a third infusion running at the same time as others: the concurrent "
           "infusion code " +
               r.infusion_concurrent +
               " is billed once per visit, so this infusion bills its drug only");
    }
  }
  for (std::size_t k = 0; k < pushes.size(); ++k) {
    const bool initial = infusions.empty() && k == 0;
    admin_[pushes[k]].push_back({initial ? r.push_initial : r.push_subsequent, 1});
  }

  std::vector<std::pair<int, int>> drug_times;
  for (std::size_t i : infusions) drug_times.push_back({services[i].start, services[i].stop});
  bool initial_taken = !infusions.empty() || !pushes.empty();
  const std::string needs = std::to_string(r.hydration_min_minutes) + " minutes or more";
  for (std::size_t i : hydrations) {
    const Service& s = services[i];
    const int minutes = s.stop - s.start;
    if (!initial_taken) {
      if (minutes < r.hydration_min_minutes) {
        Warn(s.loc, "hydration of " + std::to_string(minutes) +
                        " minutes is not billed (it needs " + needs + "): no line for it");
        continue;
      }
      admin_[i].push_back({r.hydration_initial, 1});
      if (int extra = r.hydration_additional.Units(minutes)) {
        admin_[i].push_back({r.hydration_additional.code, extra});
      }
      initial_taken = true;
      continue;
    }
    const int countable = minutes - CoveredMinutes(s.start, s.stop, drug_times);
    if (int units = r.hydration_subsequent.Units(countable)) {
      admin_[i].push_back({r.hydration_subsequent.code, units});
    } else if (countable == minutes) {
      Warn(s.loc, "hydration of " + std::to_string(minutes) + " minutes is not billed (it needs " +
                      std::to_string(r.hydration_subsequent.first_minutes) +
                      " minutes or more): no line for it");
    } else if (countable > 0) {
      Warn(s.loc, "hydration runs " + std::to_string(countable) +
                      " minutes outside the drug infusion, and it needs " +
                      std::to_string(r.hydration_subsequent.first_minutes) +
                      " minutes or more of its own to be billed: no line for it");
    }
    // (Fluids entirely during a drug infusion are part of it: no line and no warning.)
  }
}

const TimedAddOn& VisitCoder::ProlongedRule(bool new_patient) const {
  const Rules& r = rules_;
  return new_patient ? (medicare_ ? r.prolonged_medicare_new : r.prolonged_new)
                     : (medicare_ ? r.prolonged_medicare_established : r.prolonged_established);
}

void VisitCoder::CodeService(std::size_t index) {
  const Service& s = visit_.services[index];
  const Rules& r = rules_;
  switch (s.kind) {
    case ServiceKind::kInfusion:
    case ServiceKind::kPush:
      AddCodes(s, admin_[index]);
      AddDrug(s);
      break;
    case ServiceKind::kHydration:
      AddCodes(s, admin_[index]);
      break;
    case ServiceKind::kInjection:
      Add(s, Origin::kProcedure, r.injection, 1);
      AddDrug(s);
      break;
    case ServiceKind::kNasal:
      if (medicare_) {
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
      // An explicit prolonged-service <line> in the visit stands instead (checked later).
      const TimedAddOn& prolonged = ProlongedRule(s.new_patient);
      if (int units = prolonged.Units(*s.minutes); units && !explicit_prolonged_) {
        Add(s, Origin::kEm, prolonged.code, units);
      }
      break;
    }
    case ServiceKind::kEvaluation:
      Add(s, Origin::kEvaluation,
          provider_ && provider_->prescriber ? r.evaluation_prescriber : r.evaluation_other, 1);
      break;
    case ServiceKind::kPsychotherapy: {
      if (!s.minutes) return;
      const auto& bands = office_ ? r.psychotherapy_addon : r.psychotherapy_standalone;
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
      if (s.side == "bilateral") {
        // One line whose charge covers both sides.
        p.charge_factor = clinic_.bilateral_charge_factor.value_or(r.block_bilateral_charge_factor);
      }
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

// The payer rules on the visit's lines as a whole (all data in cpt_tables/).
void VisitCoder::CheckLines() {
  // Codes for established patients only: at a new-patient visit their service bills nothing.
  if (office_ && office_->new_patient) {
    std::vector<const Service*> dropped;
    for (const auto& p : lines_) {
      if (!InRanges(rules_.established_only, p.line.code) ||
          std::find(dropped.begin(), dropped.end(), p.service) != dropped.end()) {
        continue;
      }
      dropped.push_back(p.service);
      Warn(p.service->loc, "code " + p.line.code +
                               " is for established patients only, and this visit's office E/M "
                               "is for a new patient: the <" +
                               ServiceKindName(p.service->kind) +
                               "> bills no line (the E/M is billed alone)");
    }
    std::erase_if(lines_, [&](const Pending& q) {
      return std::find(dropped.begin(), dropped.end(), q.service) != dropped.end();
    });
  }
  for (const auto& p : lines_) {
    const std::string& code = p.line.code;
    const ProcedureCode* pc = tables_.FindProcedure(code);
    if (pc && !pc->InEffectOn(visit_.date)) {
      Error(LineLoc(p), "code " + code + " is " + pc->ValidityText() + ", not on the date of " +
                            "service " + visit_.date.ToString());
    }
    if (medicare_) {
      if (auto it = rules_.medicare_replaced.find(code); it != rules_.medicare_replaced.end()) {
        Error(LineLoc(p), "Medicare does not pay code " + code + ": bill " + it->second +
                              " instead (or give the office visit's minutes)");
      }
    }
    if (InRanges(rules_.prescriber_only, code) && provider_ && !provider_->prescriber) {
      Error(LineLoc(p), "code " + code + " is an office E/M, which only a prescriber bills: " +
                            "provider " + Quoted(provider_->id) + " (" + provider_->credentials +
                            ") is not one (an LCSW, LMFT or LPC bills psychotherapy)");
    }
    for (const auto& e : tables_.exclusions) {
      if (e.code != code) continue;
      for (const auto& q : lines_) {
        if (&q != &p && InRanges(e.with, q.line.code)) {
          Error(LineLoc(p), "code " + code + " is not billed with " + q.line.code +
                                " in one visit: " + e.reason);
          break;
        }
      }
    }
    // An explicit prolonged-service line needs a time-based E/M long enough for its units.
    if (p.origin == Origin::kExplicit &&
        (code == ProlongedRule(true).code || code == ProlongedRule(false).code)) {
      const bool by_time = office_ && office_->minutes && office_->mdm.empty();
      const TimedAddOn& rule = ProlongedRule(office_ ? office_->new_patient : false);
      const int minutes_needed = rule.first_minutes + (p.line.units - 1) * rule.step_minutes;
      if (!by_time || rule.code != code || rule.Units(*office_->minutes) < p.line.units) {
        Error(LineLoc(p),
              "an explicit " + code + " x" + std::to_string(p.line.units) +
                  " needs an <office> E/M by minutes of at least " +
                  std::to_string(minutes_needed) + " minutes in the visit" +
                  (rule.code == code
                       ? ""
                       : " with a " + std::string(office_->new_patient ? "new" : "established") +
                             " patient") +
                  (by_time ? " (found " + std::to_string(*office_->minutes) + ")" : ""));
      }
    }
  }
}

void VisitCoder::FinishModifiers() {
  bool trigger = false;
  for (const auto& p : lines_)
    trigger = trigger || InRanges(rules_.modifier25_triggers, p.line.code);
  std::string tele;
  if (!visit_.telehealth.empty()) tele = rules_.telehealth_modifier.at(visit_.telehealth);
  for (auto& p : lines_) {
    bool cognitive = p.origin == Origin::kEm || p.origin == Origin::kEvaluation ||
                     p.origin == Origin::kPsychotherapy;
    if (cognitive && !tele.empty()) p.line.modifiers.push_back(tele);
    if (p.origin == Origin::kEm && trigger && InRanges(rules_.modifier25_targets, p.line.code)) {
      p.line.modifiers.push_back(rules_.modifier25);
    }
  }
}

bool VisitCoder::Code(std::vector<Pending>* out) {
  if (!CheckCombinations()) return false;
  PlanAdministration();
  for (std::size_t i = 0; i < visit_.services.size(); ++i) CodeService(i);
  if (!ok_) return false;
  CheckLines();
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
      Error(LineLoc(p), "the clinic file has no fee for code " + p.line.code);
      continue;
    }
    p.line.charge = MultiplyRounded(Money{fee->second.cents * p.line.units}, p.charge_factor);
  }
  if (!ok_) return false;
  if (visit_.charge && lines_.empty()) {
    Error(visit_.charge_loc, "the visit bills no line, so its package price " +
                                 visit_.charge->ToString() + " has nothing to be shared over");
    return false;
  }
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

  if (pending.empty()) {
    diags->push_back({course.loc,
                      "no service of the course bills a line: there is nothing to put on a "
                      "statement"});
    return claim;
  }
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
