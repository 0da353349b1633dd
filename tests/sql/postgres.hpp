// A libpq connection for the SQL backend's tests: the server tests/sql/with_postgres.sh
// started (PGHOST and PGUSER in the environment).
#pragma once

#include <libpq-fe.h>

#include <string>
#include <vector>

#include "schema/schema.hpp"

namespace sam::test {

class Postgres {
 public:
  Postgres();  // throws when no server answers
  ~Postgres();
  Postgres(const Postgres&) = delete;
  Postgres& operator=(const Postgres&) = delete;

  // The rows of the statements' last result, each its values as text (NULL as
  // nullopt would be: here "\N"); throws with the server's message on an error.
  std::vector<std::vector<std::string>> Run(const std::string& sql);
  // COPY a CSV text (a header, then rows) into `table` (quoted), by the header's names.
  void Copy(const std::string& table, const std::string& csv);

 private:
  PGconn* conn_ = nullptr;
};

std::string ReadFile(const std::string& path);

// A CSV text (a header, then rows) as the tests load it into an engine: duration
// columns in microseconds (`90m` has no SQL form; docs/sql.md), and for an event table
// a last column `sam_row`, each row's position in the file, which `--row-order`
// names so that `first` and `last` break ties in time as SAM does. Other fields are
// kept as written, quotes included.
std::string EngineCsv(const std::string& csv, const TableInfo& table);
// The statements adding that `sam_row` column to every event table of the schema.
std::string RowOrderColumns(const Schema& schema);

}  // namespace sam::test
