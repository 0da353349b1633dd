// The front end as one call: read a program's files (following imports), parse them,
// build the AST, and check it. Every command of the CLI and every test goes
// through here, so the pipeline is assembled in one place.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/source.hpp"
#include "compiler/ast/ast.hpp"
#include "compiler/check/sema.hpp"
#include "grammar/parse.hpp"
#include "ir/ir.hpp"

namespace sam {

struct Frontend {
  SourceManager sources;
  Diagnostics diags;
  ast::Tree tree;
  sema::Program sema;  // filled by CheckProgram / CheckText
  std::optional<ir::Program> ir;  // when the program checked without errors
  std::vector<FileId> roots;  // the files named on the command line
  bool io_error = false;      // a file could not be read (exit code 2)
  std::vector<std::string> io_messages;
  std::vector<std::pair<std::string, double>> timings;  // stage, seconds (`--timer`)
};

// Reads `paths` and everything they import, and builds the AST of all of them.
void LoadProgram(Frontend& fe, const std::vector<std::string>& paths);

// LoadProgram, then name resolution, type checking and the marketing checks. This is
// what `sam check` runs; tests call it in-process.
void CheckProgram(Frontend& fe, const std::vector<std::string>& paths);

// Checks a text as a program of its own (fuzzing, editor buffers). `name` is the
// path shown in diagnostics; imports are resolved relative to it.
void CheckText(Frontend& fe, std::string name, std::string text);

// Compiles query text (`sam query -e`, a REPL line: queries and declarations) against
// a program compiled by CheckProgram: checks and lowers the whole again, so that fe.ir
// holds the program's lets and the text's queries (those whose span is in the
// returned file). Only the diagnostics of the text are added to fe.diags (the
// program's were reported already). Returns nothing when the text has errors. Unless
// `keep` (a REPL line whose lets should stay), the text leaves no trace in the
// program's tree afterwards, so that every query text is checked against the program
// alone, in the same time however many came before it (fe.sources keeps the text, for
// the spans of fe.ir and of diagnostics). This is the only compilation a query needs:
// what runs it (query/, a backend) never calls back into the compiler.
std::optional<FileId> CompileQuery(Frontend& fe, std::string name, std::string text, bool keep = false);

// Adds a piece of text (a REPL line, a `-e` query) as a file of its own.
FileId AddText(Frontend& fe, std::string name, std::string text, grammar::Entry entry);

}  // namespace sam
