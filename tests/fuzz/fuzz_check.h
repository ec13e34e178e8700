// Shared by the fuzz targets: an invariant violation prints what broke and aborts, so libFuzzer saves the
// input as a crash-* reproducer (see scripts/fuzz.mjs, which copies them to tests/fuzz/crashes/).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace bcch_fuzz {

[[noreturn]] inline void violation(const std::string& what) {
  std::fprintf(stderr, "\n==== INVARIANT VIOLATION: %s\n", what.c_str());
  std::fflush(stderr);
  std::abort();
}

inline void require(bool condition, const std::string& what) {
  if (!condition) violation(what);
}

}  // namespace bcch_fuzz
