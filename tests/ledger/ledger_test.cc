// The ledger on real SQLite files: recording and reading versions, what the file says about
// itself (application_id, user_version, WAL), migration from schema version 1, files that
// are not ledgers (text, damaged, another application's database, a newer schema) refused
// and left byte for byte as they were, and the online backup, also while another
// connection records.
#include "ledger/ledger.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::ScratchDir;
using testing::Slurp;

IssuedVersion Row(const std::string& course, int version, Resubmission::Kind status, Date issued) {
  IssuedVersion v;
  v.course = course;
  v.version = version;
  v.status = status;
  v.issued = issued;
  v.fingerprint = std::string(64, static_cast<char>('a' + version));
  v.total_charges = Money{123456};
  v.paid = Money{100000};
  v.balance = Money{23456};
  v.replaces = version - 1;
  v.documents = {{"claim.xml", std::string(64, '1')}, {"superbill.pdf", std::string(64, '2')}};
  return v;
}

// Runs `sql` on the file with SQLite itself; the first column of the first row as text.
std::string Query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out = "<error>";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        const unsigned char* t = sqlite3_column_text(stmt, 0);
        out = t ? reinterpret_cast<const char*>(t) : "";
      } else if (rc == SQLITE_DONE) {
        out = "";
      }
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(db);
  return out;
}

void Exec(const std::string& path, const std::string& sql) { testing::ExecSql(path, sql); }

// The message of the FatalError that opening `path` throws; empty when it opens.
std::string OpenError(const std::string& path, Ledger::Open open = Ledger::Open::kCreate) {
  try {
    Ledger ledger(path, open);
  } catch (const FatalError& e) {
    return e.diagnostics().front().ToString();
  }
  return "";
}

std::vector<std::string> Listing(const Ledger& ledger, const LedgerFilter& filter = {}) {
  std::vector<std::string> out;
  ledger.ForEach(filter, [&](const IssuedVersion& v) {
    out.push_back(v.course + " " + std::to_string(v.version) + " " +
                  ResubmissionKindName(v.status) + " " + v.issued.ToString() + " " +
                  std::to_string(v.documents.size()));
  });
  return out;
}

TEST(LedgerTest, RecordsAndFindsVersions) {
  ScratchDir dir;
  const std::string path = dir.Path("ledger.sqlite");
  {
    Ledger ledger(path, Ledger::Open::kCreate);
    EXPECT_EQ(ledger.opened_schema_version(), 0);
    EXPECT_FALSE(ledger.Find("A-1"));
    ledger.Record(Row("A-1", 1, Resubmission::Kind::kOriginal, {2026, 11, 20}));
    // Seen before the commit by the same ledger (the batch reads while it records).
    ASSERT_TRUE(ledger.Find("A-1"));
    ledger.Record(Row("A-1", 2, Resubmission::Kind::kCorrected, {2026, 11, 27}));
    ledger.Record(Row("B-7", 1, Resubmission::Kind::kOriginal, {2026, 11, 27}));
    ledger.Commit();
    IssuedVersion v3 = Row("A-1", 3, Resubmission::Kind::kVoid, {2026, 12, 4});
    v3.reason = "Billed to the wrong insurer";
    v3.original_reference = "EOB-77";
    v3.documents.pop_back();
    ledger.Record(v3);
    // A version recorded already: another run got there first.
    try {
      ledger.Record(Row("B-7", 1, Resubmission::Kind::kOriginal, {2026, 11, 27}));
      ADD_FAILURE() << "a second version 1 was accepted";
    } catch (const FatalError& e) {
      EXPECT_EQ(e.diagnostics().front().ToString(),
                path +
                    ": error: version 1 of course 'B-7' is in the ledger already: another run "
                    "recorded it meanwhile (runs that share a ledger must not overlap) (SQLite: "
                    "UNIQUE constraint failed: statement.course, statement.version)");
    }
  }  // the destructor commits version 3
  EXPECT_FALSE(fs::exists(path + "-wal")) << "closing checkpoints the write-ahead log";
  EXPECT_EQ(testing::FileMode(path), 0600u);

  Ledger ledger(path, Ledger::Open::kExisting);
  EXPECT_EQ(ledger.opened_schema_version(), Ledger::kSchemaVersion);
  auto latest = ledger.Find("A-1");
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->version, 3);
  EXPECT_EQ(latest->status, Resubmission::Kind::kVoid);
  EXPECT_EQ(latest->issued, (Date{2026, 12, 4}));
  EXPECT_EQ(latest->reason, "Billed to the wrong insurer");
  EXPECT_EQ(latest->original_reference, "EOB-77");
  EXPECT_EQ(latest->replaces, 2);
  EXPECT_EQ(latest->total_charges.ToString(), "1234.56");
  EXPECT_EQ(latest->balance.ToString(), "234.56");
  EXPECT_EQ(latest->documents, (std::vector<IssuedDocument>{{"claim.xml", std::string(64, '1')}}));
  auto first = ledger.Find("A-1", 1);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, Resubmission::Kind::kOriginal);
  EXPECT_EQ(first->fingerprint, std::string(64, 'b'));
  ASSERT_NE(first->FindDocument("superbill.pdf"), nullptr);
  EXPECT_EQ(first->FindDocument("cms1500.pdf"), nullptr);
  EXPECT_FALSE(ledger.Find("A-1", 4));

  EXPECT_EQ(Listing(ledger),
            (std::vector<std::string>{"A-1 1 original 2026-11-20 2", "A-1 2 corrected 2026-11-27 2",
                                      "A-1 3 void 2026-12-04 1", "B-7 1 original 2026-11-27 2"}));
  EXPECT_EQ(Listing(ledger, {"B-7", std::nullopt}),
            (std::vector<std::string>{"B-7 1 original 2026-11-27 2"}));
  EXPECT_EQ(Listing(ledger, {"", Date{2026, 11, 27}}),
            (std::vector<std::string>{"A-1 2 corrected 2026-11-27 2", "A-1 3 void 2026-12-04 1",
                                      "B-7 1 original 2026-11-27 2"}));
  std::vector<std::string> latest_of_each;
  ledger.ForEachLatest([&](const IssuedVersion& v) {
    latest_of_each.push_back(v.course + " " + std::to_string(v.version));
  });
  EXPECT_EQ(latest_of_each, (std::vector<std::string>{"A-1 3", "B-7 1"}));
  ledger.SetDocuments("B-7", 1, {{"superbill.pdf", std::string(64, '9')}});
  ledger.Commit();
  EXPECT_EQ(ledger.Find("B-7")->FindDocument("superbill.pdf")->sha256, std::string(64, '9'));
  ledger.CheckIntegrity();
}

TEST(LedgerTest, TheFileSaysWhatItIs) {
  ScratchDir dir;
  const std::string path = dir.Path("ledger.sqlite");
  { Ledger ledger(path, Ledger::Open::kCreate); }
  EXPECT_EQ(Query(path, "PRAGMA application_id"), std::to_string(Ledger::kApplicationId));
  EXPECT_EQ(Query(path, "PRAGMA application_id"), "1396853831");  // 'SBLG'
  EXPECT_EQ(Query(path, "PRAGMA user_version"), "2");
  EXPECT_EQ(Query(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(Slurp(path).substr(0, 16), std::string("SQLite format 3\0", 16));
  // An empty file (made by `touch`) becomes a ledger; a missing one only when asked to.
  std::ofstream(dir.Path("empty.sqlite")).close();
  EXPECT_EQ(OpenError(dir.Path("empty.sqlite")), "");
  EXPECT_EQ(Query(dir.Path("empty.sqlite"), "PRAGMA user_version"), "2");
  EXPECT_EQ(OpenError(dir.Path("none.sqlite"), Ledger::Open::kExisting),
            dir.Path("none.sqlite") +
                ": error: no ledger here (the first `superbill generate` into a folder makes its "
                "ledger.sqlite; --ledger FILE names another)");
  EXPECT_FALSE(fs::exists(dir.Path("none.sqlite")));
}

TEST(LedgerTest, FilesThatAreNotLedgersAreRefusedAndLeftAsTheyWere) {
  ScratchDir dir;
  struct Case {
    std::string name;
    std::function<void(const std::string&)> make;
    std::string error;  // after "PATH: error: "
  };
  const std::vector<Case> cases = {
      {"text", [](const std::string& p) { std::ofstream(p) << "course,version\nA,1\n"; },
       "is not an SQLite database, so not a superbill ledger; it was left as it is"},
      {"a folder", [](const std::string& p) { fs::create_directories(p); },
       "is not a file, so not a superbill ledger"},
      {"another application's database",
       [](const std::string& p) {
         Exec(p,
              "CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT);"
              "INSERT INTO moz_places (url) VALUES ('https://example.org');");
       },
       "is an SQLite database of another application (application_id 0x00000000), not a "
       "superbill ledger; it was left as it is"},
      {"another application's id",
       [](const std::string& p) {
         Exec(p, "PRAGMA application_id = 1196444487; CREATE TABLE t (x);");  // 'GPKG'
       },
       "is an SQLite database of another application (application_id 0x47504B47), not a "
       "superbill ledger; it was left as it is"},
      {"a newer superbill's ledger",
       [](const std::string& p) {
         Ledger::CreateWithSchemaForTest(p, Ledger::kSchemaVersion);
         Exec(p, "PRAGMA user_version = 9;");
       },
       "the ledger has schema version 9, made by a newer superbill (this one reads versions 1 "
       "to 2); it was left as it is"},
      {"a damaged ledger",
       [](const std::string& p) {
         {
           Ledger ledger(p, Ledger::Open::kCreate);
           for (int i = 0; i < 300; ++i) {
             ledger.Record(
                 Row("C-" + std::to_string(i), 1, Resubmission::Kind::kOriginal, {2026, 11, 20}));
           }
         }
         // Overwrite the middle of the second page (a b-tree page) with garbage.
         std::string bytes = Slurp(p);
         ASSERT_GT(bytes.size(), 3 * 4096u);
         for (std::size_t i = 4096 + 8; i < 4096 + 2048; ++i) bytes[i] = static_cast<char>(i);
         std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
       },
       "the ledger is damaged"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = dir.Path(c.name);
    c.make(path);
    const bool is_file = fs::is_regular_file(path);
    const std::string before = is_file ? Slurp(path) : "";
    const std::string error = OpenError(path);
    EXPECT_EQ(error.substr(0, path.size() + 9 + c.error.size()), path + ": error: " + c.error);
    if (is_file) {
      EXPECT_TRUE(Slurp(path) == before) << "the file was changed";
    }
    EXPECT_FALSE(fs::exists(path + "-wal"));
    EXPECT_FALSE(fs::exists(path + "-journal"));
  }
}

TEST(LedgerTest, MigratesAVersion1LedgerKeepingEveryRow) {
  ScratchDir dir;
  const std::string path = dir.Path("ledger.sqlite");
  // A ledger as schema version 1 made it: one hash column per document, corrections only.
  Ledger::CreateWithSchemaForTest(path, 1);
  EXPECT_EQ(Query(path, "PRAGMA user_version"), "1");
  Exec(path, "INSERT INTO statement VALUES ('HK-1', 1, 'original', '2026-11-20', '" +
                 std::string(64, 'a') + "', 358100, 358100, 0, '" + std::string(64, '1') + "', '" +
                 std::string(64, '2') +
                 "');"
                 "INSERT INTO statement VALUES ('HK-1', 2, 'corrected', '2026-11-27', '" +
                 std::string(64, 'b') + "', 358100, 357100, 1000, '" + std::string(64, '3') +
                 "', NULL);"
                 "INSERT INTO statement VALUES ('HK-2', 1, 'original', '2026-11-27', '" +
                 std::string(64, 'c') + "', 5000, 0, 5000, NULL, '" + std::string(64, '4') + "');");
  {
    Ledger ledger(path, Ledger::Open::kExisting);
    EXPECT_EQ(ledger.opened_schema_version(), 1);
    EXPECT_EQ(Listing(ledger), (std::vector<std::string>{"HK-1 1 original 2026-11-20 2",
                                                         "HK-1 2 corrected 2026-11-27 1",
                                                         "HK-2 1 original 2026-11-27 1"}));
    auto v2 = ledger.Find("HK-1");
    ASSERT_TRUE(v2);
    EXPECT_EQ(v2->replaces, 1);
    EXPECT_EQ(v2->fingerprint, std::string(64, 'b'));
    EXPECT_EQ(v2->balance.ToString(), "10.00");
    EXPECT_EQ(v2->documents,
              (std::vector<IssuedDocument>{{"superbill.pdf", std::string(64, '3')}}));
    auto v1 = ledger.Find("HK-1", 1);
    EXPECT_EQ(v1->documents,
              (std::vector<IssuedDocument>{{"claim.xml", std::string(64, '2')},
                                           {"superbill.pdf", std::string(64, '1')}}));
    EXPECT_EQ(v1->replaces, 0);
    EXPECT_EQ(ledger.Find("HK-2")->documents,
              (std::vector<IssuedDocument>{{"claim.xml", std::string(64, '4')}}));
    // And it goes on as a version 2 ledger.
    ledger.Record(Row("HK-2", 2, Resubmission::Kind::kCorrected, {2026, 12, 4}));
    ledger.CheckIntegrity();
  }
  EXPECT_EQ(Query(path, "PRAGMA user_version"), "2");
  EXPECT_EQ(Query(path, "PRAGMA application_id"), std::to_string(Ledger::kApplicationId));
  EXPECT_EQ(Query(path,
                  "SELECT count(*) FROM pragma_table_info('statement') WHERE name LIKE "
                  "'%sha256'"),
            "0");
  EXPECT_EQ(Query(path, "SELECT count(*) FROM document"), "6");
  EXPECT_EQ(Query(path, "PRAGMA foreign_key_check"), "");
}

TEST(LedgerTest, BackupIsAWholeLedgerEvenWhileAnotherConnectionRecords) {
  ScratchDir dir;
  const std::string path = dir.Path("ledger.sqlite");
  {
    Ledger ledger(path, Ledger::Open::kCreate);
    ledger.Record(Row("A-1", 1, Resubmission::Kind::kOriginal, {2026, 11, 20}));
  }
  // Another connection (as a run would be) records 4,000 versions in transactions of 50,
  // pausing 2 ms after each, while backups are taken.
  std::atomic<bool> done{false};
  std::thread writer([&] {
    Ledger ledger(path, Ledger::Open::kExisting);
    for (int i = 0; i < 4000; ++i) {
      ledger.Record(
          Row("W-" + std::to_string(10000 + i), 1, Resubmission::Kind::kOriginal, {2026, 11, 21}));
      if (i % 50 == 49) {
        ledger.Commit();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
    ledger.Commit();
    done = true;
  });
  Ledger reader(path, Ledger::Open::kExisting);
  std::vector<int> counts;
  for (int k = 0; k < 200 && (k < 3 || !done); ++k) {
    const std::string copy = dir.Path("backup-" + std::to_string(k % 3) + ".sqlite");
    reader.Backup(copy);  // replaces an earlier backup of the same name
    EXPECT_FALSE(fs::exists(copy + "-wal"));
    EXPECT_EQ(testing::FileMode(copy), 0600u);
    Ledger restored(copy, Ledger::Open::kExisting);
    restored.CheckIntegrity();
    int n = 0;
    restored.ForEach({}, [&](const IssuedVersion& v) {
      ++n;
      EXPECT_EQ(v.documents.size(), 2u) << v.course;  // never a version without its documents
    });
    // Whole transactions only: the first row, then 50 at a time.
    EXPECT_EQ((n - 1) % 50 == 0 || n == 4001, true) << n;
    counts.push_back(n);
  }
  writer.join();
  EXPECT_TRUE(std::any_of(counts.begin(), counts.end(), [](int n) { return n > 1 && n < 4001; }))
      << "no backup was taken while the writer was recording";
  reader.Backup(dir.Path("final.sqlite"));
  Ledger final_copy(dir.Path("final.sqlite"), Ledger::Open::kExisting);
  int n = 0;
  final_copy.ForEach({}, [&](const IssuedVersion&) { ++n; });
  EXPECT_EQ(n, 4001);
  std::printf("backup while recording: %zu backups, first saw %d versions, last %d\n",
              counts.size(), counts.front(), counts.back());
  for (const auto& e : fs::directory_iterator(dir.Path(""))) {
    EXPECT_EQ(e.path().filename().string().find("tmp"), std::string::npos)
        << e.path() << ": a temporary file was left";
  }
}

TEST(LedgerTest, BackupNeverReplacesWhatIsNotALedger) {
  ScratchDir dir;
  const std::string path = dir.Path("ledger.sqlite");
  { Ledger ledger(path, Ledger::Open::kCreate); }
  Ledger ledger(path, Ledger::Open::kExisting);
  struct Case {
    std::string target;
    std::string error;
  };
  std::ofstream(dir.Path("notes.txt")) << "the clerk's notes";
  Exec(dir.Path("other.sqlite"), "CREATE TABLE t (x);");
  fs::create_directories(dir.Path("folder"));
  const std::vector<Case> cases = {
      {dir.Path("notes.txt"), "exists and is not a superbill ledger: the backup would replace it"},
      {dir.Path("other.sqlite"),
       "exists and is not a superbill ledger: the backup would replace it"},
      {dir.Path("folder"), "is not a file: the backup would replace it"},
      {path, "is the ledger itself: back it up to another file"},
      {dir.Path("no/such/folder/b.sqlite"), "cannot create the backup: No such file or directory"},
  };
  for (const auto& c : cases) {
    const std::string before = fs::is_regular_file(c.target) ? Slurp(c.target) : "";
    try {
      ledger.Backup(c.target);
      ADD_FAILURE() << c.target << ": the backup went ahead";
    } catch (const FatalError& e) {
      EXPECT_EQ(e.diagnostics().front().ToString(), c.target + ": error: " + c.error);
    }
    if (!before.empty()) {
      EXPECT_TRUE(Slurp(c.target) == before) << c.target;
    }
  }
}

}  // namespace
}  // namespace superbill
