// What `sam run --engine` reads from the engine besides the candidates' keys: the
// customers with events in a window, and the rows of the candidates, written as
// SAM's data files hold them so that SAM's own loader checks and loads them.
#include "backends/sql/lower.hpp"

namespace sam::sql {

namespace {

// A date column's bound for [since, until) in µs: whole days around it, the days of
// any time zone included (a wider window only sends a few more customers).
int64_t DayBound(int64_t micros, bool upper) {
  const int64_t days = micros / kMicrosPerDay - (micros % kMicrosPerDay < 0 ? 1 : 0);
  return upper ? days + 2 : days - 1;
}

// A column of type `type` as SAM's files write it (docs/data.md).
std::string AsFileText(const Lowerer& l, const Dialect& d, Type type, const std::string& column) {
  switch (type.kind) {
    case TypeKind::Bool: return fmt::format("CASE WHEN {0} THEN 'true' WHEN NOT {0} THEN 'false' END", column);
    case TypeKind::Date: return l.Fmt(d.date_text, column);
    case TypeKind::Timestamp: return l.Fmt(d.timestamp_text, column);
    case TypeKind::Duration: return fmt::format("CAST({} AS {}) || 'us'", column, d.text_type);  // microseconds
    default: return column;
  }
}

// {"k1","k2"} as one text literal: an array's elements quoted, `"` and `\` escaped.
std::string KeyArray(const Lowerer& l, const std::vector<std::string>& keys) {
  ir::Value v;
  v.s = "{";
  for (const std::string& k : keys) {
    v.s += v.s.size() > 1 ? ",\"" : "\"";
    for (char c : k) {
      if (c == '"' || c == '\\') v.s += '\\';
      v.s += c;
    }
    v.s += '"';
  }
  v.s += "}";
  return l.Literal(v, Type::Of(TypeKind::String));
}

// A statement of Generate as the text of a derived table: without its closing `;`.
std::string DerivedTable(std::string statement) {
  while (!statement.empty() && (statement.back() == '\n' || statement.back() == ';')) statement.pop_back();
  return statement;
}

}  // namespace

Generated AnniversaryCustomers(const ir::Program& p, const Request& r, ir::NodeId when,
                               const std::vector<int>& month_days) {
  Request values = r;
  values.members_of.clear();
  values.values = {when};
  values.sam_values = true;
  Generated g = Generate(p, values);
  Lowerer l(p, r, g);
  std::string days = "v.sam_value0";
  if (p.at(when).type.kind == TypeKind::Timestamp) days = l.Fmt(r.dialect->int_div, days, "86400000000");
  const std::string date = l.Fmt(r.dialect->date_of_days, days);
  std::string list;
  for (int md : month_days) list += fmt::format("{}{}", list.empty() ? "" : ", ", md);
  const std::string statement = DerivedTable(g.statement);
  g.statement = fmt::format(
      "SELECT v.sam_customer FROM (\n{}\n) v\nWHERE EXTRACT(MONTH FROM {}) * 100 + EXTRACT(DAY FROM {}) IN ({})",
      statement, date, date, list.empty() ? "0" : list);
  return g;
}

std::string AnyCustomer(const ir::Program& p, const Request& r) {
  Generated unused;
  Lowerer l(p, r, unused);
  return "SELECT 1 FROM " + l.Table(p.customers) + " LIMIT 1";
}

std::string ColumnMax(const ir::Program& p, const Request& r, int table, int field) {
  Generated unused;
  Lowerer l(p, r, unused);
  return fmt::format("SELECT max({}) AS max FROM {}", l.Column(table, field), l.Table(table));
}

std::string RepeatedCustomer(const ir::Program& p, const Request& r) {
  Generated unused;
  Lowerer l(p, r, unused);
  return fmt::format("SELECT {0} FROM {1} GROUP BY {0} HAVING count(*) > 1 LIMIT 1", l.CustomerKey(),
                     l.Table(p.customers));
}

std::string EventCustomers(const ir::Program& p, const Request& r, int table, int64_t since, int64_t until) {
  Generated unused;
  Lowerer l(p, r, unused);
  const TableInfo& t = p.tables[table];
  const bool dates = t.fields[t.time].type.kind == TypeKind::Date;
  const TypeKind kind = dates ? TypeKind::Date : TypeKind::Timestamp;
  const std::string time = "e." + l.Column(table, t.time);
  std::string where;
  auto bound = [&](int64_t micros, bool upper) {
    const int64_t v = dates ? DayBound(micros, upper) : micros;
    if (!l.Holds(kind, v)) return;  // beyond what the column holds: no bound
    const std::string literal =
        dates ? l.Fmt(r.dialect->date_literal, DateText(v)) : l.Fmt(r.dialect->timestamp_literal, InstantText(v));
    where += fmt::format("{}{} {} {}", where.empty() ? "\nWHERE " : " AND ", time, upper ? "<" : ">=", literal);
  };
  if (since != INT64_MIN) bound(since, false);
  if (until != INT64_MAX) bound(until, true);
  return fmt::format("SELECT DISTINCT e.{} AS sam_customer\nFROM {} e{}", l.Column(table, t.key), l.Table(table),
                     where);
}

std::string TableRows(const ir::Program& p, const Request& r, int table, const std::vector<std::string>* keys,
                      const JoinedValues* values) {
  const Dialect& d = *r.dialect;
  if (d.keys_in.empty()) return "";
  Generated unused;
  Lowerer l(p, r, unused);
  const TableInfo& t = p.tables[table];
  std::string columns;
  for (size_t f = 0; f < t.fields.size(); ++f) {
    const std::string column = "t." + l.Column(table, static_cast<int>(f));
    columns += fmt::format("{}{} AS {}", f ? ",\n  " : "", AsFileText(l, d, t.fields[f].type, column),
                           l.Column(table, static_cast<int>(f)));
  }
  std::string from = l.Table(table) + " t";
  if (values && table == p.customers && !values->nodes.empty()) {
    for (size_t i = 0; i < values->nodes.size(); ++i) {
      const std::string column = fmt::format("v.sam_value{}", i);
      columns += fmt::format(",\n  {} AS {}", AsFileText(l, d, p.at(values->nodes[i]).type, column),
                             l.Quote(values->names[i]));
    }
    from += fmt::format("\nJOIN (\n{}\n) v ON v.sam_customer = t.{}", DerivedTable(values->statement),
                        l.Column(table, t.key));
  }
  std::string out = fmt::format("SELECT {}\nFROM {}", columns, from);
  if (keys && t.kind != TableKind::Reference) {
    const Type key_type = p.tables[p.customers].fields[p.tables[p.customers].key].type;
    const std::string_view type = key_type.kind == TypeKind::String ? d.text_type : d.int_type;
    out += "\nWHERE " + fmt::format(fmt::runtime(d.keys_in), "t." + l.Column(table, t.key), KeyArray(l, *keys), type);
  }
  // SAM's loader orders events by customer and time, and keeps the file's order for
  // ties: in the row order given, if any (a sort of the table; without one, no sort).
  for (const auto& [name, column] : r.row_order) {
    if (name == t.name) out += "\nORDER BY t." + l.Quote(column);
  }
  return out;
}

}  // namespace sam::sql
