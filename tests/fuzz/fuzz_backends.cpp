// libFuzzer target: arbitrary program text after a fixed schema, over fixed data (a
// customer with more than 64 events, customers without any, absent values), run by
// the interpreter and by the JIT (as `--backend jit` makes it and searching every
// window): every segment's members and every let's values must be the same, and an
// error must stop both or neither. A difference aborts with both answers.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backends/interp/backend.hpp"
#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"
#include "runtime/load/load.hpp"
#include "tests/differential/answers.hpp"
#include "tests/differential/random_schema.hpp"

namespace {

using namespace sam;
using namespace sam::differential;

constexpr int64_t kToday = 20780;  // 2026-11-23
constexpr size_t kMaxQuestions = 6;  // each is a kernel to compile: keep an input fast

RandomSchema Schema() {
  RandomSchema s;
  s.zone = "Europe/Amsterdam";
  s.enums = {{"color", {"red", "green", "blue"}}};
  auto field = [](const char* name, Kind k, bool optional, bool extreme = false) {
    Field f{name, k, optional, k == Kind::Enum ? 0 : -1, false, extreme};
    return f;
  };
  s.customer = {field("id", Kind::Int, false),         field("n", Kind::Int, false, true), field("amount", Kind::Decimal, true),
                field("score", Kind::Float, false),    field("vip", Kind::Bool, true),     field("country", Kind::String, false),
                field("born", Kind::Date, true),       field("seen", Kind::Timestamp, false), field("wait", Kind::Duration, true),
                field("tier", Kind::Enum, false),      field("gone", Kind::Int, true)};
  s.customer.back().all_absent = true;
  s.events.push_back({"orders", "ordered_at", false,
                      {field("total", Kind::Decimal, false), field("qty", Kind::Int, true, true),
                       field("channel", Kind::Enum, false), field("price", Kind::Float, true)}});
  s.events.push_back({"visits", "visit_day", true, {field("page", Kind::Int, false), field("ref", Kind::String, true)}});
  s.list = true;
  return s;
}

struct Fixture {
  RandomSchema schema = Schema();
  std::string text = SchemaText(schema);
  Frontend fe;
  std::optional<rt::Database> db;
  size_t tables = 0;
};

// The schema checked and its data loaded once; the data's seed is the first whose
// orders have a customer with more than 64 events (the JIT's search).
Fixture& Fixed() {
  static Fixture* f = [] {
    auto* x = new Fixture;
    CheckText(x->fe, "fuzz.sam", x->text);
    if (!x->fe.ir) {
      for (const auto& d : x->fe.diags.all()) std::fputs(RenderText(x->fe.sources, d, RenderOptions{false}).c_str(), stderr);
      std::abort();
    }
    x->tables = x->fe.ir->tables.size();
    const auto dir = std::filesystem::temp_directory_path() / ("sam-fuzz-backends-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (uint64_t seed = 1;; ++seed) {
      Rng r{seed};
      const auto files = MakeData(r, x->schema, kToday);
      const std::string& orders = files.at("orders.csv");
      if (std::count(orders.begin(), orders.end(), '\n') < 120) continue;
      for (const auto& [name, content] : files) std::ofstream(dir / name) << content;
      rt::LoadOptions lo;
      lo.data_dir = dir.string();
      lo.rejects_dir = (dir / "rejects").string();
      lo.threads = 1;
      rt::LoadReport report;
      x->db = rt::LoadDatabase(*x->fe.ir, lo, report);
      uint64_t most = 0;
      for (const rt::Table& t : x->db->tables) {
        if (t.offsets.empty()) continue;
        const uint64_t* o = t.Offsets();
        for (size_t c = 0; c < x->db->customer_count(); ++c) most = std::max<uint64_t>(most, o[c + 1] - o[c]);
      }
      if (most > 64) break;
    }
    std::filesystem::remove_all(dir);
    return x;
  }();
  return *f;
}

void Check(const std::vector<Answer>& expected, const std::vector<Answer>& got, const std::vector<Question>& questions,
           const std::string& text, const char* backend, const rt::Database& db) {
  for (size_t k = 0; k < questions.size(); ++k) {
    const std::string why = Difference(expected[k], got[k], false);
    if (why.empty()) continue;
    std::fprintf(stderr, "DIFFERENCE [%s] `%s`: %s\n  interp: %s\n  %s: %s\n--- program ---\n%s\n", backend,
                 questions[k].text.c_str(), why.c_str(), Describe(db, questions[k], expected[k]).c_str(), backend,
                 Describe(db, questions[k], got[k]).c_str(), text.c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Fixture& f = Fixed();
  const std::string text = f.text + std::string(reinterpret_cast<const char*>(data), size);
  Frontend fe;
  CheckText(fe, "fuzz.sam", text);
  // Only programs over the fixed schema: another table or field has no data.
  if (!fe.ir || fe.ir->tables.size() != f.tables) return 0;
  for (size_t t = 0; t < f.tables; ++t) {
    if (fe.ir->tables[t].fields.size() != f.fe.ir->tables[t].fields.size()) return 0;
  }
  std::vector<std::string> names;
  for (const auto& let : fe.ir->lets) names.push_back(let.name);
  std::vector<Question> questions = MakeQuestions(*fe.ir, *f.db, names, size);
  if (questions.size() > kMaxQuestions) questions.resize(kMaxQuestions);
  backend::Context context;
  context.today = kToday;
  context.threads = 1;
  const std::vector<Answer> expected = Ask(*interp::MakeBackend(), *fe.ir, *f.db, context, questions);
  Check(expected, Ask(*backend::MakeBackend("jit"), *fe.ir, *f.db, context, questions), questions, text, "jit", *f.db);
  Check(expected, Ask(*jit::MakeBackend(interp::MakeBackend(), {0}), *fe.ir, *f.db, context, questions), questions, text,
        "jit-search", *f.db);
  return 0;
}
