// Types of expressions, name resolution in scopes, optional narrowing.
#include <algorithm>
#include <cctype>

#include "base/names.hpp"
#include "base/suggest.hpp"
#include "compiler/check/checker.hpp"
#include "grammar/parse.hpp"
#include "stdlib/builtins.hpp"

namespace sam::check {

using ast::ExprId;
using ast::ExprKind;

namespace {

// "a" or "an" before a type's name: "an `int`", "an `enum gender`", "a `string`".
const char* Article(const std::string& type) {
  return !type.empty() && std::string_view("aeiou").find(type[0]) != std::string_view::npos ? "an" : "a";
}

bool Orderable(Type t) {
  return t.is_numeric() || t.is_time() || t.kind == TypeKind::Duration || t.kind == TypeKind::String;
}

// Can values of these types be compared (== and, if `ordered`, <)?
bool Comparable(Type a, Type b, bool ordered) {
  if (a.is_numeric() && b.is_numeric()) return true;
  if (a.is_time() && b.is_time()) return true;
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::String:
    case TypeKind::Duration: return true;
    case TypeKind::Bool: return !ordered;
    case TypeKind::Enum: return !ordered && a.ref == b.ref;
    case TypeKind::Error: case TypeKind::Int: case TypeKind::Decimal: case TypeKind::Float:
    case TypeKind::Date: case TypeKind::Timestamp: case TypeKind::Set: case TypeKind::Stream:
    case TypeKind::Row: case TypeKind::RefTable: break;
  }
  return false;
}

// The common type of two branches (if/else, ??, set elements), or Error.
std::optional<Type> Unify(Type a, Type b) {
  bool opt = a.optional || b.optional;
  if (a.is_numeric() && b.is_numeric()) return Type::Of(WidenNumeric(a.kind, b.kind), opt);
  if (a.Required() == b.Required()) {
    Type t = a.Required();
    t.optional = opt;
    return t;
  }
  return std::nullopt;
}

bool IsNonZeroConstant(const ast::Tree& tree, ExprId id, bool* is_zero) {
  const ast::Expr& e = tree.at(id);
  if (e.kind == ExprKind::Neg) return IsNonZeroConstant(tree, e.kids[0], is_zero);
  if (e.kind == ExprKind::Int || e.kind == ExprKind::Decimal || e.kind == ExprKind::Duration) {
    *is_zero = e.ival == 0;
    return !*is_zero;
  }
  if (e.kind == ExprKind::Float) {
    *is_zero = e.fval == 0;
    return !*is_zero;
  }
  return false;
}

constexpr int kKeyCustomer = 1, kKeyLet = 2, kKeyEvent = 3, kKeyTrigger = 4;

}  // namespace

// ---- diagnostics helpers -------------------------------------------------------------

bool Checker::Expect(ExprId id, Type actual, TypeKind want, std::string_view what) {
  if (actual.is_error()) return false;
  if (!ExpectValue(id, actual, what)) return false;
  if (actual.kind == want || (want == TypeKind::Decimal && actual.kind == TypeKind::Int) ||
      (want == TypeKind::Float && actual.is_numeric()) || (want == TypeKind::Timestamp && actual.kind == TypeKind::Date)) {
    return true;
  }
  auto& d = diags_.Report(DiagKind::TypeMismatch, tree_.at(id).span,
                          fmt::format("{} must be a {}, found `{}`", what, Str(Type::Of(want)), Str(actual)));
  // `within 90`: the unit is missing.
  if (want == TypeKind::Duration && tree_.at(id).kind == ExprKind::Int) {
    d.Help(fmt::format("a duration has a unit: write `{}d` (or `h`, `w`, ...)", tree_.at(id).ival));
  }
  return false;
}

// `a.b.c` on a name: what a presence test narrows besides names (language.md 3.5).
bool Checker::NamePath(ExprId id) const {
  while (tree_.at(id).kind == ExprKind::Member && !tree_.at(id).kids.empty()) id = tree_.at(id).kids[0];
  const ExprKind k = tree_.at(id).kind;
  return k == ExprKind::Name || k == ExprKind::TriggerRef || k == ExprKind::CustomerRef || k == ExprKind::EntryRef;
}

bool Checker::ExpectValue(ExprId id, Type actual, std::string_view what) {
  if (!actual.optional || actual.is_error()) return true;
  const ast::Expr& e = tree_.at(id);
  std::string_view text = sources_.Get(e.span.file).text().substr(e.span.begin, e.span.end - e.span.begin);
  if (text.size() > 40) text = "this value";
  // A name is shown without its quotes, like every name in a message (`date of
  // birth`); code that holds one is set off by double backticks.
  std::string shown = e.kind == ExprKind::Name ? fmt::format("`{}`", e.name.text) : CodeSpan(text);
  auto& d =
      diags_.Report(DiagKind::OptionalValue, e.span,
                    fmt::format("{} may be absent (it has type `{}`), but {} needs a value", shown, Str(actual), what));
  d.Help(fmt::format("give a default: {}", CodeSpan(fmt::format("{} ?? ...", text))));
  if (NamePath(id)) {
    d.Help(fmt::format("or test it first: {}", CodeSpan(fmt::format("{} is present and ...", text))));
  } else {
    // A test narrows names and their member paths only (language.md 3.5).
    d.Help("or put it in a `let` and test that: `let x = ...`, then `x is present and ...`");
  }
  return false;
}

void Checker::CheckPeriod(ExprId id, std::string_view what, std::string_view help) {
  // Only literals (possibly negated): a computed period is left to the runtime rather
  // than guessed at here.
  int64_t sign = 1;
  ExprId lit = id;
  while (tree_.at(lit).kind == ExprKind::Neg) {
    sign = -sign;
    lit = tree_.at(lit).kids[0];
  }
  if (tree_.at(lit).kind != ExprKind::Duration || sign * tree_.at(lit).ival > 0) return;
  const Span& span = tree_.at(id).span;
  std::string_view text = sources_.Get(span.file).text().substr(span.begin, span.end - span.begin);
  diags_.Report(DiagKind::EmptyLimit, span, fmt::format("{} must be longer than zero, found `{}`", what, text)).Help(std::string(help));
}

bool Checker::IsZeroLiteral(Span s) const {
  std::string_view text = sources_.Get(s.file).text().substr(s.begin, s.end - s.begin);
  return !text.empty() && text.find_first_not_of("0_") == std::string_view::npos;
}

bool Checker::ExpectBool(ExprId id, Context& cx, std::string_view what) {
  Type t = Expr(id, cx, Type::Of(TypeKind::Bool));
  if (t.is_error()) return false;
  if (!ExpectValue(id, t, what)) return false;
  if (t.kind == TypeKind::Bool) return true;
  if (ReportStreamValue(id, t)) return false;
  diags_.Report(DiagKind::TypeMismatch, tree_.at(id).span,
                fmt::format("{} must be a condition (`bool`), found `{}`", what, Str(t)));
  return false;
}

void Checker::ReportUndefined(const ast::Ident& name, const std::vector<std::string_view>& candidates, std::string_view what) {
  if (tree_.incomplete) return;  // the name may be in the part that is missing
  auto g = globals_.find(name.text);
  if (g != globals_.end() && g->second.kind == GlobalKind::Broken) return;
  if (!reported_undefined_.emplace(name.text).second) return;
  auto& d = diags_.Report(DiagKind::UndefinedName, name.span, fmt::format("undefined {} `{}`", what, name.text));
  if (auto best = ClosestMatch(name.text, candidates)) {
    d.Help(fmt::format("did you mean `{}`?", *best));
    // The fix is code: `date of birth` between backticks (`customers` is its keyword).
    d.Fix(name.span, *best == "customers" ? *best : CodeName(*best));
  }
}

// The event table whose field `name` is meant: of the tables with such a field, the
// first whose enum has the variant it is compared with (`kind == open`: the table
// whose `kind` has `open`), else the first.
const TableInfo* Checker::EventTableWith(std::string_view name, std::string_view variant) const {
  const TableInfo* first = nullptr;
  for (const auto& t : p_.tables) {
    const int f = t.kind == TableKind::Events ? t.Find(name) : -1;
    if (f < 0) continue;
    if (!first) first = &t;
    const Type& type = t.fields[f].type;
    if (!variant.empty() && type.kind == TypeKind::Enum && p_.enums[type.ref].Find(variant) >= 0) return &t;
  }
  return first;
}

std::optional<Type> Checker::EventFieldOutside(ExprId id, const Context& cx, std::string_view variant) {
  const ast::Expr& e = tree_.at(id);
  if (e.kind != ExprKind::Name || !cx.events.empty() || cx.record) return std::nullopt;
  if (const TableInfo* t = EventTableWith(e.name.text, variant)) return t->fields[t->Find(e.name.text)].type;
  return std::nullopt;
}

bool Checker::ReportEventFieldOutside(const ast::Ident& name, const Context& cx) {
  if (!cx.events.empty() || cx.record || tree_.incomplete) return false;
  if (const TableInfo* found = EventTableWith(name.text, event_variant_)) {
    const TableInfo& t = *found;
    if (!reported_undefined_.emplace(name.text).second) return true;
    std::string test = event_test_.empty() ? fmt::format("{} ...", CodeName(name.text)) : event_test_;
    std::string code = fmt::format("any({} where {})", CodeName(t.name), test);
    // Code holding a backtick is set off by double backticks, as Markdown does.
    if (code.find('`') != std::string::npos) code = fmt::format("` {} `", code);
    diags_.Report(DiagKind::UndefinedName, name.span, fmt::format("undefined name `{}`", name.text))
        .Help(fmt::format("`{}` is a field of the event table `{}`, not of the customer: test it inside an aggregate, "
                          "such as `{}`",
                          name.text, t.name, code));
    return true;
  }
  return false;
}

// The names to suggest for `name`, unless the diagnostic would be dropped
// (--max-errors): collecting every name in scope per undefined name made big broken
// files quadratic. Of the lets and tables, only those ClosestMatch could choose.
std::vector<std::string_view> Checker::Candidates(const Context& cx, std::optional<Type> hint, std::string_view name) {
  if (!diags_.accepting()) return {};
  std::vector<std::string_view> out = NamesInScope(cx, hint);
  if (!cx.record) GlobalsNear(name, out);
  return out;
}

// The lets and tables within ClosestMatch's typo limit of `name` by length, and the
// longer ones that start with it (a prefix counts as one typo).
void Checker::GlobalsNear(std::string_view name, std::vector<std::string_view>& out) {
  auto suggestible = [](const Global& g) { return g.kind == GlobalKind::Let || g.kind == GlobalKind::Table; };
  if (globals_indexed_ != globals_.size()) {
    globals_by_length_.clear();
    for (const auto& [n, g] : globals_) {
      if (!suggestible(g)) continue;
      if (globals_by_length_.size() <= n.size()) globals_by_length_.resize(n.size() + 1);
      globals_by_length_[n.size()].push_back(n);
    }
    globals_indexed_ = globals_.size();
  }
  size_t limit = std::max<size_t>(1, name.size() / 3);
  for (size_t len = name.size() > limit ? name.size() - limit : 0;
       len <= name.size() + limit && len < globals_by_length_.size(); ++len) {
    out.insert(out.end(), globals_by_length_[len].begin(), globals_by_length_[len].end());
  }
  if (name.size() < 4) return;
  for (auto it = globals_.lower_bound(name); it != globals_.end() && it->first.starts_with(name); ++it) {
    if (it->first.size() > name.size() + limit && suggestible(it->second)) out.push_back(it->first);
  }
}

// Fields, aliases and variants in scope (not the lets and tables: GlobalsNear).
std::vector<std::string_view> Checker::NamesInScope(const Context& cx, std::optional<Type> hint) {
  std::vector<std::string_view> out;
  for (const auto& ev : cx.events) {
    for (const auto& f : table(ev.table).fields) out.push_back(f.name);
    if (!ev.alias.empty()) out.push_back(ev.alias);
  }
  if (hint && hint->kind == TypeKind::Enum && hint->ref >= 0) {
    for (const auto& v : p_.enums[hint->ref].variants) out.push_back(v);
  }
  if (cx.record) return out;
  for (const auto& f : table(p_.customers).fields) out.push_back(f.name);
  return out;
}

// ---- names -----------------------------------------------------------------------------

bool Checker::IsUnresolvedName(ExprId id, Context& cx) {
  const ast::Expr& e = tree_.at(id);
  if (e.kind != ExprKind::Name) return false;
  for (const auto& ev : cx.events) {
    if (table(ev.table).Find(e.name.text) >= 0 || ev.alias == e.name.text) return false;
  }
  if (table(p_.customers).Find(e.name.text) >= 0) return false;
  return globals_.find(e.name.text) == globals_.end();
}

bool Checker::IsAnyVariant(std::string_view name) const {
  for (const EnumInfo& en : p_.enums) {
    if (en.Find(name) >= 0) return true;
  }
  return false;
}

Type Checker::Name(ExprId id, Context& cx, std::optional<Type> hint) {
  const ast::Expr& e = tree_.at(id);
  std::string_view n = e.name.text;
  sema::Ref& ref = p_.refs[id];
  auto narrowed = [&](Type t, int key_kind, int64_t key) {
    if (t.optional && cx.present.count({key_kind, key})) t.optional = false;
    return t;
  };
  // An enum variant where the other side of a comparison is that enum.
  if (hint && hint->kind == TypeKind::Enum && hint->ref >= 0) {
    int v = p_.enums[hint->ref].Find(n);
    if (v >= 0) {
      ref = {sema::RefKind::Variant, hint->ref, v};
      return Type::EnumOf(hint->ref);
    }
  }
  auto unknown_variant = [&]() {
    const EnumInfo& en = p_.enums[hint->ref];
    std::vector<std::string_view> names(en.variants.begin(), en.variants.end());
    auto& d = diags_.Report(DiagKind::UnknownVariant, e.name.span, fmt::format("enum `{}` has no variant `{}`", en.name, n));
    if (auto best = ClosestMatch(n, names)) {
      d.Help(fmt::format("did you mean `{}`?", *best));
      d.Fix(e.name.span, *best);
    } else {
      std::string all;
      for (const auto& v : en.variants) all += (all.empty() ? "`" : ", `") + v + "`";
      d.Help(fmt::format("its variants are {}", all));
    }
    return Type{};
  };
  bool enum_hint = hint && hint->kind == TypeKind::Enum && hint->ref >= 0;
  if (cx.record) {
    if (enum_hint) return unknown_variant();
    ReportUndefined(e.name, Candidates(cx, hint, n), "value");
    return Type{};
  }
  for (int d = static_cast<int>(cx.events.size()) - 1; d >= 0; --d) {
    const EventScope& ev = cx.events[d];
    int f = table(ev.table).Find(n);
    if (f >= 0) {
      ref = {sema::RefKind::EventField, ev.table, f, d};
      return narrowed(table(ev.table).fields[f].type, kKeyEvent, (static_cast<int64_t>(d) << 32) | f);
    }
    if (ev.alias == n || (ev.alias.empty() && table(ev.table).name == n)) {
      ref = {sema::RefKind::EventRow, ev.table, -1, d};
      return Type::RowOf(ev.table);
    }
  }
  int cf = table(p_.customers).Find(n);
  if (cf >= 0) {
    ref = {sema::RefKind::CustomerField, cf};
    return narrowed(table(p_.customers).fields[cf].type, kKeyCustomer, cf);
  }
  auto g = globals_.find(n);
  if (g == globals_.end()) {
    if (enum_hint && !tree_.incomplete) return unknown_variant();
    // The other side of a comparison or `??` is already an error: a variant's name here
    // is most likely right, and another error would only follow from the first.
    if (hint && hint->is_error() && IsAnyVariant(n)) return Type{};
    if (ReportEventFieldOutside(e.name, cx)) return Type{};
    ReportUndefined(e.name, Candidates(cx, hint && hint->is_error() ? std::nullopt : hint, n));
    return Type{};
  }
  switch (g->second.kind) {
    case GlobalKind::Let: {
      int l = g->second.index;
      p_.let_used[l] = true;
      ref = {sema::RefKind::Let, l};
      return narrowed(CheckLet(l), kKeyLet, l);
    }
    case GlobalKind::Table: {
      int t = table_of_decl_[g->second.index];
      if (t < 0) return Type{};
      ref = {sema::RefKind::Table, t};
      const auto& info = table(t);
      if (info.kind == TableKind::List) {
        ref = {sema::RefKind::List, t};
        return Type::Of(TypeKind::Bool);
      }
      if (info.kind == TableKind::Reference) return Type{TypeKind::RefTable, false, TypeKind::Error, t};
      if (info.kind == TableKind::Customers) {
        diags_.Report(DiagKind::TypeMismatch, e.span, "`customers` is the table of all customers, not a value")
            .Help("the current customer's fields are in scope by name, or as `customer.FIELD`");
        return Type{};
      }
      return Type{TypeKind::Stream, false, TypeKind::Error, t};
    }
    case GlobalKind::Enum:
      diags_.Report(DiagKind::TypeMismatch, e.span, fmt::format("`{}` is an enum type, not a value", n))
          .Help(fmt::format("name one of its variants: `{}.{}`, or just `{}` where the other side is a `{}`", n,
                            p_.enums[g->second.index].variants.empty() ? "VARIANT" : p_.enums[g->second.index].variants[0],
                            p_.enums[g->second.index].variants.empty() ? "VARIANT" : p_.enums[g->second.index].variants[0], n));
      return Type{};
    case GlobalKind::Broken: return Type{};
    case GlobalKind::Trigger:
    case GlobalKind::Campaign:
      diags_.Report(DiagKind::TypeMismatch, e.span,
                    fmt::format("`{}` is a {}, not a value", n, g->second.kind == GlobalKind::Trigger ? "trigger" : "campaign"));
      return Type{};
  }
  return Type{};
}

Type Checker::Member(ExprId id, Context& cx) {
  const ast::Expr& e = tree_.at(id);
  const ast::Expr& base = tree_.at(e.kids[0]);
  std::string_view field = e.name.text;
  sema::Ref& ref = p_.refs[id];
  auto unknown = [&](int t) {
    std::vector<std::string_view> names;
    for (const auto& f : table(t).fields) names.push_back(f.name);
    auto& d = diags_.Report(DiagKind::UnknownField, e.name.span, fmt::format("`{}` has no field `{}`", table(t).name, field));
    if (auto best = ClosestMatch(field, names)) {
      d.Help(fmt::format("did you mean `{}`?", *best));
      d.Fix(e.name.span, *best);
    }
    return Type{};
  };
  if (base.kind == ExprKind::TriggerRef) {
    SetType(e.kids[0], Type{});
    if (cx.trigger < 0) {
      diags_.Report(DiagKind::ContextName, base.span, "`trigger` is only defined in a trigger's clauses and in campaigns started by a trigger");
      return Type{};
    }
    if (field == "at") {
      ref = {sema::RefKind::TriggerTime};
      return Type::Of(TypeKind::Timestamp);
    }
    const ast::TriggerDecl& trig = tree_.triggers[cx.trigger];
    int t = trig.stream != ast::kNoStream ? p_.stream_tables[trig.stream] : -1;
    if (t < 0 || trig.source != ast::TriggerSource::OnEvent) {
      diags_.Report(DiagKind::UnknownField, e.name.span,
                    fmt::format("trigger `{}` does not fire on an event, so only `trigger.at` is defined", trig.name.text));
      return Type{};
    }
    int f = table(t).Find(field);
    if (f < 0) return unknown(t);
    ref = {sema::RefKind::TriggerField, t, f};
    Type ft = table(t).fields[f].type;
    if (ft.optional && cx.present.count({kKeyTrigger, f})) ft.optional = false;
    return ft;
  }
  if (base.kind == ExprKind::CustomerRef) {
    SetType(e.kids[0], Type::RowOf(p_.customers));
    int f = table(p_.customers).Find(field);
    if (f < 0) return unknown(p_.customers);
    ref = {sema::RefKind::CustomerField, f};
    Type ft = table(p_.customers).fields[f].type;
    if (ft.optional && cx.present.count({kKeyCustomer, f})) ft.optional = false;
    return ft;
  }
  // `tier.gold`: a variant named with its enum.
  if (base.kind == ExprKind::Name) {
    auto g = globals_.find(base.name.text);
    if (g != globals_.end() && g->second.kind == GlobalKind::Enum && table(p_.customers).Find(base.name.text) < 0 &&
        cx.events.empty()) {
      enum_used_[g->second.index] = true;
      SetType(e.kids[0], Type{});
      int v = p_.enums[g->second.index].Find(field);
      if (v < 0) {
        std::vector<std::string_view> names(p_.enums[g->second.index].variants.begin(), p_.enums[g->second.index].variants.end());
        auto& d = diags_.Report(DiagKind::UnknownVariant, e.name.span, fmt::format("enum `{}` has no variant `{}`", base.name.text, field));
        if (auto best = ClosestMatch(field, names)) d.Help(fmt::format("did you mean `{}`?", *best));
        return Type{};
      }
      ref = {sema::RefKind::Variant, g->second.index, v};
      return Type::EnumOf(g->second.index);
    }
  }
  Type bt = Expr(e.kids[0], cx);
  if (bt.is_error()) return Type{};
  if (bt.kind == TypeKind::Stream) {
    diags_.Report(DiagKind::StreamAsValue, e.span,
                  fmt::format("`{}` is an event table, so `{}` is not one value", base.name.text, field))
        .Help(fmt::format("aggregate it: `sum({0}.{1})`, `last({0}.{1})`, `any({0} where {1} ...)`", base.name.text, field));
    return Type{};
  }
  if (bt.kind != TypeKind::Row) {
    diags_.Report(DiagKind::TypeMismatch, e.span, fmt::format("`.{}` needs a row, but this is a `{}`", field, Str(bt)));
    return Type{};
  }
  int f = table(bt.ref).Find(field);
  if (f < 0) return unknown(bt.ref);
  Type ft = table(bt.ref).fields[f].type;
  const sema::Ref& bref = p_.refs[e.kids[0]];
  if (bref.kind == sema::RefKind::EventRow) {
    ref = {sema::RefKind::EventField, bt.ref, f, bref.c};
    if (ft.optional && cx.present.count({kKeyEvent, (static_cast<int64_t>(bref.c) << 32) | f})) ft.optional = false;
    return ft;
  }
  ref = {sema::RefKind::RowField, bt.ref, f};
  if (bt.optional) ft.optional = true;
  return ft;
}

// Which narrowable name an expression is, for `x is present` facts.
std::optional<std::pair<int, int64_t>> Checker::NarrowKey(ExprId id) {
  const sema::Ref& r = p_.refs[id];
  switch (r.kind) {
    case sema::RefKind::CustomerField: return std::pair{kKeyCustomer, static_cast<int64_t>(r.a)};
    case sema::RefKind::Let: return std::pair{kKeyLet, static_cast<int64_t>(r.a)};
    case sema::RefKind::EventField: return std::pair{kKeyEvent, (static_cast<int64_t>(r.c) << 32) | r.b};
    case sema::RefKind::TriggerField: return std::pair{kKeyTrigger, static_cast<int64_t>(r.b)};
    case sema::RefKind::None: case sema::RefKind::EventRow: case sema::RefKind::List:
    case sema::RefKind::Variant: case sema::RefKind::Table: case sema::RefKind::RowField:
    case sema::RefKind::TriggerTime: break;
  }
  return std::nullopt;
}

// Facts that hold when `id` is true (or false): names known to be present.
void Checker::Facts(ExprId id, bool when_true, std::set<std::pair<int, int64_t>>& out) {
  const ast::Expr& e = tree_.at(id);
  switch (e.kind) {
    case ExprKind::IsPresent:
      // `x is present` true, or `x is absent` false: x is present.
      if (e.flag != when_true) {
        if (auto k = NarrowKey(e.kids[0])) out.insert(*k);
      }
      break;
    case ExprKind::Not: Facts(e.kids[0], !when_true, out); break;
    case ExprKind::Binary: {
      auto op = static_cast<ast::BinaryOp>(e.op);
      if ((op == ast::BinaryOp::And && when_true) || (op == ast::BinaryOp::Or && !when_true)) {
        Facts(e.kids[0], when_true, out);
        Facts(e.kids[1], when_true, out);
      }
      break;
    }
    case ExprKind::Error: case ExprKind::Int: case ExprKind::Decimal: case ExprKind::Float:
    case ExprKind::String: case ExprKind::Bool: case ExprKind::Date: case ExprKind::Timestamp:
    case ExprKind::Duration: case ExprKind::Absent: case ExprKind::Name: case ExprKind::Today:
    case ExprKind::Now: case ExprKind::TriggerRef: case ExprKind::EntryRef: case ExprKind::CustomerRef:
    case ExprKind::Member: case ExprKind::Index: case ExprKind::Neg: case ExprKind::Compare:
    case ExprKind::Coalesce: case ExprKind::Between: case ExprKind::Within: case ExprKind::InSet:
    case ExprKind::If: case ExprKind::SetLit: case ExprKind::Call: case ExprKind::Aggregate:
    case ExprKind::TopBottom: case ExprKind::Score: break;
  }
}

// ---- expressions ---------------------------------------------------------------------

Type Checker::Expr(ExprId id, Context& cx, std::optional<Type> hint) { return SetType(id, ExprImpl(id, cx, hint)); }

Type Checker::Binary(ExprId id, Context& cx, std::optional<Type> hint) {
  const ast::Expr& e = tree_.at(id);
  auto op = static_cast<ast::BinaryOp>(e.op);
  if (op == ast::BinaryOp::And || op == ast::BinaryOp::Or) {
    bool ok = ExpectBool(e.kids[0], cx, fmt::format("the left side of `{}`", ast::BinaryOpText(op)));
    auto saved = cx.present;
    Facts(e.kids[0], op == ast::BinaryOp::And, cx.present);
    ok &= ExpectBool(e.kids[1], cx, fmt::format("the right side of `{}`", ast::BinaryOpText(op)));
    cx.present = std::move(saved);
    return ok ? Type::Of(TypeKind::Bool) : Type::Of(TypeKind::Bool);
  }
  Type a = Expr(e.kids[0], cx, hint);
  Type b = Expr(e.kids[1], cx, hint);
  if (a.is_error() || b.is_error()) return Type{};
  std::string_view sym = ast::BinaryOpText(op);
  if (!ExpectValue(e.kids[0], a, fmt::format("`{}`", sym)) || !ExpectValue(e.kids[1], b, fmt::format("`{}`", sym))) {
    return Type{};
  }
  using K = TypeKind;
  K ka = a.kind, kb = b.kind;
  std::optional<Type> r;
  bool is_zero = false;
  bool constant_divisor = IsNonZeroConstant(tree_, e.kids[1], &is_zero);
  if (op == ast::BinaryOp::Div && is_zero) {
    diags_.Report(DiagKind::DivisionByZero, tree_.at(e.kids[1]).span, "division by zero");
    return Type{};
  }
  if (a.is_numeric() && b.is_numeric()) {
    K k = WidenNumeric(ka, kb);
    if (op == ast::BinaryOp::Div) {
      if (k == K::Int) k = K::Decimal;
      r = Type::Of(k, !constant_divisor);
    } else {
      r = Type::Of(k);
    }
  } else if (op == ast::BinaryOp::Add) {
    if (ka == K::String && kb == K::String) r = Type::Of(K::String);
    else if ((ka == K::Timestamp && kb == K::Duration) || (ka == K::Duration && kb == K::Timestamp)) r = Type::Of(K::Timestamp);
    else if ((ka == K::Date && kb == K::Duration) || (ka == K::Duration && kb == K::Date)) r = Type::Of(K::Date);
    else if (ka == K::Duration && kb == K::Duration) r = Type::Of(K::Duration);
  } else if (op == ast::BinaryOp::Sub) {
    if (a.is_time() && kb == K::Duration) r = a.Required();
    else if (a.is_time() && b.is_time()) r = Type::Of(K::Duration);
    else if (ka == K::Duration && kb == K::Duration) r = Type::Of(K::Duration);
  } else if (op == ast::BinaryOp::Mul) {
    if ((ka == K::Duration && kb == K::Int) || (ka == K::Int && kb == K::Duration)) r = Type::Of(K::Duration);
  } else if (op == ast::BinaryOp::Div) {
    if (ka == K::Duration && kb == K::Int) r = Type::Of(K::Duration, !constant_divisor);
  }
  if (!r && (ReportStreamValue(e.kids[0], a) || ReportStreamValue(e.kids[1], b))) return Type{};
  if (!r) {
    auto& d = diags_.Report(DiagKind::TypeMismatch, e.span,
                            fmt::format("cannot apply `{}` to `{}` and `{}`", sym, Str(a), Str(b)));
    // `today - 1`: a number where a duration goes.
    const ast::Expr& right = tree_.at(e.kids[1]);
    if ((op == ast::BinaryOp::Add || op == ast::BinaryOp::Sub) && a.is_time() && right.kind == ExprKind::Int) {
      d.Help(fmt::format("a duration has a unit: write `{}d` (or `h`, `w`, ...)", right.ival));
      d.Fix(right.span, fmt::format("{}d", right.ival));
    }
    return Type{};
  }
  return *r;
}

// An event table where one value was expected (`where orders`, `orders + 1`): the
// error says so, with the aggregates that make a value of it.
bool Checker::ReportStreamValue(ExprId id, Type t) {
  if (t.kind != TypeKind::Stream) return false;
  const Span& sp = tree_.at(id).span;
  std::string_view side = sources_.Get(sp.file).text().substr(sp.begin, sp.end - sp.begin);
  auto& d = diags_.Report(DiagKind::StreamAsValue, sp, fmt::format("{} is an event table, not one value", CodeSpan(side)));
  if (side.size() <= 40) {
    d.Help(fmt::format("aggregate it: {}, {}", CodeSpan(fmt::format("count({})", side)),
                       CodeSpan(fmt::format("any({} where ...)", side))));
  }
  return true;
}

// `orders > 3`: an event table compared as if it were its number of events.
void Checker::ReportStreamCompared(ExprId compare, ExprId stream) {
  auto text = [&](ExprId id) {
    const Span& sp = tree_.at(id).span;
    return sources_.Get(sp.file).text().substr(sp.begin, sp.end - sp.begin);
  };
  std::string_view whole = text(compare), side = text(stream);
  auto& d = diags_.Report(DiagKind::StreamAsValue, tree_.at(stream).span,
                          fmt::format("{} is an event table, not one value", CodeSpan(side)));
  const Span& cs = tree_.at(compare).span;
  const Span& ss = tree_.at(stream).span;
  if (whole.size() > 60) return;
  std::string counted = std::string(whole.substr(0, ss.begin - cs.begin)) + "count(" + std::string(side) + ")" +
                        std::string(whole.substr(ss.end - cs.begin));
  d.Help(fmt::format("to compare its number of events, count them: {}", CodeSpan(counted)));
}

Type Checker::Compare(ExprId id, Context& cx) {
  const ast::Expr& e = tree_.at(id);
  auto op = static_cast<ast::CompareOp>(e.op);
  ExprId l = e.kids[0], r = e.kids[1];
  Type a, b;
  // `savings == product`: resolve the variant from the other side.
  // `kind == sent` where no event is in scope: the help of the error at `kind` shows
  // the whole comparison inside an aggregate.
  if (tree_.at(l).kind == ExprKind::Name && cx.events.empty() && e.span.end - e.span.begin <= 60) {
    event_test_ = sources_.Get(e.span.file).text().substr(e.span.begin, e.span.end - e.span.begin);
  }
  // `kind == open` with several event tables that have a `kind`: the one with `open`.
  const std::string variant = tree_.at(r).kind == ExprKind::Name ? std::string(tree_.at(r).name.text) : "";
  event_variant_ = variant;
  if (IsUnresolvedName(l, cx) && !IsUnresolvedName(r, cx)) {
    b = Expr(r, cx);
    a = Expr(l, cx, b);
    event_test_.clear();
    event_variant_.clear();
  } else {
    a = Expr(l, cx);
    event_test_.clear();
    event_variant_.clear();
    // ... and `sent` is read as a variant of `kind`'s enum, not a second undefined name.
    std::optional<Type> field = a.is_error() ? EventFieldOutside(l, cx, variant) : std::nullopt;
    b = Expr(r, cx, field ? *field : a);
  }
  Type boolean = Type::Of(TypeKind::Bool);
  if (a.is_error() || b.is_error()) return boolean;
  std::string what = fmt::format("`{}`", ast::CompareOpText(op));
  if (!ExpectValue(l, a, what) || !ExpectValue(r, b, what)) return boolean;
  if (a.kind == TypeKind::Stream || b.kind == TypeKind::Stream) {
    ReportStreamCompared(id, a.kind == TypeKind::Stream ? l : r);
    return boolean;
  }
  bool ordered = op != ast::CompareOp::Eq && op != ast::CompareOp::Ne;
  if (!Comparable(a, b, ordered)) {
    auto& d = diags_.Report(DiagKind::TypeMismatch, e.span,
                            fmt::format("cannot compare `{}` with `{}` using `{}`", Str(a), Str(b), ast::CompareOpText(op)));
    // `gender == "female"`: the variant is written without quotes.
    for (auto [x, y] : {std::pair{a, r}, std::pair{b, l}}) {
      const ast::Expr& text = tree_.at(y);
      if (x.kind != TypeKind::Enum || x.ref < 0 || text.kind != ExprKind::String) continue;
      if (p_.enums[x.ref].Find(text.sval) >= 0) {
        d.Help(fmt::format("a variant is written without quotes: `{}`", text.sval));
        d.Fix(text.span, text.sval);
      }
    }
  }
  return boolean;
}

Type Checker::Call(ExprId id, Context& cx) {
  const ast::Expr& e = tree_.at(id);
  const stdlib::BuiltinInfo* b = stdlib::FindBuiltin(e.name.text);
  if (!b) {
    for (ExprId a : e.kids) Expr(a, cx);
    std::vector<std::string_view> names;
    for (const auto& f : stdlib::AllBuiltins()) names.push_back(f.name);
    auto& d = diags_.Report(DiagKind::UnknownFunction, e.name.span, fmt::format("unknown function `{}`", e.name.text));
    // `add_hours(now, 1)` is `now + 1h`, not a misspelt `add_years`.
    if (auto help = DateArithmeticHelp(id)) {
      d.Help(*help);
    } else if (auto best = ClosestMatch(e.name.text, names)) {
      d.Help(fmt::format("did you mean `{}`?", *best));
      d.Fix(e.name.span, *best);
    } else if (e.name.text == "min" || e.name.text == "max") {
      d.Help("for two values use `least(a, b)` or `greatest(a, b)`");
    }
    return Type{};
  }
  bool population = b->category == stdlib::Category::Population;
  if (population && !cx.events.empty()) {
    diags_.Report(DiagKind::PopulationInEvent, e.span,
                  fmt::format("`{}` ranks customers, so it cannot be used inside an event filter", b->name));
    return Type{};
  }
  if (!e.among.empty() && !population) {
    diags_.Report(DiagKind::TypeMismatch, e.among.span, fmt::format("`among` applies to `rank` and `percentile`, not to `{}`", b->name));
  }
  std::vector<Type> args;
  for (ExprId a : e.kids) args.push_back(Expr(a, cx));
  if (args.size() != b->params.size()) {
    diags_.Report(DiagKind::ArgumentCount, e.span,
                  fmt::format("`{}` takes {} argument{}, but {} {} given", b->name, b->params.size(),
                              b->params.size() == 1 ? "" : "s", args.size(), args.size() == 1 ? "is" : "are"))
        .Help(fmt::format("the signature is `{}`", b->signature));
    return Type{};
  }
  Type same = args.empty() ? Type{} : args[0];
  bool ok = true;
  for (size_t i = 0; i < args.size(); ++i) {
    Type t = args[i];
    if (t.is_error()) {
      ok = false;
      continue;
    }
    if (!population && !ExpectValue(e.kids[i], t, fmt::format("`{}`", b->name))) {
      ok = false;
      continue;
    }
    bool match = false;
    for (stdlib::SigType s : b->params[i].alternatives) {
      switch (s) {
        case stdlib::SigType::Int: match |= t.kind == TypeKind::Int; break;
        case stdlib::SigType::Decimal: match |= t.kind == TypeKind::Decimal || t.kind == TypeKind::Int; break;
        case stdlib::SigType::Float: match |= t.is_numeric(); break;
        case stdlib::SigType::Number: match |= t.is_numeric(); break;
        case stdlib::SigType::Bool: match |= t.kind == TypeKind::Bool; break;
        case stdlib::SigType::String: match |= t.kind == TypeKind::String; break;
        case stdlib::SigType::Date: match |= t.kind == TypeKind::Date; break;
        case stdlib::SigType::Timestamp: match |= t.kind == TypeKind::Timestamp; break;
        case stdlib::SigType::Duration: match |= t.kind == TypeKind::Duration; break;
        case stdlib::SigType::Same: match |= t.is_numeric() && same.is_numeric(); break;
      }
    }
    if (!match) {
      diags_
          .Report(DiagKind::TypeMismatch, tree_.at(e.kids[i]).span,
                  fmt::format("argument {} of `{}` cannot be {} `{}`", i + 1, b->name, Article(Str(t)), Str(t)))
          .Help(fmt::format("the signature is `{}`", b->signature));
      ok = false;
    }
    // An int given for `decimal|float` is a decimal (docs/builtins.md): so is `T`.
    const TypeKind as = stdlib::ParamKind(b->params[i], t.kind);
    if (i == 0 && same.is_numeric()) same.kind = as;
    if (i > 0 && same.is_numeric() && t.is_numeric()) same.kind = WidenNumeric(same.kind, as);
  }
  if (!e.among.empty()) CheckAmong(e.among);
  if (!ok) return Type{};
  Type r;
  switch (b->result) {
    case stdlib::SigType::Int: r = Type::Of(TypeKind::Int); break;
    case stdlib::SigType::Decimal: r = Type::Of(TypeKind::Decimal); break;
    case stdlib::SigType::Float: r = Type::Of(TypeKind::Float); break;
    case stdlib::SigType::Bool: r = Type::Of(TypeKind::Bool); break;
    case stdlib::SigType::String: r = Type::Of(TypeKind::String); break;
    case stdlib::SigType::Date: r = Type::Of(TypeKind::Date); break;
    case stdlib::SigType::Timestamp: r = Type::Of(TypeKind::Timestamp); break;
    case stdlib::SigType::Duration: r = Type::Of(TypeKind::Duration); break;
    case stdlib::SigType::Same:
    case stdlib::SigType::Number: r = same.Required(); break;
  }
  r.optional = b->result_optional || (population && (args[0].optional || !e.among.empty()));
  return r;
}

Type Checker::Stream(ast::StreamId sid, Context& cx, bool allow_windows) {
  const ast::Stream& s = tree_.streams[sid];
  auto g = globals_.find(s.table.text);
  int t = -1;
  if (g != globals_.end() && g->second.kind == GlobalKind::Table) t = table_of_decl_[g->second.index];
  if (t < 0 || (table(t).kind != TableKind::Events && table(t).kind != TableKind::Reference)) {
    std::vector<std::string_view> names;
    for (const auto& ti : p_.tables) {
      if (ti.kind == TableKind::Events || ti.kind == TableKind::Reference) names.push_back(ti.name);
    }
    bool is_field = table(p_.customers).Find(s.table.text) >= 0;
    if (g != globals_.end() && g->second.kind == GlobalKind::Broken) {
      // reported where it is declared
    } else if (t >= 0 || g != globals_.end() || is_field) {
      std::string_view what = is_field                           ? "a customer field"
                              : t < 0                            ? "a definition"
                              : table(t).kind == TableKind::List ? "a list"
                                                                 : "the customers table";
      diags_
          .Report(DiagKind::NotAStream, s.table.span, fmt::format("`{}` is {}, not an event table", s.table.text, what))
          .Help("aggregates range over event tables (or reference tables): `count(orders within 30d)`");
    } else if (!tree_.incomplete && reported_undefined_.emplace(s.table.text).second) {
      auto& d = diags_.Report(DiagKind::UnknownTable, s.table.span, fmt::format("unknown table `{}`", s.table.text));
      // `max(amount)`: a field of an event table, written without its table.
      const auto owner = std::find_if(p_.tables.begin(), p_.tables.end(), [&](const auto& ti) {
        return (ti.kind == TableKind::Events || ti.kind == TableKind::Reference) && ti.Find(s.table.text) >= 0;
      });
      if (owner != p_.tables.end()) {
        d.Help(fmt::format("`{}` is a field of `{}`: name its table too, `{}.{}`", s.table.text, owner->name,
                           owner->name, s.table.text));
      } else if (auto best = ClosestMatch(s.table.text, names)) {
        d.Help(fmt::format("did you mean `{}`?", *best));
        d.Fix(s.table.span, *best);
      }
    }
    for (const auto& w : s.windows) {
      if (w.a != ast::kNoExpr) Expr(w.a, cx);
      if (w.b != ast::kNoExpr) Expr(w.b, cx);
    }
    return Type{};
  }
  p_.stream_tables[sid] = t;
  for (const auto& w : s.windows) {
    if (!allow_windows || table(t).kind != TableKind::Events) {
      diags_.Report(DiagKind::TypeMismatch, w.span,
                    allow_windows ? fmt::format("`{}` is a reference table, so it has no time to window", table(t).name)
                                  : std::string("a trigger fires on each matching event; windows do not apply here"));
    }
    std::string what = fmt::format("the `{}` window", ast::WindowKindText(w.kind));
    Type a = Expr(w.a, cx);
    if (w.kind == ast::WindowKind::Within) {
      if (Expect(w.a, a, TypeKind::Duration, what)) {
        CheckPeriod(w.a, what, "the window runs from `now` minus the period up to `now`, so it would hold no events");
      }
    } else {
      // A time bound may be absent: the window then selects no events (language.md 9).
      if (!a.is_error() && !a.is_time()) {
        diags_.Report(DiagKind::TypeMismatch, tree_.at(w.a).span,
                      fmt::format("{} needs a date or timestamp, found `{}`", what, Str(a)));
      }
      if (w.b != ast::kNoExpr) {
        Type b = Expr(w.b, cx);
        if (!b.is_error() && !b.is_time()) {
          diags_.Report(DiagKind::TypeMismatch, tree_.at(w.b).span,
                        fmt::format("{} needs a date or timestamp, found `{}`", what, Str(b)));
        } else if (!a.is_error() && a.is_time() && !b.is_error()) {
          CheckWindowOrder(w);
        }
      }
    }
  }
  cx.events.push_back({t, s.alias.text});
  Type elem = Type::RowOf(t);
  if (!s.field.empty()) {
    int f = table(t).Find(s.field.text);
    if (f < 0) {
      std::vector<std::string_view> names;
      for (const auto& fi : table(t).fields) names.push_back(fi.name);
      auto& d = diags_.Report(DiagKind::UnknownField, s.field.span, fmt::format("`{}` has no field `{}`", table(t).name, s.field.text));
      if (auto best = ClosestMatch(s.field.text, names)) d.Help(fmt::format("did you mean `{}`?", *best));
      elem = Type{};
    } else {
      elem = table(t).fields[f].type;
    }
  }
  if (s.value != ast::kNoExpr) elem = Expr(s.value, cx);
  if (s.where != ast::kNoExpr) ExpectBool(s.where, cx, "a `where` filter");
  cx.events.pop_back();
  return elem;
}

Type Checker::Aggregate(ExprId id, Context& cx) {
  const ast::Expr& e = tree_.at(id);
  auto op = static_cast<AggOp>(e.op);
  const ast::Stream& s = tree_.streams[e.stream];
  Type elem = Stream(e.stream, cx, true);
  int t = p_.stream_tables[e.stream];
  bool has_value = !s.field.empty() || s.value != ast::kNoExpr;
  std::string_view name = AggOpText(op);
  if (e.flag && op != AggOp::Count) {
    diags_.Report(DiagKind::TypeMismatch, e.span, fmt::format("`distinct` applies to `count`, not to `{}`", name));
  }
  if (t < 0 || (has_value && elem.is_error())) {
    return op == AggOp::Count ? Type::Of(TypeKind::Int) : Type{};
  }
  // Without a value the whole call is wrong; with one, the value is, so point at it
  // and name its type.
  auto need_value = [&](std::string_view kind) {
    if (!has_value) {
      diags_.Report(DiagKind::TypeMismatch, e.span,
                    fmt::format("`{}` needs {}, but `{}` gives whole events: `{}({}{}.FIELD)`", name, kind, s.table.text, name,
                                e.flag ? "distinct " : "", s.table.text));
      return Type{};
    }
    Span arg = s.value != ast::kNoExpr ? tree_.at(s.value).span : Span{s.table.span.file, s.table.span.begin, s.field.span.end};
    std::string_view text = sources_.Get(arg.file).text().substr(arg.begin, arg.end - arg.begin);
    std::string what = text.size() > 40 || text.find('\n') != std::string_view::npos ? std::string("the value")
                                                                                      : fmt::format("`{}`", text);
    std::string type = Str(elem);
    std::string_view article = type.find_first_of("aeiou") == 0 ? "an" : "a";
    diags_.Report(DiagKind::TypeMismatch, arg, fmt::format("`{}` needs {}, but {} is {} `{}`", name, kind, what, article, type));
    return Type{};
  };
  switch (op) {
    case AggOp::Count:
      if (e.flag && !has_value) return need_value("values to count as distinct");
      return Type::Of(TypeKind::Int);
    case AggOp::Sum:
      if (!has_value || !elem.is_numeric()) return need_value("a number");
      return elem.Required();
    case AggOp::Min:
    case AggOp::Max:
      if (!has_value || !Orderable(elem)) {
        return need_value("values that can be ordered (a number, date, timestamp, duration or string)");
      }
      return elem.Optional();
    case AggOp::Avg:
      if (!has_value || !elem.is_numeric()) return need_value("a number");
      return Type::Of(elem.kind == TypeKind::Float ? TypeKind::Float : TypeKind::Decimal, true);
    case AggOp::First:
    case AggOp::Last:
      if (table(t).kind != TableKind::Events) {
        diags_.Report(DiagKind::TypeMismatch, e.span, fmt::format("`{}` needs events in time order; `{}` is a reference table", name, table(t).name));
        return Type{};
      }
      return elem.Optional();
    case AggOp::Any:
    case AggOp::All:
    case AggOp::None:
      if (has_value) {
        diags_.Report(DiagKind::TypeMismatch, e.span,
                      fmt::format("`{}` tests events with `where`, not values: `{}({} where ...)`", name, name, s.table.text));
      }
      return Type::Of(TypeKind::Bool);
  }
  return Type{};
}

Type Checker::Population(ExprId id, Context& cx) {
  const ast::Expr& e = tree_.at(id);
  if (!cx.events.empty()) {
    diags_.Report(DiagKind::PopulationInEvent, e.span,
                  "`in top`/`in bottom` ranks customers, so it cannot be used inside an event filter");
    return Type::Of(TypeKind::Bool);
  }
  Type t = Expr(e.kids[0], cx);
  if (!t.is_error() && !(t.is_numeric() || t.is_time() || t.kind == TypeKind::Duration)) {
    diags_.Report(DiagKind::TypeMismatch, tree_.at(e.kids[0]).span,
                  fmt::format("customers are ranked by a number, date, time or duration, not a `{}`", Str(t)));
  }
  if (!e.among.empty()) CheckAmong(e.among);
  if (e.ival == 0) {
    diags_.Report(DiagKind::AlwaysFalse, e.span,
                  fmt::format("`{} 0{}` selects no customer, so this is always false", e.flag ? "bottom" : "top",
                              e.flag2 ? "%" : ""));
  }
  return Type::Of(TypeKind::Bool);
}

// `among S`: S names a segment. A field or a let that is not one gets told so (a
// group by a field is a segment to declare), anything else a suggestion.
void Checker::CheckAmong(const ast::Ident& among) {
  auto g = globals_.find(among.text);
  if (g != globals_.end() && g->second.kind == GlobalKind::Let && tree_.lets[g->second.index].segment) {
    p_.let_used[g->second.index] = true;
    return;
  }
  const bool let = g != globals_.end() && g->second.kind == GlobalKind::Let;
  if (let) p_.let_used[g->second.index] = true;  // named here: not also "unused"
  if (let || table(p_.customers).Find(among.text) >= 0) {
    diags_
        .Report(DiagKind::TypeMismatch, among.span,
                fmt::format("`among` takes a segment; `{}` is {}", among.text,
                            let ? "a let that is not a segment" : "a field of the customers"))
        .Help(
            let ? fmt::format("declare it with `segment {} = ...` if it is a condition", among.text)
                : fmt::format("to rank within a group, declare the group: `segment my_group = {} == ...`", among.text));
    return;
  }
  std::vector<std::string_view> segs;
  for (const auto& l : tree_.lets) {
    if (l.segment) segs.push_back(l.name.text);
  }
  ReportUndefined(among, segs, "segment");
}

Type Checker::ExprImpl(ExprId id, Context& cx, std::optional<Type> hint) {
  const ast::Expr& e = tree_.at(id);
  switch (e.kind) {
    case ExprKind::Error: return Type{};
    case ExprKind::Int: return Type::Of(TypeKind::Int);
    case ExprKind::Decimal: return Type::Of(TypeKind::Decimal);
    case ExprKind::Float: return Type::Of(TypeKind::Float);
    case ExprKind::String: return Type::Of(TypeKind::String);
    case ExprKind::Bool: return Type::Of(TypeKind::Bool);
    case ExprKind::Date: return Type::Of(TypeKind::Date);
    case ExprKind::Timestamp: return Type::Of(TypeKind::Timestamp);
    case ExprKind::Duration: return Type::Of(TypeKind::Duration);
    case ExprKind::Today: return Type::Of(TypeKind::Date);
    case ExprKind::Now: return Type::Of(TypeKind::Timestamp);
    case ExprKind::Absent:
      diags_.Report(DiagKind::TypeMismatch, e.span, "`absent` may only be written as a field of a test record");
      return Type{};
    case ExprKind::Name: return Name(id, cx, hint);
    case ExprKind::Member: return Member(id, cx);
    case ExprKind::TriggerRef:
      diags_.Report(DiagKind::ContextName, e.span, "`trigger` is not a value on its own")
          .Help("use `trigger.at` (when it fired) or `trigger.FIELD` (a field of the event that fired it)");
      return Type{};
    case ExprKind::EntryRef:
      if (!cx.entry) {
        diags_.Report(DiagKind::ContextName, e.span, "`entry` (when the customer entered the campaign) is only defined inside a campaign's steps, exit and metrics");
        return Type{};
      }
      return Type::Of(TypeKind::Timestamp);
    case ExprKind::CustomerRef: return Type::RowOf(p_.customers);
    case ExprKind::Neg: {
      Type t = Expr(e.kids[0], cx);
      if (t.is_error() || !ExpectValue(e.kids[0], t, "`-`")) return Type{};
      if (!t.is_numeric() && t.kind != TypeKind::Duration) {
        diags_.Report(DiagKind::TypeMismatch, e.span, fmt::format("cannot negate a `{}`", Str(t)));
        return Type{};
      }
      return t;
    }
    case ExprKind::Not: ExpectBool(e.kids[0], cx, "the operand of `not`"); return Type::Of(TypeKind::Bool);
    case ExprKind::Binary: return Binary(id, cx, hint);
    case ExprKind::Compare: return Compare(id, cx);
    case ExprKind::Coalesce: {
      Type a = Expr(e.kids[0], cx, hint);
      Type b = Expr(e.kids[1], cx, a.is_error() ? (hint ? hint : std::optional<Type>(Type{})) : a.Required());
      if (a.is_error() || b.is_error()) return Type{};
      auto u = Unify(a.Required(), b);
      if (!u) {
        diags_.Report(DiagKind::TypeMismatch, tree_.at(e.kids[1]).span,
                      fmt::format("the default after `??` must be {} `{}`, found `{}`", Article(Str(a.Required())),
                                  Str(a.Required()), Str(b)));
        return Type{};
      }
      u->optional = b.optional;
      return *u;
    }
    case ExprKind::Between: {
      Type a = Expr(e.kids[0], cx), lo = Expr(e.kids[1], cx, a), hi = Expr(e.kids[2], cx, a);
      if (a.is_error() || lo.is_error() || hi.is_error()) return Type::Of(TypeKind::Bool);
      if (!ExpectValue(e.kids[0], a, "`between`") || !ExpectValue(e.kids[1], lo, "`between`") ||
          !ExpectValue(e.kids[2], hi, "`between`")) {
        return Type::Of(TypeKind::Bool);
      }
      if (!Comparable(a, lo, true) || !Comparable(a, hi, true)) {
        diags_.Report(DiagKind::TypeMismatch, e.span,
                      fmt::format("`between` needs bounds of the same kind as `{}`, found `{}` and `{}`", Str(a), Str(lo), Str(hi)));
      } else {
        CheckBetweenOrder(id);
      }
      return Type::Of(TypeKind::Bool);
    }
    case ExprKind::Within: {
      Type a = Expr(e.kids[0], cx), d = Expr(e.kids[1], cx);
      if (!a.is_error() && ExpectValue(e.kids[0], a, "`within`") && !a.is_time()) {
        diags_.Report(DiagKind::TypeMismatch, tree_.at(e.kids[0]).span,
                      fmt::format("`within` needs a date or timestamp on its left, found `{}`", Str(a)))
            .Help("to restrict an aggregate's events to a window, write the window before `where`: `count(orders within 30d where ...)`");
      }
      if (Expect(e.kids[1], d, TypeKind::Duration, "the period after `within`")) {
        CheckPeriod(e.kids[1], "the period after `within`",
                    "`x within D` means `now - D <= x < now`, which no time satisfies when D is not positive");
      }
      return Type::Of(TypeKind::Bool);
    }
    case ExprKind::InSet: {
      Type a = Expr(e.kids[0], cx);
      const ast::Expr& set = tree_.at(e.kids[1]);
      if (set.kind == ExprKind::SetLit) {
        if (set.kids.empty()) {
          diags_.Report(e.flag ? DiagKind::AlwaysTrue : DiagKind::AlwaysFalse, e.span,
                        fmt::format("no value is in an empty set, so this is always {}", e.flag ? "true" : "false"));
        }
        for (ExprId el : set.kids) {
          Type t = Expr(el, cx, a);
          if (!a.is_error() && !t.is_error() && !Comparable(a, t, false)) {
            diags_.Report(DiagKind::TypeMismatch, tree_.at(el).span,
                          fmt::format("a `{}` cannot be in a set compared with `{}`", Str(t), Str(a)));
          }
        }
        SetType(e.kids[1], Type{TypeKind::Set, false, a.kind, a.ref});
      } else {
        Type s = Expr(e.kids[1], cx);
        if (!s.is_error() && s.kind != TypeKind::Set) {
          diags_.Report(DiagKind::TypeMismatch, set.span, fmt::format("`in` needs a set `{{a, b}}`, found `{}`", Str(s)));
        }
      }
      if (!a.is_error()) ExpectValue(e.kids[0], a, "`in`");
      return Type::Of(TypeKind::Bool);
    }
    case ExprKind::IsPresent: {
      Type t = Expr(e.kids[0], cx);
      if (!t.is_error() && !t.optional) {
        // Optional where it is declared, but a test before this one found it present.
        const auto key = NarrowKey(e.kids[0]);
        const bool narrowed = key && cx.present.count(*key) > 0;
        diags_.Report(e.flag ? DiagKind::AlwaysFalse : DiagKind::AlwaysTrue, e.span,
                      narrowed ? fmt::format("a test before this one found it present (its type is `{}?` "
                                             "elsewhere), so this test is always {}",
                                             Str(t), e.flag ? "false" : "true")
                               : fmt::format("this is never absent (its type is `{}`), so the test is always {}",
                                             Str(t), e.flag ? "false" : "true"));
      }
      return Type::Of(TypeKind::Bool);
    }
    case ExprKind::If: {
      ExpectBool(e.kids[0], cx, "the condition of `if`");
      auto saved = cx.present;
      Facts(e.kids[0], true, cx.present);
      Type a = Expr(e.kids[1], cx, hint);
      cx.present = saved;
      Facts(e.kids[0], false, cx.present);
      Type b = Expr(e.kids[2], cx, a.is_error() ? hint : std::optional<Type>(a));
      cx.present = std::move(saved);
      if (a.is_error() || b.is_error()) return Type{};
      auto u = Unify(a, b);
      if (!u) {
        diags_.Report(DiagKind::TypeMismatch, e.span,
                      fmt::format("the branches of `if` have different types: `{}` and `{}`", Str(a), Str(b)));
        return Type{};
      }
      return *u;
    }
    case ExprKind::SetLit: {
      Type elem{};
      for (ExprId el : e.kids) {
        Type t = Expr(el, cx, elem.is_error() ? hint : std::optional<Type>(elem));
        if (elem.is_error()) elem = t;
      }
      return Type{TypeKind::Set, false, elem.kind, elem.ref};
    }
    case ExprKind::Call: return Call(id, cx);
    case ExprKind::Aggregate: return Aggregate(id, cx);
    case ExprKind::TopBottom: return Population(id, cx);
    case ExprKind::Score: {
      TypeKind k = TypeKind::Int;
      for (size_t i = 0; i + 1 < e.kids.size(); i += 2) {
        Type w = Expr(e.kids[i], cx);
        if (!w.is_error() && (!w.is_numeric() || w.optional)) {
          diags_.Report(DiagKind::TypeMismatch, tree_.at(e.kids[i]).span, fmt::format("a score weight must be a number, found `{}`", Str(w)));
        } else if (!w.is_error()) {
          k = WidenNumeric(k, w.kind);
        }
        ExpectBool(e.kids[i + 1], cx, "a score condition");
      }
      return Type::Of(k);
    }
    case ExprKind::Index: {
      Type base = Expr(e.kids[0], cx);
      if (base.is_error()) {
        Expr(e.kids[1], cx);
        return Type{};
      }
      if (base.kind != TypeKind::RefTable) {
        Expr(e.kids[1], cx);
        diags_.Report(DiagKind::TypeMismatch, tree_.at(e.kids[0]).span,
                      fmt::format("`[...]` looks up a row of a reference table, but this is a `{}`", Str(base)));
        return Type{};
      }
      const auto& info = table(base.ref);
      Type key_type = info.key >= 0 ? info.fields[info.key].type : Type{};
      Type k = Expr(e.kids[1], cx, key_type);
      if (!k.is_error() && ExpectValue(e.kids[1], k, "a table lookup") && !key_type.is_error() &&
          !Comparable(key_type, k, false)) {
        diags_.Report(DiagKind::TypeMismatch, tree_.at(e.kids[1]).span,
                      fmt::format("`{}` is keyed by `{}`, not by `{}`", info.name, Str(key_type), Str(k)));
      }
      return Type::RowOf(base.ref, true);
    }
  }
  return Type{};
}

Type Checker::CheckLet(int index) {
  if (let_state_[index] == 2) return p_.let_types[index];
  if (let_state_[index] == 1) return Type{};  // a cycle the ordering missed: already reported
  let_state_[index] = 1;
  const ast::LetDecl& l = tree_.lets[index];
  Context cx;
  Type declared{};
  if (l.type) declared = ResolveType(*l.type, l.name.text);
  Type t = l.segment ? Type::Of(TypeKind::Bool) : Expr(l.value, cx, l.type ? std::optional<Type>(declared) : std::nullopt);
  if (l.segment) {
    ExpectBool(l.value, cx, fmt::format("segment `{}`", l.name.text));
  } else if (l.type && !t.is_error() && !declared.is_error()) {
    bool ok = (t.Required() == declared.Required() || (t.is_numeric() && declared.is_numeric() &&
                                                       WidenNumeric(t.kind, declared.kind) == declared.kind)) &&
              (!t.optional || declared.optional);
    if (!ok) {
      diags_.Report(DiagKind::TypeMismatch, tree_.at(l.value).span,
                    fmt::format("`{}` is declared as `{}` but its value is a `{}`", l.name.text, Str(declared), Str(t)));
    }
    t = declared;
  }
  if (!l.segment && t.kind == TypeKind::Row) {
    diags_.Report(DiagKind::TypeMismatch, tree_.at(l.value).span,
                  fmt::format("`{}` would be a whole row; a let holds one value", l.name.text))
        .Help("pick a field: `last(orders).amount`");
    t = Type{};
  }
  if (!l.segment && (t.kind == TypeKind::Stream || t.kind == TypeKind::RefTable)) {
    diags_.Report(DiagKind::StreamAsValue, tree_.at(l.value).span,
                  fmt::format("`{}` would be a whole table; a let holds one value per customer", l.name.text))
        .Help("aggregate it: `count(...)`, `sum(....FIELD)`, `last(...)`");
    t = Type{};
  }
  p_.let_types[index] = t;
  let_state_[index] = 2;
  return t;
}

}  // namespace sam::check
