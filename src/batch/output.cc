#include "batch/output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "common/diagnostic.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

std::string UniqueSuffix() {
  static std::atomic<unsigned long> counter{0};
  static const pid_t pid = ::getpid();
  return std::to_string(pid) + "-" + std::to_string(counter.fetch_add(1));
}

[[noreturn]] void Fail(const std::string& path, const std::string& what, int err) {
  throw FatalError(Diagnostics{{{path}, what + ": " + std::strerror(err)}});
}

// The write SUPERBILL_TEST_FAIL_WRITE makes fail (0: none).
long FailingWrite() {
  static const long n = [] {
    const char* v = std::getenv("SUPERBILL_TEST_FAIL_WRITE");
    return v ? std::strtol(v, nullptr, 10) : 0L;
  }();
  return n;
}

ssize_t WriteOnce(int fd, std::string_view bytes) {
  static std::atomic<long> writes{0};
  if (FailingWrite() > 0 && writes.fetch_add(1, std::memory_order_relaxed) + 1 == FailingWrite()) {
    errno = ENOSPC;
    return -1;
  }
  return ::write(fd, bytes.data(), bytes.size());
}

// Writes `bytes` to the file `path` (`document`: its name in messages).
void WriteAll(int fd, std::string_view bytes, const std::string& path,
              const std::string& document) {
  while (!bytes.empty()) {
    ssize_t n = WriteOnce(fd, bytes);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      ::unlink(path.c_str());
      throw WriteError(document, "cannot write", err);
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

void SyncDir(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

WriteError::WriteError(const std::string& document, const std::string& what, int error)
    : FatalError(Diagnostics{{{document}, what + ": " + std::strerror(error)}}), error_(error) {}

FileModes ModesFor(unsigned file_mode) {
  FileModes m;
  m.file = file_mode & 0666;
  m.folder = m.file | ((m.file & 0444) >> 2) | 0700;
  return m;
}

void PublishFolder(const std::string& dir, const std::string& name,
                   const std::vector<std::pair<std::string, std::string>>& files,
                   const FileModes& modes) {
  std::string tmp = (fs::path(dir) / (std::string(kTempPrefix) + UniqueSuffix())).string();
  if (::mkdir(tmp.c_str(), 0700) != 0)
    throw WriteError((fs::path(dir) / name).string(), "cannot create folder", errno);
  try {
    auto write = [&](const std::string& file, std::string_view bytes, unsigned mode) {
      const std::string path = tmp + "/" + file;
      const std::string document = (fs::path(dir) / name / file).string();
      int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) throw WriteError(document, "cannot create", errno);
      if (mode != 0600) ::fchmod(fd, mode);
      WriteAll(fd, bytes, path, document);
      if (::close(fd) != 0) throw WriteError(document, "cannot write", errno);
    };
    for (const auto& [file, bytes] : files) write(file, bytes, modes.file);
    write(kCourseMarker, "written by superbill: this folder is replaced by its next run\n",
          modes.file);
    if (modes.folder != 0700) ::chmod(tmp.c_str(), modes.folder);
  } catch (...) {
    std::error_code ec;
    fs::remove_all(tmp, ec);
    throw;
  }
  std::string target = (fs::path(dir) / name).string();
  // Usually there is no older folder and one rename does it. Otherwise the older one is
  // moved aside first, so the new one still appears in one rename.
  if (::rename(tmp.c_str(), target.c_str()) == 0) return;
  std::error_code ec;
  if (errno != ENOTEMPTY && errno != EEXIST && errno != ENOTDIR && errno != EISDIR) {
    int err = errno;
    fs::remove_all(tmp, ec);
    Fail(target, "cannot rename into place", err);
  }
  // An older folder: swapped with the new one in one step (so the course's folder never
  // goes missing, which the ledger's verify would report), then removed; where the file
  // system cannot swap, moved aside first.
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(tmp, ec);
    return;
  }
  std::string old = (fs::path(dir) / (std::string(kTempPrefix) + UniqueSuffix())).string();
  if (::rename(target.c_str(), old.c_str()) != 0) {
    int err = errno;
    fs::remove_all(tmp, ec);
    Fail(target, "cannot replace the older folder", err);
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    int err = errno;
    fs::remove_all(tmp, ec);
    Fail(target, "cannot rename into place", err);
  }
  fs::remove_all(old, ec);
}

void SyncFolderFileSystem(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) Fail(dir, "cannot open", errno);
  int rc = ::syncfs(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) Fail(dir, "cannot flush to disk", err);
}

StreamedFile::StreamedFile(const std::string& path, unsigned mode) : path_(path) {
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  tmp_ = (dir / (std::string(kTempPrefix) + UniqueSuffix())).string();
  fd_ = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd_ < 0) Fail(path, "cannot create", errno);
  ::fchmod(fd_, mode);
}

StreamedFile::~StreamedFile() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

void StreamedFile::Append(std::string_view bytes) {
  buffer_.append(bytes);
  if (buffer_.size() >= 64 * 1024) Flush();
}

void StreamedFile::Flush() {
  try {
    // Closes the file and removes it on failure.
    WriteAll(fd_, buffer_, tmp_, path_);
  } catch (...) {
    fd_ = -1;
    throw;
  }
  buffer_.clear();
}

void StreamedFile::Commit() {
  Flush();
  int rc = ::fsync(fd_);
  int err = errno;
  if (rc == 0) {
    rc = ::close(fd_);
    err = errno;
  } else {
    ::close(fd_);
  }
  fd_ = -1;
  if (rc != 0) {
    ::unlink(tmp_.c_str());
    throw WriteError(path_, "cannot write", err);
  }
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) {
    err = errno;
    ::unlink(tmp_.c_str());
    Fail(path_, "cannot rename into place", err);
  }
  fs::path dir = fs::path(path_).parent_path();
  SyncDir(dir.empty() ? "." : dir.string());
}

void RemoveFolder(const std::string& dir, const std::string& name) {
  std::error_code ec;
  fs::path target = fs::path(dir) / name;
  if (!fs::is_directory(fs::symlink_status(target, ec))) return;
  std::string old = (fs::path(dir) / (std::string(kTempPrefix) + UniqueSuffix())).string();
  if (::rename(target.c_str(), old.c_str()) == 0) fs::remove_all(old, ec);
}

FolderOwner CourseFolderOwner(const std::string& dir, const std::string& name,
                              const std::vector<std::string>& document_names) {
  std::error_code ec;
  const fs::path target = fs::path(dir) / name;
  const fs::file_status st = fs::symlink_status(target, ec);
  if (ec || st.type() == fs::file_type::not_found) return FolderOwner::kNone;
  if (st.type() != fs::file_type::directory) return FolderOwner::kForeign;
  if (fs::is_regular_file(fs::symlink_status(target / kCourseMarker, ec)))
    return FolderOwner::kOurs;
  for (fs::directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string entry = it->path().filename().string();
    if (std::find(document_names.begin(), document_names.end(), entry) == document_names.end() ||
        !it->is_regular_file(ec)) {
      return FolderOwner::kForeign;
    }
  }
  return ec ? FolderOwner::kForeign : FolderOwner::kOurs;
}

std::size_t CountCourseFolders(const std::string& dir,
                               const std::vector<std::string>& document_names) {
  std::size_t n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    if (CourseFolderOwner(dir, name, document_names) == FolderOwner::kOurs) ++n;
  }
  return n;
}

int CleanStaleTemporaries(const std::string& dir) {
  int removed = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().filename().string().rfind(kTempPrefix, 0) == 0) {
      std::error_code rm;
      fs::remove_all(e.path(), rm);
      if (!rm) ++removed;
    }
  }
  return removed;
}

}  // namespace superbill
