#include "bench/engine_commands.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "bench/child_process.hpp"

namespace sam::bench {
namespace {

double ChildrenCpu() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The fields of one CSV line (RFC 4180 quotes).
std::vector<std::string> Fields(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"', ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

Timed RunTimed(const std::vector<std::string>& argv) {
  const double cpu0 = ChildrenCpu();
  ChildRun run = RunChild(argv);
  if (run.exit_code != 0) {
    throw std::runtime_error(fmt::format("`{}` failed (exit code {}): {}", CommandLine(argv), run.exit_code, run.err));
  }
  return Timed{run.seconds, ChildrenCpu() - cpu0, std::move(run.out)};
}

void RemoveState(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

uint64_t StateBytes(const std::string& path) {
  uint64_t bytes = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path + suffix, ec);
    if (!ec) bytes += size;
  }
  return bytes;
}

std::vector<std::string> DifferingPlans(const std::string& a, const std::string& b, const std::vector<std::string>& dates) {
  std::vector<std::string> differ;
  for (const std::string& date : dates) {
    for (const char* kind : {"plan-", "stops-"}) {
      const std::string name = kind + date + ".csv";
      const std::string x = a + "/" + name, y = b + "/" + name;
      if (!std::filesystem::exists(x) || !std::filesystem::exists(y) || Slurp(x) != Slurp(y)) differ.push_back(name);
    }
  }
  return differ;
}

std::optional<std::pair<std::string, std::string>> FirstRow(const std::string& csv, const std::vector<std::string>& prefer) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // the header
  std::optional<std::pair<std::string, std::string>> first;
  while (std::getline(in, line)) {
    const std::vector<std::string> f = Fields(line);
    if (f.size() < 3) continue;
    if (std::find(prefer.begin(), prefer.end(), f[2]) != prefer.end()) return std::pair{f[1], f[2]};
    if (!first) first = std::pair{f[1], f[2]};
  }
  return first;
}

}  // namespace sam::bench
