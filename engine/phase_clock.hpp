// Where a run date's time goes (`sam run --timer`): each Lap adds the time since the
// previous lap to a phase, in the order phases first appear.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace sam::engine {

class PhaseClock {
 public:
  using Timings = std::vector<std::pair<std::string, double>>;
  explicit PhaseClock(Timings& out) : out_(out), last_(Clock::now()) {}

  // Starts the next lap now: the time since the last one was counted elsewhere.
  void Restart() { last_ = Clock::now(); }

  void Lap(const std::string& phase) {
    const Clock::time_point now = Clock::now();
    const double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    for (auto& [name, total] : out_) {
      if (name == phase) {
        total += seconds;
        return;
      }
    }
    out_.emplace_back(phase, seconds);
  }

 private:
  using Clock = std::chrono::steady_clock;
  Timings& out_;
  Clock::time_point last_;
};

}  // namespace sam::engine
