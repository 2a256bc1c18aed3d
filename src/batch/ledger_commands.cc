#include "batch/ledger_commands.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <ostream>

#include "batch/control_numbers.h"
#include "batch/folder_lock.h"
#include "batch/input_check.h"
#include "batch/input_list.h"
#include "batch/issuing.h"
#include "batch/output.h"
#include "common/random.h"
#include "common/text.h"
#include "input/course_reader.h"
#include "ledger/fingerprint.h"
#include "ledger/ledger.h"
#include "ledger/sha256.h"
#include "model/passwords.h"
#include "render/documents.h"
#include "render/layout.h"
#include "render/pdf/encrypt.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsWordByte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// Whether `needle` stands in `text` as a whole word (ASCII case ignored).
bool ContainsWord(const std::string& text, const std::string& needle) {
  if (needle.empty() || needle.size() > text.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= text.size(); ++i) {
    bool match = true;
    for (std::size_t k = 0; k < needle.size() && match; ++k) {
      match = Lower(text[i + k]) == Lower(needle[k]);
    }
    if (match && (i == 0 || !IsWordByte(text[i - 1])) &&
        (i + needle.size() == text.size() || !IsWordByte(text[i + needle.size()]))) {
      return true;
    }
  }
  return false;
}

std::string Digits(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c >= '0' && c <= '9') out += c;
  }
  return out;
}

bool MentionsPerson(const std::string& text, const std::string& digits, const Person& p) {
  // Names of one or two bytes (an initial) say nothing on their own.
  for (const std::string* name : {&p.given, &p.middle, &p.family}) {
    for (const auto& word : Split(*name, ' ')) {
      if (word.size() >= 3 && ContainsWord(text, word)) return true;
    }
  }
  if (p.birth_date.year != 0) {
    const Date& b = p.birth_date;
    char us[16], compact[16];
    std::snprintf(us, sizeof us, "%02d%02d%04d", b.month, b.day, b.year);
    std::snprintf(compact, sizeof compact, "%04d%02d%02d", b.year, b.month, b.day);
    if (digits.find(us) != std::string::npos || digits.find(compact) != std::string::npos) {
      return true;
    }
  }
  const std::string phone = Digits(p.phone);
  return phone.size() >= 7 && digits.find(phone.substr(phone.size() - 7)) != std::string::npos;
}

// Finds the course called `id` among the course files of `inputs`; empty when none.
std::string FindCourseFile(const std::vector<std::string>& inputs, const std::string& id) {
  const InputList list(inputs);
  InputList::Cursor cursor(list);
  std::string path;
  while (cursor.Next(&path)) {
    Diagnostics ignored;
    if (ReadCourse(path, &ignored).id == id) return path;
  }
  return "";
}

}  // namespace

bool MentionsPatient(const std::string& text, const Course& course) {
  const std::string digits = Digits(text);
  if (MentionsPerson(text, digits, course.patient)) return true;
  if (course.coverage.subscriber && MentionsPerson(text, digits, *course.coverage.subscriber)) {
    return true;
  }
  const std::string& member = course.coverage.member_id;
  return member.size() >= 3 && ContainsWord(text, member);
}

ExitCode RunVoid(const RunOptions& options, std::ostream& err) {
  const std::string& id = options.ledger.course;
  const std::string out_dir = DocumentsDirFor(options);
  CheckCourseInputs(options.inputs, options.recursive);
  const Context ctx = LoadContext(options);
  std::string templates = options.templates_dir;
  if (templates.empty()) templates = FindDataDir("templates", options.program_path);
  const Layout layout = LoadLayout(templates);

  // The output-folder lock comes first: a void writes into DIR like generate. (A folder
  // that does not exist holds no ledger: opening it says so.)
  std::unique_ptr<FolderLock> lock;
  std::error_code dir_ec;
  if (fs::is_directory(out_dir, dir_ec)) lock = std::make_unique<FolderLock>(out_dir);
  Ledger ledger(LedgerPathFor(options), Ledger::Open::kExisting);
  const std::optional<IssuedVersion> latest = ledger.Find(id);
  if (!latest) {
    throw FatalError(Diagnostics{{{ledger.path()},
                                  "course '" + id +
                                      "' has no statement in this ledger: there is nothing to "
                                      "void"}});
  }
  const std::string path = FindCourseFile(options.inputs, id);
  if (path.empty()) {
    throw FatalError("course '" + id +
                     "' is in none of the course files given: the void documents are drawn "
                     "from its course file");
  }

  CourseResult r = ProcessCourse(path, ctx);
  if (r.ok()) {
    if (MentionsPatient(options.ledger.reason, r.course)) {
      throw FatalError(
          "--reason must not name the patient or give their birth date, phone or member id: "
          "it is kept in the ledger");
    }
    // A void repeats the statement it cancels: the course must print what was issued.
    r.claim.resubmission = SameStatement(ledger, *latest, r.course);
    const bool same = Fingerprint(r.claim) == latest->fingerprint;
    if (!ClaimUnchangedSince(r.claim, *latest)) {
      r.diagnostics.push_back(
          {r.course.loc, "course '" + id + "' has changed since statement " +
                             StatementNumber(id, latest->version) + " was issued on " +
                             latest->issued.ToString() +
                             ": a void repeats the statement it cancels; run generate first "
                             "(it issues the change as a corrected statement), or void with the "
                             "course file as it was"});
    } else if (latest->status == Resubmission::Kind::kVoid && same &&
               latest->reason == options.ledger.reason) {
      throw FatalError(
          Diagnostics{{{ledger.path()},
                       "course '" + id + "' was voided already on " + latest->issued.ToString() +
                           " (statement " + StatementNumber(id, latest->version) +
                           "); a void is issued again only to print another "
                           "payer's claim number or reason"}});
    } else {
      r.claim.resubmission = NextStatement(ledger, *latest, r.course, Resubmission::Kind::kVoid,
                                           options.ledger.reason);
      if (auto problem = CheckResubmission(r.claim)) r.diagnostics.push_back(*problem);
    }
  }
  for (const auto& d : r.diagnostics) err << d.ToString() << '\n';
  if (!r.ok()) return ExitCode::kRejected;

  // The documents the cancelled version had (or --documents), as void documents.
  std::vector<const DocumentWriter*> writers;
  for (const DocumentWriter* w : SelectDocuments(options.documents)) {
    if (options.documents.empty() && !latest->FindDocument(w->file_name)) continue;
    writers.push_back(w);
  }
  if (writers.empty()) writers = SelectDocuments("");
  const FileModes modes = ModesFor(options.file_mode);
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  // A void claim.x12 is a new interchange: it takes the folder's next control number.
  std::vector<std::string> document_names;
  for (const DocumentWriter* w : writers) document_names.push_back(w->name);
  RenderInputs inputs{layout};
  inputs.documents = &document_names;
  std::unique_ptr<ControlNumbers> numbers;
  const bool x12 = std::any_of(writers.begin(), writers.end(),
                               [](const DocumentWriter* w) { return w->x12_interchange; });
  if (x12 && ctx.clinic.x12) {
    numbers =
        std::make_unique<ControlNumbers>(out_dir, ctx.clinic.x12->first_control_number, modes.file);
    inputs.x12_control_number = numbers->first();
  }
  CourseFiles files;
  for (const DocumentWriter* w : writers) {
    if (w->applies && !w->applies(r.claim, inputs)) continue;
    if (w->x12_interchange) numbers->Reserve(inputs.x12_control_number);
    std::string bytes = w->render(r.claim, inputs);
    if (options.encrypt && w->encryptable) {
      bytes = EncryptPdf(bytes, BirthDatePassword(r.course.patient.birth_date), RandomPassword(32));
    }
    files.emplace_back(w->file_name, std::move(bytes));
  }
  PublishFolder(out_dir, id, files, modes);
  SyncFolderFileSystem(out_dir);
  if (numbers) numbers->Finish();

  IssuedVersion row = NewVersionRow(r.claim);
  for (const auto& [name, bytes] : files) row.documents.push_back({name, Sha256Hex(bytes)});
  std::sort(row.documents.begin(), row.documents.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  ledger.Record(row);
  ledger.Commit();
  err << "superbill: course '" << id << "': void statement " << r.claim.StatementNumber() << " of "
      << r.claim.statement_date.ToString() << " cancels statement "
      << StatementNumber(id, r.claim.resubmission.replaces_version) << " of "
      << r.claim.resubmission.replaces_issued.ToString() << "; " << files.size() << " document"
      << (files.size() == 1 ? "" : "s") << " in " << (fs::path(out_dir) / id).string() << '\n';
  return ExitCode::kOk;
}

ExitCode RunLedgerList(const RunOptions& options, std::ostream& out, std::ostream&) {
  Ledger ledger(LedgerPathFor(options), Ledger::Open::kExisting);
  out << "course,version,status,issued,total_charges,paid,balance,fingerprint,superbill_sha256\n";
  ledger.ForEach({options.ledger.course, options.ledger.since}, [&](const IssuedVersion& v) {
    const IssuedDocument* superbill = v.FindDocument("superbill.pdf");
    out << SafeCsvField(v.course) << ',' << v.version << ',' << ResubmissionKindName(v.status)
        << ',' << v.issued.ToString() << ',' << v.total_charges.ToString() << ','
        << v.paid.ToString() << ',' << v.balance.ToString() << ',' << v.fingerprint << ','
        << (superbill ? superbill->sha256 : std::string()) << '\n';
  });
  return ExitCode::kOk;
}

ExitCode RunLedgerVerify(const RunOptions& options, std::ostream& out, std::ostream& err) {
  Ledger ledger(LedgerPathFor(options), Ledger::Open::kExisting);
  ledger.CheckIntegrity();
  const fs::path dir = DocumentsDirFor(options);
  std::size_t courses = 0, documents = 0, missing = 0, altered = 0, unreadable = 0;
  out << "course,version,document,problem\n";
  ledger.ForEachLatest([&](const IssuedVersion& v) {
    ++courses;
    for (const auto& d : v.documents) {
      ++documents;
      std::string sha;
      const char* problem = nullptr;
      if (!Sha256File((dir / v.course / d.name).string(), &sha)) {
        const bool absent = errno == ENOENT || errno == ENOTDIR;
        problem = absent ? "missing" : "unreadable";
        ++(absent ? missing : unreadable);
      } else if (sha != d.sha256) {
        problem = "altered";
        ++altered;
      }
      if (problem) {
        out << SafeCsvField(v.course) << ',' << v.version << ',' << CsvField(d.name) << ','
            << problem << '\n';
      }
    }
  });
  err << "superbill: ledger verify: " << documents << " document" << (documents == 1 ? "" : "s")
      << " of " << courses << " course" << (courses == 1 ? "" : "s") << " in " << dir.string()
      << ": " << altered << " altered, " << missing << " missing";
  if (unreadable) err << ", " << unreadable << " unreadable";
  err << '\n';
  return missing + altered + unreadable > 0 ? ExitCode::kRejected : ExitCode::kOk;
}

ExitCode RunLedgerBackup(const RunOptions& options, std::ostream& err) {
  Ledger ledger(LedgerPathFor(options), Ledger::Open::kExisting);
  ledger.Backup(options.ledger.backup_path);
  err << "superbill: ledger " << ledger.path() << " backed up to " << options.ledger.backup_path
      << '\n';
  return ExitCode::kOk;
}

}  // namespace superbill
