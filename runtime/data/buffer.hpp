// Bytes that a column reads: owned (built by the loader) or borrowed from a mapped
// snapshot file, which the buffer keeps alive. Columns never copy them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace sam::rt {

class Buffer {
 public:
  Buffer() = default;

  // Takes the vector's bytes. Their start is aligned for any scalar (operator new).
  template <class T, class A>
  static Buffer Own(std::vector<T, A>&& values) {
    auto holder = std::make_shared<std::vector<T, A>>(std::move(values));
    Buffer b;
    b.data_ = reinterpret_cast<const uint8_t*>(holder->data());
    b.size_ = holder->size() * sizeof(T);
    b.owner_ = std::move(holder);
    return b;
  }
  // Borrows `size` bytes at `data`; `keep` keeps them valid (a mapping).
  static Buffer View(const void* data, size_t size, std::shared_ptr<const void> keep) {
    Buffer b;
    b.data_ = static_cast<const uint8_t*>(data);
    b.size_ = size;
    b.owner_ = std::move(keep);
    return b;
  }

  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  template <class T>
  const T* as() const {
    return reinterpret_cast<const T*>(data_);
  }
  template <class T>
  size_t count() const {
    return size_ / sizeof(T);
  }

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  std::shared_ptr<const void> owner_;
};

}  // namespace sam::rt
