// Site protection: where to send a shopper who lands on a page of the BigCommerce-hosted store when the
// merchant's storefront is headless, and which pages must stay (checkout, login tokens, account pages).
// The same rules run in three places: here (tests, the CLI, the demo's configurator through the wasm
// module), and in the generated Script Manager snippet (protection_snippet.js), which must agree with this
// file on every page of tests/protection/pages.json.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bcch/result.h"
#include "bcch/url.h"

namespace bcch {

// A Sites & Routes route (sites.v3.yml siteRoute_Base): `type` from its enum, `matching` "*" or an id,
// `route` a template with {id}, {slug} and {language} (the guide also spells it {lang}; both are filled).
struct ProtectionRoute {
  std::string type;
  std::string matching = "*";
  std::string route;
};

// What to do with a hosted page we cannot map to a route.
enum class UnknownPolicy { SamePath, Home, Stay };

struct ProtectionConfig {
  Origin headlessOrigin;
  std::vector<Origin> storeOrigins;
  std::vector<ProtectionRoute> routes;
  std::vector<std::string> allow;       // paths that stay, lower-cased and %xx-decoded; a trailing '*' makes a prefix
  std::vector<std::string> keepParams;  // query parameters carried over; a trailing '*' makes a prefix
  UnknownPolicy unknown = UnknownPolicy::SamePath;
  std::string bypassParam = "bc_preview";   // ?bc_preview=1 previews the hosted store, =0 ends it
  std::string bypassCookie = "bc_preview";  // set by the snippet while previewing
  std::string language = "en";              // {language} when the page does not say
  int64_t storefrontChannelId = 1;          // the Stencil storefront's channel, where the script goes
  std::string scriptName = "bc-checkout-helper site protection";
};

// The defaults merchants get when they leave keepParams out: campaign tags and ad click ids, and a coupon.
std::vector<std::string> defaultKeepParams();

// Reads the JSON config of `protect.json` (docs/site-protection.md). Errors name the field
// ("routes[2].route: ...") with code "invalid_protection_config"; unknown fields are errors, to catch typos.
Result<ProtectionConfig> parseProtectionConfig(const std::string& json);

// A hosted page as the snippet sees it: its URL, and what Stencil's Handlebars context says about it when
// the script was rendered with one (empty strings otherwise).
struct HostedPage {
  std::string url;
  std::string pageType;   // {{page_type}}: "product", "category", "brand", "page", "blog_post", "default", ...
  std::string id;         // {{product.id}}, {{category.id}} or {{page.id}}, matching pageType
  std::string entityUrl;  // {{product.url}}, {{category.url}} or {{brand.url}}
  std::string cookies;    // document.cookie, for the preview bypass
  std::string language;   // <html lang>, for {language}
  bool framed = false;    // in an iframe: the control panel's page builder shows the store so; never redirect
};

struct ProtectionDecision {
  std::string target;    // where to send the shopper; empty = stay
  std::string reason;    // stable code, see docs/site-protection.md
  std::string pageType;  // what the page was taken for: a route type, "account", "checkout" or "unknown"
  std::string message;   // for a person
};

ProtectionDecision protectionTarget(const HostedPage& page, const ProtectionConfig& config);

}  // namespace bcch
