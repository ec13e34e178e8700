// decimalToDouble against the C library's strtod: bit-for-bit equality in the documented exact range
// (digits fitting 53 bits once trailing zeros are folded into the exponent, decimal exponent within ±22),
// a bounded error outside it, the `end` pointer, and overflow/underflow to inf and 0 with the sign kept.
// CHECK only (see money_test.cpp); random sweeps count mismatches and show the first few inputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "bcch/decimal_to_double.h"

using bcch::decimalToDouble;

namespace {

uint64_t bitsOf(double d) {
  uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}

// Doubles mapped onto a line of integers where neighbours differ by one (and -0 sits next to +0),
// so the difference is the distance in units in the last place.
int64_t ordered(double d) {
  const uint64_t b = bitsOf(d);
  return (b >> 63) ? -static_cast<int64_t>(b & 0x7FFFFFFFFFFFFFFFULL) : static_cast<int64_t>(b);
}

// Infinity sits right after the largest double in that order: a finite value read as inf (or the reverse) is
// never "a few ULP" away, so it counts as the largest distance.
uint64_t ulpDistance(double a, double b) {
  if (std::isinf(a) != std::isinf(b) || std::isnan(a) || std::isnan(b)) return std::numeric_limits<uint64_t>::max();
  const int64_t x = ordered(a), y = ordered(b);
  return x > y ? static_cast<uint64_t>(x) - static_cast<uint64_t>(y) : static_cast<uint64_t>(y) - static_cast<uint64_t>(x);
}

// Outside the exact range the header promises "within a few units in the last place". The scaling by 10^|e|
// is square-and-multiply (up to ~9 roundings), so a few here means at most kFewUlps.
constexpr uint64_t kFewUlps = 8;

double ours(const std::string& s) { return decimalToDouble(s.c_str(), nullptr); }
double libc(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

// "0x3ff0000000000000 (1)": the bits decide, the %.17g is for people.
std::string show(double d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "0x%016llx (%.17g)", static_cast<unsigned long long>(bitsOf(d)), d);
  return buf;
}

// Whether a JSON number is in the documented exact range: its digits, without leading zeros and with trailing
// zeros folded into the exponent, fit in 53 bits, and that exponent is within ±22 (zero always is).
// Computed here from the text, independently of the parser, so no case is misfiled.
bool inExactRange(const std::string& s) {
  size_t i = s[0] == '-' ? 1 : 0;
  std::string digits;
  long exponent = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) digits += s[i];
  if (i < s.size() && s[i] == '.')
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, --exponent) digits += s[i];
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) exponent += std::strtol(s.c_str() + i + 1, nullptr, 10);
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
  if (digits.empty()) return true;
  while (digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  if (digits.size() > 16 || std::stoull(digits) >= (1ULL << 53)) return false;
  return exponent >= -22 && exponent <= 22;
}

// Compares both the value and the end pointer with strtod; returns an empty string when they agree.
std::string differenceFromStrtod(const std::string& s) {
  char* ourEnd = nullptr;
  char* libcEnd = nullptr;
  const double a = decimalToDouble(s.c_str(), &ourEnd);
  const double b = std::strtod(s.c_str(), &libcEnd);
  std::string why;
  if (bitsOf(a) != bitsOf(b)) why += "value " + show(a) + " but strtod gives " + show(b) + ";";
  if (ourEnd != libcEnd)
    why += " end at " + std::to_string(ourEnd - s.c_str()) + " but strtod's at " + std::to_string(libcEnd - s.c_str());
  return why.empty() ? why : "\"" + s + "\": " + why;
}

// The failure message names the input.
#define CHECK_SAME_AS_STRTOD(text) CHECK(differenceFromStrtod(text) == std::string())

// Runs `make` `count` times and checks every input against strtod bit for bit; one CHECK per sweep, the
// first failing inputs are printed.
template <typename Make>
void sweepExact(std::mt19937_64& rng, int count, Make make) {
  int mismatches = 0;
  std::vector<std::string> examples;
  int outOfRange = 0;
  for (int i = 0; i < count; ++i) {
    const std::string s = make(rng);
    if (!inExactRange(s)) ++outOfRange;  // the generator's own check
    const std::string why = differenceFromStrtod(s);
    if (!why.empty()) {
      ++mismatches;
      if (examples.size() < 8) examples.push_back(why);
    }
  }
  std::string shown;
  for (const std::string& e : examples) shown += "\n  " + e;
  CHECK(outOfRange == 0);
  INFO(mismatches << " of " << count << " inputs differ from strtod; first ones:" << shown);
  CHECK(mismatches == 0);
}

uint64_t below(std::mt19937_64& rng, uint64_t n) { return std::uniform_int_distribution<uint64_t>(0, n - 1)(rng); }
int between(std::mt19937_64& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
bool coin(std::mt19937_64& rng) { return below(rng, 2) == 1; }

// A significand below 2^53 with a random bit length (so short prices and 16-digit ids are both common),
// without trailing decimal zeros, and its exponent: together the canonical form of a number in the exact range.
struct Decimal {
  uint64_t digits;  // 0, or not a multiple of 10
  int exponent;     // within ±22
  bool negative;
};

Decimal randomExactDecimal(std::mt19937_64& rng) {
  Decimal d;
  const int bits = between(rng, 1, 53);
  d.digits = below(rng, 1ULL << bits);
  if (below(rng, 50) == 0) d.digits = (1ULL << 53) - 1 - below(rng, 3);  // the top of the range
  while (d.digits != 0 && d.digits % 10 == 0) d.digits /= 10;
  d.exponent = between(rng, -22, 22);
  d.negative = coin(rng);
  return d;
}

std::string exponentText(std::mt19937_64& rng, int e) {
  std::string s = coin(rng) ? "e" : "E";
  if (e < 0) s += '-';
  else if (coin(rng)) s += '+';
  return s + std::to_string(e < 0 ? -e : e);
}

// The plain ways a JSON serializer writes d: "1999e-2", "19.99", "1.999e1", "0.0001999", "199900".
std::string canonicalText(std::mt19937_64& rng, const Decimal& d) {
  const std::string digits = std::to_string(d.digits);
  const int n = static_cast<int>(digits.size());
  std::string s = d.negative ? "-" : "";
  switch (below(rng, 3)) {
    case 0:  // integer significand with an exponent
      s += digits;
      if (d.exponent != 0 || coin(rng)) s += exponentText(rng, d.exponent);
      return s;
    case 1: {  // scientific: one digit before the point
      s += digits.substr(0, 1);
      if (n > 1) s += "." + digits.substr(1);
      return s + exponentText(rng, d.exponent + n - 1);
    }
    default: {  // positional, no exponent
      if (d.exponent >= 0) return s + digits + std::string(d.digits == 0 ? 0 : d.exponent, '0');
      const int point = n + d.exponent;  // digits before the decimal point
      if (point > 0) return s + digits.substr(0, point) + "." + digits.substr(point);
      return s + "0." + std::string(-point, '0') + digits;
    }
  }
}

// The same value written with redundant zeros the parser must fold: "199900e-4", "19.9900", "0.01999e3",
// "1999000000000000000000e-20". Still the exact range: trailing zeros are folded into the exponent.
std::string paddedText(std::mt19937_64& rng, const Decimal& d) {
  const std::string digits = std::to_string(d.digits);
  const int n = static_cast<int>(digits.size());
  if (d.digits == 0) return canonicalText(rng, d);  // "000e5" is not JSON
  const int zeros = between(rng, 1, 30);  // appended to the significand
  std::string s = d.negative ? "-" : "";
  std::string padded = digits + std::string(zeros, '0');
  const int exponent = d.exponent - zeros;  // of `padded` read as an integer
  switch (below(rng, 3)) {
    case 0:
      return s + padded + exponentText(rng, exponent);
    case 1: {  // a point somewhere inside the padded digits, then an exponent
      const int point = between(rng, 1, n + zeros);
      return s + padded.substr(0, point) + "." + padded.substr(point) +
             exponentText(rng, exponent + (n + zeros - point));
    }
    default: {  // leading fractional zeros: 0.000ddd000eX
      const int lead = between(rng, 0, 6);
      return s + "0." + std::string(lead, '0') + padded + exponentText(rng, exponent + lead + n + zeros);
    }
  }
}

}  // namespace

TEST_CASE("decimalToDouble: hand-picked numbers in the exact range equal strtod bit for bit", "[decimal_to_double]") {
  for (const char* s : {"0", "-0", "0.0", "-0.0", "0e0", "-0e-5", "0.000", "19.99", "-19.99", "0.1", "0.2", "0.3", "1",
                        "-1", "1e22", "-1e22", "1e-22", "9e22", "9007199254740991", "-9007199254740991",
                        "9007199254740991e22", "9007199254740991e-22", "90071992547409.91", "1.5e-5", "1E+2",
                        "1e+2", "1E-2", "2.5E0", "100", "1500", "1.5e3", "15e2", "0.015e5", "4503599627370497",
                        "999.99", "0.01", "0.05", "12.34", "1234567.89", "9999999999999.99", "3.14159265358979",
                        "2.718281828459045", "0.0000000000000000000001", "1.000000000000000000000000e0",
                        "19.990000000000000000000000000000"}) {
    INFO("input \"" << s << "\"");
    CHECK(inExactRange(s));
    CHECK_SAME_AS_STRTOD(s);
  }
}

TEST_CASE("decimalToDouble: hand-picked numbers just outside the exact range are within a few ULP of strtod",
          "[decimal_to_double]") {
  // 17 significant digits (past 2^53) or an exponent past ±22: correctly rounded is not promised here.
  for (const char* s : {"123456789012345.67", "1.000000000000000000000001", "0.000000000000000000000001",
                        "4503599627370496.5", "99999999999999.99", "0.30000000000000004", "9007199254740993",
                        "0.1e-22", "1e23", "-1e23", "12345678901234567890", "1e-23", "9007199254740991e23"}) {
    INFO("input \"" << s << "\": ours " << show(ours(s)) << ", strtod " << show(libc(s)));
    CHECK_FALSE(inExactRange(s));
    CHECK(ulpDistance(ours(s), libc(s)) <= kFewUlps);
  }
  CHECK(ours("1.000000000000000000000001") == 1.0);
}

TEST_CASE("decimalToDouble: signs and zeros", "[decimal_to_double]") {
  CHECK_FALSE(std::signbit(ours("0")));
  CHECK(std::signbit(ours("-0")));
  CHECK(std::signbit(ours("-0.0")));
  CHECK(std::signbit(ours("-0e10")));
  CHECK(std::signbit(ours("-0.000e-400")));
  CHECK(ours("-19.99") == -19.99);
  CHECK(ours("19.99") == 19.99);
  CHECK(ours("0.1") == 0.1);
  CHECK(ours("1E+2") == 100.0);
  CHECK(ours("1.5e-5") == 1.5e-5);
  CHECK(ours("1e22") == 1e22);
  CHECK(ours("9007199254740991") == 9007199254740991.0);
  CHECK(ours("1.000000000000000000000001") == 1.0);
}

TEST_CASE("decimalToDouble: the end pointer stops where strtod's does", "[decimal_to_double]") {
  struct Case {
    const char* text;
    long end;
  };
  const Case cases[] = {
      {"19.99", 5},  {"19.99,", 5},  {"19.99]", 5},   {"19.99}", 5},  {"-0", 2},      {"1e5 ", 3},
      {"1E+2x", 4},  {"1e", 1},      {"1e+", 1},      {"1e-", 1},     {"1e-x", 1},    {"1.5.3", 3},
      {"1,2", 1},    {"12abc", 2},   {"1.", 2},       {"1.e5", 4},    {"-", 0},       {"", 0},
      {"abc", 0},    {"-x", 0},      {"0.1e-22z", 7}, {"1e400", 5},   {"-1e-400", 7}, {"1e99999999999", 13},
      {"00012", 5},  {"1.5E", 3},    {"7e+07\"", 5},  {"42", 2},
  };
  for (const Case& c : cases) {
    INFO("input \"" << c.text << "\"");
    char* end = nullptr;
    decimalToDouble(c.text, &end);
    CHECK(end - c.text == c.end);
    char* libcEnd = nullptr;
    std::strtod(c.text, &libcEnd);
    CHECK(end == libcEnd);
  }
  // No digits at all: nothing is consumed and the value is 0, as strtod.
  char* end = nullptr;
  const char* dash = "-";
  CHECK(decimalToDouble(dash, &end) == 0.0);
  CHECK(end == dash);
  // A null `end` is allowed.
  CHECK(decimalToDouble("19.99", nullptr) == 19.99);
}

TEST_CASE("decimalToDouble: huge and tiny exponents give inf and 0 like strtod, sign kept", "[decimal_to_double]") {
  for (const char* s : {"1e309", "-1e309", "1e400", "-1e400", "9.9e999", "1e99999", "-1e99999999999999999999",
                        "123456789012345678901234567890e400", "1e-400", "-1e-400", "1e-99999", "-1e-99999",
                        "9.9e-999", "-1e-99999999999999999999", "0.000000001e-400", "0e99999", "-0e99999",
                        "0e-99999", "-0e-99999"}) {
    CHECK_SAME_AS_STRTOD(s);
  }
  CHECK(std::isinf(ours("1e400")));
  CHECK_FALSE(std::signbit(ours("1e400")));
  CHECK(std::isinf(ours("-1e400")));
  CHECK(std::signbit(ours("-1e400")));
  CHECK(ours("1e-400") == 0.0);
  CHECK_FALSE(std::signbit(ours("1e-400")));
  CHECK(ours("-1e-400") == 0.0);
  CHECK(std::signbit(ours("-1e-400")));
}

TEST_CASE("decimalToDouble: random numbers of the exact range, as serializers write them, equal strtod",
          "[decimal_to_double]") {
  std::mt19937_64 rng(0x6263636844324421ULL);
  sweepExact(rng, 200000, [](std::mt19937_64& r) { return canonicalText(r, randomExactDecimal(r)); });
}

TEST_CASE("decimalToDouble: random numbers of the exact range written with redundant zeros equal strtod",
          "[decimal_to_double]") {
  std::mt19937_64 rng(0x7a65726f73ULL);
  sweepExact(rng, 200000, [](std::mt19937_64& r) { return paddedText(r, randomExactDecimal(r)); });
}

TEST_CASE("decimalToDouble: trailing zeros fold into a positive exponent too", "[decimal_to_double]") {
  // 4503599627370497 (2^52 + 1) fits 53 bits and the exponent is 8: one number, written four ways.
  for (const char* s : {"4503599627370497e8", "4503599627370497000e5", "450359962737049700000000",
                        "45035996273704970000000000000e-5", "-9019369339800000000e14", "-179059043353420000000.0E3",
                        "857694402.9372140000000000000000000000000e+16"}) {
    INFO("input \"" << s << "\"");
    CHECK(inExactRange(s));
    CHECK_SAME_AS_STRTOD(s);
  }
}

TEST_CASE("decimalToDouble: random numbers outside the exact range are within a few ULP of strtod",
          "[decimal_to_double]") {
  std::mt19937_64 rng(0x6f757473696465ULL);
  int worse = 0;
  uint64_t worst = 0;
  std::string worstInput;
  const int count = 200000;
  for (int i = 0; i < count; ++i) {
    // 17 to 30 significant digits (past 53 bits), or few digits with a large exponent; values stay well inside
    // the normal range (about 1e-280 to 1e280).
    std::string s = coin(rng) ? "-" : "";
    const int n = coin(rng) ? between(rng, 17, 30) : between(rng, 1, 16);
    s += static_cast<char>('1' + below(rng, 9));
    for (int k = 1; k < n; ++k) s += static_cast<char>('0' + below(rng, 10));
    int e = n >= 17 ? between(rng, -280, 250) : (coin(rng) ? between(rng, 23, 270) : between(rng, -280, -23 - n));
    s += "e" + std::to_string(e);
    const uint64_t d = ulpDistance(ours(s), libc(s));
    if (d > worst) {
      worst = d;
      worstInput = s;
    }
    if (d > kFewUlps) ++worse;
  }
  INFO(worse << " of " << count << " inputs are more than " << kFewUlps << " ULP from strtod; worst " << worst
             << " ULP for \"" << worstInput << "\"");
  CHECK(worse == 0);
}

TEST_CASE("decimalToDouble: outside the exact range, near the ends of the double range", "[decimal_to_double]") {
  // Finite normal numbers that strtod reads: each must stay within a few ULP, not become 0 or inf.
  for (const char* s : {"1.7976931348623157e308", "-1.7976931348623157e308", "1e308", "8.98846567431158e307",
                        "2.2250738585072014e-308", "-2.2250738585072014e-308", "1e-307", "374904e-309",
                        "123e-310", "11e-309", "65721191689708460426e-315", "1.23456789012345678e-300"}) {
    INFO("input \"" << s << "\": ours " << show(ours(s)) << ", strtod " << show(libc(s)));
    CHECK(ulpDistance(ours(s), libc(s)) <= kFewUlps);
  }
  // Subnormals: strtod keeps them; within a few ULP of the subnormal spacing (4.9e-324).
  for (const char* s : {"1e-310", "-1e-310", "1e-320", "4.9406564584124654e-324", "2.5e-323"}) {
    INFO("input \"" << s << "\": ours " << show(ours(s)) << ", strtod " << show(libc(s)));
    CHECK(ulpDistance(ours(s), libc(s)) <= kFewUlps);
  }
}
