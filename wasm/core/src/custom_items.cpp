#include "bcch/custom_items.h"

#include <algorithm>

#include "bcch/json_fields.h"

namespace bcch {

namespace {
const char* const kCode = "invalid_custom_items";
}

Result<CustomItemList> CustomItemList::parse(const std::string& json) {
  Result<Json> parsed = parseJson(json, kCode);
  if (!parsed.ok()) return parsed.error();
  if (!parsed.value().is_object()) return makeError(kCode, "the custom item list must be an object {\"items\": [...]}");
  JsonFields top(parsed.value(), "", kCode);
  const Json* items = top.optionalArray("items");
  if (!top.ok()) return top.error();
  if (!items) return makeError(kCode, "items is required");
  CustomItemList list;
  for (size_t i = 0; i < items->size(); ++i) {
    const std::string path = "items[" + std::to_string(i) + "]";
    if (!(*items)[i].is_object()) return makeError(kCode, path + " must be an object");
    JsonFields f((*items)[i], path, kCode);
    CustomItemOffer offer;
    offer.sku = f.string("sku");
    offer.name = f.string("name");
    const std::optional<int64_t> max = f.optionalInteger("maxQuantity");
    const Json* prices = f.optionalObject("prices");
    if (!f.ok()) return f.error();
    if (!prices) return makeError(kCode, path + ".prices is required");
    // The same rules as a custom line (cart.h validateCustomItem), checked once here.
    Line probe;
    probe.kind = LineKind::Custom;
    probe.sku = offer.sku;
    probe.name = offer.name;
    if (Status s = validateCustomItem(probe); !s.ok()) return makeError(kCode, path + ": " + s.error().message);
    if (list.find(offer.sku)) return makeError(kCode, path + ".sku \"" + offer.sku + "\" is listed twice");
    if (max && (*max < 1 || *max > 999)) return makeError(kCode, path + ".maxQuantity must be 1 to 999");
    offer.maxQuantity = max ? static_cast<int32_t>(*max) : 0;
    for (auto it = prices->begin(); it != prices->end(); ++it) {
      const std::string where = path + ".prices." + it.key();
      if (!findCurrency(it.key()) || it.key().size() != 3 || it.key() != std::string(findCurrency(it.key())->code))
        return makeError(kCode, where + ": not an upper-case ISO 4217 currency code");
      if (!it.value().is_number_integer()) return makeError(kCode, where + " must be a whole number of minor units");
      const int64_t minor = it.value().get<int64_t>();
      if (minor < 0 || minor > kMaxSafeMinor) return makeError(kCode, where + " must be 0 or more, and not too large");
      offer.prices.emplace_back(it.key(), minor);
    }
    if (offer.prices.empty()) return makeError(kCode, path + ".prices must name at least one currency");
    list.offers_.push_back(std::move(offer));
  }
  return list;
}

const CustomItemOffer* CustomItemList::find(const std::string& sku) const {
  for (const CustomItemOffer& offer : offers_)
    if (offer.sku == sku) return &offer;
  return nullptr;
}

Status priceCustomLine(Line& line, const CustomItemList* list, const Currency& currency) {
  if (!list) return makeError("custom_items_not_sold", "This store does not sell custom items");
  const CustomItemOffer* offer = list->find(line.sku);
  if (!offer) return makeError("unknown_custom_item", "\"" + line.sku + "\" is not an item this store sells");
  const auto price = std::find_if(offer->prices.begin(), offer->prices.end(), [&](const auto& p) { return p.first == currency.code; });
  if (price == offer->prices.end())
    return makeError("custom_item_price_missing", "\"" + offer->name + "\" has no price in " + currency.code);
  if (offer->maxQuantity && line.quantity > offer->maxQuantity)
    return makeError("custom_item_quantity_exceeds_max", "At most " + std::to_string(offer->maxQuantity) + " of \"" + offer->name + "\" per order");
  line.name = offer->name;
  line.listPrice = price->second;
  return ok();
}

}  // namespace bcch
