#include "cli/engine_errors.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "engine/engine.hpp"
#include "runtime/exec/runtime_error.hpp"
#include "runtime/snapshot/snapshot.hpp"
#include "schema/value_text.hpp"

namespace sam::cli {

bool WithEngineErrors(int engine_code, const SourceManager* sources, const std::function<void()>& fn) {
  auto fail = [](const char* what, int code) {
    fmt::print(stderr, "sam: error: {}\n", what);
    SetExitCode(code);
    return false;
  };
  try {
    fn();
    return true;
  } catch (const engine::state::StateError& e) {
    return fail(e.what(), e.exit_code);
  } catch (const engine::EngineError& e) {
    return fail(e.what(), engine_code);
  } catch (const rt::SnapshotError& e) {
    return fail(e.what(), e.exit_code);
  } catch (const rt::RuntimeError& e) {
    if (!sources) return fail(e.what(), 1);
    PrintRuntimeError(*sources, e);
    SetExitCode(1);
    return false;
  }
}

engine::state::Store OpenExistingState(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    throw engine::state::StateError(fmt::format("{}: no such state file (`sam run` writes it)", path), 2);
  }
  // An empty file is a state no run has written (`sam run` takes it as a new one):
  // opening it would make it a state file, where reading it should write nothing.
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0 && !ec) {
    throw engine::state::StateError(fmt::format("{}: no run committed yet (an empty file)", path), 1);
  }
  return engine::state::Store::Open(path);
}

std::optional<int64_t> StateRunDate(const std::string& option, const engine::state::Store& store, const std::string& path,
                                    std::string_view what) {
  if (!option.empty()) {
    auto d = DecodeDate(option);
    if (auto* err = std::get_if<LiteralError>(&d)) {
      fmt::print(stderr, "sam: error: --date {}: {}\n", option, err->message);
      SetExitCode(2);
      return std::nullopt;
    }
    return std::get<int64_t>(d);
  }
  if (auto last = store.LastRunDate()) return last;
  fmt::print(stderr, "sam: error: {}: no run committed yet: {}\n", path, what);
  SetExitCode(1);
  return std::nullopt;
}

}  // namespace sam::cli
