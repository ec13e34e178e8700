// The only file that knows about Emscripten: it registers the core's JSON facade (bcch/api.h) with Embind.
// No logic here. The raw module is private to web/; users see the plain-object API of web/core.js.
#include <emscripten/bind.h>

#include "bcch/api.h"

namespace {
std::string version() { return bcch::coreVersion(); }
bool isCartId(const std::string& id) { return bcch::isValidCartId(id); }
}  // namespace

EMSCRIPTEN_BINDINGS(bc_checkout_core) {
  using namespace emscripten;
  function("createCartSession", &bcch::createCartSession);
  function("destroyCartSession", &bcch::destroyCartSession);
  function("callCartSession", &bcch::callCartSession);
  function("constants", &bcch::coreConstantsJson);
  function("isCartId", &isCartId);
  function("checkStoreOrigins", &bcch::checkStoreOriginsJson);
  function("checkCheckoutUrl", &bcch::checkCheckoutUrlJson);
  function("chooseCheckoutUrl", &bcch::chooseCheckoutUrlJson);
  function("planCartSync", &bcch::planCartSyncJson);
  function("checkCustomItems", &bcch::checkCustomItemsJson);
  function("parseMoney", &bcch::parseMoneyJson);
  function("currencyExponent", &bcch::currencyExponent);
  function("version", &version);
}
