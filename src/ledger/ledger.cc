#include "ledger/ledger.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "common/diagnostic.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

// How long a statement waits for another program's lock on the ledger before it fails.
constexpr int kBusyTimeoutMs = 30'000;

// The schema, one step per version: step i takes a file from version i - 1 to version i, and
// a new file runs every step, so each migration runs on every new ledger too.
const char* const kSchemaSteps[] = {
    // 1: the first ledger: a row per course and version, one hash column per document (the
    // superbill and the FHIR claim were the only documents).
    R"sql(
CREATE TABLE statement (
  course TEXT NOT NULL,
  version INTEGER NOT NULL CHECK (version >= 1),
  status TEXT NOT NULL CHECK (status IN ('original', 'corrected', 'void')),
  issued TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  total_charges INTEGER NOT NULL,
  paid INTEGER NOT NULL,
  balance INTEGER NOT NULL,
  superbill_sha256 TEXT,
  claim_sha256 TEXT,
  PRIMARY KEY (course, version)
) WITHOUT ROWID;
)sql",
    // 2: documents in a table of their own (any number of them: the CMS-1500, the 837P and
    // the packet join the superbill and the claim); what a corrected or void version
    // replaces, the payer's claim number it printed and the reason of a void (a void can
    // be issued again with a payer's claim number); an index on the issue date for
    // `ledger list --since`. Version 1 knew only originals and corrections, each replacing
    // the version before.
    R"sql(
ALTER TABLE statement ADD COLUMN replaces INTEGER NOT NULL DEFAULT 0;
UPDATE statement SET replaces = version - 1;
ALTER TABLE statement ADD COLUMN original_reference TEXT NOT NULL DEFAULT '';
ALTER TABLE statement ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE TABLE document (
  course TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  PRIMARY KEY (course, version, name),
  FOREIGN KEY (course, version) REFERENCES statement (course, version)
) WITHOUT ROWID;
INSERT INTO document (course, version, name, sha256)
  SELECT course, version, 'superbill.pdf', superbill_sha256 FROM statement
  WHERE superbill_sha256 IS NOT NULL;
INSERT INTO document (course, version, name, sha256)
  SELECT course, version, 'claim.xml', claim_sha256 FROM statement
  WHERE claim_sha256 IS NOT NULL;
ALTER TABLE statement DROP COLUMN superbill_sha256;
ALTER TABLE statement DROP COLUMN claim_sha256;
CREATE INDEX statement_issued ON statement (issued);
)sql",
};
static_assert(sizeof kSchemaSteps / sizeof kSchemaSteps[0] == Ledger::kSchemaVersion);

constexpr char kVersionColumns[] =
    "course, version, status, issued, fingerprint, total_charges, paid, balance, replaces, "
    "original_reference, reason";

std::string Hex32(std::int32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", static_cast<unsigned>(value));
  return buf;
}

std::string ColumnText(sqlite3_stmt* stmt, int column) {
  const unsigned char* text = sqlite3_column_text(stmt, column);
  return text ? std::string(reinterpret_cast<const char*>(text),
                            static_cast<std::size_t>(sqlite3_column_bytes(stmt, column)))
              : std::string();
}

void Bind(sqlite3_stmt* stmt, int index, const std::string& text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

// Finalizes a statement when it goes out of scope.
struct Finalizer {
  sqlite3_stmt* stmt;
  ~Finalizer() { sqlite3_finalize(stmt); }
};

// Resets a cached statement when it goes out of scope, so it holds no read lock.
struct Resetter {
  sqlite3_stmt* stmt;
  ~Resetter() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

int ExecOn(sqlite3* db, const char* sql) {
  return sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
}

// The first column of the first row of `sql` as an integer; SQLite's result code otherwise.
int QueryInt(sqlite3* db, const char* sql, std::int64_t* value) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return rc;
  Finalizer f{stmt};
  rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) {
    *value = sqlite3_column_int64(stmt, 0);
    return SQLITE_OK;
  }
  return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

// Creates `path` (owner-only) when it does not exist; false with errno otherwise.
bool CreateEmptyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

std::string Errno(int err) { return std::strerror(err); }

// Whether the file's 100-byte SQLite header says "SQLite format 3" and our application_id
// (a big-endian integer at offset 68, per the SQLite file format).
bool IsLedgerFile(const std::string& path) {
  unsigned char header[100];
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  ssize_t n = ::read(fd, header, sizeof header);
  ::close(fd);
  if (n != static_cast<ssize_t>(sizeof header) || std::memcmp(header, "SQLite format 3", 16) != 0) {
    return false;
  }
  const std::uint32_t app = (std::uint32_t{header[68]} << 24) | (std::uint32_t{header[69]} << 16) |
                            (std::uint32_t{header[70]} << 8) | std::uint32_t{header[71]};
  return app == static_cast<std::uint32_t>(Ledger::kApplicationId);
}

}  // namespace

const IssuedDocument* IssuedVersion::FindDocument(const std::string& name) const {
  for (const auto& d : documents) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

void Ledger::Fail(const std::string& what) const {
  std::string message = what;
  if (db_) message += std::string(" (SQLite: ") + sqlite3_errmsg(db_) + ")";
  throw FatalError(Diagnostics{{{path_}, message}});
}

void Ledger::Exec(const char* sql) const {
  if (ExecOn(db_, sql) != SQLITE_OK) Fail("cannot update the ledger");
}

sqlite3_stmt* Ledger::Prepare(const char* sql) const {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_, sql, -1, &stmt, nullptr) != SQLITE_OK) {
    Fail("cannot read the ledger");
  }
  return stmt;
}

Ledger::Ledger(const std::string& path, Open open) : path_(path) {
  auto fatal = [&](const std::string& message) {
    throw FatalError(Diagnostics{{{path_}, message}});
  };
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno != ENOENT) fatal("cannot open the ledger: " + Errno(errno));
    if (open == Open::kExisting) {
      fatal(
          "no ledger here (the first `superbill generate` into a folder makes its "
          "ledger.sqlite; --ledger FILE names another)");
    }
    if (!CreateEmptyFile(path)) fatal("cannot create the ledger: " + Errno(errno));
  } else if (!S_ISREG(st.st_mode)) {
    fatal("is not a file, so not a superbill ledger");
  }
  try {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
      Fail("cannot open the ledger");
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);

    // Recognise the file before anything writes to it: reading the header writes nothing.
    std::int64_t app = 0, user = 0, objects = 0;
    int rc = QueryInt(db_, "PRAGMA application_id", &app);
    if (rc == SQLITE_OK) rc = QueryInt(db_, "PRAGMA user_version", &user);
    if (rc == SQLITE_OK) rc = QueryInt(db_, "SELECT count(*) FROM sqlite_schema", &objects);
    const int primary = rc & 0xff;
    if (primary == SQLITE_NOTADB) {
      fatal("is not an SQLite database, so not a superbill ledger; it was left as it is");
    }
    if (primary == SQLITE_CORRUPT) {
      fatal(std::string("the ledger is damaged (SQLite: ") + sqlite3_errmsg(db_) +
            "); it was left as it is: restore it from a backup (superbill ledger backup)");
    }
    if (rc != SQLITE_OK) Fail("cannot read the ledger");
    const bool fresh = app == 0 && user == 0 && objects == 0;
    if (!fresh && app != kApplicationId) {
      fatal("is an SQLite database of another application (application_id " +
            Hex32(static_cast<std::int32_t>(app)) +
            "), not a superbill ledger; it was left as it is");
    }
    if (!fresh && (user < 1 || user > kSchemaVersion)) {
      fatal(user > kSchemaVersion
                ? "the ledger has schema version " + std::to_string(user) +
                      ", made by a newer superbill (this one reads versions 1 to " +
                      std::to_string(kSchemaVersion) + "); it was left as it is"
                : "the ledger has no schema version; it was left as it is");
    }
    opened_schema_version_ = static_cast<int>(user);

    if (!fresh) {
      sqlite3_stmt* check = Prepare("PRAGMA quick_check");
      Finalizer f{check};
      rc = sqlite3_step(check);
      std::string result = rc == SQLITE_ROW ? ColumnText(check, 0) : sqlite3_errmsg(db_);
      if (result != "ok") {
        fatal("the ledger is damaged (SQLite: " + result +
              "); it was left as it is: restore it from a backup (superbill ledger backup)");
      }
    }
    // Write-ahead log: readers (ledger list, backup) never wait for a run that records.
    // NORMAL: a commit survives the program being killed; after a power loss the file is
    // still whole, and the last commits may be missing (the next run records them again).
    {
      sqlite3_stmt* mode = Prepare("PRAGMA journal_mode = WAL");
      Finalizer fm{mode};
      if (sqlite3_step(mode) != SQLITE_ROW) Fail("cannot set up the ledger");
    }
    Exec("PRAGMA synchronous = NORMAL");
    Exec("PRAGMA foreign_keys = ON");
    if (user < kSchemaVersion) Migrate();

    // ?2 = 0: the latest version.
    find_ = Prepare((std::string("SELECT ") + kVersionColumns +
                     " FROM statement WHERE course = ?1 AND (?2 = 0 OR version = ?2) ORDER BY "
                     "version DESC LIMIT 1")
                        .c_str());
    documents_ = Prepare(
        "SELECT name, sha256 FROM document WHERE course = ?1 AND version = ?2 ORDER BY name");
    insert_version_ = Prepare(
        "INSERT INTO statement (course, version, status, issued, fingerprint, total_charges, "
        "paid, balance, replaces, original_reference, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
        "?7, ?8, ?9, ?10, ?11)");
    insert_document_ = Prepare(
        "INSERT OR REPLACE INTO document (course, version, name, sha256) VALUES (?1, ?2, ?3, "
        "?4)");
  } catch (...) {
    for (sqlite3_stmt* s : {find_, documents_, insert_version_, insert_document_}) {
      sqlite3_finalize(s);
    }
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

Ledger::~Ledger() {
  if (in_transaction_) ExecOn(db_, "COMMIT");
  for (sqlite3_stmt* s : {find_, documents_, insert_version_, insert_document_}) {
    sqlite3_finalize(s);
  }
  sqlite3_close_v2(db_);
}

void Ledger::Migrate() {
  // Under the write lock, so two programs opening an old ledger at once migrate it once.
  Exec("BEGIN IMMEDIATE");
  try {
    std::int64_t user = 0;
    if (QueryInt(db_, "PRAGMA user_version", &user) != SQLITE_OK) Fail("cannot read the ledger");
    for (int v = static_cast<int>(user) + 1; v <= kSchemaVersion; ++v) {
      if (ExecOn(db_, kSchemaSteps[v - 1]) != SQLITE_OK) {
        Fail("cannot bring the ledger to schema version " + std::to_string(v));
      }
    }
    Exec(("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
    Exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
    Exec("COMMIT");
  } catch (...) {
    ExecOn(db_, "ROLLBACK");
    throw;
  }
}

void Ledger::CreateWithSchemaForTest(const std::string& path, int version) {
  if (version < 1 || version > kSchemaVersion || !CreateEmptyFile(path)) {
    throw FatalError(Diagnostics{{{path}, "cannot create a test ledger"}});
  }
  sqlite3* db = nullptr;
  bool ok = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
  for (int v = 1; ok && v <= version; ++v) ok = ExecOn(db, kSchemaSteps[v - 1]) == SQLITE_OK;
  ok = ok &&
       ExecOn(db, ("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str()) ==
           SQLITE_OK &&
       ExecOn(db, ("PRAGMA user_version = " + std::to_string(version)).c_str()) == SQLITE_OK;
  sqlite3_close_v2(db);
  if (!ok) throw FatalError(Diagnostics{{{path}, "cannot create a test ledger"}});
}

void Ledger::ReadVersion(sqlite3_stmt* row, IssuedVersion* v) const {
  v->course = ColumnText(row, 0);
  v->version = sqlite3_column_int(row, 1);
  const std::string status = ColumnText(row, 2);
  v->status = status == "void"        ? Resubmission::Kind::kVoid
              : status == "corrected" ? Resubmission::Kind::kCorrected
                                      : Resubmission::Kind::kOriginal;
  auto issued = Date::Parse(ColumnText(row, 3));
  if (!issued) Fail("the ledger holds a version of '" + v->course + "' with no valid issue date");
  v->issued = *issued;
  v->fingerprint = ColumnText(row, 4);
  v->total_charges = Money{sqlite3_column_int64(row, 5)};
  v->paid = Money{sqlite3_column_int64(row, 6)};
  v->balance = Money{sqlite3_column_int64(row, 7)};
  v->replaces = sqlite3_column_int(row, 8);
  v->original_reference = ColumnText(row, 9);
  v->reason = ColumnText(row, 10);
  v->documents.clear();
}

void Ledger::ReadDocuments(IssuedVersion* v) const {
  Resetter r{documents_};
  Bind(documents_, 1, v->course);
  sqlite3_bind_int(documents_, 2, v->version);
  int rc;
  while ((rc = sqlite3_step(documents_)) == SQLITE_ROW) {
    v->documents.push_back({ColumnText(documents_, 0), ColumnText(documents_, 1)});
  }
  if (rc != SQLITE_DONE) Fail("cannot read the ledger");
}

std::optional<IssuedVersion> Ledger::Find(const std::string& course, int version) const {
  std::lock_guard lock(mu_);
  std::optional<IssuedVersion> out;
  {
    Resetter r{find_};
    Bind(find_, 1, course);
    sqlite3_bind_int(find_, 2, version);
    int rc = sqlite3_step(find_);
    if (rc == SQLITE_ROW) {
      out.emplace();
      ReadVersion(find_, &*out);
    } else if (rc != SQLITE_DONE) {
      Fail("cannot read the ledger");
    }
  }
  if (out) ReadDocuments(&*out);
  return out;
}

void Ledger::Begin() {
  if (in_transaction_) return;
  Exec("BEGIN IMMEDIATE");
  in_transaction_ = true;
}

void Ledger::Record(const IssuedVersion& v) {
  std::lock_guard lock(mu_);
  Begin();
  {
    Resetter r{insert_version_};
    Bind(insert_version_, 1, v.course);
    sqlite3_bind_int(insert_version_, 2, v.version);
    Bind(insert_version_, 3, ResubmissionKindName(v.status));
    Bind(insert_version_, 4, v.issued.ToString());
    Bind(insert_version_, 5, v.fingerprint);
    sqlite3_bind_int64(insert_version_, 6, v.total_charges.cents);
    sqlite3_bind_int64(insert_version_, 7, v.paid.cents);
    sqlite3_bind_int64(insert_version_, 8, v.balance.cents);
    sqlite3_bind_int(insert_version_, 9, v.replaces);
    Bind(insert_version_, 10, v.original_reference);
    Bind(insert_version_, 11, v.reason);
    int rc = sqlite3_step(insert_version_);
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      Fail("version " + std::to_string(v.version) + " of course '" + v.course +
           "' is in the ledger already: another run recorded it meanwhile (runs that share a "
           "ledger must not overlap)");
    }
    if (rc != SQLITE_DONE)
      Fail("cannot record version " + std::to_string(v.version) + " of course '" + v.course + "'");
  }
  for (const auto& d : v.documents) {
    Resetter r{insert_document_};
    Bind(insert_document_, 1, v.course);
    sqlite3_bind_int(insert_document_, 2, v.version);
    Bind(insert_document_, 3, d.name);
    Bind(insert_document_, 4, d.sha256);
    if (sqlite3_step(insert_document_) != SQLITE_DONE) Fail("cannot record a document hash");
  }
}

void Ledger::SetDocuments(const std::string& course, int version,
                          const std::vector<IssuedDocument>& documents) {
  std::lock_guard lock(mu_);
  Begin();
  for (const auto& d : documents) {
    Resetter r{insert_document_};
    Bind(insert_document_, 1, course);
    sqlite3_bind_int(insert_document_, 2, version);
    Bind(insert_document_, 3, d.name);
    Bind(insert_document_, 4, d.sha256);
    if (sqlite3_step(insert_document_) != SQLITE_DONE) Fail("cannot record a document hash");
  }
}

void Ledger::Commit() {
  std::lock_guard lock(mu_);
  if (!in_transaction_) return;
  in_transaction_ = false;
  if (ExecOn(db_, "COMMIT") != SQLITE_OK) {
    ExecOn(db_, "ROLLBACK");
    Fail("cannot commit to the ledger");
  }
}

void Ledger::VisitRows(sqlite3_stmt* stmt,
                       const std::function<void(const IssuedVersion&)>& visit) const {
  Finalizer f{stmt};
  int rc;
  IssuedVersion v;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    ReadVersion(stmt, &v);
    ReadDocuments(&v);
    visit(v);
  }
  if (rc != SQLITE_DONE) Fail("cannot read the ledger");
}

void Ledger::ForEach(const LedgerFilter& filter,
                     const std::function<void(const IssuedVersion&)>& visit) const {
  std::lock_guard lock(mu_);
  sqlite3_stmt* stmt = Prepare((std::string("SELECT ") + kVersionColumns +
                                " FROM statement WHERE (?1 = '' OR course = ?1) AND (?2 = '' OR "
                                "issued >= ?2) ORDER BY course, version")
                                   .c_str());
  Bind(stmt, 1, filter.course);
  Bind(stmt, 2, filter.since ? filter.since->ToString() : std::string());
  VisitRows(stmt, visit);
}

void Ledger::ForEachLatest(const std::function<void(const IssuedVersion&)>& visit) const {
  std::lock_guard lock(mu_);
  VisitRows(Prepare((std::string("SELECT ") + kVersionColumns +
                     " FROM statement AS s WHERE version = (SELECT max(version) FROM statement "
                     "WHERE course = s.course) ORDER BY course")
                        .c_str()),
            visit);
}

void Ledger::CheckIntegrity() const {
  std::lock_guard lock(mu_);
  sqlite3_stmt* check = Prepare("PRAGMA integrity_check");
  Finalizer f{check};
  int rc = sqlite3_step(check);
  std::string result = rc == SQLITE_ROW ? ColumnText(check, 0) : sqlite3_errmsg(db_);
  if (result != "ok") {
    throw FatalError(Diagnostics{{{path_},
                                  "the ledger is damaged (SQLite: " + result +
                                      "): restore it from a backup (superbill ledger backup)"}});
  }
}

void Ledger::Backup(const std::string& dest) const {
  auto fatal = [&](const std::string& message) {
    throw FatalError(Diagnostics{{{dest}, message}});
  };
  struct stat source_st, dest_st;
  if (::stat(dest.c_str(), &dest_st) == 0) {
    if (!S_ISREG(dest_st.st_mode)) fatal("is not a file: the backup would replace it");
    if (::stat(path_.c_str(), &source_st) == 0 && source_st.st_dev == dest_st.st_dev &&
        source_st.st_ino == dest_st.st_ino) {
      fatal("is the ledger itself: back it up to another file");
    }
    // Only an earlier backup (or an empty file) may be replaced, never anything else. The
    // header is read as bytes (SQLite would add a -wal and -shm beside a WAL file).
    if (dest_st.st_size > 0 && !IsLedgerFile(dest)) {
      fatal("exists and is not a superbill ledger: the backup would replace it");
    }
  }
  fs::path target(dest);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  const std::string tmp = (dir / (".ledger-backup-tmp-" + std::to_string(::getpid()))).string();
  ::unlink(tmp.c_str());
  if (!CreateEmptyFile(tmp)) fatal("cannot create the backup: " + Errno(errno));
  sqlite3* out = nullptr;
  std::string problem;
  if (sqlite3_open_v2(tmp.c_str(), &out, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    problem = "cannot write the backup";
  } else {
    std::lock_guard lock(mu_);
    sqlite3_backup* backup = sqlite3_backup_init(out, "main", db_, "main");
    if (!backup) {
      problem = std::string("cannot start the backup (SQLite: ") + sqlite3_errmsg(out) + ")";
    } else {
      // One step: the whole ledger as of one moment, whatever a run records meanwhile.
      int rc = sqlite3_backup_step(backup, -1);
      sqlite3_backup_finish(backup);
      if (rc != SQLITE_DONE) {
        problem = std::string("the backup failed (SQLite: ") + sqlite3_errstr(rc) + ")";
      }
    }
  }
  std::int64_t app = 0;
  if (problem.empty()) {
    // A backup is one file: no write-ahead log beside it.
    sqlite3_stmt* mode = nullptr;
    if (sqlite3_prepare_v2(out, "PRAGMA journal_mode = DELETE", -1, &mode, nullptr) == SQLITE_OK) {
      sqlite3_step(mode);
    }
    sqlite3_finalize(mode);
    sqlite3_stmt* check = nullptr;
    std::string result;
    if (sqlite3_prepare_v2(out, "PRAGMA integrity_check", -1, &check, nullptr) == SQLITE_OK &&
        sqlite3_step(check) == SQLITE_ROW) {
      result = ColumnText(check, 0);
    }
    sqlite3_finalize(check);
    if (result != "ok" || QueryInt(out, "PRAGMA application_id", &app) != SQLITE_OK ||
        app != kApplicationId) {
      problem = "the backup does not read back as a whole ledger";
    }
  }
  if (sqlite3_close_v2(out) != SQLITE_OK && problem.empty()) problem = "cannot write the backup";
  if (problem.empty()) {
    int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) problem = "cannot write the backup: " + Errno(errno);
    if (fd >= 0) ::close(fd);
  }
  if (problem.empty()) {
    // A log an earlier backup of this name was left with belongs to the file replaced.
    ::unlink((dest + "-wal").c_str());
    ::unlink((dest + "-shm").c_str());
  }
  if (problem.empty() && ::rename(tmp.c_str(), dest.c_str()) != 0) {
    problem = "cannot rename the backup into place: " + Errno(errno);
  }
  if (!problem.empty()) {
    ::unlink(tmp.c_str());
    fatal(problem);
  }
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace superbill
