// The ledger of issued statements through the program, on real files: a clerk's week (first
// run, an unchanged re-run, two corrections, a void), ledger list/verify/backup, and the
// files and commands it refuses.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/ledger.h"
#include "ledger/sha256.h"
#include "support/test_support.h"

namespace superbill {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::RunSuperbill;
using testing::ScratchDir;
using testing::Slurp;
using testing::SourcePath;

const char kHeader[] =
    "course,version,status,issued,total_charges,paid,balance,fingerprint,superbill_sha256\n";

// A scratch folder with in/ holding copies of samples 01 and 15, and out/ for documents.
struct Week {
  ScratchDir dir;
  std::string in = dir.Path("in");
  std::string out = dir.Path("out");
  std::string course01 = in + "/01-induction-series.xml";
  std::string course15 = in + "/15-short-course.xml";

  Week() {
    fs::create_directories(in);
    fs::copy_file(SourcePath("samples/courses/01-induction-series.xml"), course01);
    fs::copy_file(SourcePath("samples/courses/15-short-course.xml"), course15);
  }
  CommandResult Generate(const std::string& date, const std::string& extra = "") const {
    return RunSuperbill("generate --clinic samples/clinic.xml --quiet --date " + date + " --out '" +
                        out + "' " + extra + " '" + in + "'");
  }
  CommandResult Void(const std::string& id, const std::string& reason,
                     const std::string& date) const {
    return RunSuperbill("void " + id + " --reason '" + reason +
                        "' --clinic samples/clinic.xml --date " + date + " --out '" + out + "' '" +
                        in + "'");
  }
  CommandResult Ledger(const std::string& args) const {
    return RunSuperbill("ledger " + args + " --out '" + out + "'");
  }
  // Edits the course file: replaces the first `from` with `to`.
  void Edit(const std::string& file, const std::string& from, const std::string& to) const {
    std::string text = Slurp(file);
    std::size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  }
  std::string Doc(const std::string& id, const std::string& name) const {
    return Slurp(out + "/" + id + "/" + name);
  }
};

// `course,version,status,issued,total_charges,paid,balance` of each `ledger list` row, with
// the fingerprint and superbill hash checked: 64 hex digits, and the hash that of the file
// when `out` is given and the row is the course's latest.
std::vector<std::string> Rows(const std::string& csv) {
  std::vector<std::string> rows;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line + "\n", kHeader);
  static const std::regex kRow(
      "([^,]+,[0-9]+,[a-z]+,[0-9-]+,[0-9.-]+,[0-9.-]+,[0-9.-]+),"
      "([0-9a-f]{64}),([0-9a-f]{64})");
  while (std::getline(in, line)) {
    std::smatch m;
    EXPECT_TRUE(std::regex_match(line, m, kRow)) << line;
    rows.push_back(m[1]);
  }
  return rows;
}

// The value attribute at `xpath` in claim.xml text.
std::string FhirValue(const std::string& xml, const char* xpath) {
  pugi::xml_document doc;
  EXPECT_TRUE(doc.load_string(xml.c_str()));
  return doc.select_node(xpath).node().attribute("value").value();
}

std::string SuperbillSha(const std::string& csv, const std::string& course, int version) {
  std::istringstream in(csv);
  std::string line;
  const std::string prefix = course + "," + std::to_string(version) + ",";
  while (std::getline(in, line)) {
    if (line.rfind(prefix, 0) == 0) return line.substr(line.rfind(',') + 1);
  }
  return "";
}

TEST(LedgerE2eTest, AClerksWeek) {
  Week w;
  // Monday: the first run issues version 1 of each course.
  auto first = w.Generate("2026-11-20");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err.substr(first.err.find('\n') + 1),
            "superbill: ledger: 2 new, 0 corrected, 0 unchanged\nsuperbill: documents in " + w.out +
                "/<course id>/, the report in " + w.out + "/report.csv\n");
  auto list = w.Ledger("list");
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_EQ(Rows(list.out),
            (std::vector<std::string>{"HK-2026-0142,1,original,2026-11-20,3581.00,3581.00,0.00",
                                      "HK-2026-0252,1,original,2026-11-20,1577.00,1577.00,0.00"}));
  EXPECT_EQ(SuperbillSha(list.out, "HK-2026-0142", 1),
            Sha256Hex(w.Doc("HK-2026-0142", "superbill.pdf")));
  const std::string pdf01_v1 = w.Doc("HK-2026-0142", "superbill.pdf");
  const std::string claim01_v1 = w.Doc("HK-2026-0142", "claim.xml");
  const std::string pdf15 = w.Doc("HK-2026-0252", "superbill.pdf");
  const std::string claim15 = w.Doc("HK-2026-0252", "claim.xml");
  EXPECT_EQ(FhirValue(claim01_v1, "//Claim/identifier/value"), "HK-2026-0142");
  EXPECT_TRUE(FhirValue(claim01_v1, "//Claim/related/claim/identifier/value").empty());

  // The next week, nothing changed: nothing new, the same bytes though the date moved on.
  auto rerun = w.Generate("2026-11-27");
  ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
  EXPECT_NE(rerun.err.find("superbill: ledger: 0 new, 0 corrected, 2 unchanged\n"),
            std::string::npos);
  EXPECT_TRUE(w.Doc("HK-2026-0142", "superbill.pdf") == pdf01_v1);
  EXPECT_TRUE(w.Doc("HK-2026-0142", "claim.xml") == claim01_v1);
  EXPECT_EQ(w.Ledger("list").out, list.out);

  // A payment was entered wrong: the course is edited, and its statement is corrected.
  w.Edit(w.course01, "amount=\"860.00\"", "amount=\"850.00\"");
  auto corrected = w.Generate("2026-11-27");
  ASSERT_EQ(corrected.exit_code, 0) << corrected.err;
  EXPECT_EQ(corrected.err.substr(0, corrected.err.find('\n') + 1),
            w.course01 +
                ":2:1: warning: corrected statement HK-2026-0142/2 replaces the statement of "
                "2026-11-20: the insurer will ask for the claim number it gave that statement; "
                "add <resubmission payerClaimNumber=\"...\"/> to the course\n");
  EXPECT_NE(corrected.err.find("superbill: ledger: 0 new, 1 corrected, 1 unchanged\n"),
            std::string::npos);
  const std::string claim01_v2 = w.Doc("HK-2026-0142", "claim.xml");
  EXPECT_EQ(FhirValue(claim01_v2, "//Claim/identifier/value"), "HK-2026-0142/2");
  EXPECT_EQ(FhirValue(claim01_v2, "/Bundle/identifier/value"), "HK-2026-0142/2");
  EXPECT_EQ(FhirValue(claim01_v2, "//Claim/created"), "2026-11-27");
  EXPECT_EQ(FhirValue(claim01_v2, "//Claim/status"), "active");
  EXPECT_EQ(FhirValue(claim01_v2, "//Claim/related/claim/identifier/value"), "HK-2026-0142");
  EXPECT_EQ(FhirValue(claim01_v2, "//Claim/related/relationship/coding/code"), "prior");
  EXPECT_TRUE(FhirValue(claim01_v2, "//Claim/related/reference/value").empty());
  EXPECT_TRUE(w.Doc("HK-2026-0252", "superbill.pdf") == pdf15);
  EXPECT_TRUE(w.Doc("HK-2026-0252", "claim.xml") == claim15);

  // Re-run on another day: version 2 again, dated as issued.
  const std::string pdf01_v2 = w.Doc("HK-2026-0142", "superbill.pdf");
  ASSERT_EQ(w.Generate("2026-12-01").exit_code, 0);
  EXPECT_TRUE(w.Doc("HK-2026-0142", "superbill.pdf") == pdf01_v2);
  EXPECT_TRUE(w.Doc("HK-2026-0142", "claim.xml") == claim01_v2);

  // A second correction, now with the insurer's claim number: no warning.
  w.Edit(w.course01, "amount=\"567.00\"", "amount=\"577.00\"");
  w.Edit(w.course01, "  <coverage ",
         "  <resubmission payerClaimNumber=\"EOB-2026-4471\"/>\n  <coverage ");
  auto again = w.Generate("2026-12-04");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(again.err.find("warning:"), std::string::npos) << again.err;
  const std::string claim01_v3 = w.Doc("HK-2026-0142", "claim.xml");
  EXPECT_EQ(FhirValue(claim01_v3, "//Claim/identifier/value"), "HK-2026-0142/3");
  EXPECT_EQ(FhirValue(claim01_v3, "//Claim/related/claim/identifier/value"), "HK-2026-0142/2");
  EXPECT_EQ(FhirValue(claim01_v3, "//Claim/related/reference/value"), "EOB-2026-4471");
  EXPECT_EQ(FhirValue(claim01_v3, "//Claim/related/reference/system"),
            "urn:superbill:payer-claim-number");
  // The 837P: a replacement (CLM05-3 = 7) naming the insurer's claim number (REF*F8).
  const std::string x12_v3 = w.Doc("HK-2026-0142", "claim.x12");
  EXPECT_NE(x12_v3.find(":B:7*"), std::string::npos) << x12_v3;
  EXPECT_NE(x12_v3.find("~\nREF*F8*EOB-2026-4471~"), std::string::npos) << x12_v3;

  // Friday: the statement went to the wrong insurer; it is voided.
  auto voided = w.Void("HK-2026-0142", "Billed to the wrong insurer", "2026-12-05");
  ASSERT_EQ(voided.exit_code, 0) << voided.err;
  EXPECT_EQ(voided.err,
            "superbill: course 'HK-2026-0142': void statement HK-2026-0142/4 of 2026-12-05 "
            "cancels statement HK-2026-0142/3 of 2026-12-04; 5 documents in " +
                w.out + "/HK-2026-0142\n");
  const std::string claim01_v4 = w.Doc("HK-2026-0142", "claim.xml");
  EXPECT_EQ(FhirValue(claim01_v4, "//Claim/status"), "cancelled");
  EXPECT_EQ(FhirValue(claim01_v4, "//Claim/identifier/value"), "HK-2026-0142/4");
  EXPECT_EQ(FhirValue(claim01_v4, "//Claim/related/claim/identifier/value"), "HK-2026-0142/3");
  EXPECT_EQ(FhirValue(claim01_v4, "//Claim/related/reference/value"), "EOB-2026-4471");
  EXPECT_EQ(FhirValue(claim01_v4, "//Claim/supportingInfo/valueString"),
            "Billed to the wrong insurer");
  // The void 837P: frequency 8, a control number of its own.
  const std::string x12_v4 = w.Doc("HK-2026-0142", "claim.x12");
  EXPECT_NE(x12_v4.find(":B:8*"), std::string::npos) << x12_v4;
  EXPECT_NE(x12_v4.find("~\nREF*F8*EOB-2026-4471~"), std::string::npos) << x12_v4;
  EXPECT_GT(std::stol(x12_v4.substr(90, 9)), std::stol(x12_v3.substr(90, 9)));  // ISA13

  list = w.Ledger("list");
  EXPECT_EQ(Rows(list.out),
            (std::vector<std::string>{"HK-2026-0142,1,original,2026-11-20,3581.00,3581.00,0.00",
                                      "HK-2026-0142,2,corrected,2026-11-27,3581.00,3571.00,10.00",
                                      "HK-2026-0142,3,corrected,2026-12-04,3581.00,3581.00,0.00",
                                      "HK-2026-0142,4,void,2026-12-05,3581.00,3581.00,0.00",
                                      "HK-2026-0252,1,original,2026-11-20,1577.00,1577.00,0.00"}));
  EXPECT_EQ(Rows(w.Ledger("list --course HK-2026-0252").out),
            (std::vector<std::string>{"HK-2026-0252,1,original,2026-11-20,1577.00,1577.00,0.00"}));
  EXPECT_EQ(Rows(w.Ledger("list --since 2026-12-04").out),
            (std::vector<std::string>{"HK-2026-0142,3,corrected,2026-12-04,3581.00,3581.00,0.00",
                                      "HK-2026-0142,4,void,2026-12-05,3581.00,3581.00,0.00"}));

  // The weekly run goes on: the void stays as it is.
  const std::string pdf01_v4 = w.Doc("HK-2026-0142", "superbill.pdf");
  auto after_void = w.Generate("2026-12-11");
  ASSERT_EQ(after_void.exit_code, 0) << after_void.err;
  EXPECT_NE(after_void.err.find("superbill: ledger: 0 new, 0 corrected, 2 unchanged\n"),
            std::string::npos);
  EXPECT_TRUE(w.Doc("HK-2026-0142", "claim.xml") == claim01_v4);
  EXPECT_TRUE(w.Doc("HK-2026-0142", "superbill.pdf") == pdf01_v4);
  // Edited after its void: nothing is issued, and the void documents stay.
  w.Edit(w.course01, "amount=\"510.00\"", "amount=\"500.00\"");
  auto edited = w.Generate("2026-12-11");
  ASSERT_EQ(edited.exit_code, 0) << edited.err;
  EXPECT_EQ(edited.err.substr(0, edited.err.find('\n') + 1),
            w.course01 +
                ":2:1: warning: course 'HK-2026-0142' was voided on 2026-12-05 (statement "
                "HK-2026-0142/4) and has changed since: its void documents stay as they are and "
                "nothing is issued; to bill these services again, give the course a new id\n");
  EXPECT_TRUE(w.Doc("HK-2026-0142", "claim.xml") == claim01_v4);
  EXPECT_EQ(w.Ledger("list").out, list.out);

  // Every current document is as issued.
  auto verify = w.Ledger("verify");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
  EXPECT_EQ(verify.out, "course,version,document,problem\n");
  EXPECT_EQ(verify.err, "superbill: ledger verify: 10 documents of 2 courses in " + w.out +
                            ": 0 altered, 0 missing\n");
}

TEST(LedgerE2eTest, VerifyFindsAlteredAndMissingDocuments) {
  Week w;
  ASSERT_EQ(w.Generate("2026-11-20").exit_code, 0);
  // One byte of a PDF changed, and a claim file deleted.
  std::string pdf = w.Doc("HK-2026-0142", "superbill.pdf");
  pdf[pdf.size() / 2] ^= 1;
  std::ofstream(w.out + "/HK-2026-0142/superbill.pdf", std::ios::binary | std::ios::trunc) << pdf;
  fs::remove(w.out + "/HK-2026-0252/claim.xml");
  auto verify = w.Ledger("verify");
  EXPECT_EQ(verify.exit_code, 1);
  EXPECT_EQ(verify.out,
            "course,version,document,problem\n"
            "HK-2026-0142,1,superbill.pdf,altered\n"
            "HK-2026-0252,1,claim.xml,missing\n");
  EXPECT_EQ(verify.err, "superbill: ledger verify: 10 documents of 2 courses in " + w.out +
                            ": 1 altered, 1 missing\n");
  // The next run draws them again as issued.
  ASSERT_EQ(w.Generate("2026-11-27").exit_code, 0);
  EXPECT_EQ(w.Ledger("verify").exit_code, 0);
  // --ledger FILE alone: the documents are beside it.
  auto by_file = RunSuperbill("ledger verify --ledger '" + w.out + "/ledger.sqlite'");
  EXPECT_EQ(by_file.exit_code, 0) << by_file.err;
}

TEST(LedgerE2eTest, BackupIsACopyListedAlike) {
  Week w;
  ASSERT_EQ(w.Generate("2026-11-20").exit_code, 0);
  const std::string copy = w.dir.Path("ledger-2026-11-20.sqlite");
  auto backup = w.Ledger("backup '" + copy + "'");
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_EQ(backup.err,
            "superbill: ledger " + w.out + "/ledger.sqlite backed up to " + copy + "\n");
  auto original = w.Ledger("list");
  auto restored = RunSuperbill("ledger list --ledger '" + copy + "'");
  EXPECT_EQ(restored.exit_code, 0) << restored.err;
  EXPECT_EQ(restored.out, original.out);
  EXPECT_EQ(Rows(restored.out).size(), 2u);
  // Over a file that is not a ledger: refused, the file kept.
  std::ofstream(w.dir.Path("notes.txt")) << "notes";
  auto refused = w.Ledger("backup '" + w.dir.Path("notes.txt") + "'");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, w.dir.Path("notes.txt") +
                             ": error: exists and is not a superbill ledger: the backup would "
                             "replace it\n");
  EXPECT_EQ(Slurp(w.dir.Path("notes.txt")), "notes");
}

TEST(LedgerE2eTest, ALedgerFileThatIsNotOneStopsTheRunBeforeAnythingIsWritten) {
  struct Case {
    std::string name;
    std::string bytes;  // of DIR/ledger.sqlite
    std::string error;
  };
  std::string foreign;
  {
    ScratchDir tmp;
    // Another program's SQLite database: a ledger file with a table, then its header
    // stamped with another application's id by hand (bytes 68-71).
    { Ledger made(tmp.Path("x.sqlite"), Ledger::Open::kCreate); }
    foreign = Slurp(tmp.Path("x.sqlite"));
    foreign.replace(68, 4, "GPKG");
  }
  const std::vector<Case> cases = {
      {"text", "course,version\n",
       "is not an SQLite database, so not a superbill ledger; it was left as it is"},
      {"foreign", foreign,
       "is an SQLite database of another application (application_id 0x47504B47), not a "
       "superbill ledger; it was left as it is"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Week w;
    fs::create_directories(w.out);
    std::ofstream(w.out + "/ledger.sqlite", std::ios::binary) << c.bytes;
    std::ofstream(w.out + "/.superbill-tmp-1-1") << "left by an earlier run";
    auto r = w.Generate("2026-11-20");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, w.out + "/ledger.sqlite: error: " + c.error + "\n");
    EXPECT_TRUE(Slurp(w.out + "/ledger.sqlite") == c.bytes);
    std::vector<std::string> entries;
    for (const auto& e : fs::directory_iterator(w.out)) {
      entries.push_back(e.path().filename().string());
    }
    std::sort(entries.begin(), entries.end());
    EXPECT_EQ(entries, (std::vector<std::string>{".superbill-tmp-1-1", "ledger.sqlite"}))
        << "nothing in the folder may change";
    // The same from every ledger command and from void.
    EXPECT_EQ(w.Ledger("list").err, r.err);
    EXPECT_EQ(w.Ledger("verify").err, r.err);
    EXPECT_EQ(w.Void("HK-2026-0142", "x", "2026-11-21").err, r.err);
    EXPECT_TRUE(Slurp(w.out + "/ledger.sqlite") == c.bytes);
  }
}

TEST(LedgerE2eTest, ALedgerOfSchemaVersion1CarriesOn) {
  Week w;
  ASSERT_EQ(w.Generate("2026-11-20").exit_code, 0);
  const std::string list = w.Ledger("list").out;
  // The same ledger as schema version 1 held it: one hash column per document.
  const std::string old = w.dir.Path("v1.sqlite");
  Ledger::CreateWithSchemaForTest(old, 1);
  {
    std::string sql;
    Ledger current(w.out + "/ledger.sqlite", Ledger::Open::kExisting);
    current.ForEach({}, [&](const IssuedVersion& v) {
      sql += "INSERT INTO statement VALUES ('" + v.course + "', " + std::to_string(v.version) +
             ", 'original', '" + v.issued.ToString() + "', '" + v.fingerprint + "', " +
             std::to_string(v.total_charges.cents) + ", " + std::to_string(v.paid.cents) + ", " +
             std::to_string(v.balance.cents) + ", '" + v.FindDocument("superbill.pdf")->sha256 +
             "', '" + v.FindDocument("claim.xml")->sha256 + "');";
    });
    testing::ExecSql(old, sql);
  }
  fs::copy_file(old, w.out + "/ledger.sqlite", fs::copy_options::overwrite_existing);
  auto r = w.Generate("2026-11-27");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("superbill: ledger: 0 new, 0 corrected, 2 unchanged\n"), std::string::npos)
      << r.err;
  EXPECT_EQ(w.Ledger("list").out, list);
  EXPECT_EQ(w.Ledger("verify").exit_code, 0);
}

TEST(LedgerE2eTest, VoidRefusesWhatItCannotDo) {
  Week w;
  ASSERT_EQ(w.Generate("2026-11-20").exit_code, 0);
  const std::string ledger = w.out + "/ledger.sqlite";
  struct Case {
    std::string what;
    std::string args;  // after "void "
    int exit_code;
    std::string err;
  };
  const std::string common =
      " --clinic samples/clinic.xml --date 2026-11-27 --out '" + w.out + "' ";
  const std::vector<Case> cases = {
      {"a course never issued", "HK-0000 --reason 'x'" + common + "'" + w.in + "'", 2,
       ledger + ": error: course 'HK-0000' has no statement in this ledger: there is nothing to "
                "void\n"},
      {"a course in none of the files",
       "HK-2026-0142 --reason 'x'" + common + "'" + w.course15 + "'", 2,
       "superbill: error: course 'HK-2026-0142' is in none of the course files given: the void "
       "documents are drawn from its course file\n"},
      {"a reason that names the patient",
       "HK-2026-0252 --reason 'Grace moved away'" + common + "'" + w.in + "'", 2,
       "superbill: error: --reason must not name the patient or give their birth date, phone or "
       "member id: it is kept in the ledger\n"},
      {"a reason with the member id",
       "HK-2026-0252 --reason 'member U8812734501 lapsed'" + common + "'" + w.in + "'", 2,
       "superbill: error: --reason must not name the patient or give their birth date, phone or "
       "member id: it is kept in the ledger\n"},
      {"a reason with the birth date",
       "HK-2026-0252 --reason 'born 06/21/1990?'" + common + "'" + w.in + "'", 2,
       "superbill: error: --reason must not name the patient or give their birth date, phone or "
       "member id: it is kept in the ledger\n"},
      {"no reason", "HK-2026-0252" + common + "'" + w.in + "'", 2,
       "superbill: error: the option --reason TEXT is required\n"},
      {"an empty reason", "HK-2026-0252 --reason ' '" + common + "'" + w.in + "'", 2,
       "superbill: error: --reason must say why the statement is cancelled\n"},
      {"no ledger",
       "HK-2026-0252 --reason x --clinic samples/clinic.xml --out '" + w.dir.Path("elsewhere") +
           "' '" + w.in + "'",
       2,
       w.dir.Path("elsewhere") +
           "/ledger.sqlite: error: no ledger here (the first `superbill generate` into a folder "
           "makes its ledger.sqlite; --ledger FILE names another)\n"},
      {"a void dated before the statement",
       "HK-2026-0252 --reason x --clinic samples/clinic.xml "
       "--date 2026-11-19 --out '" +
           w.out + "' '" + w.in + "'",
       1,
       w.course15 + ":2:1: error: void statement HK-2026-0252/2 cannot be dated 2026-11-19, "
                    "before the statement of 2026-11-20 it replaces (check --date)\n"},
  };
  const std::string before = w.Ledger("list").out;
  for (const auto& c : cases) {
    auto r = RunSuperbill("void " + c.args);
    EXPECT_EQ(r.exit_code, c.exit_code) << c.what;
    EXPECT_EQ(r.err, c.err) << c.what;
  }
  // A course edited since its statement: a void must repeat what it cancels.
  w.Edit(w.course15, "amount=\"150.00\"", "amount=\"140.00\"");
  auto changed = w.Void("HK-2026-0252", "Duplicate statement", "2026-11-27");
  EXPECT_EQ(changed.exit_code, 1);
  EXPECT_EQ(changed.err,
            w.course15 +
                ":2:1: error: course 'HK-2026-0252' has changed since statement HK-2026-0252 was "
                "issued on 2026-11-20: a void repeats the statement it cancels; run generate "
                "first (it issues the change as a corrected statement), or void with the course "
                "file as it was\n");
  EXPECT_EQ(w.Ledger("list").out, before) << "nothing may be recorded";
  // Voided twice: refused, unless the void now prints a payer's claim number.
  w.Edit(w.course15, "amount=\"140.00\"", "amount=\"150.00\"");
  ASSERT_EQ(w.Void("HK-2026-0252", "Duplicate statement", "2026-11-27").exit_code, 0);
  auto twice = w.Void("HK-2026-0252", "Duplicate statement", "2026-11-27");
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_EQ(twice.err, ledger +
                           ": error: course 'HK-2026-0252' was voided already on 2026-11-27 "
                           "(statement HK-2026-0252/2); a void is issued again only to print "
                           "another payer's claim number or reason\n");
  w.Edit(w.course15, "  <coverage ", "  <resubmission payerClaimNumber=\"C-88\"/>\n  <coverage ");
  auto weekly = w.Generate("2026-11-28");
  EXPECT_NE(weekly.err.find(":2:1: warning: course 'HK-2026-0252' was voided on 2026-11-27 "
                            "(statement HK-2026-0252/2) and now gives another payer's claim "
                            "number: its void documents stay as they are; to print the number, "
                            "void it again (superbill void)\n"),
            std::string::npos)
      << weekly.err;
  auto with_number = w.Void("HK-2026-0252", "Duplicate statement", "2026-11-28");
  ASSERT_EQ(with_number.exit_code, 0) << with_number.err;
  EXPECT_EQ(with_number.err.rfind("superbill: course 'HK-2026-0252': void statement "
                                  "HK-2026-0252/3 of 2026-11-28 cancels statement HK-2026-0252 of "
                                  "2026-11-20; ",
                                  0),
            0u)
      << with_number.err;
  const std::string claim = w.Doc("HK-2026-0252", "claim.xml");
  EXPECT_EQ(FhirValue(claim, "//Claim/related/claim/identifier/value"), "HK-2026-0252");
  EXPECT_EQ(FhirValue(claim, "//Claim/related/reference/value"), "C-88");
  EXPECT_EQ(Rows(w.Ledger("list --course HK-2026-0252").out),
            (std::vector<std::string>{"HK-2026-0252,1,original,2026-11-20,1577.00,1577.00,0.00",
                                      "HK-2026-0252,2,void,2026-11-27,1577.00,1577.00,0.00",
                                      "HK-2026-0252,3,void,2026-11-28,1577.00,1577.00,0.00"}));
  EXPECT_EQ(w.Ledger("verify").exit_code, 0);
}

TEST(LedgerE2eTest, ACorrectionCannotPredateWhatItReplaces) {
  Week w;
  ASSERT_EQ(w.Generate("2026-11-20").exit_code, 0);
  const std::string pdf = w.Doc("HK-2026-0142", "superbill.pdf");
  w.Edit(w.course01, "amount=\"860.00\"", "amount=\"850.00\"");
  auto r = w.Generate("2026-11-19");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err.substr(0, r.err.find('\n') + 1),
            w.course01 +
                ":2:1: error: corrected statement HK-2026-0142/2 cannot be dated 2026-11-19, "
                "before the statement of 2026-11-20 it replaces (check --date)\n");
  // Rejected, and the statement issued stays in its folder.
  EXPECT_TRUE(w.Doc("HK-2026-0142", "superbill.pdf") == pdf);
  EXPECT_EQ(Rows(w.Ledger("list --course HK-2026-0142").out).size(), 1u);
}

TEST(LedgerE2eTest, NoLedgerOnlyWhereThereIsNone) {
  Week w;
  auto preview = w.Generate("2026-11-20", "--no-ledger");
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_FALSE(fs::exists(w.out + "/ledger.sqlite"));
  EXPECT_EQ(preview.err.find("ledger"), std::string::npos);
  ASSERT_EQ(w.Generate("2026-11-20").exit_code, 0);
  auto refused = w.Generate("2026-11-20", "--no-ledger");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err, w.out +
                             "/ledger.sqlite: error: --no-ledger: this folder has a ledger of "
                             "issued statements; documents written without it would not match "
                             "it\n");
  auto both = w.Generate("2026-11-20", "--no-ledger --ledger x.sqlite");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_EQ(both.err, "superbill: error: --no-ledger and --ledger FILE cannot go together\n");
  // --ledger FILE elsewhere: the folder gets no ledger of its own.
  Week v;
  const std::string elsewhere = v.dir.Path("books.sqlite");
  ASSERT_EQ(v.Generate("2026-11-20", "--ledger '" + elsewhere + "'").exit_code, 0);
  EXPECT_TRUE(fs::exists(elsewhere));
  EXPECT_FALSE(fs::exists(v.out + "/ledger.sqlite"));
  auto listed = RunSuperbill("ledger list --ledger '" + elsewhere + "'");
  EXPECT_EQ(Rows(listed.out).size(), 2u);
  auto verify = RunSuperbill("ledger verify --ledger '" + elsewhere + "' --out '" + v.out + "'");
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

TEST(LedgerE2eTest, TheIssuedCopiesStayWhenARunDrawsLessOrDifferently) {
  Week w;
  ASSERT_EQ(w.Generate("2026-11-20").exit_code, 0);
  const std::string pdf = w.Doc("HK-2026-0142", "superbill.pdf");
  const std::string claim = w.Doc("HK-2026-0142", "claim.xml");
  // A run that draws only the claim keeps the superbill of the version issued.
  ASSERT_EQ(w.Generate("2026-11-27", "--documents claim").exit_code, 0);
  EXPECT_TRUE(w.Doc("HK-2026-0142", "superbill.pdf") == pdf);
  EXPECT_EQ(w.Ledger("verify").exit_code, 0);

  // Templates that draw the superbill differently (as a newer release might): the issued
  // copy stays as it was.
  const std::string templates = w.dir.Path("templates");
  fs::copy(SourcePath("templates"), templates, fs::copy_options::recursive);
  std::string texts = Slurp(templates + "/texts.en.txt");
  texts.replace(texts.find("subtitle = "), 11, "subtitle = Revised: ");
  std::ofstream(templates + "/texts.en.txt", std::ios::trunc) << texts;
  const std::string other = "--templates '" + templates + "'";
  auto kept = w.Generate("2026-11-27", other);
  ASSERT_EQ(kept.exit_code, 0) << kept.err;
  EXPECT_EQ(kept.err.find("warning:"), std::string::npos) << kept.err;
  EXPECT_TRUE(w.Doc("HK-2026-0142", "superbill.pdf") == pdf);
  EXPECT_TRUE(w.Doc("HK-2026-0142", "claim.xml") == claim);
  // The issued copy gone: the new drawing replaces it, with a warning, and is recorded.
  fs::remove(w.out + "/HK-2026-0142/superbill.pdf");
  auto redrawn = w.Generate("2026-11-27", other);
  ASSERT_EQ(redrawn.exit_code, 0) << redrawn.err;
  EXPECT_EQ(redrawn.err.substr(0, redrawn.err.find('\n') + 1),
            w.course01 +
                ":2:1: warning: superbill.pdf of statement HK-2026-0142, issued on 2026-11-20, is "
                "drawn differently by this superbill and the issued copy is missing or altered: "
                "the new drawing replaces it\n");
  EXPECT_FALSE(w.Doc("HK-2026-0142", "superbill.pdf") == pdf);
  EXPECT_EQ(w.Ledger("verify").exit_code, 0);
  EXPECT_EQ(Rows(w.Ledger("list").out).size(), 2u) << "no new version";
}

TEST(LedgerE2eTest, EncryptedDocumentsAreRecordedAsWritten) {
  Week w;
  ASSERT_EQ(w.Generate("2026-11-20", "--encrypt").exit_code, 0);
  EXPECT_EQ(w.Ledger("verify").exit_code, 0);
  const std::string first = w.Doc("HK-2026-0142", "superbill.pdf");
  // Encrypting again draws fresh salts: other bytes, the same statement.
  auto again = w.Generate("2026-11-27", "--encrypt --password-policy random");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("superbill: ledger: 0 new, 0 corrected, 2 unchanged\n"),
            std::string::npos);
  EXPECT_FALSE(w.Doc("HK-2026-0142", "superbill.pdf") == first);
  EXPECT_EQ(w.Ledger("verify").exit_code, 0);
  EXPECT_EQ(Rows(w.Ledger("list").out).size(), 2u);
}

TEST(LedgerE2eTest, UsageErrorsAndHelp) {
  struct Case {
    std::string args;
    std::string err;
  };
  const std::vector<Case> cases = {
      {"ledger", "ledger needs a command: list, verify or backup (try 'superbill ledger --help')"},
      {"ledger audit --out x", "unknown ledger command 'audit' (commands: list, verify, backup)"},
      {"ledger list",
       "ledger list needs --out DIR (the folder of its ledger.sqlite) or --ledger FILE"},
      {"ledger list --out x --since 2026-02-30",
       "--since must be a real date in the form YYYY-MM-DD"},
      {"ledger backup --out x", "ledger backup needs one FILE to write the copy to"},
      {"ledger verify --out x y.sqlite",
       "ledger verify takes no file arguments (try 'superbill ledger verify --help')"},
      {"ledger list --out x --reason y",
       "unrecognised option '--reason' (try 'superbill ledger list --help')"},
      {"void --reason x --clinic samples/clinic.xml --out x",
       "void needs a COURSE-ID and the course files"},
      {"void HK-1 --reason x --clinic samples/clinic.xml --out x", "no course files given"},
      {"void ../HK-1 --reason x --clinic samples/clinic.xml --out x samples/courses",
       "COURSE-ID must be a course id: letters, digits, '.', '_' and '-'"},
      {"void HK-1 --reason x --clinic samples/clinic.xml samples/courses",
       "the option --out DIR is required"},
      {"void HK-1 --reason \"$(printf 'a\\tb')\" --clinic samples/clinic.xml --out x "
       "samples/courses",
       "--reason must be one line of text"},
      {"void HK-1 --reason " + std::string(201, 'r') +
           " --clinic samples/clinic.xml --out x "
           "samples/courses",
       "--reason must be UTF-8 text of at most 200 bytes"},
      {"void HK-1 --reason x --clinic samples/clinic.xml --out x --encrypt --password-policy "
       "random samples/courses",
       "void --encrypt protects the void superbill with the birth-date password; "
       "--password-policy random is for generate"},
  };
  for (const auto& c : cases) {
    auto r = RunSuperbill(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args;
    EXPECT_EQ(r.err, "superbill: error: " + c.err + "\n") << c.args;
    EXPECT_EQ(r.out, "") << c.args;
  }
  for (const std::string help : {"void --help", "ledger --help", "ledger list --help",
                                 "ledger verify -h", "ledger backup --help", "generate --help"}) {
    auto r = RunSuperbill(help);
    EXPECT_EQ(r.exit_code, 0) << help;
    EXPECT_EQ(r.err, "") << help;
    EXPECT_NE(r.out.find("ledger"), std::string::npos) << help;
  }
  auto overview = RunSuperbill("--help");
  EXPECT_NE(overview.out.find("  superbill void     COURSE-ID --reason TEXT"), std::string::npos);
  EXPECT_NE(overview.out.find("  superbill ledger   list|verify|backup"), std::string::npos);
  EXPECT_NE(RunSuperbill("ledger list --help").out.find("--since YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(RunSuperbill("void --help").out.find("--reason TEXT"), std::string::npos);
}

}  // namespace
}  // namespace superbill
