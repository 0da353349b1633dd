// Execution goldens: every tests/golden/run/**/*.sam file is a program with its own
// tiny data, queries and the rows each query must give, all in `//` comments (so the
// file itself is the program that is checked). The runner writes the DATA blocks to a
// temporary folder, loads them, and runs each QUERY on every backend, comparing with
// its EXPECT block. The format is described in tests/README.md.
//
//   golden_run                      every file, every backend
//   golden_run --backend interp     one backend (repeatable)
//   golden_run --update [FILTER]    rewrite EXPECT blocks from the first backend's output
//   golden_run FILTER...            only files whose path contains one of the FILTERs
//
// The expectations are meant to be worked out by hand from the docs; a file whose
// expectation SAM does not meet yet carries `// KNOWN-BUG: why`: its mismatches are
// printed but do not fail the run, and a KNOWN-BUG file that passes fails it (so the
// header goes when the bug is fixed).
#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "backends/interp/backend.hpp"
#include "backends/jit_module.hpp"
#include "backends/registry.hpp"
#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/query.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "runtime/load/load.hpp"
#include "schema/value_text.hpp"
#include "tests/support/query_text.hpp"
#include "tests/support/temp_dir.hpp"

namespace fs = std::filesystem;
using namespace sam;

namespace {

constexpr std::string_view kRunDir = "tests/golden/run";
constexpr std::string_view kDefaultToday = "2026-11-23";
// Issue 14 asks for at least this many files; fewer means files went missing.
constexpr size_t kMinFiles = 40;

// ---- the file format ----

struct Query {
  std::string text;
  size_t line = 0;                      // of `// QUERY`, 1-based
  bool expect_error = false;            // `// EXPECT-ERROR substring`
  std::vector<std::string> expected;    // rows, or the one substring
  size_t expect_begin = 0, expect_end = 0;  // lines [begin, end) of the EXPECT block (0-based)
};

struct GoldenFile {
  std::string path;
  std::vector<std::string> lines;
  std::string today = std::string(kDefaultToday);
  uint64_t rejects = 0;
  std::string known_bug;  // empty: none
  std::vector<std::pair<std::string, std::string>> data;  // file name, contents
  std::vector<Query> queries;
  std::string error;  // a malformed file
};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// The text of a `//` line without the `//` and one space; nullopt for other lines.
std::optional<std::string_view> CommentText(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (!StartsWith(line, "//")) return std::nullopt;
  line.remove_prefix(2);
  if (StartsWith(line, " ")) line.remove_prefix(1);
  return line;
}

bool IsDirective(std::string_view c) {
  return StartsWith(c, "DATA ") || StartsWith(c, "QUERY ") || c == "EXPECT" || StartsWith(c, "EXPECT-ERROR ") ||
         StartsWith(c, "RUN:") || StartsWith(c, "KNOWN-BUG:");
}

// The `//` lines after line i up to the next directive or non-comment line; `i` ends
// on the last line of the block.
std::vector<std::string> Block(const std::vector<std::string>& lines, size_t& i) {
  std::vector<std::string> out;
  while (i + 1 < lines.size()) {
    auto c = CommentText(lines[i + 1]);
    if (!c || IsDirective(*c)) break;
    out.emplace_back(*c);
    ++i;
  }
  return out;
}

void ParseRunOptions(GoldenFile& g, std::string_view options) {
  std::istringstream in{std::string(options)};
  std::string word;
  while (in >> word) {
    if (StartsWith(word, "today=")) {
      g.today = word.substr(6);
    } else if (StartsWith(word, "rejects=")) {
      g.rejects = std::stoull(word.substr(8));
    } else {
      g.error = fmt::format("unknown RUN option `{}`", word);
    }
  }
}

GoldenFile Parse(const std::string& path, const std::string& text) {
  GoldenFile g;
  g.path = path;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) g.lines.push_back(l);
  for (size_t i = 0; i < g.lines.size() && g.error.empty(); ++i) {
    auto c = CommentText(g.lines[i]);
    if (!c) continue;
    if (StartsWith(*c, "RUN:")) {
      ParseRunOptions(g, c->substr(4));
    } else if (StartsWith(*c, "KNOWN-BUG:")) {
      g.known_bug = std::string(c->substr(10));
    } else if (StartsWith(*c, "DATA ")) {
      std::string name(c->substr(5));
      std::string contents;
      for (const auto& row : Block(g.lines, i)) contents += row + "\n";
      g.data.emplace_back(name, contents);
    } else if (StartsWith(*c, "QUERY ")) {
      Query q;
      q.line = i + 1;
      q.text = std::string(c->substr(6));
      for (const auto& more : Block(g.lines, i)) q.text += "\n" + more;
      g.queries.push_back(q);
    } else if (*c == "EXPECT" || StartsWith(*c, "EXPECT-ERROR ")) {
      if (g.queries.empty() || g.queries.back().expect_end != 0) {
        g.error = fmt::format("line {}: an EXPECT without its QUERY", i + 1);
        break;
      }
      Query& q = g.queries.back();
      q.expect_begin = i;
      q.expect_error = *c != "EXPECT";
      q.expected = q.expect_error ? std::vector<std::string>{std::string(c->substr(13))} : Block(g.lines, i);
      q.expect_end = i + 1;
    }
  }
  for (const Query& q : g.queries) {
    if (q.expect_end == 0 && g.error.empty()) g.error = fmt::format("line {}: a QUERY without EXPECT", q.line);
  }
  if (g.queries.empty() && g.error.empty()) g.error = "no QUERY";
  return g;
}

// ---- backends ----

// What one query gave: its rows as CSV lines (a count: the number alone), or an error.
struct Outcome {
  bool error = false;
  std::vector<std::string> rows;  // or the error message, as one line
};

// Everything a backend gets: the checked program, the data as loaded by the runtime,
// and the folder with the CSV files (for a backend that reads them its own way).
struct Case {
  Frontend& fe;
  const rt::Database& db;
  const fs::path& data_dir;
  int64_t today;
};

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string out;
  for (size_t k = 0; k < cells.size(); ++k) out += (k ? "," : "") + CsvField(cells[k]);
  return out;
}

// `path:line:col: message` for a runtime error, as `sam query` prints it (without the
// directory: goldens move).
std::string DescribeRuntimeError(const Frontend& fe, const rt::RuntimeError& e) {
  if (e.span.end <= e.span.begin || e.span.file >= fe.sources.size()) return e.what();
  const SourceFile& f = fe.sources.Get(e.span.file);
  LineCol at = f.Locate(e.span.begin);
  return fmt::format("{}:{}:{}: {}", fs::path(f.path()).filename().string(), at.line, at.col, e.what());
}

// One backend's answer.
Outcome RunBackend(Case& c, const std::string& text, backend::Backend& backend) {
  Outcome out;
  query::QueryOptions options;
  options.today = c.today;
  options.threads = 1;
  std::vector<query::QueryResult> results;
  c.fe.diags = Diagnostics{};
  try {
    if (!testing::RunQueryText(c.fe, c.db, "<query>", text, backend, options, results)) {
      out.error = true;
      std::string all;
      for (const auto& d : c.fe.diags.all()) all += RenderText(c.fe.sources, d, RenderOptions{false});
      out.rows = {"the query does not check: " + all};
      return out;
    }
  } catch (const rt::RuntimeError& e) {
    out.error = true;
    out.rows = {DescribeRuntimeError(c.fe, e)};
    return out;
  }
  if (results.size() != 1) return Outcome{true, {fmt::format("{} results, expected one", results.size())}};
  const query::QueryResult& r = results[0];
  if (r.kind == ir::QueryKind::Count) {
    out.rows = {std::to_string(r.count)};
    return out;
  }
  // One line per line of output: a quoted cell may hold a line break, and EXPECT
  // blocks hold lines.
  std::string csv = CsvLine(r.columns);
  for (const auto& row : r.rows) csv += "\n" + CsvLine(row);
  std::istringstream lines(csv);
  for (std::string l; std::getline(lines, l);) out.rows.push_back(l);
  if (!csv.empty() && csv.back() == '\n') out.rows.push_back("");
  return out;
}

struct Backend {
  std::string_view name;
  Outcome (*run)(Case&, const std::string& text);
};

// Every backend that exists. A new one (a JIT, SQL) is one more entry.
// The reference interpreter with its straight-from-the-columns aggregates and with
// the general event scopes only, which must agree; the JIT (LLVM's code for what it
// compiles, the interpreter for the rest).
const Backend kBackends[] = {
    {"interp", [](Case& c, const std::string& t) { return RunBackend(c, t, *interp::MakeBackend(true)); }},
    {"interp-scopes", [](Case& c, const std::string& t) { return RunBackend(c, t, *interp::MakeBackend(false)); }},
    {"jit", [](Case& c, const std::string& t) { return RunBackend(c, t, *backend::MakeBackend("jit")); }},
    // The JIT searching every customer's window (it scans a few events otherwise).
    {"jit-search",
     [](Case& c, const std::string& t) { return RunBackend(c, t, *jit::MakeBackend(interp::MakeBackend(), {0})); }},
};

// ---- running a file ----

struct Totals {
  size_t files = 0, runs = 0, passed = 0, failed = 0, known = 0, errors = 0, updated = 0;
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}


// Loads the DATA blocks; a rejected row is an error unless the file counts it with
// `// RUN: rejects=N`. Then the rejects files' rows are shown.
rt::Database LoadData(const GoldenFile& g, const ir::Program& program, const fs::path& dir) {
  for (const auto& [name, contents] : g.data) {
    std::ofstream(dir / name, std::ios::binary) << contents;
  }
  rt::LoadOptions lo;
  lo.data_dir = dir.string();
  lo.rejects_dir = (dir / "rejects").string();
  lo.threads = 1;
  rt::LoadReport report;
  rt::Database db = rt::LoadDatabase(program, lo, report);
  uint64_t rejected = 0;
  std::string reasons;
  for (const auto& t : report.tables) {
    rejected += t.rejected;
    if (!t.rejects_path.empty()) reasons += ReadFile(t.rejects_path);
  }
  if (rejected != g.rejects) {
    throw std::runtime_error(
        fmt::format("the loader rejected {} rows, the file expects {} (`// RUN: rejects=N`):\n{}", rejected, g.rejects, reasons));
  }
  return db;
}

// Whether `message` contains the pieces of `pattern` (separated by ` ... `) in order.
bool ContainsInOrder(const std::string& message, const std::string& pattern) {
  size_t at = 0, from = 0;
  while (true) {
    size_t dots = pattern.find(" ... ", from);
    std::string piece = pattern.substr(from, dots == std::string::npos ? std::string::npos : dots - from);
    at = message.find(piece, at);
    if (at == std::string::npos) return false;
    at += piece.size();
    if (dots == std::string::npos) return true;
    from = dots + 5;
  }
}

bool Matches(const Query& q, const Outcome& o) {
  if (q.expect_error) return o.error && o.rows.size() == 1 && ContainsInOrder(o.rows[0], q.expected[0]);
  return !o.error && o.rows == q.expected;
}

void PrintMismatch(const GoldenFile& g, const Query& q, std::string_view backend, const Outcome& o, bool known) {
  fmt::print("{} {}:{} [{}] `{}`\n", known ? "KNOWN-BUG" : "FAIL", g.path, q.line, backend, q.text);
  fmt::print("  expected{}:\n", q.expect_error ? " an error containing" : "");
  for (const auto& l : q.expected) fmt::print("    |{}\n", l);
  fmt::print("  actual{}:\n", o.error ? " error" : "");
  for (const auto& l : o.rows) fmt::print("    |{}\n", l);
}

// The file with each EXPECT block replaced by what `actual` gave.
std::string Rewrite(const GoldenFile& g, const std::vector<Outcome>& actual) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < g.lines.size(); ++i) {
    if (next < g.queries.size() && i == g.queries[next].expect_begin) {
      const Outcome& o = actual[next];
      if (o.error) {
        out += "// EXPECT-ERROR " + o.rows[0] + "\n";
      } else {
        out += "// EXPECT\n";
        for (const auto& r : o.rows) out += (r.empty() ? "//" : "// " + r) + "\n";
      }
      i = g.queries[next++].expect_end - 1;
      continue;
    }
    out += g.lines[i] + "\n";
  }
  return out;
}

void RunFile(const fs::path& path, const std::vector<const Backend*>& backends, bool update, Totals& t) {
  GoldenFile g = Parse(path.string(), ReadFile(path));
  ++t.files;
  auto file_error = [&](const std::string& why) {
    fmt::print("ERROR {}: {}\n", g.path, why);
    ++t.errors;
  };
  if (!g.error.empty()) return file_error(g.error);
  Frontend fe;
  CheckProgram(fe, {g.path});
  if (!fe.ir) {
    std::string all;
    for (const auto& d : fe.diags.all()) {
      if (d.severity == Severity::Error) all += RenderText(fe.sources, d, RenderOptions{false});
    }
    // A bug of the checker against the docs: reported, not failed, like a mismatch.
    if (!g.known_bug.empty()) {
      fmt::print("KNOWN-BUG {}: does not check ({}):\n{}", g.path, g.known_bug, all);
      ++t.known;
      return;
    }
    return file_error("the program does not check:\n" + all);
  }
  auto today = DecodeDate(g.today);
  if (auto* e = std::get_if<LiteralError>(&today)) return file_error("today=" + g.today + ": " + e->message);
  try {
    testing::TempDir dir("sam-golden-run");
    rt::Database db = LoadData(g, *fe.ir, dir.path);
    Case c{fe, db, dir.path, std::get<int64_t>(today)};
    bool any_mismatch = false;
    std::vector<Outcome> first;
    for (const Backend* b : backends) {
      for (const Query& q : g.queries) {
        Outcome o = b->run(c, q.text);
        if (first.size() < g.queries.size()) first.push_back(o);
        ++t.runs;
        if (Matches(q, o)) {
          ++t.passed;
          continue;
        }
        any_mismatch = true;
        if (update) continue;
        PrintMismatch(g, q, b->name, o, !g.known_bug.empty());
        ++(g.known_bug.empty() ? t.failed : t.known);
      }
    }
    if (update && any_mismatch) {
      // Its expectations are right and SAM is wrong: never overwrite them.
      if (!g.known_bug.empty()) {
        fmt::print("not updated (KNOWN-BUG): {}\n", g.path);
        return;
      }
      std::ofstream(path, std::ios::binary | std::ios::trunc) << Rewrite(g, first);
      fmt::print("updated {}\n", g.path);
      ++t.updated;
    } else if (!g.known_bug.empty() && !any_mismatch) {
      file_error("marked KNOWN-BUG (" + g.known_bug + ") but every query passes: remove the header");
    }
  } catch (const std::exception& e) {
    file_error(e.what());
  }
}

int Usage() {
  fmt::print(stderr, "usage: golden_run [--backend NAME]... [--update] [FILTER...]\nbackends:");
  for (const auto& b : kBackends) fmt::print(stderr, " {}", b.name);
  fmt::print(stderr, "\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<const Backend*> backends;
  std::vector<std::string> filters;
  bool update = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--update") {
      update = true;
    } else if (a == "--backend" && i + 1 < argc) {
      std::string_view name = argv[++i];
      auto it = std::find_if(std::begin(kBackends), std::end(kBackends), [&](const Backend& b) { return b.name == name; });
      if (it == std::end(kBackends)) return Usage();
      backends.push_back(&*it);
    } else if (StartsWith(a, "-")) {
      return Usage();
    } else {
      filters.emplace_back(a);
    }
  }
  if (backends.empty()) {
    for (const auto& b : kBackends) backends.push_back(&b);
  }
  if (chdir(SAM_SOURCE_DIR) != 0) {
    fmt::print(stderr, "golden_run: cannot enter {}\n", SAM_SOURCE_DIR);
    return 2;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(kRunDir)) {
    std::string p = e.path().string();
    bool wanted = filters.empty() || std::any_of(filters.begin(), filters.end(), [&](const auto& f) { return p.find(f) != std::string::npos; });
    if (e.is_regular_file() && e.path().extension() == ".sam" && wanted) files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  Totals t;
  for (const auto& f : files) RunFile(f, backends, update, t);
  fmt::print("golden_run: {} files, {} query runs: {} passed, {} failed, {} known bugs, {} file errors{}\n", t.files,
             t.runs, t.passed, t.failed, t.known, t.errors, update ? fmt::format(", {} files updated", t.updated) : "");
  if (filters.empty() && files.size() < kMinFiles) {
    fmt::print("golden_run: only {} files in {}, expected at least {}\n", files.size(), kRunDir, kMinFiles);
    return 1;
  }
  return t.failed || t.errors || files.empty() ? 1 : 0;
}
