#include "repl/session.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <set>
#include <system_error>
#include <utility>

#include "base/render.hpp"
#include "repl/input.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "schema/value_text.hpp"

namespace sam::repl {
namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Whether the text of file `file` declared anything that stays (a let, a segment, a
// campaign, a trigger).
bool Declares(const ir::Program& p, FileId file) {
  for (const auto& l : p.lets) {
    if (l.span.file == file) return true;
  }
  for (const auto& c : p.campaigns) {
    if (c.span.file == file) return true;
  }
  for (const auto& t : p.triggers) {
    if (t.span.file == file) return true;
  }
  return false;
}

}  // namespace

Session::Session(Frontend& fe, const rt::Database* db, backend::Backend& backend, SessionOptions options,
                 std::FILE* out, std::FILE* err)
    : fe_(fe), db_(db), backend_(backend), options_(std::move(options)), out_(out), err_(err) {}

Session::~Session() {
  if (file_) std::fclose(file_);
}

bool Session::Run(std::string_view text, std::string_view name, int line) {
  failed_ = false;
  interrupted_ = false;
  where_ = name.empty() ? std::string() : fmt::format("{}:{}: ", name, line);
  size_t begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string_view::npos) return true;
  // Whatever goes wrong in an input, the session and its definitions stay.
  try {
    if (IsCommand(text.substr(begin))) {
      last_.reset();
      return Dot(text.substr(begin));
    }
    Statements(text, name, line);
  } catch (const std::system_error& e) {  // a command's output could not be written
    write_failed_ = true;
    Error(fmt::format("cannot write: {}", e.what()));
  } catch (const std::exception& e) {
    Error(fmt::format("internal error: {} (the session goes on; please report the input)", e.what()));
  }
  std::fflush(out());
  return true;
}

void Session::Error(const std::string& message) {
  failed_ = true;
  fmt::print(err_, "{}error: {}\n", where_, message);
}

std::string_view Session::Text(Span span) const { return fe_.sources.Text(span); }

std::vector<std::string> Session::Redeclared(FileId file) const {
  std::vector<std::string> names;
  for (const ast::LetDecl& d : fe_.tree.lets) {
    if (d.span.file != file) continue;
    for (const ast::LetDecl& e : fe_.tree.lets) {
      if (e.span.file != file && session_files_.count(e.span.file) > 0 && e.name.text == d.name.text) {
        names.emplace_back(d.name.text);
        break;
      }
    }
  }
  return names;
}

bool Session::Print(const std::string& text) {
  std::FILE* to = out();
  if (std::fwrite(text.data(), 1, text.size(), to) == text.size() && std::fflush(to) == 0) return true;
  const std::string what = file_ ? "the `.output` file" : std::string("standard output");
  Error(fmt::format("cannot write the answer to {}: {}", what, std::strerror(errno)));
  std::clearerr(to);
  write_failed_ = true;
  return false;
}

void Session::Statements(std::string_view given, std::string_view name, int line) {
  const auto t0 = std::chrono::steady_clock::now();
  std::string text;
  const std::optional<FileId> file = Compile(given, name, line, text);
  if (file) Ask(*file, text, Since(t0));
}

std::optional<FileId> Session::Compile(std::string_view given, std::string_view name, int line, std::string& text) {
  ++inputs_;
  // A line that continues the declaration just made (`  and not ...` pasted from a
  // program) is run together with it, in place of it.
  text = given;
  std::optional<Declared> before;
  // What to put back when the joined input fails: the declaration as it stood.
  std::optional<std::pair<ast::Tree, std::optional<ir::Program>>> standing;
  if (last_ && ContinuesInput(given)) {
    before = std::move(last_);
    standing.emplace(std::move(fe_.tree), std::move(fe_.ir));
    fe_.tree = before->tree_before;
    fe_.ir = before->ir_before;
    text = before->text + (before->text.ends_with('\n') ? "" : "\n") + std::string(given);
    if (!before->name.empty()) name = before->name, line = before->line;
  }
  last_.reset();
  // Without its last line break: an input that ends too early is pointed at where
  // it ends, not at the line after it.
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  // Spans count lines from the text's start: lines before it make them the script's.
  const std::string source =
      (name.empty() ? std::string() : std::string(static_cast<size_t>(std::max(0, line - 1)), '\n')) + text;
  // Kept to put back: an input with errors leaves no trace, and one that declares
  // nothing is not checked again with every later input.
  ast::Tree tree = fe_.tree;
  std::optional<ir::Program> program = fe_.ir;
  fe_.diags = Diagnostics{};
  const std::string input_name = name.empty() ? fmt::format("<input {}>", inputs_) : std::string(name);
  std::optional<FileId> file = CompileQuery(fe_, input_name, source, true);
  // A let or segment this session declared before, declared again: the new one
  // replaces it (the program's own are not replaced).
  if (!file) {
    std::vector<std::string> again = Redeclared(static_cast<FileId>(fe_.sources.size() - 1));
    if (!again.empty()) {
      fe_.tree = tree;
      std::erase_if(fe_.tree.lets, [&](const ast::LetDecl& d) {
        return session_files_.count(d.span.file) > 0 &&
               std::find(again.begin(), again.end(), std::string(d.name.text)) != again.end();
      });
      fe_.diags = Diagnostics{};
      file = CompileQuery(fe_, input_name, source, true);
      if (file) {
        for (const std::string& n : again)
          fmt::print(err_, "note: `{}` is defined again: this definition replaces the last\n", n);
      }
    }
  }
  fe_.diags.Sort();
  for (const Diagnostic& d : fe_.diags.all())
    fmt::print(err_, "{}", RenderText(fe_.sources, d, RenderOptions{options_.color}));
  fe_.diags = Diagnostics{};
  if (!file) {
    failed_ = true;
    if (standing) {
      // The line that continued a declaration failed: the declaration stays as it was.
      fe_.tree = std::move(standing->first);
      fe_.ir = std::move(standing->second);
      fmt::print(err_, "note: what was declared before this line stays as it was\n");
    } else {
      fe_.tree = std::move(tree);
      fe_.ir = std::move(program);
    }
    return std::nullopt;
  }
  // A `today DATE` line sets the run date for the rest of the session, as `.date` does.
  if (std::optional<int64_t> day = fe_.ir->RunDateOf(*file); day && *day != options_.today) {
    fmt::print(err_, "note: run date {} from now on (it was {})\n", FormatDate(*day), FormatDate(options_.today));
    options_.today = *day;
  }
  if (!Declares(*fe_.ir, *file)) {
    fe_.tree = std::move(tree);
  } else {
    session_files_.insert(*file);
    const bool asks = std::any_of(fe_.ir->queries.begin(), fe_.ir->queries.end(),
                                  [&](const ir::Query& q) { return q.span.file == *file; });
    if (!asks) last_ = Declared{text, std::string(name), line, std::move(tree), std::move(program)};
  }
  return file;
}

void Session::Ask(FileId file, std::string_view text, double check_s) {
  if (std::none_of(fe_.ir->queries.begin(), fe_.ir->queries.end(),
                   [&](const ir::Query& q) { return q.span.file == file; })) {
    return;
  }
  if (!db_) {
    Error("no data to ask: start the REPL with --db FILE or --data DIR (without them it checks definitions only)");
    return;
  }
  query::QueryOptions qo;
  qo.today = options_.today;
  qo.threads = options_.threads;
  qo.interrupt = options_.interrupt;
  if (options_.explain) {
    qo.explain = [this, today = qo.today](const ir::Query& q, uint64_t customer, query::QueryResult& out) {
      options_.explain(q, customer, today, out);
    };
  }
  const auto t1 = std::chrono::steady_clock::now();
  std::vector<query::QueryResult> results;
  double setup_s = 0;
  // Whatever happens, the progress line is gone before anything is printed.
  struct Progress {
    const SessionOptions& o;
    Progress(const SessionOptions& options, std::string_view text) : o(options) {
      if (o.progress) o.progress(fmt::format("`{}`", text.substr(0, text.find('\n'))));
    }
    ~Progress() {
      if (o.progress) o.progress("");
    }
  };
  try {
    const Progress progress(options_, text);
    results = query::RunQueries(*fe_.ir, file, fe_.sources.Get(file).text(), *db_, backend_, qo, &setup_s);
  } catch (const rt::RuntimeError& e) {
    failed_ = true;
    if (e.span.end > e.span.begin && e.span.file < fe_.sources.size()) {
      fmt::print(err_, "{}: error: {}\n{}", RenderLocation(fe_.sources, e.span), e.what(),
                 RenderSnippet(fe_.sources, e.span, RenderOptions{options_.color}));
    } else {
      fmt::print(err_, "error: {}\n", e.what());
    }
    return;
  } catch (const rt::SnapshotError& e) {
    Error(e.what());
    return;
  } catch (const backend::Interrupted&) {
    interrupted_ = true;
    Error("interrupted: the query was stopped (Ctrl-C); nothing of it is printed");
    return;
  }
  const double run_s = Since(t1);
  const query::Fit fit = options_.fit && !file_ ? options_.fit() : query::Fit{};
  for (const auto& r : results) Print(query::Format(r, mode_, qo.today, results.size() > 1, fit));
  if (timer_) {
    fmt::print(err_, "check {:.1f} ms, run {:.1f} ms (preparing {:.1f} ms), answered by {}\n", check_s * 1e3,
               run_s * 1e3, setup_s * 1e3,
               options_.answered_by ? options_.answered_by() : std::string(backend_.name()));
  }
}

}  // namespace sam::repl
