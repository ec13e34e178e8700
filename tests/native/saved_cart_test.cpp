// The saved cart document: save -> restore round trips, every way a stored document can be wrong, and the
// version 1 -> 3 and 2 -> 3 migrations and the opaque checkout section of version 3. Built without exceptions (and with JSON_NOEXCEPTION): CHECK only, and JSON is only
// read through the safe helpers below.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bcch/cart.h"
#include "bcch/api.h"
#include "bcch/saved_cart.h"

using namespace bcch;
using Catch::Matchers::Contains;
using Json = nlohmann::json;

namespace {

constexpr const char* kCartId = "d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5";

template <typename T>
std::string status(const Result<T>& r) {
  return r.ok() ? std::string("ok") : r.error().code;
}

std::string messageOf(const Result<SavedCart>& r) { return r.ok() ? std::string("<restored fine>") : r.error().message; }

Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

// Safe path access: a missing key or index gives a discarded value (never equal to anything).
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

OptionSelection valueOption(int64_t optionId, int64_t valueId) {
  OptionSelection o;
  o.optionId = optionId;
  o.valueId = valueId;
  return o;
}

OptionSelection textOption(int64_t optionId, std::string text) {
  OptionSelection o;
  o.optionId = optionId;
  o.valueIsText = true;
  o.valueText = std::move(text);
  return o;
}

// A cart with one line of every kind and a gap in the ids (l4 was removed), so nextLine (5) is not highest + 1.
Cart fullCart(const char* currency = "USD") {
  Cart cart(findCurrency(currency), CartLimits{});
  Line p;
  p.productId = 80;
  p.variantId = 64;
  p.quantity = 2;
  p.optionSelections = {textOption(12, "Für Oma \"Lotte\" \xF0\x9F\x8E\x81"), valueOption(5, 101)};
  p.price = 1999;
  p.name = "Orbit Terrarium";
  p.imageUrl = "https://cdn.example.com/orbit.png";
  p.url = "/orbit-terrarium/";
  CHECK(cart.addProduct(p).ok());

  Line c;
  c.sku = "ENGRAVE-1";
  c.name = "Engraving";
  c.listPrice = 550;
  c.quantity = 3;
  c.imageUrl = "/img/engrave.png";
  CHECK(cart.addCustom(c).ok());

  Line g;
  g.name = "Birthday card";
  g.theme = "Celebration";
  g.amount = 2500;
  g.sender = Contact{"Ann", "ann@example.com"};
  g.recipient = Contact{"Bob", "bob@example.org"};
  g.message = "Happy birthday,\nBob!";
  CHECK(cart.addGiftCertificate(g).ok());

  Line unpriced;
  unpriced.productId = 81;
  CHECK(cart.addProduct(unpriced).ok());  // l4
  Line later;
  later.productId = 82;
  CHECK(cart.addProduct(later).ok());  // l5
  CHECK(cart.remove("l5").ok());       // nextLine stays 6, highest id l4
  return cart;
}

void checkSameLine(const Line& a, const Line& b) {
  INFO("line " << a.id);
  CHECK(a.id == b.id);
  CHECK(a.kind == b.kind);
  CHECK(a.quantity == b.quantity);
  CHECK(a.productId == b.productId);
  CHECK(a.variantId == b.variantId);
  CHECK(a.optionSelections.size() == b.optionSelections.size());
  CHECK(a.optionSelections == b.optionSelections);
  CHECK(a.price == b.price);
  CHECK(a.imageUrl == b.imageUrl);
  CHECK(a.url == b.url);
  CHECK(a.name == b.name);
  CHECK(a.sku == b.sku);
  CHECK(a.listPrice == b.listPrice);
  CHECK(a.theme == b.theme);
  CHECK(a.amount == b.amount);
  CHECK(a.sender == b.sender);
  CHECK(a.recipient == b.recipient);
  CHECK(a.message == b.message);
}

void checkSameCart(const Cart& a, const Cart& b) {
  CHECK(std::string(a.currency().code) == b.currency().code);
  CHECK(a.nextLineNumber() == b.nextLineNumber());
  CHECK(a.lines().size() == b.lines().size());
  for (size_t i = 0; i < a.lines().size() && i < b.lines().size(); ++i) checkSameLine(a.lines()[i], b.lines()[i]);
}

// A valid version 2 document: lines[0] product, lines[1] custom item, lines[2] gift certificate.
Json validDoc() {
  return parse(R"({
    "version": 2, "currency": "USD", "nextLine": 4, "cartId": "d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5",
    "lines": [
      {"id": "l1", "type": "product", "productId": 80, "variantId": 64, "quantity": 2, "price": 1999,
       "optionSelections": [{"optionId": 5, "optionValue": 101}, {"optionId": 12, "optionValue": "Hi"}]},
      {"id": "l2", "type": "custom", "sku": "ENGRAVE-1", "name": "Engraving", "quantity": 1, "listPrice": 550},
      {"id": "l3", "type": "giftCertificate", "name": "Card", "theme": "General", "amount": 2500, "quantity": 1,
       "sender": {"name": "Ann", "email": "ann@example.com"},
       "recipient": {"name": "Bob", "email": "bob@example.org"}, "message": "Hi"}
    ]})");
}

Result<SavedCart> restore(const Json& doc, CartLimits limits = CartLimits{}) { return restoreCart(doc.dump(), limits); }

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Round trips

TEST_CASE("the valid test document restores", "[saved_cart]") {
  Json doc = validDoc();
  CHECK_FALSE(doc.is_discarded());
  Result<SavedCart> r = restore(doc);
  CHECK(status(r) == "ok");
  INFO(messageOf(r));
  CHECK(r.value().fromVersion == 2);
  CHECK(r.value().cart.lines().size() == 3);
  CHECK(r.value().cartId == kCartId);
  CHECK(r.value().cart.nextLineNumber() == 4);
}

TEST_CASE("save then restore gives back every field", "[saved_cart]") {
  const Cart original = fullCart();
  CHECK(original.lines().size() == 4);
  CHECK(original.nextLineNumber() == 6);

  const std::string text = saveCart(original, kCartId);
  Result<SavedCart> restored = restoreCart(text, CartLimits{});
  CHECK(status(restored) == "ok");
  INFO(messageOf(restored));
  CHECK(restored.value().fromVersion == 3);
  CHECK(restored.value().cartId == kCartId);
  checkSameCart(original, restored.value().cart);

  // Both kinds of option value survive with their type.
  const Line* p = restored.value().cart.find("l1");
  CHECK(p != nullptr);
  if (p && p->optionSelections.size() == 2) {
    CHECK(p->optionSelections[0].optionId == 5);
    CHECK_FALSE(p->optionSelections[0].valueIsText);
    CHECK(p->optionSelections[0].valueId == 101);
    CHECK(p->optionSelections[1].optionId == 12);
    CHECK(p->optionSelections[1].valueIsText);
    CHECK(p->optionSelections[1].valueText == "Für Oma \"Lotte\" \xF0\x9F\x8E\x81");
  }
  // A product without a price stays without one.
  const Line* unpriced = restored.value().cart.find("l4");
  CHECK(unpriced != nullptr);
  if (unpriced) CHECK_FALSE(unpriced->price.has_value());

  // The restored cart continues the id sequence.
  Cart& cart = restored.value().cart;
  Line next;
  next.productId = 99;
  Result<std::string> id = cart.addProduct(next);
  CHECK(status(id) == "ok");
  CHECK(id.value() == "l6");
}

TEST_CASE("save -> restore -> save is stable", "[saved_cart]") {
  const Cart original = fullCart();
  const std::string first = saveCart(original, kCartId);
  Result<SavedCart> restored = restoreCart(first, CartLimits{});
  CHECK(status(restored) == "ok");
  CHECK(saveCart(restored.value().cart, restored.value().cartId) == first);
}

TEST_CASE("the saved document has the documented version 3 shape", "[saved_cart]") {
  const Json doc = parse(saveCart(fullCart(), kCartId));
  CHECK_FALSE(doc.is_discarded());
  CHECK(at(doc, "version") == Json(3));
  CHECK_FALSE(doc.contains("checkout"));  // only written when there is one
  CHECK(at(doc, "currency") == Json("USD"));
  CHECK(at(doc, "nextLine") == Json(6));
  CHECK(at(doc, "cartId") == Json(kCartId));
  CHECK(at(doc, "lines").size() == 4);
  CHECK(at(doc, "lines", 0, "id") == Json("l1"));
  CHECK(at(doc, "lines", 0, "type") == Json("product"));
  CHECK(at(doc, "lines", 0, "price") == Json(1999));  // minor units, an integer
  CHECK(at(doc, "lines", 0, "variantId") == Json(64));
  CHECK(at(doc, "lines", 0, "optionSelections", 0, "optionValue") == Json(101));
  CHECK(at(doc, "lines", 0, "optionSelections", 1, "optionValue").is_string());
  CHECK(at(doc, "lines", 1, "type") == Json("custom"));
  CHECK(at(doc, "lines", 1, "listPrice") == Json(550));
  CHECK(at(doc, "lines", 2, "type") == Json("giftCertificate"));
  CHECK(at(doc, "lines", 2, "amount") == Json(2500));
  CHECK(at(doc, "lines", 2, "sender", "email") == Json("ann@example.com"));
  CHECK(at(doc, "lines", 3, "quantity") == Json(1));
  CHECK(at(doc, "lines", 3, "price").is_discarded());  // no price: left out
}

TEST_CASE("a cart without a cartId saves without one and restores with an empty one", "[saved_cart]") {
  const std::string text = saveCart(fullCart(), "");
  CHECK(at(parse(text), "cartId").is_discarded());
  Result<SavedCart> r = restoreCart(text, CartLimits{});
  CHECK(status(r) == "ok");
  CHECK(r.value().cartId.empty());
}

TEST_CASE("an empty cart round-trips", "[saved_cart]") {
  Cart cart;
  CHECK(cart.addProduct([] { Line l; l.productId = 1; return l; }()).ok());
  cart.clear();
  Result<SavedCart> r = restoreCart(saveCart(cart, ""), CartLimits{});
  CHECK(status(r) == "ok");
  CHECK(r.value().cart.lines().empty());
  CHECK(r.value().cart.nextLineNumber() == 2);  // ids are not reused after a clear either
}

TEST_CASE("round trip in zero- and three-decimal currencies", "[saved_cart]") {
  for (const char* currency : {"JPY", "KWD"}) {
    INFO(currency);
    Cart cart(findCurrency(currency), CartLimits{});
    Line p;
    p.productId = 5;
    p.price = 1234;
    CHECK(cart.addProduct(p).ok());
    Line g;
    g.name = "GC";
    g.theme = "Girl";
    g.amount = std::string(currency) == "JPY" ? 500 : 5000;
    g.sender = Contact{"A", "a@example.com"};
    g.recipient = Contact{"B", "b@example.com"};
    CHECK(cart.addGiftCertificate(g).ok());
    Result<SavedCart> r = restoreCart(saveCart(cart, ""), CartLimits{});
    CHECK(status(r) == "ok");
    INFO(messageOf(r));
    checkSameCart(cart, r.value().cart);
  }
}

TEST_CASE("restore checks the caller's limits", "[saved_cart]") {
  Json doc = validDoc();
  CHECK(status(restore(doc, CartLimits{1, 250})) == "saved_cart_invalid");  // lines[0] has quantity 2
  Result<SavedCart> r = restore(doc, CartLimits{999, 2});                     // three lines
  CHECK(status(r) == "saved_cart_invalid");
  CHECK_THAT(messageOf(r), Contains("lines[2]"));
  Result<SavedCart> fine = restore(doc, CartLimits{5, 3});
  CHECK(status(fine) == "ok");
  CHECK(fine.value().cart.limits().maxQuantityPerLine == 5);
}

// ---------------------------------------------------------------------------------------------------------------
// Corrupt documents and versions

TEST_CASE("text that is not a JSON object is saved_cart_corrupt", "[saved_cart]") {
  for (const char* text : {"", "not json", "{", "{\"version\":2,", "[]", "[1,2]", "42", "\"cart\"", "null", "true",
                           "{\"version\":2}garbage"}) {
    INFO("text: " << text);
    CHECK(status(restoreCart(text, CartLimits{})) == "saved_cart_corrupt");
  }
}

TEST_CASE("a newer version is saved_cart_unsupported_version", "[saved_cart]") {
  Json doc = validDoc();
  doc["version"] = 4;
  Result<SavedCart> r = restore(doc);
  CHECK(status(r) == "saved_cart_unsupported_version");
  CHECK_THAT(messageOf(r), Contains("4"));
  CHECK_THAT(messageOf(r), Contains("up to version 3"));
  doc["version"] = 1000;
  CHECK(status(restore(doc)) == "saved_cart_unsupported_version");
  // Even when the rest of a newer document is unreadable to us.
  CHECK(status(restoreCart(R"({"version":4,"currency":7,"lines":"new format"})", CartLimits{})) ==
        "saved_cart_unsupported_version");
}

TEST_CASE("a missing or malformed version is saved_cart_invalid", "[saved_cart]") {
  Json doc = validDoc();
  doc.erase("version");
  Result<SavedCart> missing = restore(doc);
  CHECK(status(missing) == "saved_cart_invalid");
  CHECK_THAT(messageOf(missing), Contains("version"));
  for (Json bad : {Json("2"), Json(0), Json(-1), Json(1.5), Json(nullptr), Json::array()}) {
    INFO("version " << bad.dump());
    doc["version"] = bad;
    Result<SavedCart> r = restore(doc);
    CHECK(status(r) == "saved_cart_invalid");
    CHECK_THAT(messageOf(r), Contains("version"));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Wrong types at every level: saved_cart_invalid, and the message names the path

TEST_CASE("wrong types are saved_cart_invalid with the path in the message", "[saved_cart]") {
  struct Case {
    const char* path;                 // expected in the message
    void (*mutate)(Json& doc);
  };
  const Case cases[] = {
      {"currency", [](Json& d) { d["currency"] = 840; }},
      {"currency", [](Json& d) { d.erase("currency"); }},
      {"cartId", [](Json& d) { d["cartId"] = 12; }},
      {"nextLine", [](Json& d) { d["nextLine"] = "4"; }},
      {"nextLine", [](Json& d) { d["nextLine"] = 4.5; }},
      {"nextLine", [](Json& d) { d.erase("nextLine"); }},
      {"lines", [](Json& d) { d["lines"] = Json::object(); }},
      {"lines", [](Json& d) { d["lines"] = "l1,l2"; }},
      {"lines", [](Json& d) { d.erase("lines"); }},
      {"lines[1]", [](Json& d) { d["lines"][1] = 5; }},
      {"lines[1]", [](Json& d) { d["lines"][1] = Json::array(); }},
      {"lines[0].id", [](Json& d) { d["lines"][0]["id"] = 1; }},
      {"lines[0].id", [](Json& d) { d["lines"][0].erase("id"); }},
      {"lines[0].id", [](Json& d) { d["lines"][0]["id"] = "x1"; }},
      {"lines[0].id", [](Json& d) { d["lines"][0]["id"] = "l0"; }},
      {"lines[0].id", [](Json& d) { d["lines"][0]["id"] = "l"; }},
      {"lines[0].id", [](Json& d) { d["lines"][0]["id"] = "l1a"; }},
      {"lines[0].type", [](Json& d) { d["lines"][0]["type"] = "bundle"; }},
      {"lines[0].type", [](Json& d) { d["lines"][0]["type"] = 0; }},
      {"lines[0].type", [](Json& d) { d["lines"][0].erase("type"); }},
      {"lines[1].quantity", [](Json& d) { d["lines"][1]["quantity"] = "2"; }},
      {"lines[1].quantity", [](Json& d) { d["lines"][1]["quantity"] = 1.5; }},
      {"lines[1].quantity", [](Json& d) { d["lines"][1]["quantity"] = 4294967297LL; }},
      {"lines[1].quantity", [](Json& d) { d["lines"][1].erase("quantity"); }},
      {"lines[1].quantity", [](Json& d) { d["lines"][1]["quantity"] = nullptr; }},
      {"lines[0].productId", [](Json& d) { d["lines"][0]["productId"] = "80"; }},
      {"lines[0].productId", [](Json& d) { d["lines"][0].erase("productId"); }},
      {"lines[0].productId", [](Json& d) { d["lines"][0]["productId"] = 18446744073709551615ULL; }},
      {"lines[0].variantId", [](Json& d) { d["lines"][0]["variantId"] = "64"; }},
      {"lines[0].optionSelections", [](Json& d) { d["lines"][0]["optionSelections"] = "5:101"; }},
      {"lines[0].optionSelections[1]", [](Json& d) { d["lines"][0]["optionSelections"][1] = 12; }},
      {"lines[0].optionSelections[0].optionId", [](Json& d) { d["lines"][0]["optionSelections"][0]["optionId"] = "5"; }},
      {"lines[0].optionSelections[1].optionValue", [](Json& d) { d["lines"][0]["optionSelections"][1].erase("optionValue"); }},
      {"lines[0].optionSelections[0].optionValue", [](Json& d) { d["lines"][0]["optionSelections"][0]["optionValue"] = true; }},
      {"lines[0].price", [](Json& d) { d["lines"][0]["price"] = 19.99; }},  // version 2 stores minor units
      {"lines[0].price", [](Json& d) { d["lines"][0]["price"] = "1999"; }},
      {"lines[0].name", [](Json& d) { d["lines"][0]["name"] = 7; }},
      {"lines[0].imageUrl", [](Json& d) { d["lines"][0]["imageUrl"] = Json::object(); }},
      {"lines[0].url", [](Json& d) { d["lines"][0]["url"] = false; }},
      {"lines[1].sku", [](Json& d) { d["lines"][1].erase("sku"); }},
      {"lines[1].sku", [](Json& d) { d["lines"][1]["sku"] = 5; }},
      {"lines[1].name", [](Json& d) { d["lines"][1].erase("name"); }},
      {"lines[1].listPrice", [](Json& d) { d["lines"][1]["listPrice"] = "5.50"; }},
      {"lines[1].listPrice", [](Json& d) { d["lines"][1].erase("listPrice"); }},
      {"lines[2].name", [](Json& d) { d["lines"][2]["name"] = nullptr; }},
      {"lines[2].theme", [](Json& d) { d["lines"][2]["theme"] = 1; }},
      {"lines[2].amount", [](Json& d) { d["lines"][2].erase("amount"); }},
      {"lines[2].amount", [](Json& d) { d["lines"][2]["amount"] = "25.00"; }},
      {"lines[2].sender", [](Json& d) { d["lines"][2]["sender"] = "Ann <ann@example.com>"; }},
      {"lines[2].sender", [](Json& d) { d["lines"][2].erase("sender"); }},
      {"lines[2].sender.email", [](Json& d) { d["lines"][2]["sender"]["email"] = 5; }},
      {"lines[2].sender.name", [](Json& d) { d["lines"][2]["sender"].erase("name"); }},
      {"lines[2].recipient", [](Json& d) { d["lines"][2].erase("recipient"); }},
      {"lines[2].recipient.email", [](Json& d) { d["lines"][2]["recipient"]["email"] = Json::array(); }},
      {"lines[2].message", [](Json& d) { d["lines"][2]["message"] = 200; }},
  };
  for (const Case& c : cases) {
    Json doc = validDoc();
    c.mutate(doc);
    INFO("expected path " << c.path << " in: " << doc.dump());
    Result<SavedCart> r = restore(doc);
    CHECK(status(r) == "saved_cart_invalid");
    CHECK_THAT(messageOf(r), Contains(c.path));
  }
}

TEST_CASE("cart rule violations in a saved line are saved_cart_invalid naming the line", "[saved_cart]") {
  struct Case {
    const char* path;
    void (*mutate)(Json& doc);
  };
  const Case cases[] = {
      {"lines[0]", [](Json& d) { d["lines"][0]["productId"] = 0; }},
      {"lines[0]", [](Json& d) { d["lines"][0]["quantity"] = 0; }},
      {"lines[0]", [](Json& d) { d["lines"][0]["quantity"] = 1000; }},
      {"lines[0]", [](Json& d) { d["lines"][0]["price"] = -1; }},
      {"lines[0]", [](Json& d) { d["lines"][0]["imageUrl"] = "javascript:alert(1)"; }},
      {"lines[0]", [](Json& d) { d["lines"][0]["optionSelections"][1]["optionId"] = 5; }},  // option twice
      {"lines[1]", [](Json& d) { d["lines"][1]["sku"] = ""; }},
      {"lines[1]", [](Json& d) { d["lines"][1]["name"] = ""; }},
      {"lines[2]", [](Json& d) { d["lines"][2]["quantity"] = 2; }},
      {"lines[2]", [](Json& d) { d["lines"][2]["theme"] = "Halloween"; }},
      {"lines[2]", [](Json& d) { d["lines"][2]["amount"] = 100001; }},
      {"lines[2]", [](Json& d) { d["lines"][2]["recipient"]["email"] = "bob"; }},
      {"lines[2]", [](Json& d) { d["lines"][2]["message"] = std::string(201, 'm'); }},
  };
  for (const Case& c : cases) {
    Json doc = validDoc();
    c.mutate(doc);
    INFO("expected " << c.path << " in: " << doc.dump());
    Result<SavedCart> r = restore(doc);
    CHECK(status(r) == "saved_cart_invalid");
    CHECK_THAT(messageOf(r), Contains(c.path));
  }
}

TEST_CASE("an unknown currency is saved_cart_invalid", "[saved_cart]") {
  for (const char* code : {"XXX", "US", "", "EURO", "U$D"}) {
    Json doc = validDoc();
    doc["currency"] = code;
    INFO("currency " << code);
    Result<SavedCart> r = restore(doc);
    CHECK(status(r) == "saved_cart_invalid");
    CHECK_THAT(messageOf(r), Contains("currency"));
  }
  // Lower case is still the same currency, stored canonically.
  Json doc = validDoc();
  doc["currency"] = "usd";
  Result<SavedCart> r = restore(doc);
  CHECK(status(r) == "ok");
  CHECK(std::string(r.value().cart.currency().code) == "USD");
}

TEST_CASE("duplicate line ids are saved_cart_invalid", "[saved_cart]") {
  Json doc = validDoc();
  doc["lines"][2]["id"] = "l1";
  Result<SavedCart> r = restore(doc);
  CHECK(status(r) == "saved_cart_invalid");
  CHECK_THAT(messageOf(r), Contains("l1"));
}

TEST_CASE("nextLine lower than an existing line id is saved_cart_invalid", "[saved_cart]") {
  Json doc = validDoc();
  doc["lines"][1]["id"] = "l9";
  doc["nextLine"] = 9;  // would hand out l9 again
  Result<SavedCart> r = restore(doc);
  CHECK(status(r) == "saved_cart_invalid");
  CHECK_THAT(messageOf(r), Contains("nextLine"));
  doc["nextLine"] = 3;
  CHECK(status(restore(doc)) == "saved_cart_invalid");
  doc["nextLine"] = 0;
  CHECK(status(restore(doc)) == "saved_cart_invalid");
  doc["nextLine"] = -5;
  CHECK(status(restore(doc)) == "saved_cart_invalid");
  doc["nextLine"] = 10;
  Result<SavedCart> fine = restore(doc);
  CHECK(status(fine) == "ok");
  CHECK(fine.value().cart.nextLineNumber() == 10);
  doc["nextLine"] = 500;  // a gap is fine: ids were used and removed
  fine = restore(doc);
  CHECK(status(fine) == "ok");
  CHECK(fine.value().cart.nextLineNumber() == 500);
}

TEST_CASE("a bad cartId is saved_cart_invalid", "[saved_cart]") {
  for (const char* id : {"../x", "a/b", "abc def", "abc?x=1", "%2e%2e"}) {
    Json doc = validDoc();
    doc["cartId"] = id;
    INFO("cartId " << id);
    Result<SavedCart> r = restore(doc);
    CHECK(status(r) == "saved_cart_invalid");
    CHECK_THAT(messageOf(r), Contains("cartId"));
  }
  Json doc = validDoc();
  doc["cartId"] = std::string(65, 'a');
  CHECK(status(restore(doc)) == "saved_cart_invalid");
  doc["cartId"] = nullptr;  // null: not synced yet
  Result<SavedCart> r = restore(doc);
  CHECK(status(r) == "ok");
  CHECK(r.value().cartId.empty());
}

TEST_CASE("a restored cart with a large nextLine can still be saved and restored", "[saved_cart]") {
  // Whatever nextLine restore accepts must produce ids that restore accepts later; otherwise one add after
  // restoring makes the shopper's saved cart unreadable.
  for (int64_t next : {int64_t{1000000}, int64_t{100000000000000}, int64_t{9223372036854775807}}) {
    INFO("nextLine " << next);
    Json doc = validDoc();
    doc["nextLine"] = next;
    Result<SavedCart> first = restore(doc);
    if (!first.ok()) {
      CHECK(status(first) == "saved_cart_invalid");  // refusing it up front is fine
      continue;
    }
    Cart& cart = first.value().cart;
    Line p;
    p.productId = 4242;
    Result<std::string> id = cart.addProduct(p);
    CHECK(status(id) == "ok");
    Result<SavedCart> second = restoreCart(saveCart(cart, first.value().cartId), CartLimits{});
    CHECK(status(second) == "ok");
    INFO(messageOf(second));
    CHECK(second.value().cart.lines().size() == 4);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Version 1 migration

TEST_CASE("a version 1 document migrates to version 3", "[saved_cart]") {
  const char* v1 = R"({
    "version": 1, "currency": "USD",
    "lines": [
      {"id": "l2", "type": "product", "productId": 80, "variantId": 64, "quantity": 2, "price": "19.99",
       "optionSelections": [{"optionId": 12, "optionValue": "Hi"}, {"optionId": 5, "optionValue": 101}]},
      {"id": "l7", "type": "custom", "sku": "ENGRAVE-1", "name": "Engraving", "quantity": 1, "listPrice": "5.50"},
      {"id": "l3", "type": "giftCertificate", "name": "Card", "theme": "General", "amount": "25", "quantity": 1,
       "sender": {"name": "Ann", "email": "ann@example.com"},
       "recipient": {"name": "Bob", "email": "bob@example.org"}},
      {"id": "l4", "type": "product", "productId": 81, "quantity": 1}
    ]})";
  Result<SavedCart> r = restoreCart(v1, CartLimits{});
  CHECK(status(r) == "ok");
  INFO(messageOf(r));
  CHECK(r.value().fromVersion == 1);
  CHECK(r.value().cartId.empty());
  const Cart& cart = r.value().cart;
  CHECK(cart.lines().size() == 4);
  CHECK(cart.nextLineNumber() == 8);  // after the highest id, l7

  const Line* p = cart.find("l2");
  CHECK(p != nullptr);
  if (p) {
    CHECK(p->price == std::optional<int64_t>(1999));
    CHECK(p->quantity == 2);
    CHECK(p->variantId == std::optional<int64_t>(64));
    CHECK(p->optionSelections.size() == 2);
    if (p->optionSelections.size() == 2) CHECK(p->optionSelections[0].optionId == 5);
  }
  const Line* c = cart.find("l7");
  CHECK(c != nullptr);
  if (c) CHECK(c->listPrice == 550);
  const Line* g = cart.find("l3");
  CHECK(g != nullptr);
  if (g) CHECK(g->amount == 2500);
  const Line* unpriced = cart.find("l4");
  CHECK(unpriced != nullptr);
  if (unpriced) CHECK_FALSE(unpriced->price.has_value());

  // Saving writes version 3 with minor units, which restores as version 3.
  const std::string saved = saveCart(cart, "");
  const Json doc = parse(saved);
  CHECK(at(doc, "version") == Json(3));
  CHECK(at(doc, "nextLine") == Json(8));
  CHECK(at(doc, "lines", 0, "price") == Json(1999));
  Result<SavedCart> again = restoreCart(saved, CartLimits{});
  CHECK(status(again) == "ok");
  CHECK(again.value().fromVersion == 3);
  checkSameCart(cart, again.value().cart);
}

TEST_CASE("version 1 money follows the currency's decimals", "[saved_cart]") {
  Result<SavedCart> jpy = restoreCart(
      R"({"version":1,"currency":"JPY","lines":[{"id":"l1","type":"product","productId":1,"quantity":1,"price":"1500"}]})",
      CartLimits{});
  CHECK(status(jpy) == "ok");
  if (jpy.ok() && jpy.value().cart.lines().size() == 1) CHECK(jpy.value().cart.lines()[0].price == std::optional<int64_t>(1500));

  Result<SavedCart> kwd = restoreCart(
      R"({"version":1,"currency":"KWD","lines":[{"id":"l1","type":"product","productId":1,"quantity":1,"price":"1.5"}]})",
      CartLimits{});
  CHECK(status(kwd) == "ok");
  if (kwd.ok() && kwd.value().cart.lines().size() == 1) CHECK(kwd.value().cart.lines()[0].price == std::optional<int64_t>(1500));

  Result<SavedCart> tooPrecise = restoreCart(
      R"({"version":1,"currency":"USD","lines":[{"id":"l1","type":"product","productId":1,"quantity":1,"price":"19.999"}]})",
      CartLimits{});
  CHECK(status(tooPrecise) == "saved_cart_invalid");
  CHECK_THAT(messageOf(tooPrecise), Contains("lines[0].price"));

  Result<SavedCart> yenFraction = restoreCart(
      R"({"version":1,"currency":"JPY","lines":[{"id":"l1","type":"product","productId":1,"quantity":1,"price":"100.5"}]})",
      CartLimits{});
  CHECK(status(yenFraction) == "saved_cart_invalid");
}

TEST_CASE("a version 1 document ignores cartId and nextLine", "[saved_cart]") {
  Result<SavedCart> r = restoreCart(
      R"({"version":1,"currency":"USD","cartId":"../x","nextLine":1,
          "lines":[{"id":"l3","type":"product","productId":1,"quantity":1}]})",
      CartLimits{});
  CHECK(status(r) == "ok");
  CHECK(r.value().fromVersion == 1);
  CHECK(r.value().cartId.empty());
  CHECK(r.value().cart.nextLineNumber() == 4);
}

TEST_CASE("an empty version 1 cart starts ids at l1", "[saved_cart]") {
  Result<SavedCart> r = restoreCart(R"({"version":1,"currency":"EUR","lines":[]})", CartLimits{});
  CHECK(status(r) == "ok");
  CHECK(r.value().fromVersion == 1);
  CHECK(r.value().cart.nextLineNumber() == 1);
  CHECK(std::string(r.value().cart.currency().code) == "EUR");
}

// ---------------------------------------------------------------------------------------------------------------
// Invalid UTF-8

TEST_CASE("invalid UTF-8 inside a saved document is refused without crashing", "[saved_cart]") {
  const std::string docs[] = {
      "{\"version\":2,\"currency\":\"USD\",\"nextLine\":2,\"lines\":[{\"id\":\"l1\",\"type\":\"product\","
      "\"productId\":1,\"quantity\":1,\"name\":\"bad \xFF byte\"}]}",
      "{\"version\":2,\"currency\":\"US\xC3\",\"nextLine\":1,\"lines\":[]}",
      "{\"version\":2,\"currency\":\"USD\",\"nextLine\":2,\"lines\":[{\"id\":\"l1\",\"type\":\"custom\","
      "\"sku\":\"\xED\xA0\x80\",\"name\":\"n\",\"quantity\":1,\"listPrice\":1}]}",  // encoded surrogate
      "{\"version\":2,\"currency\":\"USD\",\"nextLine\":2,\"lines\":[{\"id\":\"l1\",\"type\":\"custom\","
      "\"sku\":\"\\ud800\",\"name\":\"n\",\"quantity\":1,\"listPrice\":1}]}",  // lone surrogate escape
      "{\"version\":2,\"currency\":\"USD\",\"nextLine\":2,\"lines\":[{\"id\":\"l1\",\"type\":\"product\","
      "\"productId\":1,\"quantity\":1,\"name\":\"truncated \xE2\x82\"}]}",
      std::string("{\"version\":2,\"currency\":\"USD\",\"nextLine\":1,\"lines\":[],\"x\":\"") + '\0' + "\"}",
  };
  for (const std::string& text : docs) {
    Result<SavedCart> r = restoreCart(text, CartLimits{});
    CHECK_FALSE(r.ok());
    CHECK((r.error().code == "saved_cart_corrupt" || r.error().code == "saved_cart_invalid"));
  }
}

TEST_CASE("saving lines holding invalid UTF-8 gives valid JSON that restores", "[saved_cart]") {
  // Lines built in C++ can hold any bytes; the writer must replace what is not UTF-8 instead of failing.
  const std::string names[] = {
      "caf\xE9",                 // Latin-1
      "over\xC0\xAFlong",        // overlong '/'
      "sur\xED\xA0\x80rogate",   // UTF-16 surrogate encoded in UTF-8
      "big\xF4\x90\x80\x80",     // above U+10FFFF
      "cut\xE2\x82",             // truncated at the end
      "lone\x80" "cont",          // stray continuation byte
      "\xFF\xFE",
  };
  for (const std::string& name : names) {
    INFO("name bytes: " << name.size());
    Cart cart;
    Line p;
    p.productId = 1;
    p.name = name;
    Line o = p;
    o.productId = 2;
    o.optionSelections = {textOption(1, name)};
    CHECK(cart.addProduct(p).ok());
    CHECK(cart.addProduct(o).ok());
    const std::string text = saveCart(cart, "");
    CHECK_FALSE(parse(text).is_discarded());
    Result<SavedCart> r = restoreCart(text, CartLimits{});
    CHECK(status(r) == "ok");
    INFO(messageOf(r));
    CHECK(r.value().cart.lines().size() == 2);
    if (r.ok() && r.value().cart.lines().size() == 2) {
      const std::string restored = r.value().cart.lines()[0].name;
      CHECK(restored.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD
      size_t ascii = 0;
      while (ascii < name.size() && static_cast<unsigned char>(name[ascii]) < 0x80) ++ascii;
      CHECK(restored.compare(0, ascii, name, 0, ascii) == 0);  // the valid text before the bad bytes is kept
      CHECK(r.value().cart.lines()[1].optionSelections.size() == 1);
    }
  }
  // Latin-1 "café": exactly one replacement for the one bad byte.
  Cart cart;
  Line p;
  p.productId = 1;
  p.name = "caf\xE9";
  CHECK(cart.addProduct(p).ok());
  Result<SavedCart> r = restoreCart(saveCart(cart, ""), CartLimits{});
  CHECK(status(r) == "ok");
  if (r.ok() && r.value().cart.lines().size() == 1) CHECK(r.value().cart.lines()[0].name == "caf\xEF\xBF\xBD");
}

TEST_CASE("saving keeps valid UTF-8 and escapes what JSON requires", "[saved_cart]") {
  const std::string name = std::string("q\"b\\s/\n\r\t\x01\x1F\x7F \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xE2\x80\xA8 end") + '\0' + "nul";
  Cart cart;
  Line p;
  p.productId = 1;
  p.name = name;
  CHECK(cart.addProduct(p).ok());
  const std::string text = saveCart(cart, "");
  const Json doc = parse(text);
  CHECK_FALSE(doc.is_discarded());
  CHECK(at(doc, "lines", 0, "name") == Json(name));
  Result<SavedCart> r = restoreCart(text, CartLimits{});
  CHECK(status(r) == "ok");
  if (r.ok() && r.value().cart.lines().size() == 1) CHECK(r.value().cart.lines()[0].name == name);
}

TEST_CASE("the cart token is kept with its cart id, and goes when the id changes", "[saved_cart][api]") {
  bcch::CartSession s;
  const std::string id = "5f3c2f3e-64c3-4f2a-8b19-2b0c9bd1e0aa";
  CHECK(nlohmann::json::parse(s.setCartToken("abc.def"))["error"]["code"] == "invalid_argument");  // no cart id yet
  REQUIRE(nlohmann::json::parse(s.setCartId(id))["ok"] == true);
  REQUIRE(nlohmann::json::parse(s.setCartToken("eyJjIjoiNWYzYyJ9.AbC-_09"))["ok"] == true);
  const nlohmann::json saved = nlohmann::json::parse(s.save());
  CHECK(saved["cartId"] == id);
  CHECK(saved["cartToken"] == "eyJjIjoiNWYzYyJ9.AbC-_09");

  bcch::CartSession restored;
  REQUIRE(nlohmann::json::parse(restored.restore(s.save()))["ok"] == true);
  CHECK(nlohmann::json::parse(restored.save())["cartToken"] == "eyJjIjoiNWYzYyJ9.AbC-_09");

  REQUIRE(nlohmann::json::parse(s.setCartId(id))["ok"] == true);  // the same id keeps it
  CHECK(nlohmann::json::parse(s.save())["cartToken"] == "eyJjIjoiNWYzYyJ9.AbC-_09");
  REQUIRE(nlohmann::json::parse(s.setCartId("0c1d2e3f-0000-4000-8000-000000000001"))["ok"] == true);
  CHECK_FALSE(nlohmann::json::parse(s.save()).contains("cartToken"));
  CHECK(nlohmann::json::parse(s.setCartToken("has space"))["error"]["code"] == "invalid_argument");
  CHECK(nlohmann::json::parse(s.setCartToken(std::string(1025, 'a')))["error"]["code"] == "invalid_argument");
}

TEST_CASE("a saved cart token is checked: only with a cart id, only token characters", "[saved_cart]") {
  const std::string id = "5f3c2f3e-64c3-4f2a-8b19-2b0c9bd1e0aa";
  auto restore = [](const std::string& extra) {
    return bcch::restoreCart(R"({"version":2,"currency":"USD","nextLine":1,"lines":[])" + extra + "}", bcch::CartLimits{});
  };
  CHECK(restore(R"(,"cartId":")" + id + R"(","cartToken":"a.b-c_d")").ok());
  CHECK(restore(R"(,"cartToken":"a.b")").error().code == "saved_cart_invalid");
  CHECK(restore(R"(,"cartId":")" + id + R"(","cartToken":"<script>")").error().code == "saved_cart_invalid");
  CHECK(restore(R"(,"cartId":")" + id + R"(","cartToken":7)").error().code == "saved_cart_invalid");
}

// ---------------------------------------------------------------------------------------------------------------
// Version 3: the checkout section, opaque to the cart core

namespace {
const std::string kCheckout =
    R"({"billing":{"firstName":"Ann","email":"ann@example.com","countryCode":"US"},)"
    R"("consignments":[{"address":{"countryCode":"US"},"lineIds":["l1"],"shippingOptionId":"a1b2"}],)"
    R"("coupons":["SAVE10"],"giftCertificates":["GC-7YQ2-4FFA"],"futureField":[1.10,-0,123456789012345678901234567890,"\u00e9\ud83c\udf81",null,true]})";

std::string v3With(const std::string& checkoutMember) {
  return R"({"version":3,"currency":"USD","nextLine":2,"lines":[{"id":"l1","type":"product","productId":80,"quantity":1}])" +
         checkoutMember + "}";
}
}  // namespace

TEST_CASE("a version 3 checkout section is kept byte for byte through restore and save", "[saved_cart]") {
  Result<SavedCart> r = restoreCart(v3With(R"(,"checkout":)" + kCheckout), CartLimits{});
  REQUIRE(status(r) == "ok");
  CHECK(r.value().fromVersion == 3);
  // Numbers the core never interprets (1.10, an integer past 64 bits) come back as they were written.
  CHECK(r.value().checkout == kCheckout);
  const std::string saved = saveCart(r.value().cart, "", "", r.value().checkout);
  CHECK_THAT(saved, Contains(R"("checkout":)" + kCheckout));
  Result<SavedCart> again = restoreCart(saved, CartLimits{});
  REQUIRE(status(again) == "ok");
  CHECK(again.value().checkout == kCheckout);
}

TEST_CASE("a checkout section is read as the parser reads it: the last of duplicate keys, escapes decoded", "[saved_cart]") {
  const std::string spaced = "{\n  \"version\": 3, \"currency\": \"USD\", \"nextLine\": 1, \"lines\": [],\n"
                             "  \"checkout\" : { \"coupons\" : [ \"A B\" , \"C\" ] },\n"
                             "  \"\\u0063heckout\" : { \"coupons\" : [ \"LAST\" ],\"x\":{\"y\":\"}\\\"]\"} }\n}";
  Result<SavedCart> r = restoreCart(spaced, CartLimits{});
  REQUIRE(status(r) == "ok");
  CHECK(r.value().checkout == R"({ "coupons" : [ "LAST" ],"x":{"y":"}\"]"} })");
  // A member named like it, nested or with another name, is not the section.
  Result<SavedCart> nested = restoreCart(
      R"({"version":3,"currency":"USD","nextLine":1,"lines":[],"other":{"checkout":{"a":1}},"checkouts":{"b":2}})", CartLimits{});
  REQUIRE(status(nested) == "ok");
  CHECK(nested.value().checkout.empty());
}

TEST_CASE("a checkout section must be an object of at most 16 KB", "[saved_cart]") {
  CHECK(status(restoreCart(v3With(R"(,"checkout":null)"), CartLimits{})) == "ok");
  CHECK(restoreCart(v3With(R"(,"checkout":null)"), CartLimits{}).value().checkout.empty());
  for (const char* bad : {R"(,"checkout":[])", R"(,"checkout":"x")", R"(,"checkout":7)", R"(,"checkout":true)"}) {
    INFO(bad);
    Result<SavedCart> r = restoreCart(v3With(bad), CartLimits{});
    CHECK(status(r) == "saved_cart_invalid");
    CHECK_THAT(messageOf(r), Contains("checkout"));
  }
  const std::string fits = R"({"pad":")" + std::string(kMaxCheckoutSectionBytes - 10, 'a') + R"("})";
  REQUIRE(fits.size() == kMaxCheckoutSectionBytes);
  CHECK(status(restoreCart(v3With(R"(,"checkout":)" + fits), CartLimits{})) == "ok");
  const std::string over = R"({"pad":")" + std::string(kMaxCheckoutSectionBytes - 9, 'a') + R"("})";
  Result<SavedCart> r = restoreCart(v3With(R"(,"checkout":)" + over), CartLimits{});
  CHECK(status(r) == "saved_cart_invalid");
  CHECK_THAT(messageOf(r), Contains("16384"));
  // The limit is on the text kept, whitespace included.
  const std::string paddedWithSpace = R"({"pad":)" + std::string(kMaxCheckoutSectionBytes, ' ') + R"("a"})";
  CHECK(status(restoreCart(v3With(R"(,"checkout":)" + paddedWithSpace), CartLimits{})) == "saved_cart_invalid");
}

TEST_CASE("version 1 and 2 documents have no checkout section, even when they carry the key", "[saved_cart]") {
  Json doc = validDoc();
  doc["checkout"] = Json::array();  // a version 2 document never had the section: not read, so not refused
  Result<SavedCart> r = restore(doc);
  REQUIRE(status(r) == "ok");
  CHECK(r.value().fromVersion == 2);
  CHECK(r.value().checkout.empty());
  const Json saved = parse(saveCart(r.value().cart, r.value().cartId));
  CHECK(at(saved, "version") == Json(3));
  CHECK_FALSE(saved.contains("checkout"));
}

TEST_CASE("checkCheckoutSection keeps an object and refuses the rest", "[saved_cart]") {
  CHECK(checkCheckoutSection("", "bad").value().empty());
  CHECK(checkCheckoutSection("null", "bad").value().empty());
  CHECK(checkCheckoutSection(" null ", "bad").value().empty());
  CHECK(checkCheckoutSection(R"({"coupons":["SAVE 10"]})", "bad").value() == R"({"coupons":["SAVE 10"]})");
  for (const char* bad : {"[]", "\"x\"", "1", "{", "{\"a\":1} x", "{\"a\":\"\x01\"}", "{\"a\":\"\xff\"}"}) {
    INFO(bad);
    CHECK(status(checkCheckoutSection(bad, "bad")) == "bad");
  }
  CHECK(status(checkCheckoutSection(R"({"pad":")" + std::string(kMaxCheckoutSectionBytes, 'a') + R"("})", "bad")) == "bad");
}

TEST_CASE("a cart session keeps, saves and forgets its checkout section", "[saved_cart]") {
  CartSession s;
  CHECK(parse(s.add(R"({"productId":80,"quantity":1})"))["ok"] == true);
  CHECK(parse(s.setCheckout(R"({"coupons":["SAVE10"]})"))["ok"] == true);
  CHECK(at(parse(s.save()), "checkout", "coupons", 0) == Json("SAVE10"));
  // Another session restores it with the cart.
  CartSession other;
  CHECK(parse(other.restore(s.save()))["ok"] == true);
  CHECK(other.save() == s.save());
  // Refused input leaves the section as it was.
  CHECK(at(parse(s.setCheckout("[1]")), "error", "code") == Json("invalid_argument"));
  CHECK(at(parse(s.setCheckout("{")), "error", "code") == Json("invalid_argument"));
  CHECK(at(parse(s.save()), "checkout", "coupons", 0) == Json("SAVE10"));
  // "" and "null" forget it, and so do clear() and configure().
  CHECK(parse(s.setCheckout("null"))["ok"] == true);
  CHECK_FALSE(parse(s.save()).contains("checkout"));
  CHECK(parse(s.setCheckout(R"({"coupons":[]})"))["ok"] == true);
  CHECK(parse(s.setCheckout(""))["ok"] == true);
  CHECK_FALSE(parse(s.save()).contains("checkout"));
  CHECK(parse(s.setCheckout(R"({"coupons":[]})"))["ok"] == true);
  CHECK(parse(s.clear())["ok"] == true);
  CHECK_FALSE(parse(s.save()).contains("checkout"));
  CHECK(parse(s.setCheckout(R"({"coupons":[]})"))["ok"] == true);
  CHECK(parse(s.configure(R"({"currency":"EUR"})"))["ok"] == true);
  CHECK_FALSE(parse(s.save()).contains("checkout"));
  // Restoring a document without a section drops the one the session had.
  CHECK(parse(s.setCheckout(R"({"coupons":[]})"))["ok"] == true);
  CHECK(parse(s.restore(R"({"version":2,"currency":"USD","nextLine":1,"lines":[]})"))["ok"] == true);
  CHECK_FALSE(parse(s.save()).contains("checkout"));
}

TEST_CASE("planCartSync reads a version 3 document and ignores its checkout section", "[saved_cart]") {
  const std::string withSection = v3With(R"(,"checkout":)" + kCheckout);
  const std::string without = v3With("");
  const std::string a = planCartSyncJson(withSection, "null", "{}");
  CHECK(at(parse(a), "ok") == Json(true));
  CHECK(a == planCartSyncJson(without, "null", "{}"));
  CHECK(at(parse(planCartSyncJson(v3With(R"(,"checkout":"x")"), "null", "{}")), "error", "code") == Json("saved_cart_invalid"));
}

TEST_CASE("a document with a byte order mark keeps its checkout section, as the parser reads past the mark", "[saved_cart]") {
  Result<SavedCart> r = restoreCart("\xEF\xBB\xBF" + v3With(R"(,"checkout":{"coupons":["A"]})"), CartLimits{});
  REQUIRE(status(r) == "ok");
  CHECK(r.value().checkout == R"({"coupons":["A"]})");
}
