// RunBatch: courses in parallel from a bounded window, results back in input order.
//
// The calling thread hands out course numbers and emits results; workers take the next
// number, read and code that course, then wait for their turn to check its id against
// every earlier course (so the first course with an id wins, whatever the timing), then
// run `work`. A worker may run ahead of the oldest unemitted course by at most the window,
// which bounds memory by the largest courses, not by the batch.
#include <malloc.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

#include "batch/course_inputs.h"
#include "batch/id_registry.h"
#include "batch/progress.h"
#include "batch/runner.h"

namespace superbill {

BatchOutcome RunBatch(const Context& ctx, const std::vector<std::string>& inputs, std::ostream& err,
                      const BatchOptions& options, const std::function<void(CourseResult&)>& work,
                      const std::function<void(const CourseResult&)>& emit) {
  // (Its sorting buffers are handed back before this.)
  const CourseInputs list(inputs, &ctx.tables.field_limits, options.recursive);
  const std::size_t total = list.size();
  // glibc hands freed memory back to the system as soon as 128 KiB are free at the top of
  // a heap, and each course frees its documents: measured, that was 80% of the system time
  // of a batch (madvise, then page faults to get the memory back). Keeping up to 64 MiB
  // free costs nothing that was not already in use.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  const int jobs = std::max(1, options.jobs);
  // Courses a worker may be ahead of the oldest unemitted one.
  const std::size_t window = 2 * static_cast<std::size_t>(jobs) + 2;

  std::mutex mu;
  std::condition_variable worker_cv;  // a course number became free, or stop
  std::condition_variable turn_cv;    // the id check moved on
  std::condition_variable result_cv;  // a result is ready
  CourseInputs::Cursor cursor(list);
  std::size_t next = 0;       // the next course number to hand out
  std::size_t checked = 0;    // courses whose id check is done
  std::size_t emitted = 0;    // courses emitted
  std::size_t in_flight = 0;  // courses handed out and not yet back
  bool stopping = false;
  std::exception_ptr failure;
  std::vector<std::optional<CourseResult>> ready(window);
  IdRegistry ids(total, [&](std::uint32_t index) { return CourseIdOf(list.At(index)); });

  auto worker = [&] {
    for (;;) {
      std::size_t index;
      CourseInputs::Item item;
      {
        std::unique_lock lock(mu);
        worker_cv.wait(lock, [&] { return stopping || next >= total || next < emitted + window; });
        if (stopping || next >= total) return;
        index = next++;
        ++in_flight;
        cursor.Next(&item);
      }
      CourseResult r;
      std::exception_ptr error;
      try {
        r = item.csv ? ProcessReadCourse(item.path, item.csv->course, item.csv->diagnostics, ctx)
                     : ProcessCourse(item.path, ctx);
        r.index = index;
      } catch (...) {
        error = std::current_exception();
      }
      std::optional<std::uint32_t> earlier;
      {
        std::unique_lock lock(mu);
        turn_cv.wait(lock, [&] { return checked == index; });
        if (!error && !r.course.id.empty()) {
          try {
            earlier = ids.Insert(r.course.id, static_cast<std::uint32_t>(index));
          } catch (...) {
            error = std::current_exception();
          }
        }
        ++checked;
      }
      turn_cv.notify_all();
      if (earlier) MarkDuplicate(&r, list.At(*earlier).path);
      if (!error) {
        try {
          work(r);
        } catch (...) {
          error = std::current_exception();
        }
      }
      {
        std::lock_guard lock(mu);
        --in_flight;
        if (error) {
          // The course stays unemitted; the batch ends with the error.
          if (!failure) failure = error;
          stopping = true;
        } else {
          ready[index % window] = std::move(r);
        }
      }
      result_cv.notify_all();
      if (error) worker_cv.notify_all();
    }
  };

  std::vector<std::thread> threads;
  threads.reserve(static_cast<std::size_t>(jobs));
  for (int i = 0; i < jobs; ++i) threads.emplace_back(worker);

  auto stop_and_join = [&] {
    {
      std::lock_guard lock(mu);
      stopping = true;
    }
    worker_cv.notify_all();
    for (auto& t : threads) t.join();
  };

  BatchOutcome outcome;
  outcome.total = total;
  Progress progress(err, options.progress, total);
  try {
    for (;;) {
      std::optional<CourseResult> r;
      {
        std::unique_lock lock(mu);
        result_cv.wait_for(lock, std::chrono::milliseconds(100), [&] {
          return emitted == total || ready[emitted % window].has_value() ||
                 (stopping && in_flight == 0);
        });
        if (!stopping && options.stop && options.stop->load()) {
          stopping = true;
          worker_cv.notify_all();
        }
        if (emitted < total && ready[emitted % window]) {
          r = std::move(ready[emitted % window]);
          ready[emitted % window].reset();
          ++emitted;
        } else if (emitted == total || (stopping && in_flight == 0)) {
          break;  // all done, or stopped and every course in flight is back
        }
      }
      if (r) {
        worker_cv.notify_all();
        if (!r->diagnostics.empty()) {
          progress.Clear();
          for (const auto& line : PrintedDiagnostics(r->diagnostics)) err << line << '\n';
          outcome.warnings += CountWarnings(r->diagnostics);
        }
        if (r->ok()) {
          ++outcome.accepted;
        } else {
          ++outcome.rejected;
        }
        emit(*r);
      }
      progress.Update(emitted);
    }
  } catch (...) {
    stop_and_join();
    progress.Clear();
    throw;
  }
  stop_and_join();
  progress.Clear();
  if (failure) std::rethrow_exception(failure);
  // Stopped before the end (a signal that came after the last course changes nothing).
  outcome.interrupted = outcome.accepted + outcome.rejected < total;
  if (outcome.rejected > 0) outcome.code = ExitCode::kRejected;
  return outcome;
}

}  // namespace superbill
