// Aggregates over events and population operations. An aggregate at customer level is
// a derived table grouped by customer (joined to the customers); one nested in another
// aggregate's events is a subquery correlated with the enclosing event.
#include <algorithm>

#include "backends/sql/lower.hpp"

namespace sam::sql {

using ir::Node;
using ir::NodeId;
using ir::Op;

namespace {

std::string And(const std::string& a, const std::string& b) {
  if (a.empty() || a == "TRUE") return b.empty() ? "TRUE" : b;
  if (b.empty() || b == "TRUE") return a;
  return a + " AND " + b;
}

}  // namespace

std::string Lowerer::Bounds(const ir::AggSpec& g, const std::string& alias, Scope& s) {
  const TableInfo& t = p_.tables[g.table];
  const bool dates = t.fields[t.time].type.kind == TypeKind::Date;
  const std::string column = alias + "." + Column(g.table, t.time);
  std::string out = WindowWhere(g.table, alias, std::nullopt, std::nullopt);
  for (auto [bound, op] : {std::pair{g.low, ">="}, std::pair{g.high, "<"}}) {
    if (bound == ir::kNone) continue;
    std::string test;
    if (std::optional<int64_t> v = ConstantBound(g, bound)) {
      test = TimeTest(column, op, *v, dates);
    } else {
      test = fmt::format("{} {} {}", Fmt(dates ? d_.epoch_days : d_.epoch_micros, column), op, Expr(bound, s));
    }
    out = And(out, test);
  }
  return out;
}

// The column in its own type against a literal: what an engine can prune by.
std::string Lowerer::TimeTest(const std::string& column, const char* op, int64_t v, bool dates) const {
  return fmt::format("{} {} {}", column, op,
                     dates ? Fmt(d_.date_literal, DateText(v)) : Fmt(d_.timestamp_literal, InstantText(v)));
}

std::optional<int64_t> Lowerer::ConstantBound(const ir::AggSpec& g, NodeId bound) {
  const TableInfo& t = p_.tables[g.table];
  const TypeKind k = t.fields[t.time].type.kind == TypeKind::Date ? TypeKind::Date : TypeKind::Timestamp;
  std::optional<ir::Value> v = Folded(bound);
  if (!v || v->absent || !Holds(k, v->i)) return std::nullopt;
  return v->i;
}

// Events before `now` (for a date column: before today), the only ones ever seen, and
// in [low, high) when given.
std::string Lowerer::WindowWhere(int table, const std::string& alias, std::optional<int64_t> low,
                                 std::optional<int64_t> high) const {
  const TableInfo& t = p_.tables[table];
  const bool dates = t.fields[t.time].type.kind == TypeKind::Date;
  const std::string column = alias + "." + Column(table, t.time);
  std::string out = TimeTest(column, "<", dates ? r_.today : now_, dates);
  if (low) out = And(out, TimeTest(column, ">=", *low, dates));
  if (high) out = And(out, TimeTest(column, "<", *high, dates));
  return out;
}

// The window of an aggregate without `where` whose bounds are constants: the rows a
// shared pass must read for it. Nullopt otherwise.
std::optional<Lowerer::Window> Lowerer::ConstantWindow(const ir::AggSpec& g) {
  if (g.filter != ir::kNone) return std::nullopt;
  Window w;
  for (auto [bound, out] : {std::pair{g.low, &w.low}, std::pair{g.high, &w.high}}) {
    if (bound == ir::kNone) continue;
    *out = ConstantBound(g, bound);
    if (!*out) return std::nullopt;
  }
  return w;
}

// The sum of a stored decimal column in SAM's form (scaled by 10^6), `only` adding the
// aggregate's FILTER.
std::string Lowerer::ScaledSum(const std::string& column,
                               const std::function<std::string(const std::string&)>& only) const {
  if (d_.sum_scaled_rows) return only("sum(" + Fmt(d_.to_bigint, column + " * 1000000") + ")");
  return only("sum(" + column + ")") + " * 1000000";
}

// The aggregate's function over the events of alias `e{depth}`, and in `where` the
// events it reads (time bounds, and the filter unless the function tests it itself).
std::string Lowerer::AggregateOver(const ir::AggSpec& g, const ir::Node& n, const std::string& alias, Scope& s,
                                   bool correlated, std::string& where) {
  where = Bounds(g, alias, s);
  std::string filter = g.filter == ir::kNone ? "" : Expr(g.filter, s);
  std::string v = g.value == ir::kNone ? "" : Expr(g.value, s);
  // In a correlated subquery, an aggregate whose argument reads only the enclosing
  // query's columns (`min(customer.x of ev)`) would be the enclosing query's aggregate
  // (SQL's rule): reading the subquery's own key ties it to the subquery's rows.
  const auto tie = [&](const std::string& x) {
    if (!correlated || x.empty()) return x;
    return fmt::format("CASE WHEN {}.{} IS NOT NULL THEN {} END", alias, Column(g.table, p_.tables[g.table].key), x);
  };
  // ClickHouse decorrelates a subquery in WHERE, not in an aggregate's argument.
  const NodeId argument = g.op == AggOp::All ? g.filter : g.value;
  if (!d_.correlated_in_aggregates && argument != ir::kNone && ReadsTables(argument)) {
    Fail(argument, fmt::format("an aggregate's {} that reads other events or a lookup for each event",
                               g.op == AggOp::All ? "condition" : "value"));
  }
  // Sharing its table's pass with other windows: only the rows of agg_filter_ (a
  // FILTER; `all`: NULL for the others, which bool_and skips).
  const auto only = [&](const std::string& call) {
    return agg_filter_.empty() ? call : call + " FILTER (WHERE " + agg_filter_ + ")";
  };
  if (g.op == AggOp::All) {
    const std::string test = "COALESCE(" + tie(filter.empty() ? "TRUE" : filter) + ", FALSE)";
    return Fmt(d_.bool_and, agg_filter_.empty() ? test : "CASE WHEN " + agg_filter_ + " THEN " + test + " END");
  }
  const std::string filter_test = filter;
  v = tie(v);
  where = And(where, filter_test);
  const Type type = n.type;
  const Type value_type = g.value == ir::kNone ? type : p_.at(g.value).type;
  const std::string order = alias + "." + Column(g.table, p_.tables[g.table].time);
  // A stored decimal column summed in the engine's exact decimals and scaled once,
  // rather than each row converted (revenue_365 in DuckDB: 1.4 s -> see performance.md).
  std::string stored_decimal;
  if (!correlated && g.value != ir::kNone) {
    const Node& f = p_.at(g.value);
    if (f.op == ir::Op::EventField && f.type.kind == TypeKind::Decimal && f.depth() == g.depth) {
      stored_decimal = alias + "." + Column(f.table(), f.field());
    }
  }
  switch (g.op) {
    case AggOp::Any:
    case AggOp::None:
      // NULL for a customer without such events, as an outer join gives.
      return agg_filter_.empty() ? "TRUE" : "CASE WHEN " + only("count(*)") + " > 0 THEN TRUE END";
    case AggOp::Count:
      if (v.empty()) return Fmt(d_.count, only("count(*)"));
      if (!g.distinct) return Fmt(d_.count, only("count(" + v + ")"));
      // -0.0 and 0.0 are one value (ClickHouse tells them apart by their bits).
      return Fmt(d_.count,
                 only("count(DISTINCT " + (value_type.kind == TypeKind::Float ? "(" + v + " + 0.0)" : v) + ")"));
    case AggOp::Sum:
      if (value_type.kind == TypeKind::Float) return only("sum(" + v + ")");
      if (!stored_decimal.empty()) return Fmt(d_.to_bigint, ScaledSum(stored_decimal, only));
      return Fmt(d_.to_bigint, only("sum(" + Fmt(d_.wide, v) + ")"));
    case AggOp::Avg: {
      if (value_type.kind == TypeKind::Float) return only("avg(" + v + ")");
      if (!stored_decimal.empty()) {
        return Fmt(d_.to_bigint, RoundDiv(Fmt(d_.wide, ScaledSum(stored_decimal, only)),
                                          "NULLIF(" + only("count(" + stored_decimal + ")") + ", 0)"));
      }
      const std::string scale = value_type.kind == TypeKind::Int && type.kind == TypeKind::Decimal ? " * 1000000" : "";
      return Fmt(d_.to_bigint,
                 RoundDiv(only("sum(" + Fmt(d_.wide, v) + ")") + scale, "NULLIF(" + only("count(" + v + ")") + ", 0)"));
    }
    case AggOp::Min:
    case AggOp::Max: {
      const std::string bytes = value_type.kind == TypeKind::String ? std::string(d_.bytes_order) : "";
      return only(std::string(g.op == AggOp::Min ? "min(" : "max(") + v + bytes + ")");
    }
    case AggOp::First:
    case AggOp::Last: {
      // By time, then as the data file ordered the rows (a column the request names).
      std::string by = order;
      const std::string& table = p_.tables[g.table].name;
      auto row =
          std::find_if(r_.row_order.begin(), r_.row_order.end(), [&](const auto& t) { return t.first == table; });
      // Of events at the same time, any gives the same time itself: no tie to break.
      const Node& value = p_.at(g.value);
      const bool time_itself =
          value.op == ir::Op::EventField && value.depth() == g.depth && value.field() == p_.tables[g.table].time;
      if (row != r_.row_order.end()) {
        by = Fmt(d_.row_key, order, alias + "." + Quote(row->second));
      } else if (!time_itself) {
        out_.unordered_ties.push_back({n.span, table});
      }
      // A string constant has no type of its own in PostgreSQL's array_agg.
      const std::string x =
          value_type.kind == TypeKind::String ? "CAST(" + v + " AS " + std::string(d_.text_type) + ")" : v;
      const bool first = g.op == AggOp::First;
      row_pick_ = {x, by + (first ? "" : " DESC"), !g.row_field};
      return Fmt(g.row_field ? (first ? d_.first_of : d_.last_of) : (first ? d_.first_present_of : d_.last_present_of),
                 x, by);
    }
    case AggOp::All: break;
  }
  return "NULL";
}

std::string Lowerer::Aggregate(NodeId id, Scope& s) {
  const Node& n = p_.at(id);
  const ir::AggSpec& g = p_.aggs[n.agg()];
  const TableInfo& t = p_.tables[g.table];
  if (g.op == AggOp::Min || g.op == AggOp::Max || g.op == AggOp::First || g.op == AggOp::Last) {
    const Type value_type = p_.at(g.value).type;
    if (value_type.kind == TypeKind::Enum && (g.op == AggOp::Min || g.op == AggOp::Max)) {
      return Fail(id, "`min` or `max` of enum values");
    }
  }
  if (!s.events) {
    if (auto it = hoisted_.find(id); it != hoisted_.end()) return WithDefault(g.op, "c." + it->second);
  }
  // Not an alias of the enclosing queries: neither the events' ones nor the one the
  // correlation reads the customer's key from (a bound's aggregate is at depth 0 again).
  std::string alias = fmt::format("e{}", g.depth);
  const std::string key_alias = s.key.substr(0, s.key.find('.'));
  if (alias == key_alias || std::find(s.aliases.begin(), s.aliases.end(), alias) != s.aliases.end())
    alias += fmt::format("_{}", ++next_alias_);
  std::string where;
  if (!d_.deep_correlation && g.depth >= 2) return Fail(id, "an aggregate nested in a nested aggregate");
  if (g.depth > 0 || s.events) {
    // Correlated with the enclosing events' customer. Its bounds read the enclosing
    // depths; its filter and value its own events, at depth g.depth.
    const std::vector<std::string> enclosing = s.aliases;
    s.aliases.resize(static_cast<size_t>(g.depth) + 1);
    s.aliases[g.depth] = alias;
    Scope outer = s;
    // A subquery nested in this one finds the customer by this one's key: correlated
    // with its own enclosing query only (ClickHouse decorrelates no further).
    s.key = alias + "." + Column(g.table, t.key);
    if (!d_.correlated_reads_joins) {
      s.customer = "c_" + alias;
      s.customers = false;
      s.lets.clear();
    }
    std::string value;
    if (g.op == AggOp::All) {
      // No event fails the condition: true for no events, as `all` is.
      const std::string test = g.filter == ir::kNone ? "TRUE" : Expr(g.filter, s);
      where = And(Bounds(g, alias, s), "NOT COALESCE(" + test + ", FALSE)");
    } else {
      value = AggregateOver(g, n, alias, s, true, where);
    }
    std::string joins;
    if (!d_.correlated_reads_joins) {
      Scope own = s;
      own.key = alias + "." + Column(g.table, t.key);
      joins = CustomerJoins(own);
      s.customer = outer.customer;
      s.customers = outer.customers;
      s.lets = outer.lets;
    }
    s.aliases = enclosing;
    s.key = outer.key;
    const std::string from = fmt::format("FROM {} {}{} WHERE {}", Table(g.table), alias, joins,
                                         And(fmt::format("{}.{} = {}", alias, Column(g.table, t.key), s.key), where));
    switch (g.op) {
      case AggOp::Any: return "EXISTS (SELECT 1 " + from + ")";
      case AggOp::None: return "NOT EXISTS (SELECT 1 " + from + ")";
      case AggOp::All: return "NOT EXISTS (SELECT 1 " + from + ")";
      // Outside the subquery: ClickHouse's decorrelation gives NULL for no events.
      case AggOp::Count:
      case AggOp::Sum: return "COALESCE((SELECT " + value + " " + from + "), 0)";
      default: return "(SELECT " + value + " " + from + ")";
    }
  }
  Scope inner;
  inner.events = true;
  inner.key = alias + "." + Column(g.table, t.key);
  inner.aliases = {alias};
  const std::string value = AggregateOver(g, n, alias, inner, false, where);
  const std::string from = EventsFrom(g, alias, inner);
  const std::string a = fmt::format("a{}", ++next_alias_);
  s.joins.push_back(
      fmt::format("LEFT JOIN (\n    SELECT {} AS customer, {} AS v\n    FROM {}\n    WHERE {}\n    GROUP BY {}\n  ) {} "
                  "ON {}.customer = {}",
                  inner.key, value, from, where.empty() ? "TRUE" : where, inner.key, a, a, s.key));
  return WithDefault(g.op, a + ".v");
}

std::string Lowerer::EventsFrom(const ir::AggSpec& g, const std::string& alias, const Scope& inner) const {
  return Table(g.table) + " " + alias + CustomerJoins(inner);
}

std::string Lowerer::CustomerJoins(const Scope& inner) const {
  std::string out;
  if (inner.customers) {
    out += fmt::format("\n      JOIN {0} {1} ON {1}.{2} = {3}", Table(p_.customers), inner.customer, CustomerKey(),
                       inner.key);
  }
  // A let read for each event: its link of the chain, by the customer's key.
  for (int let : inner.lets)
    out += fmt::format("\n      JOIN {0} ON {0}.{1} = {2}", Let(let), CustomerKey(), inner.key);
  return out;
}

// An aggregate's value for a customer from its derived table's column `v`, NULL for
// a customer without events: the value for none.
std::string Lowerer::WithDefault(AggOp op, const std::string& v) const {
  switch (op) {
    case AggOp::Count:
    case AggOp::Sum: return "COALESCE(" + v + ", 0)";
    case AggOp::Any: return "(" + v + " IS NOT NULL)";
    case AggOp::None: return "(" + v + " IS NULL)";
    case AggOp::All: return "COALESCE(" + v + ", TRUE)";
    default: return v;
  }
}

// Whether the aggregate (bounds, filter, value, nested aggregates) reads no let and no
// ranking: then it can be computed before every let.
bool Lowerer::Hoistable(NodeId id) const {
  const Node& n = p_.at(id);
  if (n.op == ir::Op::LetRef || n.op == ir::Op::Population) return false;
  for (NodeId a : n.args) {
    if (!Hoistable(a)) return false;
  }
  if (n.op == ir::Op::Agg) {
    const ir::AggSpec& g = p_.aggs[n.agg()];
    for (NodeId x : {g.low, g.high, g.filter, g.value}) {
      if (x != ir::kNone && !Hoistable(x)) return false;
    }
  }
  return true;
}

bool Lowerer::ReadsTables(NodeId id) const {
  return Reads(id, [](const Node& n) { return n.op == ir::Op::Agg || n.op == ir::Op::Lookup; });
}

// The customer-level aggregates under `id` (not those nested in another's events).
void Lowerer::Find(NodeId id, std::vector<NodeId>& aggs) const {
  const Node& n = p_.at(id);
  if (n.op == ir::Op::Agg) {
    aggs.push_back(id);
    return;
  }
  for (NodeId a : n.args) Find(a, aggs);
}

// Whether an aggregate can share its table's pass with others of other windows, each
// restricted to its own rows by a FILTER: a plain aggregate reading no other table.
bool Lowerer::Mergeable(const ir::AggSpec& g) const {
  switch (g.op) {
    case AggOp::First:
    case AggOp::Last: return false;
    default: break;
  }
  for (NodeId x : {g.low, g.high, g.filter, g.value}) {
    if (x != ir::kNone && ReadsTables(x)) return false;
  }
  return true;
}

void Lowerer::Hoist(const std::vector<NodeId>& roots) {
  std::vector<NodeId> aggs;
  for (NodeId r : roots) {
    if (r != ir::kNone) Find(r, aggs);
  }
  struct Entry {
    NodeId id;
    std::string from, where, key, value, filtered;  // filtered: for a shared pass, or empty
    std::optional<Window> window;                   // constant bounds and no `where`
    std::string row_order;                          // a first/last row by DISTINCT ON
  };
  std::vector<Entry> entries;
  std::set<NodeId> seen;
  for (NodeId id : aggs) {
    const Node& n = p_.at(id);
    const ir::AggSpec& g = p_.aggs[n.agg()];
    if (!seen.insert(id).second || !Hoistable(id) || Folded(id)) continue;
    if ((g.op == AggOp::Min || g.op == AggOp::Max) && p_.at(g.value).type.kind == TypeKind::Enum) continue;
    const auto lower = [&](std::string& where) {
      Scope inner;
      inner.events = true;
      inner.key = "e0." + Column(g.table, p_.tables[g.table].key);
      inner.aliases = {"e0"};
      std::string value = AggregateOver(g, n, "e0", inner, false, where);
      return std::pair{value, inner};
    };
    Entry e{id, "", "", "", "", "", ConstantWindow(g), ""};
    auto [value, inner] = lower(e.where);
    if (d_.first_last_distinct_on && (g.op == AggOp::First || g.op == AggOp::Last)) {
      // The row of each customer's first (last) event: DISTINCT ON, one sort, rather
      // than an array of every event per customer (PostgreSQL's last_order: 30 s -> 4 s).
      // Of present values only: those first (a WHERE on the value would compute it for
      // events outside the window, which may stop on a value out of range).
      e.row_order = (row_pick_.present ? "(" + row_pick_.value + ") IS NULL, " : "") + row_pick_.order;
      value = row_pick_.value;
    }
    e.value = value;
    e.from = EventsFrom(g, "e0", inner);
    e.key = inner.key;
    if (e.where.empty()) e.where = "TRUE";
    if (Mergeable(g)) {
      agg_filter_ = e.where;
      std::string ignored;
      e.filtered = lower(ignored).first;
      agg_filter_.clear();
    }
    entries.push_back(std::move(e));
  }
  // A table's mergeable aggregates of two or more windows share one pass, over the
  // union of their rows: the widest window when each is one without `where`.
  std::map<std::string, std::set<std::string>> windows;
  std::map<std::string, std::optional<Window>> unions;
  for (const Entry& e : entries) {
    if (e.filtered.empty()) continue;
    auto [u, first] = unions.try_emplace(e.from, e.window);
    windows[e.from].insert(e.where);
    if (first || !u->second) continue;
    if (!e.window) {
      u->second.reset();
      continue;
    }
    const auto widen = [](std::optional<int64_t>& a, const std::optional<int64_t>& b, bool low) {
      if (a && b) a = low ? std::min(*a, *b) : std::max(*a, *b);
      else a.reset();
    };
    widen(u->second->low, e.window->low, true);
    widen(u->second->high, e.window->high, false);
  }
  for (const Entry& e : entries) {
    if (!e.row_order.empty()) {
      const std::string column = fmt::format("sam_a{}", hoisted_.size() + 1);
      groups_.push_back(AggGroup{e.from, e.where, e.key, {{column, e.value}}, e.row_order});
      hoisted_[e.id] = column;
      continue;
    }
    const bool shared = !e.filtered.empty() && windows[e.from].size() > 1;
    std::string where = e.where;
    if (shared && unions[e.from]) {
      const ir::AggSpec& g = p_.aggs[p_.at(e.id).agg()];
      where = WindowWhere(g.table, "e0", unions[e.from]->low, unions[e.from]->high);
    } else if (shared) {
      where.clear();
      for (const std::string& w : windows[e.from]) where += (where.empty() ? "(" : " OR (") + w + ")";
    }
    const std::string& value = shared ? e.filtered : e.value;
    auto group = std::find_if(groups_.begin(), groups_.end(), [&](const AggGroup& x) {
      return x.from == e.from && x.where == where && x.row_order.empty();
    });
    if (group == groups_.end()) group = groups_.insert(groups_.end(), AggGroup{e.from, where, e.key, {}, ""});
    // The same aggregate written twice (in two lets) is one column.
    auto same =
        std::find_if(group->values.begin(), group->values.end(), [&](const auto& v) { return v.second == value; });
    if (same != group->values.end()) {
      hoisted_[e.id] = same->first;
      continue;
    }
    const std::string column = fmt::format("sam_a{}", hoisted_.size() + 1);
    group->values.emplace_back(column, value);
    hoisted_[e.id] = column;
  }
  if (groups_.empty()) return;
  std::string columns, joins;
  for (size_t k = 0; k < groups_.size(); ++k) {
    const AggGroup& grp = groups_[k];
    std::string selected;
    for (const auto& [column, value] : grp.values) {
      selected += fmt::format(", {} AS {}", value, column);
      columns += fmt::format(",\n    g{}.{}", k + 1, column);
    }
    joins +=
        grp.row_order.empty()
            ? fmt::format(
                  "\n  LEFT JOIN (\n    SELECT {} AS customer{}\n    FROM {}\n    WHERE {}\n    GROUP BY {}\n  ) "
                  "g{} ON g{}.customer = c.{}",
                  grp.key, selected, grp.from, grp.where, grp.key, k + 1, k + 1, CustomerKey())
            : fmt::format(
                  "\n  LEFT JOIN (\n    SELECT DISTINCT ON ({}) {} AS customer{}\n    FROM {}\n    WHERE {}\n"
                  "    ORDER BY {}, {}\n  ) g{} ON g{}.customer = c.{}",
                  grp.key, grp.key, selected, grp.from, grp.where, grp.key, grp.row_order, k + 1, k + 1, CustomerKey());
  }
  chain_ += fmt::format(
      "{}-- the aggregates over events that read no let, once per table\n"
      "{} AS (\n  SELECT c.*{}\n  FROM {} c{}\n)",
      chain_.empty() ? "" : ",\n", Quote("sam_aggregates"), columns, Table(p_.customers), joins);
  last_ = "sam_aggregates";
}

// A ranking is a link of its own in the chain (sam_rank1, ...), which the expression
// reads as a column: a window function may not contain another (a ranking of a
// ranking), nor stand in a WHERE.
std::string Lowerer::Population(NodeId id) {
  const std::string name = fmt::format("sam_rank{}", ++next_rank_);
  Scope s = CustomerScope();
  const std::string value = Ranking(id, s);
  Link(name, value, s);
  return "c." + Quote(name);
}

std::string Lowerer::Ranking(NodeId id, Scope& s) {
  const Node& n = p_.at(id);
  const ir::PopSpec& spec = p_.pops[n.pop()];
  const std::string v = Expr(n.args[0], s);
  std::string eligible = v + " IS NOT NULL";
  if (spec.among >= 0) eligible += " AND COALESCE(c." + Let(spec.among) + ", FALSE)";
  eligible = "(" + eligible + ")";
  const TableInfo& customers = p_.tables[p_.customers];
  const bool text_key = customers.fields[customers.key].type.kind == TypeKind::String;
  // Largest first (smallest for `bottom`); ties by customer key, ascending.
  const std::string order = v + (spec.kind == ir::PopSpec::Bottom ? " ASC" : " DESC") + ", " + s.key +
                            (text_key ? std::string(d_.bytes_order) : "") + " ASC";
  const std::string rank = Fmt(d_.count, "row_number() OVER (PARTITION BY " + eligible + " ORDER BY " + order + ")");
  const std::string count = Fmt(d_.count, "count(*) OVER (PARTITION BY " + eligible + ")");
  switch (spec.kind) {
    case ir::PopSpec::Top:
    case ir::PopSpec::Bottom:
      // floor(P x N / 100) with P scaled by 10^6: rank <= it exactly when rank x 10^8 <= P x N.
      if (spec.percent) {
        return fmt::format("(CASE WHEN {} THEN {} * 100000000 <= {} * {} ELSE FALSE END)", eligible, rank,
                           Fmt(d_.wide, fmt::format("{}", spec.amount)), count);
      }
      return fmt::format("(CASE WHEN {} THEN {} <= {} ELSE FALSE END)", eligible, rank, spec.amount);
    case ir::PopSpec::Rank: return fmt::format("(CASE WHEN {} THEN {} END)", eligible, rank);
    case ir::PopSpec::Percentile:
      return fmt::format("(CASE WHEN {} THEN {} END)", eligible,
                         Fmt(d_.to_bigint, RoundDiv(Fmt(d_.wide, count + " - " + rank) + " * 100000000", count)));
  }
  return Fail(id, "this ranking");
}

}  // namespace sam::sql
