// The typed IR: what every backend executes (the reference interpreter, the LLVM JIT,
// SQL generation). It is relational-friendly by construction:
// - every value is a scalar of a primitive type; rows exist only as `.field` reads,
//   which lowering turns into per-field aggregates (`last(orders).amount` becomes
//   `agg last orders value amount`) or reference-table lookups;
// - implicit conversions are explicit Cast nodes; sugar (`within`, `between`,
//   `score`, windows) is lowered to comparisons and [low, high) time bounds;
// - per-customer expressions are a DAG of nodes; an aggregate is a node with its own
//   event scope (filter and value evaluated per event), a population node ranks a
//   per-customer value over all customers.
// Each node keeps its source span so that later checks and runtime errors point at
// the program text.
#pragma once

#include <cassert>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/identity.hpp"
#include "base/source.hpp"
#include "schema/schema.hpp"
#include "schema/types.hpp"
#include "stdlib/aggregates.hpp"
#include "stdlib/builtins.hpp"

namespace sam::ir {

using NodeId = uint32_t;
inline constexpr NodeId kNone = UINT32_MAX;

enum class Op : uint8_t {
#define SAM_IR_OP(name, text) name,
#include "ir/ops.def"
#undef SAM_IR_OP
};
std::string_view OpName(Op op);

// A constant. Dates are days since 1970-01-01, timestamps and durations microseconds,
// decimals scaled by 10^6, enums their variant index; absent if `absent`.
struct Value {
  bool absent = false;
  int64_t i = 0;
  double f = 0;
  std::string s;
  bool operator==(const Value&) const = default;
};

struct Node {
  Op op;
  Type type;
  std::vector<NodeId> args;
  Value value;            // Const
  int32_t a = -1, b = -1, c = -1;  // per op, see ops.def; read them through the views below
  Span span;

  // Typed views of a, b and c, checked against the operation in debug builds.
  int table() const {
    assert(op == Op::EventField || op == Op::ListMember || op == Op::TriggerField || op == Op::Lookup);
    return a;
  }
  int field() const {
    assert(op == Op::CustomerField || op == Op::EventField || op == Op::TriggerField || op == Op::Lookup);
    return op == Op::CustomerField ? a : b;
  }
  int depth() const {  // of the events an EventField reads (0 = outermost)
    assert(op == Op::EventField);
    return c;
  }
  int let() const {
    assert(op == Op::LetRef);
    return a;
  }
  int agg() const {  // Program::aggs index
    assert(op == Op::Agg);
    return a;
  }
  int pop() const {  // Program::pops index
    assert(op == Op::Population);
    return a;
  }
  stdlib::BuiltinId builtin() const {
    assert(op == Op::Call);
    return static_cast<stdlib::BuiltinId>(a);
  }
};

// An aggregate's event scope: which table, the time bounds [low, high) in the time
// column's unit (absent bound: unbounded; `high` is always at most `now`), the filter
// and the value, both evaluated per event. Nested aggregates see enclosing events by
// depth.
struct AggSpec {
  AggOp op;
  bool distinct = false;
  // first/last of a row's field (`last(orders).cart_id`): the value of the first or
  // last matching event, absent when that event's value is; otherwise events whose
  // value is absent are skipped (`last(orders.cart_id)`).
  bool row_field = false;
  int table = -1;
  int depth = 0;  // event nesting depth of this scope (0 = outermost)
  NodeId low = kNone;
  NodeId high = kNone;
  NodeId filter = kNone;
  NodeId value = kNone;
};

struct PopSpec {
  enum Kind : uint8_t { Top, Bottom, Rank, Percentile } kind;
  bool percent = false;
  int64_t amount = 0;  // count, or percent scaled by 10^6
  int among = -1;      // let index of a segment, or -1 for all customers
};

// The IR's own copies of the program's choices, so that no backend reads the AST.
enum class TriggerSource : uint8_t { OnDate, OnEvent, YearlyDay, Yearly, Enters, Leaves, Inactive };
enum class CampaignKind : uint8_t { Service, Commercial };
enum class Reentry : uint8_t { Unset, Never, After, AfterExit };
enum class Migrate : uint8_t { Unset, Continue, Restart, Exit };
enum class QueryKind : uint8_t { Count, Show, Why };

struct Let {
  std::string name;
  Type type;
  NodeId root = kNone;
  bool segment = false;
  bool used = true;  // false: removed by the unused-let pass
  Span span;
};

struct Trigger {
  std::string name;
  TriggerSource source;
  int table = -1;           // OnEvent, Inactive
  NodeId filter = kNone;    // per event
  NodeId when = kNone;      // Yearly: the date; OnDate: the date; Inactive: the period
  int month_day = 0;        // YearlyDay
  int segment = -1;         // Enters, Leaves: let index
  NodeId delay = kNone;
  NodeId condition = kNone;  // `if`
  NodeId unless = kNone;
  int key_field = -1;        // `per`
  Span span;
};

struct Step {
  std::string message;
  int64_t delay = 0;  // microseconds after entry
  NodeId condition = kNone;
  std::string channel;  // `via CHANNEL`; empty: the campaign's channel
  Span span;
};

struct Campaign {
  std::string name;
  std::string key;
  std::string stage;
  std::optional<CampaignKind> kind;
  std::vector<std::string> consents;
  std::string channel;
  NodeId audience = kNone;
  int trigger = -1;
  std::vector<Step> steps;
  NodeId exit = kNone;
  int64_t priority = 0;
  int64_t holdout = 0;  // percent scaled by 10^6
  Reentry reentry = Reentry::Unset;
  NodeId reentry_after = kNone;
  std::optional<int64_t> limit;
  int send_minute = -1;
  Migrate migrate = Migrate::Unset;
  bool base = false, paused = false;
  std::optional<int64_t> from_day, until_day;
  std::vector<std::pair<std::string, NodeId>> metrics;
  Span span;
};

struct Cap {
  int64_t max = 0;
  NodeId per = kNone;
  bool per_channel = false, per_campaign = false, per_kind = false;
  std::string channel;
  std::optional<CampaignKind> kind;
  Span span;
};
// `quiet hours 21:00-08:00 [on CHANNEL]`: minutes after local midnight.
struct QuietHours {
  int from_minute = 0, to_minute = 0;
  std::string channel;  // empty: every channel
  Span span;
};
// `portfolio base` / `portfolio lo..hi`.
struct Portfolio {
  bool base = false;
  int64_t lo = 0, hi = 0;
};
struct Consent {
  std::string purpose;
  NodeId granted = kNone, confirmed = kNone, withdrawn = kNone;
  Span span;
};
// `suppress COND [on CHANNEL]`.
struct Suppression {
  NodeId condition = kNone;
  std::string channel;  // empty: every channel
  Span span;
};
// `allow CHANNEL when COND`.
struct Allow {
  std::string channel;
  NodeId condition = kNone;
  Span span;
};
// `contacts TABLE [where COND] channel V [campaign V] [kind V]`: the rows of an event
// table (where `filter` holds, at event depth 0) are contacts made outside SAM, which
// the caps count. Each V is a field of the table (`field`), or `text` for every row;
// neither given (campaign, kind): not known.
struct HistoryValue {
  int field = -1;
  std::string text;
};
struct ContactHistory {
  int table = -1;
  NodeId filter = kNone;
  HistoryValue channel, campaign, kind;
  Span span;
};
struct Policy {
  bool present = false;
  NodeId timezone = kNone;
  std::vector<Cap> caps;
  std::vector<QuietHours> quiet;
  std::vector<Consent> consents;
  std::vector<Suppression> suppressions;
  std::vector<Portfolio> portfolios;
  std::vector<std::pair<std::string, std::string>> addresses;  // channel -> field
  std::vector<Span> address_spans;                              // where each is written
  std::vector<Allow> allows;
  std::vector<std::pair<int, std::vector<std::pair<std::string, int64_t>>>> suggestions;  // segment let
  std::vector<std::tuple<std::string, int64_t, NodeId>> rates;
  std::vector<Span> rate_spans;  // where each rate is written
  std::vector<ContactHistory> histories;
};

// A query statement (`sam query`, the REPL). `count` and `show`: the customers of
// `segment` (a let index; -1: all customers) for which `where` holds, and per customer
// the values of `columns`. `why`: the customer whose key is `customer` (as written) and
// the campaign (Program::campaigns index) whose decisions for them are asked about.
struct Query {
  QueryKind kind = QueryKind::Count;
  int segment = -1;
  NodeId where = kNone;
  std::optional<int64_t> limit;
  std::vector<std::pair<std::string, NodeId>> columns;
  std::string customer;  // why
  int campaign = -1;     // why
  Span span;
};

// A test block (`test "NAME" { ... }`, docs/language.md §17): made-up rows, a run
// date and expectations. `sam test` (testing/) runs it; backends never see it.
//
// Inline rows of one table, in the order written: per row, per field of the table
// (schema order) its value; a field left out or `absent` is an absent Value. Values
// are in the column's logical form (see Value), a date given for a timestamp already
// its 00:00 in the program's time zone.
struct TestRows {
  int table = -1;
  std::vector<std::vector<Value>> rows;
  std::vector<Span> spans;  // per row
};

enum class ExpectKind : uint8_t { Holds, Count, Contact, NoContact };

struct Expectation {
  ExpectKind kind = ExpectKind::Holds;
  NodeId condition = kNone;       // Holds: a bool per customer
  std::string customer;           // `for KEY` as written; empty: the test's single customer
  int segment = -1;               // Count: let index; -1: all customers
  int64_t count = 0;              // Count: N
  int campaign = -1;              // Contact, NoContact: Program::campaigns index
  std::string step;               // Contact: `step "ID"`; empty: any
  std::optional<int64_t> on_day;  // Contact: `on DATE`, days since 1970-01-01
  Span span;
};

struct Test {
  std::string name;
  Span span;
  int64_t today = 0;  // days since 1970-01-01
  std::vector<TestRows> tables;
  std::vector<Expectation> expects;
};

// A program: its schema (tables, enums, time zone), then what runs over it.
struct Program : Schema {
  std::vector<Node> nodes;
  std::vector<AggSpec> aggs;  // Agg nodes: `a` indexes this
  std::vector<PopSpec> pops;  // Population nodes: `a` indexes this
  std::vector<Let> lets;      // in evaluation order: a let only uses lets before it
  std::vector<Trigger> triggers;
  std::vector<Campaign> campaigns;
  Policy policy;
  std::vector<Query> queries;  // `count` and `show` statements, in source order
  std::vector<Test> tests;     // test blocks, in source order
  // `today DATE` in query text: the run date its queries ask for (days since
  // 1970-01-01), one per file at most.
  std::vector<std::pair<Span, int64_t>> run_dates;
  // What backends key compiled code by; code that changes a program after a backend
  // prepared it renews it.
  Identity identity;

  NodeId Add(Node n) {
    nodes.push_back(std::move(n));
    return static_cast<NodeId>(nodes.size() - 1);
  }
  // The run date that query text `file` states, if it does.
  std::optional<int64_t> RunDateOf(FileId file) const {
    for (const auto& [span, day] : run_dates) {
      if (span.file == file) return day;
    }
    return std::nullopt;
  }
  const Node& at(NodeId id) const { return nodes[id]; }
  Node& at(NodeId id) { return nodes[id]; }
};

// Whether two expressions are the same tree (operation, type, operands and
// constants), so that a backend computes `now - 365d` once however many lets spell it.
bool SameTree(const Program& p, NodeId a, NodeId b);

// The stable text form printed by `sam dump ir`.
std::string Print(const Program& p);
// One expression, or one campaign (its clauses, steps, exit and metrics), in that form.
std::string PrintExpr(const Program& p, NodeId id);
std::string PrintCampaign(const Program& p, int campaign);
// The campaign's journeys as defined, without the names of it, its trigger and the
// lets it reads (those print as what they compute), and without the clauses that only
// schedule it (priority, limit, from/until, paused): what `migrate` compares between
// runs, so that a rename or a pause changes nothing (language.md §15.1).
std::string PrintCampaignDefinition(const Program& p, int campaign);

}  // namespace sam::ir
