// The only file that knows about Emscripten: it registers the core's JSON facade (bcch/api.h) with Embind.
// No logic here. The raw module is private to web/; users see the plain-object API of web/core.js.
#include <emscripten/bind.h>

#include "bcch/api.h"

namespace {
std::string version() { return bcch::coreVersion(); }
}  // namespace

EMSCRIPTEN_BINDINGS(bc_checkout_core) {
  using namespace emscripten;
  class_<bcch::CartSession>("CartSession")
      .constructor<>()
      .function("configure", &bcch::CartSession::configure)
      .function("add", &bcch::CartSession::add)
      .function("addCustom", &bcch::CartSession::addCustom)
      .function("addGiftCertificate", &bcch::CartSession::addGiftCertificate)
      .function("update", &bcch::CartSession::update)
      .function("remove", &bcch::CartSession::remove)
      .function("clear", &bcch::CartSession::clear)
      .function("view", &bcch::CartSession::view)
      .function("save", &bcch::CartSession::save)
      .function("restore", &bcch::CartSession::restore)
      .function("setCartId", &bcch::CartSession::setCartId);
  function("checkStoreOrigins", &bcch::checkStoreOriginsJson);
  function("checkCheckoutUrl", &bcch::checkCheckoutUrlJson);
  function("chooseCheckoutUrl", &bcch::chooseCheckoutUrlJson);
  function("planCartSync", &bcch::planCartSyncJson);
  function("parseMoney", &bcch::parseMoneyJson);
  function("currencyExponent", &bcch::currencyExponent);
  function("version", &version);
}
