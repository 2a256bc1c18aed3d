// Reads the clinic file (input format version 1) into a Clinic.
#pragma once

#include <string>

#include "model/clinic.h"
#include "model/tables.h"

namespace superbill {

// Parses the clinic file text; every problem (format, NPI, EIN, unknown codes) is appended
// to `diags`. The clinic is usable only when no diagnostic was added.
Clinic ParseClinic(const std::string& path, std::string text, const Tables& tables,
                   Diagnostics* diags);

// Reads and parses `path`; throws FatalError with every problem when it is unusable.
Clinic LoadClinic(const std::string& path, const Tables& tables);

}  // namespace superbill
