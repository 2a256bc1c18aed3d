// Reference tables loaded at run time from cpt_tables/: procedure codes, ICD-10-CM,
// places of service, modifiers, and the coding rules' thresholds and code choices.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/money.h"

namespace superbill {

struct ProcedureCode {
  std::string code;
  std::string system;  // CPT or HCPCS
  bool addon = false;
  std::vector<std::string> primaries;  // add-ons: codes it may be billed with
  std::string label;                   // our own plain-language label
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

// Thresholds and code choices of the coding rules (cpt_tables/rules.txt).
struct Rules {
  int infusion_push_max_minutes = 0;
  std::string infusion_initial;
  std::string infusion_sequential;
  TimedAddOn infusion_additional;

  int hydration_min_minutes = 0;
  std::string hydration_initial;
  TimedAddOn hydration_additional;

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

  std::map<std::string, std::string> telehealth_modifier;

  int max_diagnoses = 12;
  int max_pointers = 4;
  int max_modifiers = 4;
  Decimal3 max_dose_mg;    // one administration of a drug, in mg
  int max_drug_units = 0;  // HCPCS units on one drug line
  std::vector<CodeRange> ein_prefixes;
};

struct Tables {
  std::string dir;
  std::map<std::string, ProcedureCode> procedures;
  std::unordered_map<std::string, IcdCode> icd10;  // key: code without dot, upper case
  std::map<std::string, std::string> pos;          // code -> name
  std::map<std::string, std::string> modifiers;    // code -> label
  Rules rules;

  const ProcedureCode* FindProcedure(const std::string& code) const;
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
