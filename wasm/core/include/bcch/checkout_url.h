// Where we may send a shopper. Every checkout URL comes from the network (our server stub, which could be
// misconfigured or tampered with), so before the browser navigates or embeds it we check it is a checkout
// entry point on one of the merchant's own store origins: the guard against open redirects.
#pragma once

#include <string>
#include <vector>

#include "bcch/result.h"
#include "bcch/url.h"

namespace bcch {

// Parses a store origin from configuration ("https://store-abc.mybigcommerce.com").
// Refuses paths, queries, userinfo and http for anything but a loopback host (isLoopbackHost, url.h).
Result<Origin> parseStoreOrigin(const std::string& text);

// Accepts only absolute https URLs whose origin is one of `storeOrigins` or its www. variant, with a clean
// authority, and whose path is a checkout entry point: /cart.php, /checkout, /embedded-checkout,
// /login/token/<jwt>. The error code says why a URL was refused (see docs/errors.md).
Status checkCheckoutUrl(const std::string& url, const std::vector<Origin>& storeOrigins);

enum class CheckoutMode { Redirect, Embedded };

// The checkout URLs of BigCommerce's redirect_urls object (carts.v3.yml CartRedirectResponse); its cart_url is
// the cart page, never a way into checkout.
struct RedirectUrls {
  std::string checkoutUrl;
  std::string embeddedCheckoutUrl;
};

// Which URL a checkout uses: the login URL (/login/token/<jwt>, which redirects into checkout) for a signed-in
// shopper, else checkout_url for redirect and embedded_checkout_url for embedded.
enum class CheckoutUrlSource { CheckoutUrl, EmbeddedCheckoutUrl, LoginUrl };
CheckoutUrlSource checkoutUrlSource(CheckoutMode mode, const std::string& loginUrl);

// Chooses the URL for a mode as checkoutUrlSource says, then checks it.
Result<std::string> chooseCheckoutUrl(const RedirectUrls& urls, CheckoutMode mode, const std::string& loginUrl,
                                      const std::vector<Origin>& storeOrigins);

}  // namespace bcch
