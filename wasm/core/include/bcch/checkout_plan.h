// The Checkouts API requests that bring a BigCommerce checkout in line with the shopper's checkout details.
// The server stub runs them; the core only decides. Bodies follow checkouts.v3.yml (AddressProperties,
// CreateConsignmentRequest, UpdateConsignmentRequest, CouponCodeRequest); paths are relative to /v3.
//
// The caller runs the requests in order (each answer is a whole Checkout), then plans again with the last
// answer, until there are no requests. Each round makes progress:
//   1. the billing address, consignments to delete, update (address and items) and add, and the coupons;
//   2. the shipping option of each consignment the round before left alone: UpdateConsignmentRequest takes
//      shipping_option_id in a request of its own, and options depend on the address.
// So at most 3 rounds (4 when the first answer is stale). An option the new address no longer offers is
// matched again by its description; when none matches, the plan says so in `unmet` and asks nothing.
// Coupons the store refuses are the caller's to drop from the details before planning again.
#pragma once

#include <string>
#include <vector>

#include "bcch/checkout_details.h"
#include "bcch/checkout_view.h"

namespace bcch {

enum class DetailsRequestKind {
  SetBillingAddress,     // POST /checkouts/{id}/billing-address, or PUT .../billing-address/{addressId}
  AddConsignments,       // POST /checkouts/{id}/consignments?include=...
  UpdateConsignment,     // PUT /checkouts/{id}/consignments/{consignmentId}?include=... (address, line_items)
  DeleteConsignment,     // DELETE /checkouts/{id}/consignments/{consignmentId}
  SelectShippingOption,  // PUT /checkouts/{id}/consignments/{consignmentId}?include=... {shipping_option_id}
  AddCoupon,             // POST /checkouts/{id}/coupons {coupon_code}
  RemoveCoupon,          // DELETE /checkouts/{id}/coupons/{code}, the code percent-encoded
};

// "setBillingAddress", "addConsignments", "updateConsignment", "deleteConsignment", "selectShippingOption",
// "addCoupon", "removeCoupon".
const char* detailsRequestKindName(DetailsRequestKind kind);

struct DetailsRequest {
  DetailsRequestKind kind;
  std::string method, path, body;  // body: JSON text, empty for none
};

// What the plan could not do. consignmentIndex is the index in the details' consignments, -1 for none.
// Reasons: shipping_option_unavailable (neither the id nor the description is offered any more),
// line_not_in_checkout (a lineId that is no physical item of the checkout; lineId says which),
// no_items (a consignment left with nothing to ship).
struct UnmetDetail {
  DetailsRequestKind kind;
  int consignmentIndex = -1;
  std::string reason;
  std::string lineId;
};

struct DetailsPlan {
  std::vector<DetailsRequest> requests;
  std::vector<UnmetDetail> unmet;
};

DetailsPlan planDetailsSync(const CheckoutDetails& details, const CheckoutView& checkout);

}  // namespace bcch
