// planCartSync decides which Cart API calls bring the BigCommerce cart in line with the local one.
// Remote carts are built here as Cart_Full JSON (carts.v3.yml); every body the plan produces is also checked
// against the keys carts.v3.yml allows for that request.
#include <catch2/catch.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bcch/api.h"
#include "bcch/cart.h"
#include "bcch/json_fields.h"
#include "bcch/saved_cart.h"
#include "bcch/sync_plan.h"

using bcch::Cart;
using bcch::CartRequest;
using bcch::Json;
using bcch::Line;
using bcch::LineKind;
using bcch::OptionSelection;
using bcch::SyncOptions;

namespace {

const std::string kCartId = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const std::string kInclude = std::string("?include=") + bcch::kCartInclude;
const std::string kCartPath = "/carts/" + kCartId;

// ---------------------------------------------------------------------------------------------------------
// Local cart builders.

OptionSelection optionId(int64_t option, int64_t value) {
  OptionSelection o;
  o.optionId = option;
  o.valueId = value;
  return o;
}

OptionSelection optionText(int64_t option, const std::string& text) {
  OptionSelection o;
  o.optionId = option;
  o.valueIsText = true;
  o.valueText = text;
  return o;
}

Line product(int64_t productId, int32_t quantity, std::optional<int64_t> variantId = std::nullopt,
             std::vector<OptionSelection> options = {}) {
  Line l;
  l.productId = productId;
  l.quantity = quantity;
  l.variantId = variantId;
  l.optionSelections = std::move(options);
  l.price = 1999;  // display only: must never reach a request
  return l;
}

Line custom(const std::string& sku, const std::string& name, int64_t listPriceMinor, int32_t quantity) {
  Line l;
  l.sku = sku;
  l.name = name;
  l.listPrice = listPriceMinor;
  l.quantity = quantity;
  return l;
}

Line gift(const std::string& name, int64_t amountMinor, const std::string& message = "") {
  Line l;
  l.name = name;
  l.theme = "Birthday";
  l.amount = amountMinor;
  l.sender = {"Ann", "ann@example.com"};
  l.recipient = {"Bob", "bob@example.com"};
  l.message = message;
  return l;
}

void addTo(Cart& cart, const Line& line, LineKind kind) {
  bcch::Result<std::string> r = kind == LineKind::Product  ? cart.addProduct(line)
                                : kind == LineKind::Custom ? cart.addCustom(line)
                                                           : cart.addGiftCertificate(line);
  INFO((r.ok() ? std::string() : r.error().message));
  REQUIRE(r.ok());
}

Cart usdCart() { return Cart(bcch::findCurrency("USD"), bcch::CartLimits{}); }

// ---------------------------------------------------------------------------------------------------------
// Remote Cart_Full builders.

Json physical(const std::string& id, int64_t productId, std::optional<int64_t> variantId, int64_t quantity,
              std::optional<Json> options = std::nullopt) {
  Json j = Json{{"id", id}, {"product_id", productId}, {"quantity", quantity}, {"name", "Product"},
                {"sku", "SKU-" + std::to_string(productId)}, {"list_price", 19.99}, {"sale_price", 19.99},
                {"is_mutable", true}, {"taxable", true}};
  j["variant_id"] = variantId ? Json(*variantId) : Json(nullptr);
  if (options) j["options"] = *options;
  return j;
}

Json remoteOption(int64_t nameId, int64_t valueId, const std::string& value, const std::string& name = "Option") {
  return Json{{"name", name}, {"nameId", nameId}, {"value", value}, {"valueId", valueId}};
}

Json remoteCustom(const std::string& id, const std::string& sku, const std::string& name, Json quantity,
                  Json listPrice) {
  return Json{{"id", id}, {"sku", sku}, {"name", name}, {"quantity", quantity}, {"list_price", listPrice}};
}

Json remoteGift(const std::string& id, const std::string& name, double amount, const std::string& message = "") {
  Json j = Json{{"id", id},
                {"name", name},
                {"theme", "Birthday"},
                {"amount", amount},
                {"taxable", false},
                {"sender", Json{{"name", "Ann"}, {"email", "ann@example.com"}}},
                {"recipient", Json{{"name", "Bob"}, {"email", "bob@example.com"}}}};
  if (!message.empty()) j["message"] = message;
  return j;
}

struct Remote {
  std::string id = kCartId;
  std::string currency = "USD";
  int64_t channelId = 1;
  int64_t customerId = 0;
  Json physicalItems = Json::array();
  Json digitalItems = Json::array();
  Json customItems = Json::array();
  Json giftCertificates = Json::array();

  Json json() const {
    return Json{{"id", id},
                {"customer_id", customerId},
                {"channel_id", channelId},
                {"email", ""},
                {"currency", Json{{"code", currency}}},
                {"tax_included", false},
                {"base_amount", 0},
                {"cart_amount", 0},
                {"coupons", Json::array()},
                {"line_items", Json{{"physical_items", physicalItems},
                                    {"digital_items", digitalItems},
                                    {"custom_items", customItems},
                                    {"gift_certificates", giftCertificates}}},
                {"created_time", "2024-01-01T00:00:00+00:00"},
                {"updated_time", "2024-01-01T00:00:00+00:00"},
                {"version", 3}};
  }
};

// ---------------------------------------------------------------------------------------------------------
// A request with its body parsed. The core hands bodies out as JSON text ("" for none); the overload for a
// Json body keeps these tests independent of that choice.

struct Req {
  std::string kind;  // cartRequestKindName of the request's kind
  std::string method;
  std::string path;
  Json body;  // null for requests without a body
  std::vector<std::string> lineIds;
};

[[maybe_unused]] Json parseBody(const Json& body) { return body; }
[[maybe_unused]] Json parseBody(const std::string& text) {
  if (text.empty()) return nullptr;
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  INFO("body text: " << text);
  REQUIRE_FALSE(j.is_discarded());  // every body must be valid JSON
  REQUIRE_FALSE(j.is_null());       // a body, if any, is an object (checked below), never "null" text
  return j;
}

// ---------------------------------------------------------------------------------------------------------
// The request-body checker: keys allowed by carts.v3.yml for each request.

using Keys = std::set<std::string>;

void checkOnlyKeys(const Json& object, const Keys& allowed, const std::string& where) {
  INFO(where << ": " << object.dump());
  REQUIRE(object.is_object());
  for (auto it = object.begin(); it != object.end(); ++it) {
    INFO("key \"" << it.key() << "\"");
    CHECK(allowed.count(it.key()) == 1);
  }
}

void checkRequired(const Json& object, const Keys& required, const std::string& where) {
  INFO(where << ": " << object.dump());
  for (const std::string& key : required) {
    INFO("required key \"" << key << "\"");
    CHECK(object.contains(key));
  }
}

// cart_PostVariant and cart_PostModifier, minus list_price: prices are BigCommerce's, never the browser's.
const Keys kProductItemKeys = {"quantity", "product_id", "variant_id", "option_selections", "name", "gift_wrapping"};
const Keys kOptionSelectionKeys = {"option_id", "option_value", "name", "value", "nameId", "valueId"};
const Keys kCustomItemKeys = {"sku", "name", "quantity", "list_price", "image_url"};
const Keys kGiftKeys = {"name", "theme", "amount", "quantity", "sender", "recipient", "message"};
const Keys kContactKeys = {"name", "email"};

void checkProductItem(const Json& item, const std::string& where) {
  checkOnlyKeys(item, kProductItemKeys, where);
  checkRequired(item, {"quantity", "product_id"}, where);
  CHECK_FALSE(item.contains("list_price"));
  if (item.contains("option_selections")) {
    const Json& options = item["option_selections"];
    REQUIRE(options.is_array());
    for (const Json& o : options) {
      checkOnlyKeys(o, kOptionSelectionKeys, where + ".option_selections[]");
      checkRequired(o, {"option_id", "option_value"}, where + ".option_selections[]");
    }
  }
}

bool isNumber(const Json& object, const char* key) { return object.contains(key) && object[key].is_number(); }

void checkItemArrays(const Json& body, const std::string& where) {
  if (body.contains("line_items")) {
    REQUIRE(body["line_items"].is_array());
    for (const Json& item : body["line_items"]) checkProductItem(item, where + ".line_items[]");
  }
  if (body.contains("custom_items")) {
    REQUIRE(body["custom_items"].is_array());
    for (const Json& item : body["custom_items"]) {
      checkOnlyKeys(item, kCustomItemKeys, where + ".custom_items[]");
      checkRequired(item, {"sku", "name", "quantity", "list_price"}, where + ".custom_items[]");
      CHECK(isNumber(item, "list_price"));
      CHECK(isNumber(item, "quantity"));
    }
  }
  if (body.contains("gift_certificates")) {
    REQUIRE(body["gift_certificates"].is_array());
    for (const Json& item : body["gift_certificates"]) {
      checkOnlyKeys(item, kGiftKeys, where + ".gift_certificates[]");
      checkRequired(item, {"name", "theme", "amount", "quantity", "sender", "recipient"}, where + ".gift_certificates[]");
      CHECK(isNumber(item, "amount"));
      CHECK((item.contains("quantity") && item["quantity"] == 1));
      for (const char* contact : {"sender", "recipient"})
        if (item.contains(contact)) checkOnlyKeys(item[contact], kContactKeys, where + ".gift_certificates[]." + contact);
    }
  }
}

bool startsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

size_t itemCount(const Json& body) {
  size_t n = 0;
  for (const char* group : {"line_items", "custom_items", "gift_certificates"})
    if (body.contains(group)) n += body[group].size();
  return n;
}

// The path of the cart itself: /carts/{id}, nothing after the id.
bool isCartPath(const std::string& path) {
  return startsWith(path, "/carts/") && path.size() > 7 && path.find_first_of("/?", 7) == std::string::npos;
}

// The path of an item request: /carts/{id}/items/{item}?include=..., one item id with no further segment.
bool isItemPath(const std::string& path) {
  const size_t items = path.find("/items/");
  if (items == std::string::npos || !startsWith(path, "/carts/")) return false;
  const std::string item = path.substr(items + 7, path.find('?') - (items + 7));
  return !item.empty() && item.find('/') == std::string::npos && path.find(kInclude) == path.size() - kInclude.size();
}

// Each kind is one Cart API operation: its method and path are fixed by the kind, and so is what lineIds holds.
void checkRequest(const Req& r) {
  INFO(r.kind << " " << r.method << " " << r.path << " " << r.body.dump());
  CHECK(startsWith(r.path, "/carts"));
  CHECK(r.path.find("..") == std::string::npos);
  CHECK(r.path.find("//") == std::string::npos);
  if (r.kind == "deleteCart" || r.kind == "deleteItem") {
    CHECK(r.method == "DELETE");
    CHECK(r.body.is_null());
    if (r.kind == "deleteCart") {
      CHECK(isCartPath(r.path));
      CHECK(r.lineIds.empty());
    } else {
      CHECK(isItemPath(r.path));
      CHECK(r.lineIds.size() <= 1);
    }
    return;
  }
  REQUIRE(r.body.is_object());
  if (r.kind == "createCart") {
    // CartCreatePostData
    CHECK(r.method == "POST");
    CHECK(r.path == "/carts" + kInclude);
    checkOnlyKeys(r.body, {"customer_id", "line_items", "custom_items", "gift_certificates", "channel_id", "currency",
                           "locale"},
                  "create");
    checkItemArrays(r.body, "create");
    if (r.body.contains("currency")) checkOnlyKeys(r.body["currency"], {"code"}, "create.currency");
    CHECK(r.lineIds.size() == itemCount(r.body));
  } else if (r.kind == "addItems") {
    // Cart_Line_Item_Update_Post
    CHECK(r.method == "POST");
    CHECK(startsWith(r.path, "/carts/"));
    CHECK(r.path.find("/items" + kInclude) != std::string::npos);
    checkOnlyKeys(r.body, {"line_items", "custom_items", "gift_certificates", "version"}, "add");
    checkItemArrays(r.body, "add");
    CHECK(r.lineIds.size() == itemCount(r.body));
  } else if (r.kind == "updateItem") {
    // Cart_Line_Item_Update_Put, as this project uses it: one line_item (and optionally version).
    CHECK(r.method == "PUT");
    CHECK(isItemPath(r.path));
    checkOnlyKeys(r.body, {"line_item", "version"}, "update");
    REQUIRE(r.body.contains("line_item"));
    checkProductItem(r.body["line_item"], "update.line_item");
    CHECK(r.lineIds.size() == 1);
  } else if (r.kind == "setCustomer") {
    // CartUpdatePutRequestData (PUT /carts/{cartId})
    CHECK(r.method == "PUT");
    CHECK(isCartPath(r.path));
    checkOnlyKeys(r.body, {"customer_id", "version"}, "cart update");
    CHECK(r.lineIds.empty());
  } else {
    FAIL("unexpected kind " << r.kind);
  }
}

std::vector<Req> plan(const Cart& local, const Json& remote, const SyncOptions& options = SyncOptions{}) {
  bcch::Result<std::vector<CartRequest>> r = bcch::planCartSync(local, remote, options);
  INFO((r.ok() ? std::string() : r.error().code + ": " + r.error().message));
  REQUIRE(r.ok());
  std::vector<Req> out;
  for (const CartRequest& request : r.value()) {
    out.push_back(Req{bcch::cartRequestKindName(request.kind), request.method, request.path, parseBody(request.body),
                      request.lineIds});
    checkRequest(out.back());
  }
  return out;
}

std::string describe(const std::vector<Req>& requests) {
  std::string s;
  for (const Req& r : requests) {
    s += r.kind + " " + r.method + " " + r.path + " " + r.body.dump() + " [";
    for (const std::string& id : r.lineIds) s += " " + id;
    s += " ]\n";
  }
  return s;
}

size_t indexOf(const std::vector<Req>& requests, const std::string& method, const std::string& path) {
  for (size_t i = 0; i < requests.size(); ++i)
    if (requests[i].method == method && requests[i].path == path) return i;
  return requests.size();
}

}  // namespace

// ===========================================================================================================

TEST_CASE("planCartSync: no remote cart", "[sync_plan]") {
  SECTION("and an empty local cart: nothing to do") {
    Cart cart = usdCart();
    CHECK(plan(cart, nullptr).empty());
  }

  SECTION("one POST creates the cart with every item") {
    Cart cart = usdCart();
    addTo(cart, product(80, 2, 64), LineKind::Product);
    addTo(cart, product(90, 1, std::nullopt, {optionId(10, 101), optionText(11, "Happy birthday")}), LineKind::Product);
    addTo(cart, custom("GIFTWRAP", "Gift wrap", 1250, 3), LineKind::Custom);
    addTo(cart, gift("For Bob", 2500, "Enjoy"), LineKind::GiftCertificate);

    std::vector<Req> requests = plan(cart, nullptr);
    INFO(describe(requests));
    REQUIRE(requests.size() == 1);
    Req r = requests[0];
    CHECK(r.method == "POST");
    CHECK(r.path == "/carts" + kInclude);
    const Json expected = Json{
        {"line_items",
         Json::array({Json{{"product_id", 80}, {"quantity", 2}, {"variant_id", 64}},
                      Json{{"product_id", 90},
                           {"quantity", 1},
                           {"option_selections", Json::array({Json{{"option_id", 10}, {"option_value", 101}},
                                                              Json{{"option_id", 11}, {"option_value", "Happy birthday"}}})}}})},
        {"custom_items",
         Json::array({Json{{"sku", "GIFTWRAP"}, {"name", "Gift wrap"}, {"quantity", 3}, {"list_price", 12.5}}})},
        {"gift_certificates", Json::array({Json{{"name", "For Bob"},
                                                {"theme", "Birthday"},
                                                {"amount", 25},
                                                {"quantity", 1},
                                                {"sender", Json{{"name", "Ann"}, {"email", "ann@example.com"}}},
                                                {"recipient", Json{{"name", "Bob"}, {"email", "bob@example.com"}}},
                                                {"message", "Enjoy"}}})},
        {"channel_id", 1},
        {"currency", Json{{"code", "USD"}}}};
    CHECK(r.body == expected);
    // Money goes out as JSON numbers in major units.
    CHECK(r.body["custom_items"][0]["list_price"].is_number());
    CHECK(r.body["gift_certificates"][0]["amount"].is_number());
    // Never a price on product lines, and no customer or locale unless given.
    for (const Json& item : r.body["line_items"]) CHECK_FALSE(item.contains("list_price"));
    CHECK_FALSE(r.body.contains("customer_id"));
    CHECK_FALSE(r.body.contains("locale"));
  }

  SECTION("customer_id, locale and channel_id come from the options") {
    Cart cart = usdCart();
    addTo(cart, product(80, 1), LineKind::Product);
    SyncOptions options;
    options.channelId = 1234;
    options.customerId = 42;
    options.locale = "en-US";
    std::vector<Req> requests = plan(cart, nullptr, options);
    REQUIRE(requests.size() == 1);
    Json body = requests[0].body;
    CHECK(body["customer_id"] == 42);
    CHECK(body["locale"] == "en-US");
    CHECK(body["channel_id"] == 1234);
    CHECK(body["line_items"] == Json::array({Json{{"product_id", 80}, {"quantity", 1}}}));
  }

  SECTION("only custom items: line_items is still sent, empty") {
    Cart cart = usdCart();
    addTo(cart, custom("SKU-1", "Engraving service", 500, 1), LineKind::Custom);
    std::vector<Req> requests = plan(cart, nullptr);
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].body["line_items"] == Json::array());
    CHECK(requests[0].body["custom_items"][0]["list_price"] == 5);
    CHECK_FALSE(requests[0].body.contains("gift_certificates"));
  }

  SECTION("money in major units of currencies with 0 and 3 decimals") {
    Cart jpy(bcch::findCurrency("JPY"), bcch::CartLimits{});
    addTo(jpy, custom("SKU-J", "Noshi", 500, 1), LineKind::Custom);
    std::vector<Req> j = plan(jpy, nullptr);
    REQUIRE(j.size() == 1);
    CHECK(j[0].body["custom_items"][0]["list_price"] == 500);
    CHECK(j[0].body["currency"] == Json{{"code", "JPY"}});

    Cart kwd(bcch::findCurrency("KWD"), bcch::CartLimits{});
    addTo(kwd, custom("SKU-K", "Box", 1250, 2), LineKind::Custom);
    std::vector<Req> k = plan(kwd, nullptr);
    REQUIRE(k.size() == 1);
    CHECK(k[0].body["custom_items"][0]["list_price"].get<double>() == Approx(1.25));
    CHECK(k[0].body["currency"] == Json{{"code", "KWD"}});
  }
}

TEST_CASE("planCartSync: bodies are valid JSON whatever the text in them", "[sync_plan]") {
  const std::string tricky = "Say \"hi\" \\ back\nslash\t</script>\x01 caf\xc3\xa9 \xf0\x9f\x8e\x81";
  Cart cart = usdCart();
  addTo(cart, product(90, 1, std::nullopt, {optionText(11, tricky)}), LineKind::Product);
  addTo(cart, custom("SKU-\"1\"", tricky, 1999, 1), LineKind::Custom);
  addTo(cart, gift(tricky, 100000, tricky), LineKind::GiftCertificate);
  SyncOptions options;
  options.locale = "en-US";

  std::vector<Req> requests = plan(cart, nullptr, options);  // plan() parses every body
  REQUIRE(requests.size() == 1);
  Json body = requests[0].body;
  CHECK(body["line_items"][0]["option_selections"][0]["option_value"] == tricky);
  CHECK(body["custom_items"][0]["sku"] == "SKU-\"1\"");
  CHECK(body["custom_items"][0]["name"] == tricky);
  CHECK(body["custom_items"][0]["list_price"].get<double>() == Approx(19.99));
  CHECK(body["gift_certificates"][0]["name"] == tricky);
  CHECK(body["gift_certificates"][0]["message"] == tricky);
  CHECK(body["gift_certificates"][0]["amount"] == 1000);

  SECTION("invalid UTF-8 still gives valid JSON") {
    Cart bad = usdCart();
    Line l = custom("SKU-X", "Bad \xff byte", 100, 1);
    if (bad.addCustom(l).ok()) {
      std::vector<Req> r = plan(bad, nullptr);
      REQUIRE(r.size() == 1);
      Json name = r[0].body["custom_items"][0]["name"];
      REQUIRE(name.is_string());
      CHECK(name.get<std::string>().find("\xff") == std::string::npos);
    } else {
      SUCCEED("the cart refuses invalid UTF-8 before any body is written");
    }
  }
}

TEST_CASE("planCartSync: identical carts need no requests", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 2, 64), LineKind::Product);
  addTo(cart, product(81, 1), LineKind::Product);
  addTo(cart, custom("GIFTWRAP", "Gift wrap", 1250, 3), LineKind::Custom);
  addTo(cart, gift("For Bob", 2500, "Enjoy"), LineKind::GiftCertificate);

  Remote remote;
  remote.physicalItems.push_back(physical("a1", 80, 64, 2, Json::array({remoteOption(5, 64, "Red", "Color")})));
  remote.digitalItems.push_back(physical("a2", 81, 81, 1));
  SECTION("custom item quantity and list_price as strings (carts.v3.yml types them so)") {
    remote.customItems.push_back(remoteCustom("c1", "GIFTWRAP", "Gift wrap", "3", "12.50"));
  }
  SECTION("custom item quantity and list_price as numbers") {
    remote.customItems.push_back(remoteCustom("c1", "GIFTWRAP", "Gift wrap", 3, 12.5));
  }
  SECTION("custom item list_price as a string without decimals") {
    remote.customItems.push_back(remoteCustom("c1", "GIFTWRAP", "Gift wrap", "3", "12.5"));
  }
  remote.giftCertificates.push_back(remoteGift("g1", "For Bob", 25, "Enjoy"));

  std::vector<Req> requests = plan(cart, remote.json());
  INFO(describe(requests));
  CHECK(requests.empty());
}

TEST_CASE("planCartSync: a lower-case currency code is the same currency", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 1), LineKind::Product);
  Remote remote;
  remote.currency = "usd";
  remote.physicalItems.push_back(physical("a1", 80, 64, 1));
  CHECK(plan(cart, remote.json()).empty());
}

TEST_CASE("planCartSync: a quantity change is one PUT", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 5, 64), LineKind::Product);
  addTo(cart, product(81, 1), LineKind::Product);
  Remote remote;
  remote.physicalItems.push_back(physical("a1", 80, 64, 2));
  remote.physicalItems.push_back(physical("a2", 81, 77, 1));

  std::vector<Req> requests = plan(cart, remote.json());
  INFO(describe(requests));
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "PUT");
  CHECK(requests[0].path == kCartPath + "/items/a1" + kInclude);
  CHECK(requests[0].body == Json{{"line_item", Json{{"product_id", 80}, {"variant_id", 64}, {"quantity", 5}}}});

  SECTION("a lower quantity too, with the remote's variant id") {
    Cart fewer = usdCart();
    addTo(fewer, product(80, 2, 64), LineKind::Product);
    addTo(fewer, product(81, 3), LineKind::Product);  // no variant locally: the remote line's variant is kept
    std::vector<Req> r = plan(fewer, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 1);
    CHECK(r[0].method == "PUT");
    CHECK(r[0].path == kCartPath + "/items/a2" + kInclude);
    CHECK(r[0].body == Json{{"line_item", Json{{"product_id", 81}, {"variant_id", 77}, {"quantity", 3}}}});
  }
}

TEST_CASE("planCartSync: new local lines are added in one POST", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 2, 64), LineKind::Product);
  addTo(cart, product(82, 1, 70), LineKind::Product);
  addTo(cart, product(83, 4, std::nullopt, {optionText(12, "Hi")}), LineKind::Product);
  addTo(cart, custom("WRAP", "Wrap", 300, 1), LineKind::Custom);
  addTo(cart, gift("For Bob", 1000), LineKind::GiftCertificate);
  Remote remote;
  remote.physicalItems.push_back(physical("a1", 80, 64, 2));

  std::vector<Req> requests = plan(cart, remote.json());
  INFO(describe(requests));
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].path == kCartPath + "/items" + kInclude);
  Json body = requests[0].body;
  CHECK(body["line_items"] ==
        Json::array({Json{{"product_id", 82}, {"variant_id", 70}, {"quantity", 1}},
                     Json{{"product_id", 83},
                          {"quantity", 4},
                          {"option_selections", Json::array({Json{{"option_id", 12}, {"option_value", "Hi"}}})}}}));
  CHECK(body["custom_items"] == Json::array({Json{{"sku", "WRAP"}, {"name", "Wrap"}, {"quantity", 1}, {"list_price", 3}}}));
  REQUIRE(body["gift_certificates"].size() == 1);
  CHECK(body["gift_certificates"][0]["amount"] == 10);
  CHECK(body["gift_certificates"][0]["quantity"] == 1);
  // An add never carries cart-level fields.
  CHECK_FALSE(body.contains("channel_id"));
  CHECK_FALSE(body.contains("currency"));
  CHECK_FALSE(body.contains("customer_id"));
}

TEST_CASE("planCartSync: remote items missing locally are deleted, after the adds", "[sync_plan]") {
  Remote remote;
  remote.physicalItems.push_back(physical("a1", 80, 64, 2));
  remote.physicalItems.push_back(physical("a2", 81, 65, 1));
  remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "1", "3.00"));
  remote.giftCertificates.push_back(remoteGift("g1", "Old", 10));

  SECTION("only deletes") {
    Cart cart = usdCart();
    addTo(cart, product(80, 2, 64), LineKind::Product);
    std::vector<Req> requests = plan(cart, remote.json());
    INFO(describe(requests));
    REQUIRE(requests.size() == 3);
    for (const Req& r : requests) {
      CHECK(r.method == "DELETE");
      CHECK(r.body.is_null());
    }
    CHECK(indexOf(requests, "DELETE", kCartPath + "/items/a2" + kInclude) < requests.size());
    CHECK(indexOf(requests, "DELETE", kCartPath + "/items/c1" + kInclude) < requests.size());
    CHECK(indexOf(requests, "DELETE", kCartPath + "/items/g1" + kInclude) < requests.size());
  }

  SECTION("adds come before deletes, so the cart is never emptied") {
    Cart cart = usdCart();
    addTo(cart, product(99, 1), LineKind::Product);  // replaces everything remote
    std::vector<Req> requests = plan(cart, remote.json());
    INFO(describe(requests));
    REQUIRE(requests.size() == 5);
    CHECK(requests[0].method == "POST");
    CHECK(requests[0].path == kCartPath + "/items" + kInclude);
    CHECK(requests[0].body["line_items"] == Json::array({Json{{"product_id", 99}, {"quantity", 1}}}));
    for (size_t i = 1; i < requests.size(); ++i) CHECK(requests[i].method == "DELETE");
    // Never a delete of the whole cart while it is being kept.
    CHECK(indexOf(requests, "DELETE", kCartPath) == requests.size());
  }

  SECTION("add, update and delete together: every add precedes every delete") {
    Cart cart = usdCart();
    addTo(cart, product(80, 7, 64), LineKind::Product);
    addTo(cart, product(99, 1), LineKind::Product);
    std::vector<Req> requests = plan(cart, remote.json());
    INFO(describe(requests));
    REQUIRE(requests.size() == 5);
    size_t lastAdd = 0, firstDelete = requests.size();
    for (size_t i = 0; i < requests.size(); ++i) {
      if (requests[i].method == "POST") lastAdd = i;
      if (requests[i].method == "DELETE" && firstDelete == requests.size()) firstDelete = i;
    }
    CHECK(lastAdd < firstDelete);
    CHECK(indexOf(requests, "PUT", kCartPath + "/items/a1" + kInclude) < firstDelete);
  }
}

TEST_CASE("planCartSync: a custom item's new quantity is an add plus a delete", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, custom("WRAP", "Wrap", 300, 4), LineKind::Custom);
  Remote remote;
  remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "2", "3.00"));

  std::vector<Req> requests = plan(cart, remote.json());
  INFO(describe(requests));
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].path == kCartPath + "/items" + kInclude);
  CHECK(requests[0].body["custom_items"] ==
        Json::array({Json{{"sku", "WRAP"}, {"name", "Wrap"}, {"quantity", 4}, {"list_price", 3}}}));
  CHECK(requests[0].body["line_items"] == Json::array());
  CHECK(requests[1].method == "DELETE");
  CHECK(requests[1].path == kCartPath + "/items/c1" + kInclude);

  SECTION("a changed price is a different custom item") {
    Remote other;
    other.customItems.push_back(remoteCustom("c9", "WRAP", "Wrap", 4, "2.99"));
    std::vector<Req> r = plan(cart, other.json());
    INFO(describe(r));
    REQUIRE(r.size() == 2);
    CHECK(r[0].method == "POST");
    CHECK(r[1].path == kCartPath + "/items/c9" + kInclude);
  }
}

TEST_CASE("planCartSync: modifiers are matched through the remote options", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(90, 2, std::nullopt, {optionId(10, 101), optionText(11, "Bob")}), LineKind::Product);
  const Json options = Json::array({remoteOption(10, 101, "Red", "Color"), remoteOption(11, 0, "Bob", "Engraving")});

  SECTION("same value ids and text: kept") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 90, 300, 2, options));
    CHECK(plan(cart, remote.json()).empty());
  }
  SECTION("same choices, other quantity: one PUT") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 90, 300, 1, options));
    std::vector<Req> r = plan(cart, remote.json());
    REQUIRE(r.size() == 1);
    CHECK(r[0].method == "PUT");
    // carts.v3.yml: with modifiers, option_selections describe variant and modifiers and variant_id is omitted.
    CHECK(r[0].body == Json{{"line_item", Json{{"product_id", 90}, {"quantity", 2},
                                               {"option_selections", Json::array({Json{{"option_id", 10}, {"option_value", 101}},
                                                                                  Json{{"option_id", 11}, {"option_value", "Bob"}}})}}}});
  }
  SECTION("the remote options may hold more than the local selections (variant options)") {
    Remote remote;
    Json more = options;
    more.push_back(remoteOption(12, 120, "Large", "Size"));
    remote.physicalItems.push_back(physical("a1", 90, 300, 2, more));
    CHECK(plan(cart, remote.json()).empty());
  }
  SECTION("other text: re-added, old deleted") {
    Remote remote;
    remote.physicalItems.push_back(physical(
        "a1", 90, 300, 2, Json::array({remoteOption(10, 101, "Red", "Color"), remoteOption(11, 0, "Alice", "Engraving")})));
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 2);
    CHECK(r[0].method == "POST");
    CHECK(r[0].body["line_items"][0]["option_selections"] ==
          Json::array({Json{{"option_id", 10}, {"option_value", 101}}, Json{{"option_id", 11}, {"option_value", "Bob"}}}));
    CHECK(r[1].method == "DELETE");
    CHECK(r[1].path == kCartPath + "/items/a1" + kInclude);
  }
  SECTION("other value id: re-added, old deleted") {
    Remote remote;
    remote.physicalItems.push_back(physical(
        "a1", 90, 300, 2, Json::array({remoteOption(10, 102, "Blue", "Color"), remoteOption(11, 0, "Bob", "Engraving")})));
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 2);
    CHECK(r[0].method == "POST");
    CHECK(r[1].method == "DELETE");
  }
  SECTION("a selection missing remotely: re-added, old deleted") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 90, 300, 2, Json::array({remoteOption(10, 101, "Red", "Color")})));
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 2);
    CHECK(r[0].method == "POST");
    CHECK(r[1].method == "DELETE");
  }
  SECTION("without options in the response: a line with selections is re-added and the old deleted") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 90, 300, 2));  // no "options" key
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 2);
    CHECK(r[0].method == "POST");
    CHECK(r[0].path == kCartPath + "/items" + kInclude);
    CHECK(r[0].body["line_items"][0]["product_id"] == 90);
    CHECK(r[1].method == "DELETE");
    CHECK(r[1].path == kCartPath + "/items/a1" + kInclude);
  }
  SECTION("without options in the response: a line without selections still matches") {
    Cart plain = usdCart();
    addTo(plain, product(90, 2), LineKind::Product);
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 90, 300, 2));
    CHECK(plan(plain, remote.json()).empty());
  }
}

TEST_CASE("planCartSync: a plain line and a modified line of the same product", "[sync_plan]") {
  // A product without variants and an optional text modifier (engraving): the shopper has one plain and one
  // engraved. The remote cart holds exactly the same two lines. Whatever order BigCommerce lists them in,
  // nothing must change (and above all the plain line must not be deleted).
  Cart cart = usdCart();
  addTo(cart, product(95, 1), LineKind::Product);
  addTo(cart, product(95, 1, std::nullopt, {optionText(11, "Bob")}), LineKind::Product);
  REQUIRE(cart.lines().size() == 2);

  const Json engraved = physical("e1", 95, 500, 1, Json::array({remoteOption(11, 0, "Bob", "Engraving")}));
  const Json plainItem = physical("p1", 95, 500, 1, Json::array());

  SECTION("plain listed first") {
    Remote remote;
    remote.physicalItems = Json::array({plainItem, engraved});
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    CHECK(r.empty());
  }
  SECTION("engraved listed first") {
    Remote remote;
    remote.physicalItems = Json::array({engraved, plainItem});
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    CHECK(indexOf(r, "DELETE", kCartPath + "/items/p1" + kInclude) == r.size());
    CHECK(r.empty());
  }
}

TEST_CASE("planCartSync: equal quantities are paired first", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 3, 64), LineKind::Product);
  const Json one = physical("q1", 80, 64, 1);
  const Json three = physical("q3", 80, 64, 3);

  for (bool oneFirst : {true, false}) {
    CAPTURE(oneFirst);
    Remote remote;
    remote.physicalItems = oneFirst ? Json::array({one, three}) : Json::array({three, one});
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    // The line with quantity 3 is kept as is; the other is deleted. No PUT.
    REQUIRE(r.size() == 1);
    CHECK(r[0].method == "DELETE");
    CHECK(r[0].path == kCartPath + "/items/q1" + kInclude);
  }
}

TEST_CASE("planCartSync: an empty local cart deletes the remote cart", "[sync_plan]") {
  Cart cart = usdCart();
  Remote remote;
  remote.physicalItems.push_back(physical("a1", 80, 64, 2));
  remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "1", "3.00"));
  std::vector<Req> r = plan(cart, remote.json());
  INFO(describe(r));
  REQUIRE(r.size() == 1);
  CHECK(r[0].method == "DELETE");
  CHECK(r[0].path == kCartPath);
  CHECK(r[0].body.is_null());

  SECTION("even when the remote cart has no items") {
    Remote empty;
    std::vector<Req> e = plan(cart, empty.json());
    REQUIRE(e.size() == 1);
    CHECK(e[0].method == "DELETE");
    CHECK(e[0].path == kCartPath);
  }
}

TEST_CASE("planCartSync: a cart that cannot be kept is replaced", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 2, 64), LineKind::Product);
  SyncOptions options;
  Remote remote;
  remote.physicalItems.push_back(physical("a1", 80, 64, 2));

  SECTION("another currency") { remote.currency = "EUR"; }
  SECTION("an unknown currency") { remote.currency = "XYZ"; }
  SECTION("another channel") { remote.channelId = 2; }

  std::vector<Req> r = plan(cart, remote.json(), options);
  INFO(describe(r));
  REQUIRE(r.size() == 2);
  CHECK(r[0].method == "DELETE");
  CHECK(r[0].path == kCartPath);
  CHECK(r[0].body.is_null());
  CHECK(r[1].method == "POST");
  CHECK(r[1].path == "/carts" + kInclude);
  CHECK(r[1].body["line_items"] == Json::array({Json{{"product_id", 80}, {"variant_id", 64}, {"quantity", 2}}}));
  CHECK(r[1].body["currency"] == Json{{"code", "USD"}});
  CHECK(r[1].body["channel_id"] == options.channelId);
  if (options.customerId) CHECK(r[1].body["customer_id"] == *options.customerId);
  else CHECK_FALSE(r[1].body.contains("customer_id"));
}

TEST_CASE("planCartSync: another customer's cart is left alone, and the shopper gets a new one", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 2, 64), LineKind::Product);
  Remote remote;
  remote.customerId = 7;
  remote.physicalItems.push_back(physical("a1", 80, 64, 2));
  SyncOptions options;
  SECTION("signed in as someone else") { options.customerId = 8; }
  SECTION("a guest") {}

  std::vector<Req> r = plan(cart, remote.json(), options);
  INFO(describe(r));
  REQUIRE(r.size() == 1);
  CHECK(r[0].method == "POST");
  CHECK(r[0].path == "/carts" + kInclude);
  CHECK(r[0].body["line_items"] == Json::array({Json{{"product_id", 80}, {"variant_id", 64}, {"quantity", 2}}}));
  if (options.customerId) CHECK(r[0].body["customer_id"] == *options.customerId);
  else CHECK_FALSE(r[0].body.contains("customer_id"));

  SECTION("emptying the local cart deletes nothing") {
    std::vector<Req> none = plan(usdCart(), remote.json(), options);
    CHECK(none.empty());
  }
}

TEST_CASE("planCartSync: a guest cart is claimed by the customer who signed in", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 2, 64), LineKind::Product);
  Remote remote;
  remote.physicalItems.push_back(physical("a1", 80, 64, 2));
  SyncOptions options;
  options.customerId = 42;

  std::vector<Req> r = plan(cart, remote.json(), options);
  INFO(describe(r));
  REQUIRE(r.size() == 1);
  CHECK(r[0].method == "PUT");
  CHECK(r[0].path == kCartPath);
  CHECK(r[0].body == Json{{"customer_id", 42}});

  SECTION("together with item changes, the claim comes first") {
    Cart more = usdCart();
    addTo(more, product(80, 3, 64), LineKind::Product);
    addTo(more, product(81, 1), LineKind::Product);
    std::vector<Req> m = plan(more, remote.json(), options);
    INFO(describe(m));
    REQUIRE(m.size() == 3);
    CHECK(m[0].method == "PUT");
    CHECK(m[0].path == kCartPath);
    CHECK(indexOf(m, "POST", kCartPath + "/items" + kInclude) < m.size());
    CHECK(indexOf(m, "PUT", kCartPath + "/items/a1" + kInclude) < m.size());
  }
  SECTION("the same customer's cart needs no claim") {
    Remote own = remote;
    own.customerId = 42;
    CHECK(plan(cart, own.json(), options).empty());
  }
}

TEST_CASE("planCartSync: bundled child items are ignored", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 1, 64), LineKind::Product);
  Remote remote;
  remote.physicalItems.push_back(physical("parent1", 80, 64, 1));
  Json child = physical("child1", 500, 900, 1);
  child["parent_id"] = "parent1";
  remote.physicalItems.push_back(child);
  Json digitalChild = physical("child2", 501, 901, 1);
  digitalChild["parent_id"] = "parent1";
  remote.digitalItems.push_back(digitalChild);

  std::vector<Req> r = plan(cart, remote.json());
  INFO(describe(r));
  CHECK(r.empty());

  SECTION("and never deleted on their own, even when the parent goes") {
    Cart other = usdCart();
    addTo(other, product(99, 1), LineKind::Product);
    std::vector<Req> o = plan(other, remote.json());
    INFO(describe(o));
    REQUIRE(o.size() == 2);
    CHECK(o[0].method == "POST");
    CHECK(o[1].path == kCartPath + "/items/parent1" + kInclude);
    CHECK(indexOf(o, "DELETE", kCartPath + "/items/child1" + kInclude) == o.size());
    CHECK(indexOf(o, "DELETE", kCartPath + "/items/child2" + kInclude) == o.size());
  }
}

TEST_CASE("planCartSync: custom item quantity and list_price given as strings", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, custom("WRAP", "Wrap", 1999, 2), LineKind::Custom);

  SECTION("equal") {
    Remote remote;
    remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "2", "19.99"));
    CHECK(plan(cart, remote.json()).empty());
  }
  SECTION("another quantity as a string") {
    Remote remote;
    remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "5", "19.99"));
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 2);
    CHECK(r[0].body["custom_items"][0]["quantity"] == 2);
    CHECK(r[0].body["custom_items"][0]["list_price"].get<double>() == Approx(19.99));
    CHECK(r[1].path == kCartPath + "/items/c1" + kInclude);
  }
  SECTION("another price as a string") {
    Remote remote;
    remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "2", "19.98"));
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 2);
    CHECK(r[0].method == "POST");
    CHECK(r[1].method == "DELETE");
  }
}

TEST_CASE("planCartSync: each request names its kind and the local lines it serves", "[sync_plan]") {
  using Ids = std::vector<std::string>;
  Cart cart = usdCart();
  addTo(cart, gift("For Bob", 1000), LineKind::GiftCertificate);      // l1
  addTo(cart, custom("WRAP", "Wrap", 300, 4), LineKind::Custom);      // l2
  addTo(cart, product(80, 5, 64), LineKind::Product);                 // l3
  addTo(cart, product(82, 1, 70), LineKind::Product);                 // l4
  addTo(cart, custom("CARD", "Card", 100, 1), LineKind::Custom);      // l5

  SECTION("a create serves every line, in the body's order: products, custom items, gift certificates") {
    std::vector<Req> r = plan(cart, nullptr);
    INFO(describe(r));
    REQUIRE(r.size() == 1);
    CHECK(r[0].kind == "createCart");
    CHECK(r[0].lineIds == Ids{"l3", "l4", "l2", "l5", "l1"});
    CHECK(r[0].body["line_items"][0]["product_id"] == 80);
    CHECK(r[0].body["custom_items"][0]["sku"] == "WRAP");
  }

  SECTION("a kept cart: add, update, the delete of a replaced custom item, the delete of an item no line has") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 80, 64, 2));
    remote.physicalItems.push_back(physical("a9", 99, 1, 1));
    remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "2", "3.00"));
    remote.customItems.push_back(remoteCustom("c2", "CARD", "Card", "1", "1.00"));
    remote.giftCertificates.push_back(remoteGift("g1", "For Bob", 10));
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 4);
    CHECK(r[0].kind == "addItems");
    CHECK(r[0].lineIds == Ids{"l4", "l2"});
    CHECK(r[0].body["line_items"][0]["product_id"] == 82);
    CHECK(r[0].body["custom_items"][0]["quantity"] == 4);
    CHECK(r[1].kind == "updateItem");
    CHECK(r[1].path == kCartPath + "/items/a1" + kInclude);
    CHECK(r[1].lineIds == Ids{"l3"});
    CHECK(r[2].kind == "deleteItem");
    CHECK(r[3].kind == "deleteItem");
    const size_t replaced = indexOf(r, "DELETE", kCartPath + "/items/c1" + kInclude);
    const size_t gone = indexOf(r, "DELETE", kCartPath + "/items/a9" + kInclude);
    REQUIRE(replaced < r.size());
    REQUIRE(gone < r.size());
    CHECK(r[replaced].lineIds == Ids{"l2"});
    CHECK(r[gone].lineIds.empty());
  }

  SECTION("a guest cart claimed by a customer: setCustomer, serving no line") {
    Cart one = usdCart();
    addTo(one, product(80, 1, 64), LineKind::Product);
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 80, 64, 1));
    SyncOptions options;
    options.customerId = 7;
    std::vector<Req> r = plan(one, remote.json(), options);
    INFO(describe(r));
    REQUIRE(r.size() == 1);
    CHECK(r[0].kind == "setCustomer");
    CHECK(r[0].lineIds.empty());
  }

  SECTION("a replaced cart: deleteCart serves no line, then a create of every line") {
    Remote remote;
    remote.currency = "EUR";
    std::vector<Req> r = plan(cart, remote.json());
    INFO(describe(r));
    REQUIRE(r.size() == 2);
    CHECK(r[0].kind == "deleteCart");
    CHECK(r[0].lineIds.empty());
    CHECK(r[1].kind == "createCart");
    CHECK(r[1].lineIds == Ids{"l3", "l4", "l2", "l5", "l1"});
  }

  SECTION("an emptied local cart: one deleteCart") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 80, 64, 2));
    std::vector<Req> r = plan(usdCart(), remote.json());
    REQUIRE(r.size() == 1);
    CHECK(r[0].kind == "deleteCart");
    CHECK(r[0].path == kCartPath);
  }

  SECTION("the names are stable") {
    using bcch::CartRequestKind;
    CHECK(std::string(bcch::cartRequestKindName(CartRequestKind::CreateCart)) == "createCart");
    CHECK(std::string(bcch::cartRequestKindName(CartRequestKind::AddItems)) == "addItems");
    CHECK(std::string(bcch::cartRequestKindName(CartRequestKind::UpdateItem)) == "updateItem");
    CHECK(std::string(bcch::cartRequestKindName(CartRequestKind::DeleteItem)) == "deleteItem");
    CHECK(std::string(bcch::cartRequestKindName(CartRequestKind::DeleteCart)) == "deleteCart");
    CHECK(std::string(bcch::cartRequestKindName(CartRequestKind::SetCustomer)) == "setCustomer");
  }
}

TEST_CASE("planCartSync: an invalid remote cart is refused", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 1), LineKind::Product);

  struct Case {
    const char* what;
    Json remote;
  };
  std::vector<Case> cases;
  auto withId = [](Json id) {
    Json j = Remote{}.json();
    j["id"] = std::move(id);
    return j;
  };
  cases.push_back({"id with a slash", withId("abc/def")});
  cases.push_back({"id with ..", withId("..")});
  cases.push_back({"id climbing out", withId("../../v2/orders")});
  cases.push_back({"id with a query", withId("abc?x=1")});
  cases.push_back({"id with a percent", withId("abc%2F..")});
  cases.push_back({"empty id", withId("")});
  cases.push_back({"numeric id", withId(123)});
  cases.push_back({"null id", withId(nullptr)});
  cases.push_back({"too long id", withId(std::string(65, 'a'))});
  {
    Json j = Remote{}.json();
    j.erase("id");
    cases.push_back({"missing id", j});
  }
  {
    Remote r;
    r.physicalItems.push_back(physical("x/../y", 80, 64, 1));
    cases.push_back({"physical item id with a slash", r.json()});
  }
  {
    Remote r;
    r.digitalItems.push_back(physical("..", 80, 64, 1));
    cases.push_back({"digital item id ..", r.json()});
  }
  {
    Remote r;
    r.customItems.push_back(remoteCustom("c/1", "WRAP", "Wrap", "1", "1.00"));
    cases.push_back({"custom item id with a slash", r.json()});
  }
  {
    Remote r;
    r.giftCertificates.push_back(remoteGift("g1?x", "For Bob", 10));
    cases.push_back({"gift certificate id with a query", r.json()});
  }
  {
    Remote r;
    Json item = physical("a1", 80, 64, 1);
    item.erase("id");
    r.physicalItems.push_back(item);
    cases.push_back({"item without id", r.json()});
  }
  {
    Remote r;
    Json item = physical("a1", 80, 64, 1);
    item["id"] = 17;
    r.physicalItems.push_back(item);
    cases.push_back({"numeric item id", r.json()});
  }
  {
    Remote r;
    Json item = physical("a1", 80, 64, 1);
    item["quantity"] = Json::object();
    r.physicalItems.push_back(item);
    cases.push_back({"quantity an object", r.json()});
  }
  {
    Remote r;
    Json item = physical("a1", 80, 64, 1);
    item["quantity"] = 1.5;
    r.physicalItems.push_back(item);
    cases.push_back({"fractional quantity", r.json()});
  }
  {
    Remote r;
    Json item = physical("a1", 80, 64, 1);
    item["product_id"] = "80";
    r.physicalItems.push_back(item);
    cases.push_back({"product_id a string", r.json()});
  }
  {
    Remote r;
    Json item = physical("a1", 80, 64, 1);
    item.erase("product_id");
    r.physicalItems.push_back(item);
    cases.push_back({"product_id missing", r.json()});
  }
  {
    Remote r;
    Json item = physical("a1", 80, 64, 1);
    item["options"] = Json{{"nameId", 1}};
    r.physicalItems.push_back(item);
    cases.push_back({"options an object", r.json()});
  }
  {
    Remote r;
    r.physicalItems.push_back(physical("a1", 80, 64, 1, Json::array({Json{{"nameId", "10"}, {"valueId", 1}}})));
    cases.push_back({"option nameId a string", r.json()});
  }
  {
    Remote r;
    r.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "two", "1.00"));
    cases.push_back({"custom quantity not a number", r.json()});
  }
  {
    Remote r;
    r.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "1", "abc"));
    cases.push_back({"custom list_price not a number", r.json()});
  }
  {
    Remote r;
    r.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "1", Json::array()));
    cases.push_back({"custom list_price an array", r.json()});
  }
  {
    Remote r;
    Json g = remoteGift("g1", "For Bob", 10);
    g["amount"] = true;
    r.giftCertificates.push_back(g);
    cases.push_back({"gift amount a boolean", r.json()});
  }
  {
    Json j = Remote{}.json();
    j["line_items"] = Json::array();
    cases.push_back({"line_items an array", j});
  }
  {
    Json j = Remote{}.json();
    j["line_items"]["physical_items"] = Json::object();
    cases.push_back({"physical_items an object", j});
  }
  {
    Json j = Remote{}.json();
    j["line_items"]["physical_items"] = Json::array({42});
    cases.push_back({"an item that is a number", j});
  }
  {
    Json j = Remote{}.json();
    j["customer_id"] = "7";
    cases.push_back({"customer_id a string", j});
  }
  {
    Json j = Remote{}.json();
    j["channel_id"] = Json::array();
    cases.push_back({"channel_id an array", j});
  }
  {
    Json j = Remote{}.json();
    j["currency"] = "USD";
    cases.push_back({"currency a string", j});
  }
  {
    Json j = Remote{}.json();
    j["currency"] = Json{{"code", 840}};
    cases.push_back({"currency code a number", j});
  }
  cases.push_back({"an array", Json::array()});
  cases.push_back({"a string", Json("cart")});
  cases.push_back({"a number", Json(1)});

  for (const Case& c : cases) {
    CAPTURE(c.what);
    bcch::Result<std::vector<CartRequest>> r = bcch::planCartSync(cart, c.remote, SyncOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "invalid_remote_cart");
    CHECK_FALSE(r.error().message.empty());
  }

  SECTION("also when the local cart is empty (no DELETE to a bad path)") {
    Cart empty = usdCart();
    bcch::Result<std::vector<CartRequest>> r = bcch::planCartSync(empty, withId("../../v2/store"), SyncOptions{});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "invalid_remote_cart");
  }
}

TEST_CASE("planCartSyncJson end to end", "[sync_plan]") {
  Cart cart = usdCart();
  addTo(cart, product(80, 3, 64), LineKind::Product);
  addTo(cart, custom("WRAP", "Wrap", 300, 1), LineKind::Custom);
  const std::string saved = bcch::saveCart(cart, kCartId);
  // The merchant sells the WRAP custom item (custom_items.h); without a list the plan refuses the line.
  const std::string sells = R"({"items":[{"sku":"WRAP","name":"Wrap","prices":{"USD":300}}]})";

  auto parse = [](const std::string& text) {
    Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
    INFO(text);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j.is_object());
    return j;
  };

  SECTION("a kept cart: its id comes back with the requests") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 80, 64, 1));
    remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", "1", "3.00"));
    Json out = parse(bcch::planCartSyncJson(saved, remote.json().dump(), R"({"channelId":1})", sells));
    INFO(out.dump());
    REQUIRE(out["ok"] == true);
    CHECK(out["cartId"] == kCartId);
    REQUIRE(out["requests"].is_array());
    REQUIRE(out["requests"].size() == 1);
    Json req = out["requests"][0];
    CHECK(req["kind"] == "updateItem");
    CHECK(req["method"] == "PUT");
    CHECK(req["path"] == kCartPath + "/items/a1" + kInclude);
    CHECK(req["body"] == Json{{"line_item", Json{{"product_id", 80}, {"variant_id", 64}, {"quantity", 3}}}});
    CHECK(req["lineIds"] == Json::array({"l1"}));
  }
  SECTION("an identical cart: no requests, id kept") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 80, 64, 3));
    remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", 1, 3));
    Json out = parse(bcch::planCartSyncJson(saved, remote.json().dump(), "{}", sells));
    INFO(out.dump());
    REQUIRE(out["ok"] == true);
    CHECK(out["requests"] == Json::array());
    CHECK(out["cartId"] == kCartId);
  }
  SECTION("a replaced cart: empty id") {
    Remote remote;
    remote.currency = "EUR";
    remote.physicalItems.push_back(physical("a1", 80, 64, 3));
    Json out = parse(bcch::planCartSyncJson(saved, remote.json().dump(), R"({"customerId":7,"locale":"en"})", sells));
    INFO(out.dump());
    REQUIRE(out["ok"] == true);
    CHECK(out["cartId"] == "");
    REQUIRE(out["requests"].size() == 2);
    CHECK(out["requests"][0]["kind"] == "deleteCart");
    CHECK(out["requests"][0]["method"] == "DELETE");
    CHECK(out["requests"][0]["path"] == kCartPath);
    CHECK(out["requests"][0]["body"].is_null());
    CHECK(out["requests"][0]["lineIds"] == Json::array());
    CHECK(out["requests"][1]["kind"] == "createCart");
    CHECK(out["requests"][1]["lineIds"] == Json::array({"l1", "l2"}));
    CHECK(out["requests"][1]["method"] == "POST");
    CHECK(out["requests"][1]["path"] == "/carts" + kInclude);
    CHECK(out["requests"][1]["body"]["customer_id"] == 7);
    CHECK(out["requests"][1]["body"]["locale"] == "en");
    CHECK(out["requests"][1]["body"]["custom_items"][0]["list_price"] == 3);
  }
  SECTION("no remote cart yet: a create, empty id") {
    Json out = parse(bcch::planCartSyncJson(saved, "null", "{}", sells));
    INFO(out.dump());
    REQUIRE(out["ok"] == true);
    CHECK(out["cartId"] == "");
    REQUIRE(out["requests"].size() == 1);
    CHECK(out["requests"][0]["kind"] == "createCart");
    CHECK(out["requests"][0]["method"] == "POST");
    CHECK(out["requests"][0]["body"]["channel_id"] == 1);
    CHECK_FALSE(out["requests"][0]["body"].contains("customer_id"));
  }
  SECTION("an emptied local cart: the remote cart is deleted, empty id") {
    const std::string emptySaved = bcch::saveCart(usdCart(), kCartId);
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 80, 64, 3));
    Json out = parse(bcch::planCartSyncJson(emptySaved, remote.json().dump(), "{}", sells));
    INFO(out.dump());
    REQUIRE(out["ok"] == true);
    CHECK(out["cartId"] == "");
    REQUIRE(out["requests"].size() == 1);
    CHECK(out["requests"][0]["kind"] == "deleteCart");
    CHECK(out["requests"][0]["method"] == "DELETE");
    CHECK(out["requests"][0]["path"] == kCartPath);
  }
  SECTION("deleted items keep the cart: its id comes back") {
    Remote remote;
    remote.physicalItems.push_back(physical("a1", 80, 64, 3));
    remote.physicalItems.push_back(physical("a2", 81, 65, 1));
    remote.customItems.push_back(remoteCustom("c1", "WRAP", "Wrap", 1, 3));
    Json out = parse(bcch::planCartSyncJson(saved, remote.json().dump(), "{}", sells));
    INFO(out.dump());
    REQUIRE(out["ok"] == true);
    REQUIRE(out["requests"].size() == 1);
    CHECK(out["requests"][0]["kind"] == "deleteItem");
    CHECK(out["requests"][0]["lineIds"] == Json::array());
    CHECK(out["cartId"] == kCartId);
  }
  SECTION("an invalid remote cart") {
    Json bad = Remote{}.json();
    bad["id"] = "../x";
    Json out = parse(bcch::planCartSyncJson(saved, bad.dump(), "{}", sells));
    CHECK(out["ok"] == false);
    CHECK(out["error"]["code"] == "invalid_remote_cart");
    Json notJson = parse(bcch::planCartSyncJson(saved, "{not json", "{}"));
    CHECK(notJson["ok"] == false);
    CHECK(notJson["error"]["code"] == "invalid_remote_cart");
  }
}
