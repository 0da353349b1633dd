// Checks that the examples and the SAM code in the documentation are clean programs.
//
//   doc_check examples   every examples/*.sam and examples/complete/program.sam must
//                        check without any diagnostic (errors or warnings)
//   doc_check docs       every ```sam block of docs/*.md and README.md must check
//                        without any diagnostic
//   doc_check docs|examples FILE...   only these files (paths from the repo root)
//
// A docs block without its own `schema {` uses the examples' shared schema: it is
// checked as if `import "<repo>/examples/common/schema.sam"` were its first line. The
// block is checked in a copy of the .md file where every other line is blank and the
// import sits on the opening fence's line, so diagnostics carry the .md file's own
// line and column numbers.
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "base/render.hpp"
#include "compiler/driver/frontend.hpp"

namespace fs = std::filesystem;

namespace {

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs one check, turning an exception of the front end into a reported failure.
template <typename F>
bool Guarded(const std::string& what, F&& check) {
  try {
    check();
    return true;
  } catch (const std::exception& e) {
    std::printf("FAIL %s: the front end threw an exception: %s\n", what.c_str(), e.what());
    return false;
  }
}

// Prints the diagnostics of one check; returns true if there were none.
bool Report(sam::Frontend& fe, const std::string& what) {
  if (fe.diags.all().empty() && fe.io_messages.empty()) return true;
  std::printf("FAIL %s: %zu errors, %zu warnings\n", what.c_str(), fe.diags.error_count() + fe.io_messages.size(),
              fe.diags.warning_count());
  for (const auto& m : fe.io_messages) std::printf("sam: error: %s\n", m.c_str());
  fe.diags.Sort();
  for (const auto& d : fe.diags.all()) std::printf("%s", sam::RenderText(fe.sources, d, {false}).c_str());
  return false;
}

int CheckExamples(std::vector<std::string> files) {
  bool all = files.empty();
  if (all && fs::is_directory("examples")) {
    for (const auto& e : fs::directory_iterator("examples")) {
      if (e.is_regular_file() && e.path().extension() == ".sam") files.push_back(e.path().generic_string());
    }
  }
  std::sort(files.begin(), files.end());
  size_t failed = 0;
  if (all) {
    if (fs::exists("examples/complete/program.sam")) {
      files.push_back("examples/complete/program.sam");
    } else {
      std::printf("FAIL examples/complete/program.sam: missing\n");
      ++failed;
    }
  }
  for (const auto& f : files) {
    sam::Frontend fe;
    if (!Guarded(f, [&] { sam::CheckProgram(fe, {f}); }) || !Report(fe, f)) ++failed;
  }
  std::printf("examples: %zu files checked, %zu failed\n", files.size(), failed);
  return failed ? 1 : 0;
}

struct Block {
  std::string file;
  size_t fence_line;  // 1-based line of the opening ```sam
  std::string text;   // the whole .md file with everything but the block blanked
  bool has_schema;
};

bool IsSamFence(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  if (i == std::string_view::npos) return false;
  line.remove_prefix(i);
  if (!line.starts_with("```sam")) return false;
  line.remove_prefix(6);
  return line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '\r' || line[0] == '{';
}

bool IsFenceEnd(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  return i != std::string_view::npos && line.substr(i).starts_with("```");
}

std::vector<Block> ExtractBlocks(const std::string& file, const std::string& import_line) {
  std::string md = ReadFile(file);
  std::vector<std::string> lines;
  for (size_t pos = 0; pos <= md.size();) {
    size_t nl = md.find('\n', pos);
    if (nl == std::string::npos) {
      if (pos < md.size()) lines.push_back(md.substr(pos));
      break;
    }
    lines.push_back(md.substr(pos, nl - pos));
    pos = nl + 1;
  }
  static const std::regex schema_re(R"(\bschema\s*\{)");
  std::vector<Block> blocks;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsSamFence(lines[i])) continue;
    size_t end = i + 1;
    while (end < lines.size() && !IsFenceEnd(lines[end])) ++end;
    std::string code;
    for (size_t k = i + 1; k < end; ++k) code += lines[k] + "\n";
    Block b{file, i + 1, {}, std::regex_search(code, schema_re)};
    // Up to the closing fence, so that "the end of the file" is the end of the block.
    for (size_t k = 0; k < end && k < lines.size(); ++k) {
      if (k == i && !b.has_schema) b.text += import_line;
      if (k > i) b.text += lines[k];
      b.text += '\n';
    }
    blocks.push_back(std::move(b));
    i = end;
  }
  return blocks;
}

int CheckDocs(std::vector<std::string> files) {
  if (files.empty()) {
    if (fs::is_directory("docs")) {
      for (const auto& e : fs::directory_iterator("docs")) {
        if (e.is_regular_file() && e.path().extension() == ".md") files.push_back(e.path().generic_string());
      }
    }
    std::sort(files.begin(), files.end());
    if (fs::exists("README.md")) files.insert(files.begin(), "README.md");
  }
  std::string import_line = "import \"" + (fs::current_path() / "examples/common/schema.sam").generic_string() + "\"";
  size_t blocks = 0, failed = 0;
  bool warned = false;
  for (const auto& f : files) {
    for (const auto& b : ExtractBlocks(f, import_line)) {
      ++blocks;
      sam::Frontend fe;
      std::string where = b.file + ":" + std::to_string(b.fence_line) + ": ```sam block";
      if (!Guarded(where, [&] { sam::CheckText(fe, b.file, b.text); })) {
        ++failed;
        continue;
      }
      if (!b.has_schema && fe.sources.size() < 2 && !warned) {
        std::printf("docs: note: CheckText did not load the imported examples/common/schema.sam, so blocks\n"
                    "      are checked without it (names of the schema will be undefined). CheckText must\n"
                    "      follow imports (compiler/driver/frontend.cpp).\n");
        warned = true;
      }
      std::string what = where + (b.has_schema ? "" : " (with the examples' schema imported on the fence line)");
      if (!Report(fe, what)) ++failed;
    }
  }
  std::printf("docs: %zu ```sam blocks in %zu files checked, %zu failed\n", blocks, files.size(), failed);
  if (blocks == 0) {
    std::printf("docs: FAIL: no ```sam blocks found in README.md and docs/*.md\n");
    return 1;
  }
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (chdir(SAM_SOURCE_DIR) != 0) {
    std::perror("doc_check: chdir to the repository root");
    return 2;
  }
  std::string what = argc > 1 ? argv[1] : "";
  std::vector<std::string> files(argv + std::min(argc, 2), argv + argc);
  if (what == "examples") return CheckExamples(files);
  if (what == "docs") return CheckDocs(files);
  std::fprintf(stderr, "usage: doc_check examples|docs [FILE...]\n");
  return 2;
}
