// The JSON facade the JS shim calls (bcch/api.h): JSON text in, {"ok":true,...} or
// {"ok":false,"error":{"code","message"}} out. Built without exceptions and with JSON_NOEXCEPTION: CHECK only, and
// outputs are read only through the safe helpers below.
#include <catch2/catch.hpp>

#include <cctype>
#include <cmath>
#include <limits>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "bcch/api.h"
#include "bcch/sync_plan.h"

using namespace bcch;
using Catch::Matchers::Contains;
using Json = nlohmann::json;

namespace {

constexpr const char* kCartId = "d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5";

Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

Json at(const Json& j) { return j; }
template <typename... Rest>
Json at(const Json& j, const char* key, Rest... rest);
template <typename... Rest>
Json at(const Json& j, int index, Rest... rest);
template <typename... Rest>
Json at(const Json& j, const char* key, Rest... rest) {
  if (!j.is_object()) return Json(Json::value_t::discarded);
  auto it = j.find(key);
  if (it == j.end()) return Json(Json::value_t::discarded);
  return at(*it, rest...);
}
template <typename... Rest>
Json at(const Json& j, int index, Rest... rest) {
  if (!j.is_array() || index < 0 || static_cast<size_t>(index) >= j.size()) return Json(Json::value_t::discarded);
  return at(j[static_cast<size_t>(index)], rest...);
}

// "ok" for {"ok":true,...} without an error; the error code for a well-formed failure; otherwise a description of
// the malformed output. Failed CHECKs therefore print what the facade really returned.
std::string status(const std::string& out) {
  const Json j = parse(out);
  if (!j.is_object()) return "<not a JSON object: " + out + ">";
  const Json ok = at(j, "ok");
  if (ok == Json(true)) return j.contains("error") ? "<ok with an error: " + out + ">" : "ok";
  if (ok != Json(false)) return "<no boolean ok: " + out + ">";
  const Json code = at(j, "error", "code");
  const Json message = at(j, "error", "message");
  if (!code.is_string() || code.get<std::string>().empty() || !message.is_string() ||
      message.get<std::string>().empty())
    return "<malformed error: " + out + ">";
  return code.get<std::string>();
}

std::string message(const std::string& out) {
  const Json m = at(parse(out), "error", "message");
  return m.is_string() ? m.get<std::string>() : "<no message in " + out + ">";
}

std::string lineIdOf(const std::string& out) {
  const Json id = at(parse(out), "lineId");
  return id.is_string() ? id.get<std::string>() : "<no lineId in " + out + ">";
}

Json view(const CartSession& s) { return parse(s.view()); }

const char* kGift = R"({"name":"Card","theme":"Birthday","amount":25,
  "sender":{"name":"Ann","email":"ann@example.com"},"recipient":{"name":"Bob","email":"bob@example.org"},
  "message":"Happy birthday"})";

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// configure and view

TEST_CASE("summary is view without its lines, and the saved cart holds the very lines view writes", "[api]") {
  CartSession s;
  REQUIRE(status(s.add(R"({"productId":80,"variantId":64,"quantity":2,"price":"19.99","name":"Mug",
    "optionSelections":[{"optionId":9,"optionValue":"Hi"},{"optionId":7,"optionValue":101}]})")) == "ok");
  REQUIRE(status(s.add(R"({"productId":81,"quantity":1})")) == "ok");
  REQUIRE(status(s.add(kGift, bcch::LineKind::GiftCertificate)) == "ok");
  Json full = view(s);
  const Json lines = full["lines"];
  full.erase("lines");
  CHECK(parse(s.summary()) == full);
  CHECK(parse(s.save())["lines"] == lines);
}

TEST_CASE("a new session views as an empty USD cart", "[api]") {
  CartSession s;
  const std::string out = s.view();
  CHECK(status(out) == "ok");
  const Json v = parse(out);
  CHECK(at(v, "currency") == Json("USD"));
  CHECK(at(v, "exponent") == Json(2));
  CHECK(at(v, "count") == Json(0));
  CHECK(at(v, "subtotal", "minor") == Json(0));
  CHECK(at(v, "subtotal", "complete") == Json(true));
  CHECK(at(v, "cartId") == Json(""));
  CHECK(at(v, "lines") == Json::array());
}

TEST_CASE("configure sets the currency and limits", "[api]") {
  CartSession s;
  CHECK(status(s.configure(R"({"currency":"JPY"})")) == "ok");
  CHECK(at(view(s), "currency") == Json("JPY"));
  CHECK(at(view(s), "exponent") == Json(0));

  CHECK(status(s.configure(R"({"currency":"kwd"})")) == "ok");
  CHECK(at(view(s), "currency") == Json("KWD"));  // canonical upper case
  CHECK(at(view(s), "exponent") == Json(3));

  CHECK(status(s.configure("{}")) == "ok");
  CHECK(at(view(s), "currency") == Json("USD"));
  CHECK(status(s.configure(R"({"currency":null})")) == "ok");
  CHECK(at(view(s), "currency") == Json("USD"));

  CHECK(status(s.configure(R"({"currency":"USD","maxQuantityPerLine":5,"maxLines":2})")) == "ok");
  CHECK(status(s.add(R"({"productId":1,"quantity":6})")) == "quantity_exceeds_max");
  CHECK(status(s.add(R"({"productId":1,"quantity":5})")) == "ok");
  CHECK(status(s.add(R"({"productId":2})")) == "ok");
  CHECK(status(s.add(R"({"productId":3})")) == "too_many_lines");
}

TEST_CASE("configure refuses bad options and then leaves the cart alone", "[api]") {
  CartSession s;
  CHECK(status(s.add(R"({"productId":1,"quantity":2})")) == "ok");
  CHECK(status(s.setCartId(kCartId)) == "ok");
  const std::string before = s.view();

  CHECK(status(s.configure(R"({"currency":"XXX"})")) == "unknown_currency");
  CHECK(status(s.configure(R"({"currency":"US"})")) == "unknown_currency");
  CHECK(status(s.configure(R"({"currency":840})")) == "invalid_argument");
  CHECK(status(s.configure("{currency:'USD'}")) == "invalid_argument");
  CHECK(status(s.configure("")) == "invalid_argument");
  CHECK(status(s.configure("[]")) == "invalid_argument");
  CHECK(status(s.configure("\"USD\"")) == "invalid_argument");
  CHECK(status(s.configure(R"({"maxLines":0})")) == "invalid_argument");
  CHECK(status(s.configure(R"({"maxLines":251})")) == "invalid_argument");
  CHECK(status(s.configure(R"({"maxLines":"10"})")) == "invalid_argument");
  CHECK(status(s.configure(R"({"maxQuantityPerLine":0})")) == "invalid_argument");
  CHECK(status(s.configure(R"({"maxQuantityPerLine":1000001})")) == "invalid_argument");
  CHECK(status(s.configure(R"({"maxQuantityPerLine":2.5})")) == "invalid_argument");
  CHECK(status(s.configure(R"({"maxQuantityPerLine":1e300})")) == "invalid_argument");
  CHECK(status(s.configure(R"({"maxQuantityPerLine":-1e300})")) == "invalid_argument");
  CHECK(s.view() == before);
}

TEST_CASE("configure empties the cart and forgets the remote cart", "[api]") {
  CartSession s;
  CHECK(status(s.add(R"({"productId":1})")) == "ok");
  CHECK(status(s.setCartId(kCartId)) == "ok");
  CHECK(status(s.configure(R"({"currency":"EUR"})")) == "ok");
  const Json v = view(s);
  CHECK(at(v, "count") == Json(0));
  CHECK(at(v, "lines") == Json::array());
  CHECK(at(v, "cartId") == Json(""));
  CHECK(at(v, "currency") == Json("EUR"));
}

// ---------------------------------------------------------------------------------------------------------------
// add

TEST_CASE("add returns the line id and merges identical items", "[api]") {
  CartSession s;
  std::string out = s.add(R"({"productId":80,"variantId":64,"quantity":2,"price":19.99,
    "optionSelections":[{"optionId":12,"optionValue":"Hi"},{"optionId":5,"optionValue":101}]})");
  CHECK(status(out) == "ok");
  CHECK(lineIdOf(out) == "l1");
  out = s.add(R"({"productId":80,"variantId":64,"price":"19.99",
    "optionSelections":[{"optionId":5,"optionValue":101},{"optionId":12,"optionValue":"Hi"}]})");
  CHECK(lineIdOf(out) == "l1");
  CHECK(lineIdOf(s.add(R"({"productId":80,"variantId":65})")) == "l2");

  const Json v = view(s);
  CHECK(at(v, "count") == Json(4));
  CHECK(at(v, "subtotal", "minor") == Json(3 * 1999));
  CHECK(at(v, "subtotal", "complete") == Json(false));  // l2 has no price
  CHECK(at(v, "lines", 0, "id") == Json("l1"));
  CHECK(at(v, "lines", 0, "type") == Json("product"));
  CHECK(at(v, "lines", 0, "quantity") == Json(3));
  CHECK(at(v, "lines", 0, "price") == Json(1999));  // minor units
  CHECK(at(v, "lines", 0, "productId") == Json(80));
  CHECK(at(v, "lines", 0, "variantId") == Json(64));
  CHECK(at(v, "lines", 0, "optionSelections", 0, "optionId") == Json(5));
  CHECK(at(v, "lines", 0, "optionSelections", 0, "optionValue") == Json(101));
  CHECK(at(v, "lines", 0, "optionSelections", 1, "optionValue") == Json("Hi"));
  CHECK(at(v, "lines", 1, "quantity") == Json(1));  // quantity defaults to 1
  CHECK(at(v, "lines", 1, "price").is_discarded());
}

TEST_CASE("add reads prices in major units of the cart currency", "[api]") {
  CartSession s;
  CHECK(status(s.add(R"({"productId":1,"price":20})")) == "ok");
  CHECK(status(s.add(R"({"productId":2,"price":"0.5"})")) == "ok");
  CHECK(status(s.add(R"({"productId":3,"price":0})")) == "ok");
  const Json v = view(s);
  CHECK(at(v, "lines", 0, "price") == Json(2000));
  CHECK(at(v, "lines", 1, "price") == Json(50));
  CHECK(at(v, "lines", 2, "price") == Json(0));

  CartSession yen;
  CHECK(status(yen.configure(R"({"currency":"JPY"})")) == "ok");
  CHECK(status(yen.add(R"({"productId":1,"price":1500})")) == "ok");
  CHECK(at(view(yen), "lines", 0, "price") == Json(1500));
  CHECK(status(yen.add(R"({"productId":2,"price":100.5})")) == "invalid_amount");
  CHECK(status(yen.add(R"({"productId":2,"price":"100.5"})")) == "invalid_amount");
  CHECK(at(view(yen), "lines").size() == 1);
}

TEST_CASE("add refuses prices with more decimals than the currency", "[api]") {
  CartSession s;
  for (const char* item : {R"({"productId":1,"price":19.999})", R"({"productId":1,"price":"19.999"})"}) {
    INFO(item);
    const std::string out = s.add(item);
    CHECK(status(out) == "invalid_amount");
    CHECK_THAT(message(out), Contains("decimals"));
    CHECK_THAT(message(out), Contains("price"));
  }
  CHECK(status(s.add(R"({"productId":1,"price":0.30000000000000004})")) == "invalid_amount");
  CHECK(at(view(s), "lines") == Json::array());
}

// A refused amount has the money rules' own code, as docs/errors.md lists them: invalid_amount for anything that
// is not an exact decimal of the currency (not a number or decimal text, an exponent, too many decimals, negative),
// amount_too_large past what JavaScript numbers carry exactly. Never the generic invalid_argument.
TEST_CASE("add refuses prices that are not amounts", "[api]") {
  CartSession s;
  const struct {
    const char* item;
    const char* code;
  } cases[] = {
      {R"({"productId":1,"price":"abc"})", "invalid_amount"},
      {R"({"productId":1,"price":"1e3"})", "invalid_amount"},
      {R"({"productId":1,"price":true})", "invalid_amount"},
      {R"({"productId":1,"price":[19.99]})", "invalid_amount"},
      {R"({"productId":1,"price":{"value":19.99}})", "invalid_amount"},
      {R"({"productId":1,"price":1e300})", "amount_too_large"},
      {R"({"productId":1,"price":"99999999999999999999"})", "amount_too_large"},
      {R"({"productId":1,"price":9223372036854775807})", "amount_too_large"},
  };
  for (const auto& c : cases) {
    INFO(c.item);
    const std::string out = s.add(c.item);
    CHECK(status(out) == c.code);
    CHECK_THAT(message(out), Contains("item.price"));
  }
  CHECK(status(s.add(R"({"productId":1,"price":-1})")) == "invalid_amount");
  CHECK(status(s.add(R"({"productId":1,"price":"-0.01"})")) == "invalid_amount");
  CHECK(at(view(s), "lines") == Json::array());
}

TEST_CASE("a price above int64 is refused as too large, not as negative", "[api]") {
  CartSession s;
  // 2^64 - 1 and 10^19 arrive as unsigned JSON integers; they must not wrap around to negative numbers.
  for (const char* item : {R"({"productId":1,"price":18446744073709551615})",
                           R"({"productId":1,"price":10000000000000000000})"}) {
    INFO(item);
    const std::string out = s.add(item);
    CHECK(status(out) == "amount_too_large");
    CHECK_THAT(message(out), !Contains("negative"));
    CHECK_THAT(message(out), Contains("too large"));
  }
  CHECK(at(view(s), "lines") == Json::array());
}

TEST_CASE("add refuses malformed input with invalid_argument", "[api]") {
  CartSession s;
  for (const char* item : {"", "{", "{productId:1}", "not json", "[]", "[{\"productId\":1}]", "1", "null",
                           "\"{\\\"productId\\\":1}\""}) {
    INFO("item: " << item);
    CHECK(status(s.add(item)) == "invalid_argument");
  }
  std::string out = s.add(R"({"variantId":64})");
  CHECK(status(out) == "invalid_argument");
  CHECK_THAT(message(out), Contains("productId"));
  out = s.add(R"({"productId":"80"})");
  CHECK(status(out) == "invalid_argument");
  CHECK_THAT(message(out), Contains("item.productId"));
  CHECK(status(s.add(R"({"productId":80.5})")) == "invalid_argument");
  CHECK(status(s.add(R"({"productId":1e19})")) == "invalid_argument");
  CHECK(status(s.add(R"({"productId":1,"quantity":1.5})")) == "invalid_quantity");
  CHECK(status(s.add(R"({"productId":1,"quantity":"2"})")) == "invalid_quantity");
  CHECK(status(s.add(R"({"productId":1,"quantity":4294967297})")) == "quantity_exceeds_max");
  CHECK(status(s.add(R"({"productId":1,"quantity":1e19})")) == "invalid_quantity");
  CHECK(status(s.add(R"({"productId":1,"quantity":-1e19})")) == "invalid_quantity");
  // JSON.stringify writes NaN and ±Infinity as null: only an absent quantity means 1.
  CHECK(status(s.add(R"({"productId":1,"quantity":null})")) == "invalid_quantity");
  CHECK(status(s.add(R"({"sku":"A","name":"B","listPrice":1,"quantity":null})", LineKind::Custom)) == "invalid_quantity");
  CHECK(status(s.add(R"({"productId":1,"price":null})")) == "invalid_amount");
  CHECK(status(s.add(R"({"sku":"A","name":"B","listPrice":null})", LineKind::Custom)) == "invalid_amount");
  CHECK(status(s.add(R"({"productId":1,"variantId":null})")) == "invalid_argument");
  CHECK(status(s.add(R"({"productId":1,"optionSelections":{"5":101}})")) == "invalid_argument");
  out = s.add(R"({"productId":1,"optionSelections":[{"optionId":5}]})");
  CHECK(status(out) == "invalid_argument");
  CHECK_THAT(message(out), Contains("item.optionSelections[0].optionValue"));
  CHECK(status(s.add(R"({"productId":1,"name":5})")) == "invalid_argument");
  CHECK(status(s.add("{\"productId\":1,\"name\":\"caf\xE9\"}")) == "invalid_argument");  // invalid UTF-8
  CHECK(at(view(s), "lines") == Json::array());
}

TEST_CASE("add passes cart rule errors through with their own codes", "[api]") {
  CartSession s;
  CHECK(status(s.add(R"({"productId":0})")) == "invalid_product_id");
  CHECK(status(s.add(R"({"productId":1,"variantId":0})")) == "invalid_variant_id");
  CHECK(status(s.add(R"({"productId":1,"quantity":0})")) == "invalid_quantity");
  CHECK(status(s.add(R"({"productId":1,"quantity":-2})")) == "invalid_quantity");
  CHECK(status(s.add(R"({"productId":1,"quantity":1000})")) == "quantity_exceeds_max");
  CHECK(status(s.add(R"({"productId":1,"optionSelections":[{"optionId":5,"optionValue":""}]})")) == "invalid_option");
  CHECK(status(s.add(R"j({"productId":1,"imageUrl":"javascript:alert(1)"})j")) == "invalid_url");
  CHECK(status(s.add(R"({"productId":1,"url":"//evil.example.com"})")) == "invalid_url");
  CHECK(at(view(s), "lines") == Json::array());
}

TEST_CASE("addCustom follows the custom item rules", "[api]") {
  CartSession s;
  std::string out = s.add(R"({"sku":"ENGRAVE-1","name":"Engraving","listPrice":"5.50","quantity":2})", LineKind::Custom);
  CHECK(status(out) == "ok");
  CHECK(lineIdOf(out) == "l1");
  const Json v = view(s);
  CHECK(at(v, "lines", 0, "type") == Json("custom"));
  CHECK(at(v, "lines", 0, "sku") == Json("ENGRAVE-1"));
  CHECK(at(v, "lines", 0, "listPrice") == Json(550));
  CHECK(at(v, "subtotal", "minor") == Json(1100));

  out = s.add(R"({"name":"Engraving","listPrice":5})", LineKind::Custom);
  CHECK(status(out) == "invalid_argument");
  CHECK_THAT(message(out), Contains("item.sku"));
  out = s.add(R"({"sku":"S","listPrice":5})", LineKind::Custom);
  CHECK(status(out) == "invalid_argument");
  CHECK_THAT(message(out), Contains("item.name"));
  out = s.add(R"({"sku":"S","name":"N"})", LineKind::Custom);
  CHECK(status(out) == "invalid_argument");
  CHECK_THAT(message(out), Contains("item.listPrice"));
  CHECK(status(s.add(R"({"sku":"","name":"N","listPrice":5})", LineKind::Custom)) == "invalid_sku");
  CHECK(status(s.add(R"({"sku":"S","name":"","listPrice":5})", LineKind::Custom)) == "invalid_name");
  CHECK(status(s.add(R"({"sku":"S","name":"N","listPrice":5.001})", LineKind::Custom)) == "invalid_amount");
  CHECK(status(s.add(R"({"sku":"S","name":"N","listPrice":"five"})", LineKind::Custom)) == "invalid_amount");
  CHECK(status(s.add(R"({"sku":"S","name":"N","listPrice":-5})", LineKind::Custom)) == "invalid_amount");
  CHECK(status(s.add("{\"sku\":\"S\",\"name\":\"" + std::string(251, 'n') + "\",\"listPrice\":5}", LineKind::Custom)) ==
        "invalid_name");
  CHECK(at(view(s), "lines").size() == 1);
}

TEST_CASE("addGiftCertificate follows the gift certificate rules", "[api]") {
  CartSession s;
  std::string out = s.add(kGift, LineKind::GiftCertificate);
  CHECK(status(out) == "ok");
  CHECK(lineIdOf(out) == "l1");
  Json v = view(s);
  CHECK(at(v, "lines", 0, "type") == Json("giftCertificate"));
  CHECK(at(v, "lines", 0, "amount") == Json(2500));
  CHECK(at(v, "lines", 0, "quantity") == Json(1));
  CHECK(at(v, "lines", 0, "theme") == Json("Birthday"));
  CHECK(at(v, "lines", 0, "sender", "email") == Json("ann@example.com"));
  CHECK(at(v, "lines", 0, "recipient", "name") == Json("Bob"));
  CHECK(at(v, "lines", 0, "message") == Json("Happy birthday"));

  // Quantity is forced to 1, and an identical certificate is a new line.
  Json withQuantity = parse(kGift);
  withQuantity["quantity"] = 3;
  out = s.add(withQuantity.dump(), LineKind::GiftCertificate);
  CHECK(status(out) == "ok");
  CHECK(lineIdOf(out) == "l2");
  v = view(s);
  CHECK(at(v, "lines", 1, "quantity") == Json(1));
  CHECK(at(v, "count") == Json(2));
  CHECK(at(v, "subtotal", "minor") == Json(5000));

  struct Case {
    const char* key;
    Json value;
    const char* code;
  };
  const Case cases[] = {
      {"theme", "birthday", "invalid_theme"},
      {"theme", "Halloween", "invalid_theme"},
      {"amount", 1001, "amount_out_of_range"},
      {"amount", 0.99, "amount_out_of_range"},
      {"amount", "1000.01", "amount_out_of_range"},
      {"message", std::string(201, 'm'), "message_too_long"},
      {"name", "", "invalid_name"},
      {"sender", Json{{"name", "Ann"}, {"email", "ann"}}, "invalid_email"},
      {"recipient", Json{{"name", ""}, {"email", "bob@example.org"}}, "invalid_contact"},
      {"recipient", "bob@example.org", "invalid_argument"},
      {"sender", nullptr, "invalid_argument"},
  };
  for (const Case& c : cases) {
    Json item = parse(kGift);
    item[c.key] = c.value;
    INFO(item.dump());
    CHECK(status(s.add(item.dump(), LineKind::GiftCertificate)) == c.code);
  }
  Json fraction = parse(kGift);
  fraction["amount"] = 25.001;
  CHECK(status(s.add(fraction.dump(), LineKind::GiftCertificate)) == "invalid_amount");
  Json noSender = parse(kGift);
  noSender.erase("sender");
  out = s.add(noSender.dump(), LineKind::GiftCertificate);
  CHECK(status(out) == "invalid_argument");
  CHECK_THAT(message(out), Contains("item.sender"));
  Json bounds = parse(kGift);
  bounds["amount"] = 1000;
  CHECK(status(s.add(bounds.dump(), LineKind::GiftCertificate)) == "ok");
  bounds["amount"] = "1";
  CHECK(status(s.add(bounds.dump(), LineKind::GiftCertificate)) == "ok");
  CHECK(at(view(s), "lines").size() == 4);
}

TEST_CASE("gift certificate amounts in JPY", "[api]") {
  CartSession s;
  CHECK(status(s.configure(R"({"currency":"JPY"})")) == "ok");
  Json item = parse(kGift);
  item["amount"] = 1000;
  CHECK(status(s.add(item.dump(), LineKind::GiftCertificate)) == "ok");
  CHECK(at(view(s), "lines", 0, "amount") == Json(1000));
  item["amount"] = 1001;
  CHECK(status(s.add(item.dump(), LineKind::GiftCertificate)) == "amount_out_of_range");
  item["amount"] = 0;
  CHECK(status(s.add(item.dump(), LineKind::GiftCertificate)) == "amount_out_of_range");
  item["amount"] = 10.5;
  CHECK(status(s.add(item.dump(), LineKind::GiftCertificate)) == "invalid_amount");
}

// ---------------------------------------------------------------------------------------------------------------
// update, remove, clear

TEST_CASE("update takes whole quantities only", "[api]") {
  CartSession s;
  CHECK(lineIdOf(s.add(R"({"productId":1,"quantity":2,"price":1})")) == "l1");
  for (double q : {1.5, 0.5, -1.0, -0.5, 1e20, 2147483648.0, std::nan(""), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity()}) {
    INFO("quantity " << q);
    CHECK(status(s.update("l1", q)) == "invalid_quantity");
  }
  CHECK(at(view(s), "lines", 0, "quantity") == Json(2));

  CHECK(status(s.update("l1", 5)) == "ok");
  CHECK(at(view(s), "lines", 0, "quantity") == Json(5));
  CHECK(at(view(s), "count") == Json(5));
  CHECK(at(view(s), "subtotal", "minor") == Json(500));
  CHECK(status(s.update("l1", 1000)) == "quantity_exceeds_max");
  CHECK(status(s.update("l1", 2147483647.0)) == "quantity_exceeds_max");
  CHECK(status(s.update("l9", 1)) == "line_not_found");
  CHECK(status(s.update("", 1)) == "line_not_found");
  CHECK(at(view(s), "lines", 0, "quantity") == Json(5));

  CHECK(status(s.update("l1", 0)) == "ok");
  CHECK(at(view(s), "lines") == Json::array());
  CHECK(status(s.update("l1", 0)) == "line_not_found");
}

TEST_CASE("update of a gift certificate to 2 is refused", "[api]") {
  CartSession s;
  CHECK(lineIdOf(s.add(kGift, LineKind::GiftCertificate)) == "l1");
  CHECK(status(s.update("l1", 2)) == "invalid_quantity");
  CHECK(at(view(s), "lines", 0, "quantity") == Json(1));
  CHECK(status(s.update("l1", 1)) == "ok");
}

TEST_CASE("CartSession remove and clear", "[api]") {
  CartSession s;
  CHECK(lineIdOf(s.add(R"({"productId":1})")) == "l1");
  CHECK(lineIdOf(s.add(R"({"productId":2})")) == "l2");
  CHECK(status(s.remove("l1")) == "ok");
  CHECK(at(view(s), "lines").size() == 1);
  CHECK(at(view(s), "lines", 0, "id") == Json("l2"));
  const std::string missing = s.remove("l1");
  CHECK(status(missing) == "line_not_found");
  CHECK_THAT(message(missing), Contains("l1"));
  CHECK(status(s.remove("")) == "line_not_found");

  CHECK(status(s.clear()) == "ok");
  CHECK(at(view(s), "count") == Json(0));
  CHECK(at(view(s), "lines") == Json::array());
  CHECK(status(s.clear()) == "ok");
  // Ids are not reused after a clear.
  CHECK(lineIdOf(s.add(R"({"productId":1})")) == "l3");
}

TEST_CASE("amounts past what JS can carry are refused, and the view stays readable", "[api]") {
  CartSession s;
  CHECK(status(s.add(R"({"productId":1,"price":"92233720368547758.07"})")) == "amount_too_large");
  CHECK(status(s.add(R"({"productId":1,"price":"90071992547409.91"})")) == "ok");  // 2^53 - 1 cents
  CHECK(at(view(s), "subtotal", "minor") == Json(9007199254740991LL));
  CHECK(status(s.update("l1", 2)) == "amount_too_large");
  CHECK(status(s.view()) == "ok");
  CHECK(at(view(s), "lines", 0, "quantity") == Json(1));
}

// ---------------------------------------------------------------------------------------------------------------
// save, restore, setCartId

TEST_CASE("save and restore carry the whole cart between sessions", "[api]") {
  CartSession a;
  CHECK(status(a.configure(R"({"currency":"EUR"})")) == "ok");
  CHECK(status(a.add(R"({"productId":80,"variantId":64,"quantity":2,"price":"19.99","name":"Orbit",
      "optionSelections":[{"optionId":12,"optionValue":"Hi"},{"optionId":5,"optionValue":101}]})")) == "ok");
  CHECK(status(a.add(R"({"sku":"S","name":"N","listPrice":1})", LineKind::Custom)) == "ok");
  CHECK(status(a.add(kGift, LineKind::GiftCertificate)) == "ok");
  CHECK(status(a.setCartId(kCartId)) == "ok");

  const std::string saved = a.save();
  const Json doc = parse(saved);
  CHECK(at(doc, "version") == Json(3));
  CHECK(at(doc, "currency") == Json("EUR"));
  CHECK(at(doc, "cartId") == Json(kCartId));
  CHECK(at(doc, "ok").is_discarded());  // the document itself, not wrapped

  CartSession b;
  const std::string out = b.restore(saved);
  CHECK(status(out) == "ok");
  CHECK(at(parse(out), "fromVersion") == Json(3));
  CHECK(view(b) == view(a));
  CHECK(b.save() == saved);
  // The restored session continues the id sequence.
  CHECK(lineIdOf(b.add(R"({"productId":99})")) == "l4");
}

TEST_CASE("a failed restore leaves the previous cart unchanged", "[api]") {
  CartSession s;
  CHECK(status(s.add(R"({"productId":1,"quantity":2,"price":3})")) == "ok");
  CHECK(status(s.setCartId(kCartId)) == "ok");
  const std::string before = s.view();
  const std::string savedBefore = s.save();

  CHECK(status(s.restore("garbage")) == "saved_cart_corrupt");
  CHECK(status(s.restore("")) == "saved_cart_corrupt");
  CHECK(status(s.restore("[]")) == "saved_cart_corrupt");
  CHECK(status(s.restore(R"({"version":4,"currency":"USD","lines":[]})")) == "saved_cart_unsupported_version");
  CHECK(status(s.restore(R"({"version":3,"currency":"USD","nextLine":1,"lines":[],"checkout":[]})")) == "saved_cart_invalid");
  // Valid up to the second line: nothing of it may be applied.
  CHECK(status(s.restore(R"({"version":2,"currency":"JPY","nextLine":3,"lines":[
      {"id":"l1","type":"product","productId":7,"quantity":1},
      {"id":"l2","type":"product","productId":8,"quantity":"1"}]})")) == "saved_cart_invalid");
  CHECK(status(s.restore(R"({"version":2,"currency":"USD","nextLine":2,"cartId":"../x","lines":[]})")) ==
        "saved_cart_invalid");

  CHECK(s.view() == before);
  CHECK(s.save() == savedBefore);
  CHECK(lineIdOf(s.add(R"({"productId":2})")) == "l2");
}

TEST_CASE("restore replaces the cart, cartId included", "[api]") {
  CartSession s;
  CHECK(status(s.add(R"({"productId":1})")) == "ok");
  CHECK(status(s.setCartId(kCartId)) == "ok");
  const std::string out =
      s.restore(R"({"version":1,"currency":"USD","lines":[{"id":"l5","type":"product","productId":9,"quantity":1,"price":"2.50"}]})");
  CHECK(status(out) == "ok");
  CHECK(at(parse(out), "fromVersion") == Json(1));
  const Json v = view(s);
  CHECK(at(v, "cartId") == Json(""));
  CHECK(at(v, "lines").size() == 1);
  CHECK(at(v, "lines", 0, "id") == Json("l5"));
  CHECK(at(v, "lines", 0, "price") == Json(250));
  CHECK(lineIdOf(s.add(R"({"productId":10})")) == "l6");
}

TEST_CASE("restore applies the session's limits", "[api]") {
  CartSession s;
  CHECK(status(s.configure(R"({"maxQuantityPerLine":3})")) == "ok");
  CHECK(status(s.restore(R"({"version":2,"currency":"USD","nextLine":2,
      "lines":[{"id":"l1","type":"product","productId":1,"quantity":4}]})")) == "saved_cart_invalid");
  CHECK(status(s.restore(R"({"version":2,"currency":"USD","nextLine":2,
      "lines":[{"id":"l1","type":"product","productId":1,"quantity":3}]})")) == "ok");
  CHECK(status(s.update("l1", 4)) == "quantity_exceeds_max");
}

TEST_CASE("setCartId accepts cart ids only", "[api]") {
  CartSession s;
  CHECK(status(s.setCartId(kCartId)) == "ok");
  CHECK(at(view(s), "cartId") == Json(kCartId));
  CHECK(at(parse(s.save()), "cartId") == Json(kCartId));

  for (const char* bad : {"../x", "a/b", "abc def", "x?y", "%2e%2e%2f"}) {
    INFO(bad);
    CHECK(status(s.setCartId(bad)) == "invalid_argument");
  }
  CHECK(status(s.setCartId(std::string(65, 'a'))) == "invalid_argument");
  CHECK(at(view(s), "cartId") == Json(kCartId));

  CHECK(status(s.setCartId("")) == "ok");
  CHECK(at(view(s), "cartId") == Json(""));
  CHECK(at(parse(s.save()), "cartId").is_discarded());
}

// ---------------------------------------------------------------------------------------------------------------
// Free functions

TEST_CASE("parseMoneyJson", "[api]") {
  std::string out = parseMoneyJson("19.99", "USD");
  CHECK(status(out) == "ok");
  CHECK(at(parse(out), "minor") == Json(1999));
  CHECK(at(parse(out), "exponent") == Json(2));

  out = parseMoneyJson("100", "JPY");
  CHECK(at(parse(out), "minor") == Json(100));
  CHECK(at(parse(out), "exponent") == Json(0));

  out = parseMoneyJson("1.234", "kwd");
  CHECK(at(parse(out), "minor") == Json(1234));
  CHECK(at(parse(out), "exponent") == Json(3));

  out = parseMoneyJson("-0.05", "USD");
  CHECK(at(parse(out), "minor") == Json(-5));

  out = parseMoneyJson("19.999", "USD");
  CHECK(status(out) == "invalid_amount");
  CHECK_THAT(message(out), Contains("decimals"));
  CHECK(status(parseMoneyJson("100.5", "JPY")) == "invalid_amount");
  CHECK(status(parseMoneyJson("1e3", "USD")) == "invalid_amount");
  CHECK(status(parseMoneyJson("", "USD")) == "invalid_amount");
  CHECK(status(parseMoneyJson("99999999999999999999", "USD")) == "amount_too_large");
  CHECK(status(parseMoneyJson("1", "XXX")) == "unknown_currency");
  CHECK(status(parseMoneyJson("1", "")) == "unknown_currency");
  CHECK(status(parseMoneyJson("1", "U$D")) == "unknown_currency");
}

TEST_CASE("currencyExponent", "[api]") {
  CHECK(currencyExponent("JPY") == 0);
  CHECK(currencyExponent("USD") == 2);
  CHECK(currencyExponent("usd") == 2);
  CHECK(currencyExponent("KWD") == 3);
  CHECK(currencyExponent("CLF") == 4);
  CHECK(currencyExponent("XXX") == -1);
  CHECK(currencyExponent("US") == -1);
  CHECK(currencyExponent("") == -1);
}

TEST_CASE("coreVersion is the package version", "[api]") {
  const std::string version = coreVersion() ? coreVersion() : "";
  CHECK_FALSE(version.empty());
  CHECK(version != "0.0.0-dev");  // the build passes package.json's version in
  // major.minor.patch, optionally followed by a pre-release or build suffix.
  size_t dots = 0;
  size_t i = 0;
  for (; i < version.size() && (std::isdigit(static_cast<unsigned char>(version[i])) || version[i] == '.'); ++i)
    dots += version[i] == '.';
  CHECK(dots == 2);
  CHECK(i > 4);
}

TEST_CASE("view output escapes names and option texts correctly", "[api]") {
  // Quotes, backslashes, control characters, U+2028 and astral characters, all given as JSON escapes.
  const Json item = parse(R"({"productId":1,"name":"a\"b\\c\n\t\u0001\u007f\u2028 \u00e9\ud83d\ude00",
      "optionSelections":[{"optionId":3,"optionValue":"</script><b>\"x\"</b>"}]})");
  CHECK_FALSE(item.is_discarded());
  CartSession s;
  CHECK(status(s.add(item.dump())) == "ok");
  const Json v = view(s);
  CHECK_FALSE(v.is_discarded());
  CHECK(at(v, "lines", 0, "name") == at(item, "name"));
  CHECK(at(v, "lines", 0, "optionSelections", 0, "optionValue") == at(item, "optionSelections", 0, "optionValue"));
  const Json saved = parse(s.save());
  CHECK(at(saved, "lines", 0, "name") == at(item, "name"));
}

TEST_CASE("error outputs stay valid JSON when they quote the input", "[api]") {
  CartSession s;
  const std::string out = s.remove("l\"1\\\n\x01");
  CHECK(status(out) == "line_not_found");
  CHECK_THAT(message(out), Contains("l\"1\\\n\x01"));
  const std::string bad = s.remove("l\xFF");  // not UTF-8: replaced, never invalid output
  CHECK(status(bad) == "line_not_found");
  CHECK(status(parseMoneyJson("1\"2", "USD")) == "invalid_amount");
}

TEST_CASE("cart sessions by handle: calls reach the right cart, destroyed handles fail cleanly") {
  const int a = bcch::createCartSession();
  const int b = bcch::createCartSession();
  REQUIRE(a != b);
  CHECK(bcch::callCartSession(a, "configure", R"({"currency":"USD"})", 0).find("\"ok\":true") != std::string::npos);
  CHECK(bcch::callCartSession(a, "add", R"({"productId":80,"quantity":2})", 0).find("\"lineId\"") != std::string::npos);
  CHECK(bcch::callCartSession(a, "view", "", 0).find("\"count\":2") != std::string::npos);
  CHECK(bcch::callCartSession(b, "view", "", 0).find("\"count\":0") != std::string::npos);
  CHECK(bcch::callCartSession(a, "update", "l1", 5).find("\"ok\":true") != std::string::npos);
  CHECK(bcch::callCartSession(a, "view", "", 0).find("\"count\":5") != std::string::npos);
  CHECK(bcch::callCartSession(a, "frobnicate", "", 0).find("no such cart method") != std::string::npos);
  bcch::destroyCartSession(a);
  CHECK(bcch::callCartSession(a, "view", "", 0).find("\"code\":\"destroyed\"") != std::string::npos);
  bcch::destroyCartSession(a);  // twice is harmless
  CHECK(bcch::callCartSession(0, "view", "", 0).find("\"code\":\"destroyed\"") != std::string::npos);
  CHECK(bcch::callCartSession(-3, "view", "", 0).find("\"code\":\"destroyed\"") != std::string::npos);
  const int c = bcch::createCartSession();
  CHECK(c == a);  // the freed slot is reused
  CHECK(bcch::callCartSession(c, "view", "", 0).find("\"count\":0") != std::string::npos);
  bcch::destroyCartSession(b);
  bcch::destroyCartSession(c);
}

TEST_CASE("coreConstantsJson lists every cart method callCartSession answers, and only those", "[api]") {
  const Json constants = parse(bcch::coreConstantsJson());
  REQUIRE(constants["cartSessionMethods"].is_array());
  std::set<std::string> names;
  for (const Json& name : constants["cartSessionMethods"]) names.insert(name.get<std::string>());
  CHECK(names == std::set<std::string>{"configure", "add", "addCustom", "addGiftCertificate", "update", "remove",
                                       "clear", "view", "summary", "save", "restore", "setCartId", "setCartToken",
                                       "setCustomItems", "setCheckout"});
  CHECK(names.size() == constants["cartSessionMethods"].size());
  CHECK(constants["cartInclude"] == bcch::kCartInclude);
  const int h = bcch::createCartSession();
  for (const std::string& name : names) {
    INFO(name);
    CHECK(bcch::callCartSession(h, name, "", 0).find("no such cart method") == std::string::npos);
  }
  // Each add name reaches the add of its kind.
  CHECK(lineIdOf(bcch::callCartSession(h, "add", R"({"productId":80})", 0)) == "l1");
  CHECK(lineIdOf(bcch::callCartSession(h, "addCustom", R"({"sku":"S","name":"N","listPrice":1})", 0)) == "l2");
  CHECK(lineIdOf(bcch::callCartSession(h, "addGiftCertificate", kGift, 0)) == "l3");
  const Json lines = at(parse(bcch::callCartSession(h, "view", "", 0)), "lines");
  REQUIRE(lines.size() == 3);
  CHECK(lines[0]["type"] == "product");
  CHECK(lines[1]["type"] == "custom");
  CHECK(lines[2]["type"] == "giftCertificate");
  bcch::destroyCartSession(h);
}

TEST_CASE("chooseCheckoutUrlJson names the argument it chose and checked", "[api]") {
  const std::string origins = R"(["https://store-abc.mybigcommerce.com"])";
  const std::string checkoutUrl = "https://store-abc.mybigcommerce.com/cart.php?action=loadInCheckout&id=c1&token=t1";
  const std::string embeddedUrl = "https://store-abc.mybigcommerce.com/cart.php?embedded=1&action=loadInCheckout&id=c1&token=t1";
  const std::string loginUrl = "https://store-abc.mybigcommerce.com/login/token/a.b.c";
  CHECK(at(parse(chooseCheckoutUrlJson("redirect", checkoutUrl, embeddedUrl, "", origins)), "chosen") == "checkout_url");
  CHECK(at(parse(chooseCheckoutUrlJson("embedded", checkoutUrl, embeddedUrl, "", origins)), "chosen") == "embedded_checkout_url");
  CHECK(at(parse(chooseCheckoutUrlJson("embedded", "", "", loginUrl, origins)), "chosen") == "loginUrl");
  CHECK(status(chooseCheckoutUrlJson("popup", checkoutUrl, embeddedUrl, "", origins)) == "invalid_mode");
  CHECK(status(chooseCheckoutUrlJson("embedded", checkoutUrl, "", "", origins)) == "missing_checkout_url");
  CHECK(status(chooseCheckoutUrlJson("embedded", "", "", "https://evil.example/login/token/a.b.c", origins)) == "origin_not_allowed");
}

TEST_CASE("a store on the IPv6 loopback, end to end: http://[::1]:8081 checks out", "[api]") {
  // BC_STORE_URL=http://[::1]:8081 starts the server stub (isLoopbackHostname, server/loopback.js); the core must
  // then accept that store's checkout URLs, or every checkout is refused.
  const std::string origins = R"(["http://[::1]:8081"])";
  CHECK(status(checkStoreOriginsJson(origins)) == "ok");
  CHECK(status(checkCheckoutUrlJson("http://[::1]:8081/cart.php", origins)) == "ok");
  CHECK(status(checkCheckoutUrlJson("http://[::1]:8081/cart.php?action=loadInCheckout&id=c1&token=t1", origins)) == "ok");
  CHECK(status(checkCheckoutUrlJson("http://[::1]:8082/cart.php", origins)) == "origin_not_allowed");
  const std::string checkoutUrl = "http://[::1]:8081/cart.php?action=loadInCheckout&id=c1&token=t1";
  const std::string embeddedUrl = "http://[::1]:8081/cart.php?embedded=1&action=loadInCheckout&id=c1&token=t1";
  CHECK(at(parse(chooseCheckoutUrlJson("redirect", checkoutUrl, embeddedUrl, "", origins)), "chosen") == "checkout_url");
  CHECK(at(parse(chooseCheckoutUrlJson("embedded", checkoutUrl, embeddedUrl, "", origins)), "chosen") == "embedded_checkout_url");
  CHECK(at(parse(chooseCheckoutUrlJson("redirect", "", "", "http://[::1]:8081/login/token/a.b.c", origins)), "chosen") ==
        "loginUrl");
  // Any 127.x.y.z is this machine too.
  CHECK(status(checkCheckoutUrlJson("http://127.0.0.2:8081/checkout", R"(["http://127.0.0.2:8081"])")) == "ok");
  CHECK(status(checkStoreOriginsJson(R"(["http://[::2]:8081"])")) == "invalid_store_origin");
}

TEST_CASE("the store origin list kept from the last call never answers for another list", "[api]") {
  const std::string url = "https://store-abc.mybigcommerce.com/checkout";
  const std::string store = R"(["https://store-abc.mybigcommerce.com"])";
  const std::string other = R"(["https://store-xyz.mybigcommerce.com"])";
  CHECK(status(checkCheckoutUrlJson(url, store)) == "ok");
  CHECK(status(checkCheckoutUrlJson(url, store)) == "ok");  // the kept list
  CHECK(status(checkCheckoutUrlJson(url, other)) == "origin_not_allowed");
  CHECK(status(checkCheckoutUrlJson(url, "not json")) == "invalid_argument");
  CHECK(status(checkCheckoutUrlJson(url, R"(["http://store-abc.mybigcommerce.com"])")) == "invalid_store_origin");
  CHECK(status(checkCheckoutUrlJson(url, R"(["http://store-abc.mybigcommerce.com"])")) == "invalid_store_origin");  // errors are not kept
  CHECK(status(checkStoreOriginsJson("[]")) == "no_store_origins");
  CHECK(status(checkCheckoutUrlJson(url, "[]")) == "no_store_origins");
  CHECK(status(checkCheckoutUrlJson(url, store)) == "ok");
}
