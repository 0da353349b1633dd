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

std::string Lowerer::CustomerRows(std::string_view key, const std::vector<std::pair<std::string, std::string>>& columns,
                                  const Scope& s) const {
  std::string out = fmt::format("SELECT {} AS {}", s.key, key);
  for (const auto& [name, text] : columns) out += ",\n    " + text + " AS " + name;
  out += "\n  FROM " + Table(p_.customers) + " c";
  for (int let : s.lets) out += fmt::format("\n  JOIN {0} ON {0}.customer = {1}", Let(let), s.key);
  for (const std::string& cte : s.ctes) out += fmt::format("\n  JOIN {0} ON {0}.customer = {1}", cte, s.key);
  for (const std::string& join : s.joins) out += "\n  " + join;
  return out;
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

  std::string with;
  for (size_t i = 0; i < p.lets.size(); ++i) {
    if (!needed[i]) continue;
    const ir::Let& let = p.lets[i];
    Scope s = l.CustomerScope();
    const std::string value = l.Expr(let.root, s);
    if (!with.empty()) with += ",\n";
    if (!l.pending_ctes_.empty()) with += l.pending_ctes_ + ",\n";
    l.pending_ctes_.clear();
    if (r.where) with += fmt::format("-- {}: {} {}\n", r.where(let.span), let.segment ? "segment" : "let", let.name);
    with += l.Let(static_cast<int>(i)) + " AS (\n  " + l.CustomerRows("customer", {{"value", value}}, s) + "\n)";
  }

  Scope s = l.CustomerScope();
  std::vector<std::pair<std::string, std::string>> columns;
  std::string select;
  if (query) {
    std::string keep = query->segment >= 0 ? "COALESCE(" + l.Let(query->segment) + ".value, FALSE)" : "TRUE";
    if (query->segment >= 0) s.lets.insert(query->segment);
    if (query->where != ir::kNone) keep = "(" + keep + " AND COALESCE(" + l.Expr(query->where, s) + ", FALSE))";
    columns.push_back({"sam_keep", keep});
    std::string shown;
    for (size_t i = 0; i < query->columns.size(); ++i) {
      const auto& [name, node] = query->columns[i];
      const std::string value = l.Expr(node, s);
      columns.push_back({fmt::format("sam_column{}", i), r.sam_values ? value : l.Shown(value, p.at(node).type)});
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
    const std::string rows = "(\n  " + l.CustomerRows("sam_customer", columns, s) + "\n) q\nWHERE q.sam_keep";
    select = query->kind == ir::QueryKind::Count
                 ? "SELECT count(*) AS count FROM " + rows
                 : "SELECT " + shown + " FROM " + rows + "\nORDER BY q.sam_customer" + key_order +
                       (query->limit ? fmt::format("\nLIMIT {}", *query->limit) : "");
  } else {
    for (int let : r.lets) {
      s.lets.insert(let);
      columns.push_back({l.Quote(p.lets[let].name), l.Let(let) + ".value"});
    }
    select = l.CustomerRows("sam_customer", columns, s) + "\nORDER BY 1";
  }
  if (!l.pending_ctes_.empty()) with += (with.empty() ? "" : ",\n") + l.pending_ctes_;  // the query's own rankings
  out.statement = (with.empty() ? "" : "WITH\n" + with + "\n") + select + ";\n";
  if (l.uses_round_div) out.prelude += r.dialect->round_div_def;
  if (l.uses_fail) out.prelude += r.dialect->fail_def;
  return out;
}

}  // namespace sam::sql
