// The commands that move courses between the clinic's spreadsheet and course files, and set
// up a new user's folder: `superbill import`, `superbill export`, `superbill init`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "batch/runner.h"

namespace superbill {

struct ConvertOptions {
  std::vector<std::string> inputs;  // import: CSV files; export: course files and folders
  std::string out;                  // import, init: a folder; export: a CSV file
  bool overwrite = false;           // import: replace course files whose content differs
  unsigned file_mode = 0600;        // of the files written (folders get x where r is set)
  std::string templates_dir;        // init: empty for the installed templates/
  std::string program_path;         // argv[0], to find the installed templates/
};

// `superbill import FILE.csv... --out DIR`: DIR/<course id>.xml for each course the CSV files
// hold that reads without an error. An existing file of that name is left alone when it
// holds the same text, and is an error (the course is rejected) when it differs, unless
// `overwrite`. Problems go to `err`, then the one-line summary. kRejected when any course
// was rejected; throws FatalError for a bad argument or an unwritable folder.
ExitCode RunImport(const ConvertOptions& options, std::ostream& err);

// `superbill export --out FILE.csv COURSE.xml|DIR...`: every course that reads without an
// error, as one CSV course file (replacing FILE.csv); a course id given twice rejects the
// later course, as in a batch. A course's clinical history is left out, with a warning.
ExitCode RunExport(const ConvertOptions& options, std::ostream& err);

// `superbill init DIR`: a commented clinic file to fill in, an example course as XML and as
// CSV, an empty CSV with the header row, and README.txt with the next steps, listed on
// `out`. Writes nothing, and throws FatalError, when any of those files exists already.
ExitCode RunInit(const ConvertOptions& options, std::ostream& out);

// The names of the files `superbill init` writes, in the order it lists them.
std::vector<std::string> InitFileNames();

}  // namespace superbill
