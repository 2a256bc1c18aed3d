#include "batch/progress.h"

#include <cstdio>
#include <string>

namespace superbill {

Progress::Progress(std::ostream& out, bool enabled, std::size_t total)
    : out_(out), enabled_(enabled), total_(total), start_(Clock::now()), last_draw_(start_) {}

std::string Progress::Line(std::size_t done, std::size_t total, double seconds) {
  char buf[160];
  double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  int n = std::snprintf(buf, sizeof buf, "superbill: %zu/%zu courses, %.0f/s", done, total, rate);
  if (rate > 0 && done < total) {
    long left = static_cast<long>(static_cast<double>(total - done) / rate + 0.5);
    std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), ", %ld:%02ld left", left / 60,
                  left % 60);
  }
  return buf;
}

void Progress::Update(std::size_t done) {
  if (!enabled_) return;
  Clock::time_point now = Clock::now();
  // The first line waits 100 ms too, so a short batch shows none.
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  double seconds = std::chrono::duration<double>(now - start_).count();
  out_ << "\r\033[K" << Line(done, total_, seconds) << std::flush;
  drawn_ = ever_ = true;
}

void Progress::Clear() {
  if (!drawn_) return;
  out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace superbill
