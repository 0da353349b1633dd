// What the JIT compiles today (lower.hpp): a walk over an expression that names the
// first construct it does not.
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "backends/jit/lower.hpp"
#include "ir/analysis/facts.hpp"
#include "stdlib/builtins.hpp"

namespace sam::jit {
namespace {

using ir::NodeId;
using ir::Op;

bool IntLike(TypeKind k) {
  return k == TypeKind::Int || k == TypeKind::Bool || k == TypeKind::Date || k == TypeKind::Timestamp ||
         k == TypeKind::Duration || k == TypeKind::Decimal || k == TypeKind::Enum;
}
bool Scalar(TypeKind k) { return IntLike(k) || k == TypeKind::Float; }

}  // namespace

class Support::Check {
 public:
  Check(const ir::Program& p, const rt::Database& db) : p_(p), db_(db) {}

  // `table`: the innermost event table in scope (-1: customers only).
  std::string Walk(NodeId id, int table) {
    if (id == ir::kNone) return {};
    const ir::Node& n = p_.at(id);
    auto no = [&](std::string_view why) { return fmt::format("`{}` {}", ir::OpName(n.op), why); };
    if (n.op == Op::Eq || n.op == Op::Ne || n.op == Op::InSet) {
      if (p_.at(n.args[0]).type.kind == TypeKind::String) return StringCompare(n);
    }
    if (n.op == Op::IsPresent && p_.at(n.args[0]).type.kind == TypeKind::String) return StringOf(n.args[0]);
    if (n.op == Op::Call && StringTest(n.builtin())) {
      for (NodeId a : n.args) {
        if (std::string why = StringOf(a); !why.empty()) return why;
      }
      return {};
    }
    if (!Scalar(n.type.kind)) return no("on strings or sets");
    switch (n.op) {
      case Op::Const: case Op::Today: case Op::Now: case Op::Not: case Op::Min: case Op::Max: case Op::Eq:
      case Op::Ne: case Op::Lt: case Op::Le: case Op::Gt: case Op::Ge: case Op::And: case Op::Or:
      case Op::IsPresent: case Op::Coalesce: case Op::If: case Op::InSet:
        break;
      case Op::CustomerField:
        if (Column(db_.customers, n.a) == nullptr) return no("of a column the data does not have");
        break;
      case Op::EventField:
        if (!InScope(n)) return no("of an event not in scope");
        if (Column(n.a, n.b) == nullptr) return no("of a column the data does not have");
        break;
      case Op::LetRef: {
        // A let is the customer's, wherever it is used (an event's `where`, too): its
        // answer is the same everywhere, worked out once (lets that read the one
        // before twice would otherwise be walked 2^depth times).
        if (auto it = lets_.find(n.a); it != lets_.end()) return it->second;
        std::vector<int> outer;
        outer.swap(scope_);
        std::string why = Walk(p_.lets[n.a].root, -1);
        scope_.swap(outer);
        lets_.emplace(n.a, why);
        return why;
      }
      case Op::Cast: {
        const TypeKind from = p_.at(n.args[0]).type.kind, to = n.type.kind;
        if (to == TypeKind::Float && from != TypeKind::Int && from != TypeKind::Decimal && from != TypeKind::Float) {
          return no("to float from this type");
        }
        if (from == TypeKind::Float && to != TypeKind::Float) return no("from float");
        if (table >= 0 && to == TypeKind::Decimal && from == TypeKind::Int && Fails(id)) {
          return no("per event (it can overflow)");
        }
        break;
      }
      case Op::Neg: case Op::Add: case Op::Sub: case Op::Mul: case Op::Div:
        // Per event, an overflow's rule (every operand computed for every row) is
        // not settled for filtered events: left to the interpreter for now.
        if (table >= 0 && n.type.kind != TypeKind::Float && Fails(id)) return no("per event (it can overflow)");
        break;
      case Op::Agg: return Aggregate(n, table);
      case Op::DateToTimestamp: break;
      case Op::Call:
        if (std::string why = Builtin(id, n, table); !why.empty()) return why;
        break;
      case Op::Population: return no("(rankings)");
      case Op::Lookup: return no("(reference tables)");
      case Op::ListMember:
        if (n.a < 0 || static_cast<size_t>(n.a) >= db_.tables.size() || db_.tables[n.a].offsets.empty()) {
          return no("of a list the data does not have");
        }
        break;
      case Op::TriggerTime: case Op::TriggerField: case Op::EntryTime: return no("(the engine's values)");
    }
    for (NodeId a : n.args) {
      if (std::string why = Walk(a, table); !why.empty()) return why;
    }
    return {};
  }

 private:
  const rt::Column* Column(int table, int field) const {
    if (table < 0 || static_cast<size_t>(table) >= db_.tables.size()) return nullptr;
    const auto& cols = db_.tables[table].columns;
    if (field < 0 || static_cast<size_t>(field) >= cols.size()) return nullptr;
    return &cols[field];
  }

  // The built-ins lower_builtins.cpp compiles.
  std::string Builtin(NodeId node, const ir::Node& n, int table) {
    using stdlib::BuiltinId;
    const auto id = n.builtin();
    const std::string_view name = stdlib::Builtin(id).name;
    const TypeKind first = n.args.empty() ? TypeKind::Error : p_.at(n.args[0]).type.kind;
    switch (id) {
      case BuiltinId::DaysSince: case BuiltinId::HoursSince: case BuiltinId::DaysBetween: case BuiltinId::MonthsBetween:
      case BuiltinId::YearsBetween: case BuiltinId::YearsSince: case BuiltinId::DateOf: case BuiltinId::StartOf:
      case BuiltinId::Year: case BuiltinId::Month: case BuiltinId::Day: case BuiltinId::Weekday:
      case BuiltinId::AddMonths: case BuiltinId::AddYears: case BuiltinId::Anniversary: case BuiltinId::IsAnniversary:
      case BuiltinId::Least: case BuiltinId::Greatest: case BuiltinId::ToFloat:
        return {};
      case BuiltinId::Days: case BuiltinId::Hours: case BuiltinId::Abs:
        if (table >= 0 && first != TypeKind::Float && Fails(node)) {
          return fmt::format("`{}` per event (it can overflow)", name);
        }
        return {};
      case BuiltinId::ToDecimal:
        if (first == TypeKind::Float) return "`to_decimal` of a float";
        if (table >= 0 && first == TypeKind::Int && Fails(node)) return "`to_decimal` per event (it can overflow)";
        return {};
      case BuiltinId::Floor:
      case BuiltinId::Ceil:
      case BuiltinId::ToInt:
      case BuiltinId::Round:
        // Of a float (out of an int's range) or rounded up past the largest decimal.
        if (table >= 0 && (first == TypeKind::Float || id == BuiltinId::Round) && Fails(node)) {
          return fmt::format("`{}` per event (it can overflow)", name);
        }
        return {};
      case BuiltinId::Lower:
      case BuiltinId::Upper:
      case BuiltinId::Trim:
      case BuiltinId::Length:
      case BuiltinId::Contains: case BuiltinId::StartsWith: case BuiltinId::EndsWith: case BuiltinId::Bucket:
      case BuiltinId::CountryTimeZone: case BuiltinId::Rank: case BuiltinId::Percentile:
        break;
    }
    return fmt::format("`call` of `{}` (this built-in)", name);
  }

  // The string tests lower_strings.cpp compiles: of strings StringOf accepts.
  static bool StringTest(stdlib::BuiltinId id) {
    using stdlib::BuiltinId;
    return id == BuiltinId::Length || id == BuiltinId::Contains || id == BuiltinId::StartsWith ||
           id == BuiltinId::EndsWith;
  }

  // A string the generated code reads without making one: a constant, a string
  // column of the customer's or of an event in scope, a let of one, and `lower`,
  // `upper` and `trim` of those (applied as the string is compared).
  std::string StringOf(NodeId id) {
    const ir::Node& x = p_.at(id);
    switch (x.op) {
      case Op::Const: return {};
      case Op::CustomerField:
      case Op::EventField: {
        const rt::Column* col = x.op == Op::CustomerField ? Column(db_.customers, x.a)
                                : InScope(x)              ? Column(x.a, x.b)
                                                          : nullptr;
        if (col == nullptr) return "`field` of a column the data does not have, or of an event not in scope";
        if (col->encoding != rt::Encoding::Dict32 && col->encoding != rt::Encoding::Plain) {
          return "`field` of strings stored in an unusual way";
        }
        return {};
      }
      case Op::LetRef: {
        std::vector<int> outer;  // a let is the customer's (Walk)
        outer.swap(scope_);
        std::string why = StringOf(p_.lets[x.a].root);
        scope_.swap(outer);
        return why;
      }
      case Op::Call: {
        const auto b = x.builtin();
        using stdlib::BuiltinId;
        if (b == BuiltinId::Lower || b == BuiltinId::Upper || b == BuiltinId::Trim) return StringOf(x.args[0]);
        break;
      }
      default: break;
    }
    return fmt::format("`{}` of a computed string", ir::OpName(x.op));
  }

  // Strings compared for equality (`in` a set of constants).
  std::string StringCompare(const ir::Node& n) {
    for (size_t k = 0; k < n.args.size(); ++k) {
      if (n.op == Op::InSet && k > 0) {
        const ir::Node& c = p_.at(n.args[k]);
        if (c.op != Op::Const || c.value.absent) return "`in_set` of strings with a computed one";
      } else if (std::string why = StringOf(n.args[k]); !why.empty()) {
        return why;
      }
    }
    return {};
  }

  // An event field of the event at its depth in the aggregates around it.
  bool InScope(const ir::Node& n) const {
    return n.c >= 0 && static_cast<size_t>(n.c) < scope_.size() && scope_[n.c] == n.a;
  }

  std::string Aggregate(const ir::Node& n, int table) {
    const ir::AggSpec& g = p_.aggs[n.a];
    if (static_cast<size_t>(g.depth) != scope_.size()) return "`agg` at an unexpected depth";
    // count(distinct x): of integers, or of a dictionary column's codes (its strings
    // are distinct); in one aggregate at a time (they share a scratch buffer).
    bool codes = false;
    if (g.distinct) {
      if (g.op != AggOp::Count || g.depth != 0 || g.value == ir::kNone) {
        return fmt::format("`{}` of distinct values", AggOpText(g.op));
      }
      const ir::Node& v = p_.at(g.value);
      codes = v.type.kind == TypeKind::String && v.op == Op::EventField && v.a == g.table && v.c == 0 &&
              Column(v.a, v.b) != nullptr && Column(v.a, v.b)->encoding == rt::Encoding::Dict32;
      if (!codes && !IntLike(v.type.kind)) return "`count` of distinct values of this type";
    }
    if (g.table < 0 || static_cast<size_t>(g.table) >= db_.tables.size() || p_.tables[g.table].time < 0 ||
        db_.tables[g.table].offsets.empty()) {
      return "`agg` over a table without events in time order";
    }
    const rt::Column& time = db_.tables[g.table].columns[p_.tables[g.table].time];
    if (time.encoding == rt::Encoding::Float64 || time.encoding == rt::Encoding::Plain || time.encoding == rt::Encoding::Dict32) {
      return "`agg` over an unusual time column";
    }
    if (g.value != ir::kNone && !codes) {
      const TypeKind v = p_.at(g.value).type.kind;
      if (!Scalar(v)) return fmt::format("`{}` of strings", AggOpText(g.op));
    }
    for (NodeId bound : {g.low, g.high}) {
      if (std::string why = Walk(bound, table); !why.empty()) return why;
    }
    scope_.push_back(g.table);
    std::string why;
    for (NodeId x : {g.filter, codes ? ir::kNone : g.value}) {
      if (why.empty()) why = Walk(x, g.table);
    }
    scope_.pop_back();
    return why;
  }

  // Whether node `id` can overflow (ir::CanFail, with the stored columns' ranges):
  // per event, only what cannot is compiled, as the rule that every operand is
  // computed for every row is not settled for filtered events. Values that depend on
  // the run date count as unknown (two far-apart run dates must agree).
  bool Fails(NodeId id) { return All()[id]; }

 public:
  const std::vector<bool>& All() {
    if (can_fail_.empty()) {
      const auto a = ir::Invariants(p_, -25567, -25567 * kMicrosPerDay);  // 1900-01-01
      const auto b = ir::Invariants(p_, 83106, 83106 * kMicrosPerDay);    // 2197-07-14
      std::vector<std::optional<ir::Value>> fixed(a.size());
      for (size_t k = 0; k < a.size(); ++k) {
        if (a[k] && b[k] && *a[k] == *b[k]) fixed[k] = a[k];
      }
      can_fail_ = ir::CanFail(p_, fixed, [&](int table, int field) { return StoredRange(table, field); }, &own_);
    }
    return can_fail_;
  }
  const std::vector<bool>& Own() {
    All();
    return own_;
  }

 private:
  std::optional<ir::IntRange> StoredRange(int table, int field) const {
    const rt::Column* c = Column(table, field);
    if (c == nullptr) return std::nullopt;
    __int128 lo = 0, hi = 0;
    switch (c->encoding) {
      case rt::Encoding::Int8: lo = INT8_MIN, hi = INT8_MAX; break;
      case rt::Encoding::Int16: lo = INT16_MIN, hi = INT16_MAX; break;
      case rt::Encoding::Int32: lo = INT32_MIN, hi = INT32_MAX; break;
      default: return std::nullopt;
    }
    return ir::IntRange{c->base + lo * c->unit, c->base + hi * c->unit};
  }

  const ir::Program& p_;
  const rt::Database& db_;
  std::vector<bool> can_fail_;  // per node, computed when first needed
  std::vector<bool> own_;       // per node: its own operation can overflow (with can_fail_)
  std::vector<int> scope_;  // the event table of each aggregate around the node, outermost first
  std::unordered_map<int, std::string> lets_;  // a let's answer, by let index
};

Support::Support(const ir::Program& program, const rt::Database& db)
    : check_(std::make_unique<Check>(program, db)), customers_(db.customers >= 0) {}

Support::~Support() = default;

const std::vector<bool>& Support::NeedsCheck() { return check_->Own(); }

std::string Support::Why(NodeId root) {
  if (!customers_) return "a database without customers";
  return check_->Walk(root, -1);
}

}  // namespace sam::jit
