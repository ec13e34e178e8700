// Writes JSON text directly. The core parses with nlohmann/json but never serialises with it: its
// serializer (with float formatting and printf) was about a fifth of the .wasm, and money is written
// here exactly from minor units ("19.99"), never through a double.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace bcch {

class JsonWriter {
 public:
  JsonWriter& beginObject();
  JsonWriter& endObject();
  JsonWriter& beginArray();
  JsonWriter& endArray();
  JsonWriter& key(std::string_view name);  // inside an object, before each value

  JsonWriter& string(std::string_view value);  // invalid UTF-8 becomes U+FFFD, never an error
  JsonWriter& integer(int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  JsonWriter& decimal(int64_t minor, int exponent);  // 1999, 2 -> 19.99 as a JSON number
  JsonWriter& raw(std::string_view json);             // an already valid JSON value

  std::string text() const { return std::string(data_ ? data_ : "", size_); }
  std::string take() {
    out_.resize(size_);
    size_ = capacity_ = 0;
    data_ = nullptr;
    return std::move(out_);
  }

 private:
  // The text is written into out_ as into a plain buffer (size_ bytes used, capacity_ reserved) with these
  // inline helpers: std::string's own append and push_back are compiled into the prebuilt libc++, where no call
  // is inlined, and a call per character was most of what saving a cart cost in wasm.
  void put(char c) {
    if (size_ == capacity_) grow(1);
    data_[size_++] = c;
  }
  void put(const char* text, size_t length) {
    if (capacity_ - size_ < length) grow(length);
    std::memcpy(data_ + size_, text, length);
    size_ += length;
  }
  void grow(size_t atLeast);
  void beforeValue();

  std::string out_;
  char* data_ = nullptr;  // out_'s bytes
  size_t size_ = 0;
  size_t capacity_ = 0;
  // One bit per open container, set until its first element is written. The core's documents nest a few levels
  // deep; 64 is the most this writer takes.
  uint64_t firstBits_ = 0;
  int depth_ = 0;
  bool afterKey_ = false;
};

}  // namespace bcch
