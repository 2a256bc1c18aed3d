// Stopping a batch on SIGINT or SIGTERM: while a guard lives, the first such signal only
// sets a flag that the batch polls (it stops taking new courses, finishes the ones in
// flight and writes its report); a second one ends the program at once, as usual.
#pragma once

#include <atomic>

namespace superbill {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // The flag the signal sets (a batch polls it).
  static const std::atomic<bool>& flag();
};

}  // namespace superbill
