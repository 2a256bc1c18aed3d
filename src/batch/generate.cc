// `superbill generate`: documents per accepted course, report.csv for the batch.
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <ostream>
#include <set>

#include "batch/control_numbers.h"
#include "batch/folder_lock.h"
#include "batch/input_check.h"
#include "batch/interrupt.h"
#include "batch/issuing.h"
#include "batch/output.h"
#include "batch/runner.h"
#include "common/random.h"
#include "common/text.h"
#include "model/passwords.h"
#include "render/documents.h"
#include "render/layout.h"
#include "render/pdf/encrypt.h"
#include "render/x12_837p.h"
#include "validate/course_validator.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

// A text cell a spreadsheet would read as a formula gets a leading apostrophe.
std::string SafeCell(const std::string& text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r')) {
    return CsvField("'" + text);
  }
  return CsvField(text);
}

}  // namespace

std::string ReportHeader() {
  return "course,status,lines,total_charges,paid,balance,diagnostic,file,warnings\n";
}

std::string ReportRow(const CourseResult& r) {
  const std::string tail =
      "," + SafeCell(r.path) + "," + std::to_string(CountWarnings(r.diagnostics)) + "\n";
  if (r.ok()) {
    return SafeCell(r.id) + ",ok," + std::to_string(r.claim.lines.size()) + "," +
           r.claim.total_charges.ToString() + "," + r.claim.paid.ToString() + "," +
           r.claim.balance.ToString() + "," + tail;
  }
  return SafeCell(r.id) + ",rejected,,,,," + SafeCell(FirstError(r.diagnostics)->ToString()) + tail;
}

ExitCode RunGenerate(const RunOptions& options, std::ostream& err) {
  const auto started = std::chrono::steady_clock::now();
  CheckCourseInputs(options.inputs, options.recursive);  // before anything is written
  Context ctx = LoadContext(options);
  std::string templates = options.templates_dir;
  if (templates.empty()) templates = FindDataDir("templates", options.program_path);
  const Layout layout = LoadLayout(templates);
  const FileModes modes = ModesFor(options.file_mode);

  std::error_code ec;
  const bool created = fs::create_directories(options.out_dir, ec);
  if (ec || !fs::is_directory(options.out_dir)) {
    throw FatalError(Diagnostics{{{options.out_dir}, "cannot create the output folder"}});
  }
  // Only a folder this run made gets the modes of --file-mode: an existing one is the
  // user's, with the modes they gave it.
  if (created) ::chmod(options.out_dir.c_str(), modes.folder);
  // One run at a time in this folder: taken before the X12 state, the ledger and the
  // clean-up of temporaries (which would remove a running batch's), held to the end.
  FolderLock lock(options.out_dir);
  // The names of every document a course folder may hold: a folder holding only these
  // (written before course folders got their marker) is ours too.
  std::vector<std::string> document_files;
  for (const DocumentWriter& w : DocumentWriters()) document_files.push_back(w.file_name);
  // A folder of the course's name that superbill did not write is left as it is: the course
  // is rejected and the clerk told.
  auto foreign_folder = [&](CourseResult& r) {
    if (CourseFolderOwner(options.out_dir, r.course.id, document_files) != FolderOwner::kForeign) {
      return false;
    }
    r.diagnostics.push_back(
        {r.course.id_loc, "the output folder holds " +
                              (fs::path(options.out_dir) / r.course.id).string() +
                              ", which superbill did not write: it is left as it is; move it "
                              "away (or give the course another id) and run again"});
    return true;
  };
  const std::vector<const DocumentWriter*> documents = SelectDocuments(options.documents);
  std::vector<std::string> document_names;
  for (const DocumentWriter* w : documents) document_names.push_back(w->name);
  const bool x12_documents =
      std::any_of(documents.begin(), documents.end(),
                  [](const DocumentWriter* w) { return w->x12_interchange; });
  // The folder's X12 state is read first: a damaged one stops the run before anything in the
  // folder changes.
  std::unique_ptr<ControlNumbers> numbers;
  if (!ctx.clinic.x12 && !options.x12_batch.empty()) {
    throw FatalError("--x12-batch needs an <x12> element in the clinic file " + ctx.clinic.path +
                     " (see docs/input-format.md)");
  }
  if (ctx.clinic.x12 && (x12_documents || !options.x12_batch.empty())) {
    numbers = std::make_unique<ControlNumbers>(options.out_dir,
                                               ctx.clinic.x12->first_control_number, modes.file);
  }
  // The ledger of issued statements: opened once the output folder is this run's alone (the
  // folder lock comes first) and before anything in the folder changes, so a foreign or
  // damaged ledger stops the run with the folder untouched.
  std::unique_ptr<Issuer> issuer;
  if (!options.ledger.disabled) {
    issuer = std::make_unique<Issuer>(LedgerPathFor(options), options.out_dir);
  } else if (fs::exists(LedgerPathFor(options))) {
    throw FatalError(Diagnostics{{{LedgerPathFor(options)},
                                  "--no-ledger: this folder has a ledger of issued statements; "
                                  "documents written without it would not match it"}});
  }
  CleanStaleTemporaries(options.out_dir);

  // The report is streamed to a temporary file and appears whole once the batch is done.
  StreamedFile report((fs::path(options.out_dir) / "report.csv").string(), modes.file);
  report.Append(ReportHeader());

  // The clerk's list of random PDF passwords: owner-only whatever --file-mode says.
  std::unique_ptr<StreamedFile> passwords;
  const bool random_passwords =
      options.encrypt && options.password_policy == PasswordPolicy::kRandom;
  if (random_passwords) {
    passwords = std::make_unique<StreamedFile>(
        (fs::path(options.out_dir) / "passwords.csv").string(), 0600);
    passwords->Append("course,patient,password\n");
  }

  BatchOptions batch = BatchOptionsFor(options);
  InterruptGuard interrupt;
  batch.stop = &InterruptGuard::flag();

  // X12: control numbers that never repeat in this folder. Course k of the batch gets
  // first + k (after the --x12-batch interchange, which takes the first number), so the
  // numbers do not depend on --jobs.
  std::string notes;
  std::int64_t first_course_number = 0;
  std::unique_ptr<X12Interchange> batch_x12;
  std::unique_ptr<StreamedFile> batch_x12_file;
  if (!ctx.clinic.x12) {
    if (x12_documents) {
      notes += "superbill: note: no claim.x12 written: the clinic file has no <x12> element\n";
    }
  } else if (numbers) {
    first_course_number = numbers->first();
    if (!options.x12_batch.empty()) {
      numbers->Reserve(first_course_number);
      batch_x12 = std::make_unique<X12Interchange>(ctx.clinic, options.date, first_course_number);
      ++first_course_number;
      batch_x12_file = std::make_unique<StreamedFile>(options.x12_batch, modes.file);
      batch_x12_file->Append(batch_x12->Begin());
    }
  }

  auto work = [&](CourseResult& r) {
    if (!r.duplicate_id && IsSafeCourseId(r.course.id) && foreign_folder(r)) return;
    if (r.ok()) {
      // The ledger decides the version and the statement date the documents carry.
      if (issuer && !issuer->Prepare(&r)) return;
      RenderInputs inputs{layout};
      inputs.documents = &document_names;
      inputs.x12_control_number = first_course_number + static_cast<std::int64_t>(r.index);
      std::string user_password;
      std::vector<std::pair<std::string, std::string>> files;
      std::set<std::string> encrypted;
      auto warn = [&](const Diagnostics& warnings) {
        r.diagnostics.insert(r.diagnostics.end(), warnings.begin(), warnings.end());
      };
      // The batch interchange says what it cannot carry even when no claim.x12 is written.
      if (batch_x12 && !x12_documents) warn(X12Warnings(r.claim));
      for (const DocumentWriter* w : documents) {
        if (w->warnings) warn(w->warnings(r.claim));
        if (w->applies && !w->applies(r.claim, inputs)) continue;
        if (w->x12_interchange) numbers->Reserve(inputs.x12_control_number);
        std::string bytes;
        try {
          bytes = w->render(r.claim, inputs);
        } catch (const FatalError& e) {
          // A document the libraries cannot draw (a value they refuse) rejects this course
          // only: the others still get theirs, and report.csv is written.
          for (const Diagnostic& d : e.diagnostics()) {
            r.diagnostics.push_back({d.loc.path.empty() ? SourceLoc{r.path} : d.loc,
                                     "cannot write " + w->file_name + ": " + d.message});
          }
          break;
        }
        if (options.encrypt && w->encryptable) {
          if (user_password.empty()) {
            user_password = random_passwords ? RandomPassword()
                                             : BirthDatePassword(r.course.patient.birth_date);
          }
          bytes = EncryptPdf(bytes, user_password, RandomPassword(32));
          encrypted.insert(w->file_name);
        }
        files.emplace_back(w->file_name, std::move(bytes));
      }
      if (random_passwords) r.pdf_password = std::move(user_password);
      if (r.ok()) {
        if (issuer) issuer->Seal(&r, &files, encrypted);
        PublishFolder(options.out_dir, r.course.id, files, modes);
      }
    }
    if (!r.ok() && !r.duplicate_id && IsSafeCourseId(r.course.id)) {
      // A rejected course leaves no folder, not even one from an earlier run.
      RemoveFolder(options.out_dir, r.course.id);
    }
  };
  // A document that cannot be written (disk full) stops the batch: the courses done so far
  // are recorded and listed in report.csv as usual, and a run after space is freed does the
  // rest.
  std::size_t written = 0;
  std::unique_ptr<WriteError> write_error;
  BatchOutcome outcome;
  try {
    outcome = RunBatch(ctx, options.inputs, err, batch, work, [&](const CourseResult& r) {
      if (issuer && r.ok()) issuer->Record(r);  // its documents are in place
      if (r.ok()) ++written;
      report.Append(ReportRow(r));
      // An unchanged statement was filed when it was issued: not again.
      if (batch_x12 && r.ok() && r.new_statement && X12Applies(r.claim)) {
        batch_x12_file->Append(batch_x12->AddClaim(r.claim));
      }
      if (passwords && r.ok() && !r.pdf_password.empty()) {
        passwords->Append(SafeCell(r.id) + "," + SafeCell(r.course.patient.id) + "," +
                          r.pdf_password + "\n");
      }
    });
  } catch (const WriteError& e) {
    write_error = std::make_unique<WriteError>(e);
  }
  if (write_error) {
    bool report_written = true;
    try {
      SyncFolderFileSystem(options.out_dir);
      if (numbers) numbers->Finish();
      if (issuer) issuer->Commit();
      if (passwords) passwords->Commit();
      report.Commit();
    } catch (const FatalError&) {
      report_written = false;
    }
    Diagnostics d = write_error->diagnostics();
    d.front().message += "; the batch stopped there with " + std::to_string(written) +
                         (written == 1 ? " course" : " courses") + " written" +
                         (report_written ? " (report.csv lists the courses done)"
                                         : " (report.csv could not be written either)") +
                         "; free some space and run again to finish the batch";
    throw FatalError(d);
  }
  // The batch interchange holds the claims of the courses done (all of them unless the run
  // was interrupted); with none it would not be valid X12, so it is not written.
  if (batch_x12) {
    if (batch_x12->claims() > 0) {
      batch_x12_file->Append(batch_x12->End());
      notes += "superbill: " + options.x12_batch + ": " + std::to_string(batch_x12->claims()) +
               (batch_x12->claims() == 1 ? " claim" : " claims") + " in one 837P interchange\n";
    } else {
      notes += "superbill: note: " + options.x12_batch + " not written: no course to file\n";
    }
  }
  // One flush for the whole batch, then the report: what it lists as ok is on disk.
  SyncFolderFileSystem(options.out_dir);
  if (batch_x12 && batch_x12->claims() > 0) batch_x12_file->Commit();
  if (numbers) numbers->Finish();
  if (issuer) issuer->Commit();
  if (passwords) passwords->Commit();
  report.Commit();

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  err << notes << SummaryLine(outcome, seconds);
  // Course folders of earlier runs whose course is not in this batch: left alone, but said.
  if (!outcome.interrupted) {
    const std::size_t ours = CountCourseFolders(options.out_dir, document_files);
    if (ours > outcome.accepted) {
      const std::size_t earlier = ours - outcome.accepted;
      err << "superbill: " << earlier << (earlier == 1 ? " course folder" : " course folders")
          << " from earlier runs left as " << (earlier == 1 ? "it is" : "they are") << " in "
          << options.out_dir << '\n';
    }
  }
  if (issuer) err << issuer->SummaryLine();
  err << WhereLine(options.out_dir, outcome);
  return outcome.interrupted ? ExitCode::kInterrupted : outcome.code;
}

}  // namespace superbill
