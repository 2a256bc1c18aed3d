// A CSV file as rows of cells: RFC 4180 read strictly, with what real spreadsheets write
// tolerated (a UTF-8 byte order mark, CRLF, LF or CR line ends, quoted fields holding
// commas, quotes and line breaks, blank rows). Everything else is one located error.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/diagnostic.h"

namespace superbill {

// Most columns a row may fill (the course format has about 60).
constexpr std::size_t kMaxCsvColumns = 1000;

struct CsvRow {
  // The spreadsheet row: 1 for the file's first record, counting blank ones; it is the
  // file's line number as long as no cell above holds a line break.
  int number = 0;
  // The cells, trimmed, with tabs and line breaks inside a cell turned into spaces (as XML
  // does in attribute values), and without the apostrophe that keeps a spreadsheet from
  // taking a cell for a formula (see StartsLikeFormula). Empty cells after the last filled
  // one are not kept.
  std::vector<std::string> cells;
  // Cell `i` (0-based), "" past the end.
  const std::string& Cell(std::size_t i) const;
};

// Whether `cell` is =, +, - or @ first after any apostrophes: a spreadsheet would take it
// for a formula. A writer puts one more apostrophe before such a cell ('+1 310 ...), and
// the reader drops one from a cell that starts with an apostrophe and is such a cell.
bool StartsLikeFormula(std::string_view cell);

struct CsvTable {
  std::vector<CsvRow> rows;  // blank rows left out
};

// Parses the bytes of the CSV file `path` into `table`. On a problem that leaves the file
// unreadable (not UTF-8, UTF-16, a malformed quote, a control character, an XML file, more
// than kMaxCsvColumns filled columns) appends one located diagnostic and returns false.
bool ParseCsvTable(const std::string& path, std::string_view text, CsvTable* table,
                   Diagnostics* diags);

}  // namespace superbill
