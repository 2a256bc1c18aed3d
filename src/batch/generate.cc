// `superbill generate`: documents per accepted course, report.csv for the batch.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "batch/output.h"
#include "batch/runner.h"
#include "common/text.h"
#include "render/fhir_xml.h"
#include "render/layout.h"
#include "render/superbill_pdf.h"
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

std::string ReportHeader() { return "course,status,lines,total_charges,paid,balance,diagnostic\n"; }

std::string ReportRow(const CourseResult& r) {
  if (r.ok()) {
    return SafeCell(r.id) + ",ok," + std::to_string(r.claim.lines.size()) + "," +
           r.claim.total_charges.ToString() + "," + r.claim.paid.ToString() + "," +
           r.claim.balance.ToString() + ",\n";
  }
  return SafeCell(r.id) + ",rejected,,,,," + SafeCell(r.diagnostics.front().ToString()) + "\n";
}

ExitCode RunGenerate(const RunOptions& options, std::ostream& err) {
  const auto started = std::chrono::steady_clock::now();
  Context ctx = LoadContext(options);
  std::string templates = options.templates_dir;
  if (templates.empty()) templates = FindDataDir("templates", options.program_path);
  Layout layout = LoadLayout(templates);

  std::error_code ec;
  fs::create_directories(options.out_dir, ec);
  if (ec || !fs::is_directory(options.out_dir)) {
    throw FatalError(Diagnostics{{{options.out_dir}, "cannot create the output folder"}});
  }
  ::chmod(options.out_dir.c_str(), 0700);
  CleanStaleTemporaries(options.out_dir);

  std::string report = ReportHeader();
  int accepted = 0, rejected = 0;
  ExitCode code = RunBatch(ctx, options.inputs, err, [&](const CourseResult& r) {
    if (r.ok()) {
      PdfDocument pdf = RenderSuperbillPdf(r.claim, layout);
      std::string xml = RenderFhirXml(r.claim);
      PublishFolder(options.out_dir, r.course.id,
                    {{"superbill.pdf", std::move(pdf.bytes)}, {"claim.xml", std::move(xml)}});
      ++accepted;
    } else {
      // A rejected course leaves no folder, not even one from an earlier run.
      if (!r.duplicate_id && IsSafeCourseId(r.course.id)) {
        RemoveFolder(options.out_dir, r.course.id);
      }
      ++rejected;
    }
    report += ReportRow(r);
  });
  WriteFileAtomic((fs::path(options.out_dir) / "report.csv").string(), report);

  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char buf[160];
  std::snprintf(buf, sizeof buf, "superbill: %d course%s: %d accepted, %d rejected in %.2f s\n",
                accepted + rejected, accepted + rejected == 1 ? "" : "s", accepted, rejected,
                seconds);
  err << buf;
  return code;
}

}  // namespace superbill
