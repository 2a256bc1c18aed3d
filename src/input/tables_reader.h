// Loads the reference tables of cpt_tables/ and, optionally, the CMS ICD-10-CM order file.
#pragma once

#include <string>

#include "common/diagnostic.h"
#include "model/tables.h"

namespace superbill {

// Loads every table in `dir`. Throws FatalError listing each problem with its place.
Tables LoadTables(const std::string& dir);

// Adds every code of a CMS "icd10cm_order_YYYY.txt" file to `tables` (replacing the
// shipped entries of the same code). Throws FatalError on an unreadable or malformed file.
void LoadIcd10OrderFile(const std::string& path, Tables* tables);

// Parses the text of an order file; problems are appended to `diagnostics`.
void ParseIcd10Order(const std::string& path, const std::string& text, Tables* tables,
                     Diagnostics* diagnostics);

// Parses the text of rules.txt into `rules`; problems are appended to `diagnostics`.
void ParseRules(const std::string& path, const std::string& text, Rules* rules,
                Diagnostics* diagnostics);

}  // namespace superbill
