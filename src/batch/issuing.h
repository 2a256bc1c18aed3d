// Issuing statements against the ledger during `generate`: for each accepted course, whether
// it is a new statement (version 1, original), the same statement again (same fingerprint:
// its documents are rewritten byte for byte as issued, with the statement date the ledger
// recorded), or a corrected one (a new version that replaces the latest). The decision is put
// on the claim (Claim::resubmission) before the documents are drawn; the ledger row is
// recorded only once the course's documents are in place.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "batch/runner.h"
#include "ledger/ledger.h"

namespace superbill {

// The ledger file of a run: --ledger FILE, else DIR/ledger.sqlite of --out DIR.
std::string LedgerPathFor(const RunOptions& options);
// The folder of the documents: --out DIR, else the folder that holds --ledger FILE.
std::string DocumentsDirFor(const RunOptions& options);

// The ledger row of a new version of `claim` (its resubmission says which), documents not
// yet included.
IssuedVersion NewVersionRow(const Claim& claim);
// The resubmission that draws the `latest` version of `course` again: its kind, version and
// what it replaces, with the payer's claim number the course gives now.
Resubmission SameStatement(const Ledger& ledger, const IssuedVersion& latest, const Course& course);
// The next version after `latest`: corrected or void, replacing `latest` (a void issued
// again replaces what the first void replaced), with the course's payer's claim number.
Resubmission NextStatement(const Ledger& ledger, const IssuedVersion& latest, const Course& course,
                           Resubmission::Kind kind, const std::string& reason);
// Whether `claim` (its resubmission that of `latest`) prints what `latest` printed, apart from
// the payer's claim number the course may give now.
bool ClaimUnchangedSince(const Claim& claim, const IssuedVersion& latest);
// For a corrected or void claim: an error when its statement date is before the statement
// it replaces, else a warning when the course gives no payer's claim number (the insurer
// will ask for it); nullopt otherwise.
std::optional<Diagnostic> CheckResubmission(const Claim& claim);

// The course's files as written into its folder: (name, bytes).
using CourseFiles = std::vector<std::pair<std::string, std::string>>;

class Issuer {
 public:
  // Opens (or creates) the ledger at `ledger_path` for documents written into `out_dir`.
  // Throws FatalError (see Ledger).
  Issuer(const std::string& ledger_path, const std::string& out_dir);
  ~Issuer();

  // In a worker, for an accepted course, before its documents are drawn: reads the course's
  // latest version and sets r->claim.resubmission (and, for the same statement again, the
  // statement date it was issued with). May add a warning (no payer's claim number for a
  // corrected statement) or an error (a statement date before the one it would replace).
  // Returns false when no document must be written: the course is rejected, or it was voided
  // and has changed since (a warning says so; its void documents stay as they are).
  bool Prepare(CourseResult* r);

  // In a worker, once the documents are drawn (`encrypted`: the names --encrypt protected):
  // notes their hashes. For the same statement again, keeps the issued copy of a document
  // whose drawing differs from what was issued (a newer superbill draws it differently) when
  // the copy in the folder is still the one issued, and keeps the issued documents this run
  // does not draw (--documents), so the folder keeps every document of the version.
  void Seal(CourseResult* r, CourseFiles* files, const std::set<std::string>& encrypted);

  // On the emitting thread, in input order, once the course's documents are in place:
  // records its new version or document hashes. Rows are committed many at a time.
  void Record(const CourseResult& r);
  // Commits what is recorded. Throws FatalError.
  void Commit();

  // "superbill: ledger: 2 new, 1 corrected, 12 unchanged\n" (and voided courses kept), for
  // the line after the batch's summary.
  std::string SummaryLine() const;

 private:
  struct Pending {
    bool new_version = false;
    IssuedVersion row;                    // new: the version to record; else the latest
    std::vector<IssuedDocument> updates;  // the same version: hashes to add or replace
  };

  Ledger ledger_;
  std::string out_dir_;
  std::mutex mu_;
  std::unordered_map<std::string, Pending> pending_;  // by course id, until recorded
  std::size_t uncommitted_ = 0;
  std::size_t originals_ = 0, corrected_ = 0, unchanged_ = 0, void_kept_ = 0;
};

}  // namespace superbill
