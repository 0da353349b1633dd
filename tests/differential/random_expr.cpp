#include "tests/differential/random_expr.hpp"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>

namespace sam::differential {
namespace {

bool Numeric(Kind k) { return k == Kind::Int || k == Kind::Decimal || k == Kind::Float; }
bool Ordered(Kind k) { return k != Kind::Bool && k != Kind::Enum; }
bool Matches(const Field& f, Type t) { return f.kind == t.kind && (t.kind != Kind::Enum || f.enum_id == t.enum_id); }
Kind TimeKind(const EventTable& e) { return e.date_time ? Kind::Date : Kind::Timestamp; }

const std::vector<std::string> kStringConsts = {"NL", "BE",  "nl", "Amsterdam", "a b", "XX",
                                                "",   "Ünï", "zz", "s1",        "S",   " "};

}  // namespace

std::string KindName(Kind k) {
  static const char* names[] = {"int", "decimal", "float", "bool", "string", "date", "timestamp", "duration", "enum"};
  return names[static_cast<int>(k)];
}

Type ExprMaker::Number() {
  const int w = r_.Below(100);
  return {w < 55 ? Kind::Int : w < 80 ? Kind::Decimal : Kind::Float};
}

Type ExprMaker::AnyType() {
  static const Kind kinds[] = {Kind::Int, Kind::Decimal, Kind::Float, Kind::Bool, Kind::String,
                               Kind::Date, Kind::Timestamp, Kind::Duration, Kind::Enum};
  Type t{kinds[r_.Below(9)]};
  if (t.kind == Kind::String && friendly_) t = {Kind::Int};
  if (t.kind == Kind::Enum) return EnumType();
  return t;
}

// An enum a customer field has: a bare variant needs a typed value beside it, and
// that field is one wherever an enum value is needed.
Type ExprMaker::EnumType() {
  std::vector<int> usable;
  for (const Field& f : s_.customer) {
    if (f.kind == Kind::Enum) usable.push_back(f.enum_id);
  }
  if (usable.empty()) return {Kind::Int};
  return {Kind::Enum, r_.Pick(usable)};
}

Expr ExprMaker::Const(Type t) {
  Expr e{"", t, false};
  switch (t.kind) {
    case Kind::Int: {
      const int w = r_.Below(100);
      e.text = std::to_string(w < 50 ? r_.Below(10) : w < 80 ? r_.Pick(std::vector<int>{0, 1, 2, 7, 30, 100, 365}) : r_.Below(1000));
      break;
    }
    case Kind::Decimal: e.text = fmt::format("{}.{:02}", r_.Below(r_.Chance(50) ? 10 : 500), r_.Below(100)); break;
    case Kind::Float: e.text = fmt::format("{}.{}e{}", r_.Below(100), r_.Below(10), r_.Below(3)); break;
    case Kind::Bool: e.text = r_.Chance(50) ? "true" : "false"; break;
    case Kind::String: e.text = "\"" + r_.Pick(kStringConsts) + "\""; break;
    case Kind::Date: e.text = DateText(today_ + r_.Between(-800, 60)); break;
    case Kind::Timestamp:
      if (r_.Chance(5)) {  // beyond every event: a window bound's search runs off an end
        e.text = r_.Chance(50) ? "1900-01-01T00:00:00Z" : "2400-01-01T00:00:00Z";
        break;
      }
      e.text = DateText(today_ + r_.Between(-800, 10)) +
               (r_.Chance(50) ? "T00:00" : fmt::format("T{:02}:{:02}:00Z", r_.Below(24), r_.Below(60)));
      break;
    case Kind::Duration:
      e.text = fmt::format("{}{}", 1 + r_.Below(400), r_.Pick(std::vector<std::string>{"d", "d", "h", "w", "m", "s"}));
      break;
    case Kind::Enum: e.text = r_.Pick(s_.enums[t.enum_id].variants); break;
  }
  return e;
}

// A name, a field or a constant of type `t`.
Expr ExprMaker::Leaf(Type t, const Scope& sc, bool want_optional) {
  std::vector<Expr> c;
  auto add = [&](std::string text, bool optional) { c.push_back({std::move(text), t, optional}); };
  for (const Field& f : s_.customer) {
    if (!Matches(f, t)) continue;
    const bool narrowed = sc.narrowed.count(f.name) > 0;
    add(sc.event() && !narrowed && r_.Chance(30) ? "customer." + f.name : f.name, f.optional && !narrowed);
  }
  if (sc.event()) {
    const EventTable& e = s_.events[sc.table];
    const std::string prefix = !sc.alias.empty() && r_.Chance(40) ? sc.alias + "."
                               : sc.alias.empty() && r_.Chance(25) ? e.name + "."
                                                                   : "";
    for (const Field& f : e.fields) {
      if (Matches(f, t)) add(prefix + f.name, f.optional), add(prefix + f.name, f.optional);
    }
    if (TimeKind(e) == t.kind) add(prefix + e.time, false);
  }
  for (const Scope::Outer& o : sc.outer) {
    const EventTable& e = s_.events[o.table];
    for (const Field& f : e.fields) {
      if (Matches(f, t)) add(o.alias + "." + f.name, f.optional);
    }
    if (TimeKind(e) == t.kind) add(o.alias + "." + e.time, false);
  }
  for (const Def& d : defs_) {
    if (d.type == t && !(sc.event() && d.population) && (d.friendly || !friendly_)) add(d.name, d.optional && sc.narrowed.count(d.name) == 0);
  }
  if (t.kind == Kind::Date) add("today", false);
  if (t.kind == Kind::Timestamp) add("now", false);
  // A constant a quarter of the time (bare variants only beside an enum value).
  if ((t.kind != Kind::Enum && (c.empty() || r_.Chance(25))) || c.empty()) return Const(t);
  if (want_optional) {
    std::vector<Expr> optional;
    for (const Expr& e : c) {
      if (e.optional) optional.push_back(e);
    }
    if (!optional.empty() && r_.Chance(80)) return r_.Pick(optional);
  }
  Expr e = r_.Pick(c);
  return want_optional ? e : Defaulted(e, sc);
}

Expr ExprMaker::Defaulted(Expr e, const Scope& sc) {
  if (!e.optional) return e;
  const Expr d = r_.Chance(80) ? Const(e.type) : Leaf(e.type, sc, false);
  return {fmt::format("({} ?? {})", e.text, d.text), e.type, false};
}

Expr ExprMaker::Root(Type t, bool optional, int depth) {
  root_ = true;
  Expr e = optional ? Maybe(t, Scope{}, depth) : Plain(t, Scope{}, depth);
  root_ = false;
  return e;
}

Expr ExprMaker::Plain(Type t, const Scope& sc, int depth) {
  const bool root = std::exchange(root_, false);
  if (depth <= 0 || (!root && r_.Chance(25))) return Leaf(t, sc, false);
  switch (t.kind) {
    case Kind::Int: return IntExpr(sc, depth);
    case Kind::Decimal: return DecimalExpr(sc, depth);
    case Kind::Float: return FloatExpr(sc, depth);
    case Kind::Bool: return BoolExpr(sc, depth);
    case Kind::String: return StringExpr(sc, depth);
    case Kind::Date: return DateExpr(sc, depth);
    case Kind::Timestamp: return TimestampExpr(sc, depth);
    case Kind::Duration: return DurationExpr(sc, depth);
    case Kind::Enum:
      if (r_.Chance(40)) return If(t, sc, depth);
      if (r_.Chance(50)) return Aggregate(t, false, sc, depth);
      return Leaf(t, sc, false);
  }
  return Leaf(t, sc, false);
}

Expr ExprMaker::Maybe(Type t, const Scope& sc, int depth) {
  const bool root = std::exchange(root_, false);
  const int w = root ? 45 + r_.Below(55) : r_.Below(100);
  if (depth <= 0 || w < 45) return Leaf(t, sc, true);
  if (w < 75) return Aggregate(t, true, sc, depth);
  if (friendly_) return {fmt::format("({} ?? {})", Leaf(t, sc, true).text, Leaf(t, sc, true).text), t, true};
  if (w < 82 && Numeric(t.kind) && t.kind != Kind::Int) {
    // A division by a computed value: absent when it is zero.
    const Type a = t.kind == Kind::Float ? Type{Kind::Float} : Number();
    const Type b = t.kind == Kind::Float ? Number() : Type{a.kind == Kind::Float ? Kind::Float : Kind::Int};
    if (t.kind == Kind::Decimal && (a.kind == Kind::Float || b.kind == Kind::Float)) return Leaf(t, sc, true);
    return {fmt::format("({} / {})", Plain(a, sc, depth - 1).text, Divisor(b, sc, depth - 1)), t, true};
  }
  if (w < 88 && !sc.event() && (t.kind == Kind::Int || t.kind == Kind::Decimal)) return Ranking(t, sc, depth, true);
  if (w < 92 && s_.reference && (t.kind == Kind::Int || t.kind == Kind::String)) {
    return {fmt::format("offers[{}].{}", Plain({Kind::String}, sc, depth - 1).text, t.kind == Kind::Int ? "bonus" : "label"), t,
            true};
  }
  if (w < 95 && t.kind == Kind::String) return {fmt::format("country_timezone({})", Plain(t, sc, depth - 1).text), t, true};
  if (w < 98) return {fmt::format("({} ?? {})", Leaf(t, sc, true).text, Leaf(t, sc, true).text), t, true};
  return Plain(t, sc, depth);
}

// A divisor that is not the constant zero (`division-by-zero`); it may be zero for
// some customers (the quotient is then absent). Numbers and operators alone may fold
// to zero (`(-0)`, `0.0e1`, `(3 - 3)`): a constant divisor is a non-zero digit instead.
std::string ExprMaker::Divisor(Type t, const Scope& sc, int d) {
  std::string x = Plain(t, sc, d).text;
  if (x.find_first_not_of("0123456789.e()+-* ") == std::string::npos) return std::to_string(1 + r_.Below(9));
  return x;
}

Expr ExprMaker::If(Type t, const Scope& sc, int d) {
  const Expr c = Plain({Kind::Bool}, sc, d - 1);
  // Numbers widen: a decimal or float `if` may have an int branch.
  Type ta = t, tb = t;
  if ((t.kind == Kind::Decimal || t.kind == Kind::Float) && r_.Chance(30)) (r_.Chance(50) ? ta : tb) = {Kind::Int};
  return {fmt::format("(if {} then {} else {})", c.text, Plain(ta, sc, d - 1).text, Plain(tb, sc, d - 1).text), t, false};
}

Expr ExprMaker::IntExpr(const Scope& sc, int d) {
  const Type t{Kind::Int};
  const int w = r_.Below(100);
  const bool ev = sc.event();
  if (w < (ev ? (friendly_ ? 0 : 8) : 30)) {
    if (r_.Chance(8)) return {fmt::format("(-{})", Plain(t, sc, d - 1).text), t};
    const char* op = r_.Pick(std::vector<const char*>{"+", "-", "*"});
    return {fmt::format("({} {} {})", Plain(t, sc, d - 1).text, op, Plain(t, sc, d - 1).text), t};
  }
  if (w < 52) return Aggregate(t, false, sc, d);
  if (w < 60) return If(t, sc, d);
  if (w < 68) return {fmt::format("({} ?? {})", Maybe(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
  if (w < 73 && !ev && !friendly_) return Ranking(t, sc, d, false);
  if (w < 76 && !(ev && friendly_)) {
    std::string s = "score {";
    for (int k = 0, n = 1 + r_.Below(3); k < n; ++k) {
      s += fmt::format(" {} if {},", Plain(t, sc, 0).text, Plain({Kind::Bool}, sc, d - 1).text);
    }
    return {s + " }", t};
  }
  if (friendly_) return Aggregate(t, false, sc, d);
  const Type when{r_.Chance(50) ? Kind::Date : Kind::Timestamp};
  switch (r_.Below(12)) {
    case 0: return {fmt::format("length({})", Plain({Kind::String}, sc, d - 1).text), t};
    case 1: return {fmt::format("days_since({})", Plain(when, sc, d - 1).text), t};
    case 2: return {fmt::format("hours_since({})", Plain({Kind::Timestamp}, sc, d - 1).text), t};
    case 3:
      return {fmt::format("{}({}, {})", r_.Pick(std::vector<const char*>{"days_between", "months_between", "years_between"}),
                          Plain(when, sc, d - 1).text, Plain({r_.Chance(50) ? Kind::Date : Kind::Timestamp}, sc, d - 1).text),
              t};
    case 4:
      return {fmt::format("{}({})", r_.Pick(std::vector<const char*>{"year", "month", "day", "weekday", "years_since"}),
                          Plain(when, sc, d - 1).text),
              t};
    case 5: return {fmt::format("abs({})", Plain(t, sc, d - 1).text), t};
    case 6:
      return {fmt::format("{}({})", r_.Chance(50) ? "floor" : "ceil", Plain({r_.Chance(70) ? Kind::Decimal : Kind::Float}, sc, d - 1).text), t};
    case 7: return {fmt::format("to_int({})", Plain(Number(), sc, d - 1).text), t};
    case 8:
      return {fmt::format("{}({}, {})", r_.Chance(50) ? "least" : "greatest", Plain(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
    case 9: return {fmt::format("bucket(\"{}\", {})", r_.Pick(kStringConsts), Plain(t, sc, d - 1).text), t};
    default: return Aggregate(t, false, sc, d);
  }
}

Expr ExprMaker::DecimalExpr(const Scope& sc, int d) {
  const Type t{Kind::Decimal};
  const int w = r_.Below(100);
  const bool ev = sc.event();
  if (w < (ev ? (friendly_ ? 0 : 8) : 30)) {
    Expr a = Plain(t, sc, d - 1), b = Plain({r_.Chance(50) ? Kind::Int : Kind::Decimal}, sc, d - 1);
    if (r_.Chance(50)) std::swap(a, b);
    const char* op = r_.Chance(friendly_ ? 0 : 12) ? "*" : r_.Chance(50) ? "+" : "-";
    if (*op == '*' && b.type.kind == Kind::Decimal && a.type.kind == Kind::Decimal) op = "+";
    return {fmt::format("({} {} {})", a.text, op, b.text), t};
  }
  if (w < 48 || (friendly_ && w >= 72)) return Aggregate(t, false, sc, d);
  if (w < 56 && !friendly_) {
    const Expr a = Plain({r_.Chance(50) ? Kind::Int : Kind::Decimal}, sc, d - 1);
    if (r_.Chance(50)) return {fmt::format("({} / {})", a.text, 1 + r_.Below(9)), t};
    return {fmt::format("(({} / {}) ?? {})", a.text, Divisor({Kind::Int}, sc, d - 1), Const(t).text), t};
  }
  if (w < 64) return If(t, sc, d);
  if (w < 72) return {fmt::format("({} ?? {})", Maybe(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
  if (w < 77 && !ev) return Ranking(t, sc, d, false);
  switch (r_.Below(4)) {
    case 0: return {fmt::format("round({}, {})", Plain(t, sc, d - 1).text, r_.Below(4)), t};
    case 1: return {fmt::format("abs({})", Plain(t, sc, d - 1).text), t};
    case 2: return {fmt::format("to_decimal({})", Plain(Number(), sc, d - 1).text), t};
    default:
      return {fmt::format("{}({}, {})", r_.Chance(50) ? "least" : "greatest", Plain(t, sc, d - 1).text,
                          Plain({r_.Chance(50) ? Kind::Int : Kind::Decimal}, sc, d - 1).text),
              t};
  }
}

Expr ExprMaker::FloatExpr(const Scope& sc, int d) {
  const Type t{Kind::Float};
  const int w = r_.Below(100);
  if (w < 35) {
    Expr a = Plain(t, sc, d - 1), b = Plain(Number(), sc, d - 1);
    if (r_.Chance(50)) std::swap(a, b);
    return {fmt::format("({} {} {})", a.text, r_.Pick(std::vector<const char*>{"+", "-", "*"}), b.text), t};
  }
  if (w < 52 || (friendly_ && w >= 74)) return Aggregate(t, false, sc, d);
  if (w < 58 && !friendly_) return {fmt::format("(({} / {}) ?? {})", Plain(t, sc, d - 1).text, Divisor(Number(), sc, d - 1), Const(t).text), t};
  if (w < 66) return If(t, sc, d);
  if (w < 74) return {fmt::format("({} ?? {})", Maybe(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
  switch (r_.Below(4)) {
    case 0: return {fmt::format("to_float({})", Plain(Number(), sc, d - 1).text), t};
    case 1: return {fmt::format("round({}, {})", Plain(t, sc, d - 1).text, r_.Below(3)), t};
    case 2: return {fmt::format("abs({})", Plain(t, sc, d - 1).text), t};
    default:
      return {fmt::format("{}({}, {})", r_.Chance(50) ? "least" : "greatest", Plain(t, sc, d - 1).text, Plain(Number(), sc, d - 1).text), t};
  }
}

Expr ExprMaker::Compare(const Scope& sc, int d) {
  const Type b{Kind::Bool};
  const char* op = r_.Pick(std::vector<const char*>{"==", "!=", "<", "<=", ">", ">="});
  const int w = r_.Below(100);
  if (w < 55) {
    // Per event, the JIT does not widen an int to a decimal: one type, in its mode.
    const Type x = Number(), y = friendly_ && sc.event() ? x : Number();
    return {fmt::format("({} {} {})", Plain(x, sc, d - 1).text, op, Plain(y, sc, d - 1).text), b};
  }
  if (w < 75) {
    // A date against a timestamp means the date's start in the program's zone.
    const Kind x = r_.Chance(50) ? Kind::Date : Kind::Timestamp;
    const Kind y = r_.Chance(friendly_ ? 100 : 75) ? x : (x == Kind::Date ? Kind::Timestamp : Kind::Date);
    return {fmt::format("({} {} {})", Plain({x}, sc, d - 1).text, op, Plain({y}, sc, d - 1).text), b};
  }
  if (w < 80) return {fmt::format("({} {} {})", Plain({Kind::Duration}, sc, d - 1).text, op, Plain({Kind::Duration}, sc, d - 1).text), b};
  if (w < 92 && friendly_) {
    // A string field against constants: the JIT compares dictionary codes.
    std::vector<std::string> fields;
    for (const Field& f : s_.customer) {
      if (f.kind == Kind::String && !f.optional) fields.push_back(f.name);
    }
    if (sc.event()) {
      for (const Field& f : s_.events[sc.table].fields) {
        if (f.kind == Kind::String && !f.optional) fields.push_back(f.name);
      }
    }
    if (fields.empty()) return Compare(sc, d);
    if (r_.Chance(30)) {
      return {fmt::format("({} {} {{{}, {}}})", r_.Pick(fields), r_.Chance(70) ? "in" : "not in", Const({Kind::String}).text,
                          Const({Kind::String}).text),
              b};
    }
    return {fmt::format("({} {} {})", r_.Pick(fields), r_.Chance(50) ? "==" : "!=", Const({Kind::String}).text), b};
  }
  if (w < 92) {
    const Expr s = Plain({Kind::String}, sc, r_.Chance(70) ? 0 : d - 1);
    if (r_.Chance(70)) return {fmt::format("({} {} {})", s.text, r_.Chance(50) ? "==" : "!=", Const({Kind::String}).text), b};
    return {fmt::format("({} {} {})", s.text, op, Plain({Kind::String}, sc, d - 1).text), b};
  }
  const Type e = EnumType();
  if (e.kind != Kind::Enum) return Compare(sc, d);
  return {fmt::format("({} {} {})", Plain(e, sc, d - 1).text, r_.Chance(50) ? "==" : "!=", Const(e).text), b};
}

// `x is present and E`, `x is absent or E`, `if x is present then A else B`: E and A
// see x as a plain value.
Expr ExprMaker::Narrowed(const Scope& sc, int d) {
  std::vector<std::string> names;
  for (const Field& f : s_.customer) {
    if (f.optional && !sc.narrowed.count(f.name)) names.push_back(f.name);
  }
  for (const Def& def : defs_) {
    if (def.optional && !sc.narrowed.count(def.name) && !(sc.event() && def.population)) names.push_back(def.name);
  }
  if (names.empty()) return Compare(sc, d);
  const std::string x = r_.Pick(names);
  Scope inner = sc;
  inner.narrowed.insert(x);
  const Type b{Kind::Bool};
  switch (r_.Below(3)) {
    case 0: return {fmt::format("({} is present and {})", x, Plain(b, inner, d - 1).text), b};
    case 1: return {fmt::format("({} is absent or {})", x, Plain(b, inner, d - 1).text), b};
    default:
      return {fmt::format("(if {} is present then {} else {})", x, Plain(b, inner, d - 1).text, Plain(b, sc, d - 1).text), b};
  }
}

Expr ExprMaker::BoolExpr(const Scope& sc, int d) {
  const Type b{Kind::Bool};
  const int w = r_.Below(100);
  const bool ev = sc.event();
  if (w < 28) return Compare(sc, d);
  if (w < 42) {
    if (r_.Chance(20)) return {fmt::format("(not {})", Plain(b, sc, d - 1).text), b};
    return {fmt::format("({} {} {})", Plain(b, sc, d - 1).text, r_.Chance(50) ? "and" : "or", Plain(b, sc, d - 1).text), b};
  }
  if (w < 49) {
    const Expr m = Maybe(AnyType(), sc, d - 1);
    return {fmt::format("({} is {})", m.text, r_.Pick(std::vector<const char*>{"present", "absent", "not present", "not absent"})), b};
  }
  if (w < 56) return Narrowed(sc, d);
  if (w < 62) {
    const int which = friendly_ && r_.Chance(50) ? 0 : r_.Below(4);
    if (friendly_ && which == 1) return Compare(sc, d);
    const Type t = which == 0 ? Type{Kind::Int}
                   : which == 1 ? Type{Kind::String}
                   : which == 2 ? EnumType()
                                : Type{Kind::Date};
    std::string set;
    for (int k = 0, n = 1 + r_.Below(3); k < n; ++k) set += (k ? ", " : "") + Const(t).text;
    return {fmt::format("({} {} {{{}}})", Plain(t, sc, which == 1 ? 0 : d - 1).text, r_.Chance(75) ? "in" : "not in", set), b};
  }
  if (w < 66) {
    const Type t = r_.Chance(70) ? Number() : Type{Kind::Date};
    return {fmt::format("({} between {} and {})", Plain(t, sc, d - 1).text, Plain(t, sc, d - 1).text, Plain(t, sc, d - 1).text), b};
  }
  if (w < 70 && !(friendly_ && sc.event())) {
    return {fmt::format("({} within {})", Plain({r_.Chance(50) ? Kind::Date : Kind::Timestamp}, sc, d - 1).text,
                        Const({Kind::Duration}).text),
            b};
  }
  if (w < 86 || friendly_) return w < 93 ? Aggregate(b, false, sc, d) : Leaf(b, sc, false);
  if (w < 90 && !ev) return Ranking(b, sc, d, false);
  if (w < 94) {
    return {fmt::format("{}({}, {})", r_.Pick(std::vector<const char*>{"contains", "starts_with", "ends_with"}),
                        Plain({Kind::String}, sc, d - 1).text, Const({Kind::String}).text),
            b};
  }
  if (w < 96) return {fmt::format("is_anniversary({})", Plain({r_.Chance(50) ? Kind::Date : Kind::Timestamp}, sc, d - 1).text), b};
  if (w < 98 && s_.list) return {"vips", b};
  return Leaf(b, sc, false);
}

Expr ExprMaker::StringExpr(const Scope& sc, int d) {
  const Type t{Kind::String};
  switch (r_.Below(6)) {
    case 0: return {fmt::format("{}({})", r_.Pick(std::vector<const char*>{"lower", "upper", "trim"}), Plain(t, sc, d - 1).text), t};
    case 1: return If(t, sc, d);
    case 2: return {fmt::format("({} ?? {})", Maybe(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
    case 3: return Aggregate(t, false, sc, d);
    default: return Leaf(t, sc, false);
  }
}

Expr ExprMaker::DateExpr(const Scope& sc, int d) {
  const Type t{Kind::Date};
  if (friendly_) return FriendlyTime(t, sc, d);
  switch (r_.Below(9)) {
    case 0: return {fmt::format("({} {} {}d)", Plain(t, sc, d - 1).text, r_.Chance(50) ? "+" : "-", r_.Below(400)), t};
    case 1: return {fmt::format("({} + {})", Plain(t, sc, d - 1).text, Plain({Kind::Duration}, sc, d - 1).text), t};
    case 2:
      return {fmt::format("{}({}, {})", r_.Chance(50) ? "add_months" : "add_years", Plain(t, sc, d - 1).text,
                          Plain({Kind::Int}, sc, d - 1).text),
              t};
    case 3: return {fmt::format("date({})", Plain({Kind::Timestamp}, sc, d - 1).text), t};
    case 4: return {fmt::format("anniversary({})", Plain(t, sc, d - 1).text), t};
    case 5: return If(t, sc, d);
    case 6: return {fmt::format("({} ?? {})", Maybe(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
    default: return Aggregate(t, false, sc, d);
  }
}

Expr ExprMaker::TimestampExpr(const Scope& sc, int d) {
  const Type t{Kind::Timestamp};
  if (friendly_) return FriendlyTime(t, sc, d);
  switch (r_.Below(7)) {
    case 0:
    case 1:
      return {fmt::format("({} {} {})", Plain(t, sc, d - 1).text, r_.Chance(50) ? "+" : "-", Plain({Kind::Duration}, sc, d - 1).text), t};
    case 2: return {fmt::format("start_of({})", Plain({Kind::Date}, sc, d - 1).text), t};
    case 3: return If(t, sc, d);
    case 4: return {fmt::format("({} ?? {})", Maybe(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
    default: return Aggregate(t, false, sc, d);
  }
}

Expr ExprMaker::DurationExpr(const Scope& sc, int d) {
  const Type t{Kind::Duration};
  if (friendly_) return FriendlyTime(t, sc, d);
  switch (r_.Below(9)) {
    case 0: return {fmt::format("({} - {})", Plain({Kind::Timestamp}, sc, d - 1).text, Plain({Kind::Timestamp}, sc, d - 1).text), t};
    case 1: return {fmt::format("({} - {})", Plain({Kind::Date}, sc, d - 1).text, Plain({Kind::Date}, sc, d - 1).text), t};
    case 2: return {fmt::format("{}({})", r_.Chance(50) ? "days" : "hours", Plain({Kind::Int}, sc, d - 1).text), t};
    case 3: return {fmt::format("({} * {})", Plain(t, sc, d - 1).text, Plain({Kind::Int}, sc, d - 1).text), t};
    case 4: return {fmt::format("({} {} {})", Plain(t, sc, d - 1).text, r_.Chance(50) ? "+" : "-", Plain(t, sc, d - 1).text), t};
    case 5: return {fmt::format("(-{})", Plain(t, sc, d - 1).text), t};
    case 6: return {fmt::format("({} / {})", Plain(t, sc, d - 1).text, 1 + r_.Below(5)), t};
    case 7: return If(t, sc, d);
    default: return {fmt::format("({} ?? {})", Maybe(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
  }
}

// Dates, timestamps and durations as the JIT computes them: arithmetic at customer
// level only, aggregates, `if` and `??`.
Expr ExprMaker::FriendlyTime(Type t, const Scope& sc, int d) {
  const int w = r_.Below(100);
  if (w < 40 && !sc.event()) {
    const Type dur{Kind::Duration};
    switch (t.kind) {
      case Kind::Date:
        // A date moves by the duration's whole days.
        if (r_.Chance(30)) return {fmt::format("({} + {})", Plain(t, sc, d - 1).text, Plain(dur, sc, d - 1).text), t};
        return {fmt::format("({} {} {}d)", Plain(t, sc, d - 1).text, r_.Chance(50) ? "+" : "-", r_.Below(400)), t};
      case Kind::Timestamp:
        return {fmt::format("({} {} {})", Plain(t, sc, d - 1).text, r_.Chance(50) ? "+" : "-", Plain(dur, sc, d - 1).text), t};
      default: {
        const Kind of = r_.Pick(std::vector<Kind>{Kind::Timestamp, Kind::Date, Kind::Duration});
        if (of == Kind::Duration && r_.Chance(50)) return {fmt::format("({} * {})", Plain(t, sc, d - 1).text, Plain({Kind::Int}, sc, d - 1).text), t};
        return {fmt::format("({} - {})", Plain({of}, sc, d - 1).text, Plain({of}, sc, d - 1).text), t};
      }
    }
  }
  if (w < 55) return If(t, sc, d);
  if (w < 65) return {fmt::format("({} ?? {})", Maybe(t, sc, d - 1).text, Plain(t, sc, d - 1).text), t};
  return Aggregate(t, false, sc, d);
}

// One construct the JIT leaves to the interpreter, with random parts around it: the
// unfriendly definitions' roots, so that each of them shows up often.
Expr ExprMaker::Feature(int d) {
  const Scope top;
  const Type i{Kind::Int}, b{Kind::Bool};
  const int table = r_.Below(static_cast<int>(s_.events.size()));
  const EventTable& e = s_.events[table];
  auto field_of = [&](auto pred) -> const Field* {
    std::vector<const Field*> f;
    for (const Field& x : e.fields) {
      if (pred(x)) f.push_back(&x);
    }
    return f.empty() ? nullptr : f[static_cast<size_t>(r_.Below(static_cast<int>(f.size())))];
  };
  switch (r_.Below(11)) {
    case 0: {  // a nested aggregate reading the enclosing event
      const int t2 = r_.Below(static_cast<int>(s_.events.size()));
      const EventTable& e2 = s_.events[t2];
      const std::string alias = fmt::format("a{}", ++aliases_);
      Scope inner;
      inner.table = t2;
      inner.outer.push_back({table, alias});
      const std::string window =
          r_.Chance(50) ? fmt::format("after {}.{}", alias, e.time)
                        : fmt::format("between {}.{} and {}.{} + {}", alias, e.time, alias, e.time, Const({Kind::Duration}).text);
      Scope outer;
      outer.table = table;
      outer.alias = alias;
      const std::string cond = Plain(b, outer, d - 1).text;
      return {fmt::format("{}({} as {} where ({} and {}({} {} where {})))", r_.Pick(std::vector<const char*>{"any", "all", "none"}),
                          e.name, alias, cond, r_.Pick(std::vector<const char*>{"any", "none"}), e2.name, window,
                          Plain(b, inner, d - 1).text),
              b};
    }
    case 1: {  // count distinct
      const Field* f = field_of([](const Field&) { return true; });
      if (f == nullptr) break;
      return {fmt::format("count(distinct {}.{})", e.name, f->name), i};
    }
    case 2: {  // the mean of ints or decimals, rounded to 6 digits
      const Field* f = field_of([](const Field& x) { return x.kind == Kind::Int || x.kind == Kind::Decimal; });
      if (f == nullptr) break;
      return {fmt::format("(avg({}.{} {}) ?? 0)", e.name, f->name, Window(top, d, TimeKind(e))), {Kind::Decimal}};
    }
    case 3: return Ranking(r_.Pick(std::vector<Type>{b, i, {Kind::Decimal}}), top, d, false);
    case 4: {  // arithmetic per event (overflows counted for every event)
      const Field* f = field_of([](const Field& x) { return x.kind == Kind::Int || x.kind == Kind::Decimal; });
      if (f == nullptr) break;
      Scope per_event;
      per_event.table = table;
      return {fmt::format("sum((({} ?? 0) {} {}) of {} where (({} ?? 0) > {}))", f->name, r_.Pick(std::vector<const char*>{"+", "-", "*"}),
                          Plain({f->kind}, per_event, 0).text, e.name, f->name, Const({f->kind}).text),
              f->kind == Kind::Int ? i : Type{Kind::Decimal}};
    }
    case 5: {  // a date against a timestamp: the date's start in the program's zone
      if (TimeKind(e) == Kind::Timestamp && r_.Chance(40)) {
        // An event's local date against a date (the JIT narrows the window to its instants).
        const std::string day = r_.Chance(50) ? fmt::format("today - {}d", r_.Below(40)) : Const({Kind::Date}).text;
        const std::string test = fmt::format("date({}) {} {}", e.time,
                                             r_.Pick(std::vector<const char*>{"==", "==", "<", "<=", ">", ">="}), day);
        Scope per_event;
        per_event.table = table;
        const std::string rest = r_.Chance(50) ? " and " + Plain(b, per_event, d - 1).text : "";
        const std::string agg = r_.Pick(std::vector<const char*>{"count", "count", "any", "none", "all"});
        const std::string mirrored = day + (r_.Chance(50) ? " == " : " >= ") + "date(" + e.time + ")";
        return {fmt::format("{}({} where {}{})", agg, e.name, r_.Chance(70) ? test : mirrored, rest),
                agg == "count" ? i : b};
      }
      const Kind a = r_.Chance(50) ? Kind::Date : Kind::Timestamp;
      return {fmt::format("({} {} {})", Plain({a}, top, d - 1).text, r_.Pick(std::vector<const char*>{"<", ">=", "=="}),
                          Plain({a == Kind::Date ? Kind::Timestamp : Kind::Date}, top, d - 1).text),
              b};
    }
    case 6: {  // strings: functions and comparisons of computed strings
      const Type s{Kind::String};
      // Up to two of lower, upper and trim around a string (the JIT applies them as it reads).
      auto cased = [&](std::string x) {
        for (int k = r_.Below(3); k > 0; --k)
          x = fmt::format("{}({})", r_.Pick(std::vector<const char*>{"lower", "upper", "trim"}), x);
        return x;
      };
      const std::string x = fmt::format("{}({})", r_.Pick(std::vector<const char*>{"lower", "upper", "trim"}), Plain(s, top, d - 1).text);
      switch (r_.Below(5)) {
        case 0: return {fmt::format("length({})", r_.Chance(50) ? x : cased(Plain(s, top, d - 1).text)), i};
        case 1: {  // per event too: a test of an event's string in an aggregate's `where`
          const Field* f = field_of([](const Field& y) { return y.kind == Kind::String; });
          if (f == nullptr) break;
          return {fmt::format("count({} where {}{}({}, {}))", e.name, f->optional ? f->name + " is present and " : "",
                              r_.Pick(std::vector<const char*>{"contains", "starts_with", "ends_with"}), cased(f->name),
                              cased(Plain(s, top, 0).text)),
                  i};
        }
        case 2:
          return {fmt::format("{}({}, {})", r_.Pick(std::vector<const char*>{"contains", "starts_with", "ends_with"}),
                              cased(Plain(s, top, d - 1).text), cased(Plain(s, top, d - 1).text)),
                  b};
        case 3: {
          std::string set;
          for (int k = 0, n = 1 + r_.Below(3); k < n; ++k) set += (k ? ", " : "") + Const(s).text;
          return {fmt::format("({} {} {{{}}})", x, r_.Chance(75) ? "in" : "not in", set), b};
        }
        default: break;
      }
      return {fmt::format("({} {} {})", x, r_.Pick(std::vector<const char*>{"==", "!=", "<", ">="}),
                          cased(Plain(s, top, d - 1).text)),
              b};
    }
    case 7: {  // calendar built-ins
      const Type day{Kind::Date};
      switch (r_.Below(4)) {
        case 0: return {fmt::format("add_months({}, {})", Plain(day, top, d - 1).text, Plain(i, top, 0).text), day};
        case 1: return {fmt::format("add_years({}, {})", Plain(day, top, d - 1).text, Plain(i, top, 0).text), day};
        case 2: return {fmt::format("days_between({}, {})", Plain(day, top, d - 1).text, Plain({Kind::Timestamp}, top, d - 1).text), i};
        default: return {fmt::format("is_anniversary({})", Plain(day, top, d - 1).text), b};
      }
    }
    case 8: {  // divisions: absent for a zero divisor
      const Type x = Number(), y = Number();
      const Kind q = x.kind == Kind::Float || y.kind == Kind::Float ? Kind::Float : Kind::Decimal;
      return {fmt::format("(({} / {}) ?? 0)", Plain(x, top, d - 1).text, Divisor(y, top, d - 1)), {q}};
    }
    case 9:
      if (s_.reference) return {fmt::format("(offers[{}].bonus ?? 0)", Plain({Kind::String}, top, d - 1).text), i};
      if (s_.list) return {fmt::format("(vips and {})", Plain(b, top, d - 1).text), b};
      break;
    default: {  // durations from numbers (they overflow), numbers from decimals
      if (r_.Chance(50)) return {fmt::format("({}({}) > {})", r_.Chance(50) ? "days" : "hours", Plain(i, top, d - 1).text, Const({Kind::Duration}).text), b};
      if (r_.Chance(40)) {  // rounding, to digits past either end of a decimal's
        const Type x = r_.Chance(60) ? Type{Kind::Decimal} : Type{Kind::Float};
        const std::string digits = r_.Chance(70)
                                       ? std::to_string(r_.Pick(std::vector<int>{-13, -12, -3, 0, 1, 2, 5, 6, 7}))
                                       : Plain(i, top, 0).text;
        return {fmt::format("round({}, {})", Plain(x, top, d - 1).text, digits), x};
      }
      return {fmt::format("{}({})", r_.Pick(std::vector<const char*>{"floor", "ceil", "to_int"}),
                          Plain({r_.Chance(60) ? Kind::Decimal : Kind::Float}, top, d - 1).text),
              i};
    }
  }
  return IntExpr(top, d);
}

// `in top`/`in bottom` (bool), `rank` (int) or `percentile` (decimal), over all
// customers or `among` an earlier segment.
Expr ExprMaker::Ranking(Type t, const Scope& sc, int d, bool optional) {
  population_ = true;
  std::vector<std::string> segments;
  for (const Def& def : defs_) {
    if (def.segment) segments.push_back(def.name);
  }
  const std::string among = !segments.empty() && r_.Chance(35) ? " among " + r_.Pick(segments) : "";
  if (t.kind == Kind::Bool) {
    const Type v = r_.Chance(80) ? Number() : Type{r_.Pick(std::vector<Kind>{Kind::Date, Kind::Timestamp, Kind::Duration})};
    const Expr x = r_.Chance(40) ? Maybe(v, sc, d - 1) : Plain(v, sc, d - 1);
    const std::string amount = r_.Chance(50) ? fmt::format("{}%", r_.Pick(std::vector<std::string>{"0", "10", "12.5", "50", "100", "33"}))
                                             : std::to_string(r_.Below(6));
    return {fmt::format("({} in {} {}{})", x.text, r_.Chance(50) ? "top" : "bottom", amount, among), t};
  }
  const bool maybe = optional || r_.Chance(40);
  const Expr x = maybe && r_.Chance(50) ? Maybe(Number(), sc, d - 1) : Plain(Number(), sc, d - 1);
  const std::string call = fmt::format("{}({}{})", t.kind == Kind::Int ? "rank" : "percentile", x.text, among);
  if (optional) return {call, t, true};
  if (x.optional || !among.empty()) return {fmt::format("({} ?? {})", call, Const(t).text), t};
  return {call, t};
}

namespace {

// How the checker orders two bounds (compiler/check/time_hints.cpp), on the texts this
// generator writes: literals of one kind (a date; a timestamp with or without its
// zone), or one base plus or minus duration literals, `(B + 5d)`. -1, 0 or 1; none
// when the checker does not compare them.
struct StaticBound {
  std::string base;   // "" for a literal
  int kind = 0;       // literal: 1 date, 2 wall-clock timestamp, 3 timestamp in UTC
  int64_t value = 0;  // microseconds
};

std::optional<StaticBound> StaticBoundOf(std::string_view text) {
  int64_t offset = 0;
  static const std::regex kShifted(R"(^\((.*) ([+-]) (\d+)([smhdw])\)$)");
  static const std::regex kDate(R"(^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(Z?))?)?$)");
  std::string t(text);
  std::smatch m;
  while (std::regex_match(t, m, kShifted)) {
    // Only when the parentheses are one pair around the whole text.
    int depth = 0;
    bool whole = true;
    for (size_t k = 0; k + 1 < t.size(); ++k) {
      depth += t[k] == '(' ? 1 : t[k] == ')' ? -1 : 0;
      if (depth == 0) whole = false;
    }
    if (!whole) break;
    static const std::map<char, int64_t> kUnit{
        {'s', 1'000'000}, {'m', 60'000'000}, {'h', 3'600'000'000}, {'d', 86'400'000'000}, {'w', 7 * 86'400'000'000}};
    const int64_t d = std::stoll(m[3].str()) * kUnit.at(m[4].str()[0]);
    offset += m[2].str() == "+" ? d : -d;
    t = m[1].str();
  }
  if (std::regex_match(t, m, kDate)) {
    using namespace std::chrono;
    const auto day = sys_days{year{std::stoi(m[1].str())} / std::stoi(m[2].str()) / std::stoi(m[3].str())};
    int64_t at = static_cast<int64_t>(day.time_since_epoch().count()) * 86'400'000'000;
    int kind = 1;
    if (m[4].matched) {
      at += std::stoll(m[5].str()) * 3'600'000'000 + std::stoll(m[6].str()) * 60'000'000;
      if (m[7].matched) at += std::stoll(m[8].str()) * 1'000'000;
      kind = m[9].matched && m[9].length() > 0 ? 3 : 2;
    }
    return StaticBound{"", kind, at + offset};
  }
  return StaticBound{t, 0, offset};
}

std::optional<int> StaticOrder(std::string_view a, std::string_view b) {
  const std::optional<StaticBound> x = StaticBoundOf(a), y = StaticBoundOf(b);
  if (!x || !y || x->base != y->base || x->kind != y->kind) return std::nullopt;
  return x->value < y->value ? -1 : x->value > y->value ? 1 : 0;
}

}  // namespace

std::string ExprMaker::Window(const Scope& sc, int d, Kind time) {
  // A date bound on a timestamp column (or the reverse) needs the program's zone.
  const Type bound{friendly_ || r_.Chance(60) ? time : time == Kind::Date ? Kind::Timestamp : Kind::Date};
  auto at = [&] { return r_.Chance(45) ? Maybe(bound, sc, d - 1).text : Plain(bound, sc, d - 1).text; };
  switch (r_.Below(6)) {
    case 0:
    case 1: return "within " + Const({Kind::Duration}).text;
    case 2: return "since " + at();
    case 3: return "after " + at();
    case 4: return "before " + at();
    default: {
      // Drawn end first, as the arguments of one call were before (GCC's order).
      std::string end = at(), start = at();
      // Bounds the checker finds in the wrong order are swapped; equal ones, which it
      // refuses as an empty window (`empty-limit`), make a `since`.
      const std::optional<int> order = StaticOrder(start, end);
      if (order && *order == 0) return "since " + start;
      if (order && *order > 0) std::swap(start, end);
      return fmt::format("between {} and {}", start, end);
    }
  }
}

// `ev [as a][.f] [WINDOW ...] [where C]`: the windows see `sc`, the condition `inner`.
std::string ExprMaker::Stream(int table, const Scope& sc, const Scope& inner, int d, const std::string* field) {
  std::string s = s_.events[table].name;
  if (!inner.alias.empty()) s += " as " + inner.alias;
  if (field != nullptr) s += "." + *field;
  const int windows = r_.Below(100) < 35 ? 0 : r_.Chance(70) ? 1 : 2;
  for (int k = 0; k < windows; ++k) s += " " + Window(sc, d, TimeKind(s_.events[table]));
  if (r_.Chance(60)) s += " where " + Plain({Kind::Bool}, inner, d - 1).text;
  return s;
}

Expr ExprMaker::Aggregate(Type t, bool optional, const Scope& sc, int d) {
  // Nested aggregates: one level, inside an aggregate's condition or value.
  if (d < 1 || (sc.event() && (friendly_ || d < 2 || !sc.outer.empty() || r_.Chance(50)))) return Leaf(t, sc, optional);
  const int table = r_.Below(static_cast<int>(s_.events.size()));
  const EventTable& e = s_.events[table];
  Scope inner;
  inner.table = table;
  inner.outer = sc.outer;
  if (sc.event() && !sc.alias.empty()) inner.outer.push_back({sc.table, sc.alias});
  inner.narrowed = sc.narrowed;
  // A field of the table of type v (the time column too), or "".
  auto field_of = [&](Type v) -> std::string {
    std::vector<std::string> names;
    for (const Field& f : e.fields) {
      if (Matches(f, v)) names.push_back(f.name);
    }
    if (TimeKind(e) == v.kind && (names.empty() || r_.Chance(25))) return e.time;
    return names.empty() ? std::string() : r_.Pick(names);
  };
  // Either `OP(ev.f ...)` or `OP(VALUE of ev ...)`, whose value sees the event.
  auto over = [&](const std::string& op, Type value, const char* distinct = "") {
    const std::string f = field_of(value);
    if (!f.empty() && r_.Chance(75)) {
      inner.alias.clear();
      return fmt::format("{}({}{})", op, distinct, Stream(table, sc, inner, d, &f));
    }
    if (r_.Chance(40)) inner.alias = fmt::format("a{}", ++aliases_);
    const Expr v = Plain(value, inner, d - 1);
    return fmt::format("{}({}{} of {})", op, distinct, v.text, Stream(table, sc, inner, d));
  };
  if (r_.Chance(35)) inner.alias = fmt::format("a{}", ++aliases_);
  if (!optional) {
    switch (t.kind) {
      case Kind::Int:
        if (r_.Chance(60)) return {fmt::format("count({})", Stream(table, sc, inner, d)), t};
        if (r_.Chance(30)) {
          const Type any = AnyType();
          inner.alias.clear();
          return {over("count", any, r_.Chance(friendly_ ? 0 : 40) ? "distinct " : ""), t};
        }
        return {over("sum", t), t};
      case Kind::Decimal:
      case Kind::Float: return {over("sum", t), t};
      case Kind::Bool:
        return {fmt::format("{}({})", r_.Pick(std::vector<const char*>{"any", "any", "all", "none"}), Stream(table, sc, inner, d)), t};
      default: {
        // first/last/min/max are optional: made plain with a default.
        const Expr m = Aggregate(t, true, sc, d);
        return {fmt::format("({} ?? {})", m.text, Plain(t, sc, 0).text), t};
      }
    }
  }
  const int w = r_.Below(100);
  if (w < 25 && (t.kind == Kind::Decimal || t.kind == Kind::Float)) {
    const Type value = t.kind == Kind::Float ? Type{Kind::Float} : Type{r_.Chance(50) ? Kind::Int : Kind::Decimal};
    if (friendly_ && value.kind != Kind::Float) return Leaf(t, sc, true);
    inner.alias.clear();
    return {over("avg", value), t, true};
  }
  if (w < 60 && Ordered(t.kind)) {
    inner.alias.clear();
    return {over(r_.Chance(50) ? "min" : "max", t), t, true};
  }
  const char* op = r_.Chance(50) ? "first" : "last";
  if (const std::string f = field_of(t); !f.empty() && r_.Chance(50)) {
    // The first or last event's field: absent when that event's value is.
    return {fmt::format("{}({}).{}", op, Stream(table, sc, inner, d), f), t, true};
  }
  inner.alias.clear();
  return {over(op, t), t, true};
}

}  // namespace sam::differential
