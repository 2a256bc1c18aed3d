// Writing documents safely: every file appears whole or not at all, readable by the
// owner only; a course's folder is replaced in one step.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace superbill {

// Prefix of the temporary names the tool writes in an output folder.
inline constexpr char kTempPrefix[] = ".superbill-tmp-";

// Writes `bytes` to `path` through a temporary file in the same folder (fsync, rename).
// Throws FatalError naming the path on failure; no partial file is left behind.
void WriteFileAtomic(const std::string& path, std::string_view bytes, unsigned mode = 0600);

// Creates `dir/<name>` holding `files` (name, bytes): written into a temporary folder
// first, then renamed into place, replacing an older folder of that name.
void PublishFolder(const std::string& dir, const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& files);

// Removes `dir/<name>` (a stale document folder of a now-rejected course), if present.
void RemoveFolder(const std::string& dir, const std::string& name);

// Removes temporary files and folders an interrupted earlier run left in `dir`.
// Returns how many it removed.
int CleanStaleTemporaries(const std::string& dir);

}  // namespace superbill
