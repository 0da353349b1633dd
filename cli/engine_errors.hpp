// The errors `sam run` and `sam why` report the same way: the engine's, its state
// file's, a snapshot's and the data's, each as `sam: error: ...` with its exit code.
#pragma once

#include <functional>
#include <string>

#include "engine/state/store.hpp"

namespace sam::cli {

// Runs `fn`. On an error prints it, sets the exit code (an engine error: `engine_code`)
// and returns false.
bool WithEngineErrors(int engine_code, const std::function<void()>& fn);

// The state file that `sam run` wrote, for `sam why` and `why` in `sam query`: a missing
// file is a StateError (exit 2), never a new empty state.
engine::state::Store OpenExistingState(const std::string& path);

}  // namespace sam::cli
