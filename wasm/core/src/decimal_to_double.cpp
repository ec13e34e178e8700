#include "bcch/decimal_to_double.h"

#include <cfloat>
#include <cmath>
#include <cstdint>

namespace bcch {
namespace {
// Powers of ten that are exact doubles (10^22 < 2^53 * 2^22).
constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double scaleByPow10(double value, int exponent) {
  // Steps of exact powers of ten (at most 10^22 each), so no intermediate factor overflows or underflows on
  // its own; each step rounds once, which keeps the result within a few units in the last place.
  while (exponent > 22 && !std::isinf(value)) {
    value *= 1e22;
    exponent -= 22;
  }
  while (exponent < -22 && value != 0.0) {
    value /= 1e22;
    exponent += 22;
  }
  return exponent < 0 ? value / kExactPow10[-exponent] : value * kExactPow10[exponent];
}
}  // namespace

double decimalToDouble(const char* text, char** end) {
  const char* p = text;
  const bool negative = *p == '-';
  if (negative) ++p;
  uint64_t digits = 0;
  int significant = 0;  // digits kept in `digits` (at most 19 fit in 64 bits)
  int exponent = 0;     // decimal exponent applied to `digits`
  bool any = false;
  for (; *p >= '0' && *p <= '9'; ++p) {
    any = true;
    if (significant < 19) {
      digits = digits * 10 + static_cast<uint64_t>(*p - '0');
      if (digits) ++significant;
    } else {
      ++exponent;  // dropped integer digit
    }
  }
  if (*p == '.') {
    ++p;
    for (; *p >= '0' && *p <= '9'; ++p) {
      any = true;
      if (significant < 19) {
        digits = digits * 10 + static_cast<uint64_t>(*p - '0');
        if (digits) ++significant;
        --exponent;
      }
    }
  }
  if (!any) {
    if (end) *end = const_cast<char*>(text);
    return 0.0;
  }
  if (*p == 'e' || *p == 'E') {
    const char* q = p + 1;
    const bool negativeExp = *q == '-';
    if (*q == '+' || *q == '-') ++q;
    if (*q >= '0' && *q <= '9') {
      int e = 0;
      for (; *q >= '0' && *q <= '9'; ++q)
        if (e < 100000) e = e * 10 + (*q - '0');
      exponent += negativeExp ? -e : e;
      p = q;
    }
  }
  if (end) *end = const_cast<char*>(p);
  if (digits == 0) return negative ? -0.0 : 0.0;
  // Trailing zeros of the digits move into the exponent so "1500" and "1.5e3" take the exact path alike.
  while (digits % 10 == 0) {
    digits /= 10;
    ++exponent;
  }
  double value;
  if (digits < (1ULL << 53) && exponent >= -22 && exponent <= 22) {
    // Clinger's fast path: both operands exact, so one IEEE operation rounds correctly.
    value = exponent < 0 ? static_cast<double>(digits) / kExactPow10[-exponent]
                         : static_cast<double>(digits) * kExactPow10[exponent];
  } else if (exponent > 308 + 20) {
    value = static_cast<double>(digits) * 1e308 * 10.0;  // overflows to infinity, as strtod
  } else if (exponent < -343 - 20) {
    value = 0.0;
  } else {
    value = scaleByPow10(static_cast<double>(digits), exponent);
    // Rounding in the steps can tip a value just below DBL_MAX over it; a number written with at most 309
    // integer digits is finite, so it is clamped rather than turned into infinity.
    if (std::isinf(value) && significant + exponent <= 309) value = DBL_MAX;
  }
  return negative ? -value : value;
}

}  // namespace bcch
