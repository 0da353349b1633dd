// Where the engine's expressions start: every expression of the campaigns, the
// triggers and the policy, and the lets they name outside expressions (a trigger's
// watched segment, a suggestion's segment). What reads or marks "what the engine
// evaluates" walks from here, so that a new kind of rule is added in one place.
#pragma once

#include <functional>

#include "ir/ir.hpp"

namespace sam::ir {

void ForEachEngineRoot(const Program& p, const std::function<void(NodeId)>& expr, const std::function<void(int)>& let);

}  // namespace sam::ir
