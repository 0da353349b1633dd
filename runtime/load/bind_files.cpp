#include "runtime/load/bind_files.hpp"

#include <fmt/format.h>

#include <filesystem>

namespace sam::rt::load {

namespace {

Format FormatOf(const std::string& path) {
  std::string ext = std::filesystem::path(path).extension().string();
  return ext == ".jsonl" || ext == ".ndjson" ? Format::JsonLines : Format::Csv;
}

}  // namespace

std::vector<Binding> BindFiles(const Schema& schema, const LoadOptions& options) {
  namespace fs = std::filesystem;
  for (const auto& [name, path] : options.paths) {
    bool known = false;
    for (const auto& t : schema.tables) known = known || t.name == name;
    if (!known) {
      std::string names;
      for (const auto& t : schema.tables) names += (names.empty() ? "" : ", ") + t.name;
      throw LoadError(fmt::format("{}: the schema has no table `{}` (its tables: {})", path, name, names), 1);
    }
  }
  // The folder itself first: "no data for table ..." would blame the tables.
  if (!options.data_dir.empty()) {
    std::error_code ec;
    if (!fs::exists(options.data_dir, ec)) {
      throw LoadError(fmt::format("{}: no such data folder", options.data_dir), 2);
    }
    if (!fs::is_directory(options.data_dir, ec)) {
      throw LoadError(fmt::format("{}: is not a folder (--data names the folder of the tables' files; "
                                  "--table NAME=FILE names one file)",
                                  options.data_dir),
                      2);
    }
  }
  std::vector<Binding> out;
  for (const auto& t : schema.tables) {
    if (auto it = options.paths.find(t.name); it != options.paths.end()) {
      out.push_back({it->second, FormatOf(it->second)});
      continue;
    }
    if (options.data_dir.empty()) {
      throw LoadError(fmt::format("no file for table `{}`: give a data folder or a path for it", t.name), 2);
    }
    fs::path dir(options.data_dir);
    std::string csv = (dir / (t.name + ".csv")).string(), jsonl = (dir / (t.name + ".jsonl")).string();
    std::error_code ec;
    bool has_csv = fs::exists(csv, ec), has_jsonl = fs::exists(jsonl, ec);
    if (has_csv && has_jsonl) {
      throw LoadError(fmt::format("both {} and {} exist for table `{}`: remove one, or name the file to use", csv, jsonl, t.name), 2);
    }
    if (!has_csv && !has_jsonl) {
      throw LoadError(fmt::format("no data for table `{}`: expected {} or {}", t.name, csv, jsonl), 2);
    }
    out.push_back(has_csv ? Binding{csv, Format::Csv} : Binding{jsonl, Format::JsonLines});
  }
  return out;
}

}  // namespace sam::rt::load
