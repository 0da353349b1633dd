#include "compiler/driver/frontend.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "compiler/ast/build.hpp"
#include "compiler/check/check.hpp"
#include "compiler/driver/load.hpp"
#include "compiler/lower/lower.hpp"
#include "ir/passes/pass.hpp"
#include "ir/verify.hpp"

namespace sam {
namespace {

namespace fs = std::filesystem;

// What the checker must know of the parse's errors (since `errors` errors, `kept`
// diagnostics): after any, uses may be lost; after an unterminated comment, the rest
// of the file, with whatever it declares.
void NoteSyntaxErrors(Frontend& fe, size_t errors, size_t kept) {
  if (fe.diags.error_count() == errors) return;
  fe.tree.syntax_errors = true;
  const auto& all = fe.diags.all();
  for (size_t i = kept; i < all.size(); ++i) {
    if (all[i].kind == DiagKind::UnterminatedComment) fe.tree.incomplete = true;
  }
}

void ParseFile(Frontend& fe, FileId id, grammar::Entry entry) {
  const SourceFile& file = fe.sources.Get(id);
  if (!ValidateText(file, id, fe.diags)) {
    fe.tree.incomplete = true;
    // Still register the file so imports and roots line up; no declarations.
    fe.tree.files.push_back(ast::File{id, {}, {}});
    return;
  }
  auto t0 = std::chrono::steady_clock::now();
  size_t errors = fe.diags.error_count(), kept = fe.diags.all().size();
  auto root = grammar::Parse(file, id, entry, fe.diags);
  NoteSyntaxErrors(fe, errors, kept);
  auto t1 = std::chrono::steady_clock::now();
  ast::BuildAst(*root, id, fe.tree, fe.diags);
  auto t2 = std::chrono::steady_clock::now();
  root.reset();
  fe.timings.emplace_back("parse", std::chrono::duration<double>(t1 - t0).count());
  fe.timings.emplace_back("ast", std::chrono::duration<double>(t2 - t1).count());
  fe.timings.emplace_back("free parse tree", std::chrono::duration<double>(std::chrono::steady_clock::now() - t2).count());
}

// Loads one file and, depth first, its imports. `stack` holds the files being
// loaded, to report import cycles with their path.
void LoadFile(Frontend& fe, const std::string& path, std::vector<FileId>& stack, const ast::Import* via) {
  std::string canonical = path;
  std::error_code ec;
  fs::path abs = fs::weakly_canonical(fs::path(path), ec);
  if (!ec) canonical = abs.string();
  int existing = -1;
  for (size_t i = 0; i < fe.sources.size(); ++i) {
    std::error_code ec2;
    fs::path other = fs::weakly_canonical(fs::path(fe.sources.Get(static_cast<FileId>(i)).path()), ec2);
    if (!ec2 && other.string() == canonical) existing = static_cast<int>(i);
  }
  if (existing >= 0) {
    FileId id = static_cast<FileId>(existing);
    for (size_t i = 0; i < stack.size(); ++i) {
      if (stack[i] != id) continue;
      std::string cycle;
      for (size_t j = i; j < stack.size(); ++j) cycle += fe.sources.Get(stack[j]).path() + " -> ";
      cycle += fe.sources.Get(id).path();
      if (via) fe.diags.Report(DiagKind::ImportCycle, via->span, fmt::format("import cycle: {}", cycle));
    }
    return;  // already loaded (diamond imports load once)
  }
  std::string error;
  auto id = ReadSource(fe.sources, path, &error);
  if (!id) {
    if (via) {
      fe.diags.Report(DiagKind::ImportNotFound, via->span, fmt::format("cannot import `{}`: {}", via->path, error.substr(error.find(": ") + 2)));
      fe.tree.incomplete = true;
    } else {
      fe.io_error = true;
      fe.io_messages.push_back(error);
    }
    return;
  }
  if (error == "too-large") {
    fe.diags.Report(DiagKind::FileTooLarge, Span{*id, 0, 0},
                    fmt::format("file is larger than {} MiB", kMaxSourceBytes >> 20));
    fe.tree.incomplete = true;
    fe.tree.files.push_back(ast::File{*id, {}, {}});
    return;
  }
  if (!via) fe.roots.push_back(*id);
  ParseFile(fe, *id, grammar::Entry::Program);
  // Imports are relative to the importing file.
  std::vector<ast::Import> imports;
  for (const auto& f : fe.tree.files) {
    if (f.id == *id) imports = f.imports;
  }
  stack.push_back(*id);
  fs::path dir = fs::path(path).parent_path();
  for (const auto& imp : imports) {
    fs::path target = fs::path(imp.path).is_absolute() ? fs::path(imp.path) : dir / imp.path;
    LoadFile(fe, target.lexically_normal().string(), stack, &imp);
  }
  stack.pop_back();
}

// The pipeline after checking, in one place: lower to IR, then the passes in order.
void Compile(Frontend& fe) {
  auto t0 = std::chrono::steady_clock::now();
  fe.sema = Check(fe.tree, fe.sources, fe.roots, fe.diags);
  auto t1 = std::chrono::steady_clock::now();
  fe.timings.emplace_back("check", std::chrono::duration<double>(t1 - t0).count());
  if (!fe.sema.ok || fe.diags.has_errors()) return;
  fe.ir = Lower(fe.tree, fe.sema);
  std::unique_ptr<ir::Pass> passes[] = {ir::MakeFoldConstants(), ir::MakeConstantConditionLint(),
                                        ir::MakeMarkUnusedLets()};
  for (auto& pass : passes) pass->Run(*fe.ir, fe.diags);
  // What every backend assumes of the IR; a violation is a bug of the compiler.
  if (std::vector<std::string> errors = ir::Verify(*fe.ir); !errors.empty()) {
    throw std::logic_error("the compiler produced an invalid IR: " + errors[0]);
  }
  fe.timings.emplace_back("lower+passes", std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count());
}

}  // namespace

void LoadProgram(Frontend& fe, const std::vector<std::string>& paths) {
  for (const auto& p : paths) {
    std::vector<FileId> stack;
    LoadFile(fe, p, stack, nullptr);
  }
}

void CheckProgram(Frontend& fe, const std::vector<std::string>& paths) {
  LoadProgram(fe, paths);
  if (fe.io_error) return;
  Compile(fe);
}

void CheckText(Frontend& fe, std::string name, std::string text) {
  FileId id = AddText(fe, std::move(name), std::move(text), grammar::Entry::Program);
  fe.roots.push_back(id);
  // Imports of the text, relative to its name.
  std::vector<FileId> stack{id};
  std::vector<ast::Import> imports = fe.tree.files.back().imports;
  fs::path dir = fs::path(fe.sources.Get(id).path()).parent_path();
  for (const auto& imp : imports) {
    fs::path target = fs::path(imp.path).is_absolute() ? fs::path(imp.path) : dir / imp.path;
    LoadFile(fe, target.lexically_normal().string(), stack, &imp);
  }
  Compile(fe);
}

std::optional<FileId> CompileQuery(Frontend& fe, std::string name, std::string text, bool keep) {
  Diagnostics before = std::move(fe.diags);
  fe.diags = Diagnostics{};
  std::optional<ast::Tree> program;
  if (!keep) program = fe.tree;
  FileId id = AddText(fe, std::move(name), std::move(text), grammar::Entry::Query);
  fe.ir.reset();
  Compile(fe);
  // fe.sema describes the tree with the text; only fe.ir is used after this.
  if (program) fe.tree = std::move(*program);
  Diagnostics all = std::move(fe.diags);
  fe.diags = std::move(before);
  bool errors = false;
  for (const auto& d : all.all()) {
    if (d.span.file != id) continue;
    fe.diags.Report(d.kind, d.span, d.message) = d;
    errors = errors || d.severity == Severity::Error;
  }
  if (errors || !fe.ir) return std::nullopt;
  return id;
}

FileId AddText(Frontend& fe, std::string name, std::string text, grammar::Entry entry) {
  FileId id = fe.sources.Add(std::move(name), std::move(text));
  ParseFile(fe, id, entry);
  return id;
}

}  // namespace sam
