#include "bcch/checkout_url.h"

#include "bcch/text.h"
#include "bcch/url.h"

namespace bcch {
namespace {

// A compact JWS: three non-empty base64url segments. One pass over raw bytes (see parseUrl on -Oz).
bool isJwt(const char* s, size_t size) {
  if (size > 4096) return false;
  size_t dots = 0;
  size_t segmentLength = 0;
  for (size_t i = 0; i < size; ++i) {
    const char c = s[i];
    if (c == '.') {
      if (segmentLength == 0 || ++dots > 2) return false;
      segmentLength = 0;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      return false;
    ++segmentLength;
  }
  return dots == 2 && segmentLength > 0;
}

constexpr const char kLoginPrefix[] = "/login/token/";

// The entry points BigCommerce hands out for a cart (BigCommerce's "Checkout URL" and "Customer Login API"
// guides). Matched exactly, so no dot segments, doubled slashes or encodings slip through.
bool isCheckoutEntryPath(const std::string& path) {
  if (path == "/cart.php" || path == "/checkout" || path == "/embedded-checkout") return true;
  constexpr size_t prefixLength = sizeof(kLoginPrefix) - 1;
  return path.compare(0, prefixLength, kLoginPrefix) == 0 && isJwt(path.data() + prefixLength, path.size() - prefixLength);
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
                     "store origin \"" + text + "\" must use https (http is allowed for localhost, 127.x.y.z and [::1] only)");
  return url.origin;
}

namespace {

// checkCheckoutUrl after the parse, so a URL that was parsed for another check is not parsed again.
Status checkParsedCheckoutUrl(const ParsedUrl& url, const std::vector<Origin>& storeOrigins) {
  if (storeOrigins.empty()) return makeError("no_store_origins", "no store origins are configured");

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

}  // namespace

Status checkCheckoutUrl(const std::string& text, const std::vector<Origin>& storeOrigins) {
  if (storeOrigins.empty()) return makeError("no_store_origins", "no store origins are configured");
  Result<ParsedUrl> parsed = parseUrl(text);
  if (!parsed.ok()) return parsed.error();
  return checkParsedCheckoutUrl(parsed.value(), storeOrigins);
}

CheckoutUrlSource checkoutUrlSource(CheckoutMode mode, const std::string& loginUrl) {
  if (!loginUrl.empty()) return CheckoutUrlSource::LoginUrl;
  return mode == CheckoutMode::Embedded ? CheckoutUrlSource::EmbeddedCheckoutUrl : CheckoutUrlSource::CheckoutUrl;
}

Result<std::string> chooseCheckoutUrl(const RedirectUrls& urls, CheckoutMode mode, const std::string& loginUrl,
                                      const std::vector<Origin>& storeOrigins) {
  const CheckoutUrlSource source = checkoutUrlSource(mode, loginUrl);
  if (source == CheckoutUrlSource::LoginUrl) {
    // The login URL must really be the login-token entry point: it signs the shopper in, then redirects.
    // Parsed once: it carries a JWT of several hundred characters.
    Result<ParsedUrl> parsed = parseUrl(loginUrl);
    if (!parsed.ok()) return parsed.error();
    if (parsed.value().path.compare(0, sizeof(kLoginPrefix) - 1, kLoginPrefix) != 0)
      return makeError("path_not_allowed", "the login URL must be /login/token/<jwt>");
    if (Status s = checkParsedCheckoutUrl(parsed.value(), storeOrigins); !s.ok()) return s.error();
    return loginUrl;
  }
  const std::string& chosen = source == CheckoutUrlSource::EmbeddedCheckoutUrl ? urls.embeddedCheckoutUrl : urls.checkoutUrl;
  if (chosen.empty())
    return makeError("missing_checkout_url", source == CheckoutUrlSource::EmbeddedCheckoutUrl
                                                 ? "the cart has no embedded_checkout_url"
                                                 : "the cart has no checkout_url");
  if (Status s = checkCheckoutUrl(chosen, storeOrigins); !s.ok()) return s.error();
  return chosen;
}

}  // namespace bcch
