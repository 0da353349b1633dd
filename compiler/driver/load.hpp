// Reading source files: size limits, UTF-8 and NUL checks, before any parsing.
#pragma once

#include <optional>
#include <string>

#include "base/diagnostics.hpp"
#include "base/source.hpp"

namespace sam {

inline constexpr size_t kMaxSourceBytes = 64u << 20;

// Reads `path` into `sources`. On an I/O problem, returns nullopt and the caller
// reports it (there is no span to point at for a file that could not be read).
std::optional<FileId> ReadSource(SourceManager& sources, const std::string& path, std::string* error);

// Reports invalid UTF-8 and NUL bytes (at most a few of each); returns true if the
// text is clean enough to parse.
bool ValidateText(const SourceFile& file, FileId id, Diagnostics& diags);

}  // namespace sam
