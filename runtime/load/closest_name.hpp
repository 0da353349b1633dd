// The header column a user most likely meant for a field the header lacks: a column
// renamed upstream (`amount` -> `order_amount`, `ordered_at` -> `Ordered_At`). The
// distance is the diagnostics' EditDistance (base/suggest.hpp, base
// code that every layer may use); what counts as close differs: a column may also
// contain the field's name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sam::rt::load {

// The index in `candidates` of the closest name to `name`, or -1 when none is close:
// the same ignoring case, one containing the other (of 3 or more bytes), or at most
// max(1, |name| / 3) edits apart. Ties go to the first.
int ClosestName(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace sam::rt::load
