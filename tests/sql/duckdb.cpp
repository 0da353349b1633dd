#include "tests/sql/duckdb.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace sam::test {

std::map<std::string, FileAnswer> RunDuckDbFiles(const std::vector<std::string>& files) {
  const std::filesystem::path root = SAM_SOURCE_DIR;
  if (!std::filesystem::exists(root / "bench/duckdb/node_modules/@duckdb")) {
    throw std::runtime_error("DuckDB's npm package is not installed: run scripts/install-duckdb (make test does)");
  }
  std::string command = "node " + (root / "tests/sql/duckdb_run.mjs").string();
  for (const std::string& f : files) command += " '" + f + "'";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot run node");
  std::map<std::string, FileAnswer> out;
  FileAnswer* current = nullptr;
  std::string line;
  for (int ch; (ch = std::fgetc(pipe)) != EOF;) {
    if (ch != '\n') {
      line += static_cast<char>(ch);
      continue;
    }
    if (line.rfind("== ", 0) == 0) {
      current = &out[line.substr(3)];
    } else if (current) {
      const nlohmann::json j = nlohmann::json::parse(line);
      if (j.is_object()) {
        current->error = j.value("error", "");
      } else {
        std::vector<std::string> row;
        for (const auto& v : j) {
          if (v.is_null()) row.push_back("\\N");
          else if (v.is_string()) row.push_back(v.get<std::string>());
          else if (v.is_boolean()) row.push_back(v.get<bool>() ? "t" : "f");
          else row.push_back(v.dump());
        }
        current->rows.push_back(std::move(row));
      }
    }
    line.clear();
  }
  if (pclose(pipe) != 0) throw std::runtime_error("the DuckDB runner failed: " + command);
  return out;
}

}  // namespace sam::test
