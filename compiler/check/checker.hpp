// Internal to compiler/check/: the state shared by the checker's parts (schema.cpp,
// names.cpp, expr.cpp, decls.cpp, tests.cpp). Check() in check.hpp is the entry point.
#pragma once

#include <fmt/format.h>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "compiler/ast/ast.hpp"
#include "compiler/check/sema.hpp"

namespace sam::check {

inline std::string TypeName(const sema::Program& p, Type t) { return sam::TypeName(p.tables, p.enums, t); }

// What a name in the global namespace is.
enum class GlobalKind : uint8_t { Table, Enum, Let, Trigger, Campaign, Broken };
struct Global {
  GlobalKind kind;
  int index;
  Span span;
};

// An event in scope: inside an aggregate's filter or value, or a trigger's source.
struct EventScope {
  int table;
  std::string_view alias;  // `as alias`; empty if none
};

// Where an expression is being checked.
struct Context {
  std::vector<EventScope> events;
  int trigger = -1;                           // trigger index: `trigger` is available
  bool entry = false;                         // in a campaign: `entry` is available
  bool record = false;                        // a test record: only literals and enum variants
  std::set<std::pair<int, int64_t>> present;  // narrowed names: (ref kind, id)
};

class Checker {
 public:
  Checker(const ast::Tree& tree, const SourceManager& sources, const std::vector<FileId>& roots, Diagnostics& diags)
      : tree_(tree), sources_(sources), roots_(roots), diags_(diags) {}

  sema::Program Run();

 private:
  const ast::Tree& tree_;
  const SourceManager& sources_;
  const std::vector<FileId>& roots_;
  Diagnostics& diags_;
  sema::Program p_;
  std::map<std::string, Global, std::less<>> globals_;
  // Lets and tables by the length of their name, for suggestions (GlobalsNear); built
  // when globals_ has `globals_indexed_` entries.
  std::vector<std::vector<std::string_view>> globals_by_length_;
  size_t globals_indexed_ = SIZE_MAX;
  std::vector<int> table_of_decl_;  // ast table index -> sema table index
  std::vector<uint8_t> let_state_;  // 0 unchecked, 1 checking, 2 done
  std::set<std::string, std::less<>> reported_undefined_;
  std::set<std::string, std::less<>> consents_;
  std::set<std::string, std::less<>> used_consents_;
  std::vector<bool> trigger_used_;
  std::vector<bool> enum_used_;

  // schema.cpp
  void CollectSchema();
  Type ResolveType(const ast::TypeRef& t, std::string_view owner);
  bool ColumnNameOk(const ast::Field& f);
  void CheckTimezone();
  void UseTimezone(const ast::TimeZoneDecl& z);  // the first declaration: a zone of the database
  bool KnownZone(const std::string& name, Span span);  // else reported, with "did you mean"
  // names.cpp
  void CollectGlobals();
  void Declare(std::string_view name, Global g);
  void CheckShadowedFields();
  void CheckShadowedVariants();
  std::string_view GlobalWord(const Global& g) const;
  void OrderLets();
  void CollectLetDeps(ast::ExprId id, std::vector<int>& deps, std::vector<int>& scope_tables, int expected);
  int NamedEnum(ast::ExprId id, const std::vector<int>& scope_tables) const;
  int LetEnum(const ast::LetDecl& let) const;
  int QualifiedEnum(ast::ExprId id) const;
  bool IsVariantOf(ast::ExprId id, int enum_ref) const;
  bool IsAnyVariant(std::string_view name) const;
  // expr.cpp
  Type Expr(ast::ExprId id, Context& cx, std::optional<Type> hint = std::nullopt);
  Type ExprImpl(ast::ExprId id, Context& cx, std::optional<Type> hint);
  Type Name(ast::ExprId id, Context& cx, std::optional<Type> hint);
  Type Member(ast::ExprId id, Context& cx);
  Type Binary(ast::ExprId id, Context& cx, std::optional<Type> hint);
  Type Compare(ast::ExprId id, Context& cx);
  Type Call(ast::ExprId id, Context& cx);
  Type Aggregate(ast::ExprId id, Context& cx);
  Type Population(ast::ExprId id, Context& cx);
  Type Stream(ast::StreamId sid, Context& cx, bool allow_windows);
  bool IsUnresolvedName(ast::ExprId id, Context& cx);
  void Facts(ast::ExprId id, bool when_true, std::set<std::pair<int, int64_t>>& out);
  std::optional<std::pair<int, int64_t>> NarrowKey(ast::ExprId id);
  // The type an expression must have; reports a mismatch and returns false.
  bool Expect(ast::ExprId id, Type actual, TypeKind want, std::string_view what);
  bool ExpectBool(ast::ExprId id, Context& cx, std::string_view what);
  bool ExpectValue(ast::ExprId id, Type actual, std::string_view what);
  bool NamePath(ast::ExprId id) const;
  // A period written as a constant duration of 0 or less (`0d`, `-7d`) is empty.
  void CheckPeriod(ast::ExprId id, std::string_view what, std::string_view help);
  bool IsZeroLiteral(Span s) const;
  // Time written as other languages do (time_hints.cpp): `add_days(today, 3)` is
  // `today + 3d`; the help for an unknown function of that kind.
  std::optional<std::string> DateArithmeticHelp(ast::ExprId call) const;
  // Bounds written in the wrong order (time_hints.cpp): a `between A and B` window whose
  // start is not before its end holds no events (`empty-limit`); `x between a and b`
  // with `a` after `b` is never true (`always-false`).
  void CheckWindowOrder(const ast::Window& w);
  void CheckBetweenOrder(ast::ExprId id);
  std::optional<int> StaticOrder(ast::ExprId a, ast::ExprId b) const;
  void ReportStreamCompared(ast::ExprId compare, ast::ExprId stream);
  bool ReportStreamValue(ast::ExprId id, Type t);
  void CheckAmong(const ast::Ident& among);
  void ReportUndefined(const ast::Ident& name, const std::vector<std::string_view>& candidates,
                       std::string_view what = "name");
  // A field of an event table where no event is in scope (`kind == sent` in a segment):
  // its type, and whether it was reported.
  const TableInfo* EventTableWith(std::string_view name, std::string_view variant) const;
  std::optional<Type> EventFieldOutside(ast::ExprId id, const Context& cx, std::string_view variant);
  bool ReportEventFieldOutside(const ast::Ident& name, const Context& cx);
  bool ReportTableCounted(const ast::Ident& target, const std::vector<std::string_view>& segments);
  std::string event_test_;     // the comparison being checked, for that report's help
  std::string event_variant_;  // and the name it compares with (a variant, perhaps)
  std::vector<std::string_view> NamesInScope(const Context& cx, std::optional<Type> hint);
  std::vector<std::string_view> Candidates(const Context& cx, std::optional<Type> hint, std::string_view name);
  void GlobalsNear(std::string_view name, std::vector<std::string_view>& out);
  Type CheckLet(int index);
  // decls.cpp
  void CheckTriggers();
  void CheckCampaigns();
  void CheckPolicy();
  void CheckChannel(const ast::Ident& channel);
  void CheckZoneNames(ast::ExprId e);
  void CheckQuietCoverage(const std::vector<ast::Quiet>& quiet);
  static bool IsChannel(std::string_view name);
  static std::vector<std::string_view> ChannelNames();
  // contact_history.cpp: `contacts TABLE ... channel V [campaign V] [kind V]`.
  void CheckHistory(const ast::ContactHistory& h);
  void CheckHistoryValue(const ast::HistoryValue& v, int table, std::string_view part);
  // fixed_values.cpp: a period or delay the engine computes once per run may not read
  // the customer's data or the run date (nor the trigger, unless `event`).
  void RequireFixed(ast::ExprId id, std::string_view what, bool event);
  std::pair<ast::ExprId, const char*> FirstVarying(ast::ExprId id, bool event) const;
  bool LetFixed(int let) const;
  enum : int8_t { kUnknown, kFixed, kVarying };
  mutable std::vector<int8_t> let_fixed_;  // per let, filled by LetFixed
  // Reports a delay written as a negative constant (`-1d`); returns whether it did.
  bool NegativeDelay(ast::ExprId id, std::string_view what, std::string_view help);
  void CheckLints();
  // tests.cpp
  void CheckTests();
  void CheckQueries();
  void CheckRecord(const ast::Record& r, int table, std::vector<std::string>* keys);

  bool InRoot(Span s) const;
  Type SetType(ast::ExprId id, Type t) {
    p_.expr_types[id] = t;
    return t;
  }
  const TableInfo& table(int i) const { return p_.tables[i]; }
  std::string Str(Type t) const { return TypeName(p_, t); }
};

}  // namespace sam::check
