// Money in integer minor units of an ISO 4217 currency. Never floating point:
// 0.1 + 0.2 != 0.3 is not a bug a shopper should see in a subtotal.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "bcch/result.h"

namespace bcch {

struct Currency {
  char code[4];      // upper-case ISO 4217 alpha code, NUL-terminated
  uint8_t exponent;  // ISO 4217 "minor unit": JPY 0, USD 2, KWD 3, CLF 4
};

// Looks up an active ISO 4217 currency; the code is matched case-insensitively
// (BigCommerce's own examples write "usd"). Returns nullptr for unknown codes.
const Currency* findCurrency(std::string_view code);

// Parses a plain decimal ("19.99", "-3", "0.5") into minor units of `exponent` digits.
// Exact: more fractional digits than the currency has are refused unless they are zeros,
// and so are exponents ("1e3"), signs other than a leading '-', and values past int64.
Result<int64_t> parseDecimal(std::string_view text, int exponent);

// Converts a JSON/JS number to minor units only when it is exact: 19.99 is 1999 cents, 19.999 is refused.
Result<int64_t> fromNumber(double value, int exponent);

// "1999", 2 -> "19.99"; "-5", 2 -> "-0.05". For payloads, not for people (JS formats with Intl).
std::string toDecimal(int64_t minor, int exponent);

// The largest amount in minor units the core accepts: JavaScript numbers carry integers exactly only up to
// 2^53 - 1, and every amount crosses into JS. Larger prices, amounts and subtotals are refused.
constexpr int64_t kMaxSafeMinor = 9007199254740991;

// Overflow-checked arithmetic: false when the result would not fit in int64.
bool checkedAdd(int64_t a, int64_t b, int64_t* out);
bool checkedMul(int64_t a, int64_t b, int64_t* out);

}  // namespace bcch
