#include "input/csv_reader.h"

#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "common/text.h"
#include "input/course_fields.h"
#include "input/course_reader.h"
#include "input/csv_table.h"
#include "input/csv_values.h"
#include "input/elements.h"

namespace superbill {
namespace {

// A field of a course part (its XML attribute name) and the CSV column that holds it.
struct Field {
  const char* attribute;
  const char* column;
};

constexpr Field kRowFields[] = {{"service", "service"}};
constexpr Field kVisitFields[] = {{"date", "date"},
                                  {"provider", "provider"},
                                  {"pos", "pos"},
                                  {"telehealth", "telehealth"},
                                  {"charge", "visitCharge"}};
constexpr Field kServiceFields[] = {{"patient", "officePatient"},
                                    {"minutes", "minutes"},
                                    {"mdm", "mdm"},
                                    {"drug", "drug"},
                                    {"doseMg", "doseMg"},
                                    {"start", "start"},
                                    {"stop", "stop"},
                                    {"kind", "blockKind"},
                                    {"side", "side"},
                                    {"guidance", "guidance"},
                                    {"code", "code"},
                                    {"units", "units"},
                                    {"modifiers", "modifiers"},
                                    {"charge", "charge"},
                                    {"dx", "dx"}};
constexpr Field kPaymentFields[] = {
    {"date", "date"}, {"amount", "amount"}, {"method", "method"}, {"reference", "reference"}};
constexpr Field kCourseFields[] = {{"id", "courseId"}, {"diagnoses", "diagnoses"}};
constexpr Field kPatientFields[] = {{"id", "patientId"},
                                    {"given", "patientGiven"},
                                    {"middle", "patientMiddle"},
                                    {"family", "patientFamily"},
                                    {"birthDate", "patientBirthDate"},
                                    {"sex", "patientSex"},
                                    {"phone", "patientPhone"},
                                    {"language", "patientLanguage"},
                                    {"line1", "patientLine1"},
                                    {"line2", "patientLine2"},
                                    {"city", "patientCity"},
                                    {"state", "patientState"},
                                    {"postalCode", "patientPostalCode"}};
constexpr Field kCoverageFields[] = {{"payer", "payer"},       {"payerId", "payerId"},
                                     {"memberId", "memberId"}, {"group", "group"},
                                     {"plan", "plan"},         {"relationship", "relationship"}};
constexpr Field kSubscriberFields[] = {{"given", "subscriberGiven"},
                                       {"middle", "subscriberMiddle"},
                                       {"family", "subscriberFamily"},
                                       {"birthDate", "subscriberBirthDate"},
                                       {"sex", "subscriberSex"},
                                       {"phone", "subscriberPhone"},
                                       {"line1", "subscriberLine1"},
                                       {"line2", "subscriberLine2"},
                                       {"city", "subscriberCity"},
                                       {"state", "subscriberState"},
                                       {"postalCode", "subscriberPostalCode"}};

using G = CsvGroup;

// The columns in the order the template and export write them: what a visit is, then the
// service's cells, the visit's, the payment's, and the course's.
const CsvColumn kColumns[] = {
    {"courseId", G::kCourse, true},
    {"date", G::kVisit, true},  // a payment row's date too
    {"provider", G::kVisit, true},
    {"service", G::kRow, true},
    {"officePatient", G::kService, false},
    {"minutes", G::kService, false},
    {"mdm", G::kService, false},
    {"drug", G::kService, false},
    {"doseMg", G::kService, false},
    {"start", G::kService, false},
    {"stop", G::kService, false},
    {"blockKind", G::kService, false},
    {"side", G::kService, false},
    {"guidance", G::kService, false},
    {"code", G::kService, false},
    {"units", G::kService, false},
    {"modifiers", G::kService, false},
    {"charge", G::kService, false},
    {"dx", G::kService, false},
    {"pos", G::kVisit, false},
    {"telehealth", G::kVisit, false},
    {"visitCharge", G::kVisit, false},
    {"amount", G::kPayment, false},
    {"method", G::kPayment, false},
    {"reference", G::kPayment, false},
    {"diagnoses", G::kCourse, true},
    {"patientId", G::kCourse, true},
    {"patientGiven", G::kCourse, true},
    {"patientMiddle", G::kCourse, false},
    {"patientFamily", G::kCourse, true},
    {"patientBirthDate", G::kCourse, true},
    {"patientSex", G::kCourse, true},
    {"patientPhone", G::kCourse, false},
    {"patientLanguage", G::kCourse, false},
    {"patientLine1", G::kCourse, true},
    {"patientLine2", G::kCourse, false},
    {"patientCity", G::kCourse, true},
    {"patientState", G::kCourse, true},
    {"patientPostalCode", G::kCourse, true},
    {"payer", G::kCourse, true},
    {"payerId", G::kCourse, false},
    {"memberId", G::kCourse, true},
    {"group", G::kCourse, false},
    {"plan", G::kCourse, false},
    {"relationship", G::kCourse, false},
    {"subscriberGiven", G::kCourse, false},
    {"subscriberMiddle", G::kCourse, false},
    {"subscriberFamily", G::kCourse, false},
    {"subscriberBirthDate", G::kCourse, false},
    {"subscriberSex", G::kCourse, false},
    {"subscriberPhone", G::kCourse, false},
    {"subscriberLine1", G::kCourse, false},
    {"subscriberLine2", G::kCourse, false},
    {"subscriberCity", G::kCourse, false},
    {"subscriberState", G::kCourse, false},
    {"subscriberPostalCode", G::kCourse, false},
};

// Most rows without a courseId reported one by one.
constexpr int kMaxOrphanRowsReported = 20;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

// Letters and digits only, lower case: how a header such as "Dose mg" is matched with
// "doseMg" for a suggestion.
std::string Squeezed(std::string_view s) {
  std::string out;
  for (char c : Lower(s)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

// At most 40 characters of a header cell, for a message.
std::string Shortened(const std::string& s) {
  std::size_t i = 0, chars = 0;
  while (i < s.size() && chars < 40) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return i < s.size() ? s.substr(0, i) + "..." : s;
}

std::string Article(const std::string& word) {
  return std::strchr("aeiou", word.empty() ? 'x' : word[0]) ? "an " : "a ";
}

// The header of a file: which field holds which column.
class Sheet {
 public:
  std::string path;
  const FieldLimits* limits = nullptr;       // the longest values; null: no limits
  std::vector<const char*> column_of_field;  // per field index: its column, null if nameless
  std::map<std::string, int, std::less<>> field_of_column;

  // The field index of `column`, -1 when the header lacks it.
  int FieldOf(const char* column) const {
    auto it = field_of_column.find(std::string_view(column));
    return it == field_of_column.end() ? -1 : it->second;
  }
};

// A scope's fields resolved against the header once: attribute -> field index.
struct Scope {
  const Field* fields = nullptr;
  std::size_t size = 0;
  std::vector<int> index;

  template <std::size_t N>
  static Scope Of(const Sheet& sheet, const Field (&f)[N]) {
    Scope s;
    s.fields = f;
    s.size = N;
    for (const Field& field : f) s.index.push_back(sheet.FieldOf(field.column));
    return s;
  }
  // The position of `attribute` in the scope; size when it has none.
  std::size_t Find(const char* attribute) const {
    for (std::size_t i = 0; i < size; ++i) {
      if (std::strcmp(fields[i].attribute, attribute) == 0) return i;
    }
    return size;
  }
};

// What a row has had read or compared: a filled cell nobody used is reported.
using Used = std::vector<char>;

// The cells of one row seen through one scope, as a FieldSource.
class RowFields : public FieldSource {
 public:
  RowFields(const Sheet& sheet, const Scope& scope, const CsvRow& row, Used* used,
            Diagnostics* diags, std::string subject, std::string needs)
      : sheet_(sheet),
        scope_(scope),
        row_(row),
        used_(used),
        diags_(diags),
        subject_(std::move(subject)),
        needs_(std::move(needs)) {}

  // Columns the header lacks that a row needed: each is reported once per course.
  std::set<const char*>* missing = nullptr;
  // The cell of the row that stands for the whole row (Loc()).
  SourceLoc row_loc;

  std::optional<std::string> Required(const char* name) override {
    bool too_long = false;
    auto v = Get(name, &too_long);
    if (v || too_long) return v;
    const std::size_t i = scope_.Find(name);
    if (i < scope_.size && scope_.index[i] < 0) {
      if (!missing || missing->insert(scope_.fields[i].column).second) {
        diags_->push_back({{sheet_.path, row_.number},
                           needs_ + " column '" + scope_.fields[i].column +
                               "', which the header row does not have: add it"});
      }
    } else {
      Error(name, needs_ + " a value here");
    }
    return std::nullopt;
  }
  std::optional<std::string> Optional(const char* name) override {
    bool too_long = false;
    return Get(name, &too_long);
  }
  SourceLoc Loc(const char* name) const override {
    const std::size_t i = scope_.Find(name);
    if (i == scope_.size || scope_.index[i] < 0) return {sheet_.path, row_.number};
    return {sheet_.path, row_.number, scope_.index[i] + 1, scope_.fields[i].column};
  }
  SourceLoc Loc() const override { return row_loc; }
  void Error(const char* name, const std::string& message) override {
    diags_->push_back({Loc(name), message});
  }
  void ErrorHere(const std::string& message) override { diags_->push_back({Loc(), message}); }
  std::string Name(const char* name) const override {
    const std::size_t i = scope_.Find(name);
    return i < scope_.size ? scope_.fields[i].column : name;
  }
  std::string Subject() const override { return subject_; }
  bool spreadsheet() const override { return true; }

 private:
  // The cell of `name`; nullopt when empty, or (reported, *too_long set) when longer than
  // the limits allow.
  std::optional<std::string> Get(const char* name, bool* too_long) {
    const std::size_t i = scope_.Find(name);
    if (i == scope_.size || scope_.index[i] < 0) return std::nullopt;
    const std::size_t field = static_cast<std::size_t>(scope_.index[i]);
    if (field < used_->size()) (*used_)[field] = 1;
    const std::string& cell = row_.Cell(field);
    if (cell.empty()) return std::nullopt;
    if (auto message = TooLong(sheet_.limits, name, scope_.fields[i].column, cell)) {
      Error(name, *message);
      *too_long = true;
      return std::nullopt;
    }
    return cell;
  }

  const Sheet& sheet_;
  const Scope& scope_;
  const CsvRow& row_;
  Used* used_;
  Diagnostics* diags_;
  std::string subject_;
  std::string needs_;
};

class CsvCourseReader {
 public:
  CsvCourseReader(const std::string& path, const FieldLimits* limits, std::vector<CsvCourse>* out)
      : out_(out) {
    sheet_.path = path;
    sheet_.limits = limits;
  }

  void Run(std::string_view text) {
    CsvCourse file;
    file.course.path = sheet_.path;
    CsvTable table;
    if (!ParseCsvTable(sheet_.path, text, &table, &file.diagnostics)) {
      out_->push_back(std::move(file));
      return;
    }
    if (table.rows.empty()) {
      file.diagnostics.push_back(
          {{sheet_.path},
           "the file is empty: it needs a header row, then one row per service or payment"});
      out_->push_back(std::move(file));
      return;
    }
    if (!ReadHeader(table.rows.front(), &file.diagnostics)) {
      out_->push_back(std::move(file));
      return;
    }
    if (table.rows.size() == 1) {
      file.diagnostics.push_back({{sheet_.path, table.rows.front().number},
                                  "the file has a header row but no rows of services"});
      out_->push_back(std::move(file));
      return;
    }
    Resolve();

    // Rows grouped by course, in the order of each course's first row.
    std::vector<std::vector<const CsvRow*>> groups;
    std::map<std::string, std::size_t, std::less<>> group_of_id;
    int orphans = 0;
    const int id_field = sheet_.FieldOf("courseId");
    for (std::size_t i = 1; i < table.rows.size(); ++i) {
      const CsvRow& row = table.rows[i];
      const std::string& id = row.Cell(static_cast<std::size_t>(id_field));
      if (id.empty()) {
        if (++orphans <= kMaxOrphanRowsReported) {
          file.diagnostics.push_back({{sheet_.path, row.number, id_field + 1, "courseId"},
                                      "every row needs the id of the course it belongs to here"});
        }
        continue;
      }
      auto [it, fresh] = group_of_id.emplace(id, groups.size());
      if (fresh) groups.emplace_back();
      groups[it->second].push_back(&row);
    }
    if (orphans > kMaxOrphanRowsReported) {
      file.diagnostics.push_back(
          {{sheet_.path},
           std::to_string(orphans - kMaxOrphanRowsReported) + " more rows without a courseId"});
    }
    if (!file.diagnostics.empty()) out_->push_back(std::move(file));
    for (const auto& rows : groups) out_->push_back(ReadCourseRows(rows));
  }

 private:
  bool ReadHeader(const CsvRow& header, Diagnostics* diags) {
    const auto& columns = CsvCourseColumns();
    const std::size_t before = diags->size();
    auto at = [&](std::size_t field) {
      return SourceLoc{sheet_.path, header.number, static_cast<int>(field) + 1};
    };
    if (header.cells.size() == 1 && header.cells[0].find(';') != std::string::npos) {
      diags->push_back({at(0),
                        "the header row is separated by semicolons: save the file as \"CSV "
                        "UTF-8 (Comma delimited)\", whose cells are separated by commas"});
      return false;
    }
    sheet_.column_of_field.assign(header.cells.size(), nullptr);
    for (std::size_t f = 0; f < header.cells.size(); ++f) {
      const std::string& name = header.cells[f];
      if (name.empty()) continue;  // a nameless column must stay empty (checked per row)
      const CsvColumn* match = nullptr;
      const CsvColumn* near = nullptr;
      for (const CsvColumn& c : columns) {
        if (Lower(c.name) == Lower(name)) match = &c;
        if (Squeezed(c.name) == Squeezed(name)) near = &c;
      }
      if (!match) {
        diags->push_back({at(f), "unknown column '" + Shortened(name) + "'" +
                                     (near ? std::string(": did you mean '") + near->name + "'?"
                                           : std::string(": the columns are those of the "
                                                         "template that superbill init writes "
                                                         "(visits-template.csv)"))});
        continue;
      }
      auto [it, fresh] = sheet_.field_of_column.emplace(match->name, static_cast<int>(f));
      if (!fresh) {
        diags->push_back({at(f), std::string("column '") + match->name +
                                     "' is given twice (also column " +
                                     std::to_string(it->second + 1) + ")"});
        continue;
      }
      sheet_.column_of_field[f] = match->name;
    }
    std::string missing;
    for (const CsvColumn& c : columns) {
      if (c.in_every_file && sheet_.FieldOf(c.name) < 0) {
        missing += std::string(missing.empty() ? "" : ", ") + "'" + c.name + "'";
      }
    }
    if (!missing.empty()) {
      diags->push_back({{sheet_.path, header.number},
                        "the header row lacks the column" +
                            std::string(missing.find(',') == std::string::npos ? " " : "s ") +
                            missing + " that every course file needs"});
    }
    return diags->size() == before;
  }

  void Resolve() {
    row_ = Scope::Of(sheet_, kRowFields);
    visit_ = Scope::Of(sheet_, kVisitFields);
    service_ = Scope::Of(sheet_, kServiceFields);
    payment_ = Scope::Of(sheet_, kPaymentFields);
    course_ = Scope::Of(sheet_, kCourseFields);
    patient_ = Scope::Of(sheet_, kPatientFields);
    coverage_ = Scope::Of(sheet_, kCoverageFields);
    subscriber_ = Scope::Of(sheet_, kSubscriberFields);
    for (const CsvColumn& c : CsvCourseColumns()) {
      int f = sheet_.FieldOf(c.name);
      if (f >= 0 && c.group == CsvGroup::kCourse) course_level_fields_.push_back(f);
      if (f >= 0 && c.group == CsvGroup::kVisit && std::strcmp(c.name, "date") != 0 &&
          std::strcmp(c.name, "provider") != 0) {
        visit_level_fields_.push_back(f);
      }
    }
  }

  // The cell of the scope's field `i` in `row` ("" when the header lacks it).
  static const std::string& Cell(const CsvRow& row, const Scope& scope, std::size_t i) {
    static const std::string kEmpty;
    return scope.index[i] < 0 ? kEmpty : row.Cell(static_cast<std::size_t>(scope.index[i]));
  }

  SourceLoc CellLoc(const CsvRow& row, int field) const {
    return {sheet_.path, row.number, field + 1,
            field >= 0 && static_cast<std::size_t>(field) < sheet_.column_of_field.size()
                ? sheet_.column_of_field[static_cast<std::size_t>(field)]
                : nullptr};
  }

  // The course-level values, read from its first service row.
  void ReadCourseLevel(const CsvRow& row, Used* used, Course* course, Diagnostics* diags) {
    const std::string needs = "every course needs";
    RowFields c(sheet_, course_, row, used, diags, "the course", needs);
    if (auto id = c.Required("id")) {
      course->id = *id;
      course->id_loc = c.Loc("id");
    }
    if (auto dx = c.Required("diagnoses")) {
      SourceLoc loc = c.Loc("diagnoses");
      std::string code;
      for (std::size_t i = 0; i <= dx->size(); ++i) {
        const char ch = i < dx->size() ? (*dx)[i] : ',';
        if (ch == ',' || ch == ';' || ch == ' ') {
          if (!code.empty()) course->diagnoses.push_back({code, code, loc});
          code.clear();
        } else {
          code += ch;
        }
      }
      if (course->diagnoses.empty()) {
        c.Error("diagnoses", "every course needs at least one ICD-10-CM code here");
      }
    }

    Patient& p = course->patient;
    RowFields pf(sheet_, patient_, row, used, diags, "the patient", needs);
    ReadPatientFields(pf, &p);
    p.loc = pf.Loc("id");
    ReadAddressFields(pf, &p.address);
    p.address.loc = pf.Loc("line1");

    Coverage& cov = course->coverage;
    RowFields cf(sheet_, coverage_, row, used, diags, "the coverage", needs);
    ReadCoverageFields(cf, &cov);
    cov.loc = cf.Loc("payer");

    // The subscriber: given when any of its cells is filled.
    int first_filled = -1;
    for (std::size_t i = 0; i < subscriber_.size; ++i) {
      const int f = subscriber_.index[i];
      if (f >= 0 && !row.Cell(static_cast<std::size_t>(f)).empty()) {
        first_filled = f;
        break;
      }
    }
    const SourceLoc relationship_loc =
        cf.Loc("relationship").col > 0 ? cf.Loc("relationship") : cov.loc;
    if (first_filled >= 0) {
      if (cov.relationship == Relationship::kSelf) {
        diags->push_back({CellLoc(row, first_filled),
                          "relationship 'self' takes no subscriber: the patient is the "
                          "subscriber (leave the subscriber columns empty)"});
      }
      Person s;
      RowFields sf(sheet_, subscriber_, row, used, diags, "the subscriber", "a subscriber needs");
      ReadPersonFields(sf, &s);
      s.loc = sf.Loc("given");
      ReadAddressFields(sf, &s.address);
      s.address.loc = sf.Loc("line1");
      cov.subscriber = s;
    } else if (cov.relationship != Relationship::kSelf) {
      diags->push_back({relationship_loc,
                        "a relationship other than 'self' needs the subscriber: fill "
                        "subscriberGiven, subscriberFamily, subscriberBirthDate, subscriberSex, "
                        "subscriberLine1, subscriberCity, subscriberState and "
                        "subscriberPostalCode"});
    }
  }

  // Reports the filled cells of `row` that nothing read or compared.
  void ReportUnused(const CsvRow& row, const Used& used, const std::string& subject,
                    Diagnostics* diags) {
    for (std::size_t f = 0; f < row.cells.size(); ++f) {
      if (row.cells[f].empty() || (f < used.size() && used[f])) continue;
      const char* column = f < sheet_.column_of_field.size() ? sheet_.column_of_field[f] : nullptr;
      if (!column) {
        diags->push_back({{sheet_.path, row.number, static_cast<int>(f) + 1},
                          "this cell is in a column without a name in the header row: name the "
                          "column or leave the cell empty"});
      } else {
        diags->push_back({CellLoc(row, static_cast<int>(f)),
                          subject + " does not use this cell: leave it empty"});
      }
    }
  }

  CsvCourse ReadCourseRows(const std::vector<const CsvRow*>& rows) {
    CsvCourse out;
    Course& course = out.course;
    Diagnostics* diags = &out.diagnostics;
    course.path = sheet_.path;
    const int id_field = sheet_.FieldOf("courseId");
    const int service_field = sheet_.FieldOf("service");
    course.loc = CellLoc(*rows.front(), id_field);
    course.id = rows.front()->Cell(static_cast<std::size_t>(id_field));
    course.id_loc = course.loc;

    const CsvRow* first = nullptr;  // the course's first service row
    for (const CsvRow* r : rows) {
      if (Lower(r->Cell(static_cast<std::size_t>(service_field))) != "payment") {
        first = r;
        break;
      }
    }
    if (!first) {
      diags->push_back({course.loc, "course " + course.id +
                                        " has only payment rows: it needs at least one row "
                                        "of a service"});
      return out;
    }

    std::set<const char*> missing;
    struct VisitKey {
      std::string date, provider;
      auto operator<=>(const VisitKey&) const = default;
    };
    std::map<VisitKey, std::pair<std::size_t, const CsvRow*>> visit_of;  // -> index, first row
    for (const CsvRow* row : rows) {
      Used used(row->cells.size(), 0);
      used[static_cast<std::size_t>(id_field)] = 1;
      // Course-level cells: read on the first service row, the same on every other row (a
      // payment row may leave them empty).
      const bool payment = Lower(row->Cell(static_cast<std::size_t>(service_field))) == "payment";
      if (row == first) {
        ReadCourseLevel(*row, &used, &course, diags);
      } else {
        // One diagnostic a row, at its first such cell: a sheet filled only on a course's
        // first row would otherwise give one per empty cell.
        std::vector<int> differ;
        for (int f : course_level_fields_) {
          const auto fi = static_cast<std::size_t>(f);
          if (fi < used.size()) used[fi] = 1;
          const std::string& cell = row->Cell(fi);
          if ((payment && cell.empty()) || cell == first->Cell(fi)) continue;
          differ.push_back(f);
        }
        if (!differ.empty()) {
          std::string others;
          for (std::size_t i = 1; i < differ.size(); ++i) {
            others += std::string(i == 1 ? "" : ", ") +
                      sheet_.column_of_field[static_cast<std::size_t>(differ[i])];
          }
          diags->push_back(
              {CellLoc(*row, differ[0]),
               "this cell does not repeat row " + std::to_string(first->number) +
                   ", the first row of course " + course.id +
                   (others.empty() ? std::string()
                                   : ", and neither do " + std::to_string(differ.size() - 1) +
                                         " more cells of this row (" + others + ")") +
                   ": every row of a course repeats its patient, coverage and diagnoses (a "
                   "payment row may leave them empty)"});
        }
      }

      RowFields kind_fields(sheet_, row_, *row, &used, diags, "the row", "every row needs");
      kind_fields.row_loc = CellLoc(*row, service_field);
      auto kind_text = kind_fields.Required("service");
      if (!kind_text) continue;  // (its other cells say nothing without a service)
      std::string subject;
      if (payment) {
        Payment p;
        p.loc = kind_fields.row_loc;
        RowFields pf(sheet_, payment_, *row, &used, diags, "the payment row",
                     "a payment row needs");
        pf.missing = &missing;
        pf.row_loc = p.loc;
        ReadPaymentFields(pf, &p);
        course.payments.push_back(p);
        subject = "a payment row";
      } else {
        auto kind_name = ParseChoiceAttr(
            kind_fields, "service", *kind_text,
            "office|evaluation|psychotherapy|infusion|hydration|push|injection|nasal|block|line|"
            "payment");
        if (!kind_name) continue;
        subject = Article(*kind_name) + *kind_name + " row";

        // The visit: the rows of one date and provider.
        VisitKey key{Cell(*row, visit_, 0), Cell(*row, visit_, 1)};
        if (auto d = ParseSheetDate(key.date)) key.date = d->ToString();
        auto found = visit_of.find(key);
        if (found == visit_of.end()) {
          if (course.visits.size() == kMaxVisits) {
            diags->push_back(
                {CellLoc(*row, visit_.index[0]),
                 "a course may hold at most " + std::to_string(kMaxVisits) + " visits"});
            return out;
          }
          Visit v;
          RowFields vf(sheet_, visit_, *row, &used, diags, "the visit", "every service row needs");
          vf.missing = &missing;
          ReadVisitFields(vf, &v);
          v.loc = vf.Loc("date");
          found = visit_of.emplace(key, std::make_pair(course.visits.size(), row)).first;
          course.visits.push_back(std::move(v));
        } else {
          const CsvRow* visit_first = found->second.second;
          for (int f : visit_.index) {
            if (f >= 0 && static_cast<std::size_t>(f) < used.size())
              used[static_cast<std::size_t>(f)] = 1;
          }
          for (int f : visit_level_fields_) {
            const auto fi = static_cast<std::size_t>(f);
            if (row->Cell(fi) == visit_first->Cell(fi)) continue;
            diags->push_back(
                {CellLoc(*row, f),
                 "this cell differs from row " + std::to_string(visit_first->number) +
                     ", the first row of its visit: the rows of one date and provider are one "
                     "visit, with one place of service, telehealth and visit charge"});
          }
        }
        Service s;
        s.kind = *ServiceKindFromName(*kind_name);
        s.loc = kind_fields.row_loc;
        RowFields sf(sheet_, service_, *row, &used, diags, "the " + *kind_name + " row",
                     Article(*kind_name) + *kind_name + " row needs");
        sf.missing = &missing;
        sf.row_loc = s.loc;
        ReadServiceFields(sf, &s);
        course.visits[found->second.first].services.push_back(std::move(s));
      }
      ReportUnused(*row, used, subject, diags);
    }
    return out;
  }

  Sheet sheet_;
  Scope row_, visit_, service_, payment_, course_, patient_, coverage_, subscriber_;
  std::vector<int> course_level_fields_;  // fields of course-level columns
  std::vector<int> visit_level_fields_;   // pos, telehealth, visitCharge
  std::vector<CsvCourse>* out_;
};

}  // namespace

const std::vector<CsvColumn>& CsvCourseColumns() {
  static const std::vector<CsvColumn> columns(std::begin(kColumns), std::end(kColumns));
  return columns;
}

bool IsCsvPath(const std::string& path) {
  return path.size() >= 4 && Lower(std::string_view(path).substr(path.size() - 4)) == ".csv";
}

std::vector<CsvCourse> ParseCsvCourses(const std::string& path, std::string_view text,
                                       const FieldLimits* limits) {
  std::vector<CsvCourse> out;
  CsvCourseReader(path, limits, &out).Run(text);
  return out;
}

std::vector<CsvCourse> ReadCsvCourses(const std::string& path, const FieldLimits* limits) {
  std::string text;
  const ReadResult read = ReadRegularFile(path, &text, kMaxCourseBytes);
  if (read != ReadResult::kOk) {
    CsvCourse file;
    file.course.path = path;
    const char* not_a_file = NotAFileMessage(read);
    file.diagnostics.push_back(
        {{path},
         not_a_file ? std::string(not_a_file)
         : read == ReadResult::kTooLarge
             ? std::string("the course file is larger than 10 MB: split it into smaller files")
             : std::string("cannot read: ") + std::strerror(errno)});
    return {std::move(file)};
  }
  return ParseCsvCourses(path, text, limits);
}

}  // namespace superbill
