#include "cli/progress_line.hpp"

#include <sys/ioctl.h>

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

namespace {

// Terminal cells of UTF-8 text (a code point each).
size_t Cells(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

// `text` and `tail` within the terminal's width less one cell (a line that wraps
// cannot be redrawn in place): the text cut, ending in `…`, never the tail.
std::string ProgressLine::Fitted(const std::string& text, const std::string& tail) const {
  winsize size{};
  if (ioctl(fileno(out_), TIOCGWINSZ, &size) != 0 || size.ws_col == 0) return text + tail;
  const size_t room = size.ws_col - 1;
  if (Cells(text) + Cells(tail) <= room) return text + tail;
  const size_t keep = room > Cells(tail) + 1 ? room - Cells(tail) - 1 : 0;
  size_t i = 0, cells = 0;
  while (i < text.size() && cells < keep) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++cells;
  }
  return text.substr(0, i) + "\u2026" + tail;
}

void ProgressLine::Loop() {
  std::unique_lock lock(mu_);
  if (cv_.wait_for(lock, delay_, [this] { return stop_; })) return;
  while (!stop_) {
    if (!label_.empty()) {
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
      const std::string line = Fitted(fmt::format("sam: {}", label_), fmt::format(", {:.1f} s", s));
      // \r and spaces over a longer previous line, so that no old text remains.
      fmt::print(out_, "\r{}{}", line, std::string(shown_ > Cells(line) ? shown_ - Cells(line) : 0, ' '));
      std::fflush(out_);
      shown_ = Cells(line);
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
