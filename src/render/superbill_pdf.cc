#include "render/superbill_pdf.h"

#include <algorithm>
#include <map>
#include <memory>

#include "render/formatting.h"
#include "render/pdf/canvas.h"
#include "render/pdf/display.h"
#include "render/pdf/document.h"
#include "render/pdf/flow.h"

namespace superbill {

namespace {

// ---------------------------------------------------------------------------------------
// Fixed texts: English, with the patient's language beneath when it is not English.

class Words {
 public:
  // Filled-in texts are kept in `arena` (the document's display list).
  Words(const Layout& layout, const std::string& language, TextArena* arena)
      : en_(layout.TextsFor("en")), second_(layout.SecondTexts(language)), arena_(*arena) {}

  // The English text of `key`.
  std::string_view E(std::string_view key) const { return en_.Get(key); }
  // `key` in English, with the second language when it has one that differs.
  Label L(std::string_view key) const {
    Label label{en_.Get(key), {}};
    if (second_) {
      const std::string& s = second_->Get(key);
      if (s != label.primary) label.secondary = s;
    }
    return label;
  }
  // The pattern of `key` filled in, in each language.
  Label F(std::string_view key,
          std::initializer_list<std::pair<std::string_view, std::string_view>> values) const {
    Label label{Keep(Fill(en_.Get(key), values)), {}};
    if (second_) {
      const std::string s = Fill(second_->Get(key), values);
      if (s != label.primary) label.secondary = Keep(s);
    }
    return label;
  }
  // "Label: value" in English; the second language's label alone beneath.
  Label Labeled(std::string_view key, std::string_view value) const {
    Label label{arena_.Add(std::string(en_.Get(key)) + ": ", value), {}};
    if (second_ && second_->Get(key) != en_.Get(key)) label.secondary = second_->Get(key);
    return label;
  }
  std::string_view Keep(std::string_view text) const { return arena_.Add(text); }

 private:
  const Texts& en_;
  const Texts* second_;
  TextArena& arena_;
};

// ---------------------------------------------------------------------------------------
// Columns.

// Column widths for `width`: fixed widths as given (scaled down when they would leave the
// flexible column less than a fifth), the flexible column takes the rest.
std::vector<double> ResolveColumns(const std::vector<ColumnSpec>& specs, double width) {
  double fixed = 0;
  for (const auto& c : specs) fixed += c.width;
  const double scale = fixed > 0.8 * width ? 0.8 * width / fixed : 1.0;
  std::vector<double> out;
  out.reserve(specs.size());
  for (const auto& c : specs) out.push_back(c.width * scale);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].width == 0) out[i] = width - fixed * scale;
  }
  return out;
}

// Widens fixed columns whose content would otherwise break inside a word (a date, an NPI,
// an amount; in a header, a word may still break after '/' or '-'), taking the width from
// the flexible column while it keeps at least `min_share` of its own width.
void FitColumns(Composer& c, const std::vector<ColumnSpec>& specs, const std::vector<Row>& header,
                const std::vector<Row>& rows, std::vector<double>* widths, double min_share = 0.6) {
  const std::size_t n = specs.size();
  std::size_t flex = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (specs[i].width == 0) flex = i;
  }
  if (flex == n || widths->size() != n) return;
  const FlowStyle& s = c.style();
  std::vector<double> need(n, 0);
  std::vector<double> pads(n, 2 * s.cell_padding);
  for (std::size_t i = 1; i < n; ++i) {
    if (specs[i - 1].align == 'r' && specs[i].align != 'r') {
      pads[i] = s.cell_padding + std::max(s.cell_padding, s.column_min_gap - s.cell_padding);
    }
  }
  auto measure = [&](const std::vector<Row>& list, bool split_marks) {
    for (const auto& row : list) {
      if (row.cells.size() != n) continue;  // a spanning row
      for (std::size_t i = 0; i < n; ++i) {
        for (const auto& p : row.cells[i].paragraphs) {
          const double size = p.size > 0 ? p.size : s.size_body;
          std::string_view t = p.text;
          std::size_t a = 0;
          while (a < t.size()) {
            while (a < t.size() && t[a] == ' ') ++a;
            std::size_t b = a;
            while (b < t.size() && t[b] != ' ') {
              ++b;
              if (split_marks && (t[b - 1] == '/' || t[b - 1] == '-')) break;
            }
            if (b > a) need[i] = std::max(need[i], c.Width(t.substr(a, b - a), p.style, size));
            a = b;
          }
        }
      }
    }
  };
  measure(header, true);
  measure(rows, false);
  double grow = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i != flex) grow += std::max(0.0, need[i] + pads[i] - (*widths)[i]);
  }
  if (grow <= 0) return;
  const double spare = (*widths)[flex] * (1 - min_share);
  const double scale = grow > spare ? spare / grow : 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == flex) continue;
    const double delta = std::max(0.0, need[i] + pads[i] - (*widths)[i]) * scale;
    (*widths)[i] += delta;
    (*widths)[flex] -= delta;
  }
}

// ---------------------------------------------------------------------------------------
// The superbill's sections.

// What every section reads.
struct Context {
  const Claim& claim;
  const Clinic& clinic;
  const Course& course;
  const Layout& layout;
  const Words& words;
  Composer& composer;
  std::vector<const Provider*> providers;  // rendering providers, in order of first line
  std::string_view date_format;
  std::string_view currency;

  std::string_view Keep(std::string_view text) const { return composer.Keep(text); }
  std::string_view D(const Date& d) const { return Keep(FormatDate(d, date_format)); }
  std::string_view M(Money m) const { return Keep(FormatMoney(m, currency)); }
  double second_size() const { return layout.size_translation; }
  // A header cell of the label `key`.
  Cell Head(std::string_view key, char align) const {
    return Cell(words.L(key), FontStyle::kBold, align, second_size());
  }
  // A header row of the labels `prefix`.<column> in the columns' alignment.
  Row HeaderRow(const std::vector<ColumnSpec>& specs, const std::string& prefix) const {
    Row row;
    row.cells.reserve(specs.size());
    std::string key = prefix + ".";
    for (const auto& spec : specs) {
      key.resize(prefix.size() + 1);
      key += spec.name;
      row.cells.push_back(Head(key, spec.align));
    }
    return row;
  }
  // A cell with a fixed word (sex, relationship, payment method) in `style`, its
  // translation beneath.
  Cell Word(std::string_view key, FontStyle style, char align = 'l') const {
    return Cell(words.L(key), style, align, second_size());
  }
};

class HeaderSection : public Section {
 public:
  explicit HeaderSection(const Context& x) : x_(x) {}
  bool custom() const override { return true; }

  double Draw(Composer& c, double x, double top, double width, bool draw) override {
    const Layout& L = x_.layout;
    double left = x, logo_height = 0;
    if (!L.logo.empty()) {
      double pw = 0, ph = 0;
      c.canvas().ImageSize(L.logo, &pw, &ph);
      double h = L.logo_height, w = ph > 0 ? h * pw / ph : h;
      if (w > L.logo_max_width) {
        w = L.logo_max_width;
        h = pw > 0 ? w * ph / pw : h;
      }
      if (draw) c.Image(L.logo, x, top - h, w, h);
      left += w + 10;
      logo_height = h;
    }
    const double right_width = std::min(0.42 * width, 250.0);
    const double right_x = x + width - right_width;
    const double left_width = right_x - 12 - left;
    if (!laid_) Lay(c, left_width, right_width);
    auto stack = [&](const LaidTable& t, double tx) {
      double y = top;
      for (const auto& r : t.rows) {
        if (draw) c.DrawRow(t, r, tx, y, false);
        y -= r.height;
      }
      return top - y;
    };
    const double height = std::max({logo_height, stack(left_, left), stack(right_, right_x)});
    const double rule_y = top - height - 5;
    if (draw) c.Rule(x, rule_y, x + width, rule_y, L.heavy_rule_width);
    return height + 5 + L.heavy_rule_width;
  }

 private:
  void Lay(Composer& c, double left_width, double right_width) {
    const Clinic& clinic = x_.clinic;
    const Words& w = x_.words;
    const double second = x_.second_size();
    Table lt;
    lt.row_padding = 0;
    lt.widths = {left_width};
    lt.rows.push_back({{Cell(clinic.name, FontStyle::kBold, 'l', x_.layout.size_clinic)}});
    for (const auto& a : AddressLines(clinic.address)) lt.rows.push_back({{Cell(x_.Keep(a))}});
    auto labeled = [&](const char* key, std::string_view value) {
      if (!value.empty()) {
        lt.rows.push_back({{Cell(w.Labeled(key, value), FontStyle::kRegular, 'l', second)}});
      }
    };
    labeled("clinic.phone", clinic.phone);
    labeled("clinic.tax_id", x_.Keep(FormatEin(clinic.tax_id)));
    labeled("clinic.npi", clinic.npi);
    labeled("clinic.taxonomy", clinic.taxonomy);

    const Claim& claim = x_.claim;
    Table rt;
    rt.row_padding = 0;
    rt.widths = {right_width};
    rt.rows.push_back({{Cell(w.E("title"), FontStyle::kBold, 'r', x_.layout.size_title)}});
    Cell sub(w.L("subtitle"), FontStyle::kRegular, 'r', second);
    sub.paragraphs.front().size = x_.layout.size_small;
    rt.rows.push_back({{sub}});
    rt.rows.push_back({{Cell(w.Labeled("statement_number", x_.Keep(claim.StatementNumber())),
                             FontStyle::kBold, 'r', second)}});
    rt.rows.push_back({{Cell(w.Labeled("statement_date", x_.D(claim.statement_date)),
                             FontStyle::kRegular, 'r', second)}});
    if (!claim.lines.empty()) {
      std::string range(x_.D(claim.FirstDate()));
      if (claim.LastDate() != claim.FirstDate()) {
        range += " \xE2\x80\x93 ";
        range += x_.D(claim.LastDate());
      }
      rt.rows.push_back(
          {{Cell(w.Labeled("dates_of_service", range), FontStyle::kRegular, 'r', second)}});
    }
    // A corrected or void statement says, first thing, which statement it replaces; the
    // insurer's claim number and a void's reason follow.
    const Resubmission& rs = claim.resubmission;
    if (rs.kind != Resubmission::Kind::kOriginal) {
      const std::string_view replaced = x_.D(rs.replaces_issued);
      const char* key =
          rs.kind == Resubmission::Kind::kVoid ? "resubmission.void" : "resubmission.corrected";
      rt.rows.push_back({{Cell(w.F(key, {{"date", replaced}}), FontStyle::kBold, 'r', second)}});
      if (!rs.original_reference.empty()) {
        rt.rows.push_back(
            {{Cell(w.F("resubmission.payer_claim_number", {{"number", rs.original_reference}}),
                   FontStyle::kRegular, 'r', second)}});
      }
      if (rs.kind == Resubmission::Kind::kVoid && !rs.reason.empty()) {
        rt.rows.push_back({{Cell(w.F("resubmission.reason", {{"reason", rs.reason}}),
                                 FontStyle::kRegular, 'r', second)}});
      }
    }
    left_ = c.Lay(lt);
    right_ = c.Lay(rt);
    laid_ = true;
  }

  const Context& x_;
  bool laid_ = false;
  LaidTable left_, right_;
};

// A two-column table of labels and values; the label column fits the longest label.
class KeyValueSection : public Section {
 public:
  KeyValueSection(const Context& x, std::string_view title_key) : x_(x) {
    title = x.words.L(title_key);
  }
  // A label of `key` with values in bold, one a line.
  void AddValues(std::string_view key, std::initializer_list<std::string_view> values) {
    Cell value;
    for (std::string_view v : values) value.paragraphs.push_back({v, FontStyle::kBold, 0});
    AddCell(key, std::move(value));
  }
  void AddLines(std::string_view key, const std::vector<std::string>& lines) {
    Cell value;
    for (const auto& v : lines) value.paragraphs.push_back({x_.Keep(v), FontStyle::kBold, 0});
    AddCell(key, std::move(value));
  }
  void AddCell(std::string_view key, Cell value) {
    Cell label = x_.Head(key, 'l');
    label.paragraphs.front().style = FontStyle::kRegular;
    rows_.push_back({{std::move(label), std::move(value)}});
  }

  Table MakeTable(double width) override {
    Composer& c = x_.composer;
    double label_width = 0;
    for (const auto& r : rows_) {
      for (const auto& para : r.cells.front().paragraphs) {
        const double size = para.size > 0 ? para.size : x_.layout.size_body;
        label_width = std::max(label_width, c.Width(para.text, para.style, size));
      }
    }
    label_width = std::min(label_width + 2 * x_.layout.cell_padding + 6, 0.42 * width);
    Table t;
    t.widths = {label_width, width - label_width};
    // A copy: the table may be wanted at a second width (full width when side by side does
    // not fit).
    t.rows = rows_;
    return t;
  }

 private:
  const Context& x_;
  std::vector<Row> rows_;
};

class ProvidersSection : public Section {
 public:
  explicit ProvidersSection(const Context& x) : x_(x) { title = x.words.L("section.providers"); }
  Table MakeTable(double width) override {
    const auto& specs = x_.layout.providers_columns;
    Table t;
    t.widths = ResolveColumns(specs, width);
    t.header.push_back(x_.HeaderRow(specs, "providers"));
    for (const Provider* p : x_.providers) {
      Row row;
      for (const auto& spec : specs) {
        std::string_view v = spec.name == "name"      ? x_.Keep(ProviderName(*p))
                             : spec.name == "npi"     ? std::string_view(p->npi)
                             : spec.name == "license" ? std::string_view(p->license)
                                                      : std::string_view(p->taxonomy);
        row.cells.emplace_back(v, FontStyle::kRegular, spec.align);
      }
      t.rows.push_back(std::move(row));
    }
    FitColumns(x_.composer, specs, t.header, t.rows, &t.widths);
    return t;
  }

 private:
  const Context& x_;
};

// Diagnoses A-L in groups side by side, in reading order: A | B on the first row, then
// C | D ...
class DiagnosesSection : public Section {
 public:
  explicit DiagnosesSection(const Context& x) : x_(x) { title = x.words.L("section.diagnoses"); }
  Table MakeTable(double width) override {
    static constexpr std::string_view kLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const Layout& L = x_.layout;
    const std::size_t groups = static_cast<std::size_t>(L.diagnoses_columns);
    const double group_width = (width - (groups - 1) * L.column_gap) / groups;
    const auto& specs = L.diagnoses_columns_spec;
    const auto& diagnoses = x_.claim.diagnoses;
    const std::size_t count = std::min(diagnoses.size(), kLetters.size());
    const std::size_t used_groups = std::max<std::size_t>(1, std::min(groups, count));
    Row group_header;
    for (const auto& spec : specs) {
      group_header.cells.push_back(x_.Head("diagnoses." + spec.name, spec.align));
    }
    std::vector<Row> entries;
    entries.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
      Row entry;
      for (const auto& spec : specs) {
        if (spec.name == "pointer") {
          entry.cells.emplace_back(kLetters.substr(i, 1), FontStyle::kBold, spec.align);
        } else if (spec.name == "code") {
          entry.cells.emplace_back(diagnoses[i].code, FontStyle::kRegular, spec.align);
        } else {
          entry.cells.emplace_back(diagnoses[i].title, FontStyle::kRegular, spec.align);
        }
      }
      entries.push_back(std::move(entry));
    }
    auto columns = ResolveColumns(specs, group_width);
    FitColumns(x_.composer, specs, {group_header}, entries, &columns);

    Table t;
    Row header;
    for (std::size_t g = 0; g < groups; ++g) {
      if (g > 0) {
        t.widths.push_back(L.column_gap);
        header.cells.emplace_back();
      }
      t.widths.insert(t.widths.end(), columns.begin(), columns.end());
      for (const auto& cell : group_header.cells) {
        header.cells.push_back(g < used_groups ? cell : Cell{});
      }
    }
    t.header.push_back(std::move(header));
    const std::size_t rows = (count + groups - 1) / groups;
    for (std::size_t r = 0; r < rows; ++r) {
      Row row;
      for (std::size_t g = 0; g < groups; ++g) {
        if (g > 0) row.cells.emplace_back();
        const std::size_t i = r * groups + g;
        for (std::size_t k = 0; k < specs.size(); ++k) {
          row.cells.push_back(i < count ? entries[i].cells[k] : Cell{});
        }
      }
      t.rows.push_back(std::move(row));
    }
    return t;
  }

 private:
  const Context& x_;
};

// The places of service and modifiers the lines use; each is a bit of the rows' marks, so
// that every page explains what its own lines use.
class Legend {
 public:
  static constexpr std::size_t kMaxEntries = 64;  // 32 of each; more go unexplained

  // The mark of a place of service or a modifier, added to the legend on first use.
  std::uint64_t MarkPos(const std::string& code) { return Mark(&pos_, 0, code); }
  std::uint64_t MarkModifier(const std::string& code) {
    return Mark(&modifiers_, kMaxEntries / 2, code);
  }

  // "Place of service (POS): 11 Office · 10 Telehealth ...; Modifiers: 25 ..." for the
  // entries in `marks`; empty when none.
  std::string Text(std::uint64_t marks, const Claim& claim, const Words& words) const {
    std::string out;
    auto list = [&](const std::vector<std::string>& codes, std::size_t base,
                    const std::map<std::string, std::string>* names, const char* key) {
      std::string part;
      for (std::size_t i = 0; i < codes.size(); ++i) {
        if (!(marks & (std::uint64_t{1} << (base + i)))) continue;
        part += part.empty() ? "" : " \xC2\xB7 ";
        part += codes[i];
        if (names) {
          auto it = names->find(codes[i]);
          if (it != names->end()) part += " " + it->second;
        }
      }
      if (part.empty()) return;
      if (!out.empty()) out += "; ";
      out += words.E(key);
      out += ": " + part;
    };
    list(pos_, 0, claim.tables ? &claim.tables->pos : nullptr, "legend.pos");
    list(modifiers_, kMaxEntries / 2, claim.tables ? &claim.tables->modifiers : nullptr,
         "legend.modifiers");
    return out;
  }

 private:
  static std::uint64_t Mark(std::vector<std::string>* list, std::size_t base,
                            const std::string& code) {
    if (code.empty()) return 0;
    auto it = std::find(list->begin(), list->end(), code);
    const std::size_t index = static_cast<std::size_t>(it - list->begin());
    if (index >= kMaxEntries / 2) return 0;
    if (it == list->end()) list->push_back(code);
    return std::uint64_t{1} << (base + index);
  }

  std::vector<std::string> pos_;        // codes, in order of first use
  std::vector<std::string> modifiers_;  // codes, in order of first use
};

class ServicesSection : public Section {
 public:
  ServicesSection(const Context& x, Legend* legend) : x_(x), legend_(*legend) {
    title = x.words.L("section.services");
  }
  Table MakeTable(double width) override {
    const auto& specs = x_.layout.services_columns;
    const Claim& claim = x_.claim;
    const Words& w = x_.words;
    const double small = x_.layout.size_small;
    int description = -1;
    for (std::size_t k = 0; k < specs.size(); ++k) {
      if (specs[k].name == "description") description = static_cast<int>(k);
    }
    Table t;
    t.widths = ResolveColumns(specs, width);
    t.header.push_back(x_.HeaderRow(specs, "services"));
    t.rows.reserve(claim.lines.size() + 4);
    for (std::size_t i = 0; i < claim.lines.size(); ++i) {
      const ClaimLine& line = claim.lines[i];
      Row row;
      row.group = static_cast<int>(line.visit_index);
      row.rule_above = i > 0 && line.visit_index != claim.lines[i - 1].visit_index;
      row.marks = legend_.MarkPos(line.pos);
      for (const auto& m : line.modifiers) row.marks |= legend_.MarkModifier(m);
      row.cells.reserve(specs.size());
      for (const auto& spec : specs) {
        const std::string& n = spec.name;
        std::string_view v;
        FontStyle style = FontStyle::kRegular;
        if (n == "date") {
          v = x_.D(line.date);
        } else if (n == "pos") {
          v = line.pos;
        } else if (n == "code") {
          v = line.code;
          style = FontStyle::kBold;
        } else if (n == "modifiers") {
          if (!line.modifiers.empty()) v = x_.Keep(line.ModifierString(' '));
        } else if (n == "description") {
          v = line.description;
        } else if (n == "dx") {
          v = x_.Keep(line.DxLetters());
        } else if (n == "units") {
          v = x_.Keep(std::to_string(line.units));
        } else if (n == "charge") {
          v = x_.M(line.charge);
        } else if (n == "npi") {
          if (line.provider) v = line.provider->npi;
        }
        row.cells.emplace_back(v, style, spec.align);
      }
      if (line.is_drug()) {
        // The drug on a second line under the description: name, dose, NDC.
        const std::string dose = line.dose_mg.ToString();
        const std::string_view text = x_.Keep(Fill(w.E("services.ndc"), {{"ndc", line.ndc11},
                                                                         {"unit", line.ndc_unit},
                                                                         {"qty", line.ndc_qty},
                                                                         {"drug", line.drug_name},
                                                                         {"dose", dose}}));
        if (description >= 0) {
          row.below_from = description;
          row.below = Cell(text, FontStyle::kRegular, 'l', small);
        } else {
          row.cells.back().paragraphs.push_back({text, FontStyle::kRegular, small});
        }
      }
      const bool last_of_visit =
          i + 1 == claim.lines.size() || claim.lines[i + 1].visit_index != line.visit_index;
      t.rows.push_back(std::move(row));
      if (last_of_visit && line.visit_index < x_.course.visits.size()) {
        const auto& package = x_.course.visits[line.visit_index].charge;
        if (package) {
          // The package price under the visit's lines, in the visit's group.
          Row note;
          note.group = static_cast<int>(line.visit_index);
          note.cells.resize(specs.size());
          note.below_from = std::max(description, 0);
          note.below = Cell(w.F("services.package", {{"amount", x_.M(*package)}}),
                            FontStyle::kRegular, 'l', x_.second_size());
          note.below.paragraphs.front().size = small;
          t.rows.push_back(std::move(note));
        }
      }
    }
    FitColumns(x_.composer, specs, t.header, t.rows, &t.widths);
    return t;
  }

 private:
  const Context& x_;
  Legend& legend_;
};

class PaymentsSection : public Section {
 public:
  explicit PaymentsSection(const Context& x) : x_(x) { title = x.words.L("section.payments"); }
  Table MakeTable(double width) override {
    const auto& specs = x_.layout.payments_columns;
    Table t;
    t.widths = ResolveColumns(specs, width);
    t.header.push_back(x_.HeaderRow(specs, "payments"));
    std::string key;
    for (const auto& p : x_.course.payments) {
      Row row;
      for (const auto& spec : specs) {
        if (spec.name == "method") {
          key = "method." + p.method;
          row.cells.push_back(p.method.empty() ? Cell("", FontStyle::kRegular, spec.align)
                                               : x_.Word(key, FontStyle::kRegular, spec.align));
          continue;
        }
        std::string_view v = spec.name == "date"        ? x_.D(p.date)
                             : spec.name == "reference" ? std::string_view(p.reference)
                                                        : x_.M(p.amount);
        row.cells.emplace_back(v, FontStyle::kRegular, spec.align);
      }
      t.rows.push_back(std::move(row));
    }
    FitColumns(x_.composer, specs, t.header, t.rows, &t.widths);
    if (x_.course.payments.empty()) {
      t.rows.push_back({{x_.Word("payments.none", FontStyle::kRegular)}});
    }
    return t;
  }

 private:
  const Context& x_;
};

class TotalsSection : public Section {
 public:
  explicit TotalsSection(const Context& x) : x_(x) { title = x.words.L("section.totals"); }
  Table MakeTable(double width) override {
    const Claim& claim = x_.claim;
    const bool credit = claim.balance.cents < 0;
    const std::pair<const char*, std::string_view> rows[] = {
        {"totals.charges", x_.M(claim.total_charges)},
        {"totals.paid", x_.M(claim.paid)},
        {credit ? "totals.credit" : "totals.balance",
         x_.M(Money{credit ? -claim.balance.cents : claim.balance.cents})},
    };
    double value_width = 0;
    for (const auto& r : rows) {
      value_width =
          std::max(value_width, x_.composer.Width(r.second, FontStyle::kBold, x_.layout.size_body));
    }
    value_width = std::min(value_width + 2 * x_.layout.cell_padding + 8, width / 2);
    Table t;
    t.widths = {width - value_width, value_width};
    for (std::size_t i = 0; i < 3; ++i) {
      const bool last = i == 2;
      const FontStyle style = last ? FontStyle::kBold : FontStyle::kRegular;
      Row row;
      row.rule_above = last;
      row.cells.push_back(x_.Word(rows[i].first, style));
      row.cells.emplace_back(rows[i].second, style, 'r');
      t.rows.push_back(std::move(row));
    }
    return t;
  }

 private:
  const Context& x_;
};

// The attestation: each rendering provider signs for their own lines (a signature image
// from the clinic file, or a line to sign on), with the statement date beside it.
class SignatureSection : public Section {
 public:
  explicit SignatureSection(const Context& x) : x_(x) { title = x.words.L("section.signature"); }
  bool custom() const override { return true; }

  double Draw(Composer& c, double x, double top, double width, bool draw) override {
    const Layout& L = x_.layout;
    const Words& w = x_.words;
    const double size = L.size_body, pad = L.cell_padding;
    double y = top;
    if (draw) c.DrawTitle(title, x, y, width);
    y -= c.TitleHeight(title) + L.row_padding;
    const bool shared = x_.providers.size() > 1;
    const double sign_width = width * 0.58;
    const double date_x = x + width * 0.66;
    const double date_width = x + width - date_x;
    if (date_.empty()) date_ = x_.D(x_.claim.statement_date);
    const std::size_t count = std::max<std::size_t>(1, x_.providers.size());
    for (std::size_t k = 0; k < count; ++k) {
      const Provider* p = k < x_.providers.size() ? x_.providers[k] : nullptr;
      if (k > 0) y -= 10;
      const Label text = shared ? w.F("attestation.shared", {{"npi", p->npi}}) : w.L("attestation");
      y -= c.DrawLabel(text, x + pad, y, width - 2 * pad, FontStyle::kRegular, size, 'l', draw);
      // Room to sign, or the provider's signature image in it.
      const double room = L.signature_height;
      if (draw && p && !p->signature.empty()) {
        double pw = 0, ph = 0;
        c.canvas().ImageSize(p->signature, &pw, &ph);
        double h = room - 2, iw = ph > 0 ? h * pw / ph : h;
        if (iw > sign_width - 2 * pad) {
          iw = sign_width - 2 * pad;
          h = pw > 0 ? iw * ph / pw : h;
        }
        c.Image(p->signature, x + pad, y - room + 1, iw, h);
      }
      y -= room;
      if (draw) {
        c.Text(date_x + pad, y + 0.2 * size + 2, date_, FontStyle::kBold, size);
        c.Rule(x, y, x + sign_width, y, L.rule_width);
        c.Rule(date_x, y, x + width, y, L.rule_width);
      }
      y -= 2;
      Label by = w.L("signature.signed_by");
      std::string signed_by(by.primary);
      signed_by += ": ";
      if (p) signed_by += ProviderName(*p) + " \xC2\xB7 NPI " + p->npi;
      by.primary = draw ? x_.Keep(signed_by) : std::string_view(signed_by);
      const double left =
          c.DrawLabel(by, x + pad, y, sign_width - 2 * pad, FontStyle::kRegular, size, 'l', draw);
      const double right = c.DrawLabel(w.L("signature.date"), date_x + pad, y, date_width - 2 * pad,
                                       FontStyle::kRegular, size, 'l', draw);
      y -= std::max(left, right);
    }
    return top - y;
  }

 private:
  const Context& x_;
  std::string_view date_;
};

}  // namespace

void ComposeSuperbill(const Claim& claim, const Layout& layout, PdfCanvas* canvas,
                      DisplayList* list) {
  const FlowStyle style = FlowStyleFor(layout);
  const Course& course = *claim.course;
  const Words words(layout, course.patient.language, &list->arena);
  const FlowTexts flow_texts{words.L("continued"), words.L("continued_next")};
  Composer c(style, flow_texts, canvas, list);

  Context x{claim,
            *claim.clinic,
            course,
            layout,
            words,
            c,
            {},
            words.E("date_format"),
            words.E("currency")};
  for (const auto& line : claim.lines) {
    if (line.provider &&
        std::find(x.providers.begin(), x.providers.end(), line.provider) == x.providers.end()) {
      x.providers.push_back(line.provider);
    }
  }
  std::string running(words.E("title"));
  running += " \xC2\xB7 ";
  running += words.E("statement_number");
  running += " " + claim.StatementNumber() + " \xC2\xB7 ";
  running += words.E("section.patient");
  running += ": " + PersonName(course.patient);
  c.SetRunningHeader(running);

  // The sections.
  Legend legend;
  std::vector<std::unique_ptr<Section>> sections;
  auto build = [&](const std::string& name) -> std::unique_ptr<Section> {
    if (name == "header") return std::make_unique<HeaderSection>(x);
    if (name == "patient") {
      const auto& p = course.patient;
      auto s = std::make_unique<KeyValueSection>(x, "section.patient");
      s->AddValues("patient.name", {x.Keep(PersonName(p))});
      s->AddValues("patient.account", {p.id});
      s->AddValues("patient.birth_date", {x.D(p.birth_date)});
      s->AddCell("patient.sex", x.Word("sex." + p.sex, FontStyle::kBold));
      const auto address = AddressLines(p.address);
      if (!address.empty()) s->AddLines("patient.address", address);
      if (!p.phone.empty()) s->AddValues("patient.phone", {p.phone});
      return s;
    }
    if (name == "insurance") {
      const auto& cov = course.coverage;
      auto s = std::make_unique<KeyValueSection>(x, "section.insurance");
      s->AddValues("insurance.payer", {cov.payer});
      if (!cov.payer_id.empty()) s->AddValues("insurance.payer_id", {cov.payer_id});
      s->AddValues("insurance.member_id", {cov.member_id});
      if (!cov.group.empty()) s->AddValues("insurance.group", {cov.group});
      static const char* kRelationships[] = {"relationship.self", "relationship.spouse",
                                             "relationship.child", "relationship.other"};
      s->AddCell("insurance.relationship",
                 x.Word(kRelationships[static_cast<int>(cov.relationship)], FontStyle::kBold));
      if (cov.relationship != Relationship::kSelf && cov.subscriber) {
        s->AddValues("insurance.subscriber", {x.Keep(PersonName(*cov.subscriber))});
        s->AddValues("insurance.subscriber_birth_date", {x.D(cov.subscriber->birth_date)});
        const auto address = AddressLines(cov.subscriber->address);
        if (!address.empty()) s->AddLines("insurance.subscriber_address", address);
      }
      return s;
    }
    if (name == "providers") return std::make_unique<ProvidersSection>(x);
    if (name == "diagnoses") return std::make_unique<DiagnosesSection>(x);
    if (name == "services") return std::make_unique<ServicesSection>(x, &legend);
    if (name == "payments") return std::make_unique<PaymentsSection>(x);
    if (name == "totals") return std::make_unique<TotalsSection>(x);
    return std::make_unique<SignatureSection>(x);
  };
  std::vector<std::vector<Section*>> rows;
  std::size_t services_row = layout.sections.size();
  for (const auto& row : layout.sections) {
    std::vector<Section*> placed;
    for (const auto& name : row) {
      if (name == "services") services_row = rows.size();
      sections.push_back(build(name));
      placed.push_back(sections.back().get());
    }
    rows.push_back(std::move(placed));
  }

  // The legend of the whole document, to reserve room for any page's legend.
  for (const auto& line : claim.lines) {
    legend.MarkPos(line.pos);
    for (const auto& m : line.modifiers) legend.MarkModifier(m);
  }
  const std::string full_legend = legend.Text(~std::uint64_t{0}, claim, words);

  // The footer on every page: the page's legend, a rule, the CPT notice with its
  // translation, and "Page N of M" beside it.
  const double small = layout.size_small;
  const Label sample_number = words.F("page_of", {{"n", "99"}, {"m", "99"}});
  const double number_width =
      std::max(c.Width(sample_number.primary, FontStyle::kRegular, small),
               c.Width(sample_number.secondary, FontStyle::kRegular, layout.size_translation));
  const double notice_width = c.ContentWidth() - number_width - 12;
  const Label notice = words.L("cpt_notice");
  const double notice_height =
      c.DrawLabel(notice, 0, 0, notice_width, FontStyle::kRegular, small, 'l', false);
  const double legend_size = layout.size_translation;
  std::vector<TextLine> legend_lines;
  if (!full_legend.empty()) {
    c.Wrap(full_legend, c.ContentWidth(), FontStyle::kRegular, legend_size, 4, &legend_lines);
  }
  const double legend_height =
      legend_lines.empty() ? 0 : legend_lines.size() * c.Pitch(legend_size) + 3;
  c.SetFooterHeight(notice_height + 3 + 8 + legend_height);

  for (std::size_t i = 0; i < rows.size(); ++i) {
    // What follows the services (totals, payments, signature) stays together on the last
    // page when it can.
    if (i == services_row + 1) {
      c.KeepTogether(std::vector<std::vector<Section*>>(rows.begin() + i, rows.end()));
    }
    c.PlaceRow(rows[i]);
    // Some text needs the TrueType fonts: the caller lays out again with them, so stop.
    if (!canvas->unicode() && canvas->needs_unicode()) return;
  }
  if (c.page_count() == 0) c.NewPage();

  const std::size_t total = c.page_count();
  std::vector<TextLine> lines;
  for (std::size_t p = 0; p < total; ++p) {
    c.DrawOnPage(p);
    const double top = layout.margin_bottom + notice_height;
    const double rule_y = top + 3;
    if (const std::uint64_t marks = c.PageMarks(p)) {
      lines.clear();
      const std::string_view text = marks == ~std::uint64_t{0}
                                        ? c.Keep(full_legend)
                                        : c.Keep(legend.Text(marks, claim, words));
      c.Wrap(text, c.ContentWidth(), FontStyle::kRegular, legend_size,
             static_cast<int>(std::max<std::size_t>(1, legend_lines.size())), &lines);
      double line_top = rule_y + legend_height;
      for (const auto& line : lines) {
        c.Text(c.Left(), c.Baseline(line_top, legend_size), line.text, FontStyle::kRegular,
               legend_size, line.width);  // copies the line: it is short
        line_top -= c.Pitch(legend_size);
      }
    }
    c.Rule(c.Left(), rule_y, c.Right(), rule_y, layout.rule_width);
    c.DrawLabel(notice, c.Left(), top, notice_width, FontStyle::kRegular, small, 'l', true);
    if (total > 1) {
      const std::string n = std::to_string(p + 1), m = std::to_string(total);
      const Label number = words.F("page_of", {{"n", n}, {"m", m}});
      c.DrawLabel(number, c.Right() - number_width, top, number_width, FontStyle::kRegular, small,
                  'r', true);
    }
  }
}

PdfDocument RenderSuperbillPdf(const Claim& claim, const Layout& layout, bool with_dump) {
  CanvasInfo info;
  info.title = "Superbill " + claim.course->id;
  info.author = claim.clinic->name;
  info.creator = "superbill";
  info.year = claim.statement_date.year;
  info.month = claim.statement_date.month;
  info.day = claim.statement_date.day;
  return RenderPdf(
      CanvasFontsOf(layout), layout.unicode_always,
      [&](PdfCanvas* canvas, DisplayList* list) { ComposeSuperbill(claim, layout, canvas, list); },
      info, with_dump);
}

}  // namespace superbill
