#include "tests/differential/random_program.hpp"

#include <fmt/format.h>

#include "tests/differential/random_expr.hpp"

namespace sam::differential {
namespace {

// A run date between 2025 and 2028: leap days, month ends and daylight-saving
// changes come up often enough.
int64_t RunDate(Rng& r) {
  constexpr int64_t k2025 = 20089;  // 2025-01-01
  if (r.Chance(20)) return r.Pick(std::vector<int64_t>{20513, 20514, 21609, 20538, 20389, 20754, 20173});
  return k2025 + r.Between(0, 4 * 365);
}

std::string Definition(Rng& r, ExprMaker& m, std::vector<Def>& defs, int index) {
  const int depth = static_cast<int>(r.Between(1, 3));
  Def def;
  // Most definitions stay within what the JIT compiles, so that most expressions run
  // compiled; the rest draw from the whole language.
  def.friendly = r.Chance(75);
  m.Friendly(def.friendly);
  if (!def.friendly && r.Chance(60)) {
    // Around one construct the JIT leaves to the interpreter: a segment or a let.
    const Expr e = m.Feature(depth);
    def.population = m.TakePopulation();
    def.type = e.type;
    def.segment = e.type.kind == Kind::Bool && r.Chance(70);
    def.name = fmt::format("{}{}", def.segment ? "s" : "l", index);
    defs.push_back(def);
    return fmt::format("{} {} = {}\n", def.segment ? "segment" : "let", def.name, e.text);
  }
  if (r.Chance(45)) {
    def.name = fmt::format("s{}", index);
    def.type = {Kind::Bool};
    def.segment = true;
    const Expr e = m.Root(def.type, false, depth);
    def.population = m.TakePopulation();
    defs.push_back(def);
    return fmt::format("segment {} = {}\n", def.name, e.text);
  }
  static const Kind kinds[] = {Kind::Int, Kind::Int, Kind::Int, Kind::Decimal, Kind::Decimal, Kind::Float, Kind::Bool,
                               Kind::String, Kind::Date, Kind::Timestamp, Kind::Duration, Kind::Enum};
  Type t{kinds[r.Below(12)]};
  if (t.kind == Kind::Enum) t = m.EnumType();
  if (t.kind == Kind::String && def.friendly) t = {Kind::Int};
  def.name = fmt::format("l{}", index);
  def.type = t;
  std::string annotation;
  Expr e;
  if (r.Chance(30)) {
    e = m.Root(t, true, depth);
  } else {
    // A declared type: an int value widens to a decimal or float let.
    if (r.Chance(15) && (t.kind == Kind::Decimal || t.kind == Kind::Float)) {
      annotation = ": " + KindName(t.kind);
      e = m.Root({Kind::Int}, false, depth);
    } else {
      e = m.Root(t, false, depth);
      if (r.Chance(15) && t.kind != Kind::Enum) annotation = ": " + KindName(t.kind);
    }
  }
  def.optional = e.optional;
  def.population = m.TakePopulation();
  defs.push_back(def);
  return fmt::format("let {}{} = {}\n", def.name, annotation, e.text);
}

}  // namespace

RandomCase MakeCase(uint64_t seed) {
  Rng r{seed * 0x2545f4914f6cdd1dull + 17};
  RandomCase c;
  c.seed = seed;
  c.schema = MakeSchema(r);
  c.today = RunDate(r);
  c.program = SchemaText(c.schema);
  std::vector<Def> defs;
  ExprMaker maker(r, c.schema, c.today, defs);
  const int count = static_cast<int>(r.Between(2, 4));
  for (int k = 0; k < count; ++k) {
    c.program += Definition(r, maker, defs, k);
    c.names.push_back(defs.back().name);
  }
  c.files = MakeData(r, c.schema, c.today);
  return c;
}

}  // namespace sam::differential
