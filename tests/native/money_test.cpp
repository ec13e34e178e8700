// Money: ISO 4217 lookup, exact decimal parsing, exact number conversion, formatting, checked arithmetic.
// Note: this binary is built without exceptions (Catch2 then aborts on a failed REQUIRE), so only CHECKs are used.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "bcch/money.h"

using namespace bcch;
using Catch::Matchers::Contains;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

// "ok" or the error code, so a failed CHECK prints what actually happened.
template <typename T>
std::string status(const Result<T>& r) {
  return r.ok() ? std::string("ok") : r.error().code;
}

// The parsed value, or a sentinel that no test expects when parsing failed.
int64_t valueOr(const Result<int64_t>& r, int64_t fallback = kMin + 12345) { return r.ok() ? r.value() : fallback; }

int exponentOf(const char* code) {
  const Currency* c = findCurrency(code);
  return c ? c->exponent : -1;
}

}  // namespace

TEST_CASE("findCurrency returns the ISO 4217 minor unit", "[money]") {
  CHECK(exponentOf("JPY") == 0);
  CHECK(exponentOf("USD") == 2);
  CHECK(exponentOf("KWD") == 3);
  CHECK(exponentOf("CLF") == 4);
  CHECK(exponentOf("EUR") == 2);
  CHECK(exponentOf("GBP") == 2);
  CHECK(exponentOf("KRW") == 0);
  CHECK(exponentOf("BHD") == 3);
  CHECK(exponentOf("TND") == 3);
  CHECK(exponentOf("UYW") == 4);
  CHECK(exponentOf("ISK") == 0);
  CHECK(exponentOf("VND") == 0);
  // First and last entries of the sorted table: the binary search reaches both ends.
  CHECK(exponentOf("AED") == 2);
  CHECK(exponentOf("ZWG") == 2);
}

TEST_CASE("findCurrency returns the canonical upper-case code", "[money]") {
  const Currency* usd = findCurrency("USD");
  CHECK(usd != nullptr);
  if (usd) {
    CHECK(std::string(usd->code) == "USD");
    CHECK(usd->exponent == 2);
  }
  const Currency* kwd = findCurrency("KWD");
  CHECK(kwd != nullptr);
  if (kwd) CHECK(std::string(kwd->code) == "KWD");
}

TEST_CASE("findCurrency is case-insensitive", "[money]") {
  const Currency* upper = findCurrency("USD");
  CHECK(upper != nullptr);
  CHECK(findCurrency("usd") == upper);
  CHECK(findCurrency("uSd") == upper);
  CHECK(findCurrency("jpy") == findCurrency("JPY"));
  const Currency* lower = findCurrency("usd");
  CHECK(lower != nullptr);
  if (lower) CHECK(std::string(lower->code) == "USD");
}

TEST_CASE("findCurrency refuses unknown and malformed codes", "[money]") {
  CHECK(findCurrency("XXX") == nullptr);  // "no currency" has no minor unit
  CHECK(findCurrency("XAU") == nullptr);  // gold: nothing can be priced in it
  CHECK(findCurrency("ABC") == nullptr);
  CHECK(findCurrency("US") == nullptr);
  CHECK(findCurrency("USDD") == nullptr);
  CHECK(findCurrency("U$D") == nullptr);
  CHECK(findCurrency("") == nullptr);
  CHECK(findCurrency(" USD") == nullptr);
  CHECK(findCurrency("USD ") == nullptr);
  CHECK(findCurrency(std::string_view("US\0", 3)) == nullptr);
  CHECK(findCurrency("\xC3\xBCSD") == nullptr);  // non-ASCII
}

TEST_CASE("findCurrency: every code it accepts maps back to itself", "[money]") {
  int found = 0;
  std::string code = "AAA";
  for (char a = 'A'; a <= 'Z'; ++a)
    for (char b = 'A'; b <= 'Z'; ++b)
      for (char c = 'A'; c <= 'Z'; ++c) {
        code[0] = a;
        code[1] = b;
        code[2] = c;
        const Currency* cur = findCurrency(code);
        if (!cur) continue;
        ++found;
        if (std::string(cur->code) != code || cur->exponent > 4) {
          FAIL_CHECK("findCurrency(" << code << ") returned " << cur->code << " with exponent " << int(cur->exponent));
        }
      }
  // ISO 4217 List One has about 170 active codes with a minor unit.
  CHECK(found > 150);
  CHECK(found < 200);
}

TEST_CASE("parseDecimal reads exact decimals into minor units", "[money]") {
  CHECK(valueOr(parseDecimal("19.99", 2)) == 1999);
  CHECK(valueOr(parseDecimal("19.9", 2)) == 1990);
  CHECK(valueOr(parseDecimal("19", 2)) == 1900);
  CHECK(valueOr(parseDecimal("0", 2)) == 0);
  CHECK(valueOr(parseDecimal("0.5", 2)) == 50);
  CHECK(valueOr(parseDecimal("0.05", 2)) == 5);
  CHECK(valueOr(parseDecimal("-3", 2)) == -300);
  CHECK(valueOr(parseDecimal("-0.05", 2)) == -5);
  CHECK(valueOr(parseDecimal("1.234", 3)) == 1234);
  CHECK(valueOr(parseDecimal("0.0001", 4)) == 1);
  CHECK(valueOr(parseDecimal("100", 0)) == 100);
}

TEST_CASE("parseDecimal accepts extra fractional zeros only", "[money]") {
  CHECK(valueOr(parseDecimal("19.990", 2)) == 1999);
  CHECK(valueOr(parseDecimal("19.99000000000000000000000000", 2)) == 1999);
  CHECK(valueOr(parseDecimal("100.0", 0)) == 100);
  CHECK(valueOr(parseDecimal("100.000", 0)) == 100);

  Result<int64_t> tooPrecise = parseDecimal("19.991", 2);
  CHECK(status(tooPrecise) == "invalid_amount");
  CHECK_THAT(tooPrecise.error().message, Contains("decimals"));
  CHECK(status(parseDecimal("19.999", 2)) == "invalid_amount");
  CHECK(status(parseDecimal("19.9900001", 2)) == "invalid_amount");
  CHECK(status(parseDecimal("0.000000000000000000000000001", 2)) == "invalid_amount");
}

TEST_CASE("parseDecimal in a zero-decimal currency (JPY)", "[money]") {
  const int jpy = exponentOf("JPY");
  CHECK(jpy == 0);
  CHECK(valueOr(parseDecimal("100", jpy)) == 100);
  CHECK(status(parseDecimal("100.5", jpy)) == "invalid_amount");
  CHECK(status(parseDecimal("0.1", jpy)) == "invalid_amount");
}

TEST_CASE("parseDecimal refuses anything but a plain decimal", "[money]") {
  for (const char* text : {"1e3", "1E3", "1.5e2", "+1", " 1", "1 ", "1.", ".5", "", "-", "-.5", "--1", "- 1", "1,5",
                           "1.2.3", "0x10", "NaN", "Infinity", "abc", "1a", "$1", "\xD9\xA1" /* Arabic-Indic one */}) {
    INFO("text: \"" << text << "\"");
    Result<int64_t> r = parseDecimal(text, 2);
    CHECK(status(r) == "invalid_amount");
  }
  // Embedded NUL: the whole view is the number, not a C string prefix.
  CHECK(status(parseDecimal(std::string_view("1\0" "5", 3), 2)) == "invalid_amount");
}

TEST_CASE("parseDecimal refuses values past int64", "[money]") {
  CHECK(valueOr(parseDecimal("9223372036854775807", 0)) == kMax);
  CHECK(valueOr(parseDecimal("92233720368547758.07", 2)) == kMax);
  CHECK(valueOr(parseDecimal("-92233720368547758.07", 2)) == -kMax);

  CHECK(status(parseDecimal("9223372036854775808", 0)) == "amount_too_large");
  CHECK(status(parseDecimal("92233720368547758.08", 2)) == "amount_too_large");
  CHECK(status(parseDecimal("92233720368547758.1", 2)) == "amount_too_large");
  // Fits before scaling, overflows when scaled to minor units.
  CHECK(status(parseDecimal("922337203685477581", 2)) == "amount_too_large");
  CHECK(status(parseDecimal("99999999999999999999999999", 2)) == "amount_too_large");
  CHECK(status(parseDecimal("-99999999999999999999999999", 2)) == "amount_too_large");
}

TEST_CASE("parseDecimal accepts INT64_MIN, which is inside int64", "[money]") {
  // The contract refuses only "values past int64"; toDecimal(INT64_MIN) must read back.
  CHECK(valueOr(parseDecimal("-9223372036854775808", 0)) == kMin);
  CHECK(valueOr(parseDecimal("-92233720368547758.08", 2)) == kMin);
  CHECK(status(parseDecimal("-9223372036854775809", 0)) == "amount_too_large");
}

TEST_CASE("parseDecimal refuses unsupported exponents", "[money]") {
  CHECK(status(parseDecimal("1", -1)) == "invalid_amount");
  CHECK(status(parseDecimal("1", 7)) == "invalid_amount");
  CHECK(valueOr(parseDecimal("1", 6)) == 1000000);
}

TEST_CASE("fromNumber converts exact numbers", "[money]") {
  CHECK(valueOr(fromNumber(19.99, 2)) == 1999);  // 19.99 * 100 is 1998.9999999999998 in binary
  CHECK(valueOr(fromNumber(0.07, 2)) == 7);
  CHECK(valueOr(fromNumber(1.15, 2)) == 115);
  CHECK(valueOr(fromNumber(0.3, 2)) == 30);
  CHECK(valueOr(fromNumber(-19.99, 2)) == -1999);
  CHECK(valueOr(fromNumber(0.0, 2)) == 0);
  CHECK(valueOr(fromNumber(-0.0, 2)) == 0);
  CHECK(valueOr(fromNumber(100.0, 0)) == 100);
  CHECK(valueOr(fromNumber(1.234, 3)) == 1234);
  CHECK(valueOr(fromNumber(0.0001, 4)) == 1);
  CHECK(valueOr(fromNumber(90071992547409.91, 2)) == 9007199254740991);
}

TEST_CASE("fromNumber refuses numbers that are not exact in the currency", "[money]") {
  Result<int64_t> r = fromNumber(19.999, 2);
  CHECK(status(r) == "invalid_amount");
  CHECK_THAT(r.error().message, Contains("decimals"));
  CHECK(status(fromNumber(0.1 + 0.2, 2)) == "invalid_amount");  // 0.30000000000000004
  CHECK(status(fromNumber(1.005, 2)) == "invalid_amount");
  CHECK(status(fromNumber(0.285, 2)) == "invalid_amount");
  CHECK(status(fromNumber(100.5, 0)) == "invalid_amount");
  CHECK(status(fromNumber(1.2345, 3)) == "invalid_amount");
  CHECK(status(fromNumber(1e-7, 2)) == "invalid_amount");
  CHECK(status(fromNumber(5e-324, 2)) == "invalid_amount");
}

TEST_CASE("fromNumber refuses NaN, infinities and huge values", "[money]") {
  CHECK(status(fromNumber(std::nan(""), 2)) == "invalid_amount");
  CHECK(status(fromNumber(std::numeric_limits<double>::infinity(), 2)) == "invalid_amount");
  CHECK(status(fromNumber(-std::numeric_limits<double>::infinity(), 2)) == "invalid_amount");
  CHECK(status(fromNumber(1e300, 2)) == "amount_too_large");
  CHECK(status(fromNumber(-1e300, 2)) == "amount_too_large");
  CHECK(status(fromNumber(std::numeric_limits<double>::max(), 0)) == "amount_too_large");
  CHECK(status(fromNumber(9.3e18, 0)) == "amount_too_large");  // past int64 itself
  CHECK(status(fromNumber(1e16, 0)) == "amount_too_large");    // past 2^53: exactness cannot be proven
  CHECK(status(fromNumber(1e15, 2)) == "amount_too_large");    // 1e17 minor units
  CHECK(status(fromNumber(1.0, 7)) == "invalid_amount");
  CHECK(status(fromNumber(1.0, -1)) == "invalid_amount");
}

TEST_CASE("toDecimal formats minor units", "[money]") {
  CHECK(toDecimal(1999, 2) == "19.99");
  CHECK(toDecimal(-5, 2) == "-0.05");
  CHECK(toDecimal(5, 2) == "0.05");
  CHECK(toDecimal(0, 2) == "0.00");
  CHECK(toDecimal(100, 2) == "1.00");
  CHECK(toDecimal(-100, 2) == "-1.00");
  // Exponent 0: no decimal point.
  CHECK(toDecimal(100, 0) == "100");
  CHECK(toDecimal(0, 0) == "0");
  CHECK(toDecimal(-7, 0) == "-7");
  // Exponent 3.
  CHECK(toDecimal(1234, 3) == "1.234");
  CHECK(toDecimal(5, 3) == "0.005");
  CHECK(toDecimal(-5, 3) == "-0.005");
  CHECK(toDecimal(1000, 3) == "1.000");
  CHECK(toDecimal(1, 4) == "0.0001");
  // Extremes: INT64_MIN cannot be negated in int64.
  CHECK(toDecimal(kMin, 0) == "-9223372036854775808");
  CHECK(toDecimal(kMin, 2) == "-92233720368547758.08");
  CHECK(toDecimal(kMin, 3) == "-9223372036854775.808");
  CHECK(toDecimal(kMax, 0) == "9223372036854775807");
  CHECK(toDecimal(kMax, 2) == "92233720368547758.07");
}

TEST_CASE("toDecimal and parseDecimal round-trip", "[money]") {
  // INT64_MIN has its own test above.
  const int64_t values[] = {0, 1, -1, 5, -5, 99, 100, 1999, -1999, 123456789, kMax, kMax - 1, kMin + 1};
  for (int exponent = 0; exponent <= 4; ++exponent) {
    for (int64_t v : values) {
      const std::string text = toDecimal(v, exponent);
      INFO("value " << v << ", exponent " << exponent << ", text " << text);
      Result<int64_t> back = parseDecimal(text, exponent);
      CHECK(status(back) == "ok");
      CHECK(valueOr(back) == v);
    }
  }
}

TEST_CASE("fromNumber takes back the nearest double of an amount", "[money]") {
  // minor / 10^exponent as a double, the way a JSON writer or JS would compute it.
  CHECK(valueOr(fromNumber(1999 / 100.0, 2)) == 1999);
  CHECK(valueOr(fromNumber(-5 / 100.0, 2)) == -5);
  CHECK(valueOr(fromNumber(100.0, 0)) == 100);
  CHECK(valueOr(fromNumber(1234 / 1000.0, 3)) == 1234);
  CHECK(valueOr(fromNumber(123456 / 1000.0, 3)) == 123456);
  CHECK(valueOr(fromNumber(0.0, 2)) == 0);
}

TEST_CASE("checkedAdd detects int64 overflow", "[money]") {
  int64_t out = 0;
  CHECK(checkedAdd(1, 2, &out));
  CHECK(out == 3);
  CHECK(checkedAdd(kMax, kMin, &out));
  CHECK(out == -1);
  CHECK(checkedAdd(kMax - 1, 1, &out));
  CHECK(out == kMax);
  CHECK(checkedAdd(kMin + 1, -1, &out));
  CHECK(out == kMin);
  CHECK_FALSE(checkedAdd(kMax, 1, &out));
  CHECK_FALSE(checkedAdd(kMin, -1, &out));
  CHECK_FALSE(checkedAdd(kMax, kMax, &out));
  CHECK_FALSE(checkedAdd(kMin, kMin, &out));
}

TEST_CASE("checkedMul detects int64 overflow", "[money]") {
  int64_t out = 0;
  CHECK(checkedMul(1999, 3, &out));
  CHECK(out == 5997);
  CHECK(checkedMul(-1, kMax, &out));
  CHECK(out == -kMax);
  CHECK(checkedMul(kMin, 1, &out));
  CHECK(out == kMin);
  CHECK(checkedMul(kMax, 0, &out));
  CHECK(out == 0);
  CHECK(checkedMul(3037000499LL, 3037000499LL, &out));  // just below sqrt(INT64_MAX)
  CHECK(out == 9223372030926249001LL);
  CHECK_FALSE(checkedMul(3037000500LL, 3037000500LL, &out));
  CHECK_FALSE(checkedMul(kMax, 2, &out));
  CHECK_FALSE(checkedMul(kMin, -1, &out));
  CHECK_FALSE(checkedMul(kMin, 2, &out));
  CHECK_FALSE(checkedMul(kMax, kMax, &out));
}
