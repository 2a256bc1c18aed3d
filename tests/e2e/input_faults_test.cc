// End-to-end tests of hostile and faulty inputs (issue 10): files that are not regular
// files, control characters, values too long for any document, huge numbers of problems in
// one file, and values that would garble a diagnostic. Each ran wrong before its fix: a
// hang, a claim.xml that is not XML, a stopped batch, minutes of CPU, a split line.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/text.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::RunSuperbill;
using testing::ScratchDir;
using testing::Slurp;
using testing::SourcePath;

const char kCommon[] = "--clinic samples/clinic.xml --date 2026-11-20 ";
const char kSample[] = "samples/courses/01-induction-series.xml";
// A run that hangs is killed after this many seconds (the test then fails on its exit code).
constexpr int kHang = 60;

std::string Quote(const std::string& s) { return "'" + s + "'"; }

// The sample course with `from` (its first occurrence) replaced by `to`.
std::string EditedSample(const std::string& from, const std::string& to) {
  std::string text = Slurp(SourcePath(kSample));
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

// The lines of `err` that hold `needle`.
std::size_t LinesWith(const std::string& err, const std::string& needle) {
  std::size_t n = 0;
  for (const std::string& line : Split(err, '\n')) n += line.find(needle) != std::string::npos;
  return n;
}

// Row 1: a FIFO among the course files is that course's error; the others go on, and the
// run ends (it used to block in open() for ever, deaf to SIGTERM).
TEST(InputFaultsTest, AFifoAmongTheCoursesIsThatCoursesError) {
  ScratchDir dir;
  const std::string fifo = dir.Path("waiting.xml");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto r = RunSuperbill(std::string("validate ") + kCommon + kSample + " " + Quote(fifo), kHang);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(fifo + ": error: is not a regular file (a FIFO, socket or device)\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("superbill: 2 courses: 1 accepted, 1 rejected"), std::string::npos) << r.err;

  // In a folder, and as a CSV file: the same.
  const std::string csv_fifo = dir.Path("visits.csv");
  ASSERT_EQ(::mkfifo(csv_fifo.c_str(), 0600), 0);
  r = RunSuperbill(std::string("code ") + kCommon + Quote(dir.Path("")) + " " + Quote(csv_fifo),
                   kHang);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // The folder holds both FIFOs (its *.csv files are course files too), then the CSV again.
  EXPECT_EQ(LinesWith(r.err, "error: is not a regular file (a FIFO, socket or device)"), 3u)
      << r.err;
}

// Row 1 and 10: a FIFO or a folder as the clinic file, a table or the ICD-10-CM file is a
// fatal error that says so (a folder used to be "larger than 10 MB" or std::bad_alloc).
TEST(InputFaultsTest, AFifoOrAFolderAsClinicTableOrIcdFileIsAClearFatalError) {
  ScratchDir dir;
  const std::string fifo = dir.Path("clinic.xml");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto r = RunSuperbill(std::string("validate --clinic ") + Quote(fifo) + " " + kSample, kHang);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, fifo + ": error: is not a regular file (a FIFO, socket or device)\n");

  r = RunSuperbill(std::string("validate --clinic /tmp ") + kSample, kHang);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "/tmp: error: is a directory, not a file\n");

  r = RunSuperbill(std::string("validate ") + kCommon + "--icd10cm /tmp " + kSample, kHang);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "/tmp: error: is a directory, not a file\n");

  // A table that is a folder, another that is a FIFO.
  const std::string tables = dir.Path("tables");
  fs::copy(SourcePath("cpt_tables"), tables);
  fs::remove(tables + "/pos.csv");
  fs::create_directory(tables + "/pos.csv");
  fs::remove(tables + "/modifiers.csv");
  ASSERT_EQ(::mkfifo((tables + "/modifiers.csv").c_str(), 0600), 0);
  r = RunSuperbill(std::string("validate ") + kCommon + "--tables " + Quote(tables) + " " + kSample,
                   kHang);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, tables + "/pos.csv: error: is a directory, not a file\n" + tables +
                       "/modifiers.csv: error: is not a regular file (a FIFO, socket or device)\n");
}

// Row 2: control characters and noncharacters, as themselves or as references, in a name,
// a payer or the clinic's name: a located error (claim.xml used to be no XML at all).
TEST(InputFaultsTest, ControlCharactersInAnyTextAreALocatedError) {
  ScratchDir dir;
  struct Case {
    std::string from, to, expected;
  } cases[] = {
      {"given=\"Ana\"", "given=\"A&#27;na\"",
       ":4:33: error: the character reference '&#27;' stands for U+001B, which no document may "
       "carry: remove it"},
      {"given=\"Ana\"", "given=\"A&#x7;na\"",
       ":4:33: error: the character reference '&#x7;' stands for U+0007, which no document may "
       "carry: remove it"},
      {"payer=\"Aetna\"", "payer=\"Aet\xEF\xBF\xBFna\"",
       ":8:23: error: the file holds the character U+FFFF, which no document may carry: remove "
       "it"},
      {"payer=\"Aetna\"", "payer=\"&#xFFFE;Aetna\"",
       ":8:20: error: the character reference '&#xFFFE;' stands for U+FFFE, which no document may "
       "carry: remove it"},
      {"family=\"Rivera\"",
       "family=\"Riv\xC2\x85"
       "era\"",
       ":4:59: error: the file holds the character U+0085, which no document may carry: remove "
       "it"},
      {"family=\"Rivera\"",
       "family=\"Riv\x1b"
       "era\"",
       ":4:59: error: the file holds the character U+001B, which no document may carry: remove "
       "it"},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string path =
        dir.Write("c" + std::to_string(n++) + ".xml", EditedSample(c.from, c.to));
    auto r = RunSuperbill(std::string("validate ") + kCommon + Quote(path));
    EXPECT_EQ(r.exit_code, 1) << c.to;
    EXPECT_NE(r.err.find(path + c.expected + "\n"), std::string::npos) << c.to << "\n" << r.err;
  }
  // A comment may mention a reference: it stands for nothing there.
  const std::string commented =
      dir.Write("comment.xml", EditedSample("<!-- Induction", "<!-- &#27; Induction"));
  EXPECT_EQ(RunSuperbill(std::string("validate ") + kCommon + Quote(commented)).exit_code, 0);

  // The clinic's name.
  std::string clinic = Slurp(SourcePath("samples/clinic.xml"));
  clinic.replace(clinic.find("<name>Harbor"), 12, "<name>Har&#7;bor");
  const std::string clinic_path = dir.Write("clinic.xml", clinic);
  auto r =
      RunSuperbill("validate --date 2026-11-20 --clinic " + Quote(clinic_path) + " " + kSample);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(clinic_path + ":3:12: error: the character reference '&#7;' stands for "
                                     "U+0007, which no document may carry: remove it"),
            std::string::npos)
      << r.err;

  // A C1 control in a spreadsheet's cell.
  std::string csv = Slurp(SourcePath("samples/csv/week-2026-11-09.csv"));
  csv.replace(csv.find(",Maria,"), 7, ",Ma\xC2\x9Bria,");
  const std::string csv_path = dir.Write("week.csv", csv);
  r = RunSuperbill(std::string("validate ") + kCommon + Quote(csv_path));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(csv_path + ":2:22: error: the file holds the character U+009B, which no "
                                  "document may carry: remove it"),
            std::string::npos)
      << r.err;
}

// Row 3: a 4 MB given name (the file is under 10 MB) is that course's located error, from
// the limits of cpt_tables/field_limits.csv; the other courses are still written, and so is
// report.csv (the batch used to stop with a PDF library error and no report).
TEST(InputFaultsTest, AValueLongerThanItsLimitRejectsThatCourseOnly) {
  ScratchDir dir;
  const std::string huge = dir.Write(
      "huge.xml", EditedSample("given=\"Ana\"", "given=\"" + std::string(4 << 20, 'A') + "\""));
  // Another course whose name is exactly as long as a name may be.
  std::string fits = EditedSample("id=\"HK-2026-0142\"", "id=\"EDGE-1\"");
  fits.replace(fits.find("given=\"Ana\""), 11, "given=\"" + std::string(100, 'a') + "\"");
  const std::string edge = dir.Write("edge.xml", fits);
  const std::string out = dir.Path("out");
  auto r = RunSuperbill(std::string("generate ") + kCommon + "--out " + Quote(out) + " " +
                        Quote(huge) + " " + Quote(edge));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(huge + ":4:25: error: 'given' is 4194304 characters long: at most 100 fit "
                              "(cpt_tables/field_limits.csv)\n"),
            std::string::npos)
      << r.err.substr(0, 2000);
  EXPECT_TRUE(fs::exists(out + "/EDGE-1/superbill.pdf"));
  EXPECT_FALSE(fs::exists(out + "/HK-2026-0142"));
  const std::string report = Slurp(out + "/report.csv");
  EXPECT_NE(report.find("HK-2026-0142,rejected"), std::string::npos) << report;
  EXPECT_NE(report.find("EDGE-1,ok"), std::string::npos) << report;

  // In a spreadsheet, the column is named.
  std::string csv = Slurp(SourcePath("samples/csv/week-2026-11-09.csv"));
  csv.replace(csv.find(",Maria,"), 7, "," + std::string(101, 'M') + ",");
  const std::string csv_path = dir.Write("week.csv", csv);
  r = RunSuperbill(std::string("validate ") + kCommon + Quote(csv_path));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.err.find(csv_path + ":2:22: error: 'patientGiven' is 101 characters long: at most 100 "
                            "fit (cpt_tables/field_limits.csv) (column 'patientGiven')"),
      std::string::npos)
      << r.err;
}

// Row 3: a document the libraries cannot draw rejects that course only: with templates whose
// Unicode font is no font, a course whose name needs it (Nguyễn) fails in the PDF library;
// it is rejected with the document's name, the others are written and so is report.csv (a
// render failure used to stop the batch with exit code 2 and no report).
TEST(InputFaultsTest, ADocumentThatCannotBeDrawnRejectsThatCourseOnly) {
  ScratchDir dir;
  const std::string templates = dir.Path("templates");
  fs::copy(SourcePath("templates"), templates, fs::copy_options::recursive);
  std::ofstream(templates + "/broken.ttf") << "not a font";
  std::string layout = Slurp(templates + "/superbill.layout");
  const std::size_t at = layout.find("unicode.regular = ");
  layout.replace(at, layout.find('\n', at) - at, "unicode.regular = broken.ttf");
  std::ofstream(templates + "/superbill.layout", std::ios::trunc) << layout;
  const std::string unicode =
      dir.Write("unicode.xml", EditedSample("given=\"Ana\"", "given=\"Nguyễn\""));
  const std::string other =
      dir.Write("other.xml", EditedSample("id=\"HK-2026-0142\"", "id=\"OTHER-1\""));
  const std::string out = dir.Path("out");
  auto r = RunSuperbill(std::string("generate ") + kCommon + "--templates " + Quote(templates) +
                        " --out " + Quote(out) + " " + Quote(unicode) + " " + Quote(other));
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(unicode + ": error: cannot write superbill.pdf: "), std::string::npos)
      << r.err;
  EXPECT_TRUE(fs::exists(out + "/OTHER-1/superbill.pdf"));
  EXPECT_FALSE(fs::exists(out + "/HK-2026-0142"));
  EXPECT_NE(Slurp(out + "/report.csv").find("HK-2026-0142,rejected"), std::string::npos);
}

// Row 4: 200,000 unknown elements on one line. Locating each diagnostic used to walk its
// line from the start (quadratic: 47 s); the same message is now printed once with a count,
// and at most 20 lines a file.
TEST(InputFaultsTest, ManyProblemsOnOneLineArePrintedOnceWithACount) {
  ScratchDir dir;
  std::string many;
  for (int i = 0; i < 200000; ++i) many += "<bogus/>";
  const std::string path =
      dir.Write("many.xml",
                EditedSample("<diagnosis code=\"F33.2\"/>", many + "<diagnosis code=\"F33.2\"/>"));
  auto r = RunSuperbill(std::string("validate ") + kCommon + Quote(path), kHang);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(
      r.err.substr(0, r.err.find("superbill: 1 course")),
      path + ":14:3: error: unknown element <bogus> in <course> (and 199999 more like this)\n");

  // 30 different problems: 20 lines, then one for the rest.
  std::string thirty;
  for (int i = 0; i < 30; ++i) thirty += "<bogus" + std::to_string(i) + "/>";
  const std::string path30 = dir.Write(
      "thirty.xml",
      EditedSample("<diagnosis code=\"F33.2\"/>", thirty + "<diagnosis code=\"F33.2\"/>"));
  r = RunSuperbill(std::string("validate ") + kCommon + Quote(path30));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(LinesWith(r.err, path30 + ":14:"), 20u) << r.err;
  EXPECT_NE(r.err.find(path30 + ": error: and 10 more problems in this file\n"), std::string::npos)
      << r.err;
}

// Row 12: a file name with a line break, a NUL in a table cell, a 1,000,000-digit tax id:
// escaped, shortened, never a raw control character or a split line.
TEST(InputFaultsTest, EchoedValuesAreShortenedAndEscaped) {
  ScratchDir dir;
  const std::string odd =
      dir.Write("a\nb.xml", EditedSample("provider=\"lee\"", "provider=\"zz\""));
  auto r = RunSuperbill(std::string("validate ") + kCommon + Quote(odd));
  EXPECT_EQ(r.exit_code, 1);
  const std::string escaped = dir.Path("a\\nb.xml");
  for (const std::string& line : Split(r.err, '\n')) {
    if (line.empty()) continue;
    EXPECT_TRUE(line.rfind(escaped + ":", 0) == 0 || line.rfind("superbill: ", 0) == 0) << line;
  }

  std::string clinic = Slurp(SourcePath("samples/clinic.xml"));
  const std::size_t tax = clinic.find("<taxId>") + 7;
  clinic.replace(tax, clinic.find("</taxId>") - tax, std::string(1000000, '7'));
  const std::string clinic_path = dir.Write("clinic.xml", clinic);
  r = RunSuperbill("validate --date 2026-11-20 --clinic " + Quote(clinic_path) + " " + kSample);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_LT(r.err.size(), 400u);
  EXPECT_NE(r.err.find("'<taxId>' is 1000000 characters long: at most 200 fit"), std::string::npos)
      << r.err;
  clinic = Slurp(SourcePath("samples/clinic.xml"));
  clinic.replace(tax, clinic.find("</taxId>") - tax, std::string(60, '7'));
  dir.Write("clinic.xml", clinic);
  r = RunSuperbill("validate --date 2026-11-20 --clinic " + Quote(clinic_path) + " " + kSample);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("tax id '" + std::string(40, '7') + "…' is not an EIN"), std::string::npos)
      << r.err;

  const std::string tables = dir.Path("tables");
  fs::copy(SourcePath("cpt_tables"), tables);
  std::ofstream(tables + "/icd10cm.csv", std::ios::app)
      << std::string("F3") + '\0' + "3,1,a code\n";
  r = RunSuperbill(std::string("validate ") + kCommon + "--tables " + Quote(tables) + " " +
                   kSample);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.find('\0'), std::string::npos);
  EXPECT_NE(r.err.find("error: 'F3\\x003' is not an ICD-10-CM code"), std::string::npos) << r.err;
}

// The clerk's command line: folders take *.XML and *.csv, --recursive reads subfolders.
TEST(InputFaultsTest, FoldersTakeCourseFilesInAnyCaseAndRecursively) {
  ScratchDir dir;
  fs::create_directories(dir.Path("batch/sub"));
  dir.Write("batch/06.XML", EditedSample("id=\"HK-2026-0142\"", "id=\"UPPER-1\""));
  dir.Write("batch/week.csv", Slurp(SourcePath("samples/csv/week-2026-11-09.csv")));
  dir.Write("batch/._06.xml", "not a course: a macOS resource copy");
  dir.Write("batch/sub/01.xml", Slurp(SourcePath(kSample)));
  auto r = RunSuperbill(std::string("code ") + kCommon + Quote(dir.Path("batch")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nUPPER-1,"), std::string::npos);
  EXPECT_NE(r.out.find("\nCSV-2611-001,"), std::string::npos);
  EXPECT_EQ(r.out.find("\nHK-2026-0142,"), std::string::npos);
  EXPECT_NE(r.err.find("superbill: 6 courses: 6 accepted, 0 rejected"), std::string::npos) << r.err;
  r = RunSuperbill(std::string("code --recursive ") + kCommon + Quote(dir.Path("batch")));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\nHK-2026-0142,"), std::string::npos);
  EXPECT_NE(r.err.find("superbill: 7 courses: 7 accepted, 0 rejected"), std::string::npos) << r.err;
}

// validate and code end with the summary; generate's says where things are and what to do.
TEST(InputFaultsTest, EveryBatchCommandEndsWithTheSummary) {
  ScratchDir dir;
  const std::string bad =
      dir.Write("bad.xml", EditedSample("provider=\"lee\"", "provider=\"lea\""));
  for (const char* command : {"validate ", "code "}) {
    auto r = RunSuperbill(command + std::string(kCommon) + kSample + " " + Quote(bad));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("\nsuperbill: 2 courses: 1 accepted, 1 rejected, "), std::string::npos)
        << r.err;
  }
  const std::string out = dir.Path("out");
  auto r = RunSuperbill(std::string("generate ") + kCommon + "--out " + Quote(out) + " " + kSample +
                        " " + Quote(bad));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("\nsuperbill: documents in " + out + "/<course id>/, the report in " + out +
                       "/report.csv; fix the rejected course (its problems are above and in "
                       "report.csv) and run again\n"),
            std::string::npos)
      << r.err;
}

// Messages quote the bad value and say what to write, and suggest the nearest known name.
TEST(InputFaultsTest, MessagesQuoteTheValueAndSuggestTheNearestName) {
  ScratchDir dir;
  struct Case {
    std::string from, to, expected;
  } cases[] = {
      {"provider=\"lee\"", "provider=\"lea\"",
       "error: provider 'lea' is not in the clinic file: did you mean 'lee'?"},
      {"drug=\"ketamine\"", "drug=\"ketamin\"",
       "error: drug 'ketamin' is not in the clinic's drug catalog: did you mean 'ketamine'?"},
      {"doseMg=", "dosemg=",
       "error: unknown attribute 'dosemg' on <infusion>: did you mean 'doseMg'?"},
      {"<infusion ", "<infusoin ",
       "error: unknown element <infusoin> in <visit>: did you mean 'infusion'?"},
      {"<visit date=\"2026-02-02\"", "<visit date=\"2026-02-30\"",
       "error: 'date' '2026-02-30' is not a real date in the form YYYY-MM-DD"},
      {"amount=\"860.00\"", "amount=\"$860.00\"",
       "error: amount '$860.00': write 860.00 (a plain decimal, without '$' or ',')"},
  };
  int n = 0;
  for (const Case& c : cases) {
    const std::string path =
        dir.Write("m" + std::to_string(n++) + ".xml", EditedSample(c.from, c.to));
    auto r = RunSuperbill(std::string("validate ") + kCommon + Quote(path));
    EXPECT_EQ(r.exit_code, 1) << c.to;
    EXPECT_NE(r.err.find(c.expected), std::string::npos) << c.to << "\n" << r.err;
  }
}

// A malformed file names the element left open and the line it opened on.
TEST(InputFaultsTest, MalformedXmlNamesTheElementLeftOpen) {
  ScratchDir dir;
  std::string text = Slurp(SourcePath(kSample));
  const std::size_t close = text.find("</visit>");
  ASSERT_NE(close, std::string::npos);
  text.erase(close, 8);
  const std::size_t open = text.rfind("<visit ", close);
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + open, '\n'));
  const std::string path = dir.Write("open.xml", text);
  auto r = RunSuperbill(std::string("validate ") + kCommon + Quote(path));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("error: malformed XML: Start-end tags mismatch: <visit> opened on line " +
                       std::to_string(line) + " is not closed"),
            std::string::npos)
      << r.err;
}

// code --help and validate --help list only their own exit codes.
TEST(InputFaultsTest, CheckCommandsHelpListsOnlyTheirExitCodes) {
  for (const char* command : {"code", "validate"}) {
    auto r = RunSuperbill(std::string(command) + " --help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("Exit codes:"), std::string::npos);
    EXPECT_EQ(r.out.find("130"), std::string::npos) << command;
    EXPECT_EQ(r.out.find("produced"), std::string::npos) << command;
    EXPECT_NE(r.out.find("--recursive"), std::string::npos) << command;
  }
  EXPECT_NE(RunSuperbill("generate --help").out.find("130"), std::string::npos);
}

}  // namespace
}  // namespace superbill
