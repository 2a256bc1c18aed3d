// The ledger of issued statements: an SQLite database (by default DIR/ledger.sqlite) with one
// row per course and version (original, corrected, void), the date it was issued, its
// fingerprint, totals, and the SHA-256 of each document written for it. It never holds a
// patient's name, birth date, address, phone or member id. The only code that knows SQLite.
//
// The file is recognised by PRAGMA application_id and its schema version is PRAGMA
// user_version; an older schema is migrated when the file is opened. A file that is not a
// database, is damaged, belongs to another application or comes from a newer superbill is
// a FatalError naming the file, and the file is left exactly as it was.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model/claim.h"
#include "model/date.h"
#include "model/money.h"

struct sqlite3;
struct sqlite3_stmt;

namespace superbill {

// One document of a version: its file name in the course's folder and its SHA-256 (hex).
struct IssuedDocument {
  std::string name;
  std::string sha256;
  friend bool operator==(const IssuedDocument&, const IssuedDocument&) = default;
};

// One version of one course's statement, as the ledger keeps it.
struct IssuedVersion {
  std::string course;
  int version = 1;
  Resubmission::Kind status = Resubmission::Kind::kOriginal;
  Date issued;              // the statement date its documents print
  std::string fingerprint;  // Fingerprint() of the claim as issued
  Money total_charges;
  Money paid;
  Money balance;
  int replaces = 0;                // corrected/void: the version it replaces; 0 for an original
  std::string original_reference;  // corrected/void: the payer's claim number it printed
  std::string reason;              // void: the clerk's reason, else empty
  std::vector<IssuedDocument> documents;  // in name order

  // The document called `name`; nullptr when the version has none.
  const IssuedDocument* FindDocument(const std::string& name) const;
};

// Which versions Ledger::ForEach visits: one course (empty: all), issued on or after `since`.
struct LedgerFilter {
  std::string course;
  std::optional<Date> since;
};

class Ledger {
 public:
  // "SBLG" in PRAGMA application_id: this file is a superbill ledger.
  static constexpr std::int32_t kApplicationId = 0x53424C47;
  // The schema this release writes (PRAGMA user_version); older ones are migrated.
  static constexpr int kSchemaVersion = 2;

  enum class Open { kCreate, kExisting };

  // Opens the ledger at `path`: creates it (owner-only, 0600) when missing and `open` is
  // kCreate, migrates an older schema, and sets write-ahead logging and a busy timeout.
  // A program that records (generate, void) opens it once it holds the output folder's
  // lock, so that two runs never record at once. One object may serve many threads.
  // Throws FatalError naming the file when it is missing (kExisting), is not a database,
  // is damaged, belongs to another application or has a newer schema.
  Ledger(const std::string& path, Open open);
  ~Ledger();  // commits what was recorded and not yet committed
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  const std::string& path() const { return path_; }
  // The schema version the file had when it was opened: 0 for a new file.
  int opened_schema_version() const { return opened_schema_version_; }

  // Version `version` of `course` (0: the latest), with its documents; nullopt when there
  // is none. Safe to call from any thread; sees what this object recorded, committed or not.
  std::optional<IssuedVersion> Find(const std::string& course, int version = 0) const;

  // Adds a version and its documents. Rows accumulate in one transaction until Commit
  // (many rows a transaction: a commit costs more than a row). Throws FatalError when the
  // version exists already (another program recorded it since Find read the course).
  void Record(const IssuedVersion& version);
  // Sets (adds or replaces) document hashes of a recorded version, in the same transaction.
  void SetDocuments(const std::string& course, int version,
                    const std::vector<IssuedDocument>& documents);
  // Commits what was recorded since the last Commit. Throws FatalError.
  void Commit();

  // Every version that `filter` lets through, by course id then version, documents included.
  // `visit` runs while the ledger is held: it must not call the ledger.
  void ForEach(const LedgerFilter& filter,
               const std::function<void(const IssuedVersion&)>& visit) const;
  // The latest version of every course, by course id, documents included (the same rule).
  void ForEachLatest(const std::function<void(const IssuedVersion&)>& visit) const;

  // Runs SQLite's full integrity check; throws FatalError naming the file on damage.
  void CheckIntegrity() const;

  // Writes a consistent copy of the ledger to `dest` with SQLite's online backup (another
  // program may be recording meanwhile): into a temporary file beside `dest`, checked, then
  // renamed into place, owner-only. Refuses to replace a `dest` that is not a superbill
  // ledger. Throws FatalError.
  void Backup(const std::string& dest) const;

  // For tests: creates a new ledger file at `path` with the schema of `version` (1 ..
  // kSchemaVersion), as that release of superbill made it, and nothing in it.
  static void CreateWithSchemaForTest(const std::string& path, int version);

 private:
  [[noreturn]] void Fail(const std::string& what) const;
  void Exec(const char* sql) const;
  sqlite3_stmt* Prepare(const char* sql) const;
  void Begin();
  void ReadVersion(sqlite3_stmt* row, IssuedVersion* out) const;
  void ReadDocuments(IssuedVersion* v) const;
  // Reads every row of `stmt` (finalized after) into `visit`.
  void VisitRows(sqlite3_stmt* stmt, const std::function<void(const IssuedVersion&)>& visit) const;
  void Migrate();

  std::string path_;
  sqlite3* db_ = nullptr;
  int opened_schema_version_ = 0;
  bool in_transaction_ = false;
  mutable std::mutex mu_;
  sqlite3_stmt* find_ = nullptr;
  sqlite3_stmt* documents_ = nullptr;
  sqlite3_stmt* insert_version_ = nullptr;
  sqlite3_stmt* insert_document_ = nullptr;
};

}  // namespace superbill
