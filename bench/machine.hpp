// Figures about the machine and the process, so that timings compare across machines:
// memory bandwidth, resident and peak memory.
#pragma once

#include <cstddef>
#include <cstdint>

namespace sam::bench {

// GB/s (10^9 bytes) of a plain sum over `bytes` of int64 on `threads` threads; best of
// `runs`. The array is written once first, so that its pages are resident.
double MemoryBandwidth(size_t bytes, int threads, int runs);

// The process's resident set now, and its peak (VmHWM), in bytes.
size_t ResidentBytes();
size_t PeakResidentBytes();

double Seconds();  // a monotonic clock

}  // namespace sam::bench
