// Loads a folder of CSV files for a checked program, as `sam query --data DIR` does,
// for tests that make their own data: no row may be rejected.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>

#include "runtime/load/load.hpp"
#include "schema/schema.hpp"

namespace sam::testing {

inline rt::Database LoadFolder(const Schema& schema, const std::filesystem::path& dir, int threads = 2) {
  rt::LoadOptions options;
  options.data_dir = dir.string();
  options.rejects_dir = dir.string();
  options.threads = threads;
  rt::LoadReport report;
  rt::Database db = rt::LoadDatabase(schema, options, report);
  for (const auto& t : report.tables) CHECK(t.rejected == 0);
  return db;
}

}  // namespace sam::testing
