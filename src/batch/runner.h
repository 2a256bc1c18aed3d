// Runs the commands over a batch of course files: loads tables and clinic once, reads,
// validates and codes each course, reports per course; one bad course never stops others.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "model/claim.h"
#include "model/clinic.h"
#include "model/course.h"
#include "model/date.h"
#include "model/tables.h"

namespace superbill {

// Exit codes of the program (spec/outputs.md).
enum class ExitCode { kOk = 0, kRejected = 1, kFatal = 2 };

struct RunOptions {
  std::string clinic_path;
  std::string tables_dir;     // empty: the installed cpt_tables/
  std::string templates_dir;  // empty: the installed templates/
  std::string icd10cm_path;   // optional CMS order file
  std::string program_path;   // argv[0], to find the installed data
  Date date;                  // statement date and "today"
  int jobs = 0;               // 0: number of cores
  bool quiet = false;
  std::string out_dir;
  std::vector<std::string> inputs;  // course files and folders
};

// The loaded, shared inputs of a run.
struct Context {
  Tables tables;
  Clinic clinic;
  Date date;
};

// Outcome of one course. `claim` points at `course`; copies and moves keep it pointing at
// their own course.
struct CourseResult {
  CourseResult() = default;
  CourseResult(const CourseResult& o) { *this = o; }
  CourseResult(CourseResult&& o) noexcept { *this = std::move(o); }
  CourseResult& operator=(const CourseResult& o);
  CourseResult& operator=(CourseResult&& o) noexcept;

  std::string path;
  std::string id;  // the course id, or the file name when the id could not be read
  Course course;
  Claim claim;
  Diagnostics diagnostics;
  bool duplicate_id = false;  // rejected because an earlier course of the batch has its id
  bool ok() const { return diagnostics.empty(); }
};

// The default data folder `name` (cpt_tables or templates): beside the installed program,
// then the install prefix, then the source tree. Throws FatalError when none exists.
std::string FindDataDir(const std::string& name, const std::string& program_path);

// Expands folders to their *.xml files in name order; files stay as given. A path that
// does not exist is kept (its course is then rejected as unreadable).
std::vector<std::string> ExpandInputs(const std::vector<std::string>& inputs);

// Loads tables, the optional ICD-10-CM file and the clinic. Throws FatalError.
Context LoadContext(const RunOptions& options);

// Reads, validates and codes one course. `seen_ids` catches duplicate ids in a batch.
CourseResult ProcessCourse(const std::string& path, const Context& ctx,
                           std::vector<std::pair<std::string, std::string>>* seen_ids);

// Processes every course of `inputs` in input order: prints each rejected course's
// diagnostics on `err`, then calls `on_result` for every course, accepted or not.
// Returns kRejected when any course was rejected.
template <typename F>
ExitCode RunBatch(const Context& ctx, const std::vector<std::string>& inputs, std::ostream& err,
                  F on_result) {
  std::vector<std::pair<std::string, std::string>> seen;
  bool rejected = false;
  for (const auto& path : ExpandInputs(inputs)) {
    CourseResult r = ProcessCourse(path, ctx, &seen);
    if (!r.ok()) {
      rejected = true;
      for (const auto& d : r.diagnostics) err << d.ToString() << '\n';
    }
    on_result(r);
  }
  return rejected ? ExitCode::kRejected : ExitCode::kOk;
}

// `superbill code`: coded lines as CSV on `out`, diagnostics on `err`.
ExitCode RunCode(const RunOptions& options, std::ostream& out, std::ostream& err);
// `superbill generate`: documents per course into options.out_dir, and report.csv.
ExitCode RunGenerate(const RunOptions& options, std::ostream& err);
// `superbill validate`: diagnostics only, writes nothing.
ExitCode RunValidate(const RunOptions& options, std::ostream& err);

// report.csv of `generate`: header, and one row per course (no personal details).
std::string ReportHeader();
std::string ReportRow(const CourseResult& result);

// The CSV header and rows of `superbill code` for one claim.
std::string CodeCsvHeader();
std::string CodeCsvRows(const Claim& claim);

}  // namespace superbill
