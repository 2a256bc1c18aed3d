// X12 interchange control numbers (ISA13) that never repeat in an output folder: the last
// number handed out is kept in DIR/.superbill-x12-state, and a number is recorded there
// (atomically: a temporary file, fsync, rename) before any document carries it, so an
// interrupted or killed run can never lead the next run to use it again. Clearinghouses
// reject an interchange whose control number they have seen before.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace superbill {

// The state file's name in the output folder (a course id cannot start with '.').
inline constexpr char kX12StateFile[] = ".superbill-x12-state";

class ControlNumbers {
 public:
  // Reads DIR/.superbill-x12-state (absent: no number used yet). The run's first number is
  // the larger of `configured_first` (the clinic's firstControlNumber) and the last number
  // used + 1. Throws FatalError on a malformed state file or when no number is left.
  ControlNumbers(const std::string& dir, std::int64_t configured_first, unsigned file_mode);

  // The first number of this run.
  std::int64_t first() const { return first_; }

  // Records `number` (>= first()) as used before a document carrying it is written: when it
  // lies past what the state file already reserves, the file is rewritten reserving the next
  // kChunk numbers (one write per chunk, not per course). Safe from several threads. Throws
  // FatalError past 999999999 or when the file cannot be written.
  void Reserve(std::int64_t number);

  // At the end of a run, finished or not: the state file keeps the highest number Reserve
  // was given (no reservation beyond it), so the next run starts right after it.
  void Finish();

  static constexpr std::int64_t kChunk = 1000;

 private:
  void Write(std::int64_t last);

  std::string path_;
  unsigned file_mode_;
  std::int64_t first_ = 1;
  std::mutex mu_;
  std::int64_t reserved_ = 0;   // the last number the state file holds
  std::int64_t requested_ = 0;  // the highest number handed to Reserve
};

}  // namespace superbill
