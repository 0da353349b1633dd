// The program's one namespace, duplicate definitions, and the order of lets
// (with cycles reported along their path).
#include "compiler/check/checker.hpp"

namespace sam::check {
namespace {

std::string_view KindWord(GlobalKind k) {
  switch (k) {
    case GlobalKind::Table: return "table";
    case GlobalKind::Enum: return "enum";
    case GlobalKind::Let: return "definition";
    case GlobalKind::Trigger: return "trigger";
    case GlobalKind::Campaign: return "campaign";
    case GlobalKind::Broken: return "definition";
  }
  return "definition";
}

}  // namespace

std::string_view Checker::GlobalWord(const Global& g) const {
  if (g.kind == GlobalKind::Let) return tree_.lets[g.index].segment ? "segment" : "let";
  return KindWord(g.kind);
}

void Checker::Declare(std::string_view name, Global g) {
  auto [it, inserted] = globals_.emplace(std::string(name), g);
  if (inserted) return;
  if (it->second.kind == GlobalKind::Broken) {
    it->second = g;
    return;
  }
  diags_
      .Report(
          DiagKind::DuplicateDefinition, g.span,
          fmt::format("`{}` is already defined as {} {}", name,
                      std::string_view("aeiou").find(GlobalWord(it->second)[0]) != std::string_view::npos ? "an" : "a",
                      GlobalWord(it->second)))
      .Note(it->second.span, "first defined here");
}

void Checker::CollectGlobals() {
  // Names of declarations that did not parse resolve to nothing, silently.
  for (const auto& b : tree_.broken) {
    if (!b.name.empty()) globals_.emplace(std::string(b.name.text), Global{GlobalKind::Broken, -1, b.name.span});
  }
  for (size_t i = 0; i < tree_.tables.size(); ++i) {
    const auto& t = tree_.tables[i];
    Declare(t.name.text, {GlobalKind::Table, static_cast<int>(i), t.name.span});
  }
  for (size_t i = 0; i < tree_.enums.size(); ++i) {
    Declare(tree_.enums[i].name.text, {GlobalKind::Enum, static_cast<int>(i), tree_.enums[i].name.span});
  }
  for (size_t i = 0; i < tree_.lets.size(); ++i) {
    Declare(tree_.lets[i].name.text, {GlobalKind::Let, static_cast<int>(i), tree_.lets[i].name.span});
  }
  for (size_t i = 0; i < tree_.triggers.size(); ++i) {
    Declare(tree_.triggers[i].name.text, {GlobalKind::Trigger, static_cast<int>(i), tree_.triggers[i].name.span});
  }
  for (size_t i = 0; i < tree_.campaigns.size(); ++i) {
    Declare(tree_.campaigns[i].name.text, {GlobalKind::Campaign, static_cast<int>(i), tree_.campaigns[i].name.span});
  }
  // Campaign keys seed holdouts: two campaigns with one key would share a control group.
  for (size_t i = 0; i < tree_.campaigns.size(); ++i) {
    const auto& c = tree_.campaigns[i];
    if (c.key.empty()) continue;
    for (size_t j = 0; j < i; ++j) {
      if (tree_.campaigns[j].key == c.key) {
        diags_
            .Report(DiagKind::DuplicateDefinition, c.key_span,
                    fmt::format("campaign key \"{}\" is already the key of `{}`", c.key, tree_.campaigns[j].name.text))
            .Note(tree_.campaigns[j].key_span, "first used here");
        break;
      }
    }
  }
}

// A let or segment named like a customer field could never be read: a bare name finds
// the customer's field first (language.md 8), so every use would silently read the
// field instead. Reported as a duplicate, pointing at the field.
void Checker::CheckShadowedFields() {
  const TableInfo& customers = table(p_.customers);
  if (customers.decl < 0) return;  // no customers table: reported already
  for (size_t i = 0; i < tree_.lets.size(); ++i) {
    const ast::LetDecl& l = tree_.lets[i];
    int f = customers.Find(l.name.text);
    if (f < 0) continue;
    std::string_view word = l.segment ? "segment" : "let";
    diags_
        .Report(DiagKind::DuplicateDefinition, l.name.span,
                fmt::format("`{}` is already a field of `{}`, so this {} could never be used", l.name.text,
                            customers.name, word))
        .Help(fmt::format("a name in an expression finds the customer's field first; give the {} another name", word))
        .Note(customers.fields[f].span, "the field is declared here");
    p_.let_used[i] = true;  // not also `unused`: the name is the problem
  }
}

// A let whose value is of an enum with a variant of the let's own name is ambiguous:
// `tier == gold` reads the variant (the other side is a `tier`), `gold == tier` the
// let. Runs after the lets are typed.
void Checker::CheckShadowedVariants() {
  for (size_t i = 0; i < tree_.lets.size(); ++i) {
    Type t = p_.let_types[i];
    const ast::LetDecl& l = tree_.lets[i];
    if (t.kind != TypeKind::Enum || t.ref < 0 || p_.enums[t.ref].Find(l.name.text) < 0) continue;
    const std::string& en = p_.enums[t.ref].name;
    diags_
        .Report(DiagKind::DuplicateDefinition, l.name.span,
                fmt::format("`{}` is also a variant of `{}`, the type of this let, so comparing a `{}` with `{}` would "
                            "read the variant, not the let",
                            l.name.text, en, en, l.name.text))
        .Help("give the let another name");
    p_.let_used[i] = true;  // not also `unused`
  }
}

// Lets a let's expression names, skipping names that an enclosing event's fields
// shadow. Over-approximates only where an event field and a let share a name.
// `expected`: the enum the checker will type this expression by (§8: a variant is
// found first there), or -1.
void Checker::CollectLetDeps(ast::ExprId id, std::vector<int>& deps, std::vector<int>& scope_tables, int expected) {
  if (id == ast::kNoExpr) return;
  const ast::Expr& e = tree_.at(id);
  auto let_named = [&](std::string_view name) {
    auto g = globals_.find(name);
    if (g != globals_.end() && g->second.kind == GlobalKind::Let) deps.push_back(g->second.index);
  };
  if (e.kind == ast::ExprKind::Name) {
    if (IsVariantOf(id, expected)) return;  // the variant, not a let of that name
    for (int t : scope_tables) {
      if (t >= 0 && table(t).Find(e.name.text) >= 0) return;
    }
    let_named(e.name.text);
    return;
  }
  if (!e.among.empty()) let_named(e.among.text);
  // The branches of `if` and the members of a set are typed by what is expected of
  // the whole (a declared type: `let stage: lifecycle = if ... then prospect ...`); the
  // `else` also by its `then` (`if ... then lifecycle.churned else prospect`).
  if (e.kind == ast::ExprKind::If) {
    CollectLetDeps(e.kids[0], deps, scope_tables, -1);
    CollectLetDeps(e.kids[1], deps, scope_tables, expected);
    CollectLetDeps(e.kids[2], deps, scope_tables, expected >= 0 ? expected : QualifiedEnum(e.kids[1]));
    return;
  }
  if (e.kind == ast::ExprKind::SetLit) {
    for (ast::ExprId k : e.kids) CollectLetDeps(k, deps, scope_tables, expected);
    return;
  }
  // The right side of a comparison, `in` or `??` is typed by a left side that is a field
  // (or a declared let) of an enum: `segment gold = tier == gold` reads no `gold` but
  // the variant. Only with the field first, which is how the checker finds it; `gold ==
  // tier` still names the let.
  const bool pair = e.kids.size() == 2 && (e.kind == ast::ExprKind::Compare || e.kind == ast::ExprKind::Coalesce ||
                                           e.kind == ast::ExprKind::InSet);
  if (const int en = pair ? NamedEnum(e.kids[0], scope_tables) : -1; en >= 0) {
    CollectLetDeps(e.kids[0], deps, scope_tables, -1);
    CollectLetDeps(e.kids[1], deps, scope_tables, en);
    return;
  }
  if (e.kind == ast::ExprKind::Aggregate) {
    const ast::Stream& s = tree_.streams[e.stream];
    for (const auto& w : s.windows) {
      CollectLetDeps(w.a, deps, scope_tables, -1);
      CollectLetDeps(w.b, deps, scope_tables, -1);
    }
    auto g = globals_.find(s.table.text);
    int t = g != globals_.end() && g->second.kind == GlobalKind::Table ? table_of_decl_[g->second.index] : -1;
    scope_tables.push_back(t);
    CollectLetDeps(s.where, deps, scope_tables, -1);
    CollectLetDeps(s.value, deps, scope_tables, -1);
    scope_tables.pop_back();
    return;
  }
  for (ast::ExprId k : e.kids) CollectLetDeps(k, deps, scope_tables, -1);
}

// The enum of the field a bare name reads, as lookup will find it (§8): the innermost
// enclosing event's field, else the customer's; else a let of a named enum (LetEnum).
// -1: neither.
int Checker::NamedEnum(ast::ExprId id, const std::vector<int>& scope_tables) const {
  const ast::Expr& e = tree_.at(id);
  if (e.kind != ast::ExprKind::Name) return -1;
  auto enum_of = [&](int t) {
    const int f = t >= 0 ? table(t).Find(e.name.text) : -1;
    if (f < 0) return -2;  // not a field of this table
    const Type type = table(t).fields[f].type;
    return type.kind == TypeKind::Enum ? type.ref : -1;
  };
  for (auto t = scope_tables.rbegin(); t != scope_tables.rend(); ++t) {
    if (const int en = enum_of(*t); en != -2) return en;
  }
  const int en = p_.customers >= 0 ? enum_of(p_.customers) : -2;
  if (en != -2) return en < 0 ? -1 : en;
  auto g = globals_.find(e.name.text);
  return g != globals_.end() && g->second.kind == GlobalKind::Let ? LetEnum(tree_.lets[g->second.index]) : -1;
}

// The named enum of a let's value as seen before lets are checked: its declared type
// (`let stage: lifecycle = ...`), else a first branch naming a variant with its enum
// (`if ... then lifecycle.churned else ...`); -1 otherwise (an inline `enum { ... }`
// is made when the let is checked).
int Checker::LetEnum(const ast::LetDecl& let) const {
  if (let.type) {
    if (let.type->is_enum) return -1;
    auto g = globals_.find(let.type->name.text);
    return g != globals_.end() && g->second.kind == GlobalKind::Enum ? g->second.index : -1;
  }
  return QualifiedEnum(let.value);
}

// The enum `lifecycle.churned` names, also as the first branch of an `if`; -1: none.
int Checker::QualifiedEnum(ast::ExprId id) const {
  if (id == ast::kNoExpr) return -1;
  const ast::Expr& e = tree_.at(id);
  if (e.kind == ast::ExprKind::If) return QualifiedEnum(e.kids[1]);
  if (e.kind != ast::ExprKind::Member || tree_.at(e.kids[0]).kind != ast::ExprKind::Name) return -1;
  auto g = globals_.find(tree_.at(e.kids[0]).name.text);
  return g != globals_.end() && g->second.kind == GlobalKind::Enum ? g->second.index : -1;
}

bool Checker::IsVariantOf(ast::ExprId id, int enum_ref) const {
  const ast::Expr& e = tree_.at(id);
  return e.kind == ast::ExprKind::Name && enum_ref >= 0 && p_.enums[enum_ref].Find(e.name.text) >= 0;
}

void Checker::OrderLets() {
  const size_t n = tree_.lets.size();
  std::vector<std::vector<int>> deps(n);
  for (size_t i = 0; i < n; ++i) {
    std::vector<int> scope;
    CollectLetDeps(tree_.lets[i].value, deps[i], scope, LetEnum(tree_.lets[i]));
  }
  // Iterative depth-first search: programs may chain thousands of lets.
  std::vector<uint8_t> state(n, 0);  // 0 new, 1 on the stack, 2 done
  std::vector<bool> in_cycle(n, false);
  for (size_t root = 0; root < n; ++root) {
    if (state[root]) continue;
    std::vector<std::pair<int, size_t>> stack{{static_cast<int>(root), 0}};
    state[root] = 1;
    while (!stack.empty()) {
      auto& [v, next] = stack.back();
      if (next < deps[v].size()) {
        int w = deps[v][next++];
        if (state[w] == 0) {
          state[w] = 1;
          stack.emplace_back(w, 0);
        } else if (state[w] == 1 && !in_cycle[w]) {
          // A cycle: the stack from w up to v, then back to w.
          std::string path;
          size_t from = 0;
          while (stack[from].first != w) ++from;
          for (size_t k = from; k < stack.size(); ++k) {
            path += fmt::format("`{}` -> ", tree_.lets[stack[k].first].name.text);
            in_cycle[stack[k].first] = true;
          }
          path += fmt::format("`{}`", tree_.lets[w].name.text);
          const auto& first = tree_.lets[w];
          auto& d = diags_.Report(DiagKind::DefinitionCycle, first.name.span,
                                  fmt::format("`{}` is defined in terms of itself: {}", first.name.text, path));
          for (size_t k = from + 1; k < stack.size(); ++k) {
            d.Note(tree_.lets[stack[k].first].name.span,
                   fmt::format("`{}` is defined here", tree_.lets[stack[k].first].name.text));
          }
        }
      } else {
        state[v] = 2;
        p_.let_order.push_back(v);
        stack.pop_back();
      }
    }
  }
  p_.let_types.assign(n, Type{});
  let_state_.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (in_cycle[i]) let_state_[i] = 2;  // stays Error: accepted everywhere, no cascade
  }
}

}  // namespace sam::check
