#include "render/cms1500_form.h"

#include <charconv>
#include <set>

#include "common/text.h"

namespace superbill {

namespace {

// A token of a template line with its 1-based column.
struct Token {
  std::string text;
  int col = 0;
  bool quoted = false;
};

// Whitespace-separated tokens; "double quotes" keep spaces (\" and \\ inside them).
bool Tokenize(std::string_view line, std::vector<Token>* out, int* bad_col) {
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= line.size() || line[i] == '#') break;
    Token t;
    t.col = static_cast<int>(i) + 1;
    if (line[i] == '"') {
      t.quoted = true;
      ++i;
      bool closed = false;
      while (i < line.size()) {
        char c = line[i++];
        if (c == '\\' && i < line.size()) {
          t.text += line[i++];
        } else if (c == '"') {
          closed = true;
          break;
        } else {
          t.text += c;
        }
      }
      if (!closed) {
        *bad_col = t.col;
        return false;
      }
    } else {
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') t.text += line[i++];
    }
    out->push_back(std::move(t));
  }
  return true;
}

bool Number(const std::string& s, double* out) {
  if (s.empty() || s[0] == '+') return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// "72", "0.05": a limit as a message shows it.
std::string FormatNumber(double v) {
  std::string s = std::to_string(v);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

const std::vector<std::string>& Cms1500FieldNames() {
  static const std::vector<std::string> names = {
      "carrier.name", "1.medicare", "1.medicaid", "1.tricare", "1.champva",   "1.group",
      "1.feca",       "1.other",    "1a",         "2",         "3.mm",        "3.dd",
      "3.yy",         "3.m",        "3.f",        "4",         "5.street",    "5.city",
      "5.state",      "5.zip",      "5.area",     "5.phone",   "6.self",      "6.spouse",
      "6.child",      "6.other",    "7.street",   "7.city",    "7.state",     "7.zip",
      "7.area",       "7.phone",    "10a.yes",    "10a.no",    "10b.yes",     "10b.no",
      "10c.yes",      "10c.no",     "11",         "11a.mm",    "11a.dd",      "11a.yy",
      "11a.m",        "11a.f",      "11c",        "11d.yes",   "11d.no",      "12.signed",
      "12.date",      "13.signed",  "19",         "21.ind",    "21.a",        "21.b",
      "21.c",         "21.d",       "21.e",       "21.f",      "21.g",        "21.h",
      "21.i",         "21.j",       "21.k",       "21.l",      "22.code",     "22.ref",
      "24.supp",      "24a.from",   "24a.to",     "24b",       "24d",         "24d.mod1",
      "24d.mod2",     "24d.mod3",   "24d.mod4",   "24e",       "24f.dollars", "24f.cents",
      "24g",          "24j",        "25",         "25.ssn",    "25.ein",      "26",
      "27.yes",       "27.no",      "28.dollars", "28.cents",  "29.dollars",  "29.cents",
      "31.name",      "31.date",    "32.name",    "32.street", "32.city",     "32a",
      "33.area",      "33.phone",   "33.name",    "33.street", "33.city",     "33a",
      "33b"};
  return names;
}

const FormField& Cms1500Template::Field(std::string_view name) const {
  auto it = fields.find(name);
  if (it == fields.end())
    throw FatalError("the CMS-1500 template has no field " + std::string(name));
  return it->second;
}

Cms1500Template ParseCms1500Template(const std::string& path, const std::string& text,
                                     Diagnostics* diags) {
  Cms1500Template t;
  t.path = path;
  const std::size_t bad = FindInvalidUtf8(text);
  if (bad != std::string::npos) {
    int line, col;
    LineIndex(text).Locate(bad, &line, &col);
    diags->push_back({{path, line, col}, "invalid UTF-8"});
    return t;
  }
  const std::set<std::string> known(Cms1500FieldNames().begin(), Cms1500FieldNames().end());
  struct Setting {
    const char* key;
    double* value;
    double min, max;
  };
  double first = t.service_first_line, step = t.service_line_step, count = t.service_lines;
  const std::vector<Setting> settings = {
      {"offset.x", &t.offset_x, -72, 72},
      {"offset.y", &t.offset_y, -72, 72},
      {"page.width", &t.page_width, 72, 2000},
      {"page.height", &t.page_height, 72, 2000},
      {"grid.left", &t.grid_left, 0, 200},
      {"grid.top", &t.grid_top, 0, 200},
      {"grid.column", &t.column, 1, 30},
      {"grid.line", &t.line, 1, 40},
      {"grid.baseline", &t.baseline, 0, 40},
      {"grid.inset", &t.inset, 0, 10},
      {"size.data", &t.data_size, 4, 20},
      {"size.data_min", &t.min_data_size, 3, 20},
      {"size.caption", &t.caption_size, 3, 12},
      {"size.number", &t.number_size, 3, 12},
      {"rule.width", &t.rule_width, 0.05, 3},
      {"rule.thin", &t.thin_width, 0.05, 3},
      {"shade.gray", &t.shade_gray, 0, 1},
      {"service.first_line", &first, 1, 66},
      {"service.step", &step, 1, 4},
      {"service.lines", &count, 1, 6},
  };
  std::set<std::string> seen_settings;
  bool mode_seen = false;

  int line_no = 0;
  for (const auto& raw_line : Split(text, '\n')) {
    ++line_no;
    std::string_view raw = raw_line;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    std::vector<Token> tok;
    int bad_col = 0;
    if (!Tokenize(raw, &tok, &bad_col)) {
      diags->push_back({{path, line_no, bad_col}, "unclosed quote"});
      continue;
    }
    if (tok.empty()) continue;
    auto error = [&](const Token& at, const std::string& message) {
      diags->push_back({{path, line_no, at.col}, message});
    };
    const std::string& kw = tok[0].text;

    // `key = value` settings.
    if (tok.size() >= 2 && tok[1].text == "=") {
      if (tok.size() != 3) {
        error(tok[0], "expected 'key = value'");
        continue;
      }
      if (!seen_settings.insert(kw).second) {
        error(tok[0], "key '" + kw + "' is given twice");
        continue;
      }
      if (kw == "mode") {
        mode_seen = true;
        if (tok[2].text == "form") {
          t.data_only = false;
        } else if (tok[2].text == "data") {
          t.data_only = true;
        } else {
          error(tok[2],
                "mode: expected 'form' (the whole form on plain paper) or 'data' (the "
                "data only, for the red pre-printed form), not '" +
                    tok[2].text + "'");
        }
        continue;
      }
      bool found = false;
      for (const auto& s : settings) {
        if (kw != s.key) continue;
        found = true;
        double v;
        if (!Number(tok[2].text, &v) || v < s.min || v > s.max) {
          error(tok[2], "key '" + kw + "': expected a number from " + FormatNumber(s.min) + " to " +
                            FormatNumber(s.max) + ", not '" + tok[2].text + "'");
        } else {
          *s.value = v;
        }
      }
      if (!found) error(tok[0], "unknown key '" + kw + "'");
      continue;
    }

    // Statements: numbers first, then what each takes.
    auto numbers = [&](std::size_t from, std::size_t n, double* out) {
      if (tok.size() < from + n) {
        error(tok.back(), "'" + kw + "' needs " + std::to_string(n) + " numbers");
        return false;
      }
      for (std::size_t k = 0; k < n; ++k) {
        const Token& x = tok[from + k];
        if (x.quoted || !Number(x.text, &out[k]) || out[k] < -1 || out[k] > 90) {
          error(x, "'" + kw + "': expected a grid position (column 1-80, line 1-66), not '" +
                       x.text + "'");
          return false;
        }
      }
      return true;
    };
    double v[4];
    if (kw == "box") {
      if (tok.size() < 7 || !numbers(2, 4, v)) {
        if (tok.size() < 7) error(tok[0], "expected 'box NUMBER C1 L1 C2 L2 \"CAPTION\"'");
        continue;
      }
      if (v[2] < v[0] || v[3] < v[1]) {
        error(tok[2], "box: the last column and line must not come before the first");
        continue;
      }
      FormBox b;
      b.number = tok[1].text == "-" ? "" : tok[1].text;
      b.c1 = v[0], b.l1 = v[1], b.c2 = v[2], b.l2 = v[3];
      for (const auto& part : Split(tok[6].text, '|')) b.caption.push_back(part);
      if (tok[6].text.empty()) b.caption.clear();
      if (tok.size() > 7) error(tok[7], "box: unexpected '" + tok[7].text + "'");
      t.boxes.push_back(std::move(b));
    } else if (kw == "rule" || kw == "vrule" || kw == "shade") {
      if (!numbers(1, 3, v)) continue;
      FormRule r;
      r.vertical = kw == "vrule";
      if (r.vertical) {
        r.c1 = r.c2 = v[0], r.l1 = v[1], r.l2 = v[2];
      } else {
        r.c1 = v[0], r.l1 = r.l2 = v[1], r.c2 = v[2];
      }
      if (tok.size() > 4) {
        if (tok[4].text == "thin" && kw != "shade") {
          r.thin = true;
        } else {
          error(tok[4], kw + ": unexpected '" + tok[4].text + "'");
        }
      }
      (kw == "shade" ? t.shades : t.rules).push_back(r);
    } else if (kw == "check") {
      if (!numbers(1, 2, v)) continue;
      t.checks.push_back({v[0], v[1]});
    } else if (kw == "text") {
      if (tok.size() < 5 || !numbers(1, 3, v)) {
        if (tok.size() < 5) error(tok[0], "expected 'text COL LINE SIZE \"TEXT\" [bold] [base]'");
        continue;
      }
      FormText x;
      x.col = v[0], x.line = v[1], x.size = v[2];
      x.text = tok[4].text;
      for (std::size_t k = 5; k < tok.size(); ++k) {
        if (tok[k].text == "bold") {
          x.bold = true;
        } else if (tok[k].text == "base") {
          x.on_baseline = true;
        } else {
          error(tok[k], "text: unexpected '" + tok[k].text + "'");
        }
      }
      t.texts.push_back(std::move(x));
    } else if (kw == "field" || kw == "line") {
      if (tok.size() < 5 || !numbers(2, 3, v)) {
        if (tok.size() < 5) error(tok[0], "expected '" + kw + " NAME COL LINE COLUMNS [r]'");
        continue;
      }
      const std::string& name = tok[1].text;
      const bool per_line = name.rfind("24", 0) == 0;
      if (!known.count(name)) {
        error(tok[1], "unknown field '" + name + "'");
        continue;
      }
      if (per_line != (kw == "line")) {
        error(tok[0], per_line ? "field '" + name + "' is a service-line field: use 'line'"
                               : "field '" + name + "' is not a service-line field: use 'field'");
        continue;
      }
      FormField f;
      f.col = v[0], f.line = v[1], f.cols = v[2];
      f.per_line = per_line;
      f.source_line = line_no;
      if (f.cols < 1) {
        error(tok[4], "'" + name + "': a field needs at least 1 column");
        continue;
      }
      if (tok.size() > 5) {
        if (tok[5].text == "r" || tok[5].text == "l") {
          f.align = tok[5].text[0];
        } else {
          error(tok[5], "'" + name + "': expected 'l' or 'r', not '" + tok[5].text + "'");
        }
      }
      if (!t.fields.emplace(name, f).second) error(tok[1], "field '" + name + "' is placed twice");
    } else {
      error(tok[0], "unknown statement '" + kw +
                        "' (expected key = value, box, rule, vrule, shade, check, text, field "
                        "or line)");
    }
  }
  if (!mode_seen) diags->push_back({{path}, "missing key 'mode' (form or data)"});
  for (const auto& name : Cms1500FieldNames()) {
    if (!t.fields.count(name)) diags->push_back({{path}, "field '" + name + "' is not placed"});
  }
  if (t.min_data_size > t.data_size) {
    diags->push_back({{path}, "size.data_min must not exceed size.data"});
  }
  t.service_first_line = static_cast<int>(first);
  t.service_line_step = static_cast<int>(step);
  t.service_lines = static_cast<int>(count);
  return t;
}

}  // namespace superbill
