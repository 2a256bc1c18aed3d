// Checks a parsed course against the clinic, the tables and the run date: references,
// ICD-10-CM codes, dates, pointers, ids. Pure: returns diagnostics, changes nothing.
#pragma once

#include "model/clinic.h"
#include "model/course.h"
#include "model/date.h"
#include "model/tables.h"

namespace superbill {

// Letters A–L as 0-based pointers ("AC" -> {0, 2}); false when not 1–max_pointers distinct
// capital letters.
bool ParsePointers(const std::string& letters, int max_pointers, std::vector<int>* out);

// Whether a course id is safe as a file name: letters, digits, '.', '_' and '-', not
// starting with '.', at most 64 characters.
bool IsSafeCourseId(const std::string& id);

// Every problem of `course` that needs the clinic, tables or run date to see. Warns when a
// patient's or subscriber's name is transliterated for the claim forms (no <cardName>).
Diagnostics ValidateCourse(const Course& course, const Clinic& clinic, const Tables& tables,
                           const Date& run_date);

}  // namespace superbill
