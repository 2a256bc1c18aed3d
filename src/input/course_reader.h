// Reads a course file (input format version 1) into a Course: structure and value formats.
// Cross-checks against the clinic, the tables and the run date are validate/'s job.
#pragma once

#include <string>

#include "model/course.h"
#include "model/tables.h"

namespace superbill {

// Largest course file read (bigger ones are rejected unread).
constexpr std::size_t kMaxCourseBytes = 10 * 1024 * 1024;
// Most visits one course may hold.
constexpr std::size_t kMaxVisits = 1000;

// Parses the text of a course file. The course is usable only when nothing was added to
// `diags`. Diagnostics never quote a patient's or subscriber's personal values.
// `limits` (cpt_tables/field_limits.csv; null: none) bound the length of every value.
Course ParseCourse(const std::string& path, std::string text, Diagnostics* diags,
                   const FieldLimits* limits = nullptr);

// Reads `path` then parses it; an unreadable or oversized file is one diagnostic.
Course ReadCourse(const std::string& path, Diagnostics* diags, const FieldLimits* limits = nullptr);

}  // namespace superbill
