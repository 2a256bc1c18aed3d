// Writing documents safely: every file appears whole or not at all, readable by the
// owner only; a course's folder is replaced in one step.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/diagnostic.h"

namespace superbill {

// Prefix of the temporary names the tool writes in an output folder.
inline constexpr char kTempPrefix[] = ".superbill-tmp-";

// The marker file in every course folder the tool writes: the tool replaces or removes a
// folder only when it is its own (it is not a document: not in the ledger, not hashed).
inline constexpr char kCourseMarker[] = ".superbill-course";

// A document could not be written (disk full, quota, I/O error). The message names the
// document (DIR/ID/superbill.pdf, DIR/report.csv), never a temporary path; `error` is the
// errno.
class WriteError : public FatalError {
 public:
  WriteError(const std::string& document, const std::string& what, int error);
  int error() const { return error_; }

 private:
  int error_;
};

// Tests only: when the environment variable SUPERBILL_TEST_FAIL_WRITE is N (> 0), the Nth
// write of a file's bytes (documents, report, lists) fails with ENOSPC as on a full disk,
// and only that one (so the test sees report.csv written after it, as when space is left).
// Read once; the cost on the normal path is one relaxed atomic increment per write.

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

// Creates `dir/<name>` holding `files` (name, bytes) and the marker: written into a temporary
// folder first, then renamed into place, replacing an older folder of that name. Not flushed.
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

// Who `dir/<name>` belongs to. Ours: a folder holding the marker, or (folders of versions
// before the marker) one whose every entry is one of `document_names`; anything else there
// (a file, a folder of the user's) is foreign and is neither replaced nor removed.
enum class FolderOwner { kNone, kOurs, kForeign };
FolderOwner CourseFolderOwner(const std::string& dir, const std::string& name,
                              const std::vector<std::string>& document_names);

// How many course folders of ours `dir` holds.
std::size_t CountCourseFolders(const std::string& dir,
                               const std::vector<std::string>& document_names);

// Removes temporary files and folders an interrupted earlier run left in `dir`.
// Returns how many it removed.
int CleanStaleTemporaries(const std::string& dir);

}  // namespace superbill
