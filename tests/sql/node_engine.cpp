#include "tests/sql/node_engine.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace sam::test {

namespace {

// ClickHouse's type for a field as the CSV file holds it: a timestamp without the
// column's UTC, so that one without an offset is read in the session's zone.
std::string FileType(Type t) {
  std::string out;
  switch (t.kind) {
    case TypeKind::Int:
    case TypeKind::Duration: out = "Int64"; break;
    case TypeKind::Decimal: out = "Decimal(19, 6)"; break;
    case TypeKind::Float: out = "Float64"; break;
    case TypeKind::Bool: out = "Bool"; break;
    case TypeKind::Date: out = "Date32"; break;
    case TypeKind::Timestamp: out = "DateTime64(6)"; break;
    default: out = "String";
  }
  return t.optional ? "Nullable(" + out + ")" : out;
}

}  // namespace

std::string LoadCsv(NodeEngine engine, const TableInfo& t, const std::string& table, const std::string& csv,
                    const std::string& zone) {
  if (engine == NodeEngine::DuckDb) {
    return fmt::format(
        "SET TimeZone = '{}';\nINSERT INTO {} BY NAME SELECT * FROM read_csv('{}', header = true, all_varchar = "
        "true);\n",
        zone, table, csv);
  }
  std::string structure, columns;
  for (const FieldInfo& f : t.fields) {
    structure += fmt::format("{}\"{}\" {}", structure.empty() ? "" : ", ", f.Column(), FileType(f.type));
    columns += fmt::format("{}\"{}\"", columns.empty() ? "" : ", ", f.Column());
  }
  if (t.kind == TableKind::Events) {
    structure += ", sam_row Int64";
    columns += ", sam_row";
  }
  return fmt::format(
      "SET session_timezone = '{}';\nINSERT INTO {} ({}) SELECT {} FROM file('{}', 'CSVWithNames', '{}');\nSET "
      "session_timezone = 'UTC';\n",
      zone, table, columns, columns, csv, structure);
}

std::map<std::string, FileAnswer> RunEngineFiles(NodeEngine engine, const std::vector<std::string>& files) {
  const std::filesystem::path root = SAM_SOURCE_DIR;
  const bool duck = engine == NodeEngine::DuckDb;
  if (!std::filesystem::exists(
          root / (duck ? "bench/duckdb/node_modules/@duckdb" : "tests/sql/clickhouse/node_modules/chdb"))) {
    throw std::runtime_error(duck ? "DuckDB's npm package is not installed: run scripts/install-duckdb (make test does)"
                                  : "chDB's npm package is not installed: run scripts/install-clickhouse");
  }
  std::string command =
      "node " + (root / (duck ? "tests/sql/duckdb_run.mjs" : "tests/sql/clickhouse_run.mjs")).string();
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
  if (pclose(pipe) != 0) throw std::runtime_error("the engine's runner failed: " + command);
  return out;
}

std::optional<std::string> PortableToDuckDb(std::string_view dialect, const std::string& prelude,
                                            const std::string& statement) {
  if (prelude.find("FUNCTION") != std::string::npos) return std::nullopt;
  if (dialect == "trino") {
    if (statement.find(" / ") != std::string::npos || statement.find(")/(") != std::string::npos) return std::nullopt;
    return statement;
  }
  std::string out = "SET TimeZone = 'UTC';\n" + statement;
  bool literal = false;
  for (char& ch : out) {
    if (ch == '\'') literal = !literal;
    if (ch == '`' && !literal) ch = '"';
  }
  return out;
}

}  // namespace sam::test
