// The backend interface: what every backend (the reference interpreter today, the
// LLVM JIT and SQL generation next) offers to the commands above it (`query/`, the
// campaign engine, the REPL). A backend prepares a program's IR to run over one
// database under one evaluation context, then answers two questions: which customers
// are members, and what a customer-level expression's values are. Nothing above
// this header sees a backend's internals.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::backend {

// What a computation throws when Context::interrupt asked it to stop (the REPL's
// Ctrl-C): nothing it computed is kept.
struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("interrupted") {}
};

// An instant that is not there: no trigger instance or no entry for that customer.
inline constexpr int64_t kNoTime = INT64_MIN;

// The values of `trigger.at` and `trigger.FIELD`: per customer, the instance of a
// trigger being evaluated (at most one per customer per evaluation; the engine
// evaluates several instances of one customer in separate evaluations). "Per
// customer" means per element of Context::rows when the context is sparse.
struct TriggerValues {
  int table = -1;            // the event table whose rows `row` indexes; -1: none
  std::vector<int64_t> at;   // per customer: the source moment (µs), or kNoTime
  std::vector<int64_t> row;  // per customer: the firing event's row in `table`, or -1
};

// What an evaluation runs as of. Queries set the run date only; the engine also
// sets the trigger and entry values of the campaign being planned. A node that reads
// a value the context does not have (`trigger.at` in a query) is a runtime error.
struct Context {
  int64_t today = 0;  // the run date, days since 1970-01-01 in the program's time zone
  int threads = 0;    // 0: one per hardware thread
  std::optional<TriggerValues> trigger;
  std::optional<std::vector<int64_t>> entry;  // per customer: when it entered (µs), or kNoTime
  // The sparse form of `trigger` and `entry`: set, their vectors hold one value per
  // element of `rows` (customer rows, ascending and distinct) instead of one per
  // customer, and every other customer has none (kNoTime, row -1). The engine
  // evaluates a few thousand journeys at a time out of millions of customers: it
  // should not have to build and scan customer-sized vectors for each evaluation.
  std::optional<std::vector<uint32_t>> rows;
  // Set: checked between morsels; once it holds, the computation throws Interrupted
  // (a morsel takes well under a millisecond, so it stops within a few).
  const std::atomic<bool>* interrupt = nullptr;
  void CheckInterrupt() const {
    if (interrupt != nullptr && interrupt->load(std::memory_order_relaxed)) throw Interrupted();
  }
};

// A customer-level expression's values for some customers, in the order asked.
struct Values {
  TypeKind storage = TypeKind::Int;  // Int (every integer-like type), Float or String
  std::vector<int64_t> ints;
  std::vector<double> floats;
  std::vector<std::string> strings;
  std::vector<uint8_t> present;  // 1 per present value; empty: all present
  bool Present(size_t r) const { return present.empty() || present[r] != 0; }
};

// An event: its row in its table and its customer.
struct EventRow {
  uint32_t customer = 0;
  uint64_t row = 0;
};

// A question a caller may ask a Prepared: Members(segment, where), or with `value`
// set, Evaluate(value, ...).
struct Question {
  int segment = -1;
  ir::NodeId where = ir::kNone;
  ir::NodeId value = ir::kNone;
};

// Computes some morsels of a Members question in the place of the backend asked (the
// auto backend's compiled code, once it is ready): called before each morsel of
// customers [begin, begin + n); true when it wrote the morsel's n member bytes itself.
// It may throw rt::RuntimeError for a customer of the morsel, as the backend would.
using MorselTakeover = std::function<bool(uint64_t begin, size_t n, uint8_t* member)>;

// A program prepared to run over one database under one context.
class Prepared {
 public:
  virtual ~Prepared() = default;
  // How many customers are in segment `segment` (a let index; -1: all customers) and
  // satisfy `where` (ir::kNone: no condition). `member`, if given, receives one byte
  // per customer, in key order (1: a member).
  virtual uint64_t Members(int segment, ir::NodeId where, std::vector<uint8_t>* member) = 0;
  // Members, asking `takeover` before each morsel whether it computes that morsel
  // instead. A backend that does not work in morsels ignores it.
  virtual uint64_t MembersWith(int segment, ir::NodeId where, std::vector<uint8_t>* member,
                               const MorselTakeover& takeover) {
    (void)takeover;
    return Members(segment, where, member);
  }
  // A compiling backend: whether compiled code answers `q` now (compiled and linked;
  // never waits for, nor starts, a compilation).
  virtual bool Compiled(const Question& q) {
    (void)q;
    return false;
  }
  // A compiling backend: the members of Members(segment, where) among customers
  // [begin, begin + n), into member[0, n), on the calling thread, when Compiled says
  // so; false (nothing written) otherwise.
  virtual bool MembersCompiled(int segment, ir::NodeId where, uint64_t begin, size_t n, uint8_t* member) {
    (void)segment, (void)where, (void)begin, (void)n, (void)member;
    return false;
  }
  // The questions the caller is about to ask, so that a backend that compiles can
  // compile them all at once, on several threads, before the first answer. A hint:
  // asking what was not announced works, and what is announced but never asked
  // costs only its compilation.
  virtual void Expect(std::span<const Question> questions) { (void)questions; }
  // The values of customer-level node `node` for the customers at these rows.
  virtual Values Evaluate(ir::NodeId node, std::span<const uint32_t> customers) = 0;
  // The events of event table `table` seen as of the run date (time before `now`; a
  // date time column: before today) for which `filter` holds (an expression at event
  // depth 0 of that table, like a trigger's `where`; kNone: every event), in row order.
  // Events before `since` (µs) may be left out, and are not worth evaluating: a caller
  // that needs only recent events (a day's trigger firings) sets it. So may events at
  // or after `until` (µs): a caller that looks for old events (the silence of
  // `inactive`) sets it.
  virtual std::vector<EventRow> Events(int table, ir::NodeId filter, int64_t since, int64_t until = INT64_MAX) = 0;
  // The same for the customers at `rows` (ascending, distinct) only: the recent events
  // of a few customers, such as contacts made outside SAM.
  virtual std::vector<EventRow> EventsOf(int table, ir::NodeId filter, std::span<const uint32_t> rows,
                                         int64_t since) = 0;
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string_view name() const = 0;
  // `program` and `db` must outlive the result (the backend need not). Throws
  // rt::RuntimeError for a context that does not fit the database (vectors of another
  // length).
  virtual std::unique_ptr<Prepared> Prepare(const ir::Program& program, const rt::Database& db,
                                            const Context& context) = 0;
};

}  // namespace sam::backend
