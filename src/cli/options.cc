#include "cli/options.h"

#include <unistd.h>

#include <boost/program_options.hpp>
#include <ostream>

#include "cli/ledger_options.h"
#include "common/diagnostic.h"
#include "common/text.h"
#include "render/documents.h"

namespace superbill {

namespace po = boost::program_options;

namespace {

const char kOverview[] = R"(superbill - superbills and claim files from finished treatment courses

Usage:
  superbill generate --clinic CLINIC.xml --out DIR [options] COURSE.xml|DIR ...
  superbill code     --clinic CLINIC.xml [options] COURSE.xml|DIR ...
  superbill validate --clinic CLINIC.xml [options] COURSE.xml|DIR ...
  superbill import   FILE.csv ... --out DIR
  superbill export   --out FILE.csv COURSE.xml|DIR ...
  superbill init     DIR
  superbill void     COURSE-ID --reason TEXT --clinic CLINIC.xml --out DIR COURSE.xml|DIR ...
  superbill ledger   list|verify|backup (--out DIR | --ledger FILE) ...
  superbill COMMAND --help        more about one command
  superbill --version

Commands:
  generate   write each course's superbill PDF and FHIR claim XML (and X12 837P claim,
             for clinics that file electronically) into DIR/<course id>/, and
             DIR/report.csv for the batch
  code       print the coded lines (CPT/HCPCS, modifiers, units, pointers, charges,
             NDC) of each course as CSV on standard output
  validate   check the courses and print every problem; writes nothing
  import     turn CSV course files (a spreadsheet's export) into course XML files
  export     write course files as one CSV course file, for a spreadsheet
  init       start a new folder: clinic file to fill in, example course in XML
             and CSV, a CSV template and README.txt with the next steps
  void       cancel a course's latest statement: void documents and a void version in
             the ledger
  ledger     list, verify or back up the ledger of issued statements (DIR/ledger.sqlite):
             generate numbers each course's statements there, and issues a corrected
             version when a course changes after its statement went out

generate, code and validate take course XML files and CSV course files (*.csv:
one row per service, see docs/input-format.md). A folder argument means every
*.xml and *.csv file in it (in any case), in name order; with --recursive, those
of its subfolders too.
)";

const char kExitCodes[] = R"(
Exit codes:
  0  every course was accepted
  1  one or more courses were rejected (their problems are printed on standard
     error as FILE:LINE:COL: error: MESSAGE); the other courses were still produced.
     Warnings (FILE:LINE:COL: warning: MESSAGE) never change the exit code
  2  usage error or a fatal problem: unreadable or invalid clinic file, missing
     or bad code tables, bad templates
  130 generate was interrupted (SIGINT or SIGTERM); report.csv lists the courses done

Problems name the file, line and column, never a patient's personal details.
)";

// code and validate write no documents and are not interrupted midway: their own codes.
const char kCheckExitCodes[] = R"(
Exit codes:
  0  every course was accepted
  1  one or more courses were rejected (their problems are printed on standard
     error as FILE:LINE:COL: error: MESSAGE). Warnings (FILE:LINE:COL: warning:
     MESSAGE) never change the exit code
  2  usage error or a fatal problem: unreadable or invalid clinic file, missing
     or bad code tables

Problems name the file, line and column, never a patient's personal details.
)";

po::options_description CommonOptions() {
  po::options_description o("Options");
  o.add_options()("clinic", po::value<std::string>()->value_name("FILE"),
                  "the clinic file (required)")(
      "date", po::value<std::string>()->value_name("YYYY-MM-DD"),
      "statement date, also the 'today' that visit dates may not pass (default: today)")(
      "tables", po::value<std::string>()->value_name("DIR"),
      "code tables folder (default: the installed cpt_tables/)")(
      "icd10cm", po::value<std::string>()->value_name("FILE"),
      "also load the full CMS ICD-10-CM order file (icd10cm_order_YYYY.txt)")(
      "templates", po::value<std::string>()->value_name("DIR"),
      "document templates folder (default: the installed templates/)")(
      "jobs,j", po::value<int>()->value_name("N"), "courses processed at once (default: cores)")(
      "recursive,r", "folder arguments also mean the course files of their subfolders")(
      "quiet,q", "print no progress, only problems and the summary")("help,h", "show this help");
  return o;
}

po::options_description GenerateOptions() {
  po::options_description o("Options of generate");
  static const std::string documents_help =
      "the documents to write for each course, comma-separated (default: all that apply): " +
      DocumentNames();
  o.add_options()("out,o", po::value<std::string>()->value_name("DIR"), "output folder (required)")(
      "documents", po::value<std::string>()->value_name("LIST"), documents_help.c_str())(
      "x12-batch", po::value<std::string>()->value_name("FILE"),
      "also write FILE: one X12 837P interchange holding the claim of every accepted course "
      "(needs <x12> in the clinic file)")(
      "file-mode", po::value<std::string>()->value_name("MODE"),
      "permissions of the files written, in octal (default 600: owner only); folders get "
      "x wherever files get r; passwords.csv always stays 600")(
      "encrypt", "encrypt each superbill.pdf and packet.pdf with AES-256; printing stays allowed")(
      "password-policy", po::value<std::string>()->value_name("POLICY"),
      "with --encrypt: 'birthdate' (default: the patient's birth date as MMDDYYYY) or "
      "'random' (12 characters per patient, listed for the clerk in DIR/passwords.csv)");
  return o;
}

const char kGenerateNotes[] = R"(
Courses are processed --jobs at a time; the output is the same whatever --jobs. On a
terminal a progress line shows courses done, courses per second and the time left.
Ctrl-C (SIGINT) or SIGTERM stops taking new courses, finishes the ones in flight, writes
report.csv for what was done and exits with 130; a second Ctrl-C stops at once. A later
run over the same DIR removes anything an interrupted run left behind.
Documents are flushed to disk once for the batch, before report.csv is written: every
course the report lists as ok is on disk.
With <x12> in the clinic file, each course also gets claim.x12 (an ASC X12 005010X222A1
837P). Interchange control numbers never repeat in DIR: the last one used is kept in
DIR/.superbill-x12-state, and each run starts after it.
The ledger of issued statements (DIR/ledger.sqlite, or --ledger FILE) numbers each
course's statements. A course issued for the first time gets version 1 (original). An
unchanged course gets the same documents again, byte for byte, dated as first issued
(whatever --date). A course that changed gets the next version: a corrected statement
that replaces the latest one (give the payer's claim number in the course's
<resubmission payerClaimNumber="..."/>). See 'superbill ledger --help'.
)";

// ---- import, export and init --------------------------------------------------------

const char kImportHelp[] =
    R"(Usage: superbill import FILE.csv ... --out DIR [--overwrite] [--file-mode MODE]

Reads CSV course files (one row per service or payment, the rows of a course
grouped by its courseId; the columns are in docs/input-format.md) and writes
DIR/<course id>.xml for every course that reads without an error, for review
and archiving. Its problems are printed as FILE:ROW:COL: error: MESSAGE (column
'NAME'): ROW is the spreadsheet's row number (the header is row 1), COL the
column's number (A = 1). A course file already in DIR with the same text is left
alone; one with other text rejects the course unless --overwrite. import checks
the files' form only: run 'superbill validate' with the clinic file next.

Options:
  --out DIR          the folder to write the course files into (required)
  --overwrite        replace course files in DIR that differ
  --file-mode MODE   permissions of the files written, octal (default 600)
)";

const char kExportHelp[] =
    R"(Usage: superbill export --out FILE.csv [--file-mode MODE] COURSE.xml|DIR ...

Writes every course that reads without an error as one CSV course file, which a
spreadsheet opens (UTF-8 with a byte order mark, so Excel reads names right).
FILE.csv is replaced. A course's clinical history (<history>) has no CSV columns
and is left out, with a warning. Importing the file again gives courses that
code to exactly the same lines.

Options:
  --out FILE         the CSV file to write (required)
  --file-mode MODE   its permissions, octal (default 600)
)";

const char kInitHelp[] = R"(Usage: superbill init DIR

Writes a starter folder for a new clinic:
  DIR/README.txt           the next steps
  DIR/clinic.xml           the clinic file, with comments: fill it in
  DIR/example-course.xml   an example course as a course file
  DIR/example-course.csv   the same course as a CSV course file
  DIR/visits-template.csv  the header row of a CSV course file, to fill in
Nothing is written when any of these files exists already.
)";

void PrintConvertHelp(std::ostream& out, Command command) {
  out << (command == Command::kImport   ? kImportHelp
          : command == Command::kExport ? kExportHelp
                                        : kInitHelp);
  out << R"(
Exit codes:
  0  done: every course was written
  1  one or more courses were rejected (the others were written)
  2  usage error or a fatal problem
)";
}

unsigned ParseFileMode(const std::string& m) {
  unsigned mode = 0;
  bool ok = !m.empty() && m.size() <= 4;
  for (char c : m) {
    if (c < '0' || c > '7') ok = false;
    mode = mode * 8 + static_cast<unsigned>(c - '0');
  }
  if (!ok || (mode & 0111) != 0 || (mode & 0600) != 0600 || mode > 0777) {
    throw FatalError(
        "--file-mode must be an octal mode such as 600, 640 or 644: readable and "
        "writable by the owner, never executable");
  }
  return mode;
}

// The arguments of import, export and init (argv[1] is the command).
ParsedArgs ParseConvertArgs(Command command, int argc, char** argv) {
  ParsedArgs args;
  args.command = command;
  ConvertOptions& o = args.convert;
  o.program_path = argc > 0 ? argv[0] : "";
  const std::string cmd = argv[1];
  po::options_description visible;
  visible.add_options()("help,h", "show this help");
  if (command == Command::kInit) {
    visible.add_options()("templates", po::value<std::string>(), "templates folder");
  } else {
    visible.add_options()("out,o", po::value<std::string>(), "output")(
        "file-mode", po::value<std::string>(), "file mode");
    if (command == Command::kImport) visible.add_options()("overwrite", "replace differing files");
  }
  po::options_description all;
  all.add(visible).add_options()("input", po::value<std::vector<std::string>>(), "inputs");
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(all).positional(positional).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw FatalError(std::string(e.what()) + " (try 'superbill " + cmd + " --help')");
  }
  if (vm.count("help")) {
    args.show_help = true;
    return args;
  }
  if (vm.count("input")) o.inputs = vm["input"].as<std::vector<std::string>>();
  if (command == Command::kInit) {
    if (o.inputs.size() != 1) throw FatalError("init takes one folder: superbill init DIR");
    o.out = o.inputs.front();
    o.inputs.clear();
    if (vm.count("templates")) o.templates_dir = vm["templates"].as<std::string>();
    return args;
  }
  if (!vm.count("out")) {
    throw FatalError(std::string("the option --out ") +
                     (command == Command::kImport ? "DIR" : "FILE.csv") + " is required");
  }
  o.out = vm["out"].as<std::string>();
  if (vm.count("file-mode")) o.file_mode = ParseFileMode(vm["file-mode"].as<std::string>());
  o.overwrite = vm.count("overwrite") > 0;
  if (o.inputs.empty()) {
    throw FatalError(command == Command::kImport ? "no CSV files given" : "no course files given");
  }
  return args;
}

}  // namespace

void PrintHelp(std::ostream& out, Command command) {
  switch (command) {
    case Command::kNone:
      out << kOverview << '\n' << CommonOptions() << kExitCodes;
      return;
    case Command::kGenerate:
      out << "Usage: superbill generate --clinic CLINIC.xml --out DIR [options] COURSE.xml|DIR "
             "...\n\n"
             "Writes DIR/<course id>/superbill.pdf, claim.xml and packet.pdf (the patient's\n"
             "packet: cover page, estimate, letter, superbill), and claim.x12 when the clinic\n"
             "file has <x12>, for each accepted course, and DIR/report.csv for the batch. A\n"
             "rejected course leaves no folder behind.\n\n";
      out << CommonOptions() << '\n'
          << GenerateOptions() << '\n'
          << LedgerFileOptions(command) << kGenerateNotes;
      break;
    case Command::kCode:
      out << "Usage: superbill code --clinic CLINIC.xml [options] COURSE.xml|DIR ...\n\n"
             "Prints the coded lines as CSV:\n"
             "  course,date,code,modifiers,units,dx,charge,ndc,ndc_unit,ndc_qty\n"
             "Modifiers are joined with ':', dx lists the diagnosis letters (A = first\n"
             "diagnosis). A rejected course prints no rows.\n\n"
             "Problems go to standard error as FILE:LINE:COL: error: MESSAGE (the course is\n"
             "rejected) or FILE:LINE:COL: warning: MESSAGE: the rules resolved something, such\n"
             "as a hydration too short to bill or Medicare esketamine at a new-patient visit,\n"
             "that bills no line; the course's other lines are printed and the exit code does\n"
             "not change.\n\n";
      out << CommonOptions() << kCheckExitCodes;
      return;
    case Command::kImport:
    case Command::kExport:
    case Command::kInit:
      PrintConvertHelp(out, command);
      return;
    case Command::kVoid:
      PrintLedgerHelp(out, command);
      out << CommonOptions() << '\n'
          << GenerateOptions() << '\n'
          << VoidOptions() << '\n'
          << LedgerFileOptions(command) << VoidExitCodes();
      return;
    case Command::kLedger:
    case Command::kLedgerList:
    case Command::kLedgerVerify:
    case Command::kLedgerBackup:
      PrintLedgerHelp(out, command);
      return;
    case Command::kValidate:
      out << "Usage: superbill validate --clinic CLINIC.xml [options] COURSE.xml|DIR ...\n\n"
             "Checks every course against the input format, the clinic file, the code\n"
             "tables and the coding rules, and prints each problem. Writes nothing.\n"
             "Warnings (a service the rules resolved by not billing it) keep the course and\n"
             "do not change the exit code.\n\n";
      out << CommonOptions() << kCheckExitCodes;
      return;
  }
  out << kExitCodes;
}

ParsedArgs ParseArgs(int argc, char** argv) {
  ParsedArgs args;
  args.options.program_path = argc > 0 ? argv[0] : "";
  if (argc < 2) throw FatalError("no command given (try 'superbill --help')");
  std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    args.show_help = true;
    return args;
  }
  if (cmd == "--version") {
    args.show_version = true;
    return args;
  }
  if (cmd == "generate")
    args.command = Command::kGenerate;
  else if (cmd == "code")
    args.command = Command::kCode;
  else if (cmd == "validate")
    args.command = Command::kValidate;
  else if (cmd == "import")
    return ParseConvertArgs(Command::kImport, argc, argv);
  else if (cmd == "export")
    return ParseConvertArgs(Command::kExport, argc, argv);
  else if (cmd == "init")
    return ParseConvertArgs(Command::kInit, argc, argv);
  else if (cmd == "void")
    args.command = Command::kVoid;
  else if (cmd == "ledger")
    return ParseLedgerArgs(argc, argv);
  else
    throw FatalError("unknown command " + Quoted(cmd) +
                     " (commands: generate, code, validate, void, ledger, import, export, init)");

  po::options_description visible = CommonOptions();
  if (args.command == Command::kGenerate || args.command == Command::kVoid) {
    visible.add(GenerateOptions());
    visible.add(LedgerFileOptions(args.command));
  }
  if (args.command == Command::kVoid) visible.add(VoidOptions());
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(), "course files");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("input", -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc - 1, argv + 1).options(all).positional(positional).run(),
              vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw FatalError(std::string(e.what()) + " (try 'superbill " + cmd + " --help')");
  }
  if (vm.count("help")) {
    args.show_help = true;
    return args;
  }
  RunOptions& o = args.options;
  if (!vm.count("clinic")) throw FatalError("the option --clinic FILE is required");
  o.clinic_path = vm["clinic"].as<std::string>();
  if (vm.count("tables")) o.tables_dir = vm["tables"].as<std::string>();
  if (vm.count("templates")) o.templates_dir = vm["templates"].as<std::string>();
  if (vm.count("icd10cm")) o.icd10cm_path = vm["icd10cm"].as<std::string>();
  o.quiet = vm.count("quiet") > 0;
  o.recursive = vm.count("recursive") > 0;
  if (vm.count("date")) {
    auto d = Date::Parse(vm["date"].as<std::string>());
    if (!d) throw FatalError("--date must be a real date in the form YYYY-MM-DD");
    o.date = *d;
  } else {
    o.date = Date::Today();
  }
  if (vm.count("jobs")) {
    o.jobs = vm["jobs"].as<int>();
    if (o.jobs < 1 || o.jobs > 256) throw FatalError("--jobs must be from 1 to 256");
  } else {
    o.jobs = DefaultJobs();
  }
  // The progress line goes to stderr on a terminal; not when `code` prints its CSV on the
  // same terminal, where the two would mix.
  o.progress = !o.quiet && ::isatty(STDERR_FILENO) &&
               !(args.command == Command::kCode && ::isatty(STDOUT_FILENO));
  if (args.command == Command::kGenerate || args.command == Command::kVoid) {
    ReadLedgerFileOptions(vm, args.command, &o);
    if (vm.count("out")) {
      o.out_dir = vm["out"].as<std::string>();
    } else if (args.command == Command::kGenerate || o.ledger.path.empty()) {
      throw FatalError("the option --out DIR is required");
    }
    if (vm.count("file-mode")) {
      o.file_mode = ParseFileMode(vm["file-mode"].as<std::string>());
    }
    if (vm.count("documents")) {
      o.documents = vm["documents"].as<std::string>();
      if (Trim(o.documents).empty()) {
        throw FatalError("--documents needs at least one of: " + DocumentNames());
      }
      SelectDocuments(o.documents);  // a usage error before anything is written
    }
    if (vm.count("x12-batch")) {
      o.x12_batch = vm["x12-batch"].as<std::string>();
      if (o.x12_batch.empty()) throw FatalError("--x12-batch needs a file name");
    }
    o.encrypt = vm.count("encrypt") > 0;
    if (vm.count("password-policy")) {
      const std::string p = vm["password-policy"].as<std::string>();
      if (!o.encrypt) throw FatalError("--password-policy needs --encrypt");
      if (p == "birthdate") {
        o.password_policy = PasswordPolicy::kBirthDate;
      } else if (p == "random") {
        o.password_policy = PasswordPolicy::kRandom;
      } else {
        throw FatalError("--password-policy must be 'birthdate' or 'random'");
      }
    }
  }
  if (vm.count("input")) o.inputs = vm["input"].as<std::vector<std::string>>();
  if (args.command == Command::kVoid) ReadVoidOptions(vm, &o);
  if (o.inputs.empty()) throw FatalError("no course files given");
  return args;
}

}  // namespace superbill
