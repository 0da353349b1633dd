// The golden test runner: every tests/golden/**/{ok,warn,fail}_*.sam file carries the
// diagnostics `sam check` must print for it, as `// CHECK:STDERR: ` comment lines at
// its end (the colourless text rendering, paths relative to the repository root).
//
//   golden_runner                 check every golden file
//   golden_runner --update        rewrite the CHECK lines from the actual output
//   golden_runner --kinds         fail if a diagnostic kind appears in no golden file
//   golden_runner FILTER...       only files whose path contains one of the FILTERs
//
// File name prefixes: `ok_` must check without any diagnostic, `warn_` with warnings
// only, `fail_` with at least one error. Other .sam files (imported helpers such as
// modules/lib_common.sam) are not run on their own.
//
// The CHECK lines are part of the file that is checked (so `sam check FILE` prints
// exactly them), hence two escapes: bytes that are not printable UTF-8 are written as
// `\xHH`, so that the CHECK lines of a file with invalid UTF-8 or NUL bytes are clean
// text; and the comment delimiters `/*` and `*/` are written `/\x2A` and `*\x2F`, so
// that CHECK lines never open or close a block comment (they are inside one when the
// program has an unterminated comment). `--update` repeats until the output is stable, because
// diagnostics at the end of a file move with the CHECK lines.
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.hpp"
#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kGoldenDir = "tests/golden";
constexpr std::string_view kCheckPrefix = "// CHECK:STDERR:";

// Kinds that a golden file cannot exercise, and where they are tested instead.
const std::map<std::string_view, std::string_view> kUntestableKinds = {
    {"file-too-large", "needs a source file over 64 MiB; tests/unit/load_test.cpp covers it"},
    {"io-error", "a root file that cannot be read is reported by the CLI, not as a diagnostic of a file"},
    {"unsupported-in-sql", "reported by `sam compile`, not `sam check`; tests/cli/compile_command_test.sh covers it"},
    {"sql-tie-order", "reported by `sam compile`, not `sam check`; tests/cli/compile_command_test.sh covers it"},
};

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool WriteFile(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  return static_cast<bool>(out);
}

// Length of a valid UTF-8 sequence at s[i], 0 if invalid.
size_t Utf8Length(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
  if (n <= 1 || i + n > s.size()) return n == 1 ? 1 : 0;
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    unsigned char b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000)) return 0;
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return 0;
  return n;
}

// Control characters (except tab) and bytes that are not valid UTF-8 become `\xHH`.
std::string Escape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = Utf8Length(s, i);
    if (n == 0 || (c < 0x20 && c != '\t') || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
      ++i;
      continue;
    }
    if (c == '/' && !out.empty() && out.back() == '*') {
      out += "\\x2F";
    } else if (c == '*' && !out.empty() && out.back() == '/') {
      out += "\\x2A";
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string_view RStrip(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

struct Golden {
  std::string path;                   // relative to the repository root
  std::string body;                   // the file without its CHECK lines
  std::vector<std::string> expected;  // the CHECK lines' contents
  std::string eol = "\n";
};

// Splits a file into its CHECK lines and everything else (byte for byte).
Golden Split(const std::string& path, const std::string& text) {
  Golden g;
  g.path = path;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    std::string_view line(text.data() + pos, end - pos);
    if (line.starts_with(kCheckPrefix)) {
      std::string_view content = line.substr(kCheckPrefix.size());
      while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) content.remove_suffix(1);
      if (content.starts_with(' ')) content.remove_prefix(1);
      g.expected.emplace_back(content);
    } else {
      g.body.append(line);
    }
    pos = end;
  }
  // CHECK lines end like the program's first line.
  size_t nl = g.body.find('\n');
  if (nl != std::string::npos && nl > 0 && g.body[nl - 1] == '\r') g.eol = "\r\n";
  return g;
}

struct Actual {
  std::vector<std::string> lines;
  size_t errors = 0;
  size_t warnings = 0;
};

Actual Run(const std::string& path) {
  sam::Frontend fe;
  Actual a;
  try {
    sam::CheckProgram(fe, {path});
  } catch (const std::exception& e) {
    // A crash of the front end is a failure of this file, not of the whole run.
    a.lines.push_back(Escape(std::string("golden_runner: exception from CheckProgram: ") + e.what()));
    ++a.errors;
  }
  fe.diags.Sort();
  for (const auto& m : fe.io_messages) {
    a.lines.push_back(Escape("sam: error: " + m));
    ++a.errors;
  }
  for (const auto& d : fe.diags.all()) {
    std::string text = sam::RenderText(fe.sources, d, sam::RenderOptions{false});
    std::string_view rest = text;
    while (!rest.empty()) {
      size_t nl = rest.find('\n');
      a.lines.push_back(Escape(rest.substr(0, nl)));
      if (nl == std::string_view::npos) break;
      rest.remove_prefix(nl + 1);
    }
  }
  a.errors += fe.diags.error_count();
  a.warnings = fe.diags.warning_count();
  return a;
}

bool Same(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (RStrip(a[i]) != RStrip(b[i])) return false;
  }
  return true;
}

// A line diff (longest common subsequence; golden outputs are short).
void PrintDiff(const std::vector<std::string>& want, const std::vector<std::string>& got) {
  size_t n = want.size(), m = got.size();
  std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      lcs[i][j] = RStrip(want[i]) == RStrip(got[j]) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && RStrip(want[i]) == RStrip(got[j])) {
      std::printf("    %s\n", got[j].c_str());
      ++i, ++j;
    } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
      std::printf("  + %s\n", got[j++].c_str());
    } else {
      std::printf("  - %s\n", want[i++].c_str());
    }
  }
}

std::string Join(const Golden& g, const std::vector<std::string>& lines) {
  std::string out = g.body;
  if (lines.empty()) return out;
  // One blank line between the program and its CHECK lines.
  if (!out.empty()) {
    if (!out.ends_with('\n')) out += g.eol;
    if (!out.ends_with(g.eol + g.eol) && out != g.eol) out += g.eol;
  }
  for (const auto& l : lines) {
    out += kCheckPrefix;
    if (!l.empty()) out += ' ';
    out += l;
    out += g.eol;
  }
  return out;
}

enum class Prefix { Ok, Warn, Fail, Helper };

Prefix PrefixOf(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.starts_with("ok_")) return Prefix::Ok;
  if (name.starts_with("warn_")) return Prefix::Warn;
  if (name.starts_with("fail_")) return Prefix::Fail;
  return Prefix::Helper;
}

// The rule of the file's prefix, or an empty string if it holds.
std::string PrefixProblem(Prefix p, const Actual& a) {
  switch (p) {
    case Prefix::Ok:
      if (a.errors || a.warnings) return "an `ok_` file must check without any diagnostic";
      break;
    case Prefix::Warn:
      if (a.errors) return "a `warn_` file must have no errors";
      if (!a.warnings) return "a `warn_` file must have at least one warning";
      break;
    case Prefix::Fail:
      if (!a.errors) return "a `fail_` file must have at least one error";
      break;
    case Prefix::Helper: break;
  }
  return {};
}

std::vector<std::string> GoldenFiles(const std::vector<std::string>& filters) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(kGoldenDir)) {
    if (!e.is_regular_file() || e.path().extension() != ".sam") continue;
    if (PrefixOf(e.path()) == Prefix::Helper) continue;
    std::string p = e.path().generic_string();
    if (!filters.empty() &&
        std::none_of(filters.begin(), filters.end(), [&](const std::string& f) { return p.find(f) != std::string::npos; })) {
      continue;
    }
    files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  return files;
}

int CheckKinds(const std::vector<std::string>& files) {
  std::set<std::string> seen;
  for (const auto& f : files) {
    for (const auto& line : Split(f, ReadFile(f)).expected) {
      // Only the first line of a diagnostic: `path:line:col: error: message [slug]`.
      if (line.find(": error: ") == std::string::npos && line.find(": warning: ") == std::string::npos) continue;
      std::string_view l = RStrip(line);
      if (!l.ends_with(']')) continue;
      size_t open = l.rfind('[');
      if (open != std::string_view::npos) seen.emplace(l.substr(open + 1, l.size() - open - 2));
    }
  }
  std::vector<std::string_view> missing;
  for (const auto& k : sam::AllDiagKinds()) {
    if (seen.count(std::string(k.slug)) || kUntestableKinds.count(k.slug)) continue;
    missing.push_back(k.slug);
  }
  size_t total = sam::AllDiagKinds().size();
  if (missing.empty()) {
    std::printf("golden kinds: all %zu diagnostic kinds are exercised by the %zu golden files\n", total, files.size());
    for (const auto& [k, why] : kUntestableKinds) std::printf("  (not in goldens: %.*s: %.*s)\n", int(k.size()), k.data(), int(why.size()), why.data());
    return 0;
  }
  std::printf("golden kinds: %zu of %zu diagnostic kinds in base/kinds.def appear in no golden\n"
              "file's CHECK lines. Add a tests/golden/<topic>/fail_*.sam (or warn_*.sam) that reports each,\n"
              "then run `golden_runner --update` and review the result:\n",
              missing.size(), total);
  for (auto k : missing) std::printf("  missing: %.*s\n", int(k.size()), k.data());
  for (const auto& [k, why] : kUntestableKinds) std::printf("  (not needed: %.*s: %.*s)\n", int(k.size()), k.data(), int(why.size()), why.data());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool update = false, kinds = false, verbose = false;
  std::vector<std::string> filters;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--update") {
      update = true;
    } else if (a == "--kinds") {
      kinds = true;
    } else if (a == "-v" || a == "--verbose") {
      verbose = true;
    } else if (a == "-h" || a == "--help") {
      std::printf("usage: golden_runner [--update] [--kinds] [-v] [FILTER...]\n");
      return 0;
    } else {
      filters.emplace_back(a);
    }
  }
  if (chdir(SAM_SOURCE_DIR) != 0) {
    std::perror("golden_runner: chdir to the repository root");
    return 2;
  }
  std::vector<std::string> files = GoldenFiles(filters);
  if (files.empty()) {
    std::printf("golden: no golden files found under %s\n", std::string(kGoldenDir).c_str());
    return 1;
  }
  if (kinds) return CheckKinds(files);

  size_t failed = 0, updated = 0;
  for (const auto& path : files) {
    Golden g = Split(path, ReadFile(path));
    Actual a = Run(path);
    if (update) {
      // Diagnostics at the end of the file move with the CHECK lines, so repeat until
      // the output no longer changes.
      for (int round = 0; round < 4 && !Same(g.expected, a.lines); ++round) {
        if (!WriteFile(path, Join(g, a.lines))) {
          std::printf("golden: cannot write %s\n", path.c_str());
          return 2;
        }
        ++updated;
        g = Split(path, ReadFile(path));
        a = Run(path);
      }
    }
    std::string problem = PrefixProblem(PrefixOf(path), a);
    bool same = Same(g.expected, a.lines);
    if (same && problem.empty()) {
      if (verbose) std::printf("ok   %s\n", path.c_str());
      continue;
    }
    ++failed;
    std::printf("FAIL %s\n", path.c_str());
    if (!problem.empty()) std::printf("  %s (%zu errors, %zu warnings)\n", problem.c_str(), a.errors, a.warnings);
    if (!same) {
      std::printf("  diagnostics differ from the CHECK lines (- expected, + actual):\n");
      PrintDiff(g.expected, a.lines);
    }
  }
  std::printf("golden: %zu files, %zu failed%s\n", files.size(), failed,
              update ? (" (" + std::to_string(updated) + " rewritten)").c_str() : "");
  if (failed && !update) {
    std::printf("golden: if the new output is right, run `build/tests/golden_runner --update [FILTER]` and review\n"
                "        the change with `git diff tests/golden`\n");
  }
  return failed ? 1 : 0;
}
