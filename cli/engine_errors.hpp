// The errors `sam run` and `sam why` report the same way: the engine's, its state
// file's, a snapshot's and the data's, each as `sam: error: ...` with its exit code.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/source.hpp"
#include "engine/state/store.hpp"

namespace sam::cli {

// Runs `fn`. On an error prints it, sets the exit code (an engine error: `engine_code`)
// and returns false. A runtime error is shown at its place in `sources`, if given.
bool WithEngineErrors(int engine_code, const SourceManager* sources, const std::function<void()>& fn);
inline bool WithEngineErrors(int engine_code, const std::function<void()>& fn) {
  return WithEngineErrors(engine_code, nullptr, fn);
}

// The state file that `sam run` wrote, for `sam why` and `why` in `sam query`: a missing
// file is a StateError (exit 2), never a new empty state.
engine::state::Store OpenExistingState(const std::string& path);

// The run date a command that reads the state asks about: --date (`option`) when given,
// else the state's last run. Nothing, after saying why (a bad --date: exit 2; no run
// committed yet: exit 1, `what` saying what is then missing).
std::optional<int64_t> StateRunDate(const std::string& option, const engine::state::Store& store, const std::string& path,
                                    std::string_view what);

}  // namespace sam::cli
