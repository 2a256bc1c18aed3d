// superbill: argv -> options -> run -> exit code. All logic lives in the core library.
#include <iostream>
#include <locale>

#include "batch/ledger_commands.h"
#include "batch/runner.h"
#include "cli/options.h"
#include "common/diagnostic.h"

int main(int argc, char** argv) {
  using namespace superbill;
  std::cout.imbue(std::locale::classic());
  std::cerr.imbue(std::locale::classic());
  try {
    ParsedArgs args = ParseArgs(argc, argv);
    if (args.show_version) {
      std::cout << "superbill " << SUPERBILL_VERSION << '\n';
      return 0;
    }
    if (args.show_help) {
      PrintHelp(std::cout, args.command);
      return 0;
    }
    ExitCode code = ExitCode::kOk;
    switch (args.command) {
      case Command::kCode:
        code = RunCode(args.options, std::cout, std::cerr);
        break;
      case Command::kValidate:
        code = RunValidate(args.options, std::cerr);
        break;
      case Command::kGenerate:
        code = RunGenerate(args.options, std::cerr);
        break;
      case Command::kImport:
        code = RunImport(args.convert, std::cerr);
        break;
      case Command::kExport:
        code = RunExport(args.convert, std::cerr);
        break;
      case Command::kInit:
        code = RunInit(args.convert, std::cout);
        break;
      case Command::kVoid:
        code = RunVoid(args.options, std::cerr);
        break;
      case Command::kLedgerList:
        code = RunLedgerList(args.options, std::cout, std::cerr);
        break;
      case Command::kLedgerVerify:
        code = RunLedgerVerify(args.options, std::cout, std::cerr);
        break;
      case Command::kLedgerBackup:
        code = RunLedgerBackup(args.options, std::cerr);
        break;
      case Command::kNone:
      case Command::kLedger:
        break;
    }
    return static_cast<int>(code);
  } catch (const FatalError& e) {
    for (const auto& line : PrintedDiagnostics(e.diagnostics())) std::cerr << line << '\n';
    return static_cast<int>(ExitCode::kFatal);
  } catch (const std::exception& e) {
    std::cerr << "superbill: error: " << e.what() << '\n';
    return static_cast<int>(ExitCode::kFatal);
  }
}
