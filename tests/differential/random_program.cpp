#include "tests/differential/random_program.hpp"

#include <fmt/format.h>

#include <fstream>

#include "runtime/load/load.hpp"
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

std::string CaseText(const RandomCase& c) {
  std::string out = fmt::format("--- program (run date {}) ---\n{}", DateText(c.today), c.program);
  for (const auto& [name, text] : c.files) out += fmt::format("--- {} ---\n{}", name, text);
  return out;
}

std::optional<rt::Database> LoadCase(const RandomCase& c, const ir::Program& program, const std::filesystem::path& dir,
                                     std::string& error) {
  namespace fs = std::filesystem;
  for (const auto& entry : fs::directory_iterator(dir)) fs::remove_all(entry.path());
  for (const auto& [name, text] : c.files) std::ofstream(dir / name, std::ios::binary) << text;
  rt::LoadOptions lo;
  lo.data_dir = dir.string();
  lo.rejects_dir = (dir / "rejects").string();
  lo.threads = 1;
  rt::LoadReport report;
  rt::Database db = rt::LoadDatabase(program, lo, report);
  for (const auto& t : report.tables) {
    if (t.rejected != 0) error += fmt::format("{} rows of {} rejected\n", t.rejected, t.table);
  }
  if (!error.empty()) return std::nullopt;
  return db;
}

}  // namespace sam::differential
