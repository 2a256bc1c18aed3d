// Runs the commands over a batch of course files: loads tables and clinic once, reads,
// validates and codes each course, reports per course; one bad course never stops others.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
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

// How `generate --encrypt` picks each patient's PDF password.
enum class PasswordPolicy {
  kBirthDate,  // the patient's birth date as MMDDYYYY
  kRandom,     // random, listed for the clerk in DIR/passwords.csv
};

// Exit codes of the program (spec/outputs.md).
enum class ExitCode { kOk = 0, kRejected = 1, kFatal = 2, kInterrupted = 130 };

// Where the ledger of issued statements is, and what the ledger commands ask of it.
struct LedgerOptions {
  std::string path;           // --ledger FILE; empty: DIR/ledger.sqlite of --out DIR
  bool disabled = false;      // generate --no-ledger
  std::string course;         // void COURSE-ID, ledger list --course ID
  std::optional<Date> since;  // ledger list --since DATE
  std::string reason;         // void --reason TEXT
  std::string backup_path;    // ledger backup FILE
};

struct RunOptions {
  std::string clinic_path;
  std::string tables_dir;     // empty: the installed cpt_tables/
  std::string templates_dir;  // empty: the installed templates/
  std::string icd10cm_path;   // optional CMS order file
  std::string program_path;   // argv[0], to find the installed data
  Date date;                  // statement date and "today"
  int jobs = 0;               // 0: number of cores
  unsigned file_mode = 0600;  // documents and report; folders also get x where r is set
  bool encrypt = false;       // encrypt each superbill.pdf (AES-256)
  PasswordPolicy password_policy = PasswordPolicy::kBirthDate;
  bool quiet = false;
  bool progress = false;  // draw a progress line on stderr (a terminal, not --quiet)
  std::string out_dir;
  std::string documents;  // generate --documents: comma-separated names; empty: all that apply
  std::string x12_batch;  // generate --x12-batch: one 837P interchange for the batch; empty: none
  std::vector<std::string> inputs;  // course files and folders
  LedgerOptions ledger;             // generate, void and the ledger commands
  bool recursive = false;           // --recursive: read the folders' subfolders too
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
  std::size_t index = 0;  // the course's place in the batch, 0-based (set by RunBatch)
  std::string id;         // the course id, or the file name when the id could not be read
  Course course;
  Claim claim;
  Diagnostics diagnostics;
  std::size_t read_problems = 0;  // the first diagnostics: those of reading the course
  // generate: whether the ledger issues a new version (original or corrected); false when it
  // found the same statement again (its documents stay as issued, and it is not filed again
  // in an --x12-batch interchange).
  bool new_statement = true;
  bool duplicate_id = false;  // rejected because an earlier course of the batch has its id
  std::string pdf_password;   // generate --encrypt with random passwords: for passwords.csv
  // Accepted: no errors (warnings keep the course).
  bool ok() const { return !HasErrors(diagnostics); }
};

// The default data folder `name` (cpt_tables or templates): beside the installed program,
// then the install prefix, then the source tree. Throws FatalError when none exists.
std::string FindDataDir(const std::string& name, const std::string& program_path);

// The default number of worker threads: the number of cores.
int DefaultJobs();

// Loads tables, the optional ICD-10-CM file and the clinic. Throws FatalError.
Context LoadContext(const RunOptions& options);

// Reads, validates and codes one course file on its own (XML).
CourseResult ProcessCourse(const std::string& path, const Context& ctx);
// Validates and codes `course`, read from `path` with the problems `read` (it is checked
// only when they hold no error).
CourseResult ProcessReadCourse(const std::string& path, Course course, Diagnostics read,
                               const Context& ctx);

// Rejects `r` because the course at `earlier_path` has its id: keeps only the problems of
// reading it, then adds the duplicate diagnostic.
void MarkDuplicate(CourseResult* r, const std::string& earlier_path);

struct BatchOptions {
  int jobs = 1;                             // worker threads
  bool progress = false;                    // draw the progress line on `err`
  const std::atomic<bool>* stop = nullptr;  // once true: take no new course
  bool recursive = false;                   // --recursive: folders' subfolders too
};

struct BatchOutcome {
  ExitCode code = ExitCode::kOk;  // kRejected when any course was rejected
  std::size_t total = 0;          // courses in the batch
  std::size_t accepted = 0;
  std::size_t rejected = 0;  // accepted + rejected = the courses done
  std::size_t warnings = 0;  // warnings printed, over all courses
  bool interrupted = false;  // `stop` was set before every course was done
};

// The batch options of a run: its --jobs (default: the cores) and progress line.
BatchOptions BatchOptionsFor(const RunOptions& options);

// Processes every course of `inputs` with `options.jobs` threads, reading course files
// only as workers need them and holding at most a few courses per thread at a time.
// In a worker, once a course is read, validated, coded and checked against the ids of
// every earlier course, `work` runs on it (e.g. renders and writes its documents; it may
// reject the course by adding diagnostics). Then, on the calling thread and in input
// order whatever the number of threads, the course's diagnostics are printed on `err` and
// `emit` runs. A FatalError thrown by `work` stops the batch and is rethrown here once the
// courses in flight are done.
BatchOutcome RunBatch(const Context& ctx, const std::vector<std::string>& inputs, std::ostream& err,
                      const BatchOptions& options, const std::function<void(CourseResult&)>& work,
                      const std::function<void(const CourseResult&)>& emit);

// `superbill code`: coded lines as CSV on `out`, diagnostics on `err`.
ExitCode RunCode(const RunOptions& options, std::ostream& out, std::ostream& err);
// `superbill generate`: documents per course into options.out_dir, and report.csv.
ExitCode RunGenerate(const RunOptions& options, std::ostream& err);
// `superbill validate`: diagnostics only, writes nothing.
ExitCode RunValidate(const RunOptions& options, std::ostream& err);

// The one-line summary of a batch: "superbill: 15 courses: 14 accepted, 1 rejected,
// 2 warnings in 0.19 s" (or "interrupted: N of M courses done: ..."), with a newline.
std::string SummaryLine(const BatchOutcome& outcome, double seconds);

// The line after generate's summary: where the documents and report.csv are and, when
// courses were rejected, what to do: "superbill: documents in out/<course id>/, the
// report in out/report.csv; fix the 2 rejected courses and run again".
std::string WhereLine(const std::string& out_dir, const BatchOutcome& outcome);

// report.csv of `generate`: header, and one row per course (no personal details).
std::string ReportHeader();
std::string ReportRow(const CourseResult& result);

// The CSV header and rows of `superbill code` for one claim.
std::string CodeCsvHeader();
std::string CodeCsvRows(const Claim& claim);

}  // namespace superbill
