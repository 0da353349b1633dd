// What every chunk of one table's file shares, read-only: the file, the columns and
// how the file's columns map to them, the options and the customers' keys.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "runtime/load/customer_index.hpp"
#include "runtime/load/load.hpp"
#include "runtime/load/values.hpp"
#include "schema/schema.hpp"

namespace sam::rt::load {

enum class Format : uint8_t { Csv, JsonLines };

struct TableContext {
  const TableInfo* info = nullptr;
  std::vector<FieldSpec> fields;  // per schema field
  std::string path;
  Format format = Format::Csv;
  const char* data = nullptr;     // the mapped file
  uint64_t size = 0;
  bool mapped = false;            // data is a read-only file mapping (its pages may be given back)
  std::vector<std::string> header;  // CSV: the header's column names
  std::vector<int> file_columns;  // CSV: the field of each header column, or -1
  std::vector<bool> in_file;      // CSV: whether the header has the field
  bool keyed = false;             // customers, reference: remember each row's line and text
  bool per_customer = false;      // events, lists: look up the customer of each row
  const CustomerIndex* customers = nullptr;
  const LoadOptions* options = nullptr;
  std::string timezone;
};

}  // namespace sam::rt::load
