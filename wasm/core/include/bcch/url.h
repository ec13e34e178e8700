// Parsing absolute http(s) URLs strictly, shared by the checkout URL guard and site protection.
// Anything a browser would "fix up" (backslashes, missing slashes, spaces, non-ASCII) is an error here,
// never a guess: these URLs decide where a shopper is sent.
#pragma once

#include <string>

#include "bcch/result.h"

namespace bcch {

// scheme://host[:port], lower-case, default port dropped.
struct Origin {
  std::string scheme;  // "https", or "http" (callers decide where plain http is acceptable)
  std::string host;    // a DNS name, or "[::1]" (brackets kept), the only IP-literal host parseUrl accepts
  int port = 0;  // 0 = the scheme's default
};

struct ParsedUrl {
  Origin origin;
  std::string path;  // up to '?' or '#'
  std::string tail;  // '?...' and '#...'
};

Result<ParsedUrl> parseUrl(const std::string& text);
// This machine, where plain http is acceptable: localhost, 127.x.y.z (127.0.0.0/8, written as browsers write
// it) or [::1]. The server stub applies the same rule to its configuration (isLoopbackHostname, server/config.js).
bool isLoopbackHost(const std::string& host);
bool sameHostOrWww(const std::string& a, const std::string& b);
bool sameOrigin(const Origin& a, const Origin& b);
std::string originText(const Origin& origin);  // "https://host[:port]"

}  // namespace bcch
