// A progress line on a terminal while `sam run` plans: nothing for a run that takes
// less than a second; after that "sam: planning 2026-11-23 (3 of 5), 4.2 s", redrawn
// on one line, erased before anything else is printed.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>

namespace sam::cli {

class ProgressLine {
 public:
  // `out` null: disabled (not a terminal, --quiet). The first draw after `delay`, then
  // one every `interval`.
  explicit ProgressLine(std::FILE* out, std::chrono::milliseconds delay = std::chrono::seconds(1),
                        std::chrono::milliseconds interval = std::chrono::milliseconds(250));
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // What is being done now ("planning 2026-11-23 (3 of 5)").
  void Set(std::string label);
  // Erases the line and draws nothing until the next Set (before printing a summary).
  void Pause();
  int draws() const;  // how many times the line was drawn (tests)

 private:
  void Loop();
  std::string Fitted(const std::string& text, const std::string& tail) const;
  void Erase();  // with mu_ held

  std::FILE* out_;
  std::chrono::milliseconds delay_, interval_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::string label_;
  size_t shown_ = 0;  // characters on the line now
  int draws_ = 0;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace sam::cli
