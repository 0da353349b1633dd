#include "tests/sql/postgres.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "schema/value_text.hpp"

namespace sam::test {

Postgres::Postgres() {
  conn_ = PQconnectdb("dbname=postgres");  // PGHOST, PGPORT, PGUSER from the environment
  if (PQstatus(conn_) != CONNECTION_OK) throw std::runtime_error(std::string("postgres: ") + PQerrorMessage(conn_));
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

Postgres::~Postgres() { PQfinish(conn_); }

std::vector<std::vector<std::string>> Postgres::Run(const std::string& sql) {
  PGresult* r = PQexec(conn_, sql.c_str());
  const ExecStatusType status = PQresultStatus(r);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    std::string error = fmt::format("{}: {}", PQresStatus(status), PQresultErrorMessage(r));
    PQclear(r);
    throw std::runtime_error(error);
  }
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < PQntuples(r); ++i) {
    rows.emplace_back();
    for (int j = 0; j < PQnfields(r); ++j) rows.back().push_back(PQgetisnull(r, i, j) ? "\\N" : PQgetvalue(r, i, j));
  }
  PQclear(r);
  return rows;
}

void Postgres::Copy(const std::string& table, const std::string& csv) {
  std::string header;
  {
    std::stringstream ss(csv.substr(0, csv.find('\n')));
    for (std::string col; std::getline(ss, col, ',');) {
      if (!col.empty() && col.back() == '\r') col.pop_back();
      header += (header.empty() ? "\"" : ", \"") + col + "\"";
    }
  }
  PGresult* start =
      PQexec(conn_, fmt::format("COPY {} ({}) FROM STDIN WITH (FORMAT csv, HEADER true)", table, header).c_str());
  const bool copying = PQresultStatus(start) == PGRES_COPY_IN;
  PQclear(start);
  if (!copying) throw std::runtime_error("copy " + table + ": " + PQerrorMessage(conn_));
  if (PQputCopyData(conn_, csv.data(), static_cast<int>(csv.size())) != 1 || PQputCopyEnd(conn_, nullptr) != 1) {
    throw std::runtime_error(std::string("copy: ") + PQerrorMessage(conn_));
  }
  PGresult* r = PQgetResult(conn_);
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  const std::string error = PQresultErrorMessage(r);
  PQclear(r);
  while ((r = PQgetResult(conn_)) != nullptr) PQclear(r);
  if (!ok) throw std::runtime_error("copy " + table + ": " + error);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {

// The records of a CSV text, each field as written (a quoted field keeps its quotes
// and may hold commas and line breaks).
std::vector<std::vector<std::string>> Records(const std::string& csv) {
  std::vector<std::vector<std::string>> records(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < csv.size(); ++i) {
    const char ch = csv[i];
    if (quoted) {
      field += ch;
      if (ch == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
        field += csv[++i];
      } else if (ch == '"') {
        quoted = false;
      }
    } else if (ch == '"') {
      field += ch;
      quoted = true;
    } else if (ch == ',' || ch == '\n') {
      records.back().push_back(field);
      field.clear();
      if (ch == '\n') records.emplace_back();
    } else if (ch != '\r') {
      field += ch;
    }
  }
  if (!field.empty() || !records.back().empty()) records.back().push_back(field);
  if (records.back().empty()) records.pop_back();
  return records;
}

std::string Micros(const std::string& v) {
  const bool negative = !v.empty() && v[0] == '-';
  auto d = DecodeDuration(negative ? v.substr(1) : v);  // a literal's form: no sign
  auto* micros = std::get_if<int64_t>(&d);
  return micros ? std::to_string(negative ? -*micros : *micros) : v;
}

}  // namespace

std::string RowOrderColumns(const Schema& schema) {
  std::string out;
  for (const TableInfo& t : schema.tables) {
    if (t.kind == TableKind::Events) out += fmt::format("ALTER TABLE \"{}\" ADD COLUMN sam_row BIGINT;\n", t.name);
  }
  return out;
}

std::string EngineCsv(const std::string& csv, const TableInfo& table) {
  const std::vector<std::vector<std::string>> records = Records(csv);
  if (records.empty()) return csv;
  std::vector<bool> duration(records[0].size(), false);
  for (size_t k = 0; k < duration.size(); ++k) {
    const int f = table.FindColumn(records[0][k]);
    duration[k] = f >= 0 && table.fields[f].type.kind == TypeKind::Duration;
  }
  const bool events = table.kind == TableKind::Events;
  std::string out;
  for (size_t r = 0; r < records.size(); ++r) {
    for (size_t k = 0; k < records[r].size(); ++k) {
      const std::string& v = records[r][k];
      out += (k ? "," : "") + (r > 0 && k < duration.size() && duration[k] && !v.empty() ? Micros(v) : v);
    }
    if (events) out += r == 0 ? ",sam_row" : "," + std::to_string(r);
    out += "\n";
  }
  return out;
}

}  // namespace sam::test
