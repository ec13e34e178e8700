// readCheckout and applyGiftCertificates (bcch/checkout_view.h): a Checkout answer (checkouts.v3.yml Checkout)
// read into the page's view, money exact in the currency's exponent (ISO 4217: JPY 0, USD 2, KWD 3).
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "bcch/details_api.h"
#include "checkout_fixtures.h"

using namespace bcch;
using checkout_fixtures::parse;
using Json = nlohmann::json;

namespace {

Json view(const Json& checkout, const std::string& saved = checkout_fixtures::savedCart()) {
  const Json r = parse(readCheckoutJson(checkout.dump(), saved));
  return r["ok"] == true ? r["checkout"] : r;
}

}  // namespace

TEST_CASE("an empty checkout reads as no billing address, no consignments, and the cart's totals", "[checkout_view]") {
  const Json v = view(checkout_fixtures::emptyCheckout());
  CHECK(v["id"] == checkout_fixtures::kCheckoutId);
  CHECK(v["currency"] == "USD");
  CHECK(v["exponent"] == 2);
  CHECK(v["orderId"].is_null());
  CHECK(v["version"] == 1);
  CHECK(v["billingAddress"].is_null());
  CHECK(v["consignments"] == Json::array());
  CHECK(v["totals"] == parse(R"({"subtotal":3998,"discount":0,"shipping":0,"handling":0,"tax":0,
                                 "taxes":[{"name":"Tax","amount":0}],"grandTotal":3998})"));
}

TEST_CASE("consignments carry their options in minor units and the saved cart lines of their items", "[checkout_view]") {
  Json c = checkout_fixtures::halfDoneCheckout();
  c["consignments"][0]["selected_shipping_option"] = checkout_fixtures::option("9f8e7d6c5b4a", "Express", 12.5);
  const Json v = view(c);
  const Json& consignment = v["consignments"][0];
  CHECK(consignment["id"] == "61a5c1f1e2d34");
  CHECK(consignment["address"]["stateOrProvinceCode"] == "TX");
  CHECK(consignment["lineItemIds"] == Json::array({checkout_fixtures::kItemA, checkout_fixtures::kItemB}));
  CHECK(consignment["lineIds"] == Json::array({"l1", "l2"}));
  CHECK(consignment["shippingOptions"][1] == parse(R"({"id":"9f8e7d6c5b4a","description":"Express","type":"shipping_flatrate","cost":1250,"transitTime":""})"));
  CHECK(consignment["selectedOptionId"] == "9f8e7d6c5b4a");
  // Without the saved cart the lines are unknown, the items are not.
  const Json bare = view(c, "");
  CHECK(bare["consignments"][0]["lineIds"] == Json::array());
  CHECK(bare["consignments"][0]["lineItemIds"].size() == 2);
}

TEST_CASE("totals with coupons, automatic discounts, taxes, shipping and handling", "[checkout_view]") {
  Json c = checkout_fixtures::halfDoneCheckout();
  c["coupons"] = parse(R"([{"code":"SAVE10","display_name":"10% off","discounted_amount":4,"id":3,"coupon_type":"percentage_discount"},
                           {"code":"SHIP","display_name":"$1 off","discounted_amount":1.5}])");
  c["cart"]["discount_amount"] = 2;
  c["taxes"] = parse(R"([{"name":"State Tax","amount":2.05},{"name":"City Tax","amount":0.66}])");
  c["tax_total"] = 2.71;
  c["shipping_cost_total_ex_tax"] = 12.5;
  c["shipping_cost_total_inc_tax"] = 13.5;
  c["handling_cost_total_ex_tax"] = 1;
  c["handling_cost_total_inc_tax"] = 1.1;
  c["subtotal_ex_tax"] = 39.98;
  c["subtotal_inc_tax"] = 42.69;
  c["grand_total"] = 47.69;
  Json v = view(c);
  CHECK(v["coupons"] == parse(R"([{"code":"SAVE10","name":"10% off","discount":400},{"code":"SHIP","name":"$1 off","discount":150}])"));
  CHECK(v["totals"] == parse(R"({"subtotal":3998,"discount":750,"shipping":1250,"handling":100,"tax":271,
    "taxes":[{"name":"State Tax","amount":205},{"name":"City Tax","amount":66}],"grandTotal":4769})"));
  // A store that shows prices with tax (cart.tax_included) gets the _inc_tax figures.
  c["cart"]["tax_included"] = true;
  v = view(c);
  CHECK(v["totals"]["subtotal"] == 4269);
  CHECK(v["totals"]["shipping"] == 1350);
  CHECK(v["totals"]["handling"] == 110);
}

TEST_CASE("money in 0, 2 and 3 digit currencies is read exactly, and refused when it is not exact", "[checkout_view]") {
  Json jpy = checkout_fixtures::emptyCheckout("JPY");
  jpy["grand_total"] = 1500;
  jpy["subtotal_ex_tax"] = 1500;
  CHECK(view(jpy, "")["totals"]["grandTotal"] == 1500);
  CHECK(view(jpy, "")["exponent"] == 0);
  jpy["grand_total"] = 1500.5;
  CHECK(view(jpy, "")["error"]["code"] == "invalid_checkout");
  Json kwd = checkout_fixtures::emptyCheckout("KWD");
  kwd["grand_total"] = 12.345;
  kwd["subtotal_ex_tax"] = 0.005;
  CHECK(view(kwd, "")["totals"]["grandTotal"] == 12345);
  CHECK(view(kwd, "")["totals"]["subtotal"] == 5);
  Json usd = checkout_fixtures::emptyCheckout();
  usd["grand_total"] = 0.1 + 0.2;  // 0.30000000000000004: not an amount of cents
  CHECK(view(usd, "")["error"]["code"] == "invalid_checkout");
  usd["grand_total"] = "19.99";  // the decimal as text is read too (cart_json.h amountFromJson)
  CHECK(view(usd, "")["totals"]["grandTotal"] == 1999);
  usd["grand_total"] = 1e300;
  CHECK(view(usd, "")["error"]["code"] == "invalid_checkout");
}

TEST_CASE("orders, billing addresses and hostile answers", "[checkout_view]") {
  Json c = checkout_fixtures::emptyCheckout();
  c["order_id"] = "105";
  c["billing_address"] = checkout_fixtures::austinAddress();
  Json v = view(c);
  CHECK(v["orderId"] == 105);
  CHECK(v["billingAddress"]["city"] == "Austin");
  CHECK_FALSE(v["billingAddress"].contains("id"));
  c["order_id"] = 106;
  CHECK(view(c)["orderId"] == 106);
  c["order_id"] = "";
  CHECK(view(c)["orderId"].is_null());
  for (const Json& bad : {Json("x1"), Json("-3"), Json::array(), Json(true)}) {
    c["order_id"] = bad;
    CHECK(view(c)["error"]["code"] == "invalid_checkout");
  }
  c = checkout_fixtures::emptyCheckout();
  c["cart"]["currency"]["code"] = "XYZ";
  CHECK(view(c)["error"]["code"] == "invalid_checkout");
  c = checkout_fixtures::emptyCheckout();
  c.erase("cart");
  CHECK(view(c)["error"]["code"] == "invalid_checkout");
  c = checkout_fixtures::emptyCheckout();
  c["consignments"] = Json::array({7});
  CHECK(view(c)["error"]["code"] == "invalid_checkout");
  c = checkout_fixtures::emptyCheckout();
  c["coupons"] = parse(R"([{"discounted_amount":1}])");
  CHECK_THAT(view(c)["error"]["message"].get<std::string>(), Catch::Matchers::Contains("checkout.coupons[0].code"));
  CHECK(parse(readCheckoutJson("not json", ""))["error"]["code"] == "invalid_checkout");
  CHECK(parse(readCheckoutJson(checkout_fixtures::emptyCheckout().dump(), R"({"version":9})"))["error"]["code"] == "saved_cart_unsupported_version");
}

TEST_CASE("gift certificates pay in the order given, each min(balance, what is still due)", "[checkout_view]") {
  const std::string totals = R"({"subtotal":3998,"discount":0,"shipping":500,"handling":0,"tax":0,"taxes":[],"grandTotal":4498})";
  const Json r = parse(applyGiftCertificatesJson(totals, R"([{"code":"GC-1","balance":2500},{"code":"GC-2","balance":5000},{"code":"GC-3","balance":100}])"));
  REQUIRE(r["ok"] == true);
  CHECK(r["totals"]["grandTotal"] == 4498);
  CHECK(r["totals"]["giftCertificates"] == parse(R"([{"code":"GC-1","used":2500,"balance":2500},{"code":"GC-2","used":1998,"balance":5000},
                                                     {"code":"GC-3","used":0,"balance":100}])"));
  CHECK(r["totals"]["amountDue"] == 0);
  const Json partial = parse(applyGiftCertificatesJson(totals, R"([{"code":"GC-1","balance":1000}])"));
  CHECK(partial["totals"]["amountDue"] == 3498);
  CHECK(parse(applyGiftCertificatesJson(totals, "[]"))["totals"]["amountDue"] == 4498);
  for (const char* bad : {R"([{"code":"GC-1","balance":-1}])", R"([{"code":"GC-1","balance":1.5}])", R"([{"code":"GC-1"}])",
                          R"([{"code":"GC-1","balance":1},{"code":"GC-1","balance":2}])", R"({"code":"GC-1"})"}) {
    INFO(bad);
    CHECK(parse(applyGiftCertificatesJson(totals, bad))["error"]["code"] == "invalid_argument");
  }
  CHECK(parse(applyGiftCertificatesJson(totals, R"([{"code":"GC 1","balance":1}])"))["error"]["code"] == "invalid_gift_certificate_code");
  CHECK(parse(applyGiftCertificatesJson(R"({"grandTotal":"12"})", "[]"))["error"]["code"] == "invalid_argument");
  CHECK(parse(applyGiftCertificatesJson(R"({"grandTotal":9007199254740992})", "[]"))["error"]["code"] == "invalid_argument");
}

TEST_CASE("the constants name the include every checkout read needs", "[checkout_view]") {
  const Json constants = parse(detailsConstantsJson());
  CHECK(constants["checkoutInclude"] == "consignments.available_shipping_options,cart.line_items.physical_items.options");
  CHECK(std::string(detailsVersion()).size() > 0);
}
