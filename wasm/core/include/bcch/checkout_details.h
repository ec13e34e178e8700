// The shopper's checkout details: the billing address, the consignments (which lines ship where, and the
// chosen shipping option), coupon codes and gift-certificate codes. The page keeps them in the saved cart's
// `checkout` section (saved_cart.h, docs/saved-cart.md); this module checks them whenever they are used.
//
//   {"billing":{Address},
//    "consignments":[{"address":{Address},"lineIds":["l1"],"shippingOptionId":"...","shippingOptionDescription":"Express"}],
//    "coupons":["SAVE10"],"giftCertificates":["GC-7YQ2-4FFA"]}
//
// A consignment without lineIds ships every physical line the others do not. Consignment addresses are checked
// as BigCommerce's CreateConsignmentRequest checks them (AddressPurpose::Estimate: a shipping quote needs no
// street yet); fields given beyond those are checked too.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bcch/address.h"

namespace bcch {

struct ConsignmentDetails {
  Address address;
  std::vector<std::string> lineIds;  // empty: every physical line no other consignment names
  std::string shippingOptionId;
  std::string shippingOptionDescription;  // matches the option again when its id changes with the address
};

struct CheckoutDetails {
  std::optional<Address> billing;
  std::vector<ConsignmentDetails> consignments;
  std::vector<std::string> coupons;
  std::vector<std::string> giftCertificates;
};

constexpr size_t kMaxConsignments = 50;
constexpr size_t kMaxCodes = 20;  // of coupons, and of gift certificates

// checkouts.v3.yml CouponCodeRequest: "Coupon codes have a 50-character limit." Trimmed, no control characters.
// Error code invalid_coupon_code.
Result<std::string> checkCouponCode(const std::string& code);

// Gift-certificate codes as BigCommerce issues them: letters, digits and dashes, at most 255 (trimmed).
// Error code invalid_gift_certificate_code.
Result<std::string> checkGiftCertificateCode(const std::string& code);

// Reads and checks the details; every refused field is appended to `errors` with its path
// ("consignments[0].address.email", "coupons[1]"). The result is meaningful only when no error was added.
// Codes beyond the address ones: invalid_line_id, invalid_shipping_option, invalid_coupon_code,
// invalid_gift_certificate_code, invalid_details (a section of the wrong type, or too many entries).
// Repeated coupon or gift-certificate codes are kept once (case-insensitively).
CheckoutDetails readDetails(const Json& json, std::vector<FieldError>* errors);

// Normalised, in the shape readDetails reads: all four keys, billing null when there is none.
void writeDetails(JsonWriter& out, const CheckoutDetails& details);

}  // namespace bcch
