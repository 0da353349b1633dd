// Tables given as values instead of files: the inline rows of test blocks (`sam test`).
// They go through the loader's own assembly (AssembleTable), so that a test sees its
// rows exactly as a load of the same rows from files would place them: customers
// sorted by key, events and lists grouped per customer and, per customer, ordered by
// time (equal times in the order written).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/data/database.hpp"
#include "runtime/load/load.hpp"
#include "schema/schema.hpp"

namespace sam::rt {

// One value in its column's logical form (see runtime/data/column.hpp): integers,
// decimals scaled by 10^6, bools 0/1, dates in days, timestamps in microseconds (UTC),
// enums their variant index; `f` for floats, `s` for strings.
struct InlineValue {
  bool absent = true;
  int64_t i = 0;
  double f = 0;
  std::string s;
};

// The rows of one table: per row, per field of the table (schema order), its value.
struct InlineTable {
  std::vector<std::vector<InlineValue>> rows;
};

// A row the database cannot hold: a required value that is absent, a key given twice,
// an event or list row whose customer is not among the rows of `customers`.
struct InlineRowError : LoadError {
  int table;
  size_t row;  // index in InlineTable::rows
  InlineRowError(const std::string& message, int t, size_t r) : LoadError(message, 1), table(t), row(r) {}
};

// The database of `tables` (per table of `schema`; missing or empty: no rows). Throws
// InlineRowError.
Database BuildDatabase(const Schema& schema, const std::vector<InlineTable>& tables);

}  // namespace sam::rt
