// planDetailsSync (bcch/checkout_plan.h): the Checkouts API requests, in order, that bring a checkout in line
// with the details, with bodies as checkouts.v3.yml wants them (AddressProperties, CreateConsignmentRequest,
// UpdateConsignmentRequest with shipping_option_id in a request of its own, CouponCodeRequest).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bcch/details_api.h"
#include "checkout_fixtures.h"

using namespace bcch;
using checkout_fixtures::parse;
using Json = nlohmann::json;

namespace {

const std::string kBase = std::string("/checkouts/") + checkout_fixtures::kCheckoutId;
const std::string kWithOptions = "?include=consignments.available_shipping_options";

Json plan(const Json& details, const Json& checkout, const std::string& saved = checkout_fixtures::savedCart()) {
  return parse(planDetailsSyncJson(details.dump(), checkout.dump(), saved));
}

std::vector<std::string> kinds(const Json& p) {
  std::vector<std::string> out;
  for (const Json& r : p["requests"]) out.push_back(r["kind"].get<std::string>() + " " + r["method"].get<std::string>() + " " + r["path"].get<std::string>());
  return out;
}

// What BigCommerce would answer after the requests of a plan: enough of it for the next round.
Json afterRound(Json checkout, const Json& p) {
  for (const Json& r : p["requests"]) {
    const std::string kind = r["kind"];
    if (kind == "setBillingAddress") {
      for (auto& [k, v] : r["body"].items()) checkout["billing_address"][k] = v;
    } else if (kind == "addConsignments" || kind == "updateConsignment") {
      const Json bodies = kind == "addConsignments" ? r["body"] : Json::array({r["body"]});
      for (const Json& b : bodies) {
        Json c = parse(R"({"available_shipping_options":[]})");
        c["id"] = kind == "addConsignments" ? Json("c" + std::to_string(checkout["consignments"].size() + 1)) : checkout["consignments"][0]["id"];
        c["address"] = b["address"];
        c["line_item_ids"] = Json::array();
        for (const Json& item : b["line_items"]) c["line_item_ids"].push_back(item["item_id"]);
        // New address, new option ids; the same services.
        c["available_shipping_options"] = Json::array({checkout_fixtures::option("n1", "Flat Rate", 5), checkout_fixtures::option("n2", "Express", 12.5)});
        if (kind == "addConsignments") checkout["consignments"].push_back(c);
        else checkout["consignments"][0] = c;
      }
    } else if (kind == "selectShippingOption") {
      for (Json& c : checkout["consignments"])
        if (r["path"].get<std::string>().find(c["id"].get<std::string>()) != std::string::npos)
          for (const Json& o : c["available_shipping_options"])
            if (o["id"] == r["body"]["shipping_option_id"]) c["selected_shipping_option"] = o;
    } else if (kind == "addCoupon") {
      checkout["coupons"].push_back({{"code", r["body"]["coupon_code"]}, {"discounted_amount", 4}});
    } else if (kind == "removeCoupon") {
      checkout["coupons"] = Json::array();
    } else if (kind == "deleteConsignment") {
      checkout["consignments"].erase(checkout["consignments"].size() - 1);
    }
  }
  return checkout;
}

}  // namespace

TEST_CASE("from an empty checkout: billing address, one consignment, and the coupon in the first round", "[checkout_plan]") {
  const Json p = plan(checkout_fixtures::austinDetails(), checkout_fixtures::emptyCheckout());
  REQUIRE(p["ok"] == true);
  CHECK(kinds(p) == std::vector<std::string>{
                        "setBillingAddress PUT " + kBase + "/billing-address/5dd1aa5d1a5a1",
                        "addConsignments POST " + kBase + "/consignments" + kWithOptions,
                        "addCoupon POST " + kBase + "/coupons",
                    });
  CHECK(p["requests"][0]["body"] == parse(R"({"first_name":"Ann","last_name":"Lee","email":"ann@example.com",
    "address1":"1 Main St","city":"Austin","state_or_province":"Texas","state_or_province_code":"TX","country_code":"US","postal_code":"78701"})"));
  // CreateConsignmentRequest: an array of { address, line_items: [{ item_id, quantity }] }.
  const Json& add = p["requests"][1]["body"];
  REQUIRE(add.is_array());
  CHECK(add.size() == 1);
  CHECK(add[0]["address"]["state_or_province"] == "Texas");
  CHECK(add[0]["address"]["postal_code"] == "78701");
  CHECK(add[0]["line_items"] == parse(std::string(R"([{"item_id":")") + checkout_fixtures::kItemA + R"(","quantity":2},{"item_id":")" +
                                      checkout_fixtures::kItemB + R"(","quantity":1}])"));
  CHECK(p["requests"][2]["body"] == parse(R"({"coupon_code":"SAVE10"})"));
  CHECK(p["unmet"] == Json::array());
}

TEST_CASE("a checkout without a billing address id gets a POST", "[checkout_plan]") {
  Json c = checkout_fixtures::emptyCheckout();
  c.erase("billing_address");
  CHECK(kinds(plan(checkout_fixtures::austinDetails(), c))[0] == "setBillingAddress POST " + kBase + "/billing-address");
}

TEST_CASE("from a checkout half done: the option alone, in its own request, and nothing for what is already so", "[checkout_plan]") {
  Json c = checkout_fixtures::halfDoneCheckout();
  c["billing_address"] = checkout_fixtures::austinAddress();
  c["billing_address"]["id"] = "5dd1aa5d1a5a1";
  c["coupons"] = Json::array({{{"code", "save10"}, {"discounted_amount", 4}}});
  const Json p = plan(checkout_fixtures::austinDetails(), c);
  CHECK(kinds(p) == std::vector<std::string>{"selectShippingOption PUT " + kBase + "/consignments/61a5c1f1e2d34" + kWithOptions});
  CHECK(p["requests"][0]["body"] == parse(R"({"shipping_option_id":"9f8e7d6c5b4a"})"));
  // Once chosen, there is nothing left to do.
  const Json done = afterRound(c, p);
  CHECK(plan(checkout_fixtures::austinDetails(), done)["requests"] == Json::array());
}

TEST_CASE("the plan loop ends in at most 4 rounds, each one making progress", "[checkout_plan]") {
  Json checkout = checkout_fixtures::emptyCheckout();
  int rounds = 0;
  for (; rounds < 6; ++rounds) {
    const Json p = plan(checkout_fixtures::austinDetails(), checkout);
    REQUIRE(p["ok"] == true);
    if (p["requests"].empty()) break;
    checkout = afterRound(checkout, p);
  }
  CHECK(rounds <= 4);
  // The Express option was found again by its description under its new id.
  CHECK(checkout["consignments"][0]["selected_shipping_option"]["id"] == "n2");
  CHECK(checkout["coupons"].size() == 1);
}

TEST_CASE("an option the new address no longer offers is unmet, and asked for by no request", "[checkout_plan]") {
  Json c = checkout_fixtures::halfDoneCheckout();
  c["consignments"][0]["available_shipping_options"] = Json::array({checkout_fixtures::option("z1", "Ground", 3)});
  Json d = checkout_fixtures::austinDetails();
  d.erase("billing");
  d["coupons"] = Json::array();
  const Json p = plan(d, c);
  CHECK(p["requests"] == Json::array());
  CHECK(p["unmet"] == parse(R"([{"kind":"selectShippingOption","consignmentIndex":0,"reason":"shipping_option_unavailable"}])"));
}

TEST_CASE("an answer that did not list the options: the stored id is tried", "[checkout_plan]") {
  Json c = checkout_fixtures::halfDoneCheckout();
  c["consignments"][0].erase("available_shipping_options");
  Json d = checkout_fixtures::austinDetails();
  d.erase("billing");
  d["coupons"] = Json::array();
  const Json p = plan(d, c);
  CHECK(kinds(p) == std::vector<std::string>{"selectShippingOption PUT " + kBase + "/consignments/61a5c1f1e2d34" + kWithOptions});
}

TEST_CASE("a changed address updates the consignment (address and line_items) and waits for options", "[checkout_plan]") {
  Json c = checkout_fixtures::halfDoneCheckout();
  Json d = checkout_fixtures::austinDetails();
  d.erase("billing");
  d["coupons"] = Json::array();
  d["consignments"][0]["address"]["address1"] = "2 Congress Ave";
  const Json p = plan(d, c);
  CHECK(kinds(p) == std::vector<std::string>{"updateConsignment PUT " + kBase + "/consignments/61a5c1f1e2d34" + kWithOptions});
  const Json& body = p["requests"][0]["body"];
  CHECK(body["address"]["address1"] == "2 Congress Ave");
  CHECK(body["line_items"].size() == 2);
  CHECK_FALSE(body.contains("shipping_option_id"));
}

TEST_CASE("several consignments: lines split by lineIds, the rest to the one without; surplus ones deleted first", "[checkout_plan]") {
  const Json austin = checkout_fixtures::austinDetails()["consignments"][0]["address"];
  Json toronto = parse(R"({"countryCode":"CA","email":"bo@example.com","postalCode":"M5V 2T6","stateOrProvinceCode":"ON"})");
  Json d = Json::object();
  d["consignments"] = Json::array({{{"address", toronto}, {"lineIds", {"l2"}}}, {{"address", austin}}});
  const Json p = plan(d, checkout_fixtures::emptyCheckout());
  CHECK(kinds(p) == std::vector<std::string>{"addConsignments POST " + kBase + "/consignments" + kWithOptions});
  const Json& body = p["requests"][0]["body"];
  REQUIRE(body.size() == 2);
  CHECK(body[0]["address"]["country_code"] == "CA");
  CHECK(body[0]["line_items"] == parse(std::string(R"([{"item_id":")") + checkout_fixtures::kItemB + R"(","quantity":1}])"));
  CHECK(body[1]["line_items"] == parse(std::string(R"([{"item_id":")") + checkout_fixtures::kItemA + R"(","quantity":2}])"));

  // Two held, one wanted: the surplus is deleted before the first is updated.
  Json two = checkout_fixtures::halfDoneCheckout();
  Json second = two["consignments"][0];
  second["id"] = "7b7b7b7b";
  two["consignments"][0]["line_item_ids"] = Json::array({checkout_fixtures::kItemA});
  second["line_item_ids"] = Json::array({checkout_fixtures::kItemB});
  two["consignments"].push_back(second);
  Json one = Json::object();
  one["consignments"] = Json::array({{{"address", austin}}});
  CHECK(kinds(plan(one, two)) == std::vector<std::string>{
                                     "deleteConsignment DELETE " + kBase + "/consignments/7b7b7b7b",
                                     "updateConsignment PUT " + kBase + "/consignments/61a5c1f1e2d34" + kWithOptions,
                                 });
}

TEST_CASE("lineIds that are no item of the checkout are unmet; a consignment left with nothing is not made", "[checkout_plan]") {
  const Json austin = checkout_fixtures::austinDetails()["consignments"][0]["address"];
  Json d = Json::object();
  d["consignments"] = Json::array({{{"address", austin}, {"lineIds", {"l9"}}}});
  const Json p = plan(d, checkout_fixtures::emptyCheckout());
  CHECK(p["requests"] == Json::array());
  CHECK(p["unmet"] == parse(R"([{"kind":"updateConsignment","consignmentIndex":0,"reason":"line_not_in_checkout","lineId":"l9"},
                                {"kind":"addConsignments","consignmentIndex":0,"reason":"no_items"}])"));
  // Without the saved cart no line can be named; the consignment without lineIds still ships everything.
  d["consignments"] = Json::array({{{"address", austin}, {"lineIds", {"l1"}}}});
  CHECK(plan(d, checkout_fixtures::emptyCheckout(), "")["unmet"][0]["reason"] == "line_not_in_checkout");
  d["consignments"] = Json::array({{{"address", austin}}});
  CHECK(kinds(plan(d, checkout_fixtures::emptyCheckout(), "")).size() == 1);
}

TEST_CASE("coupons: removed first, then added, compared without case; the path code percent-encoded", "[checkout_plan]") {
  Json c = checkout_fixtures::emptyCheckout();
  c["coupons"] = Json::array({{{"code", "OLD/../1 %"}}, {{"code", "KEEP"}}});
  Json d = parse(R"({"coupons":["keep","NEW"]})");
  const Json p = plan(d, c);
  CHECK(kinds(p) == std::vector<std::string>{"removeCoupon DELETE " + kBase + "/coupons/OLD%2F..%2F1%20%25", "addCoupon POST " + kBase + "/coupons"});
  CHECK(p["requests"][0]["body"].is_null());
  CHECK(p["requests"][1]["body"] == parse(R"({"coupon_code":"NEW"})"));
}

TEST_CASE("the plan refuses bad details, bad checkouts and bad saved carts with their codes", "[checkout_plan]") {
  CHECK(plan(parse(R"({"coupons":[""]})"), checkout_fixtures::emptyCheckout())["error"]["code"] == "invalid_details");
  Json c = checkout_fixtures::emptyCheckout();
  c["id"] = "../../orders";
  CHECK(plan(Json::object(), c)["error"]["code"] == "invalid_checkout");
  c = checkout_fixtures::halfDoneCheckout();
  c["consignments"][0]["id"] = "61a5/../x";
  CHECK(plan(Json::object(), c)["error"]["code"] == "invalid_checkout");
  c = checkout_fixtures::emptyCheckout();
  c["billing_address"]["id"] = "a?b";
  CHECK(plan(Json::object(), c)["error"]["code"] == "invalid_checkout");
  CHECK(plan(Json::object(), checkout_fixtures::emptyCheckout(), "{")["error"]["code"] == "saved_cart_corrupt");
  CHECK(parse(planDetailsSyncJson("{}", "[]", ""))["error"]["code"] == "invalid_checkout");
  // Nothing wanted, nothing held: nothing to do.
  CHECK(plan(Json::object(), checkout_fixtures::emptyCheckout())["requests"] == Json::array());
}
