#include "compiler/ast/print.hpp"

#include <fmt/format.h>

namespace sam::ast {
namespace {

class Printer {
 public:
  Printer(const Tree& t, const SourceManager& s) : t_(t), s_(s) {}

  std::string Loc(Span span) const {
    LineCol lc = s_.Get(span.file).Locate(span.begin);
    return fmt::format("{}:{}", lc.line, lc.col);
  }

  std::string Expr(ExprId id) const {
    if (id == kNoExpr) return "-";
    const ast::Expr& e = t_.at(id);
    std::string s = fmt::format("({}", ExprKindName(e.kind));
    switch (e.kind) {
      case ExprKind::Name: case ExprKind::Member: case ExprKind::Call: s += fmt::format(" {}", e.name.text); break;
      case ExprKind::String: s += fmt::format(" \"{}\"", e.sval); break;
      case ExprKind::Float: s += fmt::format(" {}", e.fval); break;
      case ExprKind::Int: case ExprKind::Decimal: case ExprKind::Date: case ExprKind::Timestamp:
      case ExprKind::Duration: case ExprKind::Bool: s += fmt::format(" {}", e.ival); break;
      case ExprKind::Binary: s += fmt::format(" {}", BinaryOpText(static_cast<BinaryOp>(e.op))); break;
      case ExprKind::Compare: s += fmt::format(" {}", CompareOpText(static_cast<CompareOp>(e.op))); break;
      case ExprKind::Aggregate: {
        const ast::Stream& st = t_.streams[e.stream];
        s += fmt::format(" {}{} {}", AggOpText(static_cast<AggOp>(e.op)), e.flag ? " distinct" : "", st.table.text);
        if (!st.alias.empty()) s += fmt::format(" as {}", st.alias.text);
        if (!st.field.empty()) s += fmt::format(" .{}", st.field.text);
        for (const auto& w : st.windows) s += fmt::format(" {} {} {}", WindowKindText(w.kind), Expr(w.a), Expr(w.b));
        if (st.value != kNoExpr) s += " value " + Expr(st.value);
        if (st.where != kNoExpr) s += " where " + Expr(st.where);
        break;
      }
      case ExprKind::Error: case ExprKind::Absent: case ExprKind::Today: case ExprKind::Now:
      case ExprKind::TriggerRef: case ExprKind::EntryRef: case ExprKind::CustomerRef: case ExprKind::Index:
      case ExprKind::Neg: case ExprKind::Not: case ExprKind::Coalesce: case ExprKind::Between:
      case ExprKind::Within: case ExprKind::InSet: case ExprKind::IsPresent: case ExprKind::If:
      case ExprKind::SetLit: case ExprKind::TopBottom: case ExprKind::Score: break;
    }
    for (ExprId k : e.kids) s += " " + Expr(k);
    return s + ")";
  }

  std::string Run() const {
    std::string out;
    for (const auto& tb : t_.tables) out += fmt::format("{} table {} ({} fields)\n", Loc(tb.span), tb.name.text, tb.fields.size());
    for (const auto& l : t_.lets) out += fmt::format("{} {} {} = {}\n", Loc(l.span), l.segment ? "segment" : "let", l.name.text, Expr(l.value));
    for (const auto& tr : t_.triggers) out += fmt::format("{} trigger {} ({} clauses)\n", Loc(tr.span), tr.name.text, tr.clauses.size());
    for (const auto& c : t_.campaigns) out += fmt::format("{} campaign {} ({} steps)\n", Loc(c.span), c.name.text, c.steps.size());
    for (const auto& p : t_.policies) out += fmt::format("{} policy ({} caps, {} consents)\n", Loc(p.span), p.caps.size(), p.consents.size());
    for (const auto& ts : t_.tests) out += fmt::format("{} test \"{}\" ({} expectations)\n", Loc(ts.span), ts.name, ts.expects.size());
    return out;
  }

 private:
  const Tree& t_;
  const SourceManager& s_;
};

}  // namespace

std::string Print(const Tree& tree, const SourceManager& sources) { return Printer(tree, sources).Run(); }

}  // namespace sam::ast
