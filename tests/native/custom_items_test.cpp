// Custom items priced from the merchant's list (custom_items.h): a browser's name and price never reach the
// Cart API for a custom line.
#include <regex>

#include <catch2/catch.hpp>

#include "bcch/custom_items.h"

using namespace bcch;

namespace {
const char* const kList = R"({"items":[
  {"sku":"GIFT-WRAP","name":"Gift wrap","prices":{"USD":400,"EUR":350},"maxQuantity":5},
  {"sku":"SAMPLE","name":"Fabric sample","prices":{"USD":0}}]})";

Line customLine(const std::string& sku, int32_t quantity, int64_t listPrice, const std::string& name = "Anything") {
  Line line;
  line.kind = LineKind::Custom;
  line.sku = sku;
  line.name = name;
  line.quantity = quantity;
  line.listPrice = listPrice;
  return line;
}
}  // namespace

TEST_CASE("a listed custom item takes the list's name and price, whatever the line said", "[custom_items]") {
  Result<CustomItemList> list = CustomItemList::parse(kList);
  REQUIRE(list.ok());
  Line line = customLine("GIFT-WRAP", 2, 0, "Orbit Terrarium");
  REQUIRE(priceCustomLine(line, &list.value(), *findCurrency("USD")).ok());
  CHECK(line.name == "Gift wrap");
  CHECK(line.listPrice == 400);
  Line euro = customLine("GIFT-WRAP", 1, 1);
  REQUIRE(priceCustomLine(euro, &list.value(), *findCurrency("EUR")).ok());
  CHECK(euro.listPrice == 350);
  Line free = customLine("SAMPLE", 3, 999);
  REQUIRE(priceCustomLine(free, &list.value(), *findCurrency("USD")).ok());
  CHECK(free.listPrice == 0);
}

TEST_CASE("custom lines the list does not allow are refused with a stable code", "[custom_items]") {
  Result<CustomItemList> list = CustomItemList::parse(kList);
  REQUIRE(list.ok());
  const Currency& usd = *findCurrency("USD");
  Line terrarium = customLine("ORB-TERR", 5, 0, "Orbit Terrarium");
  CHECK(priceCustomLine(terrarium, nullptr, usd).error().code == "custom_items_not_sold");
  CHECK(priceCustomLine(terrarium, &list.value(), usd).error().code == "unknown_custom_item");
  Line many = customLine("GIFT-WRAP", 6, 400);
  Status tooMany = priceCustomLine(many, &list.value(), usd);
  CHECK(tooMany.error().code == "custom_item_quantity_exceeds_max");
  CHECK_THAT(tooMany.error().message, Catch::Contains("At most 5"));
  Line yen = customLine("SAMPLE", 1, 0);
  CHECK(priceCustomLine(yen, &list.value(), *findCurrency("JPY")).error().code == "custom_item_price_missing");
  // Case matters: BigCommerce SKUs are case-sensitive.
  Line lower = customLine("gift-wrap", 1, 400);
  CHECK(priceCustomLine(lower, &list.value(), usd).error().code == "unknown_custom_item");
}

TEST_CASE("the list itself is checked, each error naming the path", "[custom_items]") {
  const std::pair<const char*, const char*> bad[] = {
      {"not json", ""},
      {"[]", "must be an object"},
      {"{}", "items is required"},
      {R"({"items":[1]})", "items[0] must be an object"},
      {R"({"items":[{"name":"A","prices":{"USD":1}}]})", "items[0].sku"},
      {R"({"items":[{"sku":"A","prices":{"USD":1}}]})", "items[0].name"},
      {R"({"items":[{"sku":"A","name":"A"}]})", "items[0].prices is required"},
      {R"({"items":[{"sku":"A","name":"A","prices":{}}]})", "at least one currency"},
      {R"({"items":[{"sku":"A","name":"A","prices":{"usd":1}}]})", "items[0].prices.usd"},
      {R"({"items":[{"sku":"A","name":"A","prices":{"XYZ":1}}]})", "items[0].prices.XYZ"},
      {R"({"items":[{"sku":"A","name":"A","prices":{"USD":1.5}}]})", "whole number of minor units"},
      {R"({"items":[{"sku":"A","name":"A","prices":{"USD":-1}}]})", "0 or more"},
      {R"({"items":[{"sku":"A","name":"A","prices":{"USD":1},"maxQuantity":0}]})", "maxQuantity must be 1 to 999"},
      {R"({"items":[{"sku":"A","name":"A","prices":{"USD":1}},{"sku":"A","name":"B","prices":{"USD":1}}]})", "listed twice"},
      {R"({"items":[{"sku":"","name":"A","prices":{"USD":1}}]})", "items[0]: sku must have 1 to 255 characters"},
  };
  for (const auto& [json, expected] : bad) {
    INFO(json);
    Result<CustomItemList> list = CustomItemList::parse(json);
    REQUIRE_FALSE(list.ok());
    CHECK(list.error().code == "invalid_custom_items");
    CHECK_THAT(list.error().message, Catch::Contains(expected));
  }
  CHECK(CustomItemList::parse(R"({"items":[]})").ok());
}

// ---------------------------------------------------------------------------------------------------------------
// Through the facade (api.h): the server stub's plan and a page's cart session.
#include <nlohmann/json.hpp>

#include "bcch/api.h"

namespace {
nlohmann::json parsed(const std::string& text) { return nlohmann::json::parse(text, nullptr, false); }
const char* const kSavedWithCustom = R"({"version":2,"currency":"USD","nextLine":3,"lines":[
  {"id":"l1","type":"product","productId":80,"variantId":64,"quantity":1},
  {"id":"l2","type":"custom","sku":"ORB-TERR","name":"Orbit Terrarium","listPrice":0,"quantity":5}]})";
}  // namespace

TEST_CASE("the plan refuses custom lines when the store sells none, naming the line", "[custom_items][api]") {
  const nlohmann::json out = parsed(planCartSyncJson(kSavedWithCustom, "null", R"({"channelId":1})"));
  CHECK(out["ok"] == false);
  CHECK(out["error"]["code"] == "custom_items_not_sold");
  CHECK(out["error"]["lineId"] == "l2");
}

TEST_CASE("the plan prices custom lines from the list, whatever the saved cart says", "[custom_items][api]") {
  const std::string options = R"({"channelId":1})";
  std::string saved = kSavedWithCustom;
  const nlohmann::json unknown = parsed(planCartSyncJson(saved, "null", options, kList));
  CHECK(unknown["error"]["code"] == "unknown_custom_item");
  CHECK(unknown["error"]["lineId"] == "l2");

  saved.replace(saved.find("ORB-TERR"), 8, "GIFT-WRAP");
  const nlohmann::json out = parsed(planCartSyncJson(saved, "null", options, kList));
  REQUIRE(out["ok"] == true);
  const nlohmann::json& body = out["requests"][0]["body"];
  REQUIRE(body["custom_items"].size() == 1);
  CHECK(body["custom_items"][0]["sku"] == "GIFT-WRAP");
  CHECK(body["custom_items"][0]["name"] == "Gift wrap");
  CHECK(body["custom_items"][0]["list_price"] == 4.0);
  CHECK(body["custom_items"][0]["quantity"] == 5);

  const std::string tooMany = std::regex_replace(saved, std::regex("\"quantity\":5"), "\"quantity\":6");
  CHECK(parsed(planCartSyncJson(tooMany, "null", options, kList))["error"]["code"] == "custom_item_quantity_exceeds_max");
  CHECK(parsed(planCartSyncJson(saved, "null", "{}", R"({"items":[{"sku":""}]})"))["error"]["code"] == "invalid_custom_items");
}

TEST_CASE("a page given the list gets the same answers early", "[custom_items][api]") {
  CartSession s;
  REQUIRE(parsed(s.setCustomItems(kList))["ok"] == true);
  const nlohmann::json added = parsed(s.add(R"({"sku":"GIFT-WRAP","name":"Free!","listPrice":0,"quantity":2})", LineKind::Custom));
  REQUIRE(added["ok"] == true);
  const nlohmann::json line = parsed(s.view())["lines"][0];
  CHECK(line["name"] == "Gift wrap");
  CHECK(line["listPrice"] == 400);
  CHECK(parsed(s.add(R"({"sku":"ORB-TERR","name":"x","listPrice":0})", LineKind::Custom))["error"]["code"] == "unknown_custom_item");
  CHECK(parsed(s.setCustomItems("{\"items\":1}"))["error"]["code"] == "invalid_custom_items");
  REQUIRE(parsed(s.setCustomItems(""))["ok"] == true);
  CHECK(parsed(s.add(R"({"sku":"ORB-TERR","name":"x","listPrice":0})", LineKind::Custom))["ok"] == true);
  CHECK(parsed(checkCustomItemsJson(kList))["skus"] == nlohmann::json::array({"GIFT-WRAP", "SAMPLE"}));
}
