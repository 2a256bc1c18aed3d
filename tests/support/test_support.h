// Shared test helpers: the real tables, the test clinic, courses from XML snippets, and
// running the built binary.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "batch/runner.h"
#include "model/claim.h"
#include "model/clinic.h"
#include "model/course.h"
#include "model/tables.h"
#include "render/layout.h"

namespace superbill::testing {

// The project's cpt_tables/, loaded once.
const Tables& RealTables();
// tests/data/clinic.xml, loaded once.
const Clinic& TestClinic();
// Path of a file in the source tree.
std::string SourcePath(const std::string& relative);

// A course XML with the given visits (and diagnoses/coverage), as a string.
std::string CourseXml(
    const std::string& visits,
    const std::string& diagnoses = "<diagnosis code=\"F33.2\"/><diagnosis code=\"R45.851\"/>",
    const std::string& coverage_attrs = "");

// The outcome of coding a course text at statement date 2026-11-20.
struct Coded {
  Course course;
  Claim claim;
  Diagnostics diags;
  // Lines as "code mods units dx charge" ("96365 - 1 AB 400.00"), or the diagnostics.
  std::vector<std::string> Lines() const;
  std::string Errors() const;
};
Coded CodeText(const std::string& xml);
// The same against another clinic.
Coded CodeText(const std::string& xml, const Clinic& clinic);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};
// Runs the built superbill with `args` (a shell-quoted string) from the source tree. With
// `timeout_seconds`, a run that takes longer is killed (exit code 137): for inputs that
// once made the program hang.
CommandResult RunSuperbill(const std::string& args, int timeout_seconds = 0);

// `err` of a batch command without the lines it ends with: the one-line summary
// ("superbill: 2 courses: ...") and generate's line after it ("superbill: documents in ...").
// What is left are the diagnostics (and notes).
std::string Problems(const std::string& err);

// How many diagnostics of `err` are warnings (lines with ": warning: ").
std::size_t WarningLines(const std::string& err);
// "superbill: 15 courses: 15 accepted, 0 rejected, 5 warnings in " (the summary line up to
// its time), with as many warnings as `err` prints.
std::string SummaryPrefix(const std::string& err, std::size_t courses, std::size_t rejected);
// Starts the built superbill with `args` from the source tree, stdin and stdout on
// /dev/null, stderr into `err_path`; its pid, or -1.
int SpawnSuperbill(const std::vector<std::string>& args, const std::string& err_path);
// Waits for the child `pid`; its wait status.
int WaitForChild(int pid);

// Reads a file; empty when missing.
std::string Slurp(const std::string& path);
// The path of `name` in the tests' temporary folder, removed first if it exists.
std::string FreshDir(const std::string& name);
// The permission bits of a file or folder.
unsigned FileMode(const std::string& path);

// The samples' shared inputs (cpt_tables/, samples/clinic.xml, date 2026-11-20), as
// `superbill generate --date 2026-11-20` loads them; loaded once.
const Context& SampleContext();
// The shipped templates/, loaded once.
const Layout& ShippedLayout();
// A course file read, validated and coded against SampleContext(), held still so that
// the claim's pointers stay valid.
std::unique_ptr<CourseResult> CodeCourseFile(const std::string& path);
// The same for samples/courses/<stem>.xml.
std::unique_ptr<CourseResult> CodeSample(const std::string& stem);

struct CodedSample {
  std::string stem;  // "01-induction-series"
  std::unique_ptr<CourseResult> result;
};
// Every samples/courses/*.xml, coded, in name order (the order of a batch over the folder);
// coded once.
const std::vector<CodedSample>& CodedSamples();
// The coded sample `stem`; a test failure (and an empty sample) when there is none.
const CodedSample& FindCodedSample(const std::string& stem);

// A temporary folder, removed with the object.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // Writes `bytes` to Path(name) and returns that path.
  std::string Write(const std::string& name, const std::string& bytes) const;

 private:
  std::string dir_;
};

// Runs a shell command; its exit code, with its stdout and stderr in *out.
int RunTool(const std::string& command, std::string* out);

// Runs `sql` on the SQLite file `path` (created when missing) with SQLite itself: for
// ledgers of an older schema and other applications' databases. Fails the test on an error.
void ExecSql(const std::string& path, const std::string& sql);

// One "text" item of a PdfDocument dump ("text X Y w=W FONT SIZE \"TEXT\"") and its page.
struct DumpText {
  int page = 0;
  double x = 0, y = 0, width = 0, size = 0;
  std::string font, text;
};
// The text items of a dump, in drawing order.
std::vector<DumpText> ParseDumpTexts(const std::string& dump);

// An amount as the superbill prints it: "$1,234.56".
std::string Dollars(std::int64_t cents);
// An XML document re-saved with two-space indentation (the FHIR goldens are kept indented,
// so that their diffs can be read; the tool writes the claim without indentation).
std::string IndentedXml(const std::string& xml);
// Compares `actual` with the golden file; with UPDATE_GOLDEN=1 rewrites it instead.
void ExpectGolden(const std::string& golden_path, const std::string& actual);

}  // namespace superbill::testing
