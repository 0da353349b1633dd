#include "cli/malloc_pages.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "base/sanitizers.hpp"

namespace sam::cli {

namespace {

// Only `sam run` gains: `why` allocates little and would pay the second start (7 ms of
// its 40 at 1M customers); `test` runs on tiny inline data.
bool GainsFromHugePages(std::string_view command) { return command == "run"; }

}  // namespace

void MallocOnHugePages(int argc, char** argv) {
#if defined(SAM_ASAN)
  return;  // the sanitizer's allocator ignores the tunable: starting again would only cost
#endif
  if (argc < 2 || !GainsFromHugePages(argv[1])) return;
  // Opt-in: where the kernel hands out huge pages the host has not backed yet, each
  // one costs milliseconds, and a daily run at 1M customers took twice as long
  // (docs/performance.md, "malloc on huge pages").
  const char* on = std::getenv("SAM_MALLOC_HUGE_PAGES");
  if (!on || std::string_view(on) != "on") return;
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  std::string value = tunables ? tunables : "";
  if (value.find("glibc.malloc.hugetlb") != std::string::npos) return;  // set: by us, or by the user
  value += value.empty() ? "glibc.malloc.hugetlb=1" : ":glibc.malloc.hugetlb=1";
  if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
  execv("/proc/self/exe", argv);
  // Not started again (no /proc): go on as we are, without the tunable in children.
  if (tunables) {
    setenv("GLIBC_TUNABLES", tunables, 1);
  } else {
    unsetenv("GLIBC_TUNABLES");
  }
}

bool MallocUsesHugePages() {
#if defined(SAM_ASAN)
  return false;
#endif
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  return tunables && std::string_view(tunables).find("glibc.malloc.hugetlb=1") != std::string_view::npos;
}

}  // namespace sam::cli
