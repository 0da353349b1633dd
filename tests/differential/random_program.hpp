// A differential case from a seed: a random schema, lets and segments over it (each
// may use the ones before it), data for the schema, and a run date.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

#include "tests/differential/random_schema.hpp"

namespace sam::differential {

struct RandomCase {
  uint64_t seed = 0;
  RandomSchema schema;
  std::string program;  // the schema's text, then the definitions
  std::map<std::string, std::string> files;  // CSV file name -> contents
  int64_t today = 0;                          // days since 1970-01-01
  std::vector<std::string> names;             // the lets and segments, in order
};

RandomCase MakeCase(uint64_t seed);

// The case as a report prints it: the program with its run date, then each file.
std::string CaseText(const RandomCase& c);

// The case's data as SAM's loader reads its CSV files, written into `dir` (emptied
// first); nullopt, with what went wrong in `error`, when a row is rejected.
std::optional<rt::Database> LoadCase(const RandomCase& c, const ir::Program& program, const std::filesystem::path& dir,
                                     std::string& error);

}  // namespace sam::differential
