// The oracle's query file (tests/oracle/queries.txt): pairs of a SAM query and the
// SQL that answers the same question.
//
//   === NAME [today=YYYY-MM-DD] [empty-ok]
//   SAM declarations, among them `segment q = ...` (the customers asked for);
//   optionally a `show ... { id }` line that replaces `show customers where q { id }`
//   ---
//   SQL: a SELECT of customer ids; :today (days) and :now (microseconds) are bound
//
// Lines before the first `===` are comments.
#pragma once

#include <string>
#include <vector>

namespace sam::oracle {

struct QueryCase {
  std::string name;
  int line = 0;             // of the `===` line
  std::string today;        // empty: the default run date
  bool empty_ok = false;    // the answer may be empty on the large data
  std::string sam;          // declarations
  std::string show;         // the `show` statement
  std::string sql;
};

// Throws std::runtime_error naming the line of a malformed entry.
std::vector<QueryCase> ReadQueryFile(const std::string& path);

}  // namespace sam::oracle
