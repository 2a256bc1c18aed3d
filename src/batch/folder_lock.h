// One run at a time per output folder: DIR/.superbill-lock holds the pid of the run that
// writes there. A second run stops at once instead of removing the first run's temporaries;
// the lock of a process that no longer exists (killed, machine restarted) is taken over.
#pragma once

#include <string>

namespace superbill {

// The lock file's name in an output folder (a reserved name: see output.h).
inline constexpr char kLockFileName[] = ".superbill-lock";

// Held from construction to destruction (also when the run ends by an exception). Throws
// FatalError "another superbill run (pid N) is writing to DIR" when a live process holds it.
class FolderLock {
 public:
  explicit FolderLock(const std::string& dir);
  ~FolderLock();
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace superbill
