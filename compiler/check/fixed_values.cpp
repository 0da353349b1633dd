// Periods and delays the engine computes once per run and uses for every customer:
// `after` of a trigger, `inactive ... for`, `reentry after`, and the periods of caps
// and rates. One that reads a customer's data or the run date would differ from
// customer to customer, or from run to run (a delay that shrinks between two runs
// skips its moment): they may read only constants, reference tables and, in the
// `after` of an `on TABLE` trigger, the event's own fields.
#include <fmt/format.h>

#include "compiler/check/checker.hpp"
#include "stdlib/builtins.hpp"

namespace sam::check {

using ast::ExprId;
using ast::ExprKind;

namespace {

// What makes the expression differ between customers or runs, or nullptr.
const char* Varies(ExprKind kind) {
  switch (kind) {
    case ExprKind::Today:
    case ExprKind::Now:
    case ExprKind::Within: return "reads the run date";
    case ExprKind::EntryRef: return "reads the journey's entry";
    case ExprKind::CustomerRef:
    case ExprKind::Aggregate:
    case ExprKind::TopBottom:
    case ExprKind::Score: return "reads the customer's data";
    default: return nullptr;
  }
}

const char* Varies(const sema::Ref& ref, bool event) {
  switch (ref.kind) {
    case sema::RefKind::CustomerField:
    case sema::RefKind::EventField:
    case sema::RefKind::EventRow:
    case sema::RefKind::List: return "reads the customer's data";
    case sema::RefKind::TriggerTime:
    case sema::RefKind::TriggerField: return event ? nullptr : "reads the trigger (only the delay of an `on TABLE` trigger may)";
    default: return nullptr;
  }
}

// Built-ins that count from the run date, or rank among all customers.
bool RunDependent(stdlib::BuiltinId id) {
  switch (id) {
    case stdlib::BuiltinId::DaysSince:
    case stdlib::BuiltinId::HoursSince:
    case stdlib::BuiltinId::YearsSince:
    case stdlib::BuiltinId::Anniversary:
    case stdlib::BuiltinId::IsAnniversary:
    case stdlib::BuiltinId::Rank:
    case stdlib::BuiltinId::Percentile: return true;
    default: return false;
  }
}

}  // namespace

// The first part of `id` that varies, and why; {kNoExpr, nullptr} if none does.
std::pair<ExprId, const char*> Checker::FirstVarying(ExprId id, bool event) const {
  const ast::Expr& e = tree_.at(id);
  if (const char* why = Varies(e.kind)) return {id, why};
  if (e.kind == ExprKind::Name || e.kind == ExprKind::Member || e.kind == ExprKind::TriggerRef) {
    const sema::Ref& ref = p_.refs[id];
    if (const char* why = Varies(ref, event)) return {id, why};
    // A let is fixed if its definition is (`let dormancy = 180d`).
    if (ref.kind == sema::RefKind::Let && !LetFixed(ref.a)) return {id, "reads the customer's data"};
  }
  if (e.kind == ExprKind::Call) {
    const stdlib::BuiltinInfo* b = stdlib::FindBuiltin(e.name.text);
    if (b && RunDependent(b->id)) return {id, b->category == stdlib::Category::Population ? "ranks among the customers" : "counts from the run date"};
  }
  for (ExprId kid : e.kids) {
    auto found = FirstVarying(kid, event);
    if (found.second) return found;
  }
  return {ast::kNoExpr, nullptr};
}

// Whether a let's value is fixed; remembered, as lets use lets. One in a definition
// cycle (an error reported elsewhere) counts as varying.
bool Checker::LetFixed(int let) const {
  if (let_fixed_.empty()) let_fixed_.assign(tree_.lets.size(), kUnknown);
  int8_t& state = let_fixed_[static_cast<size_t>(let)];
  if (state == kUnknown) {
    state = kVarying;  // while its definition is looked at: a cycle varies
    const ast::LetDecl& l = tree_.lets[static_cast<size_t>(let)];
    state = !l.segment && l.value != ast::kNoExpr && !FirstVarying(l.value, false).second ? kFixed : kVarying;
  }
  return state == kFixed;
}

void Checker::RequireFixed(ExprId id, std::string_view what, bool event) {
  const auto [part, why] = FirstVarying(id, event);
  if (!why) return;
  const Span& span = tree_.at(part).span;
  const std::string_view text = sources_.Get(span.file).text().substr(span.begin, span.end - span.begin);
  diags_.Report(DiagKind::TypeMismatch, span,
                fmt::format("{} must be the same for every customer and every run, but `{}` {}", what, text, why))
      .Help(event ? "write a constant such as `30d`, or compute it from the event's fields: `days(trigger.FIELD ?? 30)`"
               : "write a constant such as `30d`");
}

}  // namespace sam::check
