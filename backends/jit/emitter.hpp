// The code generator's state while it lowers one kernel (lower.hpp): the IR
// builder, the values computed for the current customer and event, and the windows
// of the current customer's events. Its methods are in lower.cpp (the kernel, values
// and operations), lower_aggregate.cpp (windows and aggregates) and
// lower_builtins.cpp (built-ins).
#pragma once

#include <llvm/IR/BasicBlock.h>
#include <llvm/IR/Function.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "backends/jit/entry.hpp"
#include "backends/jit/kernel.hpp"
#include "ir/analysis/facts.hpp"
#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::jit {

using ir::NodeId;

// A value in generated code: `v` an i64 (every integer-like type) or a double, and
// `present` an i1.
struct V {
  llvm::Value* v = nullptr;
  llvm::Value* present = nullptr;
};

class Emitter {
 public:
  Emitter(const Options& options, const ir::Program& p, const rt::Database& db, llvm::Module& m,
          const std::vector<bool>& needs_check);
  llvm::Function* Kernel(const std::string& name, KernelMode mode, NodeId a, NodeId bnode);
  std::vector<const void*> buffers() const { return buffers_; }
  std::vector<std::shared_ptr<void>> owned() const { return owned_; }

 private:
  // A time bound in the column's stored units: `at_or_after(stored)` holds exactly
  // when the event's time is at or after the bound. Computed from a bound that is
  // the same for every customer (`now - 365d`), LLVM hoists it out of the loop.
  struct Threshold {
    llvm::Value* all;   // every stored value is at or after it
    llvm::Value* none;  // no stored value is
    llvm::Value* t;     // otherwise: stored >= t
  };
  // The end of the current customer's events before a bound (`now`, or `before X`):
  // shared by every window over the same table and upper bound. A customer with few
  // events (the usual case) has it found from the recent end of their events, where
  // windows that end at the run date are; one with many, by search.
  struct WindowEnd {
    int table;
    NodeId high;
    llvm::Value *first, *last;  // the customer's events
    llvm::Value* few;           // i1: stepped through rather than searched
    llvm::Value* hi;            // the first event at or after the bound
    llvm::Value* high_present;  // i1: the bound is present
  };
  // A window, [lo, hi): shared by every aggregate over the same table and bounds
  // (`count` and `sum` within 365 days); empty when a bound is absent.
  struct WindowValues {
    int table;
    NodeId low, high;
    llvm::Value *lo, *hi;
  };
  // A date's calendar fields (i64 each).
  struct Civil {
    llvm::Value *year, *month, *day;
  };

  // The head of a loop for (k = begin; k < end; ++k) entered from `start` (which it
  // ends), leaving to `exit`; the builder is left in the body. k's back edge (from
  // the body's last block, branching to k's block) is the caller's.
  llvm::PHINode* LoopHead(llvm::BasicBlock* start, llvm::Value* begin, llvm::Value* end, llvm::BasicBlock* exit);
  // for (k = begin; k < end; ++k) { c = rows ? rows[k] : k; out[k] = ... }
  void EmitLoop(llvm::BasicBlock* start, llvm::Value* begin, llvm::Value* end, llvm::Value* rows);
  // The back edge of a loop over one customer's events: few iterations, so not worth
  // LLVM's vectorized and unrolled copies (which would multiply compile time).
  void InnerBackEdge(llvm::BasicBlock* head);
  llvm::Value* Truth(const V& v) { return b_.CreateAnd(v.present, IsTrue(v.v)); }
  llvm::Value* IsTrue(llvm::Value* v) { return b_.CreateICmpNE(v, b_.getInt64(0)); }
  llvm::Value* FromBool(llvm::Value* bit) { return b_.CreateZExt(bit, i64_); }
  bool IsFloat(NodeId id) const { return p_.at(id).type.kind == TypeKind::Float; }
  // Records an overflow of node `id` when `overflow` (i1) holds for a present value.
  void MayFail(NodeId id, llvm::Value* overflow, llvm::Value* present);
  // A buffer's pointer, loaded once in the entry block.
  llvm::Value* Buffer(const void* data);
  static llvm::Type* StoredType(llvm::IRBuilder<>& b, rt::Encoding e);
  // The i1 presence of `row` in a column (its validity bits).
  llvm::Value* Presence(const rt::Column& col, llvm::Value* row);
  // Row `row` of a column: its logical value and presence.
  V Read(const rt::Column& col, llvm::Value* row);
  V Emit(NodeId id);
  V Const(const ir::Node& n);
  V Compute(NodeId id);
  // Both present, and the comparison (ir::Evaluate's rule: floats compare by `<` and
  // `>`, so that equal means neither).
  V Compare(const ir::Node& n);
  // `stage == prospect` where `stage` is `if c1 then K1 else if c2 then K2 ... else Kn`
  // with constant K's: a test of the conditions, without the select chain and compare
  // (null when the test is not of that shape).
  std::optional<V> ChoiceTest(const ir::Node& n);
  // Strings (lower_strings.cpp), read where they are compared, never made: a column's
  // row with `lower`, `upper` and `trim` applied as it is read (strings.hpp's flags),
  // or a constant with them applied now.
  struct Str {
    const rt::Column* col = nullptr;  // null: the constant `text`
    llvm::Value* row = nullptr;
    int64_t flags = 0;
    std::string text;
    bool absent = false;  // an absent constant
  };
  Str StringOf(NodeId id);
  llvm::Value* StringPresent(const Str& s);
  // i1: a StringOp (strings.hpp) of two strings' values. A dictionary column against
  // a constant is tested per code: the constant's code, or a table of a bit per code.
  llvm::Value* TestStrings(int64_t op, const Str& a, const Str& b);
  llvm::Value* CodeTable(int64_t op, const Str& column, const std::string& text, bool column_first);
  llvm::Value* CodeLength(const Str& column);  // length() of a dictionary column, per code
  // contains(column, text) of a customer's plain string in Members mode: the bits of
  // the call's rows [begin, end), searched once before the loop (lower_strings.cpp).
  llvm::Value* ContainsOfRows(const Str& column, const std::string& text);
  llvm::Value* CodeIndex(const Str& column);   // the row's entry in such a table
  V StringCompare(const ir::Node& n);          // ==, !=, `in` a set of constants
  V StringCall(const ir::Node& n);             // length, contains, starts_with, ends_with
  // Kleene's logic (ops.def): a deciding side decides even when the other is absent.
  V Logic(const ir::Node& n);
  V MinMax(const ir::Node& n);
  V Cast(NodeId id, const ir::Node& n);
  // 128-bit arithmetic, checked to fit in 64 bits.
  V Checked(NodeId id, llvm::Value* wide, llvm::Value* present);
  V Arithmetic(NodeId id, const ir::Node& n);
  Threshold StoredThreshold(const rt::Column& time, llvm::Value* target);
  llvm::Value* AtOrAfter(llvm::Value* stored, const Threshold& th);
  // The first event in [lo, hi) at or after the threshold: a search in halves (the
  // branch-free shape of std::lower_bound).
  llvm::Value* LowerBound(const rt::Column& time, llvm::Value* lo, llvm::Value* hi, const Threshold& th);
  // The start of the events in [first, end) at or after the threshold, stepping back
  // from `end` (the events are in time order).
  llvm::Value* ScanBack(const rt::Column& time, llvm::Value* first, llvm::Value* end, const Threshold& th);
  // cond ? yes() : no(), each emitted in its own block.
  llvm::Value* Choose(llvm::Value* cond, const std::function<llvm::Value*()>& yes,
                      const std::function<llvm::Value*()>& no);
  const rt::Column& TimeOf(int table) const;
  // The window's end (kept for the customer's other windows when `keep`: an aggregate
  // nested in another has bounds of the enclosing event's, computed for each).
  WindowEnd End(int table, NodeId high, bool keep);
  // A window's end in stored units: before `high` (null: none) and before `now`.
  Threshold EndThreshold(const rt::Column& time, llvm::Value* high);
  // A window's start (`within`, `after`, `since`): its threshold, and whether present.
  struct Start {
    Threshold at;
    llvm::Value* present;
  };
  Start StartOf(const ir::AggSpec& g);
  WindowValues Window(const ir::AggSpec& g);
  // i1: the window has an event (its latest event is at or after its start).
  llvm::Value* WindowHasEvents(const ir::AggSpec& g);
  // One customer's events in the window, and the aggregate reduced over them.
  V Aggregate(NodeId id, const ir::Node& n);
  // `count(orders within 90d)` over customers in a row: the events of the kernel's
  // customers are tested against the window once, before the loop over customers, 64
  // at a time into a bit set (WindowBits), and a customer's count is the difference of
  // two MatchesBefore (no search, no branch per customer). For count, any and none
  // whose bounds read no data (`now - 90d`) and whose `where` reads only the event
  // (EventLocal: FilterBits tests the events in the window, found by their bits).
  bool Flat(const ir::AggSpec& g) const;
  llvm::Value* FlatCount(const ir::AggSpec& g);
  // A chunk's events e0 .. e0 + n - 1 inside [from, before) as a bit set (bit x of
  // word x / 64: event e0 + x), with the matches before each word (a helper compiled
  // ahead of time: runtime/exec/bit_set.hpp); FilterBits keeps those that pass the
  // aggregate's `where`.
  struct FlatBits {
    llvm::Value *bits, *counts, *words;  // words: n / 64 + 1 bit words, words + 1 counts
  };
  FlatBits WindowBits(const rt::Column& time, llvm::Value* e0, llvm::Value* n, const Threshold& before,
                      const std::optional<Threshold>& from);
  FlatBits FilterBits(const ir::AggSpec& g, llvm::Value* e0, llvm::Value* n, const Threshold& before,
                      const std::optional<Threshold>& from);
  // A test of the local date of an aggregate's own events in its `where` (lower_aggregate.cpp):
  // the window narrowed to the instants that can pass it.
  struct DateRange {
    ir::Op op;  // date(t) op day
    NodeId day;
  };
  std::optional<DateRange> DateRangeOf(const ir::AggSpec& g) const;
  void NarrowToDates(const ir::AggSpec& g, const DateRange& range, llvm::Value*& lo, llvm::Value*& hi);
  void NarrowInstants(const DateRange& range, llvm::Value*& low, llvm::Value*& high);
  struct DateInstants {
    llvm::Value *valid, *start, *end;
  };
  std::optional<DateInstants> InstantsOf(const DateRange& range);
  // Whether a `where` reads nothing but the events of `table` at depth 0 and constants,
  // with no operation that may overflow (the prologue reports no failure).
  bool EventLocal(NodeId id, int table) const;
  // The matches among events e0 .. e0 + x - 1 (x <= n).
  llvm::Value* MatchesBefore(const FlatBits& flat, llvm::Value* x);
  bool ReadsNoData(NodeId id) const;
  // Emits the nodes under an expression of events at depth `depth` that read no
  // event that deep (customer-level ones, or an enclosing event's): before its loop.
  void EmitOuter(NodeId id, int depth);
  // A string field stored as dictionary codes (which Read reads).
  bool Codes(const ir::Node& n) const;
  // Whether `value` has at most 64 possible values, each a number below 64: an enum's
  // variant, a code of a string column's dictionary (count(distinct) as a bit set).
  bool SmallDomain(NodeId value) const;
  // The memo of the nodes at a level (-1: the customer's).
  std::unordered_map<NodeId, V>& MemoOf(int level);

  // Division, with `/`'s rounding (ir::RoundDiv, half to even) and an absent result
  // for a zero divisor; decimal products rounded the same way.
  V Divide(NodeId id, const ir::Node& n);
  llvm::Value* RoundDiv(llvm::Value* num, llvm::Value* den);
  // Built-ins (lower_builtins.cpp).
  V Builtin(NodeId id, const ir::Node& n);
  llvm::Value* CallHelper(const char* name, std::initializer_list<llvm::Value*> args);
  // A helper that is not pure (the scratch buffer of count(distinct)).
  llvm::Value* CallRuntime(const char* name, llvm::Type* result, std::initializer_list<llvm::Value*> args);
  // Declares the helper on first use; `pure`: no memory access, always returns.
  llvm::Value* Call(const char* name, llvm::Type* result, std::initializer_list<llvm::Value*> args, bool pure);
  llvm::Value* Zone();
  llvm::Value* FloatToInt(NodeId id, llvm::Intrinsic::ID whole, llvm::Value* x, llvm::Value* present);
  llvm::Value* RoundDecimal(NodeId id, llvm::Value* x, llvm::Value* digits, llvm::Value* present);
  llvm::Value* DateOf(NodeId arg, llvm::Value* v);
  llvm::Value* FloorDiv(llvm::Value* a, int64_t b);
  // Whether float a is below b in FloatOrder (schema/types.hpp): NaN is above all else.
  llvm::Value* FloatBelow(llvm::Value* a, llvm::Value* b);
  Civil CivilOf(llvm::Value* days);
  // Date tests as tables (lower_tables.cpp). The field a node reads (the node that
  // reads it; -1 none, -2 not tabulable) and whether a date built-in is among its
  // operands.
  struct TableFacts {
    int field;
    bool date_part;
  };
  // A timestamp column's stored values as quarters of an hour from `origin`, and the
  // local dates those fall on (from first_day, `days` of them).
  struct QuarterRange {
    int64_t origin, quarters, first_day, days;
  };
  TableFacts Tabulable(NodeId id);
  bool WorthTabulating(NodeId id, int level);
  V Tabulated(NodeId id);
  const rt::Column& FieldColumn(NodeId field) const;
  bool SameField(NodeId a, NodeId b) const;
  const std::optional<QuarterRange>& Quarters(const rt::Column& col);
  // A timestamp column's local dates per UTC day of its span (lower_local_dates.cpp).
  struct LocalDays {
    int64_t first_day, days;
    llvm::GlobalVariable* table;
  };
  std::optional<LocalDays> LocalDaysOf(const rt::Column& col);
  llvm::Value* LocalDate(const LocalDays& days, llvm::Value* v);
  // The function that computes a test's `entries` answers (and one for an absent
  // field): entry k with the field's value start + k * step, a date for a timestamp.
  llvm::Function* FillFunction(NodeId id, NodeId field, int64_t start, int64_t step, int64_t entries);
  llvm::Value* YearsSince(llvm::Value* days);
  llvm::Value* MonthsBetween(const Civil& x, const Civil& y);
  llvm::Value* YearsBetween(const Civil& x, const Civil& y);
  llvm::Value* IsAnniversary(llvm::Value* days);

  const Options& options_;
  const ir::Program& p_;
  const rt::Database& db_;
  llvm::Module& m_;
  llvm::LLVMContext& cx_;
  llvm::IRBuilder<> b_;
  ir::NodeFacts facts_;
  llvm::Type *i1_, *i8_, *i32_, *i64_, *f64_, *ptr_;
  llvm::Function* fn_ = nullptr;
  llvm::Value *buffers_arg_ = nullptr, *params_arg_ = nullptr, *out_ = nullptr, *present_out_ = nullptr;
  llvm::Value *today_ = nullptr, *now_ = nullptr, *c_ = nullptr;
  std::vector<llvm::Value*> event_rows_;  // the current event's row at each depth (nested aggregates)
  llvm::AllocaInst* fail_slot_ = nullptr;
  llvm::BasicBlock *entry_ = nullptr, *fail_block_ = nullptr, *done_ = nullptr;
  llvm::Instruction* entry_end_ = nullptr;
  // Work done once per call before the loop over customers (FlatCount): its blocks run
  // from `prologue_` to `prologue_end_`; none when null.
  llvm::BasicBlock *prologue_ = nullptr, *prologue_end_ = nullptr;
  llvm::Value *begin_ = nullptr, *end_ = nullptr;  // the kernel's arguments
  int prefixes_ = 0;                               // FlatCount's buffers (sam_jit_prefix slots)
  bool checking_ = true;                           // false in the prologue: the loop checks
  std::vector<std::pair<llvm::BasicBlock*, llvm::Value*>> fail_edges_;
  KernelMode mode_ = KernelMode::Members;
  std::vector<NodeId> roots_;
  bool can_fail_ = false;
  const std::vector<bool>& needs_check_;  // Support::NeedsCheck: per node, whether its operation may overflow
  std::unordered_map<NodeId, V> memo_;
  std::vector<std::unordered_map<NodeId, V>> event_memos_;  // per event depth: the current event's
  std::deque<WindowEnd> ends_;  // the current customer's (stable addresses)
  std::deque<WindowValues> windows_;
  std::vector<const void*> buffers_;
  std::unordered_map<const void*, llvm::Value*> buffer_values_;
  llvm::Value* zone_ = nullptr;  // the program's time-zone table (helpers.hpp), an i64 address
  std::unordered_map<NodeId, TableFacts> tabulable_;
  std::unordered_map<NodeId, llvm::Value*> tables_;  // per tabulated node: its bitmaps (entry block)
  std::vector<std::shared_ptr<void>> owned_;         // their DayTables, for the kernel to keep
  bool tabulating_ = false;                          // emitting a table's fill function
  std::unordered_map<const rt::Column*, std::optional<QuarterRange>> quarters_;
  std::unordered_map<const rt::Column*, std::optional<LocalDays>> local_days_;
  std::map<std::tuple<const rt::Column*, int64_t, std::string>, llvm::Value*> contains_rows_;  // ContainsOfRows's bits
  // In a fill function: the field's value (for a timestamp, the date of its `date(x)`).
  struct Substitute {
    NodeId field;
    V value;
  };
  std::optional<Substitute> substitute_;
};

}  // namespace sam::jit
