// The cart module's Embind registrations (bc-checkout-helper.wasm, loaded by every page): the cart sessions and
// the checks a page makes (checkout URL, store origins, money) from the core's JSON facade (bcch/api.h).
// The server stub's own calls are registered by server_bindings.cpp, linked only into bc-checkout-server.wasm, so
// the page never downloads them. No logic here. The raw module is private to web/; users see web/core.js.
#include <emscripten/bind.h>

#include "bcch/api.h"

namespace {
std::string version() { return bcch::coreVersion(); }
bool isCartId(const std::string& id) { return bcch::isValidCartId(id); }

// A cart call's result as UTF-8 bytes in the module's memory, which JS decodes at once with TextDecoder: Embind
// turns a returned std::string into a JS string with a loop over every byte in JavaScript, which was about a third
// of what saving a 100-line cart cost. callCartSessionUtf8 returns where the bytes are, cartResultLength how many;
// they stay valid until the next call.
std::string cartResult;
uintptr_t callCartSessionUtf8(int handle, const std::string& method, const std::string& text, double number) {
  cartResult = bcch::callCartSession(handle, method, text, number);
  return reinterpret_cast<uintptr_t>(cartResult.data());
}
size_t cartResultLength() { return cartResult.size(); }
}  // namespace

EMSCRIPTEN_BINDINGS(bc_checkout_core) {
  using namespace emscripten;
  function("createCartSession", &bcch::createCartSession);
  function("destroyCartSession", &bcch::destroyCartSession);
  function("callCartSessionUtf8", &callCartSessionUtf8);
  function("cartResultLength", &cartResultLength);
  function("constants", &bcch::coreConstantsJson);
  function("isCartId", &isCartId);
  function("checkStoreOrigins", &bcch::checkStoreOriginsJson);
  function("checkCheckoutUrl", &bcch::checkCheckoutUrlJson);
  function("parseMoney", &bcch::parseMoneyJson);
  function("currencyExponent", &bcch::currencyExponent);
  function("version", &version);
}
