// Searching a mapped file for a byte without holding on to the pages searched. A
// hostile field (300 MB inside quotes) is read past, not copied; but reading it maps
// its pages into the process, and they would count in its resident memory until the
// file is unmapped. Searches longer than kScanWindow give back the pages of each
// window they pass, so that the resident memory of a load does not grow with a line.
#pragma once

#include <cstdint>

namespace sam::rt::load {

inline constexpr uint64_t kScanWindow = 8 << 20;

// Gives back the whole pages inside [from, to), which must lie in a read-only private
// file mapping (MADV_DONTNEED: they are read again from the page cache if touched;
// on other memory it would lose the data).
void ReleasePages(const char* from, const char* to);

// The first `c` in [p, end), or end; adds the line feeds before it to `newlines` when
// given. With `release`, [p, end) is in a mapped file and the pages of every window of
// (at most) kScanWindow bytes searched without a hit are given back.
const char* FindByte(const char* p, const char* end, char c, bool release, uint64_t* newlines = nullptr);

}  // namespace sam::rt::load
