// The commands the engine benchmark times (bench/engine_bench.cpp): each a fresh `sam`
// process, start to exit, with the CPU time it used (user + system), since wall time
// alone is noisy on a machine shared with other work.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace sam::bench {

struct Timed {
  double wall = 0, cpu = 0;  // seconds
  std::string out;
};

// Runs argv; throws std::runtime_error naming the command when it fails.
Timed RunTimed(const std::vector<std::string>& argv);

// Removes a state file and its WAL and shared-memory files.
void RemoveState(const std::string& path);
// The bytes of a state file with its WAL, as they are after the last process closed it.
uint64_t StateBytes(const std::string& path);

// The CSV files of two plan folders that differ (or are missing from one), for the
// dates both folders should hold: plan-DATE.csv and stops-DATE.csv.
std::vector<std::string> DifferingPlans(const std::string& a, const std::string& b, const std::vector<std::string>& dates);

// The customer key and the campaign of the first row of a plan or stops CSV file
// whose campaign (the third field) is one of `prefer`, else of its first row.
std::optional<std::pair<std::string, std::string>> FirstRow(const std::string& csv, const std::vector<std::string>& prefer);

}  // namespace sam::bench
