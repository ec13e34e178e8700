// Custom items are the merchant's, not the shopper's. BigCommerce's Cart API takes a custom item's name and
// list_price as sent (carts.v3.yml cart_PostCustomItem), so a browser that chose them could sell a catalog SKU
// at 0.00. A merchant who sells custom items (gift wrap, engraving, samples) lists them; every custom line is
// priced and named from that list, whatever the browser sent, and a SKU that is not on it is refused. The
// server has the final word; a page given the same list gets the same answers early.
#pragma once

#include <cstdint>
#include <utility>
#include <string>
#include <vector>

#include "bcch/cart.h"
#include "bcch/money.h"
#include "bcch/result.h"

namespace bcch {

struct CustomItemOffer {
  std::string sku;
  std::string name;
  std::vector<std::pair<std::string, int64_t>> prices;  // (ISO 4217 code, price in its minor units)
  int32_t maxQuantity = 0;               // 0: the cart's own per-line limit
};

class CustomItemList {
 public:
  // {"items": [{"sku": "GIFT-WRAP", "name": "Gift wrap", "prices": {"USD": 400, "EUR": 350},
  //             "maxQuantity": 5}]}; every field checked, errors name the path (code invalid_custom_items).
  static Result<CustomItemList> parse(const std::string& json);

  const CustomItemOffer* find(const std::string& sku) const;
  const std::vector<CustomItemOffer>& offers() const { return offers_; }

 private:
  std::vector<CustomItemOffer> offers_;
};

// The line as the merchant sells it: name and list price from the list for `currency`, the quantity checked
// against the offer's maximum. `list` null means custom items are not sold at all. Codes:
// custom_items_not_sold, unknown_custom_item, custom_item_price_missing, custom_item_quantity_exceeds_max.
Status priceCustomLine(Line& line, const CustomItemList* list, const Currency& currency);

}  // namespace bcch
