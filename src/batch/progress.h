// The progress line of a batch on a terminal: done / total, courses per second and the time
// left, rewritten in place at most 10 times a second. Names no course and no patient.
#pragma once

#include <chrono>
#include <cstddef>
#include <ostream>

namespace superbill {

class Progress {
 public:
  // `enabled` false: prints nothing at all (stderr is not a terminal, or --quiet).
  Progress(std::ostream& out, bool enabled, std::size_t total);

  // Shows `done` courses, unless the line was drawn less than 100 ms ago.
  void Update(std::size_t done);
  // Erases the line (before a diagnostic or the summary is printed); the next Update
  // draws it again.
  void Clear();

  // The line for `done` of `total` after `seconds` (exposed for tests).
  static std::string Line(std::size_t done, std::size_t total, double seconds);

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& out_;
  bool enabled_;
  std::size_t total_;
  Clock::time_point start_;
  Clock::time_point last_draw_;
  bool drawn_ = false;  // a line is on the screen
  bool ever_ = false;   // a line was ever drawn
};

}  // namespace superbill
