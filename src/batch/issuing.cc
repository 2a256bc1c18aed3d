#include "batch/issuing.h"

#include <algorithm>
#include <filesystem>

#include "common/output_names.h"
#include "common/text.h"
#include "ledger/fingerprint.h"
#include "ledger/sha256.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

// Rows a transaction holds before it is committed: a commit costs far more than a row.
constexpr std::size_t kRowsPerCommit = 1000;

}  // namespace

IssuedVersion NewVersionRow(const Claim& claim) {
  IssuedVersion v;
  v.course = claim.course->id;
  v.version = claim.resubmission.version;
  v.status = claim.resubmission.kind;
  v.issued = claim.statement_date;
  v.fingerprint = Fingerprint(claim);
  v.total_charges = claim.total_charges;
  v.paid = claim.paid;
  v.balance = claim.balance;
  v.replaces = claim.resubmission.replaces_version;
  v.original_reference = claim.resubmission.original_reference;
  v.reason = claim.resubmission.reason;
  return v;
}

Resubmission SameStatement(const Ledger& ledger, const IssuedVersion& latest,
                           const Course& course) {
  Resubmission same;
  same.kind = latest.status;
  same.version = latest.version;
  if (latest.status != Resubmission::Kind::kOriginal) {
    same.original_reference = course.payer_claim_number;
    same.reason = latest.reason;
    same.replaces_version = latest.replaces;
    auto replaced = latest.replaces > 0 ? ledger.Find(latest.course, latest.replaces)
                                        : std::optional<IssuedVersion>();
    if (replaced) same.replaces_issued = replaced->issued;
  }
  return same;
}

Resubmission NextStatement(const Ledger& ledger, const IssuedVersion& latest, const Course& course,
                           Resubmission::Kind kind, const std::string& reason) {
  Resubmission next;
  next.kind = kind;
  next.version = latest.version + 1;
  // A void issued again (to print the payer's claim number or a new reason) cancels the
  // statement the first void cancelled; otherwise the new version replaces the latest.
  next.replaces_version = latest.status == Resubmission::Kind::kVoid && kind == latest.status
                              ? latest.replaces
                              : latest.version;
  next.replaces_issued = latest.issued;
  if (next.replaces_version != latest.version) {
    if (auto replaced = ledger.Find(latest.course, next.replaces_version)) {
      next.replaces_issued = replaced->issued;
    }
  }
  next.original_reference = course.payer_claim_number;
  next.reason = reason;
  return next;
}

bool ClaimUnchangedSince(const Claim& claim, const IssuedVersion& latest) {
  Claim as_issued = claim;
  as_issued.resubmission.original_reference = latest.original_reference;
  return Fingerprint(as_issued) == latest.fingerprint;
}

std::optional<Diagnostic> CheckResubmission(const Claim& claim) {
  const Resubmission& r = claim.resubmission;
  if (r.kind == Resubmission::Kind::kOriginal) return std::nullopt;
  if (claim.statement_date < r.replaces_issued) {
    return Diagnostic{claim.course->loc,
                      std::string(r.kind == Resubmission::Kind::kVoid ? "void" : "corrected") +
                          " statement " + claim.StatementNumber() + " cannot be dated " +
                          claim.statement_date.ToString() + ", before the statement of " +
                          r.replaces_issued.ToString() + " it replaces (check --date)"};
  }
  if (r.original_reference.empty()) {
    return Warning(claim.course->loc,
                   std::string(r.kind == Resubmission::Kind::kVoid ? "void" : "corrected") +
                       " statement " + claim.StatementNumber() +
                       (r.kind == Resubmission::Kind::kVoid ? " cancels" : " replaces") +
                       " the statement of " + r.replaces_issued.ToString() +
                       ": the insurer will ask for the claim number it gave that statement; "
                       "add <resubmission payerClaimNumber=\"...\"/> to the course");
  }
  return std::nullopt;
}

std::string LedgerPathFor(const RunOptions& options) {
  if (!options.ledger.path.empty()) return options.ledger.path;
  return (fs::path(options.out_dir) / kLedgerFileName).string();
}

std::string DocumentsDirFor(const RunOptions& options) {
  if (!options.out_dir.empty()) return options.out_dir;
  fs::path dir = fs::path(options.ledger.path).parent_path();
  return dir.empty() ? "." : dir.string();
}

Issuer::Issuer(const std::string& ledger_path, const std::string& out_dir)
    : ledger_(ledger_path, Ledger::Open::kCreate), out_dir_(out_dir) {}

Issuer::~Issuer() = default;  // the ledger commits what was recorded

bool Issuer::Prepare(CourseResult* r) {
  Claim& claim = r->claim;
  const Course& course = r->course;
  const std::optional<IssuedVersion> latest = ledger_.Find(course.id);
  Pending p;
  if (!latest) {
    claim.resubmission = Resubmission{};
    p.new_version = true;
    p.row = NewVersionRow(claim);
  } else {
    // The statement as the course stands now, of the latest version's kind: the same
    // fingerprint means the same statement, drawn again exactly as it was issued.
    claim.resubmission = SameStatement(ledger_, *latest, course);
    if (Fingerprint(claim) == latest->fingerprint) {
      claim.statement_date = latest->issued;
      p.row = *latest;
    } else if (latest->status == Resubmission::Kind::kVoid) {
      const std::string voided = "course '" + course.id + "' was voided on " +
                                 latest->issued.ToString() + " (statement " +
                                 StatementNumber(course.id, latest->version) + ")";
      r->diagnostics.push_back(Warning(
          course.loc,
          ClaimUnchangedSince(claim, *latest)
              ? voided + " and now gives another payer's claim number: its void documents "
                         "stay as they are; to print the number, void it again (superbill "
                         "void)"
              : voided + " and has changed since: its void documents stay as they are and "
                         "nothing is issued; to bill these services again, give the course a "
                         "new id"));
      std::lock_guard lock(mu_);
      ++void_kept_;
      return false;
    } else {
      claim.resubmission =
          NextStatement(ledger_, *latest, course, Resubmission::Kind::kCorrected, "");
      if (auto problem = CheckResubmission(claim)) {
        r->diagnostics.push_back(*problem);
        if (!problem->is_warning()) return false;
      }
      p.new_version = true;
      p.row = NewVersionRow(claim);
    }
  }
  r->new_statement = p.new_version;
  std::lock_guard lock(mu_);
  pending_[course.id] = std::move(p);
  return true;
}

void Issuer::Seal(CourseResult* r, CourseFiles* files, const std::set<std::string>& encrypted) {
  Pending* p;
  {
    std::lock_guard lock(mu_);
    auto it = pending_.find(r->course.id);
    if (it == pending_.end()) return;
    p = &it->second;  // only this course's worker touches its entry until Record
  }
  const fs::path folder = fs::path(out_dir_) / r->course.id;
  if (p->new_version) {
    for (const auto& [name, bytes] : *files) p->row.documents.push_back({name, Sha256Hex(bytes)});
    std::sort(p->row.documents.begin(), p->row.documents.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    return;
  }
  // The same statement again. The copy in the folder, when it is still the issued one.
  auto issued_copy = [&](const IssuedDocument& issued, std::string* bytes) {
    std::string disk;
    if (!ReadFile((folder / issued.name).string(), &disk) || Sha256Hex(disk) != issued.sha256) {
      return false;
    }
    *bytes = std::move(disk);
    return true;
  };
  std::set<std::string> drawn;
  for (auto& [name, bytes] : *files) {
    drawn.insert(name);
    const std::string sha = Sha256Hex(bytes);
    const IssuedDocument* issued = p->row.FindDocument(name);
    if (issued && issued->sha256 == sha) continue;
    if (!issued || encrypted.count(name)) {
      // A document this version did not have yet, or one encrypted anew (encryption draws
      // fresh random salts each time): its hash is recorded as written.
      p->updates.push_back({name, sha});
    } else if (!issued_copy(*issued, &bytes)) {
      // Drawn differently from what was issued, and the issued copy is gone or altered.
      p->updates.push_back({name, sha});
      r->diagnostics.push_back(Warning(
          r->course.loc, name + " of statement " + r->claim.StatementNumber() + ", issued on " +
                             p->row.issued.ToString() +
                             ", is drawn differently by this superbill and the issued copy is "
                             "missing or altered: the new drawing replaces it"));
    }
  }
  for (const auto& issued : p->row.documents) {
    std::string bytes;
    if (!drawn.count(issued.name) && issued_copy(issued, &bytes)) {
      files->emplace_back(issued.name, std::move(bytes));
    }
  }
}

void Issuer::Record(const CourseResult& r) {
  Pending p;
  {
    std::lock_guard lock(mu_);
    auto it = pending_.find(r.course.id);
    if (it == pending_.end()) return;
    p = std::move(it->second);
    pending_.erase(it);
  }
  if (p.new_version) {
    ledger_.Record(p.row);
    ++(p.row.status == Resubmission::Kind::kOriginal ? originals_ : corrected_);
    ++uncommitted_;
  } else {
    ++unchanged_;
    if (!p.updates.empty()) {
      ledger_.SetDocuments(p.row.course, p.row.version, p.updates);
      ++uncommitted_;
    }
  }
  if (uncommitted_ >= kRowsPerCommit) Commit();
}

void Issuer::Commit() {
  ledger_.Commit();
  uncommitted_ = 0;
}

std::string Issuer::SummaryLine() const {
  std::string line = "superbill: ledger: " + std::to_string(originals_) + " new, " +
                     std::to_string(corrected_) + " corrected, " + std::to_string(unchanged_) +
                     " unchanged";
  if (void_kept_ > 0) line += ", " + std::to_string(void_kept_) + " void kept as issued";
  return line + "\n";
}

}  // namespace superbill
