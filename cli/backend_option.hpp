// `--backend auto|interp|jit` for every command that executes a program, and the
// backend's lines for `--timer`.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "backends/backend.hpp"
#include "ir/ir.hpp"

namespace sam::cli {

// Adds the option; `*name` keeps the choice ("auto" unless given).
// `timer`: how the command shows what the JIT did (`--timer`, the REPL's `.timer`).
void AddBackendOption(CLI::App* cmd, std::string* name, std::string_view timer = "--timer");

// The backend named (one of those AddBackendOption accepts).
std::unique_ptr<backend::Backend> MakeNamedBackend(const std::string& name);

// For `--timer`: with `auto`, which questions the interpreter and compiled code
// answered and when the JIT started; with the JIT (on its own or started by `auto`),
// what it compiled and in how long, and what it left to the interpreter and why (one
// line each); nothing for the interpreter.
void PrintBackendReport(const backend::Backend& backend, const ir::Program& program);

}  // namespace sam::cli
