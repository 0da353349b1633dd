#include "backends/auto/tiered.hpp"

#include <pthread.h>
#include <sched.h>

#include <atomic>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "runtime/exec/morsels.hpp"

namespace sam::tiered {
namespace {

using Clock = std::chrono::steady_clock;
using backend::Question;

double MsSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// What every Prepared of one backend shares: the interpreter, the JIT (loaded once,
// by the first Prepared that starts it) and the report.
struct Shared {
  Shared(std::unique_ptr<backend::Backend> i, MakeJit m, const Options& o)
      : interp(std::move(i)), make_jit(std::move(m)), options(o) {}

  // The JIT, loaded on the first call (which waits for it); null when it cannot be.
  backend::Backend* Jit() {
    std::lock_guard lock(load_mutex);
    if (!load_tried) {
      load_tried = true;
      try {
        jit = make_jit();
      } catch (const std::exception& e) {
        std::lock_guard report_lock(mutex);
        report.failure = e.what();
      }
      std::lock_guard report_lock(mutex);
      report.jit = jit.get();
    }
    return jit.get();
  }
  // Whether interpreting takes long enough that compiling pays: `expected` ms of the
  // current question (taken and still to come) besides those answered before.
  // Loading LLVM and compiling slows the interpreter down even at idle priority
  // (they fault in pages and map memory too), so the first answer, which `auto`
  // promises no later than the interpreter's, waits for none of it unless it is long.
  bool Due(double expected) {
    if (options.per_question) return expected >= options.compile_after_ms;
    std::lock_guard lock(mutex);
    if (report.interpreted + report.switched + report.compiled == 0) return expected >= options.first_after_ms;
    return interpreted_ms + expected >= options.compile_after_ms;
  }
  void Started() {
    std::lock_guard lock(mutex);
    if (report.started) return;
    report.started = true;
    report.start_ms = first ? MsSince(*first) : 0;
  }
  // A question answered: by whom, and how long the interpreter took.
  void Answered(bool interpreted, bool compiled, double ms) {
    std::lock_guard lock(mutex);
    if (interpreted) interpreted_ms += ms;
    (interpreted && compiled ? report.switched : interpreted ? report.interpreted : report.compiled) += 1;
  }
  void Asking() {
    std::lock_guard lock(mutex);
    if (!first) first = Clock::now();
  }

  const std::unique_ptr<backend::Backend> interp;
  const MakeJit make_jit;
  const Options options;
  std::mutex load_mutex;  // held while loading
  bool load_tried = false;
  std::unique_ptr<backend::Backend> jit;
  std::mutex mutex;  // guards what follows
  double interpreted_ms = 0;
  std::optional<Clock::time_point> first;
  Report report;
};

// Morsels of a question interpreted before its time is extrapolated (the first ones
// fault the data's pages in).
constexpr int kMorselsSeen = 16;
// Questions compiled at a time by the worker.
constexpr size_t kBatch = 4;

using QuestionKey = std::tuple<int, ir::NodeId, ir::NodeId>;
QuestionKey KeyOf(const Question& q) { return {q.segment, q.where, q.value}; }

class TieredPrepared final : public backend::Prepared {
 public:
  TieredPrepared(std::shared_ptr<Shared> shared, const ir::Program& p, const rt::Database& db,
                 const backend::Context& context)
      : shared_(std::move(shared)),
        p_(p),
        db_(db),
        context_(context),
        interp_(shared_->interp->Prepare(p, db, context)),
        // The engine's journeys and triggers: contexts the JIT does not compile for.
        eligible_(!context.trigger && !context.entry && !context.rows) {}

  ~TieredPrepared() override {
    std::unique_lock lock(mutex_);
    cancelled_ = true;
    // The batch being compiled is finished first. At idle priority that lasts as long
    // as the machine is busy with anything else (the REPL's next prompt waited for
    // it): it is finished at normal priority instead, a few milliseconds.
    if (working_ && worker_.joinable() && shared_->options.idle_priority) {
      sched_param normal{};
      pthread_setschedparam(worker_.native_handle(), SCHED_OTHER, &normal);
    }
    idle_.wait(lock, [&] { return !working_; });
    lock.unlock();
    if (worker_.joinable()) worker_.join();
  }

  void Expect(std::span<const Question> questions) override {
    std::lock_guard lock(mutex_);
    expected_.insert(expected_.end(), questions.begin(), questions.end());
    if (started_) Enqueue(questions);
  }

  uint64_t Members(int segment, ir::NodeId where, std::vector<uint8_t>* member) override {
    const Question q{segment, where, ir::kNone};
    shared_->Asking();
    if (backend::Prepared* jit = Compiler(); jit && jit->Compiled(q)) {
      shared_->Answered(false, true, 0);
      return jit->Members(segment, where, member);
    }
    const auto start = Clock::now();
    const double total = static_cast<double>((db_.customer_count() + rt::kMorsel - 1) / rt::kMorsel);
    std::atomic<int> morsels{0};
    std::atomic<bool> took{false};
    // The morsels' time is extrapolated from when the first began: what comes before
    // them (a ranking's values for every customer, computed once) is not per morsel.
    std::atomic<Clock::rep> first{0};
    const backend::MorselTakeover take = [&](uint64_t begin, size_t n, uint8_t* in) {
      const int morsel = morsels.fetch_add(1);
      if (morsel == 0) first = Clock::now().time_since_epoch().count();
      if (shared_->options.wait_at_morsel == morsel) {
        Start(q);
        WaitIdle();
      } else if (morsel >= kMorselsSeen && !Asked(q) && first.load() != 0 &&
                 shared_->Due(MsSince(Clock::time_point(Clock::duration(first.load()))) * total / morsel)) {
        Start(q);  // this question's interpretation alone, extrapolated, is worth compiling
      }
      backend::Prepared* jit = Compiler();
      if (jit == nullptr || !jit->MembersCompiled(segment, where, begin, n, in)) return false;
      took = true;
      return true;
    };
    const uint64_t count = interp_->MembersWith(segment, where, member, take);
    shared_->Answered(true, took, MsSince(start));
    return count;
  }

  backend::Values Evaluate(ir::NodeId node, std::span<const uint32_t> customers) override {
    const Question q{-1, ir::kNone, node};
    shared_->Asking();
    if (backend::Prepared* jit = Compiler(); jit && jit->Compiled(q)) {
      shared_->Answered(false, true, 0);
      return jit->Evaluate(node, customers);
    }
    const auto start = Clock::now();
    backend::Values v = interp_->Evaluate(node, customers);
    const double ms = MsSince(start);
    // Asked again, it may be compiled by then (not in a program of its own).
    if (!shared_->options.per_question && !Asked(q) && shared_->Due(ms)) Start(q);
    shared_->Answered(true, false, ms);
    return v;
  }

  std::vector<backend::EventRow> Events(int table, ir::NodeId filter, int64_t since, int64_t until) override {
    return interp_->Events(table, filter, since, until);
  }
  std::vector<backend::EventRow> EventsOf(int table, ir::NodeId filter, std::span<const uint32_t> rows,
                                          int64_t since) override {
    return interp_->EventsOf(table, filter, rows, since);
  }

 private:
  // The JIT's Prepared, once the JIT is loaded; its kernels may still be compiling.
  backend::Prepared* Compiler() const { return compiler_.load(std::memory_order_acquire); }

  bool Asked(const Question& q) {
    std::lock_guard lock(mutex_);
    return asked_.count(KeyOf(q)) > 0;
  }

  // Starts compiling `q` in the background, with every question expected so far when
  // it is the first.
  void Start(const Question& q) {
    if (!eligible_) return;
    std::lock_guard lock(mutex_);
    if (!started_) {
      started_ = true;
      shared_->Started();
      Enqueue(expected_);
    }
    Enqueue(std::span(&q, 1));
  }

  // Under mutex_: adds the questions not asked before to the compiler's queue, and
  // starts the worker if it is idle.
  void Enqueue(std::span<const Question> questions) {
    for (const Question& q : questions) {
      if (asked_.insert(KeyOf(q)).second) pending_.push_back(q);
    }
    if (pending_.empty() || working_) return;
    if (worker_.joinable()) worker_.join();  // finished: it cleared working_ last
    working_ = true;
    worker_ = std::thread([this] { Work(); });
  }

  // The worker: loads the JIT (once per process), prepares it, and compiles what is
  // queued, batch after batch. A JIT that fails leaves everything interpreted.
  void Work() {
    // Idle priority: the worker runs on what the interpreter leaves of the processor,
    // so that starting it never delays an answer (its compiling threads inherit it).
    sched_param idle{};
    if (shared_->options.idle_priority) pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle);
    backend::Backend* jit = Cancelled() ? nullptr : shared_->Jit();
    if (jit != nullptr && !own_compiler_) {
      try {
        own_compiler_ = jit->Prepare(p_, db_, context_);
        compiler_.store(own_compiler_.get(), std::memory_order_release);
      } catch (const std::exception&) {
        jit = nullptr;
      }
    }
    while (true) {
      std::vector<Question> batch;
      {
        // A few at a time: a Prepared going away waits for one batch at most.
        std::lock_guard lock(mutex_);
        const size_t n = std::min(pending_.size(), kBatch);
        batch.assign(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(n));
        if (batch.empty() || jit == nullptr || cancelled_) {
          working_ = false;
          idle_.notify_all();
          return;
        }
      }
      try {
        own_compiler_->Expect(batch);
      } catch (const std::exception&) {
        // A kernel that fails to compile is a JIT bug; the interpreter answers.
      }
    }
  }

  bool Cancelled() {
    std::lock_guard lock(mutex_);
    return cancelled_;
  }

  void WaitIdle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return !working_; });
  }

  std::shared_ptr<Shared> shared_;
  const ir::Program& p_;
  const rt::Database& db_;
  const backend::Context context_;
  std::unique_ptr<backend::Prepared> interp_;
  const bool eligible_;
  std::unique_ptr<backend::Prepared> own_compiler_;  // written by the worker only
  std::atomic<backend::Prepared*> compiler_{nullptr};
  std::mutex mutex_;  // guards what follows
  std::condition_variable idle_;
  std::vector<Question> expected_;
  std::set<QuestionKey> asked_;  // queued for the compiler at some point
  std::vector<Question> pending_;
  bool started_ = false;
  bool working_ = false;
  bool cancelled_ = false;
  std::thread worker_;
};

class TieredBackend final : public backend::Backend {
 public:
  explicit TieredBackend(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}
  std::string_view name() const override { return "auto"; }
  std::unique_ptr<backend::Prepared> Prepare(const ir::Program& program, const rt::Database& db,
                                             const backend::Context& context) override {
    return std::make_unique<TieredPrepared>(shared_, program, db, context);
  }
  Report Reported() const {
    std::lock_guard lock(shared_->mutex);
    return shared_->report;
  }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

std::unique_ptr<backend::Backend> MakeBackend(std::unique_ptr<backend::Backend> interp, MakeJit make_jit,
                                              const Options& options) {
  return std::make_unique<TieredBackend>(std::make_shared<Shared>(std::move(interp), std::move(make_jit), options));
}

Report ReportOf(const backend::Backend& backend) {
  if (backend.name() != "auto") return {};
  return static_cast<const TieredBackend&>(backend).Reported();
}

}  // namespace sam::tiered
