// `sam compile --target DIALECT PROGRAM`: the program's segments (or the queries of
// -e/-f) as SQL for an engine that holds the data (backends/sql/).
#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "backends/sql/sql.hpp"
#include "cli/commands.hpp"
#include "cli/engine_query.hpp"
#include "cli/output.hpp"
#include "compiler/driver/frontend.hpp"
#include "schema/time_zone.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {
namespace {

struct CompileOptions {
  std::string target;
  std::string program;
  std::vector<std::string> segments;
  std::vector<std::string> exprs;
  std::string file;  // -f: query text
  std::string date;
  std::vector<std::string> tables;     // NAME=ENGINE_NAME
  std::vector<std::string> row_order;  // TABLE=COLUMN
  bool create_tables = false;
};

std::vector<std::string> DialectNames() {
  std::vector<std::string> out;
  for (const sql::Dialect& d : sql::Dialects()) out.emplace_back(d.name);
  return out;
}

// --date, else the query text's `today DATE`, else today in the program's zone (noted).
std::optional<int64_t> RunDate(const CompileOptions& o, const ir::Program& program, std::optional<FileId> file) {
  const std::optional<int64_t> stated = file ? program.RunDateOf(*file) : std::nullopt;
  if (o.date.empty()) {
    if (stated) return stated;
    const int64_t today = LocalToday(program.timezone);
    fmt::print(stderr, "sam: note: run date {} (today in {}); give --date DATE to fix it\n", FormatDate(today),
               program.timezone);
    return today;
  }
  auto d = DecodeDate(o.date);
  if (const auto* e = std::get_if<LiteralError>(&d)) {
    fmt::print(stderr, "sam: error: --date: {}\n", e->message);
    return std::nullopt;
  }
  const int64_t date = std::get<int64_t>(d);
  if (stated && *stated != date) {
    fmt::print(stderr, "sam: note: --date {} overrides the query text's `today {}`\n", FormatDate(date),
               FormatDate(*stated));
  }
  return date;
}

// The lets of --segment, or every segment; -1 in the result: a name not found (printed).
std::optional<std::vector<int>> ChosenSegments(const CompileOptions& o, const ir::Program& p) {
  std::vector<int> out;
  for (size_t i = 0; i < p.lets.size(); ++i) {
    if (o.segments.empty() && p.lets[i].segment) out.push_back(static_cast<int>(i));
  }
  for (const std::string& name : o.segments) {
    auto it = std::find_if(p.lets.begin(), p.lets.end(), [&](const ir::Let& l) { return l.name == name; });
    if (it == p.lets.end()) {
      std::vector<std::string_view> names;
      for (const ir::Let& l : p.lets) names.push_back(l.name);
      fmt::print(stderr, "sam: error: no let or segment `{}` in {}{}\n", name, o.program, DidYouMean(name, names));
      return std::nullopt;
    }
    out.push_back(static_cast<int>(it - p.lets.begin()));
  }
  return out;
}

void Compile(const CompileOptions& o) {
  if (!sql::FindDialect(o.target)) {
    const std::vector<std::string> names = DialectNames();
    fmt::print(stderr, "sam: error: --target {}: no such dialect (one of {}){}\n", o.target, fmt::join(names, ", "),
               DidYouMean(o.target, std::vector<std::string_view>(names.begin(), names.end())));
    SetExitCode(2);
    return;
  }
  Frontend fe;
  CheckProgram(fe, {o.program});
  if (fe.io_error || !fe.ir || fe.diags.has_errors()) {
    OutputOptions out;
    out.max_errors_option = false;
    SetExitCode(std::max(1, PrintDiagnostics(fe, out)));
    return;
  }
  fe.diags = Diagnostics{};
  if (o.create_tables && (!o.exprs.empty() || !o.file.empty() || !o.segments.empty())) {
    fmt::print(stderr,
               "sam: error: --create-tables prints the program's tables alone: leave out --segment, -e and -f\n");
    SetExitCode(2);
    return;
  }
  if (!o.segments.empty() && (!o.exprs.empty() || !o.file.empty())) {
    fmt::print(stderr,
               "sam: error: --segment compiles the program's segments, -e and -f queries: give one or the other\n");
    SetExitCode(2);
    return;
  }
  std::optional<FileId> file;
  if (!o.exprs.empty() || !o.file.empty()) {
    std::string text;
    if (!o.file.empty()) {
      std::ifstream in(o.file);
      if (!in) {
        fmt::print(stderr, "sam: error: -f {}: cannot be read\n", o.file);
        SetExitCode(2);
        return;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      text = ss.str();
    }
    for (const auto& e : o.exprs) text += (text.empty() || text.back() == '\n' ? "" : "\n") + e + "\n";
    file = CompileQuery(fe, o.file.empty() ? "<query>" : o.file, text);
    if (!file) {
      SetExitCode(std::max(1, PrintDiagnostics(fe, {})));
      return;
    }
  }
  const ir::Program& program = *fe.ir;
  // Tables have no run date: no note for them.
  std::optional<int64_t> today = o.create_tables ? std::optional<int64_t>(0) : RunDate(o, program, file);
  std::optional<std::vector<int>> lets = ChosenSegments(o, program);
  if (!today || !lets) {
    SetExitCode(2);
    return;
  }
  sql::Request request;
  request.dialect = sql::FindDialect(o.target);
  request.today = *today;
  request.where = [&fe](const Span& s) {
    std::string where = fe.sources.Where(s);
    return where.substr(0, where.rfind(':'));
  };
  request.text = [&fe](const Span& s) { return std::string(fe.sources.Text(s)); };
  if (!NamePairs(o.tables, "--table", "NAME=ENGINE_TABLE", request.tables) ||
      !NamePairs(o.row_order, "--row-order", "TABLE=COLUMN", request.row_order) ||
      !CheckTableOptions(program, request.tables, request.row_order)) {
    SetExitCode(2);
    return;
  }
  if (o.create_tables) {
    fmt::print("{}", sql::CreateTables(program, *request.dialect, request.tables));
    SetExitCode(0);
    return;
  }
  std::vector<sql::Generated> statements;
  // Query text that declares segments but asks nothing: those segments.
  bool asks = false;
  for (const ir::Query& q : program.queries) asks = asks || (file && q.span.file == *file);
  if (file && !asks) {
    lets->clear();
    for (size_t i = 0; i < program.lets.size(); ++i) {
      if (program.lets[i].segment && program.lets[i].span.file == *file) lets->push_back(static_cast<int>(i));
    }
    if (lets->empty()) {
      fmt::print(stderr, "sam: error: the query text asks nothing and declares no segment\n");
      SetExitCode(2);
      return;
    }
  }
  if (file && asks) {
    for (size_t q = 0; q < program.queries.size(); ++q) {
      if (program.queries[q].span.file != *file) continue;
      if (program.queries[q].kind == ir::QueryKind::Why) {
        fe.diags.Report(DiagKind::UnsupportedInSql, program.queries[q].span,
                        fmt::format("`why` explains the engine's decisions: it has no {} form", o.target));
        continue;
      }
      request.query = static_cast<int>(q);
      statements.push_back(sql::Generate(program, request));
    }
  } else {
    request.lets = *lets;
    statements.push_back(sql::Generate(program, request));
  }
  std::string prelude, text;
  for (const sql::Generated& g : statements) {
    for (const sql::Unsupported& u : g.unsupported) {
      fe.diags.Report(DiagKind::UnsupportedInSql, u.span,
                      fmt::format("{} cannot be compiled to {} SQL yet", u.construct, o.target));
    }
    for (const sql::Unsupported& u : g.unordered_ties) {
      fe.diags
          .Report(DiagKind::SqlTieOrder, u.span,
                  fmt::format("of `{}` events at the same time, {} may take any; SAM takes them in file order",
                              u.construct, o.target))
          .Help(fmt::format("name a column that orders the rows as the files did: --row-order {}=COLUMN", u.construct));
    }
    if (prelude.empty()) prelude = g.prelude;
    text += (text.empty() ? "" : "\n") + g.statement;
  }
  const int code = PrintDiagnostics(fe, {});  // errors, and warnings above the SQL
  if (fe.diags.has_errors()) {
    SetExitCode(std::max(1, code));
    return;
  }
  fmt::print("-- {} SQL compiled by sam from {} for the run date {}\n", o.target, o.program, FormatDate(*today));
  if (!prelude.empty()) fmt::print("-- Helpers for this session:\n{}\n", prelude);
  fmt::print("{}", text);
  SetExitCode(0);
}

}  // namespace

void RegisterCompile(CLI::App& app) {
  auto o = std::make_shared<CompileOptions>();
  auto* cmd = app.add_subcommand("compile", "Compile a program's segments (or queries) to SQL for another engine");
  cmd->footer(
      "Examples:\n"
      "  sam compile --target postgres program.sam --date 2026-11-23          every segment, one row per customer\n"
      "  sam compile --target duckdb program.sam -e 'count at_risk'           one query\n"
      "  sam compile --target clickhouse program.sam --create-tables          the tables the SQL reads\n"
      "\nExit codes: 0 compiled, 1 the program has errors or a construct the dialect cannot express,\n"
      "2 usage or I/O errors.\n"
      "Docs: docs/sql.md (the SQL, each dialect, what can differ), docs/cli.md.");
  cmd->add_option("--target", o->target, "The SQL dialect: " + fmt::format("{}", fmt::join(DialectNames(), ", ")))
      ->required();
  cmd->add_option("program", o->program, "The .sam program")->required();
  cmd->add_option("--segment", o->segments, "Only this let or segment (repeatable); default: every segment");
  cmd->add_option("-e", o->exprs, "A query (`count SEGMENT`, `show ... where ...`) to compile instead (repeatable)");
  cmd->add_option("-f", o->file, "A file of queries (and declarations), by convention FILE.samq, to compile instead");
  cmd->add_option("--date", o->date,
                  "The run date YYYY-MM-DD the SQL answers for (default: today in the program's zone)")
      ->check(DateOption());
  cmd->add_option("--table", o->tables, "NAME=ENGINE_TABLE: the engine's name of a table of the program (repeatable)");
  cmd->add_option(
      "--row-order", o->row_order,
      "TABLE=COLUMN: a column ordering an event table's rows as its files did; first/last break ties by it");
  cmd->add_flag("--create-tables", o->create_tables, "Print CREATE TABLE statements for the program's tables instead");
  cmd->callback([o] { Compile(*o); });
}

}  // namespace sam::cli
