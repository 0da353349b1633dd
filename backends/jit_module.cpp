#include "backends/jit_module.hpp"

#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>

namespace sam::jit {
namespace {

namespace fs = std::filesystem;

// The module's entry points, loaded once per process; never unloaded (its code
// backs the backends it made).
struct Module {
  MakeBackendFn make = nullptr;
  ReportFn report = nullptr;
  DumpLLVMFn dump = nullptr;
};

// Where the module may be: $SAM_JIT_MODULE; where this build put it; beside the
// program, or in its parent folder (the tests' programs are one folder down).
std::vector<std::string> Candidates() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("SAM_JIT_MODULE"); env != nullptr && *env != '\0') out.push_back(env);
  out.push_back(SAM_JIT_MODULE);
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::string name = fs::path(SAM_JIT_MODULE).filename().string();
    out.push_back((self.parent_path() / name).string());
    out.push_back((self.parent_path().parent_path() / name).string());
  }
  return out;
}

const Module& Load() {
  static Module module;
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string tried;
    for (const std::string& path : Candidates()) {
      void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) {
        tried += fmt::format("\n  {}: {}", path, dlerror());
        continue;
      }
      module.make = reinterpret_cast<MakeBackendFn>(dlsym(handle, kMakeBackend));
      module.report = reinterpret_cast<ReportFn>(dlsym(handle, kReport));
      module.dump = reinterpret_cast<DumpLLVMFn>(dlsym(handle, kDumpLLVM));
      if (module.make && module.report && module.dump) return;
      tried += fmt::format("\n  {}: not SAM's JIT module (its entry points are missing)", path);
      module = Module{};
    }
    failure = "the JIT module libsam_jit.so could not be loaded; tried:" + tried;
  });
  if (module.make == nullptr) throw std::runtime_error(failure);
  return module;
}

}  // namespace

std::unique_ptr<backend::Backend> MakeBackend(std::unique_ptr<backend::Backend> fallback, const Options& options) {
  return std::unique_ptr<backend::Backend>(Load().make(fallback.release(), &options));
}

Report ReportOf(const backend::Backend& backend) {
  Report out;
  if (backend.name() == "jit") Load().report(&backend, &out);
  return out;
}

std::string DumpLLVM(const ir::Program& program, const rt::Database& db, ir::NodeId root) {
  std::string out;
  Load().dump(&program, &db, root, &out);
  return out;
}

}  // namespace sam::jit
