// From a parsed file to a Table: duplicate keys rejected (customers, reference
// tables), customers sorted by key, events and lists put in CSR form (rows grouped
// by customer in a counting sort, each customer's rows by time, ties in file order).
#pragma once

#include "runtime/data/database.hpp"
#include "runtime/load/parse_file.hpp"

namespace sam::rt::load {

// `rows.rejections` gets the duplicates.
Table AssembleTable(const TableContext& ctx, RowSink& rows, uint64_t customer_count, int threads);

}  // namespace sam::rt::load
