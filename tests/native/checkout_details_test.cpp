// The checkout details (bcch/checkout_details.h): what the page keeps in the saved cart's checkout section,
// read as hostile input; field errors name their path. Coupon codes after checkouts.v3.yml CouponCodeRequest
// ("Coupon codes have a 50-character limit").
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bcch/checkout_details.h"
#include "bcch/details_api.h"
#include "checkout_fixtures.h"

using namespace bcch;
using checkout_fixtures::parse;
using Json = nlohmann::json;

namespace {

std::vector<FieldError> errorsOf(const Json& json, CheckoutDetails* out = nullptr) {
  std::vector<FieldError> errors;
  CheckoutDetails d = readDetails(json, &errors);
  if (out) *out = d;
  return errors;
}

std::vector<std::string> fields(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const FieldError& e : errors) out.push_back(e.field + " " + e.code);
  return out;
}

}  // namespace

TEST_CASE("the documented details are read and written back normalised", "[checkout_details]") {
  CheckoutDetails d;
  REQUIRE(errorsOf(checkout_fixtures::austinDetails(), &d).empty());
  REQUIRE(d.billing.has_value());
  CHECK(d.billing->stateOrProvince == "Texas");
  CHECK(d.consignments.size() == 1);
  CHECK(d.consignments[0].address.stateOrProvinceCode == "TX");
  CHECK(d.consignments[0].lineIds.empty());
  const Json normalised = parse(checkDetailsJson(checkout_fixtures::austinDetails().dump()));
  CHECK(normalised["ok"] == true);
  CHECK(normalised["details"]["consignments"][0]["shippingOptionDescription"] == "Express");
  CHECK(normalised["details"]["coupons"] == Json::array({"SAVE10"}));
  CHECK(normalised["details"]["giftCertificates"] == Json::array());
  // Normalising twice changes nothing.
  CHECK(parse(checkDetailsJson(normalised["details"].dump()))["details"] == normalised["details"]);
}

TEST_CASE("empty details are valid: every section is optional", "[checkout_details]") {
  const Json r = parse(checkDetailsJson("{}"));
  CHECK(r["details"] == parse(R"({"billing":null,"consignments":[],"coupons":[],"giftCertificates":[]})"));
  CHECK(parse(checkDetailsJson(R"({"billing":null,"consignments":null,"coupons":null})"))["ok"] == true);
}

TEST_CASE("field errors name their path, all of them at once", "[checkout_details]") {
  Json d = checkout_fixtures::austinDetails();
  d["billing"]["email"] = "ann";
  d["consignments"][0]["address"]["countryCode"] = "XX";
  d["consignments"][0]["lineIds"] = Json::array({"l1", "x7", "l1"});
  d["consignments"][0]["shippingOptionId"] = "a b";
  d["coupons"] = Json::array({"SAVE10", "", 5, std::string(51, 'A')});
  d["giftCertificates"] = Json::array({"GC-1", "GC 2", "<script>"});
  CHECK(fields(errorsOf(d)) == std::vector<std::string>{
                                   "billing.email invalid_email",
                                   "consignments[0].address.countryCode invalid_country",
                                   "consignments[0].lineIds[1] invalid_line_id",
                                   "consignments[0].lineIds[2] invalid_line_id",
                                   "consignments[0].shippingOptionId invalid_shipping_option",
                                   "coupons[1] invalid_coupon_code",
                                   "coupons[2] invalid_coupon_code",
                                   "coupons[3] invalid_coupon_code",
                                   "giftCertificates[1] invalid_gift_certificate_code",
                                   "giftCertificates[2] invalid_gift_certificate_code",
                               });
  const Json r = parse(checkDetailsJson(d.dump()));
  CHECK(r["error"]["code"] == "invalid_details");
  CHECK(r["error"]["fields"].size() == 10);
  CHECK(r["error"]["fields"][0]["field"] == "billing.email");
}

TEST_CASE("consignment addresses need what a consignment needs; given fields are checked too", "[checkout_details]") {
  Json d = parse(R"({"consignments":[{"address":{"countryCode":"CA","email":"a@b.co","postalCode":"k1a0b1","stateOrProvince":"Ontario"}}]})");
  CheckoutDetails out;
  REQUIRE(errorsOf(d, &out).empty());
  CHECK(out.consignments[0].address.postalCode == "K1A 0B1");
  d["consignments"][0]["address"]["city"] = "Ott\x01wa";
  CHECK(fields(errorsOf(d)) == std::vector<std::string>{"consignments[0].address.city invalid_city"});
  CHECK(fields(errorsOf(parse(R"({"consignments":[{"lineIds":["l1"]}]})"))) ==
        std::vector<std::string>{"consignments[0].address invalid_address"});
}

TEST_CASE("lines are shipped once: one consignment may leave out lineIds, none may repeat a line", "[checkout_details]") {
  const Json a = parse(R"({"countryCode":"HK","email":"a@b.co"})");
  Json d = Json::object();
  d["consignments"] = Json::array({{{"address", a}}, {{"address", a}}});
  CHECK(fields(errorsOf(d)) == std::vector<std::string>{"consignments[1].lineIds invalid_line_id"});
  d["consignments"] = Json::array({{{"address", a}, {"lineIds", {"l1"}}}, {{"address", a}, {"lineIds", {"l1", "l2"}}}, {{"address", a}}});
  CHECK(fields(errorsOf(d)) == std::vector<std::string>{"consignments[1].lineIds[0] invalid_line_id"});
  d["consignments"] = Json::array({{{"address", a}, {"lineIds", Json::array()}}});
  CHECK(fields(errorsOf(d)) == std::vector<std::string>{"consignments[0].lineIds invalid_line_id"});
  for (const char* bad : {"l0", "l01", "L1", "l", "l1 ", "l123456789012345"}) {
    INFO(bad);
    d["consignments"] = Json::array({{{"address", a}, {"lineIds", {bad}}}});
    CHECK(errorsOf(d).size() == 1);
  }
}

TEST_CASE("sections of the wrong type or too long are invalid_details", "[checkout_details]") {
  for (const char* bad : {R"({"consignments":{}})", R"({"coupons":"SAVE10"})", R"({"giftCertificates":{}})", R"({"billing":[]})",
                          R"({"consignments":[7]})"}) {
    INFO(bad);
    CHECK(errorsOf(parse(bad)).size() == 1);
  }
  CHECK(fields(errorsOf(Json::array())) == std::vector<std::string>{"details invalid_details"});
  Json many = Json::object();
  many["coupons"] = Json::array();
  for (int i = 0; i < 21; ++i) many["coupons"].push_back("C" + std::to_string(i));
  CHECK(fields(errorsOf(many)) == std::vector<std::string>{"coupons invalid_details"});
  Json consignments = Json::object();
  consignments["consignments"] = Json::array();
  for (int i = 0; i < 51; ++i) consignments["consignments"].push_back({{"address", {{"countryCode", "HK"}, {"email", "a@b.co"}}}, {"lineIds", {"l" + std::to_string(i + 1)}}});
  CHECK(fields(errorsOf(consignments)) == std::vector<std::string>{"consignments invalid_details"});
  CHECK(parse(checkDetailsJson("nope"))["error"]["code"] == "invalid_details");
}

TEST_CASE("coupon codes: trimmed, 1 to 50 characters, no control characters; repeats kept once", "[checkout_details]") {
  CHECK(checkCouponCode("  SAVE10 ").value() == "SAVE10");
  CHECK(checkCouponCode(std::string(50, 'A')).ok());
  CHECK(checkCouponCode("Rabatt für Oma").ok());
  for (const std::string& bad : {std::string(), std::string("   "), std::string(51, 'A'), std::string("SAVE\n10"), std::string("A\x7F")}) {
    CHECK(checkCouponCode(bad).error().code == "invalid_coupon_code");
  }
  CheckoutDetails d;
  REQUIRE(errorsOf(parse(R"({"coupons":["save10","SAVE10"," Save10 ","OTHER"],"giftCertificates":["GC-1","gc-1"]})"), &d).empty());
  CHECK(d.coupons == std::vector<std::string>{"save10", "OTHER"});
  CHECK(d.giftCertificates == std::vector<std::string>{"GC-1"});
  CHECK(parse(checkCouponCodeJson(" X "))["code"] == "X");
  CHECK(parse(checkCouponCodeJson(""))["error"]["code"] == "invalid_coupon_code");
}

TEST_CASE("gift-certificate codes: letters, digits and dashes, at most 255", "[checkout_details]") {
  CHECK(checkGiftCertificateCode(" GC-7YQ2-4FFA ").value() == "GC-7YQ2-4FFA");
  CHECK(checkGiftCertificateCode(std::string(255, 'A')).ok());
  for (const std::string& bad : {std::string(), std::string(256, 'A'), std::string("GC_1"), std::string("GC 1"), std::string("../x"),
                                 std::string("GC-\xC3\xA9")}) {
    CHECK(checkGiftCertificateCode(bad).error().code == "invalid_gift_certificate_code");
  }
  CHECK(parse(checkGiftCertificateCodeJson("a/b"))["error"]["code"] == "invalid_gift_certificate_code");
}
