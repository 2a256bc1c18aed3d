// The names the tool writes in an output folder besides the course folders. A course id
// is a folder name there, so these are reserved: a course may not be called one of them
// (compared without regard to case, for case-insensitive file systems). Names starting with
// '.' (the lock, the X12 state file, temporaries, markers) are reserved as a whole. The
// writers use these constants, so a new file the tool writes is added here.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace superbill {

inline constexpr char kReportFileName[] = "report.csv";
inline constexpr char kPasswordsFileName[] = "passwords.csv";
inline constexpr char kLedgerFileName[] = "ledger.sqlite";

// Besides the names above, what SQLite writes beside the ledger.
inline constexpr std::array<std::string_view, 6> kReservedOutputNames = {
    kReportFileName,     kPasswordsFileName,  kLedgerFileName,
    "ledger.sqlite-wal", "ledger.sqlite-shm", "ledger.sqlite-journal",
};

// True when a course folder named `name` would collide with a file the tool writes.
inline bool IsReservedOutputName(std::string_view name) {
  if (!name.empty() && name[0] == '.') return true;
  for (std::string_view r : kReservedOutputNames) {
    if (r.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < r.size() && same; ++i) {
      char a = r[i], b = name[i];
      if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
      same = a == b;
    }
    if (same) return true;
  }
  return false;
}

}  // namespace superbill
