// Random programs and data for the reference comparison: a seeded generator of `.sam`
// programs over one fixed schema (customers with zones, consent timestamps and
// addresses; two event tables), a few dozen customers with random histories, and a
// 30-day sequence of run dates with gaps. The same seed gives the same case.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sam::reference {

struct RandomCase {
  uint64_t seed = 0;
  std::string program;
  std::map<std::string, std::string> files;  // CSV file name -> contents
  int64_t first = 0, last = 0;               // the dates planned, days since 1970-01-01
  std::vector<int64_t> run_dates;            // first .. last with gaps (catch-up runs)
  int customers = 0;
};

RandomCase MakeCase(uint64_t seed);

}  // namespace sam::reference
