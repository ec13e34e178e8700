// The checkout-details module's face toward JavaScript, in plain C++ (the binding is
// wasm/bindings/details_bindings.cpp): JSON text in, JSON text out, as api.h. Every result is {"ok":true,...} or
// {"ok":false,"error":{"code","message","fields"?}}, `fields` listing each refused field as
// {"field","code","message"} (address.h FieldError).
#pragma once

#include <string>

namespace bcch {

// (address JSON, "billing"|"shipping"|"estimate") -> {"ok":true,"address":{...normalised}}; invalid_address.
std::string checkAddressJson(const std::string& addressJson, const std::string& purpose);

// details JSON -> {"ok":true,"details":{...normalised}}; invalid_details, fields named by path.
std::string checkDetailsJson(const std::string& detailsJson);

// A code as typed -> {"ok":true,"code":"SAVE10"}; invalid_coupon_code / invalid_gift_certificate_code.
std::string checkCouponCodeJson(const std::string& code);
std::string checkGiftCertificateCodeJson(const std::string& code);

// (details, the `data` of a Checkout answer, saved cart document or "")
// -> {"ok":true,"requests":[{"kind","method","path","body"}],"unmet":[{"kind","consignmentIndex"?,"reason","lineId"?}]}
// (checkout_plan.h). Errors: invalid_details, invalid_checkout, saved_cart_*.
std::string planDetailsSyncJson(const std::string& detailsJson, const std::string& checkoutJson, const std::string& savedCartJson);

// (the `data` of a Checkout answer, saved cart document or "") -> {"ok":true,"checkout":{CheckoutView}} (checkout_view.h).
std::string readCheckoutJson(const std::string& checkoutJson, const std::string& savedCartJson);

// (totals of a CheckoutView, [{"code","balance"}]) -> {"ok":true,"totals":{...totals,"giftCertificates":[{"code","used","balance"}],"amountDue"}}
std::string applyGiftCertificatesJson(const std::string& totalsJson, const std::string& certificatesJson);

// {"checkoutInclude":"..."}: the include of every Checkout read (checkout_view.h kCheckoutInclude).
std::string detailsConstantsJson();

// The module's version, checked against its JS as the cart module's is.
const char* detailsVersion();

}  // namespace bcch
