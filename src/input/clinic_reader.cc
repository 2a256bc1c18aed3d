#include "input/clinic_reader.h"

#include <cerrno>
#include <cstring>
#include <set>

#include "input/elements.h"
#include "input/png_check.h"
#include "input/xml_source.h"
#include "validate/identifiers.h"

namespace superbill {
namespace {

constexpr std::size_t kMaxInputBytes = 10 * 1024 * 1024;

// `path` (from the clinic file) as read from the folder of the clinic file `clinic_path`.
std::string BesideClinic(const std::string& clinic_path, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  const std::size_t slash = clinic_path.rfind('/');
  return slash == std::string::npos ? path : clinic_path.substr(0, slash + 1) + path;
}

void ReadProvider(const XmlSource& src, pugi::xml_node node, Clinic* clinic, Diagnostics* diags) {
  Provider p;
  p.loc = src.Loc(node);
  ElementReader r(src, node, diags);
  p.id = r.Required("id").value_or("");
  p.given = r.Required("given").value_or("");
  p.family = r.Required("family").value_or("");
  p.credentials = r.Required("credentials").value_or("");
  if (auto npi = r.Required("npi")) {
    p.npi = *npi;
    p.npi_loc = r.Loc("npi");
    if (!IsValidNpi(*npi)) {
      r.Error("npi", "provider NPI " + *npi + " is not 10 digits with a valid check digit");
    }
  }
  if (auto t = r.Optional("taxonomy")) {
    p.taxonomy = *t;
    if (!IsValidTaxonomy(*t))
      r.Error("taxonomy", "taxonomy " + *t + " is not a NUCC taxonomy code");
  }
  p.license = r.Optional("license").value_or("");
  if (auto v = r.Optional("prescriber")) {
    if (auto c = ParseChoiceAttr(r, "prescriber", *v, "true|false")) p.prescriber = *c == "true";
  }
  if (auto v = r.Optional("signature")) {
    const std::string file = BesideClinic(src.path(), *v);
    if (auto problem = CheckPngFile(file)) {
      r.Error("signature", "signature image " + *v + " " + *problem);
    } else {
      p.signature = file;
    }
  }
  r.Finish();
  CheckLeaf(src, node, diags);
  if (!p.id.empty() && clinic->FindProvider(p.id)) {
    r.Error("id", "provider id '" + p.id + "' is used twice");
  }
  clinic->providers.push_back(p);
}

// The 11-digit billing form of an NDC attribute; reports the accepted forms otherwise.
std::optional<std::string> CheckNdc(ElementReader& r, const char* name, const std::string& ndc) {
  auto b = NdcToBillingForm(ndc);
  if (!b) {
    r.Error(name, "NDC " + ndc + " must be hyphenated 4-4-2, 5-3-2, 5-4-1 or 5-4-2, or 11 digits");
  }
  return b;
}

void ReadDrug(const XmlSource& src, pugi::xml_node node, const Tables& tables, Clinic* clinic,
              Diagnostics* diags) {
  Drug d;
  d.loc = src.Loc(node);
  ElementReader r(src, node, diags);
  d.id = r.Required("id").value_or("");
  d.name = r.Required("name").value_or("");
  // Packages (<package ndc mg/>) each carry an NDC; without any, the drug's ndc is required.
  const bool has_packages = node.child("package");
  if (auto ndc = has_packages ? r.Optional("ndc") : r.Required("ndc")) {
    d.ndc = *ndc;
    if (auto b = CheckNdc(r, "ndc", *ndc)) d.ndc11 = *b;
  }
  if (auto h = r.Required("hcpcs")) {
    d.hcpcs = *h;
    if (!tables.FindProcedure(*h)) r.Error("hcpcs", "code " + *h + " is not in the code tables");
  }
  if (auto p = r.Required("price")) {
    if (auto m = ParseMoneyAttr(r, "price", *p)) d.price = *m;
  }
  auto per_ml = r.Optional("mgPerMl");
  auto per_unit = r.Optional("mgPerUnit");
  if (per_ml.has_value() == per_unit.has_value()) {
    diags->push_back({d.loc, "<drug> needs exactly one of 'mgPerMl' and 'mgPerUnit'"});
  } else if (per_ml) {
    d.ndc_unit = NdcUnit::kMl;
    if (auto v = ParsePositiveDecimalAttr(r, "mgPerMl", *per_ml)) d.mg_per_ndc_unit = *v;
  } else {
    d.ndc_unit = NdcUnit::kUn;
    if (auto v = ParsePositiveDecimalAttr(r, "mgPerUnit", *per_unit)) d.mg_per_ndc_unit = *v;
  }
  if (auto u = r.Optional("hcpcsUnitMg"))
    d.hcpcs_unit_mg = ParsePositiveDecimalAttr(r, "hcpcsUnitMg", *u);
  r.Finish();
  CheckNoText(src, node, diags);
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    if (std::strcmp(c.name(), "package") != 0) {
      diags->push_back({src.Loc(c), std::string("unknown element <") + c.name() + "> in <drug>"});
      continue;
    }
    DrugPackage p;
    p.loc = src.Loc(c);
    ElementReader pr(src, c, diags);
    auto ndc = pr.Required("ndc");
    if (ndc) {
      p.ndc = *ndc;
      if (auto b = CheckNdc(pr, "ndc", *ndc)) p.ndc11 = *b;
    }
    auto mg = pr.Required("mg");
    std::optional<Decimal3> contents;
    if (mg) contents = ParsePositiveDecimalAttr(pr, "mg", *mg);
    pr.Finish();
    CheckLeaf(src, c, diags);
    if (!contents || p.ndc11.empty()) continue;
    p.mg = *contents;
    for (const auto& other : d.packages) {
      if (other.mg == p.mg) {
        pr.Error("mg", "drug '" + d.id + "' has two packages of " + p.mg.ToString() +
                           " mg (the first is at line " + std::to_string(other.loc.line) + ")");
      }
    }
    d.packages.push_back(p);
  }
  if (!d.id.empty() && clinic->FindDrug(d.id))
    r.Error("id", "drug id '" + d.id + "' is used twice");
  clinic->drugs.push_back(d);
}

void ReadFee(const XmlSource& src, pugi::xml_node node, const Tables& tables, Clinic* clinic,
             Diagnostics* diags) {
  ElementReader r(src, node, diags);
  auto code = r.Required("code");
  auto amount = r.Required("amount");
  std::optional<Money> money;
  if (amount) money = ParseMoneyAttr(r, "amount", *amount);
  r.Finish();
  CheckLeaf(src, node, diags);
  if (!code) return;
  if (!tables.FindProcedure(*code)) {
    r.Error("code", "code " + *code + " is not in the code tables");
    return;
  }
  if (money && !clinic->fees.emplace(*code, *money).second) {
    r.Error("code", "the fee for code " + *code + " is given twice");
  }
}

void ReadAssignment(const XmlSource& src, pugi::xml_node node, Clinic* clinic, Diagnostics* diags) {
  ElementReader r(src, node, diags);
  auto flag = [&](const char* name, bool* out) {
    if (auto v = r.Optional(name)) {
      if (auto c = ParseChoiceAttr(r, name, *v, "true|false")) *out = *c == "true";
    }
  };
  flag("benefitsAssigned", &clinic->assignment.benefits_assigned);
  flag("acceptAssignment", &clinic->assignment.accept_assignment);
  r.Finish();
  CheckLeaf(src, node, diags);
}

void ReadCharges(const XmlSource& src, pugi::xml_node node, Clinic* clinic, Diagnostics* diags) {
  ElementReader r(src, node, diags);
  if (auto v = r.Optional("bilateralFactor")) {
    auto d = ParsePositiveDecimalAttr(r, "bilateralFactor", *v);
    if (d && (d->milli < 1000 || d->milli > 10000)) {
      r.Error("bilateralFactor", "'bilateralFactor' must be from 1 to 10 (such as 1.5 or 2)");
    } else if (d) {
      clinic->bilateral_charge_factor = d;
    }
  }
  r.Finish();
  CheckLeaf(src, node, diags);
}

}  // namespace

Clinic ParseClinic(const std::string& path, std::string text, const Tables& tables,
                   Diagnostics* diags) {
  Clinic clinic;
  clinic.path = path;
  XmlSource src;
  if (!src.Parse(path, std::move(text), diags)) return clinic;
  pugi::xml_node root = src.doc().document_element();
  if (std::strcmp(root.name(), "clinic") != 0) {
    diags->push_back({src.Loc(root), std::string("expected the root element <clinic>, found <") +
                                         root.name() + ">"});
    return clinic;
  }
  ElementReader r(src, root, diags);
  if (auto f = r.Required("format"); f && *f != "1") {
    r.Error("format", "unsupported clinic file format '" + *f + "' (this version reads format 1)");
  }
  r.Finish();
  CheckNoText(src, root, diags);

  std::set<std::string> seen;
  bool has_address = false;
  for (pugi::xml_node c = root.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string name = c.name();
    auto once = [&]() {
      if (!seen.insert(name).second) {
        diags->push_back({src.Loc(c), "<" + name + "> is given twice in <clinic>"});
        return false;
      }
      return true;
    };
    if (name == "provider") {
      ReadProvider(src, c, &clinic, diags);
    } else if (name == "drug") {
      ReadDrug(src, c, tables, &clinic, diags);
    } else if (name == "fee") {
      ReadFee(src, c, tables, &clinic, diags);
    } else if (name == "charges") {
      if (once()) ReadCharges(src, c, &clinic, diags);
    } else if (name == "assignment") {
      if (once()) ReadAssignment(src, c, &clinic, diags);
    } else if (name == "address") {
      if (once()) {
        clinic.address = ReadAddress(src, c, diags);
        has_address = true;
      }
    } else if (name == "name" || name == "npi" || name == "taxId" || name == "taxonomy" ||
               name == "phone" || name == "email") {
      if (!once()) continue;
      auto value = ReadTextElement(src, c, diags);
      if (!value) continue;
      SourceLoc loc = src.Loc(c);
      if (name == "name") {
        clinic.name = *value;
      } else if (name == "npi") {
        clinic.npi = *value;
        if (!IsValidNpi(*value)) {
          diags->push_back(
              {loc, "clinic NPI " + *value + " is not 10 digits with a valid check digit"});
        }
      } else if (name == "taxId") {
        auto ein = NormalizeEin(*value);
        if (!ein) {
          diags->push_back({loc, "tax id " + *value + " is not an EIN of 9 digits (XX-XXXXXXX)"});
        } else if (!HasIssuedEinPrefix(*ein, tables.rules.ein_prefixes)) {
          diags->push_back({loc, "tax id " + *value + " has the prefix " + ein->substr(0, 2) +
                                     ", which the IRS does not issue"});
        } else {
          clinic.tax_id = *ein;
        }
      } else if (name == "taxonomy") {
        clinic.taxonomy = *value;
        if (!IsValidTaxonomy(*value)) {
          diags->push_back({loc, "taxonomy " + *value + " is not a NUCC taxonomy code"});
        }
      } else if (name == "phone") {
        clinic.phone = *value;
        if (!IsValidPhone(*value)) diags->push_back({loc, "phone number has not 10 to 15 digits"});
      } else {
        clinic.email = *value;
      }
    } else {
      diags->push_back({src.Loc(c), "unknown element <" + name + "> in <clinic>"});
    }
  }
  SourceLoc root_loc = src.Loc(root);
  for (const char* required : {"name", "taxId", "phone"}) {
    if (!seen.count(required)) {
      diags->push_back({root_loc, std::string("<clinic> needs a <") + required + "> element"});
    }
  }
  if (!has_address && !seen.count("address")) {
    diags->push_back({root_loc, "<clinic> needs an <address> element"});
  }
  if (clinic.providers.empty()) {
    diags->push_back({root_loc, "<clinic> needs at least one <provider>"});
  }
  return clinic;
}

Clinic LoadClinic(const std::string& path, const Tables& tables) {
  std::string text;
  bool too_large = false;
  if (!ReadFile(path, &text, kMaxInputBytes, &too_large)) {
    throw FatalError(Diagnostics{
        {{path},
         too_large ? "the clinic file is larger than 10 MB"
                   : std::string("cannot read the clinic file: ") + std::strerror(errno)}});
  }
  Diagnostics diags;
  Clinic clinic = ParseClinic(path, std::move(text), tables, &diags);
  if (!diags.empty()) throw FatalError(diags);
  return clinic;
}

}  // namespace superbill
