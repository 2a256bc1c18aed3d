#include "fuzz/fuzz_targets.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <pugixml.hpp>

#include "coding/coder.h"
#include "common/text.h"
#include "convert/course_csv.h"
#include "convert/course_xml.h"
#include "input/clinic_reader.h"
#include "input/course_reader.h"
#include "input/csv_reader.h"
#include "input/tables_reader.h"
#include "model/claim.h"
#include "model/course.h"
#include "model/date.h"
#include "model/money.h"
#include "render/fhir_xml.h"
#include "validate/course_validator.h"

#ifndef SUPERBILL_SOURCE_DIR
#error "SUPERBILL_SOURCE_DIR must name the source tree"
#endif

namespace superbill {
namespace {

std::string Source(const std::string& relative) {
  return std::string(SUPERBILL_SOURCE_DIR) + "/" + relative;
}

// A broken invariant: says which and aborts, so libFuzzer keeps the input.
[[noreturn]] void Broken(const std::string& what) {
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

void Check(bool ok, const std::string& what) {
  if (!ok) Broken(what);
}

// Every diagnostic has a message and, when it has a place, lies in `path` within its lines.
void CheckDiagnostics(const Diagnostics& diags, const std::string& path, std::string_view text) {
  const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  for (const Diagnostic& d : diags) {
    Check(!d.message.empty(), "empty diagnostic message");
    Check(d.loc.path.empty() || d.loc.path == path, "diagnostic outside the file: " + d.ToString());
    Check(d.loc.line >= 0 && d.loc.line <= lines && d.loc.col >= 0,
          "diagnostic place outside the file: " + d.ToString());
  }
}

// The CSV form of CheckDiagnostics: rows are records, so a CR alone also ends one, and a
// place's column is a known one.
void CheckCsvDiagnostics(const Diagnostics& diags, const std::string& path, std::string_view text) {
  const int rows = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n') +
                                        std::count(text.begin(), text.end(), '\r'));
  for (const Diagnostic& d : diags) {
    Check(!d.message.empty(), "empty diagnostic message");
    Check(d.loc.path == path, "diagnostic outside the file: " + d.ToString());
    Check(d.loc.line >= 0 && d.loc.line <= rows && d.loc.col >= 0,
          "diagnostic place outside the file: " + d.ToString());
    if (d.loc.column) {
      bool known = false;
      for (const CsvColumn& c : CsvCourseColumns()) known = known || c.name == d.loc.column;
      Check(known, "a diagnostic names an unknown column: " + d.ToString());
    }
  }
}

Date RunDate() { return Date{kFuzzRunYear, kFuzzRunMonth, kFuzzRunDay}; }

// The claim.xml of an accepted course is well-formed XML 1.0: it parses, and it holds only
// the characters XML allows (pugixml does not check those), as itself or as a reference.
void CheckClaimXml(const Claim& claim) {
  const std::string xml = RenderFhirXml(claim);
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  Check(static_cast<bool>(parsed),
        std::string("claim.xml is not well-formed: ") + parsed.description());
  auto xml_char = [](char32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
  };
  for (std::size_t i = 0; i < xml.size();) {
    char32_t c = 0;
    Check(DecodeUtf8(xml, &i, &c), "claim.xml is not UTF-8");
    Check(xml_char(c), "claim.xml holds the character " + CodePointName(c));
    if (c == '&' && i < xml.size() && xml[i] == '#') {
      const bool hex = i + 1 < xml.size() && xml[i + 1] == 'x';
      const std::size_t end = xml.find(';', i);
      Check(end != std::string::npos, "claim.xml: a character reference without ';'");
      const std::string digits = xml.substr(i + (hex ? 2 : 1), end - i - (hex ? 2 : 1));
      Check(!digits.empty() && digits.size() <= 8, "claim.xml: a malformed character reference");
      const auto v = static_cast<char32_t>(std::stoul(digits, nullptr, hex ? 16 : 10));
      Check(xml_char(v), "claim.xml refers to the character " + CodePointName(v));
    }
  }
}

std::string LineCsv(const ClaimLine& l) {
  return l.date.ToString() + ',' + l.code + ',' + l.ModifierString(':') + ',' +
         std::to_string(l.units) + ',' + l.DxLetters() + ',' + l.charge.ToString() + ',' + l.ndc11 +
         ',' + l.ndc_unit + ',' + l.ndc_qty;
}

// Validates and codes an already read course against `clinic`, as a batch does; checks the
// diagnostics' places against the XML `text` unless `csv` (the caller checks those).
CourseOutcome ValidateAndCode(const Course& course, const std::string& path, std::string_view text,
                              const Clinic& clinic, bool csv = false) {
  CourseOutcome out;
  out.stage = "validate";
  out.diagnostics = ValidateCourse(course, clinic, FuzzTables(), RunDate());
  if (!HasErrors(out.diagnostics)) {
    out.stage = "code";
    Claim claim = CodeCourse(course, clinic, FuzzTables(), RunDate(), &out.diagnostics);
    if (!HasErrors(out.diagnostics)) {
      out.stage = "coded";
      CheckClaimXml(claim);
      for (const ClaimLine& l : claim.lines) {
        Check(l.units >= 1, "a claim line with no units: " + LineCsv(l));
        Check(l.modifiers.size() <= 4, "a claim line with more than 4 modifiers");
        Check(!l.dx.empty() && l.dx.size() <= 4, "a claim line without 1 to 4 pointers");
        out.lines.push_back(LineCsv(l));
      }
    }
  }
  if (!csv) CheckDiagnostics(out.diagnostics, path, text);
  return out;
}

// Diagnostics never quote a patient's or subscriber's personal values: validating and
// coding the course with each such value replaced by a marker gives no diagnostic that
// holds the marker. (Skipped when the input itself holds the marker.)
void CheckNoPersonalValues(const Course& course, std::string_view text, const Clinic& clinic) {
  static const std::string kMarker = "\x01personal\x02";
  if (text.find(kMarker) != std::string_view::npos) return;
  Course marked = course;
  auto mark = [&](Person& p) {
    for (std::string* v : {&p.given, &p.middle, &p.family, &p.phone, &p.address.line1,
                           &p.address.line2, &p.address.city}) {
      if (!v->empty()) *v = kMarker;
    }
  };
  mark(marked.patient);
  if (marked.coverage.subscriber) mark(*marked.coverage.subscriber);
  marked.coverage.member_id = kMarker;
  if (!marked.coverage.group.empty()) marked.coverage.group = kMarker;
  Diagnostics diags = ValidateCourse(marked, clinic, FuzzTables(), RunDate());
  if (diags.empty()) CodeCourse(marked, clinic, FuzzTables(), RunDate(), &diags);
  for (const Diagnostic& d : diags) {
    if (d.message.find(kMarker) != std::string::npos) {
      Broken("a diagnostic quotes a personal value: " + d.message);
    }
  }
}

std::string_view AsText(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

}  // namespace

const Tables& FuzzTables() {
  static const Tables tables = LoadTables(Source("cpt_tables"));
  return tables;
}

const Clinic& FuzzTestClinic() {
  static const Clinic clinic = LoadClinic(Source("tests/data/clinic.xml"), FuzzTables());
  return clinic;
}

const Clinic& FuzzSampleClinic() {
  static const Clinic clinic = LoadClinic(Source("samples/clinic.xml"), FuzzTables());
  return clinic;
}

Diagnostics RunClinicReader(const std::string& path, std::string_view text) {
  Diagnostics diags;
  try {
    Clinic clinic = ParseClinic(path, std::string(text), FuzzTables(), &diags);
    if (diags.empty()) {
      Check(!clinic.providers.empty(), "a usable clinic without providers");
      // The clinic's values reach claim.xml too: a sample course coded against it gives a
      // well-formed one (when the course suits the clinic at all).
      static const Course course = [] {
        Diagnostics ignored;
        return ReadCourse(Source("samples/courses/01-induction-series.xml"), &ignored);
      }();
      Diagnostics coded = ValidateCourse(course, clinic, FuzzTables(), RunDate());
      if (!HasErrors(coded)) {
        Claim claim = CodeCourse(course, clinic, FuzzTables(), RunDate(), &coded);
        if (!HasErrors(coded)) CheckClaimXml(claim);
      }
    }
  } catch (const FatalError& e) {
    diags.insert(diags.end(), e.diagnostics().begin(), e.diagnostics().end());
  }
  CheckDiagnostics(diags, path, text);
  return diags;
}

CourseOutcome RunCourseReader(const std::string& path, std::string_view text,
                              const Clinic& clinic) {
  Diagnostics diags;
  Course course = ParseCourse(path, std::string(text), &diags, &FuzzTables().field_limits);
  if (!diags.empty()) {
    CheckDiagnostics(diags, path, text);
    return CourseOutcome{"read", std::move(diags), {}};
  }
  CheckNoPersonalValues(course, text, clinic);
  return ValidateAndCode(course, path, text, clinic);
}

std::vector<CourseOutcome> RunCsvReader(const std::string& path, std::string_view text,
                                        const Clinic& clinic) {
  std::vector<CourseOutcome> out;
  for (const CsvCourse& c : ParseCsvCourses(path, text, &FuzzTables().field_limits)) {
    CheckCsvDiagnostics(c.diagnostics, path, text);
    if (HasErrors(c.diagnostics)) {
      Check(c.diagnostics.size() <= 10000, "more than 10,000 diagnostics for one course");
      out.push_back(CourseOutcome{"read", c.diagnostics, {}});
      continue;
    }
    Check(!c.course.id.empty() && !c.course.visits.empty() && !c.course.diagnoses.empty(),
          "a course read without an error lacks an id, a visit or a diagnosis");
    CheckNoPersonalValues(c.course, text, clinic);
    CourseOutcome o = ValidateAndCode(c.course, path, text, clinic, /*csv=*/true);
    CheckCsvDiagnostics(o.diagnostics, path, text);

    // Export, then read again: the same course.
    const std::string xml = CourseXml(c.course);
    auto again = ParseCsvCourses("again.csv", CsvCourseHeader() + CsvCourseRows(c.course));
    Check(again.size() == 1,
          "an exported course reads back as " + std::to_string(again.size()) + " entries");
    Check(again[0].diagnostics.empty(),
          "an exported course reads back with a problem: " +
              (again[0].diagnostics.empty() ? "" : again[0].diagnostics[0].ToString()));
    Check(CourseXml(again[0].course) == xml, "an exported course reads back different");
    // Import (as a course file), then read again: the same course, the same lines.
    Diagnostics diags;
    Course imported = ParseCourse("imported.xml", xml, &diags);
    Check(diags.empty(),
          "an imported course file does not read: " + (diags.empty() ? "" : diags[0].ToString()));
    Check(CourseXml(imported) == xml, "an imported course file reads back different");
    CourseOutcome o2 = ValidateAndCode(imported, "imported.xml", xml, clinic);
    Check(o2.stage == o.stage && o2.lines == o.lines,
          "an imported course codes differently from its CSV");
    out.push_back(std::move(o));
  }
  return out;
}

Diagnostics RunIcd10Order(const std::string& path, std::string_view text, std::size_t* codes) {
  Tables tables;
  Diagnostics diags;
  ParseIcd10Order(path, std::string(text), &tables, &diags);
  CheckDiagnostics(diags, path, text);
  Check(diags.size() <= 20, "more than 20 diagnostics from one order file");
  for (const auto& [key, code] : tables.icd10) {
    Check(!code.code.empty() && code.code.find('.') != 0, "an empty or dot-first ICD-10-CM code");
  }
  if (codes) *codes = tables.icd10.size();
  return diags;
}

std::string RunMoneyDate(std::string_view text) {
  std::string out = "money=";
  if (auto m = Money::Parse(text)) {
    Check(m->cents >= 0 && m->cents <= Money::kMaxCents, "money out of range");
    auto again = Money::Parse(m->ToString());
    Check(again && *again == *m, "money does not survive ToString: " + m->ToString());
    out += m->ToString();
  } else {
    out += "-";
  }
  out += " decimal=";
  if (auto d = Decimal3::Parse(text)) {
    Check(d->milli >= 0, "negative decimal");
    auto again = Decimal3::Parse(d->ToString());
    Check(again && *again == *d, "decimal does not survive ToString: " + d->ToString());
    out += d->ToString();
  } else {
    out += "-";
  }
  out += " date=";
  if (auto d = Date::Parse(text)) {
    Check(d->ToString() == text, "date does not print as parsed: " + d->ToString());
    Check(d->YearsUntil(*d) == 0, "a date is not 0 years from itself");
    out += d->ToString();
  } else {
    out += "-";
  }
  out += " time=";
  if (auto t = ParseClockTime(text)) {
    Check(*t >= 0 && *t < 24 * 60, "clock time out of range");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d", *t / 60, *t % 60);
    Check(text == buf, std::string("clock time does not print as parsed: ") + buf);
    out += std::to_string(*t);
  } else {
    out += "-";
  }
  std::size_t slash = text.find('/');
  if (slash != std::string_view::npos) {
    auto a = Decimal3::Parse(text.substr(0, slash));
    auto b = Decimal3::Parse(text.substr(slash + 1));
    if (a && b && b->milli > 0) {
      std::int64_t ceil = CeilDiv(*a, *b);
      Int128 am = a->milli, bm = b->milli;
      Check(ceil >= 0 && static_cast<Int128>(ceil) * bm >= am &&
                (ceil == 0 || static_cast<Int128>(ceil - 1) * bm < am),
            "CeilDiv is not the ceiling");
      Decimal3 q = DivideRounded(*a, *b);
      // q = round(a * 1000 / b): |q * b - a * 1000| <= b / 2.
      Int128 diff = static_cast<Int128>(q.milli) * bm - am * 1000;
      Check(diff * 2 <= bm && -diff * 2 < bm + 1, "DivideRounded is not a/b rounded");
      out += " ceil=" + std::to_string(ceil) + " div=" + q.ToString();
    }
  }
  return out;
}

int FuzzClinicReader(const uint8_t* data, size_t size) {
  RunClinicReader("clinic.xml", AsText(data, size));
  return 0;
}

int FuzzCourseReader(const uint8_t* data, size_t size) {
  std::string_view text = AsText(data, size);
  // Against the test clinic (as the brief of the harness asks) and against the samples'
  // clinic, whose provider and drug ids the seed courses use, so the coder is reached.
  CourseOutcome a = RunCourseReader("course.xml", text, FuzzTestClinic());
  if (a.stage != "read") RunCourseReader("course.xml", text, FuzzSampleClinic());
  return 0;
}

int FuzzCsvReader(const uint8_t* data, size_t size) {
  std::string_view text = AsText(data, size);
  // Against the samples' clinic, whose provider and drug ids the seeds use.
  RunCsvReader("visits.csv", text, FuzzSampleClinic());
  return 0;
}

int FuzzIcd10Order(const uint8_t* data, size_t size) {
  RunIcd10Order("icd10cm_order.txt", AsText(data, size), nullptr);
  return 0;
}

int FuzzMoneyDate(const uint8_t* data, size_t size) {
  RunMoneyDate(AsText(data, size));
  return 0;
}

}  // namespace superbill
