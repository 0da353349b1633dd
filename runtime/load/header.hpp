// The header line of a CSV file: which column is which field. Columns are matched by
// name in any order; extra columns are ignored (with a note), a missing optional field
// is absent in every row (with a warning), a missing required field stops the load.
// Both name the header column that was most likely meant.
#pragma once

#include <string>
#include <vector>

#include "runtime/load/table_context.hpp"

namespace sam::rt::load {

// Fills ctx.header, file_columns and in_file; returns where the data rows start and
// sets `first_line` to their line. Adds notes and warnings to `report`. Throws LoadError.
const char* ReadHeader(TableContext& ctx, uint64_t& first_line, LoadReport& report);

}  // namespace sam::rt::load
