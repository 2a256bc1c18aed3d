#include "batch/control_numbers.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "batch/output.h"
#include "common/diagnostic.h"
#include "common/text.h"

namespace superbill {

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kMax = 999'999'999;  // ISA13 has 9 digits

[[noreturn]] void Malformed(const std::string& path, int line, const std::string& what) {
  throw FatalError(Diagnostics{
      {{path, line, line ? 1 : 0},
       what + " (this file keeps the last X12 control number used; fix it, or remove it only "
              "after raising the clinic's firstControlNumber past every number sent)"}});
}

}  // namespace

ControlNumbers::ControlNumbers(const std::string& dir, std::int64_t configured_first,
                               unsigned file_mode)
    : path_((fs::path(dir) / kX12StateFile).string()), file_mode_(file_mode) {
  std::int64_t last = 0;
  std::string text;
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path_, ec))) {
    if (!ReadFile(path_, &text, 4096)) {
      throw FatalError(Diagnostics{{{path_}, std::string("cannot read: ") + std::strerror(errno)}});
    }
    int line_no = 0;
    bool found = false;
    for (const auto& raw : Split(text, '\n')) {
      ++line_no;
      const std::string line = Trim(raw);
      if (line.empty() || line[0] == '#') continue;
      const std::string key = "last=";
      if (found || line.rfind(key, 0) != 0) Malformed(path_, line_no, "expected one line last=N");
      const std::string digits = line.substr(key.size());
      bool ok = !digits.empty() && digits.size() <= 9;
      for (char c : digits) {
        if (c < '0' || c > '9') ok = false;
        if (ok) last = last * 10 + (c - '0');
      }
      if (!ok) Malformed(path_, line_no, "last=N needs a number of 1 to 9 digits");
      found = true;
    }
    if (!found) Malformed(path_, 0, "the file names no last=N");
  }
  first_ = std::max(configured_first, last + 1);
  if (first_ > kMax) {
    throw FatalError(Diagnostics{
        {{path_}, "every X12 interchange control number up to 999999999 is used in this folder"}});
  }
  reserved_ = first_ - 1;
  requested_ = first_ - 1;
}

void ControlNumbers::Write(std::int64_t last) {
  char number[16];
  std::snprintf(number, sizeof number, "%09lld", static_cast<long long>(last));
  StreamedFile f(path_, file_mode_);
  f.Append(
      "# superbill: the last X12 837P interchange control number (ISA13) used in this folder.\n"
      "# The next generate run starts after it. Keep this file and never lower the number:\n"
      "# clearinghouses reject an interchange control number they have seen before.\n"
      "last=");
  f.Append(number);
  f.Append("\n");
  f.Commit();
}

void ControlNumbers::Reserve(std::int64_t number) {
  std::lock_guard lock(mu_);
  if (number > kMax) {
    throw FatalError(Diagnostics{
        {{path_}, "the X12 interchange control numbers of this run would pass 999999999"}});
  }
  requested_ = std::max(requested_, number);
  if (number <= reserved_) return;
  const std::int64_t upto = std::min(kMax, std::max(number, reserved_ + kChunk));
  Write(upto);
  reserved_ = upto;
}

void ControlNumbers::Finish() {
  std::lock_guard lock(mu_);
  if (requested_ < first_ || requested_ == reserved_) return;
  Write(requested_);
  reserved_ = requested_;
}

}  // namespace superbill
