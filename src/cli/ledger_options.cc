#include "cli/ledger_options.h"

#include <ostream>
#include <string>
#include <vector>

#include "common/diagnostic.h"
#include "common/text.h"
#include "validate/course_validator.h"

namespace superbill {

namespace po = boost::program_options;

namespace {

constexpr std::size_t kMaxReasonBytes = 200;

const char kVoidHelp[] =
    R"(Usage: superbill void COURSE-ID --reason TEXT --clinic CLINIC.xml --out DIR [options]
                      COURSE.xml|DIR ...

Cancels the latest statement of COURSE-ID. The course is looked up among the course files
given (its documents are drawn from it), must print what that statement printed (else run
generate first: it issues the change as a corrected statement), and gets void documents in
DIR/<course id>/: the documents the cancelled statement had, marked void (the FHIR claim
cancelled, related to the statement it cancels; the claim forms with frequency code 8). The
ledger records the void as the course's next version. The reason prints on the void
documents and is kept in the ledger: it must not name the patient.
With --ledger FILE and no --out, the documents are in the folder that holds FILE.
It takes generate's document options: --documents (default: the documents of the statement
it cancels), --file-mode, and --encrypt (with the birth-date password).

)";

const char kVoidNotes[] = R"(
Exit codes:
  0  the void was recorded and its documents written
  1  the course has errors, or has changed since the statement it would cancel
  2  usage error or a fatal problem: no ledger, a course never issued or voided already,
     a course id in none of the files, an unreadable clinic file or tables
)";

const char kLedgerHelp[] = R"(Usage:
  superbill ledger list   (--out DIR | --ledger FILE) [--course ID] [--since YYYY-MM-DD]
  superbill ledger verify (--out DIR | --ledger FILE)
  superbill ledger backup (--out DIR | --ledger FILE) FILE

The ledger of issued statements is DIR/ledger.sqlite in the output folder of generate (or
--ledger FILE): per course and version, its status (original, corrected, void), the date
issued, a fingerprint of what its documents print, the totals and the SHA-256 of each
document written. It holds no patient's name, birth date, address, phone or member id.

Commands:
  list     every version as CSV on standard output:
           course,version,status,issued,total_charges,paid,balance,fingerprint,superbill_sha256
  verify   hashes every document of each course's latest version in the documents folder
           (--out DIR, else the folder holding --ledger FILE) again and lists the missing or
           altered ones as CSV (course,version,document,problem)
  backup   writes a consistent copy of the ledger to FILE (SQLite's online backup; safe
           while a run is recording)

Exit codes:
  0  done (verify: every document is as issued)
  1  verify: one or more documents are missing or altered
  2  usage error or a fatal problem: no ledger, a file that is not a superbill ledger,
     a damaged ledger
)";

po::options_description LocationOptions() {
  po::options_description o("Options");
  o.add_options()("out,o", po::value<std::string>()->value_name("DIR"),
                  "the output folder of generate: its ledger.sqlite and its documents")(
      "ledger", po::value<std::string>()->value_name("FILE"),
      "the ledger file (default: DIR/ledger.sqlite)");
  return o;
}

}  // namespace

po::options_description LedgerFileOptions(Command command) {
  po::options_description o("Ledger of issued statements");
  o.add_options()("ledger", po::value<std::string>()->value_name("FILE"),
                  "the ledger of issued statements (default: DIR/ledger.sqlite)");
  if (command == Command::kGenerate) {
    o.add_options()("no-ledger",
                    "write the documents without consulting or recording a ledger (every "
                    "statement an original; refused in a folder that has a ledger)");
  }
  return o;
}

void ReadLedgerFileOptions(const po::variables_map& vm, Command command, RunOptions* o) {
  if (vm.count("ledger")) {
    o->ledger.path = vm["ledger"].as<std::string>();
    if (Trim(o->ledger.path).empty()) throw FatalError("--ledger needs a file name");
  }
  if (command == Command::kGenerate && vm.count("no-ledger")) {
    if (vm.count("ledger")) throw FatalError("--no-ledger and --ledger FILE cannot go together");
    o->ledger.disabled = true;
  }
}

po::options_description VoidOptions() {
  po::options_description o("Options of void");
  o.add_options()("reason", po::value<std::string>()->value_name("TEXT"),
                  "why the statement is cancelled (required; printed on the void documents "
                  "and kept in the ledger, so never a patient's name or details)");
  return o;
}

void ReadVoidOptions(const po::variables_map& vm, RunOptions* o) {
  if (!vm.count("reason")) throw FatalError("the option --reason TEXT is required");
  const std::string reason = Trim(vm["reason"].as<std::string>());
  if (reason.empty()) throw FatalError("--reason must say why the statement is cancelled");
  if (reason.size() > kMaxReasonBytes || FindInvalidUtf8(reason) != std::string::npos) {
    throw FatalError("--reason must be UTF-8 text of at most 200 bytes");
  }
  for (unsigned char c : reason) {
    if (c < 0x20 || c == 0x7f) throw FatalError("--reason must be one line of text");
  }
  o->ledger.reason = reason;
  if (o->encrypt && o->password_policy == PasswordPolicy::kRandom) {
    throw FatalError(
        "void --encrypt protects the void superbill with the birth-date password; "
        "--password-policy random is for generate");
  }
  if (o->inputs.empty()) throw FatalError("void needs a COURSE-ID and the course files");
  o->ledger.course = o->inputs.front();
  o->inputs.erase(o->inputs.begin());
  if (!IsSafeCourseId(o->ledger.course)) {
    throw FatalError("COURSE-ID must be a course id: letters, digits, '.', '_' and '-'");
  }
}

ParsedArgs ParseLedgerArgs(int argc, char** argv) {
  ParsedArgs args;
  args.options.program_path = argc > 0 ? argv[0] : "";
  args.command = Command::kLedger;
  if (argc < 3) {
    throw FatalError(
        "ledger needs a command: list, verify or backup (try 'superbill ledger --help')");
  }
  const std::string sub = argv[2];
  if (sub == "--help" || sub == "-h" || sub == "help") {
    args.show_help = true;
    return args;
  }
  if (sub == "list") {
    args.command = Command::kLedgerList;
  } else if (sub == "verify") {
    args.command = Command::kLedgerVerify;
  } else if (sub == "backup") {
    args.command = Command::kLedgerBackup;
  } else {
    throw FatalError("unknown ledger command '" + sub + "' (commands: list, verify, backup)");
  }
  po::options_description visible = LocationOptions();
  if (args.command == Command::kLedgerList) {
    visible.add_options()("course", po::value<std::string>()->value_name("ID"),
                          "only the versions of this course")(
        "since", po::value<std::string>()->value_name("YYYY-MM-DD"),
        "only the versions issued on or after this date");
  }
  visible.add_options()("help,h", "show this help");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::vector<std::string>>(), "backup file");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 2, argv + 2).options(all).positional(positional).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw FatalError(std::string(e.what()) + " (try 'superbill ledger " + sub + " --help')");
  }
  if (vm.count("help")) {
    args.show_help = true;
    return args;
  }
  RunOptions& o = args.options;
  if (vm.count("out")) o.out_dir = vm["out"].as<std::string>();
  if (vm.count("ledger")) o.ledger.path = vm["ledger"].as<std::string>();
  if (o.out_dir.empty() && o.ledger.path.empty()) {
    throw FatalError("ledger " + sub +
                     " needs --out DIR (the folder of its ledger.sqlite) or --ledger FILE");
  }
  if (vm.count("course")) o.ledger.course = vm["course"].as<std::string>();
  if (vm.count("since")) {
    auto d = Date::Parse(vm["since"].as<std::string>());
    if (!d) throw FatalError("--since must be a real date in the form YYYY-MM-DD");
    o.ledger.since = *d;
  }
  std::vector<std::string> files;
  if (vm.count("file")) files = vm["file"].as<std::vector<std::string>>();
  if (args.command == Command::kLedgerBackup) {
    if (files.size() != 1) throw FatalError("ledger backup needs one FILE to write the copy to");
    o.ledger.backup_path = files.front();
  } else if (!files.empty()) {
    throw FatalError("ledger " + sub + " takes no file arguments (try 'superbill ledger " + sub +
                     " --help')");
  }
  return args;
}

const char* VoidExitCodes() { return kVoidNotes; }

void PrintLedgerHelp(std::ostream& out, Command command) {
  if (command == Command::kVoid) {
    out << kVoidHelp;
    return;
  }
  out << kLedgerHelp << '\n' << LocationOptions();
  if (command == Command::kLedgerList) {
    out << "  --course ID                 only the versions of this course\n"
           "  --since YYYY-MM-DD          only the versions issued on or after this date\n";
  }
}

}  // namespace superbill
