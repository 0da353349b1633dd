// A number that no other object of this process has had: what backends key their
// caches by instead of an object's address, which the next program or database
// allocated can reuse (a kernel compiled for the last query answered the next one).
#pragma once

#include <atomic>
#include <cstdint>

namespace sam {

class Identity {
 public:
  Identity() : id_(Next()) {}
  // A copy (or a moved-to object) is another object: it gets a number of its own.
  Identity(const Identity&) : id_(Next()) {}
  Identity& operator=(const Identity&) {
    id_ = Next();
    return *this;
  }
  // For an object changed after a backend saw it: its caches no longer apply.
  void Renew() { id_ = Next(); }
  uint64_t value() const { return id_; }

 private:
  static uint64_t Next() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }
  uint64_t id_;
};

}  // namespace sam
