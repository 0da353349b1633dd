// LLVM's ORC JIT behind a small interface: one LLJIT per Backend, modules optimized
// for the host processor on several threads at once and linked together, the runtime helpers (helpers.hpp) defined as absolute symbols, and compiled
// objects kept on disk (object_cache.hpp). Nothing else in SAM sees an LLVM type.
#pragma once

#include <llvm/Support/MemoryBuffer.h>

#include <memory>
#include <span>
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
  // The function that Build compiles is named this in its module.
  static constexpr const char* kFunction = "sam_kernel";
  Unit NewUnit();
  // A module's compiled object, ready to link. Several are built at once on several
  // threads, then linked together (Link).
  struct Object {
    std::string symbol;  // the kernel's name in the JIT: kFunction and the key
    std::unique_ptr<llvm::MemoryBuffer> object;  // null: linked before (`address` is set)
    void* address = nullptr;
    bool cached = false;  // from the object cache, or added before in this process
  };
  // Verifies, optimizes (O2, host CPU) and generates code for the module's function
  // kFunction, unless a module equal to it was added before (in this process, or in
  // the object cache on disk). Safe to call from several threads at once. Throws
  // std::runtime_error on an LLVM error (a bug).
  Object Build(Unit unit);
  // Adds the objects built to the JIT, in one link, and sets each one's address.
  void Link(std::span<Object> objects);
  // The optimized IR of the last module built (`sam dump llvm`).
  const std::string& LastIR() const { return last_ir_; }
  void KeepIR(bool keep) { keep_ir_ = keep; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  bool keep_ir_ = false;
  std::string last_ir_;
};

}  // namespace sam::jit
