// Reads a CSV course file: one row per service or payment, the rows of each course grouped
// by its courseId, into the same Course values the XML reader makes, with SourceLocs that
// point into the CSV (row, field number, column name). Columns: docs/input-format.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/course.h"
#include "model/tables.h"

namespace superbill {

// What a CSV column holds: a course-level value (the same on every row of a course), the
// row's kind (`service`), a visit-level value (the same on every row of one visit), a
// service's value, or a payment's.
enum class CsvGroup { kCourse, kRow, kVisit, kService, kPayment };

struct CsvColumn {
  const char* name;  // as documented ("doseMg"); headers match it in any case
  CsvGroup group;
  bool in_every_file;  // the header row must have it
};

// Every column, in the order the template and `superbill export` write them.
const std::vector<CsvColumn>& CsvCourseColumns();

// A course read from a CSV file, with the problems of reading it (usable when they hold no
// error).
struct CsvCourse {
  Course course;
  Diagnostics diagnostics;
};

// Whether `path` names a CSV course file: it ends in ".csv" in any case.
bool IsCsvPath(const std::string& path);

// The courses of the CSV file `path` (its bytes are `text`), in the order of their first
// rows. Problems of the file as a whole (its encoding, quoting or header row, rows without
// a courseId) come first, in an entry whose course has no id; when the header is unusable
// that is the only entry. Diagnostics never quote a patient's or subscriber's values.
// `limits` (cpt_tables/field_limits.csv; null: none) bound the length of every value.
std::vector<CsvCourse> ParseCsvCourses(const std::string& path, std::string_view text,
                                       const FieldLimits* limits = nullptr);

// Reads `path` (at most kMaxCourseBytes) then parses it; an unreadable or oversized file is
// one entry with one diagnostic.
std::vector<CsvCourse> ReadCsvCourses(const std::string& path, const FieldLimits* limits = nullptr);

}  // namespace superbill
