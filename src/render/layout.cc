#include "render/layout.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <set>

#include "common/text.h"
#include "render/cms1500_form.h"
#include "render/pdf/font_library.h"

namespace superbill {

namespace {

// Every key of a texts file, each with the {placeholders} its value must contain.
struct TextKey {
  const char* key;
  std::vector<std::string> placeholders;
};

const std::vector<TextKey>& TextKeys() {
  static const std::vector<TextKey> keys = {
      {"title", {}},
      {"subtitle", {}},
      {"statement_number", {}},
      {"statement_date", {}},
      {"dates_of_service", {}},
      {"page_of", {"n", "m"}},
      {"continued", {}},
      {"continued_next", {}},
      {"date_format", {}},
      {"currency", {}},
      {"clinic.phone", {}},
      {"clinic.tax_id", {}},
      {"clinic.npi", {}},
      {"clinic.taxonomy", {}},
      {"section.patient", {}},
      {"section.insurance", {}},
      {"section.providers", {}},
      {"section.diagnoses", {}},
      {"section.services", {}},
      {"section.payments", {}},
      {"section.totals", {}},
      {"section.signature", {}},
      {"patient.name", {}},
      {"patient.account", {}},
      {"patient.birth_date", {}},
      {"patient.sex", {}},
      {"patient.address", {}},
      {"patient.phone", {}},
      {"insurance.payer", {}},
      {"insurance.payer_id", {}},
      {"insurance.member_id", {}},
      {"insurance.group", {}},
      {"insurance.relationship", {}},
      {"insurance.subscriber", {}},
      {"insurance.subscriber_birth_date", {}},
      {"insurance.subscriber_address", {}},
      {"providers.name", {}},
      {"providers.npi", {}},
      {"providers.license", {}},
      {"providers.taxonomy", {}},
      {"diagnoses.pointer", {}},
      {"diagnoses.code", {}},
      {"diagnoses.description", {}},
      {"services.date", {}},
      {"services.pos", {}},
      {"services.code", {}},
      {"services.modifiers", {}},
      {"services.description", {}},
      {"services.dx", {}},
      {"services.units", {}},
      {"services.charge", {}},
      {"services.npi", {}},
      {"services.ndc", {"ndc", "unit", "qty"}},
      {"services.package", {"amount"}},
      {"legend.pos", {}},
      {"legend.modifiers", {}},
      {"payments.date", {}},
      {"payments.method", {}},
      {"payments.reference", {}},
      {"payments.amount", {}},
      {"payments.none", {}},
      {"totals.charges", {}},
      {"totals.paid", {}},
      {"totals.balance", {}},
      {"totals.credit", {}},
      {"signature.signed_by", {}},
      {"signature.date", {}},
      {"attestation", {}},
      {"attestation.shared", {"npi"}},
      {"cpt_notice", {}},
      {"sex.F", {}},
      {"sex.M", {}},
      {"sex.U", {}},
      {"relationship.self", {}},
      {"relationship.spouse", {}},
      {"relationship.child", {}},
      {"relationship.other", {}},
      {"method.card", {}},
      {"method.cash", {}},
      {"method.check", {}},
      {"method.ach", {}},
      {"method.other", {}},
      // Statements from the ledger (Claim::resubmission): a corrected one and a void.
      {"resubmission.corrected", {"date"}},
      {"resubmission.void", {"date"}},
      {"resubmission.reason", {"reason"}},
      {"resubmission.payer_claim_number", {"number"}},
  };
  return keys;
}

// The packet's texts (packet.<language>.txt): the cover page and the estimate, in the
// patient's language. Optional placeholders are listed here as allowed, not required.
const std::vector<TextKey>& PacketKeys() {
  static const std::vector<TextKey> keys = {
      {"cover.title", {}},
      {"cover.from", {"clinic"}},
      {"cover.for", {"patient", "statement", "date"}},
      {"cover.intro", {"clinic"}},
      {"cover.intro.medicare", {"clinic"}},
      {"cover.enclosed.title", {}},
      {"cover.enclosed.cover", {"page"}},
      {"cover.enclosed.estimate", {"page"}},
      {"cover.enclosed.letter", {"page", "provider"}},
      {"cover.enclosed.superbill", {"page"}},
      {"cover.enclosed.cms1500", {"page"}},
      {"cover.steps.title", {}},
      {"cover.medicare.title", {}},
      {"cover.medicare.rule", {}},
      {"cover.codes.title", {}},
      {"cover.codes.intro", {}},
      {"cover.diagnoses.intro", {}},
      {"cover.contact.title", {}},
      {"cover.contact", {"clinic", "phone"}},
      {"cover.contact.email", {"email"}},
      {"packet.page_of", {"n", "m"}},
      {"estimate.title", {}},
      {"estimate.notice", {}},
      {"estimate.basis.charge", {"percent"}},
      {"estimate.basis.medicare", {"percent", "year"}},
      {"estimate.benefits", {"deductible", "met", "coinsurance"}},
      {"estimate.oop", {"max", "met"}},
      {"estimate.date", {}},
      {"estimate.code", {}},
      {"estimate.charge", {}},
      {"estimate.allowed", {}},
      {"estimate.deductible", {}},
      {"estimate.coinsurance", {}},
      {"estimate.plan", {}},
      {"estimate.not_estimated", {}},
      {"estimate.total", {}},
      {"estimate.result", {"amount"}},
      {"estimate.not_estimated_note", {"count", "amount"}},
      {"estimate.oop_note", {}},
      {"estimate.medicare", {}},
  };
  return keys;
}

// The letter of medical necessity (letter.en.txt): always English, for the insurer.
const std::vector<TextKey>& LetterKeys() {
  static const std::vector<TextKey> keys = {
      {"letter.title", {}},
      {"letter.to", {"payer"}},
      {"letter.re", {"patient", "birth_date", "member_id"}},
      {"letter.group", {"group"}},
      {"letter.salutation", {}},
      {"letter.opening", {"patient", "treatment", "clinic", "first", "last"}},
      {"letter.diagnoses", {}},
      {"letter.trials.intro", {}},
      {"letter.trials.drug", {}},
      {"letter.trials.dose", {}},
      {"letter.trials.dates", {}},
      {"letter.trials.outcome", {}},
      {"letter.trials.none", {}},
      {"letter.trials.span", {"start", "end", "months"}},
      {"letter.trials.from", {"start"}},
      {"letter.trials.until", {"end"}},
      {"letter.trials.undated", {}},
      {"letter.treatment.infusion", {"drug"}},
      {"letter.treatment.injection", {"drug"}},
      {"letter.treatment.nasal", {"drug"}},
      {"letter.treatment.block", {}},
      {"letter.treatment.psychotherapy", {}},
      {"letter.treatment.other", {}},
      {"letter.treatment.and", {}},
      {"letter.therapies.intro", {}},
      {"letter.therapies.item", {"kind"}},
      {"letter.therapies.sessions", {"sessions"}},
      {"letter.scores.intro", {}},
      {"letter.scores.instrument", {}},
      {"letter.scores.before", {}},
      {"letter.scores.during", {}},
      {"letter.scores.change", {}},
      {"letter.scores.not_measured", {}},
      {"letter.scores.value", {"value", "date"}},
      {"letter.necessity", {"treatment", "trials"}},
      {"letter.necessity.other", {"treatment"}},
      {"letter.closing", {"phone"}},
      {"letter.signoff", {}},
      {"letter.npi", {"npi"}},
      {"letter.license", {"license"}},
  };
  return keys;
}

// Keys given as a numbered list, PREFIX.1, PREFIX.2 ... (at least one, no gaps), each
// with no placeholders: the steps of the cover page, the paragraphs of an explanation.
const std::vector<std::string>& NumberedKeys(const std::vector<TextKey>& keys) {
  static const std::vector<std::string> packet = {"commercial.step", "medicare.step",
                                                  "estimate.how"};
  static const std::vector<std::string> none;
  return &keys == &PacketKeys() ? packet : none;
}

// Placeholders a value may use beyond its required ones.
const std::map<std::string, std::vector<std::string>>& OptionalPlaceholders() {
  static const std::map<std::string, std::vector<std::string>> optional = {
      {"services.ndc", {"drug", "dose"}},
      {"letter.re", {"group"}},
      {"cover.for", {"account"}},
      {"estimate.result", {"charges"}},
  };
  return optional;
}

const std::set<std::string>& Base14Fonts() {
  static const std::set<std::string> fonts = {
      "Courier",     "Courier-Bold",   "Courier-Oblique",   "Courier-BoldOblique",
      "Helvetica",   "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique",
      "Times-Roman", "Times-Bold",     "Times-Italic",      "Times-BoldItalic",
      "Symbol",      "ZapfDingbats"};
  return fonts;
}

// Column names each table knows, and which of them the statement must show.
struct TableSpec {
  const char* key;
  std::vector<ColumnSpec> Layout::*field;
  std::vector<std::string> known;
  std::vector<std::string> required;
  std::map<std::string, char> default_align;
};

const std::vector<TableSpec>& TableSpecs() {
  static const std::vector<TableSpec> specs = {
      {"services.columns",
       &Layout::services_columns,
       {"date", "pos", "code", "modifiers", "description", "dx", "units", "charge", "npi"},
       {"date", "pos", "code", "modifiers", "description", "dx", "units", "charge"},
       {{"units", 'r'}, {"charge", 'r'}}},
      {"payments.columns",
       &Layout::payments_columns,
       {"date", "method", "reference", "amount"},
       {"date", "method", "amount"},
       {{"amount", 'r'}}},
      {"providers.columns",
       &Layout::providers_columns,
       {"name", "npi", "license", "taxonomy"},
       {"name", "npi", "license", "taxonomy"},
       {}},
      {"diagnoses.columns",
       &Layout::diagnoses_columns_spec,
       {"pointer", "code", "description"},
       {"pointer", "code", "description"},
       {}},
  };
  return specs;
}

const std::vector<std::string>& SectionNames() {
  static const std::vector<std::string> names = {"header",    "patient",   "insurance",
                                                 "providers", "diagnoses", "services",
                                                 "payments",  "totals",    "signature"};
  return names;
}

// A value of a `key = value` line with where it starts, for diagnostics.
struct Entry {
  std::string value;
  int line = 0;
  int col = 0;  // column of the value's first character
};

// 1-based column (in code points) of byte offset `offset` within `line`.
int ColumnOf(std::string_view line, std::size_t offset) {
  int col = 1;
  for (std::size_t i = 0; i < offset && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

// Reads `key = value` lines (blank lines and lines starting with # are skipped).
std::map<std::string, Entry> ReadKeyValues(const std::string& path, const std::string& text,
                                           Diagnostics* diags) {
  std::map<std::string, Entry> entries;
  std::size_t bad = FindInvalidUtf8(text);
  if (bad != std::string::npos) {
    int line, col;
    LineIndex(text).Locate(bad, &line, &col);
    diags->push_back({{path, line, col}, "invalid UTF-8"});
    return entries;
  }
  int line_no = 0;
  for (const auto& raw_line : Split(text, '\n')) {
    ++line_no;
    std::string_view raw = raw_line;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::size_t first = raw.find_first_not_of(" \t");
    if (first == std::string_view::npos || raw[first] == '#') continue;
    std::size_t eq = raw.find('=');
    if (eq == std::string_view::npos) {
      diags->push_back({{path, line_no, ColumnOf(raw, first)}, "expected 'key = value'"});
      continue;
    }
    std::string key = Trim(raw.substr(0, eq));
    if (key.empty()) {
      diags->push_back({{path, line_no, ColumnOf(raw, first)}, "expected a key before '='"});
      continue;
    }
    std::size_t value_start = raw.find_first_not_of(" \t", eq + 1);
    Entry entry;
    entry.value = Trim(raw.substr(eq + 1));
    entry.line = line_no;
    entry.col = ColumnOf(raw, value_start == std::string_view::npos ? raw.size() : value_start);
    if (!entries.emplace(key, entry).second) {
      diags->push_back({{path, line_no, ColumnOf(raw, first)}, "key '" + key + "' is given twice"});
    }
  }
  return entries;
}

// Whitespace-separated items of a value, each with its column.
std::vector<std::pair<std::string, int>> Items(const Entry& e, char sep = ' ') {
  std::vector<std::pair<std::string, int>> out;
  const std::string& v = e.value;
  std::size_t i = 0;
  while (i < v.size()) {
    while (i < v.size() && (v[i] == sep || v[i] == ' ' || v[i] == '\t')) ++i;
    if (i >= v.size()) break;
    std::size_t start = i;
    while (i < v.size() && v[i] != sep && v[i] != ' ' && v[i] != '\t') ++i;
    out.push_back({v.substr(start, i - start), e.col + ColumnOf(v, start) - 1});
  }
  return out;
}

bool ParseNumber(std::string_view s, double* out) {
  if (s.empty() || s[0] == '+' || s[0] == '-') return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool ParseWhole(std::string_view s, int* out) {
  if (s.empty() || s[0] == '+' || s[0] == '-') return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::string Resolve(const std::string& dir, const std::string& path) {
  if (path.empty() || path[0] == '/') return path;
  return (std::filesystem::path(dir) / path).lexically_normal().string();
}

// {name} placeholders of a value, in order; false on an unbalanced brace.
bool Placeholders(const std::string& value, std::vector<std::string>* names) {
  std::size_t i = 0;
  while ((i = value.find_first_of("{}", i)) != std::string::npos) {
    if (value[i] == '}') return false;
    std::size_t close = value.find_first_of("{}", i + 1);
    if (close == std::string::npos || value[close] == '{') return false;
    names->push_back(value.substr(i + 1, close - i - 1));
    i = close + 1;
  }
  return true;
}

}  // namespace

const std::string& Texts::Get(std::string_view key) const {
  static const std::string empty;
  auto it = values.find(key);
  return it == values.end() ? empty : it->second;
}

const Texts* Layout::SecondTexts(const std::string& language) const {
  if (language == "en") return nullptr;
  auto it = texts.find(language);
  return it == texts.end() ? nullptr : &it->second;
}

const Texts& Layout::TextsFor(const std::string& language) const {
  auto it = texts.find(language);
  if (it != texts.end()) return it->second;
  static const Texts none;
  it = texts.find("en");
  return it == texts.end() ? none : it->second;
}

void ParseLayout(const std::string& path, const std::string& text, const std::string& dir,
                 Layout* layout, Diagnostics* diags) {
  std::map<std::string, Entry> entries = ReadKeyValues(path, text, diags);
  std::set<std::string> used;
  auto get = [&](const std::string& key) -> const Entry* {
    used.insert(key);
    auto it = entries.find(key);
    if (it == entries.end()) {
      diags->push_back({{path}, "missing key '" + key + "'"});
      return nullptr;
    }
    return &it->second;
  };
  auto bad = [&](const Entry& e, int col, const std::string& key, const std::string& what) {
    diags->push_back({{path, e.line, col}, "key '" + key + "': " + what});
  };
  auto number = [&](const std::string& key, double min, double max, double* out) {
    const Entry* e = get(key);
    if (!e) return;
    double v = 0;
    if (!ParseNumber(e->value, &v) || v < min || v > max) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "expected a number from %g to %g", min, max);
      bad(*e, e->col, key, buf);
      return;
    }
    *out = v;
  };
  auto whole = [&](const std::string& key, int min, int max, int* out) {
    const Entry* e = get(key);
    if (!e) return;
    int v = 0;
    if (!ParseWhole(e->value, &v) || v < min || v > max) {
      bad(*e, e->col, key,
          "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max));
      return;
    }
    *out = v;
  };
  auto choice = [&](const std::string& key, const std::vector<std::string>& options,
                    std::string* out) {
    const Entry* e = get(key);
    if (!e) return;
    if (std::find(options.begin(), options.end(), e->value) == options.end()) {
      std::string list;
      for (const auto& o : options) list += (list.empty() ? "" : " or ") + o;
      bad(*e, e->col, key, "expected " + list);
      return;
    }
    *out = e->value;
  };
  auto base14 = [&](const std::string& key, std::string* out) {
    const Entry* e = get(key);
    if (!e) return;
    if (!Base14Fonts().count(e->value)) {
      bad(*e, e->col, key, "expected a standard PDF font name such as Helvetica");
      return;
    }
    *out = e->value;
  };
  auto font_list = [&](const std::string& key, std::vector<std::string>* out) {
    const Entry* e = get(key);
    if (!e) return;
    out->clear();
    for (const auto& [item, col] : Items(*e)) {
      std::string lower = item;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lower.size() < 4 || lower.substr(lower.size() - 4) != ".ttf") {
        bad(*e, col, key, "expected TrueType font files (.ttf), found '" + item + "'");
        out->clear();
        return;
      }
      out->push_back(Resolve(dir, item));
    }
    if (out->empty()) bad(*e, e->col, key, "expected at least one font file");
  };

  layout->dir = dir;
  if (!layout->fonts) layout->fonts = std::make_shared<FontLibrary>();
  number("page.width", 144, 2000, &layout->page_width);
  number("page.height", 144, 2000, &layout->page_height);
  number("margin.top", 0, 144, &layout->margin_top);
  number("margin.bottom", 0, 144, &layout->margin_bottom);
  number("margin.left", 0, 144, &layout->margin_left);
  number("margin.right", 0, 144, &layout->margin_right);
  base14("font.regular", &layout->font_regular);
  base14("font.bold", &layout->font_bold);
  font_list("unicode.regular", &layout->unicode_regular);
  font_list("unicode.bold", &layout->unicode_bold);
  std::string embed;
  choice("unicode.embed", {"auto", "always"}, &embed);
  layout->unicode_always = embed == "always";
  number("size.title", 6, 48, &layout->size_title);
  number("size.clinic", 6, 36, &layout->size_clinic);
  number("size.heading", 6, 24, &layout->size_heading);
  number("size.body", 6, 18, &layout->size_body);
  number("size.small", 6, 18, &layout->size_small);
  number("size.translation", 4, 18, &layout->size_translation);
  number("line_spacing", 1, 3, &layout->line_spacing);
  number("packet.size.body", 6, 18, &layout->packet_size_body);
  number("packet.size.title", 6, 48, &layout->packet_size_title);
  number("cell_padding", 0, 12, &layout->cell_padding);
  number("row_padding", 0, 12, &layout->row_padding);
  number("section_gap", 0, 72, &layout->section_gap);
  number("column_gap", 0, 72, &layout->column_gap);
  number("column_min_gap", 0, 72, &layout->column_min_gap);
  number("rule_width", 0.1, 4, &layout->rule_width);
  number("heavy_rule_width", 0.1, 6, &layout->heavy_rule_width);
  whole("max_cell_lines", 1, 40, &layout->max_cell_lines);
  if (const Entry* e = get("logo")) {
    layout->logo = Resolve(dir, e->value);
    std::string lower = e->value;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (!lower.empty() && (lower.size() < 4 || lower.substr(lower.size() - 4) != ".png")) {
      bad(*e, e->col, "logo", "expected a PNG file (.png) or nothing");
      layout->logo.clear();
    }
  }
  number("logo.height", 8, 144, &layout->logo_height);
  number("logo.max_width", 8, 288, &layout->logo_max_width);
  whole("diagnoses.split", 1, 3, &layout->diagnoses_columns);
  number("signature.height", 12, 144, &layout->signature_height);

  const double content_width = layout->page_width - layout->margin_left - layout->margin_right;

  // sections = header; patient insurance; ...
  if (const Entry* e = get("sections")) {
    layout->sections.clear();
    std::set<std::string> seen;
    bool ok = true;
    std::size_t start = 0;
    const std::string& v = e->value;
    while (ok && start <= v.size()) {
      std::size_t end = v.find(';', start);
      if (end == std::string::npos) end = v.size();
      Entry row{v.substr(start, end - start), e->line, e->col + ColumnOf(v, start) - 1};
      std::vector<std::string> names;
      const auto items = Items(row);
      for (const auto& [name, col] : items) {
        const auto& known = SectionNames();
        if (std::find(known.begin(), known.end(), name) == known.end()) {
          bad(*e, col, "sections", "unknown section '" + name + "'");
          ok = false;
          break;
        }
        if (!seen.insert(name).second) {
          bad(*e, col, "sections", "section '" + name + "' is given twice");
          ok = false;
          break;
        }
        if ((name == "services" || name == "header") && items.size() > 1) {
          bad(*e, col, "sections", "section '" + name + "' must stand alone in its row");
          ok = false;
          break;
        }
        names.push_back(name);
      }
      if (ok && names.size() > 3) {
        bad(*e, row.col, "sections", "at most 3 sections side by side");
        ok = false;
      }
      if (ok && !names.empty()) layout->sections.push_back(names);
      start = end + 1;
    }
    if (ok) {
      for (const auto& name : SectionNames()) {
        if (!seen.count(name)) {
          bad(*e, e->col, "sections", "section '" + name + "' is missing");
          break;
        }
      }
    }
  }

  // Columns: name:width[:align], width '*' for the one column that takes the rest.
  for (const auto& spec : TableSpecs()) {
    const Entry* e = get(spec.key);
    if (!e) continue;
    std::vector<ColumnSpec> columns;
    std::set<std::string> seen;
    int stars = 0;
    double fixed = 0;
    bool ok = true;
    for (const auto& [item, col] : Items(*e)) {
      auto parts = Split(item, ':');
      ColumnSpec c;
      c.name = parts[0];
      if (std::find(spec.known.begin(), spec.known.end(), c.name) == spec.known.end()) {
        bad(*e, col, spec.key, "unknown column '" + c.name + "'");
        ok = false;
        break;
      }
      if (!seen.insert(c.name).second) {
        bad(*e, col, spec.key, "column '" + c.name + "' is given twice");
        ok = false;
        break;
      }
      auto it = spec.default_align.find(c.name);
      c.align = it == spec.default_align.end() ? 'l' : it->second;
      bool good = parts.size() == 2 || parts.size() == 3;
      if (good && parts[1] == "*") {
        ++stars;
      } else if (good) {
        good = ParseNumber(parts[1], &c.width) && c.width >= 8 && c.width <= content_width;
        fixed += c.width;
      }
      if (good && parts.size() == 3) {
        good = parts[2] == "l" || parts[2] == "c" || parts[2] == "r";
        if (good) c.align = parts[2][0];
      }
      if (!good) {
        bad(*e, col, spec.key,
            "expected NAME:WIDTH or NAME:WIDTH:ALIGN (WIDTH in points or *, ALIGN l, c or r), "
            "found '" +
                item + "'");
        ok = false;
        break;
      }
      columns.push_back(c);
    }
    if (!ok) continue;
    for (const auto& name : spec.required) {
      if (!seen.count(name)) {
        bad(*e, e->col, spec.key, "column '" + name + "' is missing");
        ok = false;
        break;
      }
    }
    if (ok && stars != 1) {
      bad(*e, e->col, spec.key, "expected exactly one column of width *");
      ok = false;
    }
    // Diagnoses may stand in groups side by side; other tables span the content width.
    double available = content_width;
    if (spec.field == &Layout::diagnoses_columns_spec) {
      int n = layout->diagnoses_columns;
      available = (content_width - (n - 1) * layout->column_gap) / n;
    }
    if (ok && fixed + 24 > available) {
      char buf[128];
      std::snprintf(buf, sizeof buf,
                    "fixed widths add up to %g points, leaving less than 24 of %g for *", fixed,
                    available);
      bad(*e, e->col, spec.key, buf);
      ok = false;
    }
    if (ok) layout->*spec.field = columns;
  }

  for (const auto& [key, entry] : entries) {
    if (!used.count(key)) {
      diags->push_back({{path, entry.line, 1}, "unknown key '" + key + "'"});
    }
  }
}

namespace {

Texts ParseKeyTexts(const std::string& path, const std::string& text, const std::string& language,
                    const std::vector<TextKey>& keys, Diagnostics* diags) {
  Texts texts;
  texts.language = language;
  texts.path = path;
  std::map<std::string, Entry> entries = ReadKeyValues(path, text, diags);
  std::set<std::string> known;
  for (const auto& prefix : NumberedKeys(keys)) {
    int n = 0;
    for (;;) {
      const std::string key = prefix + "." + std::to_string(n + 1);
      auto it = entries.find(key);
      if (it == entries.end()) break;
      ++n;
      known.insert(key);
      std::vector<std::string> names;
      if (!Placeholders(it->second.value, &names) || !names.empty()) {
        diags->push_back({{path, it->second.line, it->second.col},
                          "key '" + key + "': takes no { } placeholders"});
      } else if (it->second.value.empty()) {
        diags->push_back(
            {{path, it->second.line, it->second.col}, "key '" + key + "': empty text"});
      } else {
        texts.values[key] = it->second.value;
      }
    }
    if (n == 0) diags->push_back({{path}, "missing key '" + prefix + ".1'"});
  }
  for (const auto& k : keys) {
    known.insert(k.key);
    auto it = entries.find(k.key);
    if (it == entries.end()) {
      diags->push_back({{path}, "missing key '" + std::string(k.key) + "'"});
      continue;
    }
    const Entry& e = it->second;
    std::vector<std::string> names;
    if (!Placeholders(e.value, &names)) {
      diags->push_back({{path, e.line, e.col}, "key '" + std::string(k.key) + "': unbalanced { }"});
      continue;
    }
    std::vector<std::string> allowed = k.placeholders;
    auto opt = OptionalPlaceholders().find(k.key);
    if (opt != OptionalPlaceholders().end()) {
      allowed.insert(allowed.end(), opt->second.begin(), opt->second.end());
    }
    bool ok = true;
    for (const auto& n : names) {
      if (std::find(allowed.begin(), allowed.end(), n) == allowed.end()) {
        diags->push_back(
            {{path, e.line, e.col + ColumnOf(e.value, e.value.find("{" + n + "}")) - 1},
             "key '" + std::string(k.key) + "': unknown placeholder {" + n + "}"});
        ok = false;
        break;
      }
    }
    for (const auto& n : k.placeholders) {
      if (ok && std::find(names.begin(), names.end(), n) == names.end()) {
        diags->push_back(
            {{path, e.line, e.col}, "key '" + std::string(k.key) + "': expected {" + n + "}"});
        ok = false;
      }
    }
    if (ok && std::string(k.key) == "date_format") {
      for (const char* token : {"YYYY", "MM", "DD"}) {
        if (e.value.find(token) == std::string::npos) {
          diags->push_back({{path, e.line, e.col},
                            "key 'date_format': expected YYYY, MM and DD, as in MM/DD/YYYY"});
          ok = false;
          break;
        }
      }
    }
    if (ok && e.value.empty() && std::string(k.key) != "currency" &&
        std::string(k.key) != "diagnoses.pointer") {
      diags->push_back({{path, e.line, e.col}, "key '" + std::string(k.key) + "': empty text"});
      ok = false;
    }
    if (ok) texts.values[k.key] = e.value;
  }
  for (const auto& [key, entry] : entries) {
    if (!known.count(key)) {
      diags->push_back({{path, entry.line, 1}, "unknown key '" + key + "'"});
    }
  }
  return texts;
}

}  // namespace

Texts ParseTexts(const std::string& path, const std::string& text, const std::string& language,
                 Diagnostics* diags) {
  return ParseKeyTexts(path, text, language, TextKeys(), diags);
}

Texts ParsePacketTexts(const std::string& path, const std::string& text,
                       const std::string& language, Diagnostics* diags) {
  return ParseKeyTexts(path, text, language, PacketKeys(), diags);
}

Texts ParseLetterTexts(const std::string& path, const std::string& text, Diagnostics* diags) {
  return ParseKeyTexts(path, text, "en", LetterKeys(), diags);
}

std::vector<std::string> Texts::List(std::string_view prefix) const {
  std::vector<std::string> out;
  for (int n = 1;; ++n) {
    auto it = values.find(std::string(prefix) + "." + std::to_string(n));
    if (it == values.end()) return out;
    out.push_back(it->second);
  }
}

const Texts& Layout::PacketTextsFor(const std::string& language) const {
  auto it = packet_texts.find(language);
  if (it != packet_texts.end()) return it->second;
  static const Texts none;
  it = packet_texts.find("en");
  return it == packet_texts.end() ? none : it->second;
}

CanvasFonts CanvasFontsOf(const Layout& layout) {
  CanvasFonts fonts;
  fonts.regular = layout.font_regular;
  fonts.bold = layout.font_bold;
  fonts.unicode_regular = layout.unicode_regular;
  fonts.unicode_bold = layout.unicode_bold;
  fonts.library = layout.fonts;
  return fonts;
}

Layout LoadLayout(const std::string& dir) {
  Layout layout;
  Diagnostics diags;
  const std::string layout_path = (std::filesystem::path(dir) / "superbill.layout").string();
  std::string text;
  if (!ReadFile(layout_path, &text, 1 << 20)) {
    throw FatalError(Diagnostics{{{layout_path}, "cannot read the layout file"}});
  }
  ParseLayout(layout_path, text, dir, &layout, &diags);

  // Font and logo files must exist: a missing one is a bad template.
  auto check_file = [&](const std::string& key, const std::string& file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      diags.push_back({{layout_path}, "key '" + key + "': file not found: " + file});
    }
  };
  for (const auto& f : layout.unicode_regular) check_file("unicode.regular", f);
  for (const auto& f : layout.unicode_bold) check_file("unicode.bold", f);
  if (!layout.logo.empty()) check_file("logo", layout.logo);

  // texts.<language>.txt, in name order.
  std::vector<std::filesystem::path> text_files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.size() > 10 && name.rfind("texts.", 0) == 0 &&
        name.substr(name.size() - 4) == ".txt") {
      text_files.push_back(it->path());
    }
  }
  std::sort(text_files.begin(), text_files.end());
  for (const auto& file : text_files) {
    std::string name = file.filename().string();
    std::string language = name.substr(6, name.size() - 10);
    std::string file_text;
    if (!ReadFile(file.string(), &file_text, 1 << 20)) {
      diags.push_back({{file.string()}, "cannot read the texts file"});
      continue;
    }
    layout.texts[language] = ParseTexts(file.string(), file_text, language, &diags);
  }
  const std::string form_path = (std::filesystem::path(dir) / "cms1500.txt").string();
  std::string form_text;
  if (!ReadFile(form_path, &form_text, 1 << 20)) {
    diags.push_back({{form_path}, "cannot read the CMS-1500 form template"});
  } else {
    layout.cms1500 =
        std::make_shared<const Cms1500Template>(ParseCms1500Template(form_path, form_text, &diags));
  }
  if (!layout.texts.count("en")) {
    diags.push_back(
        {{(std::filesystem::path(dir) / "texts.en.txt").string()}, "missing English texts file"});
  }
  // The packet's texts: packet.<language>.txt (English required) and letter.en.txt.
  for (const auto& [language, unused] : layout.texts) {
    const std::string file =
        (std::filesystem::path(dir) / ("packet." + language + ".txt")).string();
    std::string file_text;
    std::error_code exists_ec;
    if (!std::filesystem::exists(file, exists_ec)) {
      if (language == "en") diags.push_back({{file}, "missing English packet texts file"});
      continue;
    }
    if (!ReadFile(file, &file_text, 1 << 20)) {
      diags.push_back({{file}, "cannot read the packet texts file"});
      continue;
    }
    layout.packet_texts[language] = ParsePacketTexts(file, file_text, language, &diags);
  }
  {
    const std::string file = (std::filesystem::path(dir) / "letter.en.txt").string();
    std::string file_text;
    if (!ReadFile(file, &file_text, 1 << 20)) {
      diags.push_back({{file}, "cannot read the letter texts file"});
    } else {
      layout.letter_texts = ParseLetterTexts(file, file_text, &diags);
    }
  }
  if (!diags.empty()) throw FatalError(diags);
  return layout;
}

}  // namespace superbill
