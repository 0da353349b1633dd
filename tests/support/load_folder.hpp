// Loads a folder of CSV files for a checked program, as `sam query --data DIR` does,
// for tests that make their own data: no row may be rejected.
#pragma once

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

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

// The same from file texts (name, content), written to a scratch folder and removed.
inline rt::Database LoadTexts(const Schema& schema, const std::vector<std::pair<std::string, std::string>>& files) {
  static int serial = 0;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("sam_texts_" + std::to_string(::getpid()) + "_" + std::to_string(++serial));
  std::filesystem::create_directories(dir);
  for (const auto& [name, text] : files) std::ofstream(dir / name) << text;
  rt::Database db = LoadFolder(schema, dir);
  std::filesystem::remove_all(dir);
  return db;
}

}  // namespace sam::testing
