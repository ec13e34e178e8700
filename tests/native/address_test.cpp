// Addresses as the checkout-details module checks them (bcch/address.h, bcch/countries.h): the required fields
// of each purpose (checkouts.v3.yml AddressProperties and CreateConsignmentRequest, the hosted checkout's form),
// ISO 3166 codes, postal-code formats, and hostile input.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bcch/address.h"
#include "bcch/countries.h"
#include "bcch/details_api.h"
#include "bcch/json_writer.h"

using namespace bcch;
using Json = nlohmann::json;

namespace {

Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

const char* const kFull = R"({"firstName":" Ann ","lastName":"Lee","email":"ann@example.com","address1":"1 Main St",
  "city":"Austin","stateOrProvince":"tx","countryCode":"us","postalCode":"78701","phone":"+1 (512) 555-0100"})";

std::vector<FieldError> check(const Json& json, AddressPurpose purpose, Address* out = nullptr) {
  Address a;
  std::vector<FieldError> errors;
  readAddress(json, purpose, "", out ? out : &a, &errors);
  return errors;
}

std::vector<std::string> codes(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const FieldError& e : errors) out.push_back(e.code);
  return out;
}

Json with(const char* key, const Json& value) {
  Json j = parse(kFull);
  j[key] = value;
  return j;
}

}  // namespace

TEST_CASE("a full address is normalised: trimmed, country upper case, state by code and name, phone digits", "[address]") {
  Address a;
  CHECK(check(parse(kFull), AddressPurpose::Billing, &a).empty());
  CHECK(a.firstName == "Ann");
  CHECK(a.countryCode == "US");
  CHECK(a.stateOrProvince == "Texas");
  CHECK(a.stateOrProvinceCode == "TX");
  CHECK(a.phone == "+15125550100");
  JsonWriter out;
  writeAddress(out, a);
  CHECK(parse(out.take()) == parse(R"({"firstName":"Ann","lastName":"Lee","email":"ann@example.com","address1":"1 Main St",
    "city":"Austin","stateOrProvince":"Texas","stateOrProvinceCode":"TX","countryCode":"US","postalCode":"78701","phone":"+15125550100"})"));
}

TEST_CASE("billing and shipping need names, street, city, e-mail, country, postal code and state", "[address]") {
  for (AddressPurpose p : {AddressPurpose::Billing, AddressPurpose::Shipping}) {
    const std::vector<FieldError> errors = check(Json::object(), p);
    CHECK(codes(errors) == std::vector<std::string>{"invalid_first_name", "invalid_last_name", "invalid_email",
                                                    "invalid_address1", "invalid_city", "invalid_country"});
    for (const FieldError& e : errors) CHECK_THAT(e.message, Catch::Matchers::Contains("required"));
  }
  // With the country known, its state and postal code are required too.
  Json j = Json::object();
  j["countryCode"] = "US";
  CHECK(codes(check(j, AddressPurpose::Billing)) ==
        std::vector<std::string>{"invalid_first_name", "invalid_last_name", "invalid_email", "invalid_address1",
                                 "invalid_city", "invalid_state", "invalid_postal_code"});
}

TEST_CASE("an estimate needs only country, e-mail, and the postal code and state where the country has them", "[address]") {
  CHECK(check(parse(R"({"countryCode":"US","email":"a@b.co","postalCode":"78701","stateOrProvinceCode":"TX"})"), AddressPurpose::Estimate).empty());
  CHECK(codes(check(parse(R"({"countryCode":"US","postalCode":"78701"})"), AddressPurpose::Estimate)) ==
        std::vector<std::string>{"invalid_email", "invalid_state"});
  // Germany: postal code, no subdivision the core knows. Hong Kong: no postal code.
  CHECK(codes(check(parse(R"({"countryCode":"DE","email":"a@b.co"})"), AddressPurpose::Estimate)) == std::vector<std::string>{"invalid_postal_code"});
  CHECK(check(parse(R"({"countryCode":"DE","email":"a@b.co","postalCode":"10115","stateOrProvince":"Berlin"})"), AddressPurpose::Estimate).empty());
  CHECK(check(parse(R"({"countryCode":"HK","email":"a@b.co"})"), AddressPurpose::Estimate).empty());
}

TEST_CASE("country codes are ISO 3166-1 alpha-2, the whole list and nothing else", "[address]") {
  for (const char* ok : {"US", "GB", "AX", "SS", "ZW", "XK"}) {
    INFO(ok);
    CHECK(isCountryCode(ok) == (std::string(ok) != "XK"));  // XK (Kosovo) is user-assigned, not ISO
  }
  for (const char* bad : {"UK", "EU", "USA", "U", "", "us", "1A", "ZZ"}) {
    INFO(bad);
    CHECK_FALSE(isCountryCode(bad));
  }
  CHECK(codes(check(with("countryCode", "UK"), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_country"});
  CHECK(codes(check(with("countryCode", "USA"), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_country"});
}

TEST_CASE("US, CA and AU subdivisions by ISO 3166-2 code or name; others are free text", "[address]") {
  CHECK(findSubdivision("US", "DC") != nullptr);
  CHECK(findSubdivision("US", "Puerto Rico") != nullptr);
  CHECK(findSubdivision("US", "AP") != nullptr);
  CHECK(findSubdivision("CA", "qc") != nullptr);
  CHECK(std::string(findSubdivision("CA", "Quebec")->code) == "QC");
  CHECK(std::string(findSubdivision("AU", "NSW")->name) == "New South Wales");
  CHECK(subdivisionsOf("US").count == 59);
  CHECK(subdivisionsOf("CA").count == 13);
  CHECK(subdivisionsOf("AU").count == 8);
  CHECK(findSubdivision("US", "Ontario") == nullptr);
  CHECK(findSubdivision("US", "TX ") == nullptr);  // the caller trims
  CHECK(codes(check(with("stateOrProvince", "Texass"), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_state"});
  // A code wins over the name when both are given.
  Address a;
  Json both = with("stateOrProvince", "Texas");
  both["stateOrProvinceCode"] = "CA";
  CHECK(check(both, AddressPurpose::Billing, &a).empty());
  CHECK(a.stateOrProvince == "California");
}

TEST_CASE("postal codes follow the US, CA, AU and GB formats and are written as the post writes them", "[address]") {
  auto normal = [](const char* country, const char* code) {
    std::string s = code;
    return normalisePostalCode(country, &s) ? s : std::string("<refused>");
  };
  CHECK(normal("US", "78701") == "78701");
  CHECK(normal("US", "78701-1234") == "78701-1234");
  CHECK(normal("US", "7870") == "<refused>");
  CHECK(normal("US", "787011234") == "<refused>");
  CHECK(normal("CA", "k1a0b1") == "K1A 0B1");
  CHECK(normal("CA", "K1A 0B1") == "K1A 0B1");
  CHECK(normal("CA", "K1A 0B") == "<refused>");
  CHECK(normal("AU", "2000") == "2000");
  CHECK(normal("AU", "200") == "<refused>");
  CHECK(normal("GB", "sw1a1aa") == "SW1A 1AA");
  CHECK(normal("GB", "M1 1AE") == "M1 1AE");
  CHECK(normal("GB", "EC1A 1BB") == "EC1A 1BB");
  CHECK(normal("GB", "B33 8TH") == "B33 8TH");
  CHECK(normal("GB", "1AA 1AA") == "<refused>");
  CHECK(normal("GB", "SW1A") == "<refused>");
  CHECK(normal("DE", "10115") == "10115");
  CHECK(codes(check(with("postalCode", "ABCDE"), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_postal_code"});
}

TEST_CASE("phone numbers follow AddressProperties.phone: up to 15 digits, an optional +, no leading 0", "[address]") {
  Address a;
  CHECK(check(with("phone", "512.555.0100"), AddressPurpose::Billing, &a).empty());
  CHECK(a.phone == "5125550100");
  for (const char* bad : {"0123456", "+", "1", "1234567890123456", "555-CALL-NOW", "+1 512 555 0100 ext 5"}) {
    INFO(bad);
    CHECK(codes(check(with("phone", bad), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_phone"});
  }
}

TEST_CASE("hostile fields: wrong types, overlong text, control characters, e-mail without a domain", "[address]") {
  CHECK(codes(check(with("firstName", 7), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_first_name"});
  CHECK(codes(check(with("city", Json::array({"Austin"})), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_city"});
  CHECK(codes(check(with("company", Json::object()), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_company"});
  CHECK(codes(check(with("address2", std::string(256, 'a')), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_address2"});
  CHECK(check(with("address2", std::string(255, 'a')), AddressPurpose::Billing).empty());
  // 255 characters, not bytes: "é" is two bytes.
  std::string accents;
  for (int i = 0; i < 255; ++i) accents += "\xC3\xA9";
  CHECK(check(with("lastName", accents), AddressPurpose::Billing).empty());
  for (const char* bad : {"Ann\nLee", "Ann\rBcc: x", "A\x7F", "Ann\tLee", "A\xC2\x85"}) {
    INFO(bad);
    CHECK(codes(check(with("lastName", bad), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_last_name"});
  }
  for (const char* bad : {"ann", "ann@", "@example.com", "ann@example", "a b@example.com", "a@b@c.com"}) {
    INFO(bad);
    CHECK(codes(check(with("email", bad), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_email"});
  }
  // Whitespace only is missing.
  CHECK(codes(check(with("city", "   "), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_city"});
  // null is absent; unknown keys are ignored, never copied.
  CHECK(codes(check(with("city", nullptr), AddressPurpose::Billing)) == std::vector<std::string>{"invalid_city"});
  Address a;
  CHECK(check(with("custom_fields", Json::array({1})), AddressPurpose::Billing, &a).empty());
  CHECK(check(Json::array(), AddressPurpose::Billing).size() == 1);
  CHECK(check(Json("x"), AddressPurpose::Billing)[0].code == "invalid_address");
}

TEST_CASE("the request body is AddressProperties in snake_case; a consignment always has state and postal code", "[address]") {
  Address a;
  REQUIRE(check(parse(R"({"countryCode":"HK","email":"a@b.co"})"), AddressPurpose::Estimate, &a).empty());
  JsonWriter billing;
  writeAddressBody(billing, a, false);
  CHECK(parse(billing.take()) == parse(R"({"email":"a@b.co","country_code":"HK"})"));
  JsonWriter consignment;
  writeAddressBody(consignment, a, true);
  CHECK(parse(consignment.take()) == parse(R"({"email":"a@b.co","state_or_province":"","country_code":"HK","postal_code":""})"));
  // Back from BigCommerce's shape, and compared as the store keeps it.
  const Address held = addressFromCheckout(parse(R"({"email":"A@B.CO","country_code":"hk","state_or_province":"","id":"x","phone":7})"));
  CHECK(held.email == "A@B.CO");
  CHECK(held.phone.empty());
  CHECK(sameAddress(a, held));
  Address other = a;
  other.city = "Kowloon";
  CHECK_FALSE(sameAddress(other, held));
}

TEST_CASE("checkAddressJson names each refused field, one code per field", "[address]") {
  const Json r = parse(checkAddressJson(R"({"countryCode":"US","email":"nope","postalCode":"1"})", "estimate"));
  CHECK(r["ok"] == false);
  CHECK(r["error"]["code"] == "invalid_address");
  CHECK(r["error"]["fields"] == parse(R"([
    {"field":"email","code":"invalid_email","message":"the e-mail address is not valid"},
    {"field":"stateOrProvince","code":"invalid_state","message":"the state or province is required"},
    {"field":"postalCode","code":"invalid_postal_code","message":"\"1\" is not a postal code of US"}])"));
  CHECK_THAT(r["error"]["message"].get<std::string>(), Catch::Matchers::Contains("(and 2 more)"));
  CHECK(parse(checkAddressJson(kFull, "shipping"))["address"]["stateOrProvinceCode"] == "TX");
  CHECK(parse(checkAddressJson(kFull, "delivery"))["error"]["code"] == "invalid_argument");
  CHECK(parse(checkAddressJson("{", "billing"))["error"]["code"] == "invalid_address");
}
