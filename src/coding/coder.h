// The rules engine: a validated course + clinic + tables -> a Claim of billed lines,
// charges and totals, following spec/coding-rules.md with thresholds from cpt_tables/.
#pragma once

#include "model/claim.h"
#include "model/clinic.h"
#include "model/course.h"
#include "model/tables.h"

namespace superbill {

// Codes `course`. Problems (rule violations, missing fees) are appended to `diags`; the
// claim is usable only when none were added. `course` and `clinic` must outlive the claim.
Claim CodeCourse(const Course& course, const Clinic& clinic, const Tables& tables,
                 const Date& statement_date, Diagnostics* diags);

// Scales `charges` to sum to exactly `target`: each share rounded down to the cent, the
// cents left over going one each to the largest remainders (ties: the earlier line).
// `charges` must sum to more than zero.
std::vector<Money> AllocatePackage(const std::vector<Money>& charges, Money target);

}  // namespace superbill
