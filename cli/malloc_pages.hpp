// A daily run allocates hundreds of megabytes of small objects (a Thursday's
// plan, a month of contact history). On the virtual machines SAM runs on, the first
// touch of each 4 KB page costs 10-15 µs; glibc's malloc on transparent huge pages
// (the tunable glibc.malloc.hugetlb=1) takes 2 MB at a time: a Thursday's run at 1M
// customers faults 7 thousand times instead of 277 thousand (docs/performance.md).
// But where those 2 MB pages are memory the host has not backed (or took back), each
// costs milliseconds: on the machines of 2026-12-06 a daily run took twice as long.
// So it is opt-in.
#pragma once

namespace sam::cli {

// For `sam run` with SAM_MALLOC_HUGE_PAGES=on: unless GLIBC_TUNABLES already sets
// glibc.malloc.hugetlb, sets the tunable and starts the
// same command again (glibc reads tunables at start-up only). Returns if it does not
// (or cannot) start again.
void MallocOnHugePages(int argc, char** argv);
// Whether this process's malloc uses huge pages (`sam run --timer` says so).
bool MallocUsesHugePages();

}  // namespace sam::cli
