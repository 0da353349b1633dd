#include "cli/progress_line.hpp"

#include <fmt/format.h>

namespace sam::cli {

ProgressLine::ProgressLine(std::FILE* out, std::chrono::milliseconds delay, std::chrono::milliseconds interval)
    : out_(out), delay_(delay), interval_(interval) {
  if (out_) thread_ = std::thread([this] { Loop(); });
}

ProgressLine::~ProgressLine() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    Erase();
  }
  cv_.notify_all();
  thread_.join();
}

void ProgressLine::Set(std::string label) {
  std::lock_guard lock(mu_);
  label_ = std::move(label);
}

void ProgressLine::Pause() {
  std::lock_guard lock(mu_);
  Erase();
  label_.clear();
}

int ProgressLine::draws() const {
  std::lock_guard lock(mu_);
  return draws_;
}

void ProgressLine::Loop() {
  std::unique_lock lock(mu_);
  if (cv_.wait_for(lock, delay_, [this] { return stop_; })) return;
  while (!stop_) {
    if (!label_.empty()) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      const std::string line = fmt::format("sam: {}, {:.1f} s", label_, s);
      // \r and spaces over a longer previous line, so that no old text remains.
      fmt::print(out_, "\r{}{}", line, std::string(shown_ > line.size() ? shown_ - line.size() : 0, ' '));
      std::fflush(out_);
      shown_ = line.size();
      ++draws_;
    }
    cv_.wait_for(lock, interval_, [this] { return stop_; });
  }
}

void ProgressLine::Erase() {
  if (shown_ == 0) return;
  fmt::print(out_, "\r{}\r", std::string(shown_, ' '));
  std::fflush(out_);
  shown_ = 0;
}

}  // namespace sam::cli
