// The progress line of `sam run` on a terminal (cli/progress_line.hpp): drawn on one
// line after the delay, erased by Pause and at the end, silent while paused.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "cli/progress_line.hpp"

namespace sam {
namespace {

using namespace std::chrono_literals;

std::string Contents(std::FILE* f) {
  std::fflush(f);
  std::rewind(f);
  std::string out;
  for (int c; (c = std::fgetc(f)) != EOF;) out += static_cast<char>(c);
  return out;
}

bool WaitForDraws(const cli::ProgressLine& p, int n) {
  for (int i = 0; i < 500 && p.draws() < n; ++i) std::this_thread::sleep_for(10ms);
  return p.draws() >= n;
}

TEST_CASE("progress line: drawn in place, erased before other output, silent when paused") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  {
    cli::ProgressLine p(f, 0ms, 5ms);
    p.Set("planning 2026-11-23 (1 of 2)");
    REQUIRE(WaitForDraws(p, 2));
    p.Pause();
    const int paused_at = p.draws();
    std::this_thread::sleep_for(50ms);
    CHECK(p.draws() == paused_at);  // nothing drawn without a label
    const std::string text = Contents(f);
    CHECK(text.rfind("\rsam: planning 2026-11-23 (1 of 2), ", 0) == 0);
    CHECK(text.find('\n') == std::string::npos);  // one line, redrawn with \r
    // Erased: the last write is spaces over the line and a \r.
    CHECK(text.back() == '\r');
    p.Set("planning 2026-11-24 (2 of 2)");
    REQUIRE(WaitForDraws(p, paused_at + 1));
  }
  const std::string text = Contents(f);
  CHECK(text.find("planning 2026-11-24 (2 of 2)") != std::string::npos);
  CHECK(text.back() == '\r');  // the destructor erased it
  std::fclose(f);
}

TEST_CASE("progress line: nothing before the delay, nothing when disabled") {
  std::FILE* f = std::tmpfile();
  REQUIRE(f != nullptr);
  {
    cli::ProgressLine p(f, 10s, 5ms);
    p.Set("planning");
    std::this_thread::sleep_for(30ms);
    CHECK(p.draws() == 0);
  }
  CHECK(Contents(f).empty());
  cli::ProgressLine off(nullptr);
  off.Set("planning");
  off.Pause();
  CHECK(off.draws() == 0);
  std::fclose(f);
}

}  // namespace
}  // namespace sam
