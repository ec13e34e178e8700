// Errors are values: every fallible core operation returns a Result, never throws.
// The core is built with -fno-exceptions for size, and nothing may cross into JS as an exception.
#pragma once

#include <string>
#include <utility>

namespace bcch {

// `code` is stable (users switch on it); `message` is for a person and may change.
struct Error {
  std::string code;
  std::string message;
};

template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)), ok_(true) {}  // NOLINT: implicit on purpose
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  const T& value() const { return value_; }
  T& value() { return value_; }
  const Error& error() const { return error_; }

 private:
  T value_{};
  Error error_;
  bool ok_;
};

// For operations that return nothing on success.
struct Done {};
using Status = Result<Done>;
inline Status ok() { return Done{}; }

inline Error makeError(const char* code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace bcch
