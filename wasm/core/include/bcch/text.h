// Small text checks shared by the cart and URL rules. ASCII-only on purpose: hosts and
// schemes we accept are ASCII, and anything else is refused rather than interpreted.
#pragma once

#include <cstddef>
#include <string_view>

namespace bcch {

bool hasControlOrSpace(std::string_view s);  // any byte <= 0x20 or 0x7F
bool startsWithIgnoreCase(std::string_view s, std::string_view prefix);
size_t codePointCount(std::string_view utf8);  // counts UTF-8 lead bytes
// A pragmatic check (one '@', a dot in the domain, no spaces), not RFC 5322: BigCommerce validates for real.
bool looksLikeEmail(std::string_view s);

}  // namespace bcch
