// Test blocks (inline data and expectations) and query statements.
#include <fmt/format.h>

#include <algorithm>

#include "base/names.hpp"
#include "base/suggest.hpp"
#include "compiler/check/checker.hpp"
#include "schema/value_text.hpp"

namespace sam::check {

void Checker::CheckRecord(const ast::Record& r, int t, std::vector<std::string>* keys) {
  const TableInfo& info = table(t);
  std::vector<bool> given(info.fields.size(), false);
  for (const auto& f : r.fields) {
    int fi = info.Find(f.name.text);
    if (fi < 0) {
      std::vector<std::string_view> names;
      for (const auto& x : info.fields) names.push_back(x.name);
      auto& d = diags_.Report(DiagKind::UnknownField, f.name.span, fmt::format("`{}` has no field `{}`", info.name, f.name.text));
      if (auto best = ClosestMatch(f.name.text, names)) {
        d.Help(fmt::format("did you mean `{}`?", *best));
        d.Fix(f.name.span, *best);
      }
      if (f.value != ast::kNoExpr) {
        Context cx;
        cx.record = true;
        Expr(f.value, cx);
      }
      continue;
    }
    if (given[fi]) {
      diags_.Report(DiagKind::DuplicateField, f.name.span, fmt::format("field `{}` is given twice in this record", f.name.text));
      continue;
    }
    given[fi] = true;
    Type want = info.fields[fi].type;
    if (f.value == ast::kNoExpr) {
      if (!want.optional && !want.is_error()) {
        diags_.Report(DiagKind::TypeMismatch, f.span, fmt::format("field `{}` is not optional, so it cannot be `absent`", f.name.text));
      }
      continue;
    }
    Context cx;
    cx.record = true;
    Type got = Expr(f.value, cx, want);
    if (got.is_error() || want.is_error()) continue;
    bool ok = (got.is_numeric() && want.is_numeric() && WidenNumeric(got.kind, want.kind) == want.kind) ||
              got.Required() == want.Required() || (want.kind == TypeKind::Timestamp && got.kind == TypeKind::Date);
    if (!ok) {
      diags_.Report(DiagKind::TypeMismatch, tree_.at(f.value).span,
                    fmt::format("field `{}` is a `{}`, but this value is a `{}`", f.name.text, Str(want.Required()), Str(got)));
    }
    if (keys && fi == info.key) {
      const ast::Expr& v = tree_.at(f.value);
      keys->push_back(v.kind == ast::ExprKind::String ? v.sval : fmt::format("{}", v.ival));
    }
  }
  std::string missing;
  for (size_t i = 0; i < info.fields.size(); ++i) {
    if (given[i] || info.fields[i].type.optional || info.fields[i].type.is_error()) continue;
    if (!missing.empty()) missing += ", ";
    missing += fmt::format("`{}`", info.fields[i].name);
  }
  if (!missing.empty()) {
    diags_.Report(DiagKind::MissingField, r.span, fmt::format("this `{}` row leaves out {}", info.name, missing))
        .Help("give every field that is not optional (`T?`)");
  }
}

void Checker::CheckTests() {
  for (const auto& t : tree_.tests) {
    if (!t.today) {
      diags_.Report(DiagKind::MissingClause, t.span, fmt::format("test \"{}\" does not say on which day it runs", t.name))
          .Help("add `today YYYY-MM-DD`");
    }
    std::vector<std::string> keys;
    for (const auto& rows : t.rows) {
      int ti = -1;
      if (rows.table.text == "customers") {
        ti = p_.customers;
      } else {
        auto g = globals_.find(rows.table.text);
        if (g != globals_.end() && g->second.kind == GlobalKind::Table) ti = table_of_decl_[g->second.index];
      }
      if (ti < 0) {
        std::vector<std::string_view> names;
        for (const auto& ti2 : p_.tables) names.push_back(ti2.name);
        auto& d = diags_.Report(DiagKind::UnknownTable, rows.table.span, fmt::format("unknown table `{}`", rows.table.text));
        if (auto best = ClosestMatch(rows.table.text, names)) {
          d.Help(fmt::format("did you mean `{}`?", *best));
          d.Fix(rows.table.span, *best);
        }
        continue;
      }
      for (const auto& r : rows.rows) CheckRecord(r, ti, ti == p_.customers ? &keys : nullptr);
    }
    for (const auto& e : t.expects) {
      if (e.customer && std::find(keys.begin(), keys.end(), *e.customer) == keys.end()) {
        diags_.Report(DiagKind::UndefinedName, e.customer_span, fmt::format("this test has no customer with key {}", *e.customer));
      }
      switch (e.kind) {
        case ast::ExpectKind::Holds: {
          Context cx;
          ExpectBool(e.expr, cx, "an expectation");
          break;
        }
        case ast::ExpectKind::Count:
          if (!e.name.empty()) {
            auto g = globals_.find(e.name.text);
            if (g != globals_.end() && g->second.kind == GlobalKind::Let && !tree_.lets[g->second.index].segment) {
              // A let is a value per customer: a segment that tests it is counted.
              const std::string_view name = e.name.text;
              auto& d = diags_.Report(DiagKind::UndefinedName, e.name.span,
                                      fmt::format("`{}` is a let, not a segment", name));
              if (p_.let_types[g->second.index].kind == TypeKind::Bool) {
                d.Help(fmt::format("declare it with `segment` instead of `let` to count its customers"));
              } else {
                d.Help(
                    fmt::format("`expect count` counts a segment's customers: declare one that tests it, such as "
                                "`segment with_{} = {} > 0`, and count that",
                                name, name));
              }
              p_.let_used[g->second.index] = true;
            } else if (g == globals_.end() || g->second.kind != GlobalKind::Let ||
                       !tree_.lets[g->second.index].segment) {
              std::vector<std::string_view> segs;
              for (const auto& l : tree_.lets) {
                if (l.segment) segs.push_back(l.name.text);
              }
              ReportUndefined(e.name, segs, "segment");
            } else {
              p_.let_used[g->second.index] = true;
            }
          }
          break;
        case ast::ExpectKind::Contact:
          // Sends are never before the run's moment, and the first run is `today`'s.
          if (e.on_day && t.today && *e.on_day < *t.today) {
            diags_.Report(DiagKind::AlwaysFalse, e.span,
                          fmt::format("this expectation never holds: the test runs from {}, and nothing it plans is "
                                      "sent on {}, before it",
                                      FormatDate(*t.today), FormatDate(*e.on_day)))
                .Note(t.today_span, "the test's first run date");
          }
          [[fallthrough]];
        case ast::ExpectKind::NoContact: {
          auto g = globals_.find(e.name.text);
          if (g == globals_.end() || g->second.kind != GlobalKind::Campaign) {
            std::vector<std::string_view> names;
            for (const auto& c : tree_.campaigns) names.push_back(c.name.text);
            ReportUndefined(e.name, names, "campaign");
          } else if (!e.step.empty()) {
            bool found = false;
            for (const auto& s : tree_.campaigns[g->second.index].steps) found |= s.message == e.step;
            if (!found) {
              diags_.Report(DiagKind::UndefinedName, e.span, fmt::format("campaign `{}` has no step \"{}\"", e.name.text, e.step));
            }
          }
          break;
        }
      }
    }
  }
}

// `count orders` (or `count ordres`) where no segment is meant: an event table is no
// set of customers; the help shows how to count those with its events.
bool Checker::ReportTableCounted(const ast::Ident& target, const std::vector<std::string_view>& segments) {
  if (tree_.incomplete || ClosestMatch(target.text, segments)) return false;
  std::vector<std::string_view> tables;
  for (const auto& t : p_.tables) {
    if (t.kind == TableKind::Events) tables.push_back(t.name);
  }
  const bool exact = std::find(tables.begin(), tables.end(), target.text) != tables.end();
  const std::optional<std::string> table = exact ? std::string(target.text) : ClosestMatch(target.text, tables);
  if (!table || !reported_undefined_.emplace(target.text).second) return false;
  diags_.Report(DiagKind::UndefinedName, target.span, fmt::format("undefined segment `{}`", target.text))
      .Help(fmt::format("{}`{}` is an event table, not a segment: count the customers with its events as "
                        "`count customers where any({})`",
                        *table == target.text ? "" : fmt::format("did you mean `{}`? ", *table), *table, CodeName(*table)));
  return true;
}

void Checker::CheckQueries() {
  for (const auto& q : tree_.queries) {
    if (q.kind == ast::QueryKind::Why) {
      auto g = globals_.find(q.target.text);
      if (g == globals_.end() || g->second.kind != GlobalKind::Campaign) {
        std::vector<std::string_view> names;
        for (const auto& c : tree_.campaigns) names.push_back(c.name.text);
        ReportUndefined(q.target, names, "campaign");
      }
      continue;
    }
    if (!q.target.empty()) {
      auto g = globals_.find(q.target.text);
      const std::string_view name = q.target.text;
      if (g != globals_.end() && g->second.kind == GlobalKind::Let && !tree_.lets[g->second.index].segment) {
        // A let is a value per customer: its customers are counted by a condition.
        const Type t = p_.let_types[g->second.index];
        const char* verb = q.kind == ast::QueryKind::Show ? "show" : "count";
        auto& d = diags_.Report(DiagKind::UndefinedName, q.target.span, fmt::format("`{}` is a let, not a segment", name));
        if (t.kind == TypeKind::Bool) {
          d.Help(fmt::format("{} the customers for whom it holds: `{} customers where {}`; or declare it with "
                             "`segment` instead of `let`",
                             verb, verb, name));
        } else if (t.kind == TypeKind::Enum && t.ref >= 0 && !p_.enums[t.ref].variants.empty()) {
          d.Help(fmt::format("{} the customers by a condition on it, such as `{} customers where {} == {}`", verb, verb,
                             name, p_.enums[t.ref].variants.front()));
        } else {
          d.Help(fmt::format("{} the customers by a condition on it, such as `{} customers where {} > 0`", verb, verb,
                             name));
        }
        p_.let_used[g->second.index] = true;
      } else if (g != globals_.end() && g->second.kind == GlobalKind::Table &&
                 p_.tables[g->second.index].kind == TableKind::List) {
        diags_.Report(DiagKind::UndefinedName, q.target.span, fmt::format("`{}` is a list, not a segment", name))
            .Help(fmt::format("its customers: `{} customers where {}`", q.kind == ast::QueryKind::Show ? "show" : "count",
                              name));
      } else if (g != globals_.end() && g->second.kind == GlobalKind::Campaign) {
        diags_.Report(DiagKind::UndefinedName, q.target.span, fmt::format("`{}` is a campaign, not a segment", name))
            .Help("count its audience's segment; `sam run` decides whom the campaign contacts, `why` explains it");
      } else if (g == globals_.end() || g->second.kind != GlobalKind::Let || !tree_.lets[g->second.index].segment) {
        // A query may count all customers too: `count customerz` means them.
        std::vector<std::string_view> segs = {"customers"};
        for (const auto& l : tree_.lets) {
          if (l.segment) segs.push_back(l.name.text);
        }
        if (!ReportTableCounted(q.target, segs)) ReportUndefined(q.target, segs, "segment");
      } else {
        p_.let_used[g->second.index] = true;
      }
    }
    Context cx;
    if (q.where != ast::kNoExpr) ExpectBool(q.where, cx, "the `where` condition");
    for (const auto& c : q.columns) {
      Type t = Expr(c.expr, cx);
      const Span at = tree_.at(c.expr).span;
      if (t.kind == TypeKind::Stream) {
        diags_.Report(DiagKind::StreamAsValue, at, "a column shows one value per customer; aggregate the events");
      } else if (t.kind == TypeKind::RefTable) {
        diags_.Report(DiagKind::TypeMismatch, at, "a column shows one value per customer, not a reference table")
            .Help("show a field of one of its rows: `table[key].field`");
      } else if (t.kind == TypeKind::Row) {
        diags_.Report(DiagKind::TypeMismatch, at, "a column shows one value per customer, not a whole row")
            .Help("show one of the row's fields: `ROW.field`");
      } else if (t.kind == TypeKind::Set) {
        diags_.Report(DiagKind::TypeMismatch, at, "a column shows one value per customer, not a set of values");
      }
    }
  }
}

}  // namespace sam::check
