#include "testing/test_database.hpp"

#include "runtime/load/inline_rows.hpp"

namespace sam::testing {

rt::Database TestDatabase(const ir::Program& program, const ir::Test& test) {
  std::vector<rt::InlineTable> tables(program.tables.size());
  for (const ir::TestRows& rows : test.tables) {
    for (const auto& row : rows.rows) {
      std::vector<rt::InlineValue> values;
      values.reserve(row.size());
      for (const ir::Value& v : row) values.push_back({v.absent, v.i, v.f, v.s});
      tables[rows.table].rows.push_back(std::move(values));
    }
  }
  return rt::BuildDatabase(program, tables);
}

}  // namespace sam::testing
