// One statement: the CTEs of the lets it needs, in the program's order, then the
// question's rows.
#include <functional>

#include "backends/sql/lower.hpp"

namespace sam::sql {

using ir::NodeId;
using ir::Op;

namespace {

// The lets an expression reads, directly or through other lets, aggregates and rankings.
void MarkLets(const ir::Program& p, NodeId id, std::vector<bool>& needed) {
  if (id == ir::kNone) return;
  const ir::Node& n = p.at(id);
  for (NodeId a : n.args) MarkLets(p, a, needed);
  auto mark = [&](int let) {
    if (let < 0 || needed[let]) return;
    needed[let] = true;
    MarkLets(p, p.lets[let].root, needed);
  };
  if (n.op == Op::LetRef) mark(n.let());
  if (n.op == Op::Agg) {
    const ir::AggSpec& g = p.aggs[n.agg()];
    for (NodeId x : {g.low, g.high, g.filter, g.value}) MarkLets(p, x, needed);
  }
  if (n.op == Op::Population) mark(p.pops[n.pop()].among);
}

}  // namespace

std::string Lowerer::From(const Scope& s) const {
  std::string out = "\n  FROM " + (last_.empty() ? Table(p_.customers) : Quote(last_)) + " c";
  for (const std::string& join : s.joins) out += "\n  " + join;
  return out;
}

void Lowerer::Link(const std::string& name, const std::string& value, const Scope& s, const std::string& comment) {
  chain_ += fmt::format("{}{}{} AS (\n  SELECT c.*,\n    {} AS {}{}\n)", chain_.empty() ? "" : ",\n", comment,
                        Quote(name), value, Quote(name), From(s));
  last_ = name;
}

Generated Generate(const ir::Program& p, const Request& r) {
  Generated out;
  Lowerer l(p, r, out);
  std::vector<bool> needed(p.lets.size(), false);
  const ir::Query* query = r.query >= 0 ? &p.queries[r.query] : nullptr;
  std::vector<int> roots = r.lets;
  if (query) {
    if (query->segment >= 0) roots.push_back(query->segment);
    MarkLets(p, query->where, needed);
    for (const auto& [name, node] : query->columns) MarkLets(p, node, needed);
  }
  for (int let : roots) {
    needed[let] = true;
    MarkLets(p, p.lets[let].root, needed);
  }
  for (NodeId c : r.members_of) MarkLets(p, c, needed);
  for (NodeId v : r.values) MarkLets(p, v, needed);

  std::vector<NodeId> roots_read;
  for (size_t i = 0; i < p.lets.size(); ++i) {
    if (needed[i]) roots_read.push_back(p.lets[i].root);
  }
  if (query) {
    roots_read.push_back(query->where);
    for (const auto& [name, node] : query->columns) roots_read.push_back(node);
  }
  roots_read.insert(roots_read.end(), r.members_of.begin(), r.members_of.end());
  roots_read.insert(roots_read.end(), r.values.begin(), r.values.end());
  l.Hoist(roots_read);

  for (size_t i = 0; i < p.lets.size(); ++i) {
    if (!needed[i]) continue;
    const ir::Let& let = p.lets[i];
    Scope s = l.CustomerScope();
    const std::string value = l.Expr(let.root, s);
    const std::string comment =
        r.where ? fmt::format("-- {}: {} {}\n", r.where(let.span), let.segment ? "segment" : "let", let.name) : "";
    l.Link(let.name, value, s, comment);
  }

  Scope s = l.CustomerScope();
  std::string select;
  if (query) {
    // Kept where the segment and the condition are true: SQL's WHERE drops NULL (absent
    // is false) as SAM does, and an engine can push a plain WHERE into its scans.
    std::string keep = query->segment >= 0 ? "c." + l.Let(query->segment) : "";
    if (query->where != ir::kNone) {
      const std::string where = l.Expr(query->where, s);
      keep = keep.empty() ? where : "(" + keep + " AND " + where + ")";
    }
    std::string columns, shown;
    for (size_t i = 0; i < query->columns.size(); ++i) {
      const auto& [name, node] = query->columns[i];
      const std::string value = l.Expr(node, s);
      // A stored customer field is shown as stored; other values from SAM's form.
      const ir::Node& x = p.at(node);
      const std::string shown_value =
          x.op == ir::Op::CustomerField ? "c." + l.Column(p.customers, x.field()) : l.Shown(value, x.type);
      columns += fmt::format(",\n    {} AS sam_column{}", r.sam_values ? value : shown_value, i);
      std::string header = name;
      if (header.empty()) header = r.text ? r.text(p.at(node).span) : fmt::format("column{}", i + 1);
      shown += fmt::format("{}sam_column{} AS {}", i ? ", " : "", i, l.Quote(header));
    }
    // Without columns, a `show` lists the customers' keys under the key's name.
    const TableInfo& customers = p.tables[p.customers];
    if (shown.empty()) shown = "q.sam_customer AS " + l.Quote(customers.fields[customers.key].name);
    if (r.sam_values) shown += ", count(*) OVER () AS sam_matched";
    // By key, as a snapshot keeps its customers (string keys byte by byte).
    const std::string key_order =
        customers.fields[customers.key].type.kind == TypeKind::String ? std::string(r.dialect->bytes_order) : "";
    const std::string rows = fmt::format("(\n  SELECT {} AS sam_customer{}{}{}\n) q", s.key, columns, l.From(s),
                                         keep.empty() ? "" : "\n  WHERE " + keep);
    select = query->kind == ir::QueryKind::Count
                 ? "SELECT count(*) AS count FROM " + rows
                 : "SELECT " + shown + " FROM " + rows +
                       (r.ordered || query->limit ? "\nORDER BY q.sam_customer" + key_order : "") +
                       (query->limit ? fmt::format("\nLIMIT {}", *query->limit) : "");
  } else if (!r.members_of.empty()) {
    // SQL's WHERE drops NULL: an absent condition holds for no one, as in SAM.
    std::string any;
    for (NodeId c : r.members_of) any += std::string(any.empty() ? "" : "\n    OR ") + "(" + l.Expr(c, s) + ")";
    select = fmt::format("SELECT {} AS sam_customer{}\nWHERE {}", s.key, l.From(s), any);
  } else if (!r.values.empty()) {
    std::string columns;
    for (size_t i = 0; i < r.values.size(); ++i) {
      const Type type = p.at(r.values[i]).type;
      const std::string value = l.Expr(r.values[i], s);
      const bool as_is = r.sam_values || type.kind == TypeKind::Bool;
      columns += fmt::format(",\n    {} AS sam_value{}", as_is ? value : l.Shown(value, type), i);
    }
    select = fmt::format("SELECT {} AS sam_customer{}{}", s.key, columns, l.From(s));
  } else {
    std::string columns;
    for (int let : r.lets) {
      // In the engine's types, as `show` shows them (SAM's form for a client asking).
      const std::string name = l.Quote(p.lets[let].name);
      const Type type = p.at(p.lets[let].root).type;
      const std::string value = "c." + name;
      columns += fmt::format(",\n    {} AS {}",
                             r.sam_values && type.kind != TypeKind::Bool ? value : l.Shown(value, type), name);
    }
    select = fmt::format("SELECT {} AS sam_customer{}{}\nORDER BY 1", s.key, columns, l.From(s));
  }
  out.statement = (l.chain_.empty() ? "" : "WITH\n" + l.chain_ + "\n") + select +
                  std::string(r.dialect->statement_settings) + ";\n";
  out.prelude = HelpersCalled(*r.dialect, out.statement);
  // Trino: the helpers are the statement's own inline functions.
  if (!r.dialect->helpers_intro.empty() && !out.prelude.empty()) {
    out.statement = out.prelude + "\n" + out.statement;
    out.prelude.clear();
  }
  return out;
}

}  // namespace sam::sql
