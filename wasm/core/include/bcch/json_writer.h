// Writes JSON text directly. The core parses with nlohmann/json but never serialises with it: its
// serializer (with float formatting and printf) was about a fifth of the .wasm, and money is written
// here exactly from minor units ("19.99"), never through a double.
#pragma once

#include <cstdint>
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

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void beforeValue();
  std::string out_;
  std::string firstFlags_;  // one char per open container: '1' until its first element is written
  bool afterKey_ = false;
};

}  // namespace bcch
