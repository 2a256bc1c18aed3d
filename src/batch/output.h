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

// Permissions of what the tool writes: owner-only unless --file-mode says otherwise.
struct FileModes {
  unsigned file = 0600;
  unsigned folder = 0700;
};
// The modes for a --file-mode: folders get search (x) wherever the file mode gives read.
FileModes ModesFor(unsigned file_mode);

// Durability: documents are not flushed one by one (an fsync per file would cost more
// than rendering them); SyncFolderFileSystem flushes a whole batch at once before the
// report is written, so a course listed "ok" in report.csv is on disk.

// Creates `dir/<name>` holding `files` (name, bytes): written into a temporary folder
// first, then renamed into place, replacing an older folder of that name. Not flushed.
void PublishFolder(const std::string& dir, const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& files,
                   const FileModes& modes = {});

// Flushes everything written to the file system that holds `dir` (syncfs).
void SyncFolderFileSystem(const std::string& dir);

// A file written piece by piece under a temporary name in its folder, and renamed into
// place (after an fsync) by Commit. Removed if never committed.
class StreamedFile {
 public:
  StreamedFile(const std::string& path, unsigned mode);
  ~StreamedFile();
  StreamedFile(const StreamedFile&) = delete;
  StreamedFile& operator=(const StreamedFile&) = delete;
  void Append(std::string_view bytes);
  void Commit();

 private:
  void Flush();
  std::string path_, tmp_;
  int fd_ = -1;
  std::string buffer_;
};

// Removes `dir/<name>` (a stale document folder of a now-rejected course), if present.
void RemoveFolder(const std::string& dir, const std::string& name);

// Removes temporary files and folders an interrupted earlier run left in `dir`.
// Returns how many it removed.
int CleanStaleTemporaries(const std::string& dir);

}  // namespace superbill
