// The clinic file as plain values: who bills, their providers, drugs and fees.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "model/money.h"

namespace superbill {

struct Address {
  std::string line1;
  std::string line2;
  std::string city;
  std::string state;        // two letters
  std::string postal_code;  // 5 or 9 digits, hyphen optional
  SourceLoc loc;
};

struct Provider {
  std::string id;
  std::string given;
  std::string family;
  std::string credentials;
  std::string npi;
  std::string taxonomy;  // optional
  std::string license;   // optional
  bool prescriber = false;
  // Optional: a PNG image of the provider's signature, drawn on their attestation; the
  // path as resolved against the clinic file's folder (checked when the clinic is read).
  std::string signature;
  SourceLoc loc;
  SourceLoc npi_loc;
};

// NDC unit of measure of a drug: mL for solutions, units (UN) for devices.
enum class NdcUnit { kMl, kUn };

// One package of a drug, with its own NDC and what it holds (Spravato's 56 mg kit).
struct DrugPackage {
  std::string ndc;    // as given, hyphenated
  std::string ndc11;  // 11-digit 5-4-2 billing form
  Decimal3 mg;        // contents: a dose of exactly this many mg uses this package
  SourceLoc loc;
};

struct Drug {
  std::string id;
  std::string name;
  std::string ndc;    // as given, hyphenated; empty when the drug lists packages only
  std::string ndc11;  // 11-digit 5-4-2 billing form
  NdcUnit ndc_unit = NdcUnit::kMl;
  Decimal3 mg_per_ndc_unit;  // mgPerMl or mgPerUnit
  std::string hcpcs;
  std::optional<Decimal3> hcpcs_unit_mg;  // absent: billed as 1 unit
  Money price;                            // per HCPCS billing unit
  std::vector<DrugPackage> packages;      // the NDC of a dose: its package's, else `ndc11`
  SourceLoc loc;

  // The NDC (11 digits) for a dose of `mg`: the package holding exactly `mg`, else the
  // drug's own NDC; empty when neither.
  std::string NdcForDose(Decimal3 mg) const;
};

// Assignment of benefits, as the claim forms and the FHIR claim state it. A self-pay
// patient files for themselves and the insurer pays the patient: both false by default.
struct Assignment {
  // The patient authorizes payment of benefits to the clinic (CMS-1500 box 13 "Signature on
  // file", X12 CLM08 Y, FHIR payee = provider).
  bool benefits_assigned = false;
  // The clinic accepts assignment (CMS-1500 box 27 YES, X12 CLM07 A).
  bool accept_assignment = false;
};

// The clinic's electronic filing set-up (<x12> in the clinic file): who submits the 837P
// claims to which clearinghouse, the envelope's identifiers and the delimiters.
struct X12Settings {
  char usage = 'T';                       // ISA15: T test, P production
  std::int64_t first_control_number = 1;  // the first ISA13 when no number was used yet
  std::string submitter_name;             // loop 1000A
  std::string submitter_id;
  std::string submitter_contact;
  std::string submitter_phone;  // digits only
  std::string receiver_name;    // loop 1000B
  std::string receiver_id;
  std::string sender_qualifier = "ZZ";  // ISA05/ISA06, also GS02
  std::string sender_id;
  std::string receiver_qualifier = "ZZ";  // ISA07/ISA08, also GS03
  std::string interchange_receiver_id;
  char element_separator = '*';
  char component_separator = ':';   // ISA16
  char repetition_separator = '^';  // ISA11
  char segment_terminator = '~';
  std::string line_break;  // after each segment terminator: "", "\n" or "\r\n"
  SourceLoc loc;
};

struct Clinic {
  std::string path;
  std::string name;
  std::string npi;     // optional Type 2 NPI
  std::string tax_id;  // 9 digits, hyphen removed
  std::string taxonomy;
  Address address;
  std::string phone;
  std::string email;
  std::vector<Provider> providers;
  std::vector<Drug> drugs;
  std::map<std::string, Money> fees;  // code -> charge per unit
  Assignment assignment;
  // <charges bilateralFactor="..."/>: overrides rules.txt's block.bilateral_charge_factor.
  std::optional<Decimal3> bilateral_charge_factor;
  std::optional<X12Settings> x12;  // absent: the clinic does not file electronically

  const Provider* FindProvider(const std::string& id) const;
  const Drug* FindDrug(const std::string& id) const;
};

}  // namespace superbill
