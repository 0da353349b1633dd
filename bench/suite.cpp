#include "bench/suite.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <fstream>
#include <stdexcept>

namespace sam::bench {
namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

void ReplaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

}  // namespace

std::vector<SuiteQuery> ReadSuite(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot be read", path));
  std::vector<SuiteQuery> suite;
  std::string line;
  bool in_sql = false;
  auto fail = [&](int n, const std::string& what) { throw std::runtime_error(fmt::format("{}:{}: {}", path, n, what)); };
  auto finish = [&](int n) {
    if (suite.empty()) return;
    const SuiteQuery& q = suite.back();
    if (q.sam.empty() || q.sql.empty()) fail(n, fmt::format("query `{}` needs both `sam:` and `sql:`", q.name));
  };
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (in_sql && !line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      suite.back().sql += Trim(line) + "\n";
      continue;
    }
    in_sql = false;
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t colon = t.find(':');
    if (colon == std::string::npos) fail(n, "expected `key: value`");
    std::string key = t.substr(0, colon), value = Trim(t.substr(colon + 1));
    if (key == "name") {
      finish(n);
      suite.push_back(SuiteQuery{value, "", "", "", "", n});
      continue;
    }
    if (suite.empty()) fail(n, "expected `name:` first");
    SuiteQuery& q = suite.back();
    if (key == "about") q.about = value;
    else if (key == "sam") q.sam = value;
    else if (key == "kernel") q.kernel = value;
    else if (key == "sql") {
      q.sql = value.empty() ? "" : value + "\n";
      in_sql = true;
    } else {
      fail(n, fmt::format("unknown key `{}`", key));
    }
  }
  finish(n);
  if (suite.empty()) fail(n, "no queries");
  return suite;
}

std::string BindSql(const std::string& sql, const std::string& now_literal, const std::string& today_literal) {
  std::string s = sql;
  ReplaceAll(s, "{now}", now_literal);
  ReplaceAll(s, "{today}", today_literal);
  return s;
}

std::string ShowQuery(const std::string& count_query, const std::string& key, uint64_t limit) {
  std::string q = Trim(count_query);
  if (q.rfind("count ", 0) != 0) throw std::runtime_error("not a count query: " + count_query);
  return fmt::format("show {} limit {} {{ {} }}", q.substr(6), limit, key);
}

}  // namespace sam::bench
