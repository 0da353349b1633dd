// The kernels' worker threads: started once and kept, so that a kernel pays a wake-up
// (not a thread start) and the workers' scratch buffers (thread_local) stay mapped
// between runs, as the interpreter's do.
#include <condition_variable>
#include <mutex>

#include "bench/kernels/common.hpp"

namespace sam::bench::kernels {
namespace {

class Pool {
 public:
  ~Pool() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    wake_.notify_all();
    for (auto& t : workers_) t.join();
  }

  void Run(int threads, const std::function<void(int)>& f) {
    std::unique_lock lock(run_mu_);  // one job at a time
    {
      std::lock_guard g(mu_);
      while (static_cast<int>(workers_.size()) < threads - 1) {
        const int w = static_cast<int>(workers_.size()) + 1;
        workers_.emplace_back([this, w] { Work(w); });
      }
      job_ = &f;
      want_ = threads - 1;
      pending_ = want_;
      ++generation_;
    }
    wake_.notify_all();
    f(0);
    std::unique_lock g(mu_);
    done_.wait(g, [&] { return pending_ == 0; });
    job_ = nullptr;
  }

 private:
  void Work(int w) {
    uint64_t seen = 0;
    std::unique_lock lock(mu_);
    seen = generation_ - (job_ != nullptr && w <= want_ ? 1 : 0);  // a job posted while starting
    for (;;) {
      wake_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      if (w > want_) continue;
      const std::function<void(int)>* job = job_;
      lock.unlock();
      (*job)(w);
      lock.lock();
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::mutex run_mu_, mu_;
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  const std::function<void(int)>* job_ = nullptr;
  uint64_t generation_ = 0;
  int want_ = 0, pending_ = 0;
  bool stop_ = false;
};

}  // namespace

void RunOnWorkers(int threads, const std::function<void(int)>& f) {
  static Pool pool;
  if (threads <= 1) return f(0);
  pool.Run(threads, f);
}

}  // namespace sam::bench::kernels
