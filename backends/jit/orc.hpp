// LLVM's ORC JIT behind a small interface: one LLJIT per Backend, modules optimized
// for the host processor and added one at a time, each with a ResourceTracker of its
// own, the runtime helpers (helpers.hpp) defined as absolute symbols, and compiled
// objects kept on disk (object_cache.hpp). Nothing else in SAM sees an LLVM type.
#pragma once

#include <memory>
#include <string>

namespace llvm {
class LLVMContext;
class Module;
class DataLayout;
}  // namespace llvm

namespace sam::jit {

class Orc {
 public:
  // Throws std::runtime_error when the host cannot JIT (no native target).
  Orc();
  ~Orc();
  Orc(const Orc&) = delete;
  Orc& operator=(const Orc&) = delete;

  // A fresh context and module set up for the host (triple, data layout).
  struct Unit {
    std::unique_ptr<llvm::LLVMContext> context;
    std::unique_ptr<llvm::Module> module;
  };
  // The function that Add compiles is named this in its module.
  static constexpr const char* kFunction = "sam_kernel";
  Unit NewUnit();
  // Verifies, optimizes (O2, host CPU) and adds the module; returns the address of
  // its function kFunction. A module equal to one added before (in this process, or
  // in the object cache on disk) is not compiled again. Throws std::runtime_error
  // on an LLVM error (a bug).
  struct Added {
    void* address = nullptr;
    bool cached = false;  // from the object cache, or added before in this process
  };
  Added Add(Unit unit);
  // The optimized IR of the last module added (`sam dump llvm`).
  const std::string& LastIR() const { return last_ir_; }
  void KeepIR(bool keep) { keep_ir_ = keep; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool keep_ir_ = false;
  std::string last_ir_;
};

}  // namespace sam::jit
