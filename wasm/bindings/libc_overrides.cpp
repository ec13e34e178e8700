// Linked into the wasm modules only, through -Wl,--wrap (wasm/bindings/CMakeLists.txt), so that musl's big
// general-purpose routines stay out of the .wasm:
// - nlohmann/json's lexer calls strtod; it goes to bcch::decimalToDouble (see decimal_to_double.h), which keeps
//   musl's long-double strtod out.
// - The printf family: the only callers left in the modules are Embind's name of a pointer ("%p") and the
//   formatting of small integers; musl's printf_core (with its floating-point formatting, about 4 KB gzip) is
//   replaced by the formatter below, which knows integers, pointers, characters and strings, with flags, width
//   and precision. A floating-point conversion prints "?" (nothing in the modules formats one).
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "bcch/decimal_to_double.h"

extern "C" double __wrap_strtod(const char* text, char** end) { return bcch::decimalToDouble(text, end); }

namespace {

// Writes into buffer[0, size) like vsnprintf: always terminated when size > 0, returns the full length.
class Output {
 public:
  Output(char* buffer, size_t size) : buffer_(buffer), size_(size) {}
  void put(char c) {
    if (length_ + 1 < size_) buffer_[length_] = c;
    ++length_;
  }
  void repeat(char c, int n) {
    for (; n > 0; --n) put(c);
  }
  int finish() {
    if (size_ > 0) buffer_[length_ < size_ ? length_ : size_ - 1] = '\0';
    return static_cast<int>(length_);
  }

 private:
  char* buffer_;
  size_t size_;
  size_t length_ = 0;
};

struct Spec {
  bool left = false, plus = false, space = false, zero = false, alternate = false;
  int width = 0;
  int precision = -1;
};

void pad(Output& out, const Spec& spec, const char* prefix, const char* body, int bodyLength, int zeros) {
  int prefixLength = 0;
  while (prefix[prefixLength]) ++prefixLength;
  const int total = prefixLength + zeros + bodyLength;
  const bool zeroFill = spec.zero && !spec.left && spec.precision < 0;
  if (!spec.left && !zeroFill) out.repeat(' ', spec.width - total);
  for (int i = 0; i < prefixLength; ++i) out.put(prefix[i]);
  if (zeroFill) out.repeat('0', spec.width - total);
  out.repeat('0', zeros);
  for (int i = 0; i < bodyLength; ++i) out.put(body[i]);
  if (spec.left) out.repeat(' ', spec.width - total);
}

void integer(Output& out, const Spec& spec, uintmax_t magnitude, bool negative, unsigned base, bool upper, const char* prefix) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  char text[24];
  int length = 0;
  char* end = text + sizeof text;
  char* p = end;
  if (magnitude != 0 || spec.precision != 0) {
    do {
      *--p = digits[magnitude % base];
      magnitude /= base;
    } while (magnitude);
  }
  length = static_cast<int>(end - p);
  const char* sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : prefix;
  pad(out, spec, sign, p, length, spec.precision > length ? spec.precision - length : 0);
}

int format(char* buffer, size_t size, const char* f, va_list args) {
  Output out(buffer, size);
  for (; *f; ++f) {
    if (*f != '%') {
      out.put(*f);
      continue;
    }
    Spec spec;
    for (++f;; ++f) {
      if (*f == '-') spec.left = true;
      else if (*f == '+') spec.plus = true;
      else if (*f == ' ') spec.space = true;
      else if (*f == '0') spec.zero = true;
      else if (*f == '#') spec.alternate = true;
      else break;
    }
    if (*f == '*') {
      spec.width = va_arg(args, int);
      if (spec.width < 0) spec.left = true, spec.width = -spec.width;
      ++f;
    } else {
      while (*f >= '0' && *f <= '9') spec.width = spec.width * 10 + (*f++ - '0');
    }
    if (*f == '.') {
      spec.precision = 0;
      if (*++f == '*') {
        spec.precision = va_arg(args, int);
        ++f;
      } else {
        while (*f >= '0' && *f <= '9') spec.precision = spec.precision * 10 + (*f++ - '0');
      }
    }
    int longs = 0;  // h and hh read an int like no modifier; l, ll, j, z and t the wider types
    for (;; ++f) {
      if (*f == 'l') ++longs;
      else if (*f == 'j') longs = 2;
      else if (*f == 'z' || *f == 't') longs = sizeof(size_t) == 8 ? 2 : 1;
      else if (*f != 'h') break;
    }
    const auto readSigned = [&]() -> intmax_t {
      return longs >= 2 ? va_arg(args, long long) : longs == 1 ? va_arg(args, long) : va_arg(args, int);
    };
    const auto readUnsigned = [&]() -> uintmax_t {
      return longs >= 2 ? va_arg(args, unsigned long long) : longs == 1 ? va_arg(args, unsigned long) : va_arg(args, unsigned);
    };
    switch (*f) {
      case 'd':
      case 'i': {
        const intmax_t v = readSigned();
        integer(out, spec, v < 0 ? 0 - static_cast<uintmax_t>(v) : static_cast<uintmax_t>(v), v < 0, 10, false, "");
        break;
      }
      case 'u': integer(out, spec, readUnsigned(), false, 10, false, ""); break;
      case 'o': integer(out, spec, readUnsigned(), false, 8, false, spec.alternate ? "0" : ""); break;
      case 'x': integer(out, spec, readUnsigned(), false, 16, false, spec.alternate ? "0x" : ""); break;
      case 'X': integer(out, spec, readUnsigned(), false, 16, true, spec.alternate ? "0X" : ""); break;
      case 'p': integer(out, spec, reinterpret_cast<uintptr_t>(va_arg(args, void*)), false, 16, false, "0x"); break;
      case 'c': {
        const char c = static_cast<char>(va_arg(args, int));
        pad(out, spec, "", &c, 1, 0);
        break;
      }
      case 's': {
        const char* s = va_arg(args, const char*);
        if (!s) s = "(null)";
        int length = 0;
        while (s[length] && (spec.precision < 0 || length < spec.precision)) ++length;
        pad(out, spec, "", s, length, 0);
        break;
      }
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
        (void)va_arg(args, double);
        out.put('?');
        break;
      case '%': out.put('%'); break;
      default:
        if (!*f) return out.finish();
        out.put('%');
        out.put(*f);
    }
  }
  return out.finish();
}

}  // namespace

extern "C" {
int __wrap_vsnprintf(char* buffer, size_t size, const char* f, va_list args) { return format(buffer, size, f, args); }
int __wrap_vsprintf(char* buffer, const char* f, va_list args) { return format(buffer, SIZE_MAX, f, args); }
int __wrap_snprintf(char* buffer, size_t size, const char* f, ...) {
  va_list args;
  va_start(args, f);
  const int n = format(buffer, size, f, args);
  va_end(args);
  return n;
}
int __wrap_sprintf(char* buffer, const char* f, ...) {
  va_list args;
  va_start(args, f);
  const int n = format(buffer, SIZE_MAX, f, args);
  va_end(args);
  return n;
}
// The integer-only variants LLVM calls instead when a format has no floating-point conversion.
int __wrap_vsniprintf(char* buffer, size_t size, const char* f, va_list args) { return format(buffer, size, f, args); }
int __wrap_vsiprintf(char* buffer, const char* f, va_list args) { return format(buffer, SIZE_MAX, f, args); }
int __wrap_sniprintf(char* buffer, size_t size, const char* f, ...) {
  va_list args;
  va_start(args, f);
  const int n = format(buffer, size, f, args);
  va_end(args);
  return n;
}
int __wrap_siprintf(char* buffer, const char* f, ...) {
  va_list args;
  va_start(args, f);
  const int n = format(buffer, SIZE_MAX, f, args);
  va_end(args);
  return n;
}
}
