// A REPL session: statements typed one after another against a program, its
// definitions kept for the rest of the session, its answers printed in the chosen
// mode. The terminal (line editing, history, completion) is the CLI's (cli/
// repl_command.cpp); this is what happens to a whole input once it is complete.
#pragma once

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "backends/backend.hpp"
#include "compiler/driver/frontend.hpp"
#include "query/format.hpp"
#include "runtime/data/database.hpp"

namespace sam::repl {

struct SessionOptions {
  std::string program_path;  // the program's file, which `.save` imports
  int64_t today = 0;         // the run date, days since 1970-01-01 (`.date` changes it)
  int threads = 0;           // 0: one per hardware thread
  bool color = false;        // diagnostics in colour
  // Set (the terminal's Ctrl-C): a query stops once it holds, and the session goes on.
  const std::atomic<bool>* interrupt = nullptr;
  // Answers `why KEY CAMPAIGN` as of the run date given (query::QueryOptions::explain,
  // with the session's run date); unset, `why` says what to give.
  std::function<void(const ir::Query& q, uint64_t customer, int64_t today, query::QueryResult& out)> explain;
  // How much of a table the terminal shows (query::Fit); unset or zero: everything
  // (a pipe, a file, `.output`).
  std::function<query::Fit()> fit;
  // Called with what is being asked before questions run, and with "" after (before
  // anything is printed): the terminal's progress line.
  std::function<void(const std::string& what)> progress;
  // For `.timer`: which backend answered since the last call ("interpreter",
  // "compiled code", ...); unset: the backend's name.
  std::function<std::string()> answered_by;
};

class Session {
 public:
  // `fe`: a program that CheckProgram checked without errors. `db`: its data, or null
  // (definitions are checked, queries refused). `backend` answers the queries.
  Session(Frontend& fe, const rt::Database* db, backend::Backend& backend, SessionOptions options, std::FILE* out,
          std::FILE* err);
  ~Session();

  // Runs one whole input (Complete): a dot command, or statements and declarations.
  // Returns false after `.quit`. Errors are printed; they never end the session.
  // Diagnostics name the input `<input N>` (the Nth of the session), or `name` with
  // the text's first line as `line` (a script read from standard input or `.read`).
  bool Run(std::string_view text, std::string_view name = {}, int line = 1);
  // Whether the last input failed (a diagnostic, a runtime error, a bad command).
  bool failed() const { return failed_; }
  // Whether an answer could not be written (a full disk, a closed pipe).
  bool write_failed() const { return write_failed_; }
  // The program as it stands, with the session's definitions (completion).
  const ir::Program* program() const { return fe_.ir ? &*fe_.ir : nullptr; }

 private:
  void Statements(std::string_view text, std::string_view name, int line);
  // Checks an input against the program and what the session declared (joined with
  // the declaration before it when it continues it; replacing the session's own
  // declarations of its names); prints its diagnostics. Its file, or nothing after an
  // error (the session then as before). `text` receives the input as compiled.
  std::optional<FileId> Compile(std::string_view given, std::string_view name, int line, std::string& text);
  // Answers the questions of a compiled input (`check_s`: its checking, for `.timer`).
  void Ask(FileId file, std::string_view text, double check_s);
  bool Dot(std::string_view line);
  void Help();
  void Schema(std::string_view table);
  void Segments();
  void Explain(std::string_view name);
  void Save(std::string_view path);
  void Read(std::string_view path);
  void Output(std::string_view path);
  void SetDate(std::string_view date);
  void Error(const std::string& message);
  // Writes to the answers' stream; false, after an error, when it cannot.
  bool Print(const std::string& text);
  // The source text of a span.
  std::string_view Text(Span span) const;
  std::FILE* out() const { return file_ ? file_ : out_; }

  Frontend& fe_;
  const rt::Database* db_;
  backend::Backend& backend_;
  SessionOptions options_;
  std::FILE* out_;
  std::FILE* err_;
  std::FILE* file_ = nullptr;  // `.output FILE`
  query::Mode mode_ = query::Mode::Table;
  bool timer_ = false;
  bool failed_ = false;
  bool interrupted_ = false;
  bool write_failed_ = false;  // the last input's question was stopped (Ctrl-C)
  std::string where_;          // `name:line: ` of the input running, for a command's errors
  // The last input, when it was a declaration and nothing followed it: a line that
  // continues it (ContinuesInput) is run together with it, in place of it.
  struct Declared {
    std::string text, name;
    int line = 1;
    ast::Tree tree_before;
    std::optional<ir::Program> ir_before;
  };
  std::optional<Declared> last_;
  int inputs_ = 0;
  int reading_ = 0;                 // `.read` depth (a file that reads itself stops)
  std::set<FileId> session_files_;  // the inputs whose declarations are kept
  // The lets and segments of input `file` that an earlier input of the session
  // declared too (the new one replaces them).
  std::vector<std::string> Redeclared(FileId file) const;
};

}  // namespace sam::repl
