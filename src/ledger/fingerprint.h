// The fingerprint of a statement: one SHA-256 over everything its documents print, so that
// the ledger can tell an unchanged course (same fingerprint: the same statement again) from
// an edited one (a new, corrected version). Pure: reads the model only.
#pragma once

#include <string>

#include "model/claim.h"

namespace superbill {

// The fingerprint of `claim` (with its course and clinic) as 64 hex digits. It covers the
// course (patient, coverage, diagnoses, visits and services, payments, history, the course
// id), the coded lines and totals, the clinic's details that print (name, identifiers,
// address, contacts, assignment) and each rendering provider of a line, and, for a corrected
// or void statement, its kind, the payer's claim number and the void's reason. It never
// covers the statement date, the version number or what it replaces (the ledger supplies
// those), file paths or places in the input files: reformatting a course file, moving it or
// re-running it on another day gives the same fingerprint.
std::string Fingerprint(const Claim& claim);

}  // namespace superbill
