// Writes a course as a course file (input format version 1): the inverse of the XML
// reader, for `superbill import` and the starter files of `superbill init`.
#pragma once

#include <string>

#include "model/course.h"

namespace superbill {

// The course file of `course`, UTF-8, indented by two spaces. Reading it back gives the
// same course (apart from source places).
std::string CourseXml(const Course& course);

}  // namespace superbill
