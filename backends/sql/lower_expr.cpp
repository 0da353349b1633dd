// Scalar operations: constants, fields, lets, arithmetic, comparisons and logic.
#include <date/date.h>

#include <algorithm>
#include <chrono>

#include "backends/sql/lower.hpp"
#include "ir/eval.hpp"
#include "schema/calendar.hpp"
#include "schema/time_zone.hpp"

namespace sam::sql {

using ir::Node;
using ir::NodeId;
using ir::Op;

std::string DecimalText(int64_t scaled) {
  const bool negative = scaled < 0;
  const uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(scaled) : static_cast<uint64_t>(scaled);
  return fmt::format("{}{}.{:06}", negative ? "-" : "", magnitude / kDecimalScale, magnitude % kDecimalScale);
}

std::string DateText(int64_t days) { return date::format("%F", date::sys_days{date::days{days}}); }

std::string InstantText(int64_t micros) {
  using namespace std::chrono;
  return date::format("%F %T", sys_time<microseconds>{microseconds{micros}}) + "+00";
}

Lowerer::Lowerer(const ir::Program& p, const Request& r, Generated& out)
    : p_(p), r_(r), d_(*r.dialect), now_(StartOfDay(r.today, p.timezone)), out_(out) {}

std::string Lowerer::Quote(std::string_view name) const { return QuotedName(name, d_); }

std::string Lowerer::Table(int table) const {
  const std::string& name = p_.tables[table].name;
  for (const auto& [from, to] : r_.tables) {
    if (from == name) return QuotedTable(to, d_);  // `crm.customers`: a schema's table
  }
  return Quote(name);
}

std::string Lowerer::Column(int table, int field) const { return Quote(p_.tables[table].fields[field].Column()); }

std::string Lowerer::CustomerKey() const { return Column(p_.customers, p_.tables[p_.customers].key); }

Scope Lowerer::CustomerScope() const {
  Scope s;
  s.key = "c." + CustomerKey();
  return s;
}

std::string Lowerer::Fail(NodeId id, std::string construct) {
  out_.unsupported.push_back({p_.at(id).span, std::move(construct)});
  return "NULL";
}

std::string Lowerer::IntOp(const std::string& a, const char* op, const std::string& b) const {
  if (!d_.wrapping_ints) return "(" + a + op + b + ")";
  return Fmt(d_.to_bigint, Fmt(d_.wide, a) + op + b);
}

bool Lowerer::Reads(NodeId id, const std::function<bool(const Node&)>& test) const {
  const Node& n = p_.at(id);
  return test(n) || std::any_of(n.args.begin(), n.args.end(), [&](NodeId a) { return Reads(a, test); });
}

bool Lowerer::Holds(TypeKind k, int64_t v) const {
  const int64_t days = k == TypeKind::Timestamp ? v / kMicrosPerDay - (v % kMicrosPerDay < 0 ? 1 : 0) : v;
  return days >= d_.min_days && days <= d_.max_days;
}

std::string Lowerer::RoundDiv(const std::string& n, const std::string& d) { return Fmt(d_.round_div, n, d); }

std::optional<ir::Value> Lowerer::Folded(NodeId id) {
  if (auto it = folded_.find(id); it != folded_.end()) return it->second;
  const Node& n = p_.at(id);
  std::optional<ir::Value> out;
  if (n.op == Op::Const) {
    out = n.value;
  } else if (n.op == Op::Today || n.op == Op::Now) {
    out = ir::Value{};
    out->i = n.op == Op::Today ? r_.today : now_;
  } else if (ir::IsFoldable(n.op, n.a)) {
    std::vector<ir::Operand> args;
    bool all = true;
    for (NodeId a : n.args) {
      std::optional<ir::Value> v = Folded(a);
      if (!v) {
        all = false;
        break;
      }
      args.push_back({p_.at(a).type, *v});
    }
    if (all) {
      auto v = ir::Evaluate(n.op, n.type, n.a, args, p_.timezone);
      if (auto* value = std::get_if<ir::Value>(&v)) out = *value;
    }
  } else if (n.op == Op::Call) {
    out = FoldedCall(n);
  }
  folded_[id] = out;
  return out;
}

// `add_months` and `add_years` of constants (`add_years(today, -2)`): a constant
// that a stored column is compared with as stored. Far-off years are left to the engine.
std::optional<ir::Value> Lowerer::FoldedCall(const Node& n) {
  const auto id = static_cast<stdlib::BuiltinId>(n.a);
  if (id != stdlib::BuiltinId::AddMonths && id != stdlib::BuiltinId::AddYears) return std::nullopt;
  std::optional<ir::Value> day = Folded(n.args[0]), count = Folded(n.args[1]);
  if (!day || !count || day->absent || count->absent) return day && day->absent ? day : std::nullopt;
  const int64_t months = id == stdlib::BuiltinId::AddYears ? count->i * 12 : count->i;
  const CivilDate c = CivilFromDays(day->i);
  if (c.year < -100000 || c.year > 100000 || months < -1200000 || months > 1200000) return std::nullopt;
  const int64_t total = c.year * 12 + (c.month - 1) + months;
  const int64_t year = total >= 0 ? total / 12 : -((-total + 11) / 12);
  const auto month = static_cast<unsigned>(total - year * 12 + 1);
  ir::Value out;
  out.i = DaysFromCivil(year, month, std::min(c.day, DaysInMonth(year, month)));
  return out;
}

std::string Lowerer::Literal(const ir::Value& v, Type t) const {
  if (v.absent) return "NULL";
  switch (t.kind) {
    case TypeKind::Bool: return v.i ? "TRUE" : "FALSE";
    case TypeKind::Float: return Fmt(d_.to_double, fmt::format("{}", v.f));
    case TypeKind::String: {
      std::string out = "'";
      for (char c : v.s) {
        out += c;
        if (c == '\'' || (c == '\\' && d_.backslash_escapes)) out += c;
      }
      return out + "'";
    }
    case TypeKind::Enum: {
      const auto& variants = p_.enums[t.ref].variants;
      ir::Value text;
      text.s = v.i >= 0 && static_cast<size_t>(v.i) < variants.size() ? variants[v.i] : "";
      return Literal(text, Type::Of(TypeKind::String));
    }
    default: break;
  }
  // Negative numbers in brackets: `a - -1` would start a comment.
  std::string number = v.i < 0 ? fmt::format("({})", v.i) : fmt::format("{}", v.i);
  if (v.i >= (int64_t{1} << 31) || v.i < -(int64_t{1} << 31)) number = Fmt(d_.big_int_literal, number);
  switch (t.kind) {
    case TypeKind::Timestamp: return fmt::format("{} /* {} */", number, InstantText(v.i));
    case TypeKind::Date: return fmt::format("{} /* {} */", number, DateText(v.i));
    case TypeKind::Decimal: return fmt::format("{} /* {} */", number, DecimalText(v.i));
    default: return number;
  }
}

std::string Lowerer::Shown(const std::string& v, Type t) const {
  switch (t.kind) {
    case TypeKind::Decimal: return Fmt(d_.decimal_of_scaled, v);
    case TypeKind::Date: return Fmt(d_.date_of_days, v);
    case TypeKind::Timestamp: return Fmt(d_.timestamp_of_micros, v);
    case TypeKind::Bool: return Fmt(d_.shown_bool, v);
    default: return v;
  }
}

// A stored field in SAM's form.
std::string Lowerer::Field(int table, int field, const std::string& alias) const {
  const std::string col = alias + "." + Column(table, field);
  switch (p_.tables[table].fields[field].type.kind) {
    case TypeKind::Date: {
      std::string days = Fmt(d_.epoch_days, col);
      stored_dates_[days] = col;
      return days;
    }
    case TypeKind::Timestamp: return Fmt(d_.epoch_micros, col);
    case TypeKind::Decimal: return Fmt(d_.to_bigint, "round(" + col + " * 1000000)");
    default: return col;
  }
}

std::string Lowerer::Expr(NodeId id, Scope& s) {
  const Node& n = p_.at(id);
  if (n.op != Op::Agg && n.op != Op::Population) {
    if (std::optional<ir::Value> v = Folded(id)) return Literal(*v, n.type);
  }
  return Operation(id, s);
}

std::string Lowerer::Operation(NodeId id, Scope& s) {
  const Node& n = p_.at(id);
  auto arg = [&](size_t i) { return Expr(n.args[i], s); };
  switch (n.op) {
    case Op::Const: return Literal(n.value, n.type);
    case Op::Today: return fmt::format("{}", r_.today);
    case Op::Now: return fmt::format("{}", now_);
    case Op::CustomerField:
      if (s.events) s.customers = true;
      return Field(p_.customers, n.field(), s.customer);
    case Op::EventField:
      if (static_cast<size_t>(n.depth()) >= s.aliases.size()) return Fail(id, "an event field outside its aggregate");
      return Field(n.table(), n.field(), s.aliases[n.depth()]);
    case Op::LetRef:
      // A column of the chain at customer level; for each event, its link joined.
      if (!s.events) return "c." + Let(n.let());
      s.lets.insert(n.let());
      return Let(n.let()) + "." + Let(n.let());
    case Op::ListMember: {
      const TableInfo& list = p_.tables[n.table()];
      // Not correlated: what every engine runs as one semi-join, in any clause.
      return fmt::format("({} IN (SELECT l.{} FROM {} l))", s.key, Column(n.table(), list.key), Table(n.table()));
    }
    case Op::TriggerTime:
    case Op::TriggerField:
    case Op::EntryTime:
      return Fail(id, "a trigger's or a journey's values (`trigger`, `entry`): the engine's, not a customer's");
    case Op::Cast: return Convert(p_.at(n.args[0]).type.kind, n.type.kind, arg(0));
    case Op::DateToTimestamp: return Fmt(d_.local_midnight, arg(0), p_.timezone);
    case Op::Neg:
      return d_.wrapping_ints && n.type.kind != TypeKind::Float ? IntOp("0", " - ", arg(0)) : "(-" + arg(0) + ")";
    case Op::Not: return "(NOT " + arg(0) + ")";
    case Op::Add:
    case Op::Sub:
    case Op::Mul:
    case Op::Div: return Arithmetic(n, arg(0), arg(1));
    case Op::Min:
    case Op::Max: return MinMax(n.op == Op::Min, n.type.kind, arg(0), arg(1));
    case Op::Eq:
    case Op::Ne:
    case Op::Lt:
    case Op::Le:
    case Op::Gt:
    case Op::Ge: return Comparison(id, s);
    case Op::And: return "(" + arg(0) + " AND " + arg(1) + ")";
    case Op::Or: return "(" + arg(0) + " OR " + arg(1) + ")";
    case Op::IsPresent: {
      // A stored field is tested as stored, not converted first.
      const Node& x = p_.at(n.args[0]);
      if (x.op == Op::CustomerField && !s.events) return "(c." + Column(p_.customers, x.field()) + " IS NOT NULL)";
      if (x.op == Op::EventField && static_cast<size_t>(x.depth()) < s.aliases.size()) {
        return "(" + s.aliases[x.depth()] + "." + Column(x.table(), x.field()) + " IS NOT NULL)";
      }
      return "(" + arg(0) + " IS NOT NULL)";
    }
    case Op::Coalesce: return "COALESCE(" + arg(0) + ", " + arg(1) + ")";
    case Op::If: return "(CASE WHEN " + arg(0) + " THEN " + arg(1) + " ELSE " + arg(2) + " END)";
    case Op::InSet: {
      if (d_.in_as_or) {
        const std::string x = arg(0);
        std::string out = "(";
        for (size_t i = 1; i < n.args.size(); ++i) out += (i > 1 ? " OR " : "") + x + " = " + arg(i);
        return out + ")";
      }
      std::string out = "(" + arg(0) + " IN (";
      for (size_t i = 1; i < n.args.size(); ++i) out += (i > 1 ? ", " : "") + arg(i);
      return out + "))";
    }
    case Op::Call: return Builtin(id, s);
    case Op::Agg: return Aggregate(id, s);
    case Op::Population: return Population(id);
    case Op::Lookup: {
      if (!d_.deep_correlation && Reads(n.args[0], [&](const Node& x) {
            return x.op == Op::EventField && x.depth() < static_cast<int>(s.aliases.size()) - 1;
          })) {
        return Fail(id, "a lookup inside a nested aggregate (its subquery reads two queries out)");
      }
      if (!d_.nullable_correlation && Reads(n.args[0], [](const Node& x) { return x.type.optional; })) {
        return Fail(id, "a lookup whose key reads a value that may be absent");
      }
      const TableInfo& ref = p_.tables[n.table()];
      return fmt::format("(SELECT {} FROM {} r WHERE {} = {})", Fmt(d_.lookup_value, Field(n.table(), n.field(), "r")),
                         Table(n.table()), Field(n.table(), ref.key, "r"), arg(0));
    }
  }
  return Fail(id, "this operation");
}

std::string Lowerer::Checked(const std::string& out_of_range, const std::string& message, const std::string& value) {
  return fmt::format("(CASE WHEN {} THEN {} ELSE {} END)", out_of_range, Fmt(d_.fail, "'" + message + "'"), value);
}

std::string Lowerer::Convert(TypeKind from, TypeKind to, const std::string& x) {
  if (from == to) return x;
  if (to == TypeKind::Float)
    return from == TypeKind::Int ? Fmt(d_.to_double, x) : "(" + Fmt(d_.to_double, x) + " / 1000000)";
  if (to == TypeKind::Decimal && from == TypeKind::Int) return IntOp(x, " * ", "1000000");
  // A float out of the range (NaN and infinities compare above it) stops as in ir/eval.cpp.
  if (to == TypeKind::Decimal && from == TypeKind::Float) {
    return Checked("abs(" + x + " * 1000000) >= 9.2e18", "value out of range for a decimal",
                   Fmt(d_.to_bigint, Fmt(d_.round_even, x + " * 1000000")));
  }
  if (to == TypeKind::Int && from == TypeKind::Decimal) return Fmt(d_.int_div, x, "1000000");
  if (to == TypeKind::Int && from == TypeKind::Float) {
    return Checked("abs(" + x + ") >= 9.2e18", "value out of range for an int",
                   Fmt(d_.to_bigint, Fmt(d_.trunc_double, x)));
  }
  return x;
}

// The smaller (or larger) of two values as the interpreter picks: the first when equal.
std::string Lowerer::MinMax(bool min, TypeKind k, const std::string& a, const std::string& b) const {
  const std::string first = k == TypeKind::String
                                ? "NOT " + (min ? Fmt(d_.string_less, b, a) : Fmt(d_.string_less, a, b))
                                : a + (min ? " <= " : " >= ") + b;
  return fmt::format("(CASE WHEN {0} IS NULL OR {1} IS NULL THEN NULL WHEN {2} THEN {0} ELSE {1} END)", a, b, first);
}

std::string Lowerer::Arithmetic(const Node& n, const std::string& a, const std::string& b) {
  const TypeKind x = p_.at(n.args[0]).type.kind, y = p_.at(n.args[1]).type.kind;
  const std::string day = fmt::format("{}", kMicrosPerDay);
  switch (n.op) {
    case Op::Add:
    case Op::Sub: {
      const char* sign = n.op == Op::Add ? " + " : " - ";
      if (x == TypeKind::String) return "(" + a + " || " + b + ")";
      // A date moved by a duration moves by whole days; date - date is a duration.
      if (x == TypeKind::Date && y == TypeKind::Duration) return IntOp(a, sign, Fmt(d_.int_div, b, day));
      if (x == TypeKind::Duration && y == TypeKind::Date) return IntOp(b, " + ", Fmt(d_.int_div, a, day));
      if (x == TypeKind::Date && y == TypeKind::Date) return IntOp(IntOp(a, " - ", b), " * ", day);
      if (x == TypeKind::Float) return "(" + a + sign + b + ")";
      return IntOp(a, sign, b);
    }
    case Op::Mul:
      if (x == TypeKind::Decimal && y == TypeKind::Decimal)
        return Fmt(d_.to_bigint, RoundDiv(Fmt(d_.wide, a) + " * " + b, "1000000"));
      if (x == TypeKind::Float) return "(" + a + " * " + b + ")";
      return IntOp(a, " * ", b);
    case Op::Div:
      if (x == TypeKind::Float) return "(" + a + " / NULLIF(" + b + ", 0))";
      if (x == TypeKind::Decimal)
        return Fmt(d_.to_bigint, RoundDiv(Fmt(d_.wide, a) + " * 1000000", "NULLIF(" + b + ", 0)"));
      return Fmt(d_.to_bigint, RoundDiv(Fmt(d_.wide, a), "NULLIF(" + b + ", 0)"));
    default: break;
  }
  return "NULL";
}

// A stored timestamp, date or decimal compared with a constant: in the column's own
// type, so that the engine can use its indexes, partitions and statistics.
std::optional<std::string> Lowerer::NativeComparison(NodeId id, Scope& s) {
  const Node& n = p_.at(id);
  const Node* field = &p_.at(n.args[0]);
  NodeId other = n.args[1];
  bool flipped = false;
  auto is_field = [](const Node& f) { return f.op == Op::CustomerField || f.op == Op::EventField; };
  if (!is_field(*field)) {
    field = &p_.at(n.args[1]);
    other = n.args[0];
    flipped = true;
  }
  const TypeKind k = field->type.kind;
  if (!is_field(*field) || (k != TypeKind::Timestamp && k != TypeKind::Date && k != TypeKind::Decimal))
    return std::nullopt;
  std::optional<ir::Value> v = Folded(other);
  if (!v || v->absent || (k != TypeKind::Decimal && !Holds(k, v->i))) return std::nullopt;
  std::string column;
  if (field->op == Op::CustomerField) {
    if (s.events) s.customers = true;
    column = s.customer + "." + Column(p_.customers, field->field());
  } else {
    if (static_cast<size_t>(field->depth()) >= s.aliases.size()) return std::nullopt;
    column = s.aliases[field->depth()] + "." + Column(field->table(), field->field());
  }
  const std::string literal = k == TypeKind::Timestamp ? Fmt(d_.timestamp_literal, InstantText(v->i))
                              : k == TypeKind::Date    ? Fmt(d_.date_literal, DateText(v->i))
                                                       : DecimalText(v->i);
  static const std::map<Op, std::pair<const char*, const char*>> ops = {{Op::Eq, {"=", "="}}, {Op::Ne, {"<>", "<>"}},
                                                                        {Op::Lt, {"<", ">"}}, {Op::Le, {"<=", ">="}},
                                                                        {Op::Gt, {">", "<"}}, {Op::Ge, {">=", "<="}}};
  const auto& [op, mirrored] = ops.at(n.op);
  return "(" + column + " " + (flipped ? mirrored : op) + " " + literal + ")";
}

std::string Lowerer::Comparison(NodeId id, Scope& s) {
  if (std::optional<std::string> native = NativeComparison(id, s)) return *native;
  const Node& n = p_.at(id);
  const std::string a = Expr(n.args[0], s), b = Expr(n.args[1], s);
  const TypeKind k = p_.at(n.args[0]).type.kind;
  if (k == TypeKind::Enum && n.op != Op::Eq && n.op != Op::Ne) return Fail(id, "an order of enum values");
  if (k == TypeKind::String && n.op != Op::Eq && n.op != Op::Ne) {
    switch (n.op) {
      case Op::Lt: return Fmt(d_.string_less, a, b);
      case Op::Gt: return Fmt(d_.string_less, b, a);
      case Op::Le: return "(NOT " + Fmt(d_.string_less, b, a) + ")";
      default: return "(NOT " + Fmt(d_.string_less, a, b) + ")";
    }
  }
  static const std::map<Op, const char*> ops = {{Op::Eq, "="},  {Op::Ne, "<>"}, {Op::Lt, "<"},
                                                {Op::Le, "<="}, {Op::Gt, ">"},  {Op::Ge, ">="}};
  return "(" + a + " " + ops.at(n.op) + " " + b + ")";
}

}  // namespace sam::sql
