// Hand-written C++ for the benchmark's queries (bench/kernels/*.cpp), over the same
// runtime columns as SAM (rt::Database): the ceiling that the interpreter (and the JIT
// of issue 17) is measured against. Whole-column passes in the columns' stored
// (narrow) domain, window bounds searched from the recent end, histogram selection
// for rankings, on `threads` threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/ir.hpp"
#include "runtime/data/database.hpp"

namespace sam::bench {

// A query's answer: the customers matched and the sum of their keys.
struct Answer {
  uint64_t count = 0;
  int64_t id_sum = 0;
  bool operator==(const Answer&) const = default;
};

struct KernelInput {
  const ir::Program& program;
  const rt::Database& db;
  int64_t now = 0;    // microseconds: the run date's midnight in the program's zone
  int64_t today = 0;  // the run date, days since 1970-01-01
  int threads = 1;
};

using Kernel = Answer (*)(const KernelInput&);

// The kernel named `name` in bench/queries.txt (`kernel:`), or null.
Kernel FindKernel(const std::string& name);
std::vector<std::string> KernelNames();

}  // namespace sam::bench
