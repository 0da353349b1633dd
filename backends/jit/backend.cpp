#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "backends/jit/entry.hpp"
#include "backends/jit/lower.hpp"
#include "backends/jit/orc.hpp"
#include "backends/jit/shape.hpp"
#include "ir/analysis/reads.hpp"
#include "runtime/exec/parallel.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "runtime/exec/timezone.hpp"
#include "schema/settings.hpp"
#include "stdlib/builtins.hpp"

namespace sam::jit {
namespace {

using ir::NodeId;
using ir::Op;

// Customers per call of a kernel: large enough that a call costs nothing, small
// enough that two threads share the work evenly.
constexpr uint64_t kChunk = 16384;

// What a kernel computes: Members of segment root `a` (or kNone) and condition `b`
// (or kNone), or the Values of `a`.
struct KernelSpec {
  KernelMode mode;
  NodeId a, b;
};

// About how long LLVM takes over a kernel: the distinct nodes it computes, an
// aggregate's loop counting as several.
size_t Weight(const ir::Program& p, const KernelSpec& q) {
  std::unordered_set<NodeId> seen;
  std::vector<NodeId> todo;
  for (NodeId root : {q.a, q.b}) {
    if (root != ir::kNone) todo.push_back(root);
  }
  size_t weight = 0;
  while (!todo.empty()) {
    const NodeId id = todo.back();
    todo.pop_back();
    if (id == ir::kNone || !seen.insert(id).second) continue;
    ++weight;
    ir::ForEachOperand(p, id, [&](NodeId x) { todo.push_back(x); });
    if (p.at(id).op == Op::Agg) weight += 16;
  }
  return weight;
}

// The compiled kernels of one backend, by what they compute; shared by every
// Prepared (the engine prepares many evaluations of one program).
class KernelCache {
 public:
  explicit KernelCache(const Options& options) : options_(options) {}
  // The kernel, compiled on first use; null when the expression is not compiled.
  const Kernel* Get(const ir::Program& p, const rt::Database& db, const KernelSpec& q) {
    if (const Kernel* k = Find(p, db, q)) return k;
    Compile(p, db, std::span(&q, 1), 1);  // waits for a compilation under way
    return Find(p, db, q);
  }
  // The kernel if it is compiled and linked already; never waits.
  const Kernel* Find(const ir::Program& p, const rt::Database& db, const KernelSpec& q) const {
    std::lock_guard lock(mutex_);
    auto it = kernels_.find(KeyOf(p, db, q));
    return it == kernels_.end() ? nullptr : it->second.get();
  }
  // Compiles the kernels of these not compiled yet, on up to `threads`
  // threads, and links them together.
  void Compile(const ir::Program& p, const rt::Database& db, std::span<const KernelSpec> specs, int threads) {
    std::lock_guard compiling(compile_mutex_);
    const auto start = std::chrono::steady_clock::now();
    std::vector<KernelSpec> todo;
    {
      std::lock_guard lock(mutex_);
      for (const KernelSpec& q : specs) {
        if (kernels_.emplace(KeyOf(p, db, q), nullptr).second) todo.push_back(q);  // not asked before (nor twice now)
      }
    }
    const std::string schema = SchemaFingerprint(p);
    std::vector<KernelSpec> alike;  // of the shape of one in `todo`: its kernel, once compiled
    Reuse(p, db, schema, todo, &alike);
    // Outside the lock, which Find takes for every morsel `auto` interprets.
    std::optional<Support> support;
    if (!todo.empty()) {
      support.emplace(p, db);
      LeaveUnsupported(*support, todo);
    }
    if (!todo.empty()) Build(p, db, schema, *support, todo, threads);
    Reuse(p, db, schema, alike, nullptr);
    if (!alike.empty()) {  // of a shape the JIT does not compile
      if (!support) support.emplace(p, db);
      LeaveUnsupported(*support, alike);
    }
    compile_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  }
  Report Reports() const {
    std::lock_guard lock(mutex_);
    return {reports_, compile_ms_};
  }

 private:
  // By identity, not address: the next query's program can be allocated where the
  // last one was, with its root at the same node id.
  using Key = std::tuple<uint64_t, uint64_t, KernelMode, NodeId, NodeId>;
  static Key KeyOf(const ir::Program& p, const rt::Database& db, const KernelSpec& q) {
    return {p.identity.value(), db.identity.value(), q.mode, q.a, q.b};
  }
  // A kernel compiled before for another program, by its shape over the same data.
  struct Shaped {
    Kernel kernel;
    std::vector<NodeId> order;  // Shape::order of the program it was compiled for
  };
  static std::string ShapeKey(const rt::Database& db, const KernelSpec& q, const std::string& schema,
                              const Shape& shape) {
    return fmt::format("{} {} {}\n", db.identity.value(), static_cast<int>(q.mode), schema) + shape.key;
  }
  // Takes out of `todo` the kernels whose shape one compiled before has: they are
  // that kernel, naming this program's nodes when one overflows. With `alike`, also
  // those of the shape of one before them in `todo`, into `alike`.
  void Reuse(const ir::Program& p, const rt::Database& db, const std::string& schema, std::vector<KernelSpec>& todo,
             std::vector<KernelSpec>* alike) {
    std::unordered_set<std::string> first;
    std::erase_if(todo, [&](const KernelSpec& q) {
      const Shape shape = ShapeOf(p, q.a, q.b);
      std::string key = ShapeKey(db, q, schema, shape);
      std::lock_guard lock(mutex_);
      auto it = shaped_.find(key);
      if (it == shaped_.end()) {
        if (alike == nullptr || first.insert(std::move(key)).second) return false;
        alike->push_back(q);
        return true;
      }
      auto kernel = std::make_unique<Kernel>(it->second.kernel);
      for (size_t k = 0; k < shape.order.size(); ++k) {
        if (it->second.order[k] != shape.order[k]) kernel->node_of[it->second.order[k]] = shape.order[k];
      }
      reports_.push_back({q.a, q.b, true, {}, 0, false, true});
      kernels_[KeyOf(p, db, q)] = std::move(kernel);
      return true;
    });
  }
  // Takes out of `todo` the expressions the JIT does not compile, reporting why.
  void LeaveUnsupported(Support& support, std::vector<KernelSpec>& todo) {
    std::vector<ExpressionReport> left;  // to the fallback
    std::erase_if(todo, [&](const KernelSpec& q) {
      ExpressionReport report{q.a, q.b, false, {}, 0};
      for (NodeId root : {q.a, q.b}) {
        if (root != ir::kNone && report.reason.empty()) report.reason = support.Why(root);
      }
      if (report.reason.empty()) return false;
      left.push_back(std::move(report));
      return true;
    });
    std::lock_guard lock(mutex_);
    reports_.insert(reports_.end(), left.begin(), left.end());
  }

  // Builds the kernels on the threads, links them and keeps them.
  void Build(const ir::Program& p, const rt::Database& db, const std::string& schema, Support& support,
             std::vector<KernelSpec>& todo, int threads) {
    const std::vector<bool>& needs_check = support.NeedsCheck();  // computed once, before the threads share it
    // The heaviest first: the threads take the next kernel as they finish one, so the
    // last to start is a light one and they finish together.
    std::vector<std::pair<size_t, KernelSpec>> weighed;
    for (const KernelSpec& q : todo) weighed.emplace_back(Weight(p, q), q);
    std::stable_sort(weighed.begin(), weighed.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
    for (size_t k = 0; k < todo.size(); ++k) todo[k] = weighed[k].second;
    if (!orc_) orc_ = std::make_unique<Orc>();
    std::vector<Built> built(todo.size());
    std::vector<double> ms(todo.size());
    rt::ParallelFor(todo.size(), threads, [&](size_t k) {
      const auto t0 = std::chrono::steady_clock::now();
      built[k] = jit::Build(*orc_, options_, p, db, todo[k].mode, todo[k].a, todo[k].b, needs_check);
      ms[k] = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    });
    Link(*orc_, built);
    std::lock_guard lock(mutex_);
    for (size_t k = 0; k < todo.size(); ++k) {
      reports_.push_back({todo[k].a, todo[k].b, true, {}, ms[k], built[k].kernel.cached});
      Shape shape = ShapeOf(p, todo[k].a, todo[k].b);
      shaped_[ShapeKey(db, todo[k], schema, shape)] = {built[k].kernel, std::move(shape.order)};
      kernels_[KeyOf(p, db, todo[k])] = std::make_unique<Kernel>(std::move(built[k].kernel));
    }
  }

  const Options options_;
  std::mutex compile_mutex_;  // one compilation at a time (it uses every thread asked for)
  mutable std::mutex mutex_;  // guards what follows
  std::unique_ptr<Orc> orc_;
  std::map<Key, std::unique_ptr<Kernel>> kernels_;  // null: not compiled (or not yet)
  std::unordered_map<std::string, Shaped> shaped_;  // by ShapeKey: every kernel compiled
  std::vector<ExpressionReport> reports_;
  double compile_ms_ = 0;
};

// For an error message: the key column is required (checked, paged in) first.
std::string CustomerKey(const rt::Database& db, uint64_t row) {
  if (db.customers >= 0 && db.key_field >= 0) {
    const rt::ColumnRef ref{db.customers, db.key_field};
    db.Require({&ref, 1});
  }
  return db.KeyText(row);
}

// The message of an overflow in node `id` (as the language's runtime errors word it).
std::string Overflow(const ir::Program& p, NodeId id) {
  const ir::Node& n = p.at(id);
  switch (n.op) {
    case Op::Add: return "value out of range in `+`";
    case Op::Sub: case Op::Neg: return "value out of range in `-`";
    case Op::Mul: return "value out of range in `*`";
    case Op::Div: return "value out of range in `/`";
    case Op::Cast: return "value out of range for a decimal";
    case Op::Call: {
      const auto id = n.builtin();
      if (id == stdlib::BuiltinId::Days || id == stdlib::BuiltinId::Hours) return stdlib::DurationOutOfRange(id);
      if (id == stdlib::BuiltinId::ToDecimal) return "value out of range for a decimal";
      if (id == stdlib::BuiltinId::Floor || id == stdlib::BuiltinId::Ceil || id == stdlib::BuiltinId::ToInt) {
        return "value out of range for an int";  // of a float
      }
      return fmt::format("value out of range in `{}`", stdlib::Builtin(id).name);
    }
    case Op::Agg: return fmt::format("value out of range in `{}`", AggOpText(p.aggs[n.a].op));
    default: return fmt::format("value out of range in `{}`", ir::OpName(n.op));
  }
}

// What a backend's evaluations share: its compiled kernels and its fallback. A
// Prepared keeps it alive, so that it may outlive the Backend that made it (as the
// interpreter's may).
struct Shared {
  Shared(std::unique_ptr<backend::Backend> f, const Options& options) : fallback(std::move(f)), cache(options) {}
  std::unique_ptr<backend::Backend> fallback;
  KernelCache cache;
};

class JitPrepared final : public backend::Prepared {
 public:
  JitPrepared(std::shared_ptr<Shared> shared, const ir::Program& p, const rt::Database& db,
              const backend::Context& context)
      : shared_(std::move(shared)), cache_(shared_->cache), p_(p), db_(db), context_(context) {
    threads_ = rt::ThreadsFor(context.threads);
    params_[0] = context.today;
    const rt::TimeZoneTable& zone = rt::TimeZoneTable::Of(p.timezone);
    params_[1] = zone.StartOfDay(context.today);
    params_[2] = static_cast<int64_t>(reinterpret_cast<uintptr_t>(&zone));
    // The engine's contexts carry values the JIT does not read yet: the fallback
    // checks them now, as it would without the JIT.
    if (context.trigger || context.entry || context.rows) Fallback();
  }

  uint64_t Members(int segment, NodeId where, std::vector<uint8_t>* member) override {
    const Kernel* k = cache_.Get(p_, db_, Spec({segment, where, ir::kNone}));
    if (k == nullptr) return Fallback().Members(segment, where, member);
    const uint64_t total = db_.customer_count();
    if (member == nullptr) return Count(*k, total);
    member->resize(total);
    std::vector<uint64_t> counts((total + kChunk - 1) / kChunk, 0);
    Run(*k, total, nullptr, member->data(), 1, nullptr,
        [&](uint64_t b, uint64_t e) { counts[b / kChunk] = CountOnes(member->data() + b, e - b); });
    uint64_t count = 0;
    for (uint64_t n : counts) count += n;
    return count;
  }

  void Expect(std::span<const backend::Question> questions) override {
    std::vector<KernelSpec> specs;
    for (const backend::Question& q : questions) specs.push_back(Spec(q));
    cache_.Compile(p_, db_, specs, threads_);
  }

  bool Compiled(const backend::Question& q) override { return cache_.Find(p_, db_, Spec(q)) != nullptr; }

  bool MembersCompiled(int segment, NodeId where, uint64_t begin, size_t n, uint8_t* member) override {
    const Kernel* k = cache_.Find(p_, db_, Spec({segment, where, ir::kNone}));
    if (k == nullptr) return false;
    uint64_t error[2] = {0, 0};
    if (k->Call(params_, begin, begin + n, nullptr, member, nullptr, error) != 0) Failed(*k, error);
    return true;
  }

  backend::Values Evaluate(NodeId node, std::span<const uint32_t> customers) override {
    const Kernel* k = cache_.Get(p_, db_, Spec({-1, ir::kNone, node}));
    if (k == nullptr) return Fallback().Evaluate(node, customers);
    const uint64_t total = db_.customer_count();
    for (uint32_t c : customers) {
      if (c >= total) throw rt::RuntimeError(fmt::format("no customer at row {} ({} customers)", c, total));
    }
    backend::Values out;
    out.storage = k->storage;
    void* values;
    if (k->storage == TypeKind::Float) {
      out.floats.resize(customers.size());
      values = out.floats.data();
    } else {
      out.ints.resize(customers.size());
      values = out.ints.data();
    }
    out.present.resize(customers.size());
    Run(*k, customers.size(), customers.data(), values, 8, out.present.data(), nullptr);
    bool all = true;
    for (uint8_t x : out.present) all = all && x != 0;
    if (all) out.present.clear();
    return out;
  }

  std::vector<backend::EventRow> Events(int table, NodeId filter, int64_t since, int64_t until) override {
    return Fallback().Events(table, filter, since, until);
  }
  std::vector<backend::EventRow> EventsOf(int table, NodeId filter, std::span<const uint32_t> rows,
                                          int64_t since) override {
    return Fallback().EventsOf(table, filter, rows, since);
  }

 private:
  backend::Prepared& Fallback() {
    if (!fallback_) fallback_ = shared_->fallback->Prepare(p_, db_, context_);
    return *fallback_;
  }

  KernelSpec Spec(const backend::Question& q) const {
    if (q.value != ir::kNone) return {KernelMode::Values, q.value, ir::kNone};
    return {KernelMode::Members, q.segment >= 0 ? p_.lets[q.segment].root : ir::kNone, q.where};
  }

  // Runs the kernel over positions [0, n) in chunks on the threads; `done(b, e)`
  // after each chunk. Outputs are `width` bytes each. An overflow stops the run with
  // the first customer's error.
  template <class Done>
  void Run(const Kernel& k, uint64_t n, const uint32_t* rows, void* out, size_t width, uint8_t* present, Done&& done) {
    const size_t chunks = static_cast<size_t>((n + kChunk - 1) / kChunk);
    rt::ParallelFor(chunks, threads_, [&](size_t i) {
      context_.CheckInterrupt();
      const uint64_t b = i * kChunk, e = std::min<uint64_t>(n, b + kChunk);
      uint64_t error[2] = {0, 0};
      if (k.Call(params_, b, e, rows, static_cast<uint8_t*>(out) + b * width, present ? present + b : nullptr, error) != 0) {
        Failed(k, error);
      }
      if constexpr (!std::is_same_v<std::decay_t<Done>, std::nullptr_t>) done(b, e);
    });
  }

  static uint64_t CountOnes(const uint8_t* flags, uint64_t n) {
    uint64_t ones = 0;
    for (uint64_t c = 0; c < n; ++c) ones += flags[c];
    return ones;
  }

  // The members of a segment counted, each chunk's flags in a buffer of the thread's:
  // a count of a million customers touches no megabyte of new memory.
  uint64_t Count(const Kernel& k, uint64_t total) {
    std::vector<uint64_t> counts((total + kChunk - 1) / kChunk, 0);
    rt::ParallelFor(counts.size(), threads_, [&](size_t i) {
      context_.CheckInterrupt();
      uint8_t flags[kChunk];
      const uint64_t b = i * kChunk, e = std::min<uint64_t>(total, b + kChunk);
      uint64_t error[2] = {0, 0};
      if (k.Call(params_, b, e, nullptr, flags, nullptr, error) != 0) Failed(k, error);
      counts[i] = CountOnes(flags, e - b);
    });
    uint64_t count = 0;
    for (uint64_t n : counts) count += n;
    return count;
  }

  // A kernel's overflow: error[0] the customer, error[1] the node.
  [[noreturn]] void Failed(const Kernel& k, const uint64_t* error) const {
    const NodeId node = k.FailedNode(error[1]);
    throw rt::RuntimeError(fmt::format("{} for customer {}", Overflow(p_, node), CustomerKey(db_, error[0])),
                           p_.at(node).span);
  }

  std::shared_ptr<Shared> shared_;
  KernelCache& cache_;
  const ir::Program& p_;
  const rt::Database& db_;
  backend::Context context_;
  std::unique_ptr<backend::Prepared> fallback_;
  int threads_ = 1;
  int64_t params_[3] = {0, 0, 0};
};

class JitBackend final : public backend::Backend {
 public:
  JitBackend(std::unique_ptr<backend::Backend> fallback, const Options& options)
      : shared_(std::make_shared<Shared>(std::move(fallback), options)) {}
  std::string_view name() const override { return "jit"; }
  std::unique_ptr<backend::Prepared> Prepare(const ir::Program& program, const rt::Database& db,
                                             const backend::Context& context) override {
    return std::make_unique<JitPrepared>(shared_, program, db, context);
  }
  Report Reports() const { return shared_->cache.Reports(); }

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace

}  // namespace sam::jit

extern "C" {

sam::backend::Backend* sam_jit_make_backend(sam::backend::Backend* fallback, const sam::jit::Options* options) {
  return new sam::jit::JitBackend(std::unique_ptr<sam::backend::Backend>(fallback), *options);
}

void sam_jit_report(const sam::backend::Backend* jit, sam::jit::Report* out) {
  *out = static_cast<const sam::jit::JitBackend*>(jit)->Reports();
}

void sam_jit_dump_llvm(const sam::ir::Program* program, const sam::rt::Database* db, sam::ir::NodeId root,
                       std::string* out) {
  using namespace sam::jit;
  Support support(*program, *db);
  if (std::string why = support.Why(root); !why.empty()) {
    *out = "not compiled: " + why + "\n";
    return;
  }
  Orc orc;
  orc.KeepIR(true);
  Built built = Build(orc, Options{}, *program, *db, KernelMode::Values, root, sam::ir::kNone, support.NeedsCheck());
  Link(orc, std::span(&built, 1));
  *out = orc.LastIR();
}

}
