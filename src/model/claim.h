// The coded claim: what coding makes of a course, and what every renderer reads.
#pragma once

#include <string>
#include <vector>

#include "model/clinic.h"
#include "model/course.h"
#include "model/date.h"
#include "model/money.h"
#include "model/tables.h"

namespace superbill {

struct ClaimLine {
  Date date;
  std::string pos;
  std::string code;
  std::string system;                  // CPT or HCPCS
  std::string description;             // our plain-language label from the tables
  std::vector<std::string> modifiers;  // at most 4
  int units = 1;
  std::vector<int> dx;  // diagnosis pointers, 0-based (0 = A)
  Money charge;         // the line's total charge (after package allocation)
  const Provider* provider = nullptr;
  std::size_t visit_index = 0;
  // Drug lines only.
  std::string ndc11;
  std::string ndc_unit;  // ML or UN
  std::string ndc_qty;   // at most 3 decimals, no trailing zeros
  std::string drug_name;
  Decimal3 dose_mg;  // the dose given, in mg

  bool is_drug() const { return !ndc11.empty(); }
  std::string DxLetters() const;               // "AB"
  std::string ModifierString(char sep) const;  // "95:25"
};

struct Diagnosis {
  std::string code;   // with the dot: F33.2
  std::string title;  // from the ICD-10-CM table
};

// What the ledger of issued statements says about this statement: an original, a corrected
// statement that replaces an earlier one, or a void. The documents print it (superbill
// banner, CMS-1500 box 22, X12 CLM05-3 and REF*F8, FHIR Claim.related).
struct Resubmission {
  enum class Kind { kOriginal, kCorrected, kVoid };
  Kind kind = Kind::kOriginal;
  int version = 1;                 // 1 for the original, then 2, 3 ...
  Date replaces_issued;            // corrected/void: the date the replaced version was issued
  int replaces_version = 0;        // corrected/void: the version it replaces
  std::string original_reference;  // the payer's claim number when the course gives one
  std::string reason;              // void: the clerk's reason

  // Claim frequency code (CMS-1500 box 22, X12 CLM05-3): 1 original, 7 replacement, 8 void.
  int FrequencyCode() const {
    return kind == Kind::kOriginal ? 1 : kind == Kind::kCorrected ? 7 : 8;
  }
};

// "original", "corrected" or "void" (the ledger's status words).
const char* ResubmissionKindName(Resubmission::Kind kind);

// The number of version `version` of the statement of course `course_id`: the course id for
// the first version ("HK-2026-0142"), then the id, '/' and the version ("HK-2026-0142/2").
// A course id never holds '/', so no two statements share a number.
std::string StatementNumber(const std::string& course_id, int version);

// One accepted course, coded: lines in output order, and totals.
struct Claim {
  const Clinic* clinic = nullptr;
  const Course* course = nullptr;
  const Tables* tables = nullptr;  // for the names of places of service and modifiers
  Date statement_date;
  std::vector<Diagnosis> diagnoses;
  std::vector<ClaimLine> lines;
  Money total_charges;
  Money paid;
  Money balance;              // negative = credit
  Resubmission resubmission;  // set by generate from the ledger; original by default

  // The statement number of this version (StatementNumber of the course id and version).
  std::string StatementNumber() const;
  Date FirstDate() const;
  Date LastDate() const;
  // The claim's primary rendering provider: the one with the most lines, the first of them
  // (in line order) on a tie; nullptr without lines. The FHIR careTeam's `primary`.
  const Provider* PrimaryProvider() const;
};

}  // namespace superbill
