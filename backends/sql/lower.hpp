// The lowering of IR expressions to SQL text (lower_expr.cpp, lower_agg.cpp,
// lower_builtins.cpp); statement.cpp puts the pieces into one statement.
#pragma once

#include <fmt/format.h>

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "backends/sql/sql.hpp"

namespace sam::sql {

// Where an expression is written: at customer level (a let's CTE, the query), or
// inside an aggregate's events (its derived table, and the subqueries nested in it).
struct Scope {
  std::string key;                 // the customer's key here: c."id", or e0."customer_id"
  bool events = false;             // inside an aggregate over events
  bool customers = false;          // events: customer fields are read, so customers is joined as `customer`
  std::string customer = "c";      // the alias of the customer's row
  std::set<int> lets;              // lets read: their CTEs are joined by name
  std::vector<std::string> joins;  // customer level: LEFT JOINs of aggregates' derived tables
  // Per event depth, the alias of the events read there (e0, e1, ...; another name
  // when an aggregate in a window bound reads depth 0 again).
  std::vector<std::string> aliases;
};

// Constants in the text SQL literals take: 12.500000, 2026-11-23,
// 2026-11-22 23:00:00.000000+00.
std::string DecimalText(int64_t scaled);
std::string DateText(int64_t days);
std::string InstantText(int64_t micros);

class Lowerer {
 public:
  Lowerer(const ir::Program& p, const Request& r, Generated& out);

  // The expression in SAM's form (see dialect.hpp).
  std::string Expr(ir::NodeId id, Scope& s);
  // The lets are a chain of CTEs, one per let (and ranking), each the one before with
  // one more column, named after the let: a let reads the others as columns of its
  // row, with no join. Link adds `name` = `value` (written in `s`, with the
  // aggregates' joins it collected) to the chain.
  void Link(const std::string& name, const std::string& value, const Scope& s, const std::string& comment = "");
  // The FROM of a customer-level expression: the chain's last link (or customers) as c,
  // and the joins `s` collected.
  std::string From(const Scope& s) const;
  // A customer-level scope.
  Scope CustomerScope() const;

  std::string Quote(std::string_view name) const;
  std::string Table(int table) const;              // the engine's table name, quoted
  std::string Column(int table, int field) const;  // the field's column, quoted
  std::string CustomerKey() const;                 // the customers' key column, quoted
  std::string Let(int let) const { return Quote(p_.lets[let].name); }
  // A value of the run's constants, as SQL text in SAM's form; nullopt if `id` reads data.
  std::optional<ir::Value> Folded(ir::NodeId id);
  std::optional<ir::Value> FoldedCall(const ir::Node& n);
  std::string Literal(const ir::Value& v, Type t) const;
  // A value in SAM's form shown in its own type: a timestamp as a timestamp.
  std::string Shown(const std::string& sam_form, Type t) const;
  std::string Fmt(std::string_view format, const std::string& a, const std::string& b = {}) const {
    return fmt::format(fmt::runtime(format), a, b);
  }
  std::string RoundDiv(const std::string& n, const std::string& d);
  // Whether a date (days) or timestamp (microseconds) constant is one the engine's
  // column types hold: then a column can be compared with it as stored.
  bool Holds(TypeKind k, int64_t v) const;
  // An integer `+`, `-` or `*` (op with its spaces), which fails out of range as in SAM.
  std::string IntOp(const std::string& a, const char* op, const std::string& b) const;
  std::string Fail(ir::NodeId id, std::string construct);

  // The statement stops with `message` (a value out of range) where `out_of_range`
  // holds, else gives `value`.
  std::string Checked(const std::string& out_of_range, const std::string& message, const std::string& value);

  // Aggregates at customer level that read no let: computed once for all lets in the
  // chain's first link, sam_aggregates, one derived table per table and WHERE.
  void Hoist(const std::vector<ir::NodeId>& roots);

  std::string chain_;  // the WITH list so far
  std::string last_;   // its last link; empty: the customers table
  const ir::Program& p_;
  const Request& r_;
  const Dialect& d_;
  int64_t now_ = 0;  // the run's `now`, microseconds

 private:
  std::string Field(int table, int field, const std::string& alias) const;
  std::string Operation(ir::NodeId id, Scope& s);
  std::string Convert(TypeKind from, TypeKind to, const std::string& x);
  std::string MinMax(bool min, TypeKind k, const std::string& a, const std::string& b) const;
  std::string Calendar(const char* part, const std::string& days) const;
  std::string Arithmetic(const ir::Node& n, const std::string& a, const std::string& b);
  std::string Comparison(ir::NodeId id, Scope& s);
  std::optional<std::string> NativeComparison(ir::NodeId id, Scope& s);
  std::string Aggregate(ir::NodeId id, Scope& s);
  std::string AggregateOver(const ir::AggSpec& g, const ir::Node& n, const std::string& alias, Scope& s,
                            bool correlated, std::string& where);
  std::string Bounds(const ir::AggSpec& g, const std::string& alias, Scope& s);
  std::string TimeTest(const std::string& column, const char* op, int64_t v, bool dates) const;
  std::optional<int64_t> ConstantBound(const ir::AggSpec& g, ir::NodeId bound);
  std::string WindowWhere(int table, const std::string& alias, std::optional<int64_t> low,
                          std::optional<int64_t> high) const;
  struct Window {
    std::optional<int64_t> low, high;  // none: unbounded (before `now` only)
  };
  std::optional<Window> ConstantWindow(const ir::AggSpec& g);
  // The FROM of an aggregate's derived table: its events, with customers and the lets
  // its `inner` scope read joined by the customer's key.
  std::string EventsFrom(const ir::AggSpec& g, const std::string& alias, const Scope& inner) const;
  // The joins of the customer (as inner.customer) and of the lets `inner` read, by the
  // events' customer key inner.key.
  std::string CustomerJoins(const Scope& inner) const;
  std::string Population(ir::NodeId id);
  std::string Ranking(ir::NodeId id, Scope& s);
  std::string Builtin(ir::NodeId id, Scope& s);
  std::string Round(const ir::Node& n, const std::string& x);
  std::string LocalDays(const ir::Node& arg, const std::string& v) const;
  std::string FloorDiv(const std::string& a, int64_t b) const;

  Generated& out_;
  struct AggGroup {
    std::string from, where, key;                             // the derived table's
    std::vector<std::pair<std::string, std::string>> values;  // column, aggregate
    std::string row_order;  // not empty: one row per customer by DISTINCT ON, in this order
  };
  // The parts of the last first/last AggregateOver wrote: the value, the order that
  // puts the wanted event first, and whether only present values count.
  struct RowPick {
    std::string value, order;
    bool present = false;
  };
  RowPick row_pick_;
  std::vector<AggGroup> groups_;
  std::map<ir::NodeId, std::string> hoisted_;  // aggregate -> its column of sam_aggregates
  bool Hoistable(ir::NodeId id) const;
  bool Mergeable(const ir::AggSpec& g) const;
  std::string ScaledSum(const std::string& column, const std::function<std::string(const std::string&)>& only) const;
  std::string agg_filter_;  // AggregateOver: the rows of the aggregate in a shared pass
  // Whether the expression reads another table for each event: a nested aggregate or a lookup.
  bool ReadsTables(ir::NodeId id) const;
  // Whether a node of the expression (its arguments, not an aggregate's events) passes `test`.
  bool Reads(ir::NodeId id, const std::function<bool(const ir::Node&)>& test) const;
  void Find(ir::NodeId id, std::vector<ir::NodeId>& aggs) const;
  std::string WithDefault(AggOp op, const std::string& v) const;
  std::map<ir::NodeId, std::optional<ir::Value>> folded_;
  // A stored date column's days (Field's text) -> the column: a calendar part of it
  // is taken from the column as stored, without a conversion per row.
  mutable std::map<std::string, std::string> stored_dates_;
  int next_alias_ = 0, next_rank_ = 0;
};

}  // namespace sam::sql
