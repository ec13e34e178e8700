// What a merchant installs from one site-protection config: the Script Manager snippet and the two
// BigCommerce API payloads (sites.v3.yml updateSiteRoutes, scripts.v3.yml script_Post).
#pragma once

#include <string>

#include "bcch/result.h"
#include "bcch/site_protection.h"

namespace bcch {

// "<script>...</script>": plain JS, no wasm, the rules of protectionTarget() with the config inlined, and
// Stencil's Handlebars context placeholders for the page type and entity. Fails only when the snippet would
// be longer than Script Manager's 65,536 characters.
Result<std::string> protectionSnippet(const ProtectionConfig& config);

// JSON array for PUT /v3/sites/{site_id}/routes: the configured routes, plus home "/" when none is given, so
// the links BigCommerce writes itself (emails, sitemaps) point at the headless storefront.
std::string siteRoutesPayload(const ProtectionConfig& config);

// JSON object for POST /v3/content/scripts: the snippet in the head of `storefront` pages, which by the script scope
// table of BigCommerce's "Scripts API" guide never includes checkout, order confirmation, login or account.
Result<std::string> scriptsPayload(const ProtectionConfig& config);

}  // namespace bcch
