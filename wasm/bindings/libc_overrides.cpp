// Linked into the wasm module only. nlohmann/json's lexer calls strtod; the link routes those calls
// here (-Wl,--wrap=strtod) so musl's long-double strtod stays out of the .wasm. See decimal_to_double.h.
#include <cstdlib>

#include "bcch/decimal_to_double.h"

extern "C" double __wrap_strtod(const char* text, char** end) { return bcch::decimalToDouble(text, end); }
