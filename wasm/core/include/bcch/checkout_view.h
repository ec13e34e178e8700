// A BigCommerce Checkout (checkouts.v3.yml Checkout, the `data` of GET /v3/checkouts/{id}) read into what a
// page shows and what the details plan compares: addresses, consignments with their shipping options, applied
// coupons and the totals, money in integer minor units of the checkout's currency. Amounts are read once from
// the JSON number into minor units (cart_json.h amountFromJson), never added up in floating point.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bcch/address.h"
#include "bcch/cart.h"
#include "bcch/money.h"

namespace bcch {

// The Checkouts API `include` every checkout read needs: the shipping options of each consignment, and the
// options of physical items so that saved cart lines can be matched with them (sync_plan.h matchCartLines).
extern const char* const kCheckoutInclude;

struct ShippingOptionView {
  std::string id, description, type, transitTime;
  int64_t cost = 0;
};

struct ConsignmentView {
  std::string id;
  Address address;
  std::vector<std::string> lineItemIds;  // BigCommerce's physical item ids
  std::vector<std::string> lineIds;      // the saved cart lines they are, where known
  bool optionsListed = false;            // available_shipping_options was in the answer
  std::vector<ShippingOptionView> shippingOptions;
  std::string selectedOptionId;
  std::string selectedDescription;
};

struct CouponView {
  std::string code, name;
  int64_t discount = 0;
};

struct TaxView {
  std::string name;
  int64_t amount = 0;
};

struct Totals {
  int64_t subtotal = 0, discount = 0, shipping = 0, handling = 0, tax = 0, grandTotal = 0;
  std::vector<TaxView> taxes;
};

struct PhysicalItem {
  std::string id;
  int64_t quantity = 0;
  std::string lineId;  // the saved cart line it is, where known
};

struct CheckoutView {
  std::string id;
  const Currency* currency = nullptr;
  std::optional<int64_t> orderId;
  int64_t version = 0;
  std::optional<Address> billingAddress;
  std::string billingAddressId;  // the id BigCommerce gave it (PUT /billing-address/{addressId}), if any
  std::vector<CouponView> coupons;
  std::vector<ConsignmentView> consignments;
  Totals totals;
  std::vector<PhysicalItem> physicalItems;
};

// `saved`, when given, is the saved cart whose lines the checkout's items are (matched as the cart sync
// matches them). Error code invalid_checkout (the message names the field).
Result<CheckoutView> readCheckout(const Json& data, const Cart* saved);

void writeCheckoutView(JsonWriter& out, const CheckoutView& view);
void writeTotals(JsonWriter& out, const Totals& totals);

// The totals as writeTotals writes them (integer minor units), read back from the page. Code invalid_argument.
Result<Totals> readTotals(const Json& json);

struct GiftCertificateUse {
  std::string code;
  int64_t used = 0;
  int64_t balance = 0;  // what the certificate holds, as given
};

// Certificates pay in the order given: each one min(balance, what is still due). `amountDue` is what is left.
// Codes are checked (checkGiftCertificateCode); a code given twice is refused. Code invalid_argument or
// invalid_gift_certificate_code.
Result<std::vector<GiftCertificateUse>> applyGiftCertificates(const Totals& totals, const Json& certificates, int64_t* amountDue);

}  // namespace bcch
