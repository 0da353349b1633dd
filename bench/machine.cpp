#include "bench/machine.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace sam::bench {

double Seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double MemoryBandwidth(size_t bytes, int threads, int runs) {
  const size_t n = bytes / sizeof(int64_t);
  std::vector<int64_t> a(n);
  for (size_t i = 0; i < n; ++i) a[i] = static_cast<int64_t>(i & 1023);
  double best = 0;
  volatile int64_t sink = 0;
  for (int r = 0; r < runs; ++r) {
    std::vector<int64_t> part(threads);
    double t0 = Seconds();
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        size_t b = n * t / threads, e = n * (t + 1) / threads;
        int64_t s = 0;
        for (size_t i = b; i < e; ++i) s += a[i];
        part[t] = s;
      });
    }
    for (auto& th : pool) th.join();
    double s = Seconds() - t0;
    for (int64_t p : part) sink = sink + p;
    best = std::max(best, static_cast<double>(n * sizeof(int64_t)) / s / 1e9);
  }
  return best;
}

namespace {
size_t StatusField(const char* name) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t len = std::strlen(name);
  while (std::getline(in, line)) {
    if (line.compare(0, len, name) == 0 && line.size() > len && line[len] == ':') {
      return std::stoull(line.substr(len + 1)) * 1024;  // "VmRSS:   1234 kB"
    }
  }
  return 0;
}
}  // namespace

size_t ResidentBytes() { return StatusField("VmRSS"); }
size_t PeakResidentBytes() { return StatusField("VmHWM"); }

}  // namespace sam::bench
