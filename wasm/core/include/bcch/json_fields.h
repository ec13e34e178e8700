// Reading untrusted JSON without exceptions. The core is built with JSON_NOEXCEPTION, where a failed
// nlohmann get<T>() aborts, so every value is type-checked here first and errors name the path ("lines[3].quantity").
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "bcch/json_quiet_errors.h"
#include "bcch/result.h"

namespace bcch {

using Json = nlohmann::json;

// Parses text; on failure returns an error with `code` and a message saying where it broke.
Result<Json> parseJson(const std::string& text, const char* code);

// Reads typed fields of one JSON object, remembering the first error.
class JsonFields {
 public:
  JsonFields(const Json& object, std::string path, const char* errorCode);

  bool ok() const { return !failed_; }
  const Error& error() const { return error_; }
  const char* code() const { return code_; }

  // Each returns the value (or the default) and records an error when the field is missing or of the wrong type.
  int64_t integer(const char* key);                          // required
  std::optional<int64_t> optionalInteger(const char* key);  // absent or null -> nullopt
  std::string string(const char* key);                       // required
  std::string optionalString(const char* key);               // absent or null -> ""
  const Json* optionalArray(const char* key);                // absent or null -> nullptr
  const Json* optionalObject(const char* key);
  const Json* raw(const char* key) const;                    // absent -> nullptr, no check

  void fail(const std::string& message, const char* code = nullptr);  // code defaults to the reader's
  std::string pathOf(const char* key) const;

 private:
  const Json& object_;
  std::string path_;
  const char* code_;
  bool failed_ = false;
  Error error_;
};

}  // namespace bcch
