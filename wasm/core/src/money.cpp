#include "bcch/money.h"

#include <cmath>
#include <cstring>
#include <iterator>

namespace bcch {
namespace {

// Active ISO 4217 codes with their minor units (List One of the ISO 4217 maintenance agency,
// including fund codes such as CLF/UYW; codes with no minor unit, like XAU or XDR, are left out
// because nothing can be priced in them). Sorted for binary search.
constexpr Currency kCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2},
    {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
    {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2},
    {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2}, {"CHW", 2}, {"CLF", 4},
    {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2}, {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2},
    {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2},
    {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2}, {"GNF", 0},
    {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2},
    {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
    {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3}, {"KYD", 2}, {"KZT", 2},
    {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2},
    {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2},
    {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2},
    {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
    {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2}, {"SHP", 2}, {"SLE", 2},
    {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2},
    {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
    {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2}, {"UYW", 4}, {"UZS", 2},
    {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2},
    {"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
};

constexpr int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};

}  // namespace

const Currency* findCurrency(std::string_view code) {
  if (code.size() != 3) return nullptr;
  char upper[4] = {0, 0, 0, 0};
  for (int i = 0; i < 3; ++i) {
    char c = code[i];
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c < 'A' || c > 'Z') return nullptr;
    upper[i] = c;
  }
  size_t lo = 0, hi = std::size(kCurrencies);
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    int cmp = std::memcmp(kCurrencies[mid].code, upper, 3);
    if (cmp == 0) return &kCurrencies[mid];
    if (cmp < 0) lo = mid + 1; else hi = mid;
  }
  return nullptr;
}

bool checkedAdd(int64_t a, int64_t b, int64_t* out) { return !__builtin_add_overflow(a, b, out); }
bool checkedMul(int64_t a, int64_t b, int64_t* out) { return !__builtin_mul_overflow(a, b, out); }

Result<int64_t> parseDecimal(std::string_view text, int exponent) {
  if (exponent < 0 || exponent > 6) return makeError("invalid_amount", "unsupported currency exponent");
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && text[i] == '-') { negative = true; ++i; }
  const size_t intStart = i;
  // Accumulated as a negative number: int64's range has one more negative value (INT64_MIN) than positive.
  int64_t value = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (!checkedMul(value, 10, &value) || !checkedAdd(value, -(text[i] - '0'), &value))
      return makeError("amount_too_large", "amount \"" + std::string(text) + "\" is too large");
  }
  const bool hasInt = i > intStart;
  int fractionDigits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    const size_t fracStart = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (fractionDigits < exponent) {
        if (!checkedMul(value, 10, &value) || !checkedAdd(value, -(text[i] - '0'), &value))
          return makeError("amount_too_large", "amount \"" + std::string(text) + "\" is too large");
        ++fractionDigits;
      } else if (text[i] != '0') {
        return makeError("invalid_amount", "amount \"" + std::string(text) + "\" has more decimals than its currency (" +
                                               std::to_string(exponent) + ")");
      }
    }
    if (i == fracStart) return makeError("invalid_amount", "amount \"" + std::string(text) + "\" is not a decimal number");
  }
  if (!hasInt || i != text.size())
    return makeError("invalid_amount", "amount \"" + std::string(text) + "\" is not a decimal number");
  if (!checkedMul(value, kPow10[exponent - fractionDigits], &value) || (!negative && value == INT64_MIN))
    return makeError("amount_too_large", "amount \"" + std::string(text) + "\" is too large");
  return negative ? value : -value;
}

Result<int64_t> fromNumber(double value, int exponent) {
  if (exponent < 0 || exponent > 6) return makeError("invalid_amount", "unsupported currency exponent");
  if (!std::isfinite(value)) return makeError("invalid_amount", "amount is not a finite number");
  const double scaled = value * static_cast<double>(kPow10[exponent]);
  // 2^53: beyond it doubles are not exact integers, so exactness cannot be proven.
  if (std::fabs(scaled) > 9007199254740992.0) return makeError("amount_too_large", "amount is too large");
  const double rounded = std::nearbyint(scaled);
  // Exact when dividing back gives the very same double (19.99 -> 1999 -> 19.99).
  if (rounded / static_cast<double>(kPow10[exponent]) != value)
    return makeError("invalid_amount", "the amount has more decimals than its currency (" + std::to_string(exponent) + ")");
  return static_cast<int64_t>(rounded);
}

std::string toDecimal(int64_t minor, int exponent) {
  const bool negative = minor < 0;
  // Work in unsigned so INT64_MIN does not overflow on negation.
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  std::string digits = std::to_string(magnitude);
  if (exponent > 0) {
    if (digits.size() <= static_cast<size_t>(exponent)) digits.insert(0, exponent + 1 - digits.size(), '0');
    digits.insert(digits.size() - exponent, 1, '.');
  }
  return negative ? "-" + digits : digits;
}

}  // namespace bcch
