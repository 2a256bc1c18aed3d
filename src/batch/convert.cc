#include "batch/convert.h"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <map>

#include "batch/course_inputs.h"
#include "batch/output.h"
#include "common/text.h"
#include "convert/course_csv.h"
#include "convert/course_xml.h"
#include "input/course_reader.h"
#include "input/csv_reader.h"
#include "validate/course_validator.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void MakeFolder(const std::string& dir, const FileModes& modes) {
  std::error_code ec;
  const bool existed = fs::is_directory(dir, ec);
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    throw FatalError(Diagnostics{{{dir}, "cannot create the output folder"}});
  }
  if (!existed) ::chmod(dir.c_str(), modes.folder);
}

void WriteWhole(const std::string& path, const std::string& bytes, unsigned mode) {
  StreamedFile file(path, mode);
  file.Append(bytes);
  file.Commit();
}

// Prints a course's problems and counts it in `outcome`; true when it has no error.
bool Tally(const Diagnostics& diags, std::ostream& err, BatchOutcome* outcome) {
  for (const std::string& line : PrintedDiagnostics(diags)) err << line << '\n';
  outcome->warnings += CountWarnings(diags);
  ++outcome->total;
  if (HasErrors(diags)) {
    ++outcome->rejected;
    outcome->code = ExitCode::kRejected;
    return false;
  }
  ++outcome->accepted;
  return true;
}

// The diagnostic of a course whose id an earlier course of the run has (as in a batch).
Diagnostic DuplicateId(const Course& c, const std::string& earlier_path) {
  return {c.id_loc,
          "course id " + Quoted(c.id) + " is already used in this batch by " + earlier_path};
}

}  // namespace

ExitCode RunImport(const ConvertOptions& options, std::ostream& err) {
  const auto started = Clock::now();
  for (const std::string& in : options.inputs) {
    std::error_code ec;
    if (!IsCsvPath(in) || fs::is_directory(in, ec)) {
      throw FatalError("import reads CSV course files (*.csv): " + Quoted(in) + " is not one");
    }
  }
  const FileModes modes = ModesFor(options.file_mode);
  MakeFolder(options.out, modes);
  BatchOutcome outcome;
  std::map<std::string, std::string> ids;  // course id -> the file that had it first
  for (const std::string& in : options.inputs) {
    for (CsvCourse& c : ReadCsvCourses(in)) {
      Diagnostics& diags = c.diagnostics;
      const Course& course = c.course;
      if (!HasErrors(diags)) {
        if (!IsSafeCourseId(course.id)) {
          diags.push_back({course.id_loc,
                           "course id must be 1 to 64 letters, digits, '.', '_' or '-' (not "
                           "starting with '.') so it is safe as a file name"});
        } else if (auto [it, fresh] = ids.emplace(course.id, in); !fresh) {
          diags.push_back(DuplicateId(course, it->second));
        }
      }
      if (!HasErrors(diags)) {
        const std::string path = (fs::path(options.out) / (course.id + ".xml")).string();
        const std::string xml = CourseXml(course);
        std::string existing;
        if (fs::exists(path) && !options.overwrite) {
          if (!ReadFile(path, &existing) || existing != xml) {
            diags.push_back({{path},
                             "a different course file of this name is there already: move it "
                             "away, or import with --overwrite to replace it"});
          }
        } else {
          WriteWhole(path, xml, modes.file);
        }
      }
      Tally(diags, err, &outcome);
    }
  }
  err << SummaryLine(outcome, SecondsSince(started));
  return outcome.code;
}

ExitCode RunExport(const ConvertOptions& options, std::ostream& err) {
  const auto started = Clock::now();
  const CourseInputs inputs(options.inputs);
  BatchOutcome outcome;
  std::string csv = CsvCourseHeader();
  std::map<std::string, std::string> ids;
  CourseInputs::Cursor cursor(inputs);
  CourseInputs::Item item;
  while (cursor.Next(&item)) {
    CsvCourse read;
    if (item.csv) {
      read = *item.csv;
    } else {
      read.course = ReadCourse(item.path, &read.diagnostics);
    }
    const Course& course = read.course;
    if (!HasErrors(read.diagnostics)) {
      if (auto [it, fresh] = ids.emplace(course.id, item.path); !fresh) {
        read.diagnostics.push_back(DuplicateId(course, it->second));
      }
    }
    if (!HasErrors(read.diagnostics) && course.history) {
      read.diagnostics.push_back(
          Warning(course.loc,
                  "the course's <history> is not exported: the CSV format has no columns for "
                  "it (the coded lines do not depend on it)"));
    }
    if (!HasErrors(read.diagnostics) && course.benefits) {
      read.diagnostics.push_back(
          Warning(course.loc,
                  "the course's <benefits> are not exported: the CSV format has no columns for "
                  "them (the coded lines do not depend on them)"));
    }
    if (Tally(read.diagnostics, err, &outcome)) csv += CsvCourseRows(course);
  }
  WriteWhole(options.out, csv, ModesFor(options.file_mode).file);
  err << SummaryLine(outcome, SecondsSince(started));
  return outcome.code;
}

std::vector<std::string> InitFileNames() {
  return {"README.txt", "clinic.xml", "example-course.xml", "example-course.csv",
          "visits-template.csv"};
}

ExitCode RunInit(const ConvertOptions& options, std::ostream& out) {
  std::string templates = options.templates_dir;
  if (templates.empty()) templates = FindDataDir("templates", options.program_path);
  const fs::path from = fs::path(templates) / "init";
  auto load = [&](const std::string& name) {
    std::string text;
    if (!ReadFile((from / name).string(), &text)) {
      throw FatalError(Diagnostics{{{(from / name).string()}, "cannot read the starter file"}});
    }
    return text;
  };
  std::map<std::string, std::string> files;
  files["README.txt"] = load("README.txt");
  files["clinic.xml"] = load("clinic.xml");
  const std::string example = load("example-course.xml");
  files["example-course.xml"] = example;
  Diagnostics diags;
  Course course = ParseCourse((from / "example-course.xml").string(), example, &diags);
  if (HasErrors(diags)) throw FatalError(diags);
  files["example-course.csv"] = CsvCourseHeader() + CsvCourseRows(course);
  files["visits-template.csv"] = CsvCourseHeader();

  Diagnostics existing;
  for (const std::string& name : InitFileNames()) {
    const std::string path = (fs::path(options.out) / name).string();
    std::error_code ec;
    if (fs::exists(fs::symlink_status(path, ec))) {
      existing.push_back({{path},
                          "already exists: superbill init writes nothing over existing "
                          "files (choose a new folder, or move the file away)"});
    }
  }
  if (!existing.empty()) throw FatalError(existing);
  const FileModes modes = ModesFor(options.file_mode);
  MakeFolder(options.out, modes);
  for (const std::string& name : InitFileNames()) {
    const std::string path = (fs::path(options.out) / name).string();
    WriteWhole(path, files[name], modes.file);
    out << "wrote " << path << '\n';
  }
  out << "next: read " << (fs::path(options.out) / "README.txt").string() << '\n';
  return ExitCode::kOk;
}

}  // namespace superbill
