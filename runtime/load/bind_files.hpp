// Which file each table of the schema is read from: `options.paths[table]` when
// given, else `<data_dir>/<table>.csv` or `<data_dir>/<table>.jsonl` (exactly one of
// them must exist). The extension decides the format: `.jsonl` and `.ndjson` are
// JSON lines, anything else is CSV.
#pragma once

#include <string>
#include <vector>

#include "runtime/load/load.hpp"
#include "runtime/load/table_context.hpp"
#include "schema/schema.hpp"

namespace sam::rt::load {

struct Binding {
  std::string path;
  Format format = Format::Csv;
};

// One binding per table of the program. Throws LoadError.
std::vector<Binding> BindFiles(const Schema& schema, const LoadOptions& options);

}  // namespace sam::rt::load
