// docs/builtins.md against stdlib/builtins.def: every function and aggregate that the
// checker and the backends know has a row in the docs with the same signature and
// meaning, and the docs list nothing else. builtins.def is the one list; the docs are
// kept by hand (their tables are grouped by topic), so this test keeps them honest.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "stdlib/builtins.hpp"

namespace sam {
namespace {

// The cells of a markdown table row (`| a | b |`), with `\|` read as `|` and the
// backticks around a cell's whole text removed.
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  for (size_t i = 1; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
    } else if (line[i] == '|') {
      size_t b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
      cell = b == std::string::npos ? "" : cell.substr(b, e - b + 1);
      if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`' && cell.find('`', 1) == cell.size() - 1) {
        cell = cell.substr(1, cell.size() - 2);
      }
      cells.push_back(cell);
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return cells;
}

struct DocTables {
  std::map<std::string, std::vector<std::string>> functions;   // name -> {signature, meaning}
  std::map<std::string, std::string> aggregates;               // name -> meaning
};

DocTables ReadDocs() {
  std::ifstream in(std::string(SAM_SOURCE_DIR) + "/docs/builtins.md");
  REQUIRE(in.good());
  DocTables docs;
  std::string line, header;
  while (std::getline(in, line)) {
    if (line.rfind("| ", 0) != 0) {
      header.clear();
      continue;
    }
    std::vector<std::string> cells = Cells(line);
    if (header.empty()) {
      header = cells.empty() ? "?" : cells[0];  // the header row names the table's kind
      continue;
    }
    if (cells.empty() || cells[0].rfind("---", 0) == 0) continue;
    INFO(line);
    if (header == "name") {
      REQUIRE(cells.size() == 3);
      CHECK(docs.functions.count(cells[0]) == 0);
      docs.functions[cells[0]] = {cells[1], cells[2]};
    } else if (header == "aggregate") {
      REQUIRE(cells.size() >= 2);
      docs.aggregates[cells[0]] = cells[1];
    }
  }
  return docs;
}

}  // namespace

TEST_CASE("docs/builtins.md lists exactly the functions and aggregates of builtins.def") {
  DocTables docs = ReadDocs();
  REQUIRE(docs.functions.size() > 20);  // the tables were found
  for (const auto& b : stdlib::AllBuiltins()) {
    INFO("builtin `", b.name, "`");
    auto it = docs.functions.find(std::string(b.name));
    REQUIRE_MESSAGE(it != docs.functions.end(), "missing from docs/builtins.md");
    CHECK(it->second[0] == b.signature);
    CHECK(it->second[1] == b.doc);
    docs.functions.erase(it);
  }
  for (const auto& [name, row] : docs.functions) FAIL_CHECK("docs/builtins.md lists `", name, "`, which builtins.def does not have");
  REQUIRE(docs.aggregates.size() == stdlib::AllAggregates().size());
  for (const auto& a : stdlib::AllAggregates()) {
    INFO("aggregate `", a.name, "`");
    auto it = docs.aggregates.find(std::string(a.name));
    REQUIRE(it != docs.aggregates.end());
    CHECK(it->second == a.doc);
  }
}

}  // namespace sam
