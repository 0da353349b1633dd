// Compiled kernels on disk, so that a daily `sam run` or a repeated query compiles
// each kernel once: object code keyed by a fingerprint of the kernel's unoptimized
// IR, LLVM's version and the processor (orc.cpp makes the key). A file is
// "SAMJITO1", the BLAKE3 hash of the object, then the object: a damaged or truncated
// file fails the hash and is compiled again and replaced, never run.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <llvm/ADT/StringRef.h>
#include <llvm/Support/MemoryBuffer.h>

namespace sam::jit {

// Load and Store may be called from several threads at once.
class ObjectCache {
 public:
  explicit ObjectCache(std::filesystem::path dir) : dir_(std::move(dir)) {}
  // $SAM_JIT_CACHE (`off`: none), else $XDG_CACHE_HOME/sam/jit, else
  // $HOME/.cache/sam/jit; none without either variable.
  static std::optional<std::filesystem::path> DefaultDir();

  // The object stored under `key`, or null (none, or a damaged file).
  std::unique_ptr<llvm::MemoryBuffer> Load(const std::string& key);
  // Stores the object under `key`; a cache that cannot be written is skipped (it
  // only saves time). Files unused for 30 days are removed, by the first process
  // each day that stores one (the file `.pruned` keeps the day).
  void Store(const std::string& key, llvm::StringRef object);

 private:
  std::filesystem::path PathOf(const std::string& key) const { return dir_ / (key + ".o"); }
  void Prune();

  std::filesystem::path dir_;
  std::atomic<bool> pruned_{false};
};

// The hex BLAKE3 hash (32 bytes) of `text`.
std::string Blake3Hex(llvm::StringRef text);

}  // namespace sam::jit
