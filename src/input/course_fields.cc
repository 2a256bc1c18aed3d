#include "input/course_fields.h"

#include "common/text.h"
#include "input/csv_values.h"
#include "input/elements.h"
#include "validate/identifiers.h"

namespace superbill {

void ReadPersonFields(FieldSource& r, Person* p) {
  p->given = r.Required("given").value_or("");
  p->middle = r.Optional("middle").value_or("");
  p->family = r.Required("family").value_or("");
  if (auto b = r.Required("birthDate")) {
    p->birth_date_loc = r.Loc("birthDate");
    if (auto d = ParseDateAttr(r, "birthDate", *b)) p->birth_date = *d;
  }
  if (auto s = r.Required("sex")) p->sex = ParseChoiceAttr(r, "sex", *s, "F|M|U").value_or("");
  if (auto ph = r.Optional("phone")) {
    if (IsValidPhone(*ph))
      p->phone = *ph;
    else
      r.Error("phone", "phone number must have 10 to 15 digits");
  }
}

void ReadPatientFields(FieldSource& r, Patient* p) {
  p->id = r.Required("id").value_or("");
  if (auto lang = r.Optional("language"))
    p->language = ParseChoiceAttr(r, "language", *lang, "en|es").value_or("en");
  ReadPersonFields(r, p);
}

void ReadCoverageFields(FieldSource& r, Coverage* cov) {
  cov->payer = r.Required("payer").value_or("");
  cov->payer_id = r.Optional("payerId").value_or("");
  cov->member_id = r.Required("memberId").value_or("");
  cov->group = r.Optional("group").value_or("");
  if (auto plan = r.Optional("plan")) {
    if (auto c = ParseChoiceAttr(r, "plan", *plan, "commercial|medicare")) {
      cov->plan = *c == "medicare" ? Plan::kMedicare : Plan::kCommercial;
    }
  }
  if (auto rel = r.Optional("relationship")) {
    if (auto c = ParseChoiceAttr(r, "relationship", *rel, "self|spouse|child|other")) {
      cov->relationship = *c == "self"     ? Relationship::kSelf
                          : *c == "spouse" ? Relationship::kSpouse
                          : *c == "child"  ? Relationship::kChild
                                           : Relationship::kOther;
    }
  }
}

void ReadVisitFields(FieldSource& r, Visit* v) {
  if (auto d = r.Required("date")) {
    v->date_loc = r.Loc("date");
    if (auto date = ParseDateAttr(r, "date", *d)) v->date = *date;
  }
  if (auto p = r.Required("provider")) {
    v->provider = *p;
    v->provider_loc = r.Loc("provider");
  }
  if (auto pos = r.Optional("pos")) {
    v->pos = *pos;
    v->pos_loc = r.Loc("pos");
  }
  if (auto c = r.Optional("charge")) {
    v->charge = ParseMoneyAttr(r, "charge", *c);
    v->charge_loc = r.Loc("charge");
  }
  if (auto t = r.Optional("telehealth")) {
    v->telehealth = ParseChoiceAttr(r, "telehealth", *t, "video|audio").value_or("");
  }
}

std::optional<ServiceKind> ServiceKindFromName(std::string_view name) {
  static const ServiceKind kKinds[] = {ServiceKind::kOffice,        ServiceKind::kEvaluation,
                                       ServiceKind::kPsychotherapy, ServiceKind::kInfusion,
                                       ServiceKind::kHydration,     ServiceKind::kPush,
                                       ServiceKind::kInjection,     ServiceKind::kNasal,
                                       ServiceKind::kBlock,         ServiceKind::kLine};
  for (ServiceKind k : kKinds) {
    if (name == ServiceKindName(k)) return k;
  }
  return std::nullopt;
}

void ReadServiceFields(FieldSource& r, Service* s) {
  auto minutes = [&](bool required) {
    auto v = required ? r.Required("minutes") : r.Optional("minutes");
    if (v) {
      s->minutes = ParseMinutesAttr(r, "minutes", *v);
      s->minutes_loc = r.Loc("minutes");
    }
  };
  auto drug_dose = [&]() {
    if (auto d = r.Required("drug")) {
      s->drug = *d;
      s->drug_loc = r.Loc("drug");
    }
    if (auto d = r.Required("doseMg")) {
      s->dose_loc = r.Loc("doseMg");
      if (auto v = ParsePositiveDecimalAttr(r, "doseMg", *d)) s->dose_mg = *v;
    }
  };
  auto times = [&]() {
    auto start = r.Required("start");
    auto stop = r.Required("stop");
    s->stop_loc = r.Loc("stop");
    std::optional<int> a, b;
    if (start) a = ParseTimeAttr(r, "start", *start);
    if (stop) b = ParseTimeAttr(r, "stop", *stop);
    if (a && b) {
      s->start = *a;
      s->stop = *b;
      if (*b <= *a) {
        r.Error("stop", r.Subject() + " stops at " + *stop + ", not after it starts at " + *start);
      }
    }
  };
  switch (s->kind) {
    case ServiceKind::kOffice: {
      if (auto p = r.Required("patient")) {
        s->new_patient = ParseChoiceAttr(r, "patient", *p, "new|established").value_or("") == "new";
      }
      auto m = r.Optional("minutes");
      auto mdm = r.Optional("mdm");
      if (m.has_value() == mdm.has_value()) {
        r.ErrorHere(r.Subject() + " needs exactly one of '" + r.Name("minutes") + "' and '" +
                    r.Name("mdm") + "'");
      } else if (m) {
        s->minutes = ParseMinutesAttr(r, "minutes", *m);
        s->minutes_loc = r.Loc("minutes");
      } else {
        s->mdm = ParseChoiceAttr(r, "mdm", *mdm, "straightforward|low|moderate|high").value_or("");
      }
      break;
    }
    case ServiceKind::kEvaluation:
      minutes(false);
      break;
    case ServiceKind::kPsychotherapy:
      minutes(true);
      break;
    case ServiceKind::kInfusion:
      drug_dose();
      times();
      break;
    case ServiceKind::kHydration:
      times();
      break;
    case ServiceKind::kPush:
    case ServiceKind::kInjection:
    case ServiceKind::kNasal:
      drug_dose();
      break;
    case ServiceKind::kBlock:
      if (auto k = r.Required("kind")) ParseChoiceAttr(r, "kind", *k, "stellate-ganglion");
      if (auto side = r.Required("side")) {
        s->side = ParseChoiceAttr(r, "side", *side, "left|right|bilateral").value_or("");
      }
      s->guidance = "none";
      if (auto g = r.Optional("guidance")) {
        s->guidance =
            ParseChoiceAttr(r, "guidance", *g, "none|ultrasound|fluoroscopy").value_or("none");
      }
      break;
    case ServiceKind::kLine: {
      if (auto code = r.Required("code")) {
        s->code = *code;
        s->code_loc = r.Loc("code");
      }
      if (auto u = r.Optional("units")) {
        int v = 0;
        bool ok = !u->empty() && u->size() <= 3;
        for (char c : *u) {
          if (c < '0' || c > '9') ok = false;
          if (ok) v = v * 10 + (c - '0');  // only while short enough: no int overflow
        }
        if (!ok || v < 1) {
          r.Error("units", "'" + r.Name("units") + "' must be a whole number from 1 to 999");
        } else {
          s->units = v;
        }
      }
      if (auto m = r.Optional("modifiers")) {
        s->modifiers_loc = r.Loc("modifiers");
        for (const auto& mod : Split(*m, ',')) {
          std::string t = Trim(mod);
          if (t.empty()) {
            r.Error("modifiers", "'" + r.Name("modifiers") + "' must be codes separated by commas");
            s->modifiers.clear();
            break;
          }
          s->modifiers.push_back(t);
        }
      }
      if (auto c = r.Optional("charge")) s->charge = ParseMoneyAttr(r, "charge", *c);
      break;
    }
  }
  if (auto dx = r.Optional("dx")) {
    s->dx = *dx;
    s->dx_loc = r.Loc("dx");
  }
}

void ReadPaymentFields(FieldSource& r, Payment* p) {
  if (auto d = r.Required("date")) {
    p->date_loc = r.Loc("date");
    if (auto date = ParseDateAttr(r, "date", *d)) p->date = *date;
  }
  if (auto a = r.Required("amount")) {
    auto m = r.spreadsheet() ? ParseSheetMoney(*a) : Money::Parse(*a);
    if (m && m->cents > 0) {
      p->amount = *m;
    } else if (auto sheet = ParseSheetMoney(*a); sheet && !m && sheet->cents > 0) {
      // "$860.00" or "1,250.00" in a course file: say what to write instead.
      r.Error("amount", "amount " + Quoted(*a) + ": write " + sheet->ToString() +
                            " (a plain decimal, without '$' or ',')");
    } else {
      r.Error("amount",
              "payment amount " + Quoted(*a) + " must be more than 0, with at most two decimals");
    }
  }
  if (auto m = r.Optional("method")) {
    p->method = ParseChoiceAttr(r, "method", *m, "card|cash|check|ach|other").value_or("");
  }
  p->reference = r.Optional("reference").value_or("");
}

}  // namespace superbill
