// Checkout answers for the checkout-details tests, written by hand after checkouts.v3.yml (the Checkout
// schema and its examples): snake_case, money as JSON numbers in major units, ids as BigCommerce gives them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace checkout_fixtures {

using Json = nlohmann::json;

inline Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

constexpr const char* kCheckoutId = "d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5";
constexpr const char* kItemA = "8edef915-8e8e-4ebd-bece-31fbb1191a7e";  // product 80, variant 64, quantity 2
constexpr const char* kItemB = "1f9a3c55-0d3b-4c51-9a8e-5b2f7c1e4d22";  // product 81, quantity 1

// A checkout that nothing has been done to yet: no billing address fields, no consignments, no coupons.
inline Json emptyCheckout(const char* currency = "USD") {
  Json c = parse(R"({
    "id": "d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5",
    "cart": {
      "id": "d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5", "customer_id": 0, "email": "",
      "currency": {"code": "USD"}, "tax_included": false, "base_amount": 39.98, "discount_amount": 0,
      "cart_amount_inc_tax": 39.98, "cart_amount_ex_tax": 39.98, "coupons": [], "discounts": [],
      "line_items": {
        "physical_items": [
          {"id": "8edef915-8e8e-4ebd-bece-31fbb1191a7e", "product_id": 80, "variant_id": 64, "quantity": 2,
           "sku": "OTS", "name": "Orbit Terrarium - Small", "list_price": 19.99, "sale_price": 19.99,
           "extended_sale_price": 39.98, "is_require_shipping": true, "options": []},
          {"id": "1f9a3c55-0d3b-4c51-9a8e-5b2f7c1e4d22", "product_id": 81, "quantity": 1,
           "sku": "SLD", "name": "Sled", "list_price": 0, "sale_price": 0, "extended_sale_price": 0,
           "is_require_shipping": true, "options": []}
        ],
        "digital_items": [], "gift_certificates": [], "custom_items": []
      }
    },
    "billing_address": {"id": "5dd1aa5d1a5a1", "first_name": "", "last_name": "", "email": "", "company": "",
                        "address1": "", "address2": "", "city": "", "state_or_province": "",
                        "state_or_province_code": "", "country_code": "", "postal_code": "", "phone": "",
                        "custom_fields": []},
    "consignments": [], "taxes": [{"name": "Tax", "amount": 0}], "coupons": [], "order_id": null,
    "shipping_cost_total_inc_tax": 0, "shipping_cost_total_ex_tax": 0,
    "handling_cost_total_inc_tax": 0, "handling_cost_total_ex_tax": 0,
    "tax_total": 0, "subtotal_inc_tax": 39.98, "subtotal_ex_tax": 39.98, "grand_total": 39.98,
    "created_time": "2026-11-30T10:00:00+00:00", "updated_time": "2026-11-30T10:00:00+00:00",
    "customer_message": "", "version": 1
  })");
  c["cart"]["currency"]["code"] = currency;
  return c;
}

// The US address the details tests ship to, in BigCommerce's shape.
inline Json austinAddress() {
  return parse(R"({"id": "6a1", "first_name": "Ann", "last_name": "Lee", "email": "ann@example.com", "company": "",
    "address1": "1 Main St", "address2": "", "city": "Austin", "state_or_province": "Texas",
    "state_or_province_code": "TX", "country_code": "US", "postal_code": "78701", "phone": "", "custom_fields": []})");
}

inline Json option(const char* id, const char* description, double cost) {
  Json o = parse(R"({"type": "shipping_flatrate", "image_url": "", "transit_time": "", "additional_description": ""})");
  o["id"] = id;
  o["description"] = description;
  o["cost"] = cost;
  return o;
}

// One consignment shipping both items to Austin, options listed, nothing chosen yet.
inline Json halfDoneCheckout() {
  Json c = emptyCheckout();
  Json consignment = parse(R"({"id": "61a5c1f1e2d34", "shipping_cost_inc_tax": 0, "shipping_cost_ex_tax": 0,
    "handling_cost_inc_tax": 0, "handling_cost_ex_tax": 0, "coupon_discounts": [], "discounts": []})");
  consignment["address"] = austinAddress();
  consignment["line_item_ids"] = Json::array({kItemA, kItemB});
  consignment["available_shipping_options"] =
      Json::array({option("0e1d2c3b4a5f", "Flat Rate", 5), option("9f8e7d6c5b4a", "Express", 12.5)});
  c["consignments"] = Json::array({consignment});
  return c;
}

// The saved cart whose lines l1 and l2 are the items of the checkouts above.
inline std::string savedCart() {
  return R"({"version":3,"currency":"USD","nextLine":3,"cartId":"d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5","lines":[
    {"id":"l1","type":"product","productId":80,"variantId":64,"quantity":2,"price":1999},
    {"id":"l2","type":"product","productId":81,"quantity":1}]})";
}

// The details the plan tests start from: billing and shipping to Austin, Express, one coupon.
inline Json austinDetails() {
  return parse(R"({
    "billing": {"firstName": "Ann", "lastName": "Lee", "email": "ann@example.com", "address1": "1 Main St",
                "city": "Austin", "stateOrProvinceCode": "TX", "countryCode": "US", "postalCode": "78701"},
    "consignments": [{"address": {"firstName": "Ann", "lastName": "Lee", "email": "ann@example.com",
                                  "address1": "1 Main St", "city": "Austin", "stateOrProvince": "Texas",
                                  "countryCode": "US", "postalCode": "78701"},
                      "shippingOptionId": "9f8e7d6c5b4a", "shippingOptionDescription": "Express"}],
    "coupons": ["SAVE10"], "giftCertificates": []})");
}

}  // namespace checkout_fixtures
