// End-to-end tests of the CSV course files and the commands around them: init, import,
// export, and generate/code/validate over a clinic's CSV week.
#include "batch/convert.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/text.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::FileMode;
using testing::RunSuperbill;
using testing::ScratchDir;
using testing::Slurp;
using testing::SourcePath;

const char kCommon[] = "--clinic samples/clinic.xml --date 2026-11-20 ";
const char kWeek[] = "samples/csv/week-2026-11-09.csv";

TEST(ConvertTest, TheWeekSampleCodesAsItsGoldenAndGeneratesEveryCourse) {
  auto code = RunSuperbill(std::string("code ") + kCommon + kWeek);
  EXPECT_EQ(code.exit_code, 0) << code.err;
  // One patient of the week has a name with marks: the card-name warning, at her row.
  EXPECT_EQ(testing::Problems(code.err),
            "samples/csv/week-2026-11-09.csv:7:21: warning: the patient's name is not written in "
            "the letters A to Z: the claim forms carry it transliterated; check it against the "
            "insurance card, or give a <cardName> (column 'patientId')\n");
  testing::ExpectGolden(SourcePath("tests/golden/code/csv-week-2026-11-09.csv"), code.out);

  ScratchDir dir;
  auto gen = RunSuperbill(std::string("generate ") + kCommon + "--quiet --out " + dir.Path("out") +
                          " " + kWeek);
  EXPECT_EQ(gen.exit_code, 0) << gen.err;
  const std::string report = Slurp(dir.Path("out/report.csv"));
  for (const char* id :
       {"CSV-2611-001", "CSV-2611-002", "CSV-2611-003", "CSV-2611-004", "CSV-2611-005"}) {
    EXPECT_TRUE(fs::exists(dir.Path(std::string("out/") + id + "/superbill.pdf"))) << id;
    EXPECT_NE(report.find(std::string("\n") + id + ",ok,"), std::string::npos) << id;
  }
  EXPECT_NE(report.find("CSV-2611-005,ok,10,1797.00,1500.00,297.00,,"
                        "samples/csv/week-2026-11-09.csv,0\n"),
            std::string::npos)
      << report;
}

TEST(ConvertTest, ABadCourseInACsvFileRejectsOnlyThatCourse) {
  ScratchDir dir;
  std::string week = Slurp(SourcePath(kWeek));
  // Course 002's block (row 8 of the sheet) loses its side.
  const std::string block = ",block,,,,,,,,stellate-ganglion,right,ultrasound,";
  ASSERT_NE(week.find(block), std::string::npos);
  week.replace(week.find(block), block.size(), ",block,,,,,,,,stellate-ganglion,,ultrasound,");
  const std::string path = dir.Write("week.csv", week);
  auto r = RunSuperbill(std::string("code ") + kCommon + path);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(testing::Problems(r.err),
            path + ":8:13: error: a block row needs a value here (column 'side')\n");
  EXPECT_EQ(r.out.find("CSV-2611-002,"), std::string::npos);
  EXPECT_NE(r.out.find("CSV-2611-005,2026-11-13,J2001,"), std::string::npos);
}

TEST(ConvertTest, InitWritesTheStarterFilesOnceAndTheyWork) {
  ScratchDir dir;
  const std::string start = dir.Path("start");
  auto init = RunSuperbill("init " + start);
  EXPECT_EQ(init.exit_code, 0) << init.err;
  std::string listed;
  for (const std::string& name : InitFileNames()) {
    listed += "wrote " + start + "/" + name + "\n";
    EXPECT_EQ(FileMode(start + "/" + name), 0600u) << name;
  }
  EXPECT_EQ(init.out, listed + "next: read " + start + "/README.txt\n");
  EXPECT_EQ(Slurp(start + "/visits-template.csv")
                .find("\xEF\xBB\xBF"
                      "courseId,date,provider,"),
            0u);

  // The example course, as XML and as CSV, codes the same against the starter clinic.
  auto xml =
      RunSuperbill("code --clinic " + start + "/clinic.xml " + start + "/example-course.xml");
  EXPECT_EQ(xml.exit_code, 0) << xml.err;
  auto csv =
      RunSuperbill("code --clinic " + start + "/clinic.xml " + start + "/example-course.csv");
  EXPECT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out, xml.out);
  EXPECT_NE(csv.out.find("EX-2026-0001,2026-03-04,J2405,,4,A,12.00,00409475503,ML,2\n"),
            std::string::npos)
      << csv.out;
  // README step 1, as written.
  auto gen = RunSuperbill("generate --quiet --clinic " + start + "/clinic.xml --out " + start +
                          "/out " + start + "/example-course.csv");
  EXPECT_EQ(gen.exit_code, 0) << gen.err;
  EXPECT_TRUE(fs::exists(start + "/out/EX-2026-0001/superbill.pdf"));

  // A second init over the same folder writes nothing.
  std::ofstream(start + "/clinic.xml") << "mine";
  fs::remove(start + "/README.txt");
  auto again = RunSuperbill("init " + start);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(again.err.find(start + "/clinic.xml: error: already exists: superbill init writes "
                                   "nothing over existing files"),
            0u)
      << again.err;
  EXPECT_EQ(Slurp(start + "/clinic.xml"), "mine");
  EXPECT_FALSE(fs::exists(start + "/README.txt"));
}

TEST(ConvertTest, ImportWritesOneCourseFilePerCourse) {
  ScratchDir dir;
  const std::string out = dir.Path("courses");
  auto r = RunSuperbill(std::string("import ") + kWeek + " --out " + out);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.rfind("superbill: 5 courses: 5 accepted, 0 rejected, 0 warnings in ", 0), 0u)
      << r.err;
  EXPECT_EQ(FileMode(out + "/CSV-2611-001.xml"), 0600u);
  // The course files code as the CSV does.
  auto from_xml = RunSuperbill(std::string("code ") + kCommon + out);
  EXPECT_EQ(from_xml.exit_code, 0) << from_xml.err;
  auto from_csv = RunSuperbill(std::string("code ") + kCommon + kWeek);
  auto sorted = [](const std::string& s) {
    auto rows = Split(s, '\n');
    std::sort(rows.begin(), rows.end());
    return rows;
  };
  EXPECT_EQ(sorted(from_xml.out), sorted(from_csv.out));

  // Importing the same file again changes nothing; a changed course needs --overwrite.
  EXPECT_EQ(RunSuperbill(std::string("import ") + kWeek + " --out " + out).exit_code, 0);
  std::string week = Slurp(SourcePath(kWeek));
  week.replace(week.find("$975.00"), 7, "$970.00");
  const std::string changed = dir.Write("week.csv", week);
  auto clash = RunSuperbill("import " + changed + " --out " + out);
  EXPECT_EQ(clash.exit_code, 1);
  EXPECT_EQ(clash.err.rfind(out + "/CSV-2611-002.xml: error: a different course file of this "
                                  "name is there already: move it away, or import with "
                                  "--overwrite to replace it\n",
                            0),
            0u)
      << clash.err;
  EXPECT_EQ(Slurp(out + "/CSV-2611-002.xml").find("970.00"), std::string::npos);
  EXPECT_EQ(RunSuperbill("import --overwrite " + changed + " --out " + out).exit_code, 0);
  EXPECT_NE(Slurp(out + "/CSV-2611-002.xml").find("amount=\"970.00\""), std::string::npos);

  auto not_csv = RunSuperbill("import samples/courses/01-induction-series.xml --out " + out);
  EXPECT_EQ(not_csv.exit_code, 2);
  EXPECT_EQ(not_csv.err,
            "superbill: error: import reads CSV course files (*.csv): "
            "'samples/courses/01-induction-series.xml' is not one\n");
}

TEST(ConvertTest, ExportWritesEveryCourseAsOneCsvThatCodesTheSame) {
  ScratchDir dir;
  const std::string csv = dir.Path("all.csv");
  auto r = RunSuperbill("export --out " + csv + " samples/courses");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("samples/courses/01-induction-series.xml:2:1: warning: the course's "
                       "<history> is not exported"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(FileMode(csv), 0600u);
  auto code = RunSuperbill(std::string("code ") + kCommon + csv);
  EXPECT_EQ(code.exit_code, 0) << code.err;
  auto golden = RunSuperbill(std::string("code ") + kCommon + "samples/courses");
  EXPECT_EQ(code.out, golden.out);

  // A course id given twice: the later course is rejected, as in a batch.
  auto twice =
      RunSuperbill("export --out " + csv +
                   " samples/courses/15-short-course.xml samples/courses/15-short-course.xml");
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_EQ(twice.err.rfind("samples/courses/15-short-course.xml:2:20: error: course id "
                            "'HK-2026-0252' is already used in this batch by "
                            "samples/courses/15-short-course.xml\n",
                            0),
            0u)
      << twice.err;
}

// The CSV example of docs/input-format.md reads and codes as it says.
TEST(ConvertTest, TheDocumentedCsvExampleCodes) {
  const std::string doc = Slurp(SourcePath("docs/input-format.md"));
  const std::size_t start = doc.find("```csv\n");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = doc.find("```", start + 7);
  ScratchDir dir;
  const std::string path = dir.Write("doc.csv", doc.substr(start + 7, end - start - 7));
  auto r = RunSuperbill(std::string("code ") + kCommon + path);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "course,date,code,modifiers,units,dx,charge,ndc,ndc_unit,ndc_qty\n"
            "HK-2026-0142,2026-10-05,90792,,1,AB,350.00,,,\n"
            "HK-2026-0142,2026-10-05,96365,,1,AB,450.00,,,\n"
            "HK-2026-0142,2026-10-05,J3490,,1,AB,60.00,67457010810,ML,0.38\n");
}

TEST(ConvertTest, HelpOfTheNewCommands) {
  for (const char* cmd : {"import", "export", "init"}) {
    auto help = RunSuperbill(std::string(cmd) + " --help");
    EXPECT_EQ(help.exit_code, 0) << cmd;
    EXPECT_EQ(help.out.rfind(std::string("Usage: superbill ") + cmd, 0), 0u) << help.out;
  }
  auto overview = RunSuperbill("--help");
  EXPECT_NE(overview.out.find("superbill import   FILE.csv ... --out DIR"), std::string::npos);
  EXPECT_EQ(RunSuperbill("import x.csv").err,
            "superbill: error: the option --out DIR is required\n");
  EXPECT_EQ(RunSuperbill("init").err,
            "superbill: error: init takes one folder: superbill init DIR\n");
}

}  // namespace
}  // namespace superbill
