#include "bcch/url.h"

namespace bcch {
namespace {

char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string lowerAscii(std::string s) {
  for (char& c : s) c = lowerAscii(c);
  return s;
}

int defaultPort(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

// The one IP-literal host accepted, as browsers write it (WHATWG URL serialises every other spelling of the
// IPv6 loopback, such as [0:0::1], to this one). No store or storefront lives on any other IPv6 literal.
constexpr const char kIpv6Loopback[] = "[::1]";

// "127.x.y.z" with four decimal octets as browsers write them (0 to 255, no leading zeros): 127.0.0.0/8.
bool isLoopbackIpv4(const std::string& host) {
  // Raw bytes: at -Oz, std::string's operator[] stays a call per character (see parseUrl).
  const char* const chars = host.data();
  const size_t size = host.size();
  int octets = 0, value = 0, digits = 0;
  for (size_t i = 0; i <= size; ++i) {
    const char c = i < size ? chars[i] : '.';  // the end closes the last octet
    if (c == '.') {
      if (digits == 0 || value > 255 || (octets == 0 && value != 127)) return false;
      ++octets;
      value = digits = 0;
    } else if (c >= '0' && c <= '9' && digits < 3 && !(digits == 1 && value == 0)) {
      value = value * 10 + (c - '0');
      ++digits;
    } else {
      return false;
    }
  }
  return octets == 4;
}

// A DNS name in its ASCII form: labels of [a-z0-9-], no empty label (so no leading, double or trailing dot),
// no label starting or ending with '-'. IDNs must come as punycode and then match an origin exactly.
bool isHostName(const std::string& host) {
  if (host.empty() || host.size() > 253) return false;
  size_t labelStart = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      const size_t len = i - labelStart;
      if (len == 0 || len > 63 || host[labelStart] == '-' || host[i - 1] == '-') return false;
      labelStart = i + 1;
      continue;
    }
    const char c = host[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace

// Splits scheme://authority/path?query#fragment with no leniency: anything a browser would "fix up"
// (backslashes, missing slashes, spaces, non-ASCII) is an error here rather than a guess.
Result<ParsedUrl> parseUrl(const std::string& text) {
  if (text.empty()) return makeError("not_absolute", "the URL is empty");
  if (text.size() > 8192) return makeError("url_too_long", "the URL is longer than 8192 characters");
  // One pass over raw bytes that also notes where the query or fragment starts: the core is built at -Oz,
  // where std::string's operator[] and find_first_of stay calls per character, and a login URL carries a JWT
  // of several hundred characters (this was most of the server's per-checkout wasm time).
  const char* const chars = text.data();
  const size_t size = text.size();
  size_t queryOrFragment = std::string::npos;
  for (size_t i = 0; i < size; ++i) {
    const unsigned char c = static_cast<unsigned char>(chars[i]);
    if (c <= 0x20 || c == 0x7F) return makeError("bad_character", "the URL contains whitespace or control characters");
    if (c >= 0x80) return makeError("bad_character", "the URL contains non-ASCII characters (use punycode)");
    if (c == '\\') return makeError("bad_character", "the URL contains a backslash");
    if ((c == '?' || c == '#') && queryOrFragment == std::string::npos) queryOrFragment = i;
  }
  size_t colon = text.find(':');
  const size_t firstDelimiter = text.find_first_of("/?#");
  if (colon == std::string::npos || colon == 0 || (firstDelimiter != std::string::npos && firstDelimiter < colon))
    return makeError("not_absolute", "the URL is not absolute (it has no scheme)");
  const std::string scheme = lowerAscii(text.substr(0, colon));
  for (size_t i = 0; i < scheme.size(); ++i) {
    const char c = scheme[i];
    const bool alpha = c >= 'a' && c <= 'z';
    if (!(alpha || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))))
      return makeError("not_absolute", "the URL has no valid scheme");
  }
  if (scheme != "https" && scheme != "http")
    return makeError("scheme_not_allowed", "the scheme \"" + scheme + ":\" is not allowed; only https is");
  if (text.compare(colon + 1, 2, "//") != 0)
    return makeError("not_absolute", "the URL must start with " + scheme + "://");

  const size_t authorityStart = colon + 3;
  size_t authorityEnd = text.find_first_of("/?#", authorityStart);
  if (authorityEnd == std::string::npos) authorityEnd = text.size();
  const std::string authority = text.substr(authorityStart, authorityEnd - authorityStart);
  if (authority.find('@') != std::string::npos)
    return makeError("userinfo", "the URL contains user information (user@host)");
  if (authority.find('%') != std::string::npos)
    return makeError("encoded_authority", "the URL's host contains percent-encoding");
  // An IP-literal host may only be [::1] (then [::1] or [::1]:port), kept with its brackets as WHATWG URL's
  // hostname keeps them.
  constexpr size_t literalLength = sizeof(kIpv6Loopback) - 1;
  const bool ipLiteral = !authority.empty() && authority[0] == '[';
  if (authority.empty() || (ipLiteral && (authority.compare(0, literalLength, kIpv6Loopback) != 0 ||
                                          (authority.size() > literalLength && authority[literalLength] != ':'))))
    return makeError("bad_host", "the URL has no valid host name");

  ParsedUrl url;
  url.origin.scheme = scheme;
  // The port's colon: the last one, or for [::1] the one right after it (the others are the address's own).
  size_t portColon = authority.rfind(':');
  if (ipLiteral) portColon = authority.size() > literalLength ? literalLength : std::string::npos;
  std::string host = authority.substr(0, ipLiteral ? literalLength : portColon);
  if (portColon != std::string::npos) {
    const std::string port = authority.substr(portColon + 1);
    if (port.empty() || port.size() > 5) return makeError("bad_port", "the URL has an invalid port");
    int value = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return makeError("bad_port", "the URL has an invalid port");
      value = value * 10 + (c - '0');
    }
    if (value < 1 || value > 65535) return makeError("bad_port", "the URL has an invalid port");
    url.origin.port = value == defaultPort(scheme) ? 0 : value;
  }
  url.origin.host = lowerAscii(host);
  if (!ipLiteral && !isHostName(url.origin.host))
    return makeError("bad_host", "\"" + host + "\" is not a valid host name");

  // The authority holds no '?' or '#' (it ends at the first of "/?#"), so the first one in the text ends the path.
  const size_t pathEnd = queryOrFragment;
  url.path = text.substr(authorityEnd, pathEnd == std::string::npos ? std::string::npos : pathEnd - authorityEnd);
  if (pathEnd != std::string::npos) url.tail = text.substr(pathEnd);
  return url;
}

bool isLoopbackHost(const std::string& host) {
  return host == "localhost" || host == kIpv6Loopback || isLoopbackIpv4(host);
}


bool sameHostOrWww(const std::string& a, const std::string& b) {
  return a == b || a == "www." + b || b == "www." + a;
}

bool sameOrigin(const Origin& a, const Origin& b) { return a.scheme == b.scheme && a.host == b.host && a.port == b.port; }

std::string originText(const Origin& origin) {
  std::string out = origin.scheme + "://" + origin.host;
  if (origin.port != 0) out += ":" + std::to_string(origin.port);
  return out;
}

}  // namespace bcch
