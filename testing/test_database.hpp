// The database of one test block: its inline rows (ir::Test::tables) assembled by the
// loader's own code (rt::BuildDatabase), so that events are grouped per customer and
// ordered by time exactly as a load from files orders them.
#pragma once

#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::testing {

// Throws rt::InlineRowError for rows the database cannot hold (a key given twice, an
// event of a customer the test does not have).
rt::Database TestDatabase(const ir::Program& program, const ir::Test& test);

}  // namespace sam::testing
