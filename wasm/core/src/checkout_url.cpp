#include "bcch/checkout_url.h"

#include "bcch/text.h"

namespace bcch {
namespace {

struct ParsedUrl {
  Origin origin;
  std::string path;  // up to '?' or '#'
  std::string tail;  // '?...' and '#...'
};

char lowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
std::string lowerAscii(std::string s) {
  for (char& c : s) c = lowerAscii(c);
  return s;
}

int defaultPort(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

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

// Splits scheme://authority/path?query#fragment with no leniency: anything a browser would "fix up"
// (backslashes, missing slashes, spaces, non-ASCII) is an error here rather than a guess.
Result<ParsedUrl> parseUrl(const std::string& text) {
  if (text.empty()) return makeError("not_absolute", "the URL is empty");
  if (text.size() > 8192) return makeError("url_too_long", "the URL is longer than 8192 characters");
  for (unsigned char c : text) {
    if (c <= 0x20 || c == 0x7F) return makeError("bad_character", "the URL contains whitespace or control characters");
    if (c >= 0x80) return makeError("bad_character", "the URL contains non-ASCII characters (use punycode)");
    if (c == '\\') return makeError("bad_character", "the URL contains a backslash");
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
  if (authority.empty() || authority[0] == '[') return makeError("bad_host", "the URL has no valid host name");

  ParsedUrl url;
  url.origin.scheme = scheme;
  std::string host = authority;
  const size_t portColon = authority.rfind(':');
  if (portColon != std::string::npos) {
    host = authority.substr(0, portColon);
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
  if (!isHostName(url.origin.host)) return makeError("bad_host", "\"" + host + "\" is not a valid host name");

  const size_t pathEnd = text.find_first_of("?#", authorityEnd);
  url.path = text.substr(authorityEnd, pathEnd == std::string::npos ? std::string::npos : pathEnd - authorityEnd);
  if (pathEnd != std::string::npos) url.tail = text.substr(pathEnd);
  return url;
}

bool isLoopbackHost(const std::string& host) { return host == "localhost" || host == "127.0.0.1"; }

bool isBase64Url(const std::string& s, size_t begin, size_t end) {
  if (begin >= end) return false;
  for (size_t i = begin; i < end; ++i) {
    const char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
  }
  return true;
}

// A compact JWS: three base64url segments.
bool isJwt(const std::string& s) {
  if (s.size() > 4096) return false;
  const size_t a = s.find('.');
  if (a == std::string::npos) return false;
  const size_t b = s.find('.', a + 1);
  if (b == std::string::npos || s.find('.', b + 1) != std::string::npos) return false;
  return isBase64Url(s, 0, a) && isBase64Url(s, a + 1, b) && isBase64Url(s, b + 1, s.size());
}

constexpr const char kLoginPrefix[] = "/login/token/";

// The entry points BigCommerce hands out for a cart (storefront_cart-checkout_checkout-url.mdx,
// customer login guide). Matched exactly, so no dot segments, doubled slashes or encodings slip through.
bool isCheckoutEntryPath(const std::string& path) {
  if (path == "/cart.php" || path == "/checkout" || path == "/embedded-checkout") return true;
  return path.compare(0, sizeof(kLoginPrefix) - 1, kLoginPrefix) == 0 && isJwt(path.substr(sizeof(kLoginPrefix) - 1));
}

bool sameHostOrWww(const std::string& a, const std::string& b) {
  return a == b || a == "www." + b || b == "www." + a;
}

}  // namespace

Result<Origin> parseStoreOrigin(const std::string& text) {
  std::string trimmed = text;
  if (!trimmed.empty() && trimmed.back() == '/') trimmed.pop_back();
  Result<ParsedUrl> parsed = parseUrl(trimmed);
  if (!parsed.ok())
    return makeError("invalid_store_origin", "store origin \"" + text + "\": " + parsed.error().message);
  const ParsedUrl& url = parsed.value();
  if (!url.path.empty() || !url.tail.empty())
    return makeError("invalid_store_origin", "store origin \"" + text + "\" must be scheme://host[:port] with no path");
  if (url.origin.scheme == "http" && !isLoopbackHost(url.origin.host))
    return makeError("invalid_store_origin",
                     "store origin \"" + text + "\" must use https (http is allowed for localhost only)");
  return url.origin;
}

Status checkCheckoutUrl(const std::string& text, const std::vector<Origin>& storeOrigins) {
  if (storeOrigins.empty()) return makeError("no_store_origins", "no store origins are configured");
  Result<ParsedUrl> parsed = parseUrl(text);
  if (!parsed.ok()) return parsed.error();
  const ParsedUrl& url = parsed.value();

  bool hostKnown = false;
  bool matches = false;
  bool httpsExpected = false;  // the URL is plain http where the store is https (same host, default ports)
  for (const Origin& store : storeOrigins) {
    if (!sameHostOrWww(url.origin.host, store.host)) continue;
    hostKnown = true;
    if (url.origin.scheme == store.scheme && url.origin.port == store.port) matches = true;
    if (url.origin.scheme == "http" && store.scheme == "https" && url.origin.port == 0 && store.port == 0)
      httpsExpected = true;
  }
  if (!hostKnown)
    return makeError("origin_not_allowed", "\"" + url.origin.host + "\" is not one of the configured store origins");
  if (!matches) {
    if (httpsExpected) return makeError("insecure_scheme", "checkout must use https on \"" + url.origin.host + "\"");
    return makeError("origin_not_allowed", "the scheme or port does not match the configured store origin");
  }
  if (!isCheckoutEntryPath(url.path))
    return makeError("path_not_allowed", "\"" + url.path + "\" is not a checkout entry point");
  return ok();
}

Result<std::string> chooseCheckoutUrl(const RedirectUrls& urls, CheckoutMode mode, const std::string& loginUrl,
                                      const std::vector<Origin>& storeOrigins) {
  std::string chosen;
  if (!loginUrl.empty()) {
    // The login URL must really be the login-token entry point: it signs the shopper in, then redirects.
    Result<ParsedUrl> parsed = parseUrl(loginUrl);
    if (!parsed.ok()) return parsed.error();
    if (parsed.value().path.compare(0, sizeof(kLoginPrefix) - 1, kLoginPrefix) != 0)
      return makeError("path_not_allowed", "the login URL must be /login/token/<jwt>");
    chosen = loginUrl;
  } else {
    chosen = mode == CheckoutMode::Embedded ? urls.embeddedCheckoutUrl : urls.checkoutUrl;
    if (chosen.empty())
      return makeError("missing_checkout_url", mode == CheckoutMode::Embedded
                                                   ? "the cart has no embedded_checkout_url"
                                                   : "the cart has no checkout_url");
  }
  if (Status s = checkCheckoutUrl(chosen, storeOrigins); !s.ok()) return s.error();
  return chosen;
}

}  // namespace bcch
