#include "input/tables_reader.h"

#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "common/diagnostic.h"
#include "common/text.h"

namespace superbill {
namespace {

bool ParseInt(const std::string& s, int* out) {
  if (s.empty() || s.size() > 6) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// "96360-96379" or "64510": a range of codes of equal length; nullopt otherwise.
std::optional<CodeRange> ParseCodeRange(const std::string& item) {
  auto parts = Split(item, '-');
  CodeRange r{parts[0], parts.size() == 2 ? parts[1] : parts[0]};
  if (parts.size() > 2 || r.first.empty() || r.first.size() != r.last.size() || r.last < r.first) {
    return std::nullopt;
  }
  return r;
}

// Why a table file could not be read (errno still set by the read).
std::string ReadTableProblem(ReadResult read) {
  if (const char* not_a_file = NotAFileMessage(read)) return not_a_file;
  return std::string("cannot read table: ") + std::strerror(errno);
}

// Reads a CSV table with the exact `header`; calls `row` for each data record.
void ReadCsvTable(const std::string& path, const std::vector<std::string>& header,
                  Diagnostics* diags, const std::function<void(const CsvRecord&, SourceLoc)>& row) {
  std::string text;
  if (const ReadResult read = ReadRegularFile(path, &text); read != ReadResult::kOk) {
    diags->push_back({{path}, ReadTableProblem(read)});
    return;
  }
  std::vector<CsvRecord> records;
  std::string error;
  int error_line = 0;
  if (!ParseCsv(text, &records, &error, &error_line)) {
    diags->push_back({{path, error_line, 1}, error});
    return;
  }
  if (records.empty() || records.front().fields != header) {
    std::string expected;
    for (const auto& h : header) expected += (expected.empty() ? "" : ",") + h;
    diags->push_back({{path, 1, 1}, "the first line must be the header: " + expected});
    return;
  }
  for (std::size_t i = 1; i < records.size(); ++i) {
    SourceLoc loc{path, records[i].line, 1};
    if (records[i].fields.size() != header.size()) {
      diags->push_back({loc, "expected " + std::to_string(header.size()) + " fields, found " +
                                 std::to_string(records[i].fields.size())});
      continue;
    }
    row(records[i], loc);
  }
}

void LoadProcedures(const std::string& path, Tables* t, Diagnostics* diags) {
  ReadCsvTable(
      path, {"code", "system", "addon", "primaries", "label"}, diags,
      [&](const CsvRecord& r, SourceLoc loc) {
        ProcedureCode p;
        p.code = r.fields[0];
        p.system = r.fields[1];
        if (p.code.size() != 5) {
          diags->push_back({loc, "procedure code " + Quoted(p.code) + " is not 5 characters"});
          return;
        }
        if (p.system != "CPT" && p.system != "HCPCS") {
          diags->push_back({loc, "system must be CPT or HCPCS"});
          return;
        }
        if (r.fields[2] != "0" && r.fields[2] != "1") {
          diags->push_back({loc, "addon must be 0 or 1"});
          return;
        }
        p.addon = r.fields[2] == "1";
        for (const auto& c : Split(r.fields[3], ' ')) {
          if (!c.empty()) p.primaries.push_back(c);
        }
        if (p.addon && p.primaries.empty()) {
          diags->push_back({loc, "add-on code " + p.code + " lists no primary codes"});
        }
        p.label = r.fields[4];
        if (p.label.empty()) diags->push_back({loc, "code " + p.code + " has no label"});
        if (!t->procedures.emplace(p.code, p).second) {
          diags->push_back({loc, "code " + p.code + " is listed twice"});
        }
      });
}

// code_dates.csv: code,first,last,replaced_by (dates YYYY-MM-DD or empty).
void LoadCodeDates(const std::string& path, Tables* t, Diagnostics* diags) {
  std::set<std::string> seen;
  ReadCsvTable(
      path, {"code", "first", "last", "replaced_by"}, diags,
      [&](const CsvRecord& r, SourceLoc loc) {
        auto it = t->procedures.find(r.fields[0]);
        if (it == t->procedures.end()) {
          diags->push_back({loc, "code " + Quoted(r.fields[0]) + " is not in procedures.csv"});
          return;
        }
        if (!seen.insert(r.fields[0]).second) {
          diags->push_back({loc, "code " + r.fields[0] + " is listed twice"});
          return;
        }
        ProcedureCode& p = it->second;
        for (int i : {1, 2}) {
          if (r.fields[i].empty()) continue;
          auto d = Date::Parse(r.fields[i]);
          if (!d) {
            diags->push_back({loc, Quoted(r.fields[i]) + " is not a date YYYY-MM-DD"});
            return;
          }
          (i == 1 ? p.first_date : p.last_date) = d;
        }
        if (p.first_date && p.last_date && *p.last_date < *p.first_date) {
          diags->push_back({loc, "code " + p.code + " ends before it starts"});
        }
        if (!r.fields[3].empty() && !t->procedures.count(r.fields[3])) {
          diags->push_back(
              {loc, "replacement code " + Quoted(r.fields[3]) + " is not in procedures.csv"});
          return;
        }
        p.replaced_by = r.fields[3];
      });
  // A replacement chain must end (S0013 -> J0013, never back).
  for (const auto& [code, p] : t->procedures) {
    std::set<std::string> chain = {code};
    for (std::string next = p.replaced_by; !next.empty();
         next = t->procedures.at(next).replaced_by) {
      if (!chain.insert(next).second) {
        diags->push_back({{path}, "the replacements of code " + code + " run in a circle"});
        break;
      }
    }
  }
}

// exclusions.csv: code,with,reason: `code` is not billed with the codes of `with`.
void LoadExclusions(const std::string& path, Tables* t, Diagnostics* diags) {
  ReadCsvTable(path, {"code", "with", "reason"}, diags, [&](const CsvRecord& r, SourceLoc loc) {
    Exclusion e;
    e.code = r.fields[0];
    if (!t->procedures.count(e.code)) {
      diags->push_back({loc, "code " + Quoted(e.code) + " is not in procedures.csv"});
      return;
    }
    for (const auto& item : Split(r.fields[1], ' ')) {
      if (item.empty()) continue;
      auto range = ParseCodeRange(item);
      if (!range) {
        diags->push_back({loc, "expected codes or FIRST-LAST ranges, found " + Quoted(item)});
        return;
      }
      e.with.push_back(*range);
    }
    e.reason = r.fields[2];
    if (e.with.empty() || e.reason.empty()) {
      diags->push_back({loc, "an exclusion needs the codes it excludes and a reason"});
      return;
    }
    t->exclusions.push_back(std::move(e));
  });
}

void LoadIcd10(const std::string& path, Tables* t, Diagnostics* diags) {
  ReadCsvTable(path, {"code", "billable", "title"}, diags, [&](const CsvRecord& r, SourceLoc loc) {
    std::string key = IcdKey(r.fields[0]);
    if (key.empty()) {
      diags->push_back({loc, Quoted(r.fields[0]) + " is not an ICD-10-CM code"});
      return;
    }
    if (r.fields[1] != "0" && r.fields[1] != "1") {
      diags->push_back({loc, "billable must be 0 or 1"});
      return;
    }
    IcdCode c{IcdDotted(key), r.fields[1] == "1", r.fields[2]};
    if (!t->icd10.emplace(key, c).second) {
      diags->push_back({loc, "code " + c.code + " is listed twice"});
    }
  });
}

// field_limits.csv: field,max_chars; the field '*' stands for every field not listed.
void LoadFieldLimits(const std::string& path, FieldLimits* limits, Diagnostics* diags) {
  ReadCsvTable(path, {"field", "max_chars"}, diags, [&](const CsvRecord& r, SourceLoc loc) {
    const std::string& field = r.fields[0];
    const std::string& max = r.fields[1];
    std::size_t v = 0;
    const bool number = !max.empty() && max.size() <= 7 &&
                        max.find_first_not_of("0123456789") == std::string::npos &&
                        (v = std::stoul(max)) > 0;
    if (!number) {
      diags->push_back({loc, "max_chars must be a whole number from 1 to 9999999"});
      return;
    }
    const bool fresh = field == "*" ? std::exchange(limits->default_max, v) == 0
                                    : !field.empty() && limits->max_chars.emplace(field, v).second;
    if (!fresh) diags->push_back({loc, "field " + Quoted(field) + " is empty or listed twice"});
  });
}

void LoadNamed(const std::string& path, const std::string& label,
               std::map<std::string, std::string>* out, Diagnostics* diags) {
  ReadCsvTable(path, {"code", label}, diags, [&](const CsvRecord& r, SourceLoc loc) {
    if (r.fields[0].empty() || !out->emplace(r.fields[0], r.fields[1]).second) {
      diags->push_back({loc, "code " + Quoted(r.fields[0]) + " is empty or listed twice"});
    }
  });
}

// Checks that every code the rules name is a known procedure code.
void CheckRuleCodes(const std::string& path, const Tables& t, Diagnostics* diags) {
  const Rules& r = t.rules;
  std::vector<std::string> codes = {r.infusion_initial,
                                    r.infusion_sequential,
                                    r.infusion_concurrent,
                                    r.hydration_subsequent.code,
                                    r.infusion_additional.code,
                                    r.hydration_initial,
                                    r.hydration_additional.code,
                                    r.push_initial,
                                    r.push_subsequent,
                                    r.injection,
                                    r.nasal_medicare_low,
                                    r.nasal_medicare_high,
                                    r.prolonged_new.code,
                                    r.prolonged_established.code,
                                    r.prolonged_medicare_new.code,
                                    r.prolonged_medicare_established.code,
                                    r.evaluation_prescriber,
                                    r.evaluation_other,
                                    r.block_code};
  for (const auto* bands : {&r.em_new_time, &r.em_established_time, &r.psychotherapy_standalone,
                            &r.psychotherapy_addon}) {
    for (const auto& b : *bands) codes.push_back(b.code);
  }
  for (const auto* m : {&r.em_new_mdm, &r.em_established_mdm, &r.block_guidance}) {
    for (const auto& [k, v] : *m) {
      if (!v.empty()) codes.push_back(v);
    }
  }
  for (const auto& [from, to] : r.medicare_replaced) {
    codes.push_back(from);
    codes.push_back(to);
  }
  std::set<std::string> seen;
  for (const auto& c : codes) {
    if (!c.empty() && seen.insert(c).second && !t.FindProcedure(c)) {
      diags->push_back({{path}, "rules name code " + c + ", which procedures.csv does not list"});
    }
  }
  for (const auto& pos : r.telehealth_medicare_pos) {
    if (!t.pos.count(pos)) {
      diags->push_back(
          {{path}, "rules name place of service " + pos + ", which pos.csv does not list"});
    }
  }
  std::vector<std::string> mods = {r.nasal_medicare_modifier, r.modifier25};
  for (const auto& [k, v] : r.block_side_modifier) mods.push_back(v);
  for (const auto& [k, v] : r.telehealth_modifier) mods.push_back(v);
  for (const auto& m : mods) {
    if (!t.modifiers.count(m)) {
      diags->push_back(
          {{path}, "rules name modifier " + m + ", which modifiers.csv does not list"});
    }
  }
}

}  // namespace

void ParseRules(const std::string& path, const std::string& text, Rules* rules,
                Diagnostics* diags) {
  std::map<std::string, std::pair<std::string, int>> values;  // key -> value, line
  int line_no = 0;
  for (const auto& raw : Split(text, '\n')) {
    ++line_no;
    std::string line = Trim(raw);
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) {
      diags->push_back({{path, line_no, 1}, "expected 'key = value'"});
      continue;
    }
    std::string key = Trim(line.substr(0, eq));
    if (!values.emplace(key, std::make_pair(Trim(line.substr(eq + 1)), line_no)).second) {
      diags->push_back({{path, line_no, 1}, "key '" + key + "' is given twice"});
    }
  }
  std::set<std::string> used;
  // Each getter reports a missing or malformed key and leaves the target unchanged.
  auto get = [&](const std::string& key, std::string* out) -> int {
    used.insert(key);
    auto it = values.find(key);
    if (it == values.end()) {
      diags->push_back({{path}, "missing key '" + key + "'"});
      return 0;
    }
    *out = it->second.first;
    return it->second.second;
  };
  auto bad = [&](int line, const std::string& key, const std::string& what) {
    diags->push_back({{path, line, 1}, "key '" + key + "': " + what});
  };
  auto code = [&](const std::string& key, std::string* out) {
    int line = get(key, out);
    if (line && out->empty()) bad(line, key, "expected a code");
  };
  auto number = [&](const std::string& key, int* out) {
    std::string v;
    int line = get(key, &v);
    if (line && !ParseInt(v, out)) bad(line, key, "expected a whole number");
  };
  auto bands = [&](const std::string& key, std::vector<Band>* out) {
    std::string v;
    int line = get(key, &v);
    if (!line) return;
    for (const auto& item : Split(v, ' ')) {
      if (item.empty()) continue;
      auto parts = Split(item, ':');
      Band b;
      if (parts.size() != 2 || !ParseInt(parts[0], &b.min_minutes) || parts[1].empty() ||
          (!out->empty() && b.min_minutes <= out->back().min_minutes)) {
        bad(line, key, "expected ascending MINUTES:CODE bands, found " + Quoted(item));
        return;
      }
      b.code = parts[1];
      out->push_back(b);
    }
    if (out->empty()) bad(line, key, "expected at least one band");
  };
  auto mapping = [&](const std::string& key, std::map<std::string, std::string>* out,
                     bool allow_empty) {
    std::string v;
    int line = get(key, &v);
    if (!line) return;
    for (const auto& item : Split(v, ' ')) {
      if (item.empty()) continue;
      auto parts = Split(item, ':');
      if (parts.size() != 2 || parts[0].empty() || (!allow_empty && parts[1].empty())) {
        bad(line, key, "expected NAME:CODE pairs, found " + Quoted(item));
        return;
      }
      (*out)[parts[0]] = parts[1];
    }
  };
  auto timed = [&](const std::string& key, TimedAddOn* out) {
    std::string v;
    int line = get(key, &v);
    if (!line) return;
    auto parts = Split(v, ' ');
    if (parts.size() != 3 || parts[0].empty() || !ParseInt(parts[1], &out->first_minutes) ||
        !ParseInt(parts[2], &out->step_minutes) || out->step_minutes == 0) {
      bad(line, key, "expected 'CODE FIRST_MINUTES STEP_MINUTES'");
      return;
    }
    out->code = parts[0];
  };
  // A decimal above zero (doses, factors).
  auto decimal = [&](const std::string& key, Decimal3* out, const std::string& expected) {
    std::string v;
    int line = get(key, &v);
    if (!line) return;
    auto d = Decimal3::Parse(v);
    if (!d || d->milli == 0) {
      bad(line, key, expected);
      return;
    }
    *out = *d;
  };
  auto ranges = [&](const std::string& key, std::vector<CodeRange>* out) {
    std::string v;
    int line = get(key, &v);
    if (!line) return;
    for (const auto& item : Split(v, ' ')) {
      if (item.empty()) continue;
      auto range = ParseCodeRange(item);
      if (!range) {
        bad(line, key, "expected codes or FIRST-LAST ranges, found " + Quoted(item));
        return;
      }
      out->push_back(*range);
    }
  };

  number("infusion.push_max_minutes", &rules->infusion_push_max_minutes);
  code("infusion.initial", &rules->infusion_initial);
  code("infusion.sequential", &rules->infusion_sequential);
  code("infusion.concurrent", &rules->infusion_concurrent);
  timed("infusion.additional", &rules->infusion_additional);
  number("hydration.min_minutes", &rules->hydration_min_minutes);
  code("hydration.initial", &rules->hydration_initial);
  timed("hydration.additional", &rules->hydration_additional);
  timed("hydration.subsequent", &rules->hydration_subsequent);
  code("push.initial", &rules->push_initial);
  code("push.subsequent", &rules->push_subsequent);
  code("injection", &rules->injection);
  decimal("nasal.medicare.low_max_mg", &rules->nasal_medicare_low_max_mg, "expected a dose in mg");
  code("nasal.medicare.low", &rules->nasal_medicare_low);
  code("nasal.medicare.high", &rules->nasal_medicare_high);
  code("nasal.medicare.modifier", &rules->nasal_medicare_modifier);
  bands("em.new.time", &rules->em_new_time);
  bands("em.established.time", &rules->em_established_time);
  mapping("em.new.mdm", &rules->em_new_mdm, false);
  mapping("em.established.mdm", &rules->em_established_mdm, false);
  timed("prolonged.new", &rules->prolonged_new);
  timed("prolonged.established", &rules->prolonged_established);
  timed("prolonged.medicare.new", &rules->prolonged_medicare_new);
  timed("prolonged.medicare.established", &rules->prolonged_medicare_established);
  code("evaluation.prescriber", &rules->evaluation_prescriber);
  code("evaluation.other", &rules->evaluation_other);
  bands("psychotherapy.standalone", &rules->psychotherapy_standalone);
  bands("psychotherapy.addon", &rules->psychotherapy_addon);
  code("modifier25", &rules->modifier25);
  ranges("modifier25.targets", &rules->modifier25_targets);
  ranges("modifier25.triggers", &rules->modifier25_triggers);
  code("block.code", &rules->block_code);
  mapping("block.side", &rules->block_side_modifier, false);
  mapping("block.guidance", &rules->block_guidance, true);
  decimal("block.bilateral_charge_factor", &rules->block_bilateral_charge_factor,
          "expected a factor such as 2 or 1.5");
  ranges("established_only", &rules->established_only);
  ranges("prescriber_only", &rules->prescriber_only);
  {
    std::string v;
    if (int line = get("telehealth.medicare.pos", &v)) {
      for (const auto& item : Split(v, ' ')) {
        if (item.empty()) continue;
        if (item.size() != 2 || !std::isdigit(static_cast<unsigned char>(item[0])) ||
            !std::isdigit(static_cast<unsigned char>(item[1]))) {
          bad(line, "telehealth.medicare.pos", "expected two-digit places of service");
          break;
        }
        rules->telehealth_medicare_pos.push_back(item);
      }
    }
  }
  mapping("medicare.replaced", &rules->medicare_replaced, false);
  mapping("telehealth", &rules->telehealth_modifier, false);
  number("limits.diagnoses", &rules->max_diagnoses);
  number("limits.pointers", &rules->max_pointers);
  number("limits.modifiers", &rules->max_modifiers);
  decimal("limits.dose_mg", &rules->max_dose_mg, "expected a dose in mg");
  number("limits.drug_units", &rules->max_drug_units);
  ranges("ein.prefixes", &rules->ein_prefixes);

  for (const auto& [key, v] : values) {
    if (!used.count(key)) diags->push_back({{path, v.second, 1}, "unknown key '" + key + "'"});
  }
  for (const char* mdm : {"straightforward", "low", "moderate", "high"}) {
    if (!rules->em_new_mdm.count(mdm) || !rules->em_established_mdm.count(mdm)) {
      diags->push_back({{path}, std::string("E/M by MDM needs a code for '") + mdm + "'"});
    }
  }
  for (const char* side : {"left", "right", "bilateral"}) {
    if (!rules->block_side_modifier.count(side)) {
      diags->push_back({{path}, std::string("block.side needs '") + side + "'"});
    }
  }
  for (const char* g : {"none", "ultrasound", "fluoroscopy"}) {
    if (!rules->block_guidance.count(g)) {
      diags->push_back({{path}, std::string("block.guidance needs '") + g + "'"});
    }
  }
  for (const char* t : {"video", "audio"}) {
    if (!rules->telehealth_modifier.count(t)) {
      diags->push_back({{path}, std::string("telehealth needs '") + t + "'"});
    }
  }
}

void ParseIcd10Order(const std::string& path, const std::string& text, Tables* tables,
                     Diagnostics* diags) {
  int line_no = 0;
  std::size_t count = 0;
  for (auto line : Split(text, '\n')) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty()) continue;
    // Columns (1-based): 1-5 order number, 7-13 code, 15 billable flag, 17-76 short
    // title, 78- long title.
    if (line.size() < 17 || line[5] != ' ' || line[13] != ' ' || line[15] != ' ' ||
        (line[14] != '0' && line[14] != '1')) {
      diags->push_back({{path, line_no, 1}, "not a line of the CMS ICD-10-CM order file layout"});
      if (diags->size() >= 20) return;
      continue;
    }
    std::string key = IcdKey(Trim(line.substr(6, 7)));
    if (key.empty()) {
      diags->push_back({{path, line_no, 7}, "not an ICD-10-CM code"});
      if (diags->size() >= 20) return;
      continue;
    }
    std::string title = line.size() > 77 ? Trim(line.substr(77)) : Trim(line.substr(16));
    tables->icd10[key] = IcdCode{IcdDotted(key), line[14] == '1', title};
    ++count;
  }
  if (count == 0 && diags->empty()) diags->push_back({{path}, "the order file holds no codes"});
}

void LoadIcd10OrderFile(const std::string& path, Tables* tables) {
  std::string text;
  if (const ReadResult read = ReadRegularFile(path, &text); read != ReadResult::kOk) {
    const char* not_a_file = NotAFileMessage(read);
    throw FatalError(
        Diagnostics{{{path},
                     not_a_file ? std::string(not_a_file)
                                : std::string("cannot read: ") + std::strerror(errno)}});
  }
  Diagnostics diags;
  ParseIcd10Order(path, text, tables, &diags);
  if (!diags.empty()) throw FatalError(diags);
}

// cpt_tables/medicare_pfs.csv: code,amount after '#' comment lines (the source, and a line
// "# year: YYYY"). Optional: without it every line of a medicare:P estimate is "not estimated".
void LoadMedicarePfs(const std::string& path, Tables* t, Diagnostics* diags) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return;
  std::string text;
  if (!ReadFile(path, &text)) {
    diags->push_back({{path}, std::string("cannot read table: ") + std::strerror(errno)});
    return;
  }
  // The comment lines come first; the CSV starts after them (its lines counted from there).
  std::size_t start = 0;
  int skipped = 0;
  while (start < text.size() && text[start] == '#') {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = Trim(std::string_view(text).substr(start + 1, end - start - 1));
    if (line.rfind("year:", 0) == 0) {
      int year = 0;
      if (ParseInt(Trim(line.substr(5)), &year) && year >= 1992 && year <= 2100) {
        t->medicare_pfs_year = year;
      } else {
        diags->push_back({{path, skipped + 1, 1}, "expected '# year: YYYY'"});
      }
    }
    start = end < text.size() ? end + 1 : end;
    ++skipped;
  }
  if (t->medicare_pfs_year == 0) {
    diags->push_back(
        {{path}, "the comment lines must name the fee schedule's year ('# year: YYYY')"});
  }
  std::vector<CsvRecord> records;
  std::string error;
  int error_line = 0;
  if (!ParseCsv(std::string_view(text).substr(start), &records, &error, &error_line)) {
    diags->push_back({{path, error_line + skipped, 1}, error});
    return;
  }
  if (records.empty() || records.front().fields != std::vector<std::string>{"code", "amount"}) {
    diags->push_back({{path, skipped + 1, 1},
                      "the first line after the comments must be the header: code,amount"});
    return;
  }
  for (std::size_t i = 1; i < records.size(); ++i) {
    const CsvRecord& r = records[i];
    SourceLoc loc{path, r.line + skipped, 1};
    if (r.fields.size() != 2) {
      diags->push_back({loc, "expected 2 fields, found " + std::to_string(r.fields.size())});
      continue;
    }
    auto amount = Money::Parse(r.fields[1]);
    if (!t->procedures.count(r.fields[0])) {
      diags->push_back({loc, "code '" + r.fields[0] + "' is not in procedures.csv"});
    } else if (!amount || amount->cents == 0) {
      diags->push_back(
          {loc, "amount '" + r.fields[1] + "' must be dollars and cents greater than 0"});
    } else if (!t->medicare_pfs.emplace(r.fields[0], *amount).second) {
      diags->push_back({loc, "code '" + r.fields[0] + "' is listed twice"});
    }
  }
}

Tables LoadTables(const std::string& dir) {
  Tables t;
  t.dir = dir;
  Diagnostics diags;
  LoadProcedures(dir + "/procedures.csv", &t, &diags);
  LoadCodeDates(dir + "/code_dates.csv", &t, &diags);
  LoadExclusions(dir + "/exclusions.csv", &t, &diags);
  LoadIcd10(dir + "/icd10cm.csv", &t, &diags);
  LoadNamed(dir + "/pos.csv", "name", &t.pos, &diags);
  LoadNamed(dir + "/modifiers.csv", "label", &t.modifiers, &diags);
  LoadMedicarePfs(dir + "/medicare_pfs.csv", &t, &diags);
  LoadFieldLimits(dir + "/field_limits.csv", &t.field_limits, &diags);
  std::string rules_path = dir + "/rules.txt";
  std::string text;
  if (const ReadResult read = ReadRegularFile(rules_path, &text); read != ReadResult::kOk) {
    diags.push_back({{rules_path}, ReadTableProblem(read)});
  } else {
    ParseRules(rules_path, text, &t.rules, &diags);
  }
  if (diags.empty()) CheckRuleCodes(rules_path, t, &diags);
  if (!diags.empty()) throw FatalError(diags);
  return t;
}

}  // namespace superbill
