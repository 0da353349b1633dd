#include "bench/duckdb_side.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sam::bench {
namespace {

std::string Json(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", c);
        else out += c;
    }
  }
  return out + "\"";
}

std::string ShellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The column names of a CSV file's header row (plain names, no quoting).
std::vector<std::string> Header(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error(fmt::format("{}: no header row", path));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> names;
  for (size_t b = 0;;) {
    size_t e = line.find(',', b);
    names.push_back(line.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return names;
}

std::string EnumName(int32_t id) { return fmt::format("sam_enum_{}", id); }

std::string Spec(const ir::Program& program, const DuckRun& run) {
  std::string s = fmt::format("{{\"threads\": {}, \"runs\": {}, ", run.threads, run.runs);
  if (!run.save.empty()) s += fmt::format("\"save\": {}, ", Json(run.save));
  s += "\"enums\": [";
  for (size_t e = 0; e < program.enums.size(); ++e) {
    s += fmt::format("{}{{\"name\": {}, \"variants\": [", e ? ", " : "", Json(EnumName(static_cast<int32_t>(e))));
    const auto& vs = program.enums[e].variants;
    for (size_t v = 0; v < vs.size(); ++v) s += (v ? ", " : "") + Json(vs[v]);
    s += "]}";
  }
  s += "], \"tables\": [";
  for (size_t t = 0; t < program.tables.size(); ++t) {
    const auto& table = program.tables[t];
    s += fmt::format("{}{{\"name\": {}, \"file\": {}, \"columns\": [", t ? ", " : "", Json(table.name),
                     Json(run.data_dir + "/" + table.name + ".csv"));
    // In the order of the file's header (event files start with the customer and
    // time columns); a column the schema does not have is read as text.
    std::vector<std::string> header = Header(run.data_dir + "/" + table.name + ".csv");
    for (size_t h = 0; h < header.size(); ++h) {
      int f = table.Find(header[h]);
      s += fmt::format("{}[{}, {}]", h ? ", " : "", Json(header[h]), Json(f < 0 ? "VARCHAR" : DuckType(table.fields[f].type)));
    }
    s += "]}";
  }
  s += "], \"setup\": [";
  for (size_t k = 0; k < run.setup.size(); ++k) s += (k ? ", " : "") + Json(run.setup[k]);
  s += "], \"queries\": [";
  for (size_t q = 0; q < run.queries.size(); ++q) {
    s += fmt::format("{}{{\"name\": {}, \"sql\": {}}}", q ? ", " : "", Json(run.queries[q].first), Json(run.queries[q].second));
  }
  return s + "]}\n";
}

}  // namespace

std::string DuckType(const Type& type) {
  switch (type.kind) {
    case TypeKind::Int: return "BIGINT";
    case TypeKind::Decimal: return "DECIMAL(18,6)";  // SAM decimals: exact, scaled by 10^6
    case TypeKind::Float: return "DOUBLE";
    case TypeKind::Bool: return "BOOLEAN";
    case TypeKind::String: return "VARCHAR";
    case TypeKind::Date: return "DATE";
    case TypeKind::Timestamp: return "TIMESTAMP";  // UTC
    case TypeKind::Duration: return "BIGINT";
    case TypeKind::Enum: return EnumName(type.ref);
    default: break;
  }
  throw std::runtime_error("duckdb: no column type for this field");
}

bool DatabaseFileStale(const std::string& path, const std::string& data_dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_time_type written = fs::last_write_time(path, ec);
  if (ec) return true;
  for (const auto& entry : fs::directory_iterator(data_dir)) {
    if (entry.path().extension() == ".csv" && entry.last_write_time() > written) return true;
  }
  return false;
}

DuckReport RunDuckDb(const ir::Program& program, const DuckRun& run) {
  {
    std::ofstream out(run.spec_path);
    out << Spec(program, run);
    if (!out) throw std::runtime_error(fmt::format("{}: cannot be written", run.spec_path));
  }
  std::string command = fmt::format("node {} {}", ShellQuote(run.script), ShellQuote(run.spec_path));
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("cannot start node");
  std::string text;
  char buf[4096];
  for (size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
  int status = pclose(pipe);
  if (status != 0) throw std::runtime_error(fmt::format("`{}` failed (status {})", command, status));

  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc)) throw std::runtime_error("duckdb: unreadable report: " + text);
  try {
    DuckReport r;
    r.version = std::string(std::string_view(doc["version"]));
    r.threads = static_cast<int>(int64_t(doc["threads"]));
    r.load_seconds = double(doc["load"]["seconds"]);
    if (!run.save.empty()) r.save_seconds = double(doc["save"]["seconds"]);
    for (simdjson::dom::element q : doc["queries"].get_array()) {
      DuckQuery d;
      d.name = std::string(std::string_view(q["name"]));
      d.seconds = double(q["seconds"]);
      d.count = std::stoull(std::string(std::string_view(q["count"])));
      d.id_sum = std::stoll(std::string(std::string_view(q["id_sum"])));
      r.queries.push_back(std::move(d));
    }
    return r;
  } catch (const simdjson::simdjson_error& e) {
    throw std::runtime_error(std::string("duckdb: unexpected report: ") + e.what());
  }
}

}  // namespace sam::bench
