// Writes courses as a CSV course file (the columns of input/csv_reader.h): the inverse of
// the CSV reader, for `superbill export` and the starter files of `superbill init`.
#pragma once

#include <string>

#include "model/course.h"

namespace superbill {

// The UTF-8 byte order mark and the header row (every column), CRLF-ended. The mark makes
// Excel open the file as UTF-8.
std::string CsvCourseHeader();

// One CRLF-ended row per service of `course`, in visit order, then one per payment. A cell
// a spreadsheet would take for a formula (=, +, -, @ first) gets a leading apostrophe,
// which the reader drops. The clinical history is not written: CSV has no columns for it.
std::string CsvCourseRows(const Course& course);

}  // namespace superbill
