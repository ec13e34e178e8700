// The Embind leaf of the checkout-details module (bc-checkout-details.wasm), loaded on first use by
// web/details-core.js. No logic here: the functions are the JSON facade of bcch/details_api.h.
#include <emscripten/bind.h>

#include "bcch/details_api.h"

namespace {
std::string version() { return bcch::detailsVersion(); }
}  // namespace

EMSCRIPTEN_BINDINGS(bc_details) {
  using namespace emscripten;
  function("checkAddress", &bcch::checkAddressJson);
  function("checkDetails", &bcch::checkDetailsJson);
  function("checkCouponCode", &bcch::checkCouponCodeJson);
  function("checkGiftCertificateCode", &bcch::checkGiftCertificateCodeJson);
  function("planDetailsSync", &bcch::planDetailsSyncJson);
  function("readCheckout", &bcch::readCheckoutJson);
  function("applyGiftCertificates", &bcch::applyGiftCertificatesJson);
  function("constants", &bcch::detailsConstantsJson);
  function("version", &version);
}
