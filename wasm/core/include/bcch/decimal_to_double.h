// JSON number text to double, without libc's strtod. musl's strtod scans through long double, which on
// wasm32 is emulated 128-bit arithmetic: about 9 KB of the .wasm for numbers this core only ever reads
// as prices and quantities. The wasm build routes nlohmann/json's strtod calls here (--wrap=strtod).
#pragma once

namespace bcch {

// Parses a JSON number (-?digits[.digits][(e|E)[+-]digits]) at `text`; `*end` is set past it.
// Correctly rounded, as strtod, when the digits (without leading zeros, trailing zeros folded into the
// exponent) fit in 53 bits and the decimal exponent is within ±22: every price, quantity and id.
// Beyond that the result is within a few units in the last place; such values are never compared exactly
// (money wider than 2^53 minor units is refused anyway).
double decimalToDouble(const char* text, char** end);

}  // namespace bcch
