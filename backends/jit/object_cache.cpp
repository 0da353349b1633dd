#include "backends/jit/object_cache.hpp"

#include <llvm/Support/BLAKE3.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <system_error>

namespace sam::jit {
namespace {

namespace fs = std::filesystem;

constexpr char kMagic[8] = {'S', 'A', 'M', 'J', 'I', 'T', 'O', '1'};
constexpr size_t kHash = 32;
constexpr auto kUnusedFor = std::chrono::hours(24 * 30);
constexpr auto kPruneEvery = std::chrono::hours(24);

std::array<uint8_t, kHash> Hash(llvm::StringRef bytes) {
  llvm::BLAKE3 h;
  h.update(bytes);
  return h.final<kHash>();
}

std::optional<fs::path> FromEnv(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return fs::path(v);
}

}  // namespace

std::string Blake3Hex(llvm::StringRef text) {
  static const char* digits = "0123456789abcdef";
  std::string hex;
  for (uint8_t b : Hash(text)) {
    hex += digits[b >> 4];
    hex += digits[b & 15];
  }
  return hex;
}

std::optional<fs::path> ObjectCache::DefaultDir() {
  if (auto dir = FromEnv("SAM_JIT_CACHE")) {
    if (*dir == "off") return std::nullopt;
    return dir;
  }
  if (auto xdg = FromEnv("XDG_CACHE_HOME")) return *xdg / "sam" / "jit";
  if (auto home = FromEnv("HOME")) return *home / ".cache" / "sam" / "jit";
  return std::nullopt;
}

std::unique_ptr<llvm::MemoryBuffer> ObjectCache::Load(const std::string& key) {
  const fs::path path = PathOf(key);
  auto file = llvm::MemoryBuffer::getFile(path.string(), /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file) return nullptr;
  llvm::StringRef bytes = (*file)->getBuffer();
  if (bytes.size() < sizeof kMagic + kHash || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return nullptr;
  const llvm::StringRef object = bytes.drop_front(sizeof kMagic + kHash);
  const auto hash = Hash(object);
  if (std::memcmp(bytes.data() + sizeof kMagic, hash.data(), kHash) != 0) return nullptr;
  std::error_code ignored;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ignored);  // used: kept by Prune
  return llvm::MemoryBuffer::getMemBufferCopy(object, path.string());
}

void ObjectCache::Store(const std::string& key, llvm::StringRef object) {
  std::error_code error;
  fs::create_directories(dir_, error);
  if (error) return;
  Prune();
  // Written aside and renamed: a reader sees the whole file or none, and two
  // processes storing the same kernel both succeed.
  std::random_device random;
  const fs::path temp = dir_ / (key + ".tmp" + std::to_string(random()));
  {
    std::ofstream out(temp, std::ios::binary);
    const auto hash = Hash(object);
    out.write(kMagic, sizeof kMagic);
    out.write(reinterpret_cast<const char*>(hash.data()), kHash);
    out.write(object.data(), static_cast<std::streamsize>(object.size()));
    if (!out.flush()) {
      out.close();
      fs::remove(temp, error);
      return;
    }
  }
  fs::rename(temp, PathOf(key), error);
  if (error) fs::remove(temp, error);
}

void ObjectCache::Prune() {
  if (pruned_.exchange(true)) return;
  // At most once a day per cache, as a file's time says: reading the times of every
  // object (36,725 of them after a month of tests here) took 0.27 s of every process
  // that compiled a kernel.
  const auto now = fs::file_time_type::clock::now();
  const fs::path marker = dir_ / ".pruned";
  std::error_code error;
  const auto last = fs::last_write_time(marker, error);
  if (!error && last > now - kPruneEvery && last <= now) return;
  std::ofstream(marker).put('\n');
  fs::last_write_time(marker, now, error);
  const auto cutoff = now - kUnusedFor;
  error.clear();
  for (fs::directory_iterator it(dir_, error), end; !error && it != end; it.increment(error)) {
    std::error_code ignored;
    // Objects not used for a month, and what a killed process left half written.
    const std::string ext = it->path().extension().string();
    if ((ext == ".o" || ext.rfind(".tmp", 0) == 0) && it->last_write_time(ignored) < cutoff) {
      fs::remove(it->path(), ignored);
    }
  }
}

}  // namespace sam::jit
