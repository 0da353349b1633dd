// The data a program runs over: one table per table of the program's schema, in the
// program's table order, with every column in the schema's field order.
//
// - The customers table is sorted by its key, so that a key is found by binary
//   search (FindCustomer) and a customer is a row number, 0..customers-1.
// - Event tables and lists are in CSR form: rows sorted by (customer row, time), and
//   `offsets` (customers + 1 entries) gives each customer's rows as one contiguous
//   range [offsets[c], offsets[c+1]). Window bounds are found by binary search on the
//   time column inside that range.
// - Reference tables keep their rows in load order; the interpreter indexes their key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/ast/ast.hpp"
#include "compiler/ir/ir.hpp"
#include "runtime/data/column.hpp"

namespace sam::rt {

struct Table {
  std::string name;
  ast::TableKind kind = ast::TableKind::Events;
  uint64_t rows = 0;
  std::vector<Column> columns;  // per sema::TableInfo field
  Buffer offsets;               // events and lists: uint64[customers + 1]

  const uint64_t* Offsets() const { return offsets.as<uint64_t>(); }
  size_t bytes() const;
};

struct Database {
  std::vector<Table> tables;  // per ir::Program::tables
  int customers = -1;         // index of the customers table
  int key_field = -1;         // the customers table's key column
  std::string fingerprint;    // SchemaFingerprint of the program it was loaded for
  int64_t loaded_at = 0;      // microseconds since 1970 (UTC) when the data was loaded
  std::string source;         // where it came from (a folder, files), for messages

  uint64_t customer_count() const { return customers < 0 ? 0 : tables[customers].rows; }
  const Table& customer_table() const { return tables[customers]; }
  // The row of the customer with this key (int or string key), if any.
  std::optional<uint64_t> FindCustomer(int64_t key) const;
  std::optional<uint64_t> FindCustomer(std::string_view key) const;
  size_t bytes() const;
};

// A stable hash of everything in a program's schema that the stored data depends on:
// table names and kinds, field names, types and order, keys, time columns and enum
// variants. A snapshot opens only for a program with the same fingerprint.
std::string SchemaFingerprint(const ir::Program& program);

}  // namespace sam::rt
