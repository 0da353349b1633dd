// Writers of one line of a plan file: a JSON object, or a CSV row. A plan has
// hundreds of thousands of lines; these append to one string without a temporary
// object or string per field.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "base/render.hpp"
#include "cli/output.hpp"

namespace sam::cli {

// One JSON object on one line, its fields in the order added, exactly as
// nlohmann::ordered_json's dump() writes it (building a json object for each line
// was a tenth of a run).
class JsonLine {
 public:
  explicit JsonLine(std::string& out) : out_(out) { out_ += '{'; }
  ~JsonLine() { out_ += "}\n"; }
  JsonLine& Field(std::string_view key, std::string_view value) {
    Key(key);
    String(value);
    return *this;
  }
  JsonLine& Field(std::string_view key, int value) {
    Key(key);
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return *this;
  }

 private:
  void Key(std::string_view key) {
    if (out_.back() != '{') out_ += ',';
    String(key);
    out_ += ':';
  }
  // Plain ASCII needs no escaping; anything else is escaped (or refused, for
  // invalid UTF-8) by nlohmann itself.
  void String(std::string_view s) {
    const bool plain = std::all_of(s.begin(), s.end(), [](char ch) {
      const auto u = static_cast<unsigned char>(ch);
      return u >= 0x20 && u < 0x80 && ch != '"' && ch != '\\';
    });
    if (!plain) {
      out_ += nlohmann::json(std::string(s)).dump();
      return;
    }
    out_ += '"';
    out_ += s;
    out_ += '"';
  }

  std::string& out_;
};

// One CSV row: fields separated by commas, each Text quoted as CsvField quotes it (AppendCsvField).
class CsvRow {
 public:
  explicit CsvRow(std::string& out) : out_(out) {}
  ~CsvRow() { out_ += '\n'; }
  CsvRow& Text(std::string_view s) {
    Separate();
    AppendCsvField(out_, s);
    return *this;
  }
  // As it is: a value that needs no quoting (a date, a channel name).
  CsvRow& Raw(std::string_view s) {
    Separate();
    out_ += s;
    return *this;
  }
  CsvRow& Int(int value) {
    Separate();
    fmt::format_to(std::back_inserter(out_), "{}", value);
    return *this;
  }

 private:
  void Separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string& out_;
  bool first_ = true;
};

}  // namespace sam::cli
