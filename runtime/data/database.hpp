// The data a program runs over: one table per table of its schema, in the
// schema's table order, with every column in the schema's field order.
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
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/identity.hpp"
#include "runtime/data/column.hpp"
#include "schema/schema.hpp"

namespace sam::rt {

struct Table {
  std::string name;
  TableKind kind = TableKind::Events;
  uint64_t rows = 0;
  std::vector<Column> columns;  // per TableInfo field
  Buffer offsets;               // events and lists: uint64[customers + 1]

  const uint64_t* Offsets() const { return offsets.as<uint64_t>(); }
  size_t bytes() const;
};

// A column a query reads: `column` of table `table`, or with kTableRows the table's
// CSR offsets (which rows belong to which customer).
struct ColumnRef {
  int table = -1;
  int column = -1;
};
inline constexpr int kTableRows = -1;

// Checks the bytes of columns before their first use: a snapshot's checksums, so that
// a damaged file is an error, never a wrong answer. Thread-safe; a column is checked
// once per process. Throws (SnapshotError) for a column whose bytes are damaged.
// How a command reads the columns it requires: whole (a pass over every customer: a
// snapshot's pages are mapped in one call per column, not a fault each), or only the
// pages it touches (one customer's values, `sam why`: mapping a million customers'
// columns would be most of its time).
enum class Reading : uint8_t { Whole, Touched };

class ColumnChecks {
 public:
  virtual ~ColumnChecks() = default;
  virtual void Check(std::span<const ColumnRef> columns, Reading reading) const = 0;
  virtual void CheckAll() const = 0;
  // What has been checked so far (tests, and --timer's report).
  virtual std::vector<ColumnRef> Checked() const = 0;
};

struct Database {
  std::vector<Table> tables;  // per Schema::tables
  int customers = -1;         // index of the customers table
  int key_field = -1;         // the customers table's key column
  std::string fingerprint;    // SchemaFingerprint of the program it was loaded for
  std::string settings;       // StoredSettings of that program: what the fingerprint hashes
  int64_t loaded_at = 0;      // microseconds since 1970 (UTC) when the data was loaded
  std::string source;         // where it came from (a folder, files), for messages
  Identity identity;          // what backends key compiled code by

  uint64_t customer_count() const { return customers < 0 ? 0 : tables[customers].rows; }
  const Table& customer_table() const { return tables[customers]; }
  // The row of the customer with this key (int or string key), if any.
  std::optional<uint64_t> FindCustomer(int64_t key) const;
  std::optional<uint64_t> FindCustomer(std::string_view key) const;
  // The key of the customer at `row` as text, for messages and output ("#row" without
  // a key column). The caller has required the key column (Require).
  std::string KeyText(uint64_t row) const;
  size_t bytes() const;

  // Every command calls one of these with the columns it is about to read, before it
  // reads them: for a snapshot they verify those columns' checksums (once each).
  void Require(std::span<const ColumnRef> columns, Reading reading = Reading::Whole) const {
    if (checks) checks->Check(columns, reading);
  }
  void RequireAll() const {
    if (checks) checks->CheckAll();
  }
  std::shared_ptr<const ColumnChecks> checks;  // null: nothing to check (loaded from files)
};

}  // namespace sam::rt
