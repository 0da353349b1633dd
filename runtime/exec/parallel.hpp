// The one fork-join helper: runs fn(0..n-1) on up to `threads` threads (the caller's
// included), each thread taking the next index in order. If calls throw, the error of
// the lowest index is rethrown once all have finished, so that which error a run
// reports does not depend on the number of threads or their timing.
//
// The other threads come from a pool kept for the whole process (parallel.cpp): a
// call creates no thread, which matters besides the microseconds saved, because
// creating a thread waits for any library being loaded (the JIT's LLVM takes 50 ms
// to load, and `auto` loads it while the interpreter runs).
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

namespace sam::rt {

// Threads to use for `requested` (0: one per hardware thread).
inline int ThreadsFor(int requested) {
  return requested > 0 ? requested : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Runs work() on the calling thread and on up to `helpers` pool threads at once,
// returning once every one of those has returned. work() must not throw. A caller
// at idle priority runs it alone.
void RunOnPool(size_t helpers, const std::function<void()>& work);

template <class Fn>
void ParallelFor(size_t n, int threads, Fn fn) {
  std::atomic<size_t> next{0};
  std::mutex error_mutex;
  size_t error_index = SIZE_MAX;
  std::exception_ptr error;
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (i < error_index) {
          error_index = i;
          error = std::current_exception();
        }
      }
    }
  };
  const size_t helpers = std::min<size_t>(n, static_cast<size_t>(std::max(threads, 1))) - (n > 0 ? 1 : 0);
  if (helpers == 0) {
    work();
  } else {
    RunOnPool(helpers, work);
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace sam::rt
