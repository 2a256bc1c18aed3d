// The command line of `void` and `ledger list|verify|backup`, and the ledger options of
// `generate` (Boost.Program_options, like the rest of src/cli).
#pragma once

#include <boost/program_options.hpp>
#include <iosfwd>

#include "cli/options.h"

namespace superbill {

// --ledger FILE (and, for generate, --no-ledger).
boost::program_options::options_description LedgerFileOptions(Command command);
// Reads what LedgerFileOptions defines into `o`. Throws FatalError on a bad combination.
void ReadLedgerFileOptions(const boost::program_options::variables_map& vm, Command command,
                           RunOptions* o);

// --reason TEXT, for void.
boost::program_options::options_description VoidOptions();
// Reads --reason and takes the course id off the front of o->inputs. Throws FatalError.
void ReadVoidOptions(const boost::program_options::variables_map& vm, RunOptions* o);

// Parses `superbill ledger COMMAND ...` (argv[1] is "ledger"). Throws FatalError.
ParsedArgs ParseLedgerArgs(int argc, char** argv);

// The help of the ledger commands; for void, the text before its options.
void PrintLedgerHelp(std::ostream& out, Command command);
// The exit codes of void, for the end of its help.
const char* VoidExitCodes();

}  // namespace superbill
