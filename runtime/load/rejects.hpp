// The rejects file of a table: `<rejects_dir>/<table>.rejects.csv`, one CSV row per
// rejected input row (source file, line, column, reason, the row's text), in line order.
#pragma once

#include <string>
#include <vector>

#include "runtime/load/row_sink.hpp"

namespace sam::rt::load {

// Writes the file and returns its path; with no rejections, removes a file left by an
// earlier load and returns "". Throws LoadError (exit 2) when it cannot be written.
std::string WriteRejects(const std::string& dir, const std::string& table, const std::string& source,
                         const std::vector<Rejection>& rejections);

// `s` with each byte that is not part of valid UTF-8 written as `\xHH` (upper-case hex).
std::string EscapeInvalidUtf8(std::string_view s);

// `s` as one CSV field: quoted when it holds a comma, quote, CR or LF.
std::string CsvQuote(std::string_view s);

}  // namespace sam::rt::load
