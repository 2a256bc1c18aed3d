#include "input/clinic_reader.h"

#include <cerrno>
#include <cstring>
#include <set>
#include <string_view>

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
    r.Error("id", "provider id " + Quoted(p.id) + " is used twice");
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
        pr.Error("mg", "drug " + Quoted(d.id) + " has two packages of " + p.mg.ToString() +
                           " mg (the first is at line " + std::to_string(other.loc.line) + ")");
      }
    }
    d.packages.push_back(p);
  }
  if (!d.id.empty() && clinic->FindDrug(d.id))
    r.Error("id", "drug id " + Quoted(d.id) + " is used twice");
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

// One delimiter of the X12 envelope: a single printable character that is neither a letter,
// a digit nor a space.
void ReadDelimiter(ElementReader& r, const char* name, char* out) {
  auto v = r.Optional(name);
  if (!v) return;
  const unsigned char c = v->size() == 1 ? static_cast<unsigned char>((*v)[0]) : 0;
  const bool ok = c > 0x20 && c < 0x7f &&
                  !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
  if (!ok) {
    r.Error(name, std::string("'") + name +
                      "' must be one printable character that is not a letter, digit or space");
    return;
  }
  *out = static_cast<char>(c);
}

// An X12 value from the clinic file: `min` to `max` printable ASCII characters; an id
// (`id` true) only of the X12 basic character set in capitals, which the 837P carries as
// given. Whether it holds a delimiter is checked once all delimiters are known.
std::string ReadX12Value(ElementReader& r, const char* name, std::size_t min, std::size_t max,
                         bool id) {
  auto v = r.Required(name);
  if (!v) return "";
  static constexpr std::string_view kBasicSpecial = " !\"&'()*+,-./:;?=";
  bool ok = v->size() >= min && v->size() <= max;
  for (char c : *v) {
    const bool basic = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       kBasicSpecial.find(c) != std::string_view::npos;
    ok = ok && (id ? basic : c >= 0x20 && c < 0x7f);
  }
  if (!ok) {
    r.Error(name,
            std::string("'") + name + "' must be " + std::to_string(min) + " to " +
                std::to_string(max) +
                (id ? " capital letters, digits, spaces or X12 punctuation (!\"&'()*+,-./:;?=)"
                    : " printable ASCII characters"));
    return "";
  }
  return *v;
}

void ReadX12(const XmlSource& src, pugi::xml_node node, Clinic* clinic, Diagnostics* diags) {
  X12Settings x;
  x.loc = src.Loc(node);
  ElementReader r(src, node, diags);
  if (auto u = r.Required("usage")) {
    if (auto c = ParseChoiceAttr(r, "usage", *u, "T|P")) x.usage = (*c)[0];
  }
  if (auto f = r.Optional("firstControlNumber")) {
    std::int64_t n = 0;
    bool ok = !f->empty() && f->size() <= 9;
    for (char c : *f) {
      if (c < '0' || c > '9') ok = false;
      if (ok) n = n * 10 + (c - '0');
    }
    if (!ok || n < 1) {
      r.Error("firstControlNumber",
              "'firstControlNumber' must be a whole number from 1 to 999999999");
    } else {
      x.first_control_number = n;
    }
  }
  ReadDelimiter(r, "elementSeparator", &x.element_separator);
  ReadDelimiter(r, "componentSeparator", &x.component_separator);
  ReadDelimiter(r, "repetitionSeparator", &x.repetition_separator);
  ReadDelimiter(r, "segmentTerminator", &x.segment_terminator);
  if (auto b = r.Optional("lineBreak")) {
    if (auto c = ParseChoiceAttr(r, "lineBreak", *b, "none|lf|crlf")) {
      x.line_break = *c == "lf" ? "\n" : *c == "crlf" ? "\r\n" : "";
    }
  }
  r.Finish();
  const std::string delimiters = {x.element_separator, x.component_separator,
                                  x.repetition_separator, x.segment_terminator};
  if (std::set<char>(delimiters.begin(), delimiters.end()).size() != 4) {
    diags->push_back({x.loc,
                      "the four X12 delimiters (element, component, repetition, segment) "
                      "must be different characters"});
  }
  CheckNoText(src, node, diags);
  // A value that holds a delimiter would end its element early: an error, not a silent edit.
  auto no_delimiter = [&](ElementReader& er, const char* name, const std::string& value) {
    if (value.find_first_of(delimiters) != std::string::npos) {
      er.Error(name, std::string("'") + name + "' holds one of the X12 delimiters " + delimiters);
    }
  };
  std::set<std::string> seen;
  for (pugi::xml_node c = node.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string name = c.name();
    if (name != "submitter" && name != "receiver" && name != "interchange") {
      diags->push_back({src.Loc(c), "unknown element <" + name + "> in <x12>"});
      continue;
    }
    if (!seen.insert(name).second) {
      diags->push_back({src.Loc(c), "<" + name + "> is given twice in <x12>"});
      continue;
    }
    ElementReader er(src, c, diags);
    auto value = [&](const char* attribute, std::size_t min, std::size_t max, bool id) {
      std::string v = ReadX12Value(er, attribute, min, max, id);
      no_delimiter(er, attribute, v);
      return v;
    };
    if (name == "submitter") {
      x.submitter_name = value("name", 1, 60, false);
      x.submitter_id = value("id", 2, 80, true);
      x.submitter_contact = value("contact", 1, 60, false);
      if (auto phone = er.Required("phone")) {
        std::string digits;
        bool ok = true;
        for (char ch : *phone) {
          if (ch >= '0' && ch <= '9') {
            digits += ch;
          } else if (ch != '-' && ch != ' ' && ch != '(' && ch != ')' && ch != '.') {
            ok = false;
          }
        }
        if (!ok || digits.size() != 10) {
          er.Error("phone", "'phone' must be a US phone number of 10 digits");
        } else {
          x.submitter_phone = digits;
        }
      }
    } else if (name == "receiver") {
      x.receiver_name = value("name", 1, 60, false);
      x.receiver_id = value("id", 2, 80, true);
    } else {
      // ISA05 and ISA07 qualifiers of the 837P implementation guide.
      const std::string qualifiers = "01|14|20|27|28|29|30|33|ZZ";
      if (auto q = er.Optional("senderQualifier")) {
        x.sender_qualifier = ParseChoiceAttr(er, "senderQualifier", *q, qualifiers).value_or("ZZ");
      }
      x.sender_id = value("senderId", 2, 15, true);
      if (auto q = er.Optional("receiverQualifier")) {
        x.receiver_qualifier =
            ParseChoiceAttr(er, "receiverQualifier", *q, qualifiers).value_or("ZZ");
      }
      x.interchange_receiver_id = value("receiverId", 2, 15, true);
    }
    er.Finish();
    CheckLeaf(src, c, diags);
  }
  for (const char* required : {"submitter", "receiver", "interchange"}) {
    if (!seen.count(required)) {
      diags->push_back({x.loc, std::string("<x12> needs a <") + required + "> element"});
    }
  }
  clinic->x12 = x;
}

}  // namespace

Clinic ParseClinic(const std::string& path, std::string text, const Tables& tables,
                   Diagnostics* diags) {
  Clinic clinic;
  clinic.path = path;
  XmlSource src;
  src.set_limits(&tables.field_limits);
  if (!src.Parse(path, std::move(text), diags)) return clinic;
  pugi::xml_node root = src.doc().document_element();
  if (std::strcmp(root.name(), "clinic") != 0) {
    diags->push_back({src.Loc(root), std::string("expected the root element <clinic>, found <") +
                                         root.name() + ">"});
    return clinic;
  }
  ElementReader r(src, root, diags);
  if (auto f = r.Required("format"); f && *f != "1") {
    r.Error("format",
            "unsupported clinic file format " + Quoted(*f) + " (this version reads format 1)");
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
    } else if (name == "x12") {
      if (once()) ReadX12(src, c, &clinic, diags);
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
          diags->push_back(
              {loc, "tax id " + Quoted(*value) + " is not an EIN of 9 digits (XX-XXXXXXX)"});
        } else if (!HasIssuedEinPrefix(*ein, tables.rules.ein_prefixes)) {
          diags->push_back({loc, "tax id " + Quoted(*value) + " has the prefix " +
                                     ein->substr(0, 2) + ", which the IRS does not issue"});
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
  // What loop 2010AA of an 837P needs of the billing provider beyond the superbill.
  if (clinic.x12 && seen.count("npi") == 0) {
    diags->push_back({clinic.x12->loc,
                      "<x12> needs the clinic's <npi>: the 837P names the billing provider "
                      "(loop 2010AA) by its Type 2 NPI"});
  }
  if (clinic.x12 && !clinic.address.postal_code.empty()) {
    std::size_t digits = 0;
    for (char ch : clinic.address.postal_code) digits += ch >= '0' && ch <= '9';
    if (digits != 9) {
      diags->push_back({clinic.address.loc,
                        "with <x12>, the clinic's postalCode must have all 9 digits (ZIP+4): the "
                        "837P billing provider address (loop 2010AA) needs them"});
    }
  }
  return clinic;
}

Clinic LoadClinic(const std::string& path, const Tables& tables) {
  std::string text;
  const ReadResult read = ReadRegularFile(path, &text, kMaxInputBytes);
  if (read != ReadResult::kOk) {
    const char* not_a_file = NotAFileMessage(read);
    throw FatalError(
        Diagnostics{{{path},
                     not_a_file ? std::string(not_a_file)
                     : read == ReadResult::kTooLarge
                         ? std::string("the clinic file is larger than 10 MB")
                         : std::string("cannot read the clinic file: ") + std::strerror(errno)}});
  }
  Diagnostics diags;
  Clinic clinic = ParseClinic(path, std::move(text), tables, &diags);
  if (!diags.empty()) throw FatalError(diags);
  return clinic;
}

}  // namespace superbill
