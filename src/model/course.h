// A course file as plain values: one patient's finished treatment course.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "model/clinic.h"
#include "model/date.h"
#include "model/money.h"

namespace superbill {

// A name exactly as the insurance card prints it (<cardName> in the course file).
struct CardName {
  std::string family;
  std::string given;
  std::string middle;
  SourceLoc loc;
};

struct Person {
  std::string given;
  std::string middle;
  std::string family;
  Date birth_date;
  std::string sex;  // F, M or U
  std::string phone;
  Address address;
  std::optional<CardName> card_name;  // absent: the claim forms transliterate the name
  SourceLoc loc;
  SourceLoc birth_date_loc;
};

struct Patient : Person {
  std::string id;               // the clinic's account id
  std::string language = "en";  // en | es
};

enum class Plan { kCommercial, kMedicare };
enum class Relationship { kSelf, kSpouse, kChild, kOther };

struct Coverage {
  std::string payer;
  std::string payer_id;
  std::string member_id;
  std::string group;
  Plan plan = Plan::kCommercial;
  Relationship relationship = Relationship::kSelf;
  std::optional<Person> subscriber;
  SourceLoc loc;
};

struct DiagnosisEntry {
  std::string code;  // normalised: upper case, with the dot after the 3rd character
  std::string as_written;
  SourceLoc loc;
};

enum class ServiceKind {
  kOffice,
  kEvaluation,
  kPsychotherapy,
  kInfusion,
  kHydration,
  kPush,
  kInjection,
  kNasal,
  kBlock,
  kLine,
};

// Element name of a service kind ("infusion").
const char* ServiceKindName(ServiceKind kind);

// One service inside a visit. Which fields are set depends on the kind.
struct Service {
  ServiceKind kind = ServiceKind::kLine;
  SourceLoc loc;

  std::optional<int> minutes;  // office, evaluation, psychotherapy
  SourceLoc minutes_loc;
  bool new_patient = false;  // office
  std::string mdm;           // office: straightforward | low | moderate | high
  std::string drug;          // infusion, push, injection, nasal
  SourceLoc drug_loc;
  Decimal3 dose_mg;
  SourceLoc dose_loc;
  int start = 0;  // minutes since midnight (infusion, hydration)
  int stop = 0;
  SourceLoc stop_loc;
  std::string side;      // block: left | right | bilateral
  std::string guidance;  // block: none | ultrasound | fluoroscopy
  std::string code;      // line
  SourceLoc code_loc;
  int units = 1;                       // line
  std::vector<std::string> modifiers;  // line
  SourceLoc modifiers_loc;
  std::optional<Money> charge;  // line
  std::string dx;               // pointer letters, empty = default
  SourceLoc dx_loc;
};

struct Visit {
  Date date;
  std::string provider;
  std::string pos = "11";
  std::optional<Money> charge;  // package price of the whole visit
  std::string telehealth;       // "", video or audio
  std::vector<Service> services;
  SourceLoc loc;
  SourceLoc date_loc;
  SourceLoc provider_loc;
  SourceLoc pos_loc;
  SourceLoc charge_loc;
};

struct Payment {
  Date date;
  Money amount;
  std::string method;  // card, cash, check, ach, other; empty when not given
  std::string reference;
  SourceLoc loc;
  SourceLoc date_loc;
};

struct Trial {
  std::string drug, dose, start, end, outcome;
};
struct TherapyHistory {
  std::string kind, start, end;
  std::optional<int> sessions;
};
struct Score {
  std::string instrument;  // PHQ-9, MADRS, GAD-7 or PCL-5
  Date date;
  std::string value;  // a whole number within the instrument's range (checked on reading)
};
struct History {
  std::vector<Trial> trials;
  std::vector<TherapyHistory> therapies;
  std::vector<Score> scores;
};

// How the plan sets a line's allowed amount (<benefits allowed="charge:80">).
enum class AllowedBasis { kCharge, kMedicare };

// The patient's plan benefits as the patient or clinic states them, for the packet's
// reimbursement estimate (<benefits>). Percents are whole numbers from 0 to 100 (the basis
// percent up to 1000).
struct Benefits {
  Money deductible;
  Money deductible_met;
  int coinsurance = 0;  // the patient's percent after the deductible
  AllowedBasis basis = AllowedBasis::kCharge;
  int allowed_percent = 100;     // P of charge:P or medicare:P
  std::optional<Money> oop_max;  // out-of-pocket maximum
  Money oop_met;
  SourceLoc loc;
};

struct Course {
  std::string path;
  std::string id;
  SourceLoc id_loc;
  SourceLoc loc;
  Patient patient;
  Coverage coverage;
  std::vector<DiagnosisEntry> diagnoses;
  std::vector<Visit> visits;
  std::vector<Payment> payments;
  std::optional<History> history;
  // <resubmission payerClaimNumber="..."/>: the payer's claim number of the statement issued
  // before, which a corrected or void statement refers to (empty when not given).
  std::string payer_claim_number;
  SourceLoc resubmission_loc;
  std::optional<Benefits> benefits;
};

}  // namespace superbill
