// The commands around the ledger of issued statements: `superbill void` and `superbill
// ledger list|verify|backup`. Each finds the ledger as `generate` does: --ledger FILE, else
// DIR/ledger.sqlite of --out DIR; the documents are in --out DIR, else beside the ledger.
#pragma once

#include <ostream>

#include "batch/runner.h"

namespace superbill {

// `superbill void COURSE-ID --reason TEXT`: finds the course among options.inputs, checks it
// is unchanged since its latest version was issued, draws its void documents (the ones that
// version had, or --documents), publishes them into DIR/<course id>/ and records the void
// version. Problems of the course print on `err` (exit 1); a course never issued, voided
// already, or absent from the files given is a FatalError.
ExitCode RunVoid(const RunOptions& options, std::ostream& err);

// `superbill ledger list [--course ID] [--since DATE]`: every version as CSV on `out`.
ExitCode RunLedgerList(const RunOptions& options, std::ostream& out, std::ostream& err);

// `superbill ledger verify`: hashes every document of each course's latest version in the
// documents folder again; lists the missing or altered ones as CSV on `out` and a summary on
// `err`. kRejected (1) when any is missing or altered.
ExitCode RunLedgerVerify(const RunOptions& options, std::ostream& out, std::ostream& err);

// `superbill ledger backup FILE`: a consistent copy of the ledger (SQLite's online backup).
ExitCode RunLedgerBackup(const RunOptions& options, std::ostream& err);

// Whether `text` names the patient or subscriber of `course`: a name, the member id, a birth
// date or a phone number (whole words, ASCII case ignored). The void reason is kept in the
// ledger, which must hold none of them.
bool MentionsPatient(const std::string& text, const Course& course);

}  // namespace superbill
