// The printf family the wasm modules link instead of musl's (wasm/bindings/libc_overrides.cpp, through --wrap):
// each format the modules use, and the flags, widths and precisions around them, printed as the C library prints
// them, with vsnprintf's truncation contract (always terminated, the full length returned).
#include <catch2/catch.hpp>

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

extern "C" int __wrap_snprintf(char* buffer, size_t size, const char* format, ...);
extern "C" int __wrap_sprintf(char* buffer, const char* format, ...);

namespace {
template <typename... Args>
void samePrint(const char* format, Args... args) {
  char ours[128];
  char libc[128];
  const int n = __wrap_snprintf(ours, sizeof ours, format, args...);
  const int m = std::snprintf(libc, sizeof libc, format, args...);
  INFO("format " << format);
  CHECK(std::string(ours) == std::string(libc));
  CHECK(n == m);
}
}  // namespace

TEST_CASE("the small printf prints integers as the C library does", "[libc]") {
  samePrint("%d|%i", 0, -42);
  samePrint("%d %d", INT_MIN, INT_MAX);
  samePrint("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
  samePrint("[%.3d] [%8.3d] [%.0d]", 7, -7, 0);
  samePrint("%u %x %X %#x %#X %o %#o", 4000000000u, 255u, 255u, 255u, 255u, 8u, 8u);
  samePrint("<U+%.4X>", 0x1F);
  samePrint("%lld %llu", LLONG_MIN, ULLONG_MAX);
  samePrint("%ld %lu %zu", -5L, 5UL, static_cast<size_t>(123456));
  samePrint("%hd %hhu", 7, 200);
  samePrint("[%*d] [%-*d] [%.*d]", 6, 1, 6, 1, 4, 1);
}

TEST_CASE("the small printf prints pointers, characters, strings and percent signs", "[libc]") {
  int x = 0;
  samePrint("%p", static_cast<void*>(&x));
  samePrint("[%c] [%3c] [%-3c]", 'a', 'b', 'c');
  samePrint("[%s] [%.3s] [%10s] [%-10s]", "hello", "hello", "hi", "hi");
  samePrint("100%% sure");
}

TEST_CASE("the small printf truncates like vsnprintf: terminated, the full length returned", "[libc]") {
  char small[4] = {'x', 'x', 'x', 'x'};
  CHECK(__wrap_snprintf(small, sizeof small, "%d", 123456) == 6);
  CHECK(std::string(small) == "123");
  char none[1] = {'x'};
  CHECK(__wrap_snprintf(none, 0, "%s", "abc") == 3);
  CHECK(none[0] == 'x');
  char room[32];
  CHECK(__wrap_sprintf(room, "%s=%d", "n", 5) == 3);
  CHECK(std::string(room) == "n=5");
}
