#include "batch/runner.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <thread>

#include "batch/input_check.h"
#include "coding/coder.h"
#include "common/text.h"
#include "input/clinic_reader.h"
#include "input/course_reader.h"
#include "input/tables_reader.h"
#include "validate/course_validator.h"

namespace superbill {

namespace fs = std::filesystem;

std::string FindDataDir(const std::string& name, const std::string& program_path) {
  std::vector<fs::path> candidates;
  std::error_code ec;
  if (!program_path.empty()) {
    fs::path exe = fs::canonical("/proc/self/exe", ec);
    if (ec) exe = fs::absolute(program_path, ec);
    fs::path dir = exe.parent_path();
    candidates.push_back(dir / ".." / "share" / "superbill" / name);
    candidates.push_back(dir / name);
  }
  candidates.push_back(fs::path(SUPERBILL_DATA_DIR) / name);
  candidates.push_back(fs::path(SUPERBILL_SOURCE_DIR) / name);
  for (const auto& c : candidates) {
    if (fs::is_directory(c, ec)) return fs::weakly_canonical(c, ec).string();
  }
  throw FatalError("cannot find the " + name + "/ folder; pass it with --" +
                   (name == "cpt_tables" ? std::string("tables") : name) + " DIR");
}

Context LoadContext(const RunOptions& options) {
  std::string tables_dir = options.tables_dir;
  if (tables_dir.empty()) tables_dir = FindDataDir("cpt_tables", options.program_path);
  Tables tables = LoadTables(tables_dir);
  if (!options.icd10cm_path.empty()) LoadIcd10OrderFile(options.icd10cm_path, &tables);
  Clinic clinic = LoadClinic(options.clinic_path, tables);
  return Context{std::move(tables), std::move(clinic), options.date};
}

CourseResult& CourseResult::operator=(const CourseResult& o) {
  if (this == &o) return *this;
  path = o.path;
  index = o.index;
  id = o.id;
  course = o.course;
  claim = o.claim;
  diagnostics = o.diagnostics;
  read_problems = o.read_problems;
  duplicate_id = o.duplicate_id;
  new_statement = o.new_statement;
  pdf_password = o.pdf_password;
  if (claim.course == &o.course) claim.course = &course;
  return *this;
}

CourseResult& CourseResult::operator=(CourseResult&& o) noexcept {
  if (this == &o) return *this;
  const Course* old_course = &o.course;
  path = std::move(o.path);
  index = o.index;
  id = std::move(o.id);
  course = std::move(o.course);
  claim = std::move(o.claim);
  diagnostics = std::move(o.diagnostics);
  read_problems = o.read_problems;
  duplicate_id = o.duplicate_id;
  new_statement = o.new_statement;
  pdf_password = std::move(o.pdf_password);
  if (claim.course == old_course) claim.course = &course;
  return *this;
}

CourseResult ProcessCourse(const std::string& path, const Context& ctx) {
  Diagnostics read;
  Course course = ReadCourse(path, &read, &ctx.tables.field_limits);
  return ProcessReadCourse(path, std::move(course), std::move(read), ctx);
}

CourseResult ProcessReadCourse(const std::string& path, Course course, Diagnostics read,
                               const Context& ctx) {
  CourseResult r;
  r.path = path;
  r.course = std::move(course);
  r.diagnostics = std::move(read);
  r.read_problems = r.diagnostics.size();
  r.id = r.course.id.empty() ? fs::path(path).stem().string() : r.course.id;
  if (HasErrors(r.diagnostics)) return r;
  Diagnostics checked = ValidateCourse(r.course, ctx.clinic, ctx.tables, ctx.date);
  r.diagnostics.insert(r.diagnostics.end(), checked.begin(), checked.end());
  if (HasErrors(r.diagnostics)) return r;
  r.claim = CodeCourse(r.course, ctx.clinic, ctx.tables, ctx.date, &r.diagnostics);
  return r;
}

void MarkDuplicate(CourseResult* r, const std::string& earlier_path) {
  // Only the problems of reading the course stand (checking and coding a course whose id
  // is taken means nothing).
  r->diagnostics.resize(std::min(r->read_problems, r->diagnostics.size()));
  r->claim = Claim{};
  r->duplicate_id = true;
  r->diagnostics.push_back(
      {r->course.id_loc,
       "course id " + Quoted(r->course.id) + " is already used in this batch by " + earlier_path});
}

std::string CodeCsvHeader() {
  return "course,date,code,modifiers,units,dx,charge,ndc,ndc_unit,ndc_qty\n";
}

std::string CodeCsvRows(const Claim& claim) {
  std::string out;
  for (const auto& l : claim.lines) {
    out += CsvField(claim.course->id) + ',' + l.date.ToString() + ',' + CsvField(l.code) + ',' +
           CsvField(l.ModifierString(':')) + ',' + std::to_string(l.units) + ',' + l.DxLetters() +
           ',' + l.charge.ToString() + ',' + l.ndc11 + ',' + l.ndc_unit + ',' + l.ndc_qty + '\n';
  }
  return out;
}

BatchOptions BatchOptionsFor(const RunOptions& options) {
  BatchOptions b;
  b.jobs = options.jobs > 0 ? options.jobs : DefaultJobs();
  b.progress = options.progress;
  b.recursive = options.recursive;
  return b;
}

std::string SummaryLine(const BatchOutcome& o, double seconds) {
  const std::size_t done = o.accepted + o.rejected;
  char buf[240];
  const char* warnings = o.warnings == 1 ? "warning" : "warnings";
  if (o.interrupted) {
    std::snprintf(buf, sizeof buf,
                  "superbill: interrupted: %zu of %zu courses done: %zu accepted, %zu rejected, "
                  "%zu %s in %.2f s\n",
                  done, o.total, o.accepted, o.rejected, o.warnings, warnings, seconds);
  } else {
    std::snprintf(buf, sizeof buf,
                  "superbill: %zu course%s: %zu accepted, %zu rejected, %zu %s in %.2f s\n", done,
                  done == 1 ? "" : "s", o.accepted, o.rejected, o.warnings, warnings, seconds);
  }
  return buf;
}

std::string WhereLine(const std::string& out_dir, const BatchOutcome& o) {
  std::string dir = out_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  std::string line = "superbill: documents in " + Escaped(dir) + "/<course id>/, the report in " +
                     Escaped(dir) + "/report.csv";
  if (o.rejected == 1) {
    line += "; fix the rejected course (its problems are above and in report.csv) and run again";
  } else if (o.rejected > 1) {
    line += "; fix the " + std::to_string(o.rejected) +
            " rejected courses (their problems are above and in report.csv) and run again";
  }
  return line + "\n";
}

int DefaultJobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(std::min(n, 64u));
}

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

ExitCode RunCode(const RunOptions& options, std::ostream& out, std::ostream& err) {
  CheckCourseInputs(options.inputs, options.recursive);
  const auto started = std::chrono::steady_clock::now();
  Context ctx = LoadContext(options);  // a fatal problem prints nothing on `out`
  out << CodeCsvHeader();
  const BatchOutcome outcome = RunBatch(
      ctx, options.inputs, err, BatchOptionsFor(options), [](CourseResult&) {},
      [&](const CourseResult& r) {
        if (r.ok()) out << CodeCsvRows(r.claim);
      });
  out.flush();
  err << SummaryLine(outcome, SecondsSince(started));
  return outcome.code;
}

ExitCode RunValidate(const RunOptions& options, std::ostream& err) {
  CheckCourseInputs(options.inputs, options.recursive);
  const auto started = std::chrono::steady_clock::now();
  const BatchOutcome outcome = RunBatch(
      LoadContext(options), options.inputs, err, BatchOptionsFor(options), [](CourseResult&) {},
      [](const CourseResult&) {});
  err << SummaryLine(outcome, SecondsSince(started));
  return outcome.code;
}

}  // namespace superbill
