// What only the server stub calls (bcch/api.h), registered beside core_bindings.cpp in bc-checkout-server.wasm:
// planning the Cart API calls, choosing the checkout URL to hand out, and checking the merchant's custom item
// list. Kept out of the cart module the page loads: with them and what they pull in (the Cart_Full reader, the
// request writer), bc-checkout-helper.wasm was about 7 KB gzip larger. No logic here; web/server-core.js wraps it.
#include <emscripten/bind.h>

#include "bcch/api.h"

EMSCRIPTEN_BINDINGS(bc_checkout_server) {
  using namespace emscripten;
  function("chooseCheckoutUrl", &bcch::chooseCheckoutUrlJson);
  function("planCartSync", &bcch::planCartSyncJson);
  function("checkCustomItems", &bcch::checkCustomItemsJson);
}
