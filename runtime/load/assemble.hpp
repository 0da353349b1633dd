// From a parsed file to a Table: duplicate keys rejected (customers, reference
// tables), customers sorted by key, events and lists put in CSR form (rows grouped
// by customer in a counting sort, each customer's rows by time, ties in file order).
#pragma once

#include "runtime/data/database.hpp"
#include "runtime/load/parse_file.hpp"

namespace sam::rt::load {

// `rows.rejections` gets the duplicates. `more`: the columns of further chunks, after
// those of `rows` (see ParsedFile).
Table AssembleTable(const TableContext& ctx, RowSink& rows, std::vector<std::unique_ptr<RowSink>>& more, uint64_t customer_count,
                    int threads);

}  // namespace sam::rt::load
