#include "runtime/exec/parallel.hpp"

#include <sched.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <vector>

namespace sam::rt {
namespace {

// One RunOnPool call: its work, how many pool threads are in it, and whether it
// takes more (once the caller's own share is done, none may join).
struct Job {
  const std::function<void()>* work = nullptr;
  std::mutex mutex;
  std::condition_variable done;
  int running = 0;
  bool closed = false;
};

// Threads made on demand and kept until the process ends; each waits for a ticket (a
// job to help with), so that an idle pool costs nothing.
class Pool {
 public:
  void Run(size_t helpers, const std::function<void()>& work) {
    auto job = std::make_shared<Job>();
    job->work = &work;
    {
      std::lock_guard lock(mutex_);
      while (threads_ < helpers) {
        std::thread([this] { Loop(); }).detach();  // lives as long as the process
        ++threads_;
      }
      for (size_t k = 0; k < helpers; ++k) tickets_.push_back(job);
    }
    ready_.notify_all();
    work();
    std::unique_lock lock(job->mutex);
    job->closed = true;  // tickets still queued are dropped when taken
    job->done.wait(lock, [&] { return job->running == 0; });
  }

 private:
  void Loop() {
    while (true) {
      std::shared_ptr<Job> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !tickets_.empty(); });
        job = std::move(tickets_.front());
        tickets_.pop_front();
      }
      {
        std::lock_guard lock(job->mutex);
        if (job->closed) continue;
        ++job->running;
      }
      (*job->work)();
      std::lock_guard lock(job->mutex);
      if (--job->running == 0) job->done.notify_all();
    }
  }

  std::mutex mutex_;  // guards what follows
  std::condition_variable ready_;
  std::deque<std::shared_ptr<Job>> tickets_;
  size_t threads_ = 0;
};

}  // namespace

void RunOnPool(size_t helpers, const std::function<void()>& work) {
  // An idle-priority caller (the `auto` backend's compiler) works alone: its work
  // must not take the pool's threads from the interpreter, and a thread lowered to
  // idle priority cannot be raised again without privileges.
  if (sched_getscheduler(0) == SCHED_IDLE) return work();
  // Never destroyed: its threads may still wait for work when the process exits.
  static Pool* pool = new Pool;
  pool->Run(helpers, work);
}

}  // namespace sam::rt
