// Custom items priced from the merchant's list (custom_items.h): a browser's name and price never reach the
// Cart API for a custom line.
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
