// Random well-typed expressions over a RandomSchema, for the differential test. The
// generator knows the language's typing rules (docs/language.md, 3 and 7): optional
// values are made plain with `??` or narrowed by `is present`, divisions by a
// computed value are optional, windows' bounds see the enclosing scope, rankings stay
// at customer level. It draws what the JIT compiles most of the time (fields,
// constants, arithmetic, comparisons, logic, aggregates at depth 0) and the rest
// (built-ins, divisions, rankings, nested aggregates, lookups) less often, so that
// both the compiled code and the fallback are compared.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "tests/differential/random_schema.hpp"
#include "tests/differential/rng.hpp"

namespace sam::differential {

struct Type {
  Kind kind = Kind::Int;
  int enum_id = -1;
  bool operator==(const Type&) const = default;
};

struct Expr {
  std::string text;
  Type type;
  bool optional = false;
};

// A let or segment drawn before: later ones may use it.
struct Def {
  std::string name;
  Type type;
  bool optional = false;
  bool segment = false;
  bool population = false;  // uses a ranking: not usable inside an event's scope
  bool friendly = false;    // drawn in the JIT's subset (ExprMaker::Friendly)
};

// Where an expression stands: at customer level, or per event of `table` (inside an
// aggregate), with the enclosing events that have an alias.
struct Scope {
  int table = -1;
  std::string alias;
  struct Outer {
    int table;
    std::string alias;
  };
  std::vector<Outer> outer;
  std::set<std::string> narrowed;  // optional names known present here
  bool event() const { return table >= 0; }
};

class ExprMaker {
 public:
  ExprMaker(Rng& r, const RandomSchema& s, int64_t today, const std::vector<Def>& defs)
      : r_(r), s_(s), today_(today), defs_(defs) {}

  // A definition's expression at customer level: not a lone name or constant.
  Expr Root(Type t, bool optional, int depth);
  // A plain value of type `t`, at most `depth` operators deep.
  Expr Plain(Type t, const Scope& sc, int depth);
  // A value of type `t` that may be optional.
  Expr Maybe(Type t, const Scope& sc, int depth);
  // A definition's root built around one construct the JIT does not compile.
  Expr Feature(int depth);
  // An enum that some customer field has (int when none has one).
  Type EnumType();
  // Draw only what the JIT compiles (backends/jit/supported.cpp), or anything.
  void Friendly(bool on) { friendly_ = on; }
  // Whether a ranking was drawn since the last call.
  bool TakePopulation() {
    bool p = population_;
    population_ = false;
    return p;
  }

 private:
  Expr Leaf(Type t, const Scope& sc, bool want_optional);
  Expr Const(Type t);
  Expr Defaulted(Expr e, const Scope& sc);
  Expr IntExpr(const Scope& sc, int d);
  Expr DecimalExpr(const Scope& sc, int d);
  Expr FloatExpr(const Scope& sc, int d);
  Expr BoolExpr(const Scope& sc, int d);
  Expr StringExpr(const Scope& sc, int d);
  Expr DateExpr(const Scope& sc, int d);
  Expr TimestampExpr(const Scope& sc, int d);
  Expr DurationExpr(const Scope& sc, int d);
  Expr Compare(const Scope& sc, int d);
  Expr Narrowed(const Scope& sc, int d);
  Expr If(Type t, const Scope& sc, int d);
  std::string Divisor(Type t, const Scope& sc, int d);
  Expr Ranking(Type t, const Scope& sc, int d, bool optional);
  // An aggregate whose result has type `t` (optional results only when `optional`).
  Expr Aggregate(Type t, bool optional, const Scope& sc, int d);
  std::string Stream(int table, const Scope& sc, const Scope& inner, int d, const std::string* field = nullptr);
  std::string Window(const Scope& sc, int d, Kind time);
  Expr FriendlyTime(Type t, const Scope& sc, int d);
  Type Number();
  Type AnyType();

  Rng& r_;
  const RandomSchema& s_;
  int64_t today_;
  const std::vector<Def>& defs_;
  int aliases_ = 0;
  bool population_ = false;
  bool friendly_ = false;
  bool root_ = false;  // the next Plain or Maybe draws a definition's root
};

std::string KindName(Kind k);

}  // namespace sam::differential
