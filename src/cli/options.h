// The command line: argv -> a command and its RunOptions (Boost.Program_options lives here only).
#pragma once

#include <iosfwd>
#include <string>

#include "batch/convert.h"
#include "batch/runner.h"

namespace superbill {

enum class Command {
  kNone,
  kGenerate,
  kCode,
  kValidate,
  kImport,
  kExport,
  kInit,
  kVoid,
  kLedger,  // `superbill ledger` without its command: help only
  kLedgerList,
  kLedgerVerify,
  kLedgerBackup,
};

struct ParsedArgs {
  Command command = Command::kNone;
  RunOptions options;
  ConvertOptions convert;  // import, export, init
  bool show_help = false;
  bool show_version = false;
};

// Parses argv. Throws FatalError with a usage message on a bad command line.
ParsedArgs ParseArgs(int argc, char** argv);

// Help text: the overview, or one command's.
void PrintHelp(std::ostream& out, Command command);

}  // namespace superbill
