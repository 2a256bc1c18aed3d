// Round trips: every sample course exported as CSV and read back, or written as XML and read
// back, is the same course (compared as its course file, which names every value) and codes
// to exactly the lines of its golden `superbill code` CSV. The week's CSV sample goes
// through XML and back the same way.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "coding/coder.h"
#include "convert/course_csv.h"
#include "convert/course_xml.h"
#include "input/course_reader.h"
#include "input/csv_reader.h"
#include "support/test_support.h"
#include "validate/course_validator.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::SampleContext;
using testing::Slurp;
using testing::SourcePath;

std::string Joined(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags) out += d.ToString() + "\n";
  return out;
}

// The `superbill code` rows of a course (statement date 2026-11-20, the samples' clinic).
std::string CodeRows(const Course& course) {
  Diagnostics d =
      ValidateCourse(course, SampleContext().clinic, SampleContext().tables, SampleContext().date);
  EXPECT_FALSE(HasErrors(d)) << Joined(d);
  Claim claim =
      CodeCourse(course, SampleContext().clinic, SampleContext().tables, SampleContext().date, &d);
  claim.course = &course;
  return CodeCsvRows(claim);
}

std::vector<std::string> SampleCourses() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(SourcePath("samples/courses"))) {
    if (e.path().extension() == ".xml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(RoundTripTest, EverySampleExportedAsCsvAndReadBackCodesTheSame) {
  const auto samples = SampleCourses();
  ASSERT_GE(samples.size(), 15u);
  for (const std::string& stem : samples) {
    SCOPED_TRACE(stem);
    Diagnostics diags;
    Course xml = ReadCourse(SourcePath("samples/courses/" + stem + ".xml"), &diags);
    ASSERT_EQ(Joined(diags), "");
    const std::string golden = Slurp(SourcePath("tests/golden/code/" + stem + ".csv"));
    ASSERT_EQ(CodeCsvHeader() + CodeRows(xml), golden);

    auto read = ParseCsvCourses("x.csv", CsvCourseHeader() + CsvCourseRows(xml));
    ASSERT_EQ(read.size(), 1u);
    ASSERT_EQ(Joined(read[0].diagnostics), "");
    EXPECT_EQ(CodeCsvHeader() + CodeRows(read[0].course), golden);
    // Every value survives (the history and the benefits have no CSV columns).
    Course without_history = xml;
    without_history.history.reset();
    without_history.benefits.reset();
    EXPECT_EQ(CourseXml(read[0].course), CourseXml(without_history));
  }
}

TEST(RoundTripTest, EverySampleWrittenAsXmlAndReadBackIsTheSame) {
  for (const std::string& stem : SampleCourses()) {
    SCOPED_TRACE(stem);
    Diagnostics diags;
    Course xml = ReadCourse(SourcePath("samples/courses/" + stem + ".xml"), &diags);
    const std::string written = CourseXml(xml);
    Course again = ParseCourse("again.xml", written, &diags);
    ASSERT_EQ(Joined(diags), "");
    EXPECT_EQ(CourseXml(again), written);
    EXPECT_EQ(CodeCsvHeader() + CodeRows(again),
              Slurp(SourcePath("tests/golden/code/" + stem + ".csv")));
  }
}

TEST(RoundTripTest, TheWeekSampleImportedAsXmlAndExportedAgainIsTheSame) {
  const std::string path = SourcePath("samples/csv/week-2026-11-09.csv");
  auto courses = ReadCsvCourses(path);
  ASSERT_EQ(courses.size(), 5u);
  std::string coded, recoded;
  for (const CsvCourse& c : courses) {
    SCOPED_TRACE(c.course.id);
    ASSERT_EQ(Joined(c.diagnostics), "");
    coded += CodeRows(c.course);
    Diagnostics diags;
    Course imported = ParseCourse("imported.xml", CourseXml(c.course), &diags);
    ASSERT_EQ(Joined(diags), "");
    recoded += CodeRows(imported);
    auto back = ParseCsvCourses("back.csv", CsvCourseHeader() + CsvCourseRows(imported));
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(CourseXml(back[0].course), CourseXml(c.course));
  }
  EXPECT_EQ(recoded, coded);
  EXPECT_EQ(CodeCsvHeader() + coded,
            Slurp(SourcePath("tests/golden/code/csv-week-2026-11-09.csv")));
}

}  // namespace
}  // namespace superbill
