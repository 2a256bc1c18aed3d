// `superbill generate`: documents per accepted course, report.csv for the batch.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <ostream>

#include "batch/interrupt.h"
#include "batch/output.h"
#include "batch/runner.h"
#include "common/random.h"
#include "common/text.h"
#include "model/passwords.h"
#include "render/documents.h"
#include "render/layout.h"
#include "render/pdf/encrypt.h"
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
  Context ctx = LoadContext(options);
  std::string templates = options.templates_dir;
  if (templates.empty()) templates = FindDataDir("templates", options.program_path);
  const Layout layout = LoadLayout(templates);
  const FileModes modes = ModesFor(options.file_mode);

  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec || !fs::is_directory(options.out_dir)) {
    throw FatalError(Diagnostics{{{options.out_dir}, "cannot create the output folder"}});
  }
  ::chmod(options.out_dir.c_str(), modes.folder);
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

  const std::vector<const DocumentWriter*> documents = SelectDocuments(options.documents);
  auto work = [&](CourseResult& r) {
    if (r.ok()) {
      const RenderInputs inputs{layout};
      std::string user_password;
      std::vector<std::pair<std::string, std::string>> files;
      for (const DocumentWriter* w : documents) {
        if (w->applies && !w->applies(r.claim, inputs)) continue;
        std::string bytes = w->render(r.claim, inputs);
        if (options.encrypt && w->encryptable) {
          if (user_password.empty()) {
            user_password = random_passwords ? RandomPassword()
                                             : BirthDatePassword(r.course.patient.birth_date);
          }
          bytes = EncryptPdf(bytes, user_password, RandomPassword(32));
        }
        files.emplace_back(w->file_name, std::move(bytes));
      }
      if (random_passwords) r.pdf_password = std::move(user_password);
      PublishFolder(options.out_dir, r.course.id, files, modes);
    } else if (!r.duplicate_id && IsSafeCourseId(r.course.id)) {
      // A rejected course leaves no folder, not even one from an earlier run.
      RemoveFolder(options.out_dir, r.course.id);
    }
  };
  BatchOutcome outcome =
      RunBatch(ctx, options.inputs, err, batch, work, [&](const CourseResult& r) {
        report.Append(ReportRow(r));
        if (passwords && r.ok() && !r.pdf_password.empty()) {
          passwords->Append(SafeCell(r.id) + "," + SafeCell(r.course.patient.id) + "," +
                            r.pdf_password + "\n");
        }
      });
  // One flush for the whole batch, then the report: what it lists as ok is on disk.
  SyncFolderFileSystem(options.out_dir);
  if (passwords) passwords->Commit();
  report.Commit();

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  err << SummaryLine(outcome, seconds);
  return outcome.interrupted ? ExitCode::kInterrupted : outcome.code;
}

}  // namespace superbill
