// checkCheckoutUrl on arbitrary bytes, against one configured store origin. Whatever it accepts must be an
// https URL on that store (or its www. variant) with a clean authority: the open-redirect guard.
//
// The invariant allows an explicit default port ("https://store-abc.mybigcommerce.com:443/checkout", also
// ":0443"): the same origin, accepted on purpose (tests/native/checkout_url_test.cpp lists those as valid).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bcch/checkout_url.h"
#include "fuzz_check.h"

using bcch_fuzz::require;
using bcch_fuzz::violation;

namespace {

const std::vector<bcch::Origin>& storeOrigins() {
  static const std::vector<bcch::Origin> origins = [] {
    bcch::Result<bcch::Origin> o = bcch::parseStoreOrigin("https://store-abc.mybigcommerce.com");
    if (!o.ok()) violation("the fixed store origin does not parse: " + o.error().message);
    return std::vector<bcch::Origin>{o.value()};
  }();
  return origins;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool startsWithIgnoreCase(const std::string& s, const std::string& prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != lower(prefix[i])) return false;
  return true;
}

// After the host: "/" directly, or ":<port>/" where the port is 443 written with digits only.
bool defaultPortThenSlash(const std::string& s, size_t at) {
  if (at < s.size() && s[at] == '/') return true;
  if (at >= s.size() || s[at] != ':') return false;
  size_t i = at + 1;
  long port = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && port < 100000; ++i) port = port * 10 + (s[i] - '0');
  return i > at + 1 && port == 443 && i < s.size() && s[i] == '/';
}

bool onTheStore(const std::string& url) {
  for (const std::string host : {"https://store-abc.mybigcommerce.com", "https://www.store-abc.mybigcommerce.com"})
    if (startsWithIgnoreCase(url, host) && defaultPortThenSlash(url, host.size())) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string url(reinterpret_cast<const char*>(data), size);
  const bcch::Status status = bcch::checkCheckoutUrl(url, storeOrigins());
  if (!status.ok()) {
    require(!status.error().code.empty(), "a refused URL has no error code");
    return 0;
  }
  require(onTheStore(url), "accepted a URL off the store origin: " + url);
  // '@' may appear in a query or fragment (an email address); in the authority it would hide the real host.
  const size_t authorityEnd = url.find_first_of("/?#", url.find("//") + 2);
  require(url.substr(0, authorityEnd).find('@') == std::string::npos, "accepted a URL with userinfo: " + url);
  for (unsigned char c : url) {
    require(c != '\\', "accepted a URL with a backslash: " + url);
    require(c > 0x20 && c != 0x7F, "accepted a URL with whitespace or a control byte: " + url);
  }
  // The same URL as BigCommerce's checkout_url goes through chooseCheckoutUrl unchanged.
  bcch::RedirectUrls urls;
  urls.checkoutUrl = url;
  bcch::Result<std::string> chosen = bcch::chooseCheckoutUrl(urls, bcch::CheckoutMode::Redirect, "", storeOrigins());
  require(chosen.ok() && chosen.value() == url, "chooseCheckoutUrl disagrees with checkCheckoutUrl on: " + url);
  return 0;
}
