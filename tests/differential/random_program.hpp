// A differential case from a seed: a random schema, lets and segments over it (each
// may use the ones before it), data for the schema, and a run date.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

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

}  // namespace sam::differential
