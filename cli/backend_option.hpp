// `--backend interp|jit` for every command that executes a program, and the JIT's
// line for `--timer`.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "backends/backend.hpp"
#include "ir/ir.hpp"

namespace sam::cli {

// Adds the option; `*name` keeps the choice ("interp" unless given).
void AddBackendOption(CLI::App* cmd, std::string* name);

// The backend named (one of those AddBackendOption accepts).
std::unique_ptr<backend::Backend> MakeNamedBackend(const std::string& name);

// For `--timer`: what the JIT compiled and in how long, and what it left to the
// interpreter and why (one line each); nothing for another backend.
void PrintBackendReport(const backend::Backend& backend, const ir::Program& program);

}  // namespace sam::cli
