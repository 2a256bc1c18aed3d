#include "batch/folder_lock.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "common/diagnostic.h"

namespace superbill {

namespace {

// The pid written in a lock file; 0 when it holds none.
long ReadPid(int fd) {
  char buf[32] = {};
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  char* end = nullptr;
  long pid = std::strtol(buf, &end, 10);
  return pid > 0 ? pid : 0;
}

bool Alive(long pid) {
  return pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH);
}

}  // namespace

// The file holds the pid (for the message, and so a stale lock can be told from a live
// one); flock on it makes taking it over race-free between two runs that both find it stale:
// a run holds the lock while it holds the flock, and the pid is checked only when the flock
// is free or its holder is gone.
FolderLock::FolderLock(const std::string& dir)
    : path_((std::filesystem::path(dir) / kLockFileName).string()) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd_ < 0) {
      throw FatalError(Diagnostics{
          {{path_},
           std::string("cannot create the output folder's lock: ") + std::strerror(errno)}});
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const long pid = ReadPid(fd_);
      ::close(fd_);
      fd_ = -1;
      throw FatalError("another superbill run" +
                       (pid > 0 ? " (pid " + std::to_string(pid) + ")" : std::string()) +
                       " is writing to " + dir);
    }
    // The flock is ours. A lock file of a live process that does not flock it (an older
    // tool, or a file written by hand) still counts: its pid is alive.
    const long pid = ReadPid(fd_);
    if (pid > 0 && pid != ::getpid() && Alive(pid)) {
      ::close(fd_);
      fd_ = -1;
      throw FatalError("another superbill run (pid " + std::to_string(pid) + ") is writing to " +
                       dir);
    }
    // The file may have been removed by its releasing holder between our open and flock:
    // then we locked a file nobody else sees; start again.
    struct stat by_fd {
    }, by_path{};
    if (::fstat(fd_, &by_fd) != 0 || ::stat(path_.c_str(), &by_path) != 0 ||
        by_fd.st_ino != by_path.st_ino || by_fd.st_dev != by_path.st_dev) {
      ::close(fd_);
      fd_ = -1;
      continue;
    }
    const std::string text = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 ||
        ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size())) {
      const int err = errno;
      ::close(fd_);
      fd_ = -1;
      throw FatalError(Diagnostics{
          {{path_}, std::string("cannot write the output folder's lock: ") + std::strerror(err)}});
    }
    return;
  }
  throw FatalError("another superbill run is writing to " + dir);
}

FolderLock::~FolderLock() {
  if (fd_ < 0) return;
  // Removed while still flocked, so the next run never finds our pid in it.
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace superbill
