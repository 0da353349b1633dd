// Time written the way SAM does not take it. Bounds whose order is known before any
// data is read: two literals of one kind, or one expression plus or minus different
// constant durations (`now - 30d` and `now`, `orders.ordered_at` and
// `orders.ordered_at + 7d`); bounds computed otherwise are left to the run, rather than
// guessed at here. And the date functions of SQL and spreadsheets, which SAM writes
// with a duration.
#include <array>
#include <cctype>
#include <string_view>

#include "compiler/check/checker.hpp"

namespace sam::check {
namespace {

using ast::ExprId;
using ast::ExprKind;

// An expression as `base + offset`: `base` the source text of what is not a constant
// (empty for a literal), `kind` that literal's kind (a date and a timestamp are not
// compared: a date's start depends on the time zone).
struct Offset {
  std::string_view base;
  ExprKind kind;
  bool zoned = false;  // a timestamp with its own zone
  __int128 value = 0;
};

}  // namespace

std::optional<int> Checker::StaticOrder(ExprId a, ExprId b) const {
  // Decomposes `id`; none when it is not of that form.
  auto decompose = [&](ExprId id) -> std::optional<Offset> {
    __int128 offset = 0;
    for (int depth = 0; depth < 64; ++depth) {
      const ast::Expr& e = tree_.at(id);
      switch (e.kind) {
        case ExprKind::Int:
        case ExprKind::Decimal:
        case ExprKind::Timestamp: return Offset{{}, e.kind, e.kind == ExprKind::Timestamp && e.flag2, offset + e.ival};
        case ExprKind::Date:  // days; the offsets are microseconds
          return Offset{{}, e.kind, false, offset + static_cast<__int128>(e.ival) * 86'400'000'000};
        case ExprKind::Neg: {
          const ast::Expr& x = tree_.at(e.kids[0]);
          if (x.kind != ExprKind::Int && x.kind != ExprKind::Decimal) return std::nullopt;
          return Offset{{}, x.kind, false, offset - x.ival};
        }
        case ExprKind::Binary: {
          const auto op = static_cast<ast::BinaryOp>(e.op);
          const ast::Expr& right = tree_.at(e.kids[1]);
          if ((op != ast::BinaryOp::Add && op != ast::BinaryOp::Sub) || right.kind != ExprKind::Duration) break;
          offset += op == ast::BinaryOp::Add ? right.ival : -right.ival;
          id = e.kids[0];
          continue;
        }
        default: break;
      }
      const Span& span = e.span;
      return Offset{sources_.Get(span.file).text().substr(span.begin, span.end - span.begin), ExprKind::Error, false,
                    offset};
    }
    return std::nullopt;
  };
  const std::optional<Offset> x = decompose(a), y = decompose(b);
  if (!x || !y || x->base != y->base || x->kind != y->kind || x->zoned != y->zoned) return std::nullopt;
  return x->value < y->value ? -1 : x->value > y->value ? 1 : 0;
}

void Checker::CheckWindowOrder(const ast::Window& w) {
  if (w.kind != ast::WindowKind::Between || w.a == ast::kNoExpr || w.b == ast::kNoExpr) return;
  const std::optional<int> order = StaticOrder(w.a, w.b);
  if (!order || *order < 0) return;
  diags_
      .Report(DiagKind::EmptyLimit, w.span,
              *order == 0 ? "this window holds no events: its start and its end are the same time"
                         : "this window holds no events: its start is after its end")
      .Help("`between A and B` holds the events with `A <= at < B`: write the earlier time first");
}

void Checker::CheckBetweenOrder(ExprId id) {
  const ast::Expr& e = tree_.at(id);
  const std::optional<int> order = StaticOrder(e.kids[1], e.kids[2]);
  if (!order || *order <= 0) return;
  diags_.Report(DiagKind::AlwaysFalse, e.span, "this is false for every value: the first bound is after the second")
      .Help("`x between a and b` means `a <= x and x <= b`: write the smaller bound first");
}

std::optional<std::string> Checker::DateArithmeticHelp(ExprId call) const {
  struct Unit {
    std::string_view name;
    char unit;  // of the duration; 0: months or years, which SAM adds with a function
    std::string_view function;
  };
  static constexpr std::array<Unit, 8> kUnits{{{"second", 's', {}}, {"minute", 'm', {}}, {"hour", 'h', {}},
                                               {"day", 'd', {}}, {"week", 'w', {}}, {"month", 0, "add_months"},
                                               {"year", 0, "add_years"}, {"date", 'd', {}}}};
  const ast::Expr& e = tree_.at(call);
  std::string name(e.name.text);
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool adds = name.starts_with("add") || name.starts_with("date_add") || name.starts_with("dateadd");
  const bool subtracts = name.starts_with("sub") || name.starts_with("minus") || name.starts_with("date_sub");
  if (!adds && !subtracts) return std::nullopt;
  for (const Unit& u : kUnits) {
    if (name.find(u.name) == std::string::npos) continue;
    if (u.unit == 0) return fmt::format("`{}(date, n)` adds whole {}s (a negative n subtracts)", u.function, u.name);
    // `add_days(today, 3)`: the rewrite itself, when its second argument is a number.
    std::string example = fmt::format("today {} 3{}", adds ? '+' : '-', u.unit);
    if (e.kids.size() == 2) {
      const ast::Expr& n = tree_.at(e.kids[1]);
      const ast::Expr& m = n.kind == ExprKind::Neg ? tree_.at(n.kids[0]) : n;
      if (m.kind == ExprKind::Int) {
        const bool plus = adds == (n.kind != ExprKind::Neg);
        const Span& s = tree_.at(e.kids[0]).span;
        example = fmt::format("{} {} {}{}", sources_.Get(s.file).text().substr(s.begin, s.end - s.begin),
                              plus ? '+' : '-', m.ival, u.unit);
      }
    }
    return fmt::format("dates and times take a duration: write `{}`", example);
  }
  return std::nullopt;
}

}  // namespace sam::check
