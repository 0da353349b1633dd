// Property checks over the engine's output for one random case, each in straight code
// from docs/engine.md: no cap exceeded in any window, consent valid at every
// commercial send moment, no send in quiet hours, no holdout member contacted, no
// (campaign, journey, step) sent twice. Returns one line per violation.
#pragma once

#include <string>
#include <vector>

#include "backends/backend.hpp"
#include "engine/state/store.hpp"
#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::reference {

std::vector<std::string> CheckProperties(const ir::Program& p, const rt::Database& db, backend::Backend& backend,
                                         int64_t date, const std::vector<engine::state::Contact>& contacts);

}  // namespace sam::reference
