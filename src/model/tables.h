// Reference tables loaded at run time from cpt_tables/: procedure codes, ICD-10-CM,
// places of service, modifiers, and the coding rules' thresholds and code choices.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/date.h"
#include "model/money.h"

namespace superbill {

struct ProcedureCode {
  std::string code;
  std::string system;  // CPT or HCPCS
  bool addon = false;
  std::vector<std::string> primaries;  // add-ons: codes it may be billed with
  std::string label;                   // our own plain-language label
  // Effective dates (code_dates.csv): the first and last date of service the code is valid
  // on, where it has one; a replaced code names its successor.
  std::optional<Date> first_date;
  std::optional<Date> last_date;
  std::string replaced_by;

  // Whether the code is valid on `date`.
  bool InEffectOn(const Date& date) const;
  // "valid from 2026-01-01", "valid through 2025-12-31", "valid from A through B".
  std::string ValidityText() const;
};

struct IcdCode {
  std::string code;  // with the dot: F33.2
  bool billable = false;
  std::string title;
};

// A time band: at `min_minutes` or more (up to the next band), bill `code`.
struct Band {
  int min_minutes = 0;
  std::string code;
};

// An add-on billed by time: first unit at `first_minutes`, one more each `step_minutes`.
struct TimedAddOn {
  std::string code;
  int first_minutes = 0;
  int step_minutes = 1;

  // Units for `minutes` of service: 0 below the first threshold.
  int Units(int minutes) const;
};

// An inclusive range of codes of equal length ("96360-96379") or one code.
struct CodeRange {
  std::string first;
  std::string last;
  bool Contains(const std::string& code) const;
};
// Whether any range of `ranges` holds `code`.
bool InRanges(const std::vector<CodeRange>& ranges, const std::string& code);

// Two codes a payer does not pay together in one visit (exclusions.csv): `code` is an
// error when the visit also bills a code in `with`; `reason` says why in plain words.
struct Exclusion {
  std::string code;
  std::vector<CodeRange> with;
  std::string reason;
};

// Thresholds and code choices of the coding rules (cpt_tables/rules.txt).
struct Rules {
  int infusion_push_max_minutes = 0;
  std::string infusion_initial;
  std::string infusion_sequential;
  std::string infusion_concurrent;  // once per visit
  TimedAddOn infusion_additional;

  int hydration_min_minutes = 0;
  std::string hydration_initial;
  TimedAddOn hydration_additional;  // with the initial hydration, by its whole length
  TimedAddOn hydration_subsequent;  // after a higher-ranked initial service, by its own clock

  std::string push_initial;
  std::string push_subsequent;
  std::string injection;

  Decimal3 nasal_medicare_low_max_mg;
  std::string nasal_medicare_low;
  std::string nasal_medicare_high;
  std::string nasal_medicare_modifier;

  std::vector<Band> em_new_time;
  std::vector<Band> em_established_time;
  std::map<std::string, std::string> em_new_mdm;
  std::map<std::string, std::string> em_established_mdm;
  TimedAddOn prolonged_new;
  TimedAddOn prolonged_established;
  TimedAddOn prolonged_medicare_new;
  TimedAddOn prolonged_medicare_established;

  std::string evaluation_prescriber;
  std::string evaluation_other;

  std::vector<Band> psychotherapy_standalone;
  std::vector<Band> psychotherapy_addon;

  std::string modifier25;
  std::vector<CodeRange> modifier25_targets;
  std::vector<CodeRange> modifier25_triggers;

  std::string block_code;
  std::map<std::string, std::string> block_side_modifier;
  std::map<std::string, std::string> block_guidance;  // "none" maps to ""
  Decimal3 block_bilateral_charge_factor;             // fee x factor for a bilateral block

  // Codes billable only for an established patient: at a visit whose office E/M is for a
  // new patient, the service that would bill one bills nothing (a warning).
  std::vector<CodeRange> established_only;
  // Codes only a prescriber (MD, DO, NP, PA) may bill.
  std::vector<CodeRange> prescriber_only;
  // Places of service a telehealth visit on plan medicare must have.
  std::vector<std::string> telehealth_medicare_pos;
  // Codes Medicare does not pay, each with the code it takes instead.
  std::map<std::string, std::string> medicare_replaced;

  std::map<std::string, std::string> telehealth_modifier;

  int max_diagnoses = 12;
  int max_pointers = 4;
  int max_modifiers = 4;
  Decimal3 max_dose_mg;    // one administration of a drug, in mg
  int max_drug_units = 0;  // HCPCS units on one drug line
  std::vector<CodeRange> ein_prefixes;
};

// The longest value each field of a course or clinic file may hold, in characters
// (cpt_tables/field_limits.csv): a name of 100 characters is plenty, and a 4 MB name would
// only break the documents. Fields are named as the XML attribute or text element.
struct FieldLimits {
  std::map<std::string, std::size_t, std::less<>> max_chars;
  std::size_t default_max = 0;  // the row '*': every field not listed; 0: no limit

  // The limit of `field`; 0 when none.
  std::size_t For(std::string_view field) const;
};

struct Tables {
  std::string dir;
  FieldLimits field_limits;
  std::map<std::string, ProcedureCode> procedures;
  std::unordered_map<std::string, IcdCode> icd10;  // key: code without dot, upper case
  std::map<std::string, std::string> pos;          // code -> name
  std::map<std::string, std::string> modifiers;    // code -> label
  std::vector<Exclusion> exclusions;
  Rules rules;
  // Medicare physician fee schedule, national non-facility amount per code
  // (medicare_pfs.csv); a code without one has no Medicare-based estimate.
  std::map<std::string, Money> medicare_pfs;
  int medicare_pfs_year = 0;  // the fee schedule's calendar year

  const ProcedureCode* FindProcedure(const std::string& code) const;
  // The code to bill for `code` on `date`: `code` itself when in effect, else the code that
  // replaced it or that it replaced, when that one is in effect (S0013 <-> J0013); `code`
  // itself when neither is.
  std::string CodeInEffect(const std::string& code, const Date& date) const;
  // Looks up "F33.2" or "F332"; nullptr when unknown.
  const IcdCode* FindIcd10(const std::string& code) const;
};

// "f332" / "F33.2" -> "F332"; empty when it cannot be an ICD-10-CM code.
std::string IcdKey(const std::string& code);
// "F332" -> "F33.2".
std::string IcdDotted(const std::string& key);

// Band whose range holds `minutes`; nullptr below the first band.
const Band* FindBand(const std::vector<Band>& bands, int minutes);

}  // namespace superbill
