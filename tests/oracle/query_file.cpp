#include "tests/oracle/query_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace sam::oracle {

std::vector<QueryCase> ReadQueryFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<QueryCase> cases;
  std::string line;
  int n = 0;
  bool in_sql = false;
  auto fail = [&](const std::string& what) { throw std::runtime_error(path + ":" + std::to_string(n) + ": " + what); };
  auto finish = [&] {
    if (cases.empty()) return;
    QueryCase& c = cases.back();
    if (!in_sql || c.sql.find_first_not_of(" \n") == std::string::npos) fail("entry `" + c.name + "` has no SQL");
    if (c.show.empty()) {
      if (c.sam.find("segment q ") == std::string::npos) fail("entry `" + c.name + "` defines no `segment q`");
      c.show = "show customers where q { id }";
    }
  };
  while (std::getline(in, line)) {
    ++n;
    if (line.rfind("===", 0) == 0) {
      finish();
      in_sql = false;
      QueryCase c;
      c.line = n;
      std::istringstream words(line.substr(3));
      std::string w;
      while (words >> w) {
        if (w.rfind("today=", 0) == 0) c.today = w.substr(6);
        else if (w == "empty-ok") c.empty_ok = true;
        else if (c.name.empty()) c.name = w;
        else fail("unexpected `" + w + "`");
      }
      if (c.name.empty()) fail("an entry without a name");
      for (const QueryCase& other : cases) {
        if (other.name == c.name) fail("duplicate entry `" + c.name + "`");
      }
      cases.push_back(std::move(c));
      continue;
    }
    if (cases.empty()) continue;  // the file's comment
    QueryCase& c = cases.back();
    if (line == "---") {
      if (in_sql) fail("a second `---`");
      in_sql = true;
    } else if (in_sql) {
      c.sql += line + "\n";
    } else if (line.rfind("show ", 0) == 0) {
      c.show = line;
    } else {
      c.sam += line + "\n";
    }
  }
  finish();
  return cases;
}

}  // namespace sam::oracle
