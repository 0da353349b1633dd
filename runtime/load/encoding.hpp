// Files in an encoding the loader does not read. A UTF-16 export (Excel's "Unicode
// text", PowerShell's default) would otherwise fail as "the header has no column
// `id`" or as every row rejected, which hides the one fix that is needed.
#pragma once

#include <cstdint>
#include <string>

namespace sam::rt::load {

// Throws LoadError (exit 1) naming `path` and the iconv command that converts it when
// the file starts with a UTF-16 or UTF-32 byte order mark, or when its first bytes are
// ASCII with every other byte NUL (UTF-16 without a mark).
void CheckEncoding(const std::string& path, const char* data, uint64_t size);

}  // namespace sam::rt::load
