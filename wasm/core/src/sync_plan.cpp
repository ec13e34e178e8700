#include "bcch/sync_plan.h"

#include "bcch/cart_json.h"

namespace bcch {

const char* const kCartInclude = "redirect_urls,line_items.physical_items.options,line_items.digital_items.options";

const char* cartRequestKindName(CartRequestKind kind) {
  // In CartRequestKind's order.
  static const char* const kNames[] = {"createCart", "addItems", "updateItem", "deleteItem", "deleteCart", "setCustomer"};
  return kNames[static_cast<int>(kind)];
}

namespace {
constexpr const char* kInvalid = "invalid_remote_cart";

struct RemoteOption {
  int64_t nameId = 0;
  int64_t valueId = 0;
  std::string value;
};

// One item of the remote cart, reduced to what matching needs.
struct RemoteItem {
  std::string id;
  LineKind kind = LineKind::Product;
  int64_t quantity = 0;
  int64_t productId = 0;
  std::optional<int64_t> variantId;
  bool hasOptions = false;
  std::vector<RemoteOption> options;
  std::string sku, name, theme, message;
  int64_t money = 0;  // custom list_price or gift certificate amount, minor units
  Contact sender, recipient;
  bool addedByPromotion = false;  // a free gift a promotion put there: BigCommerce's, not ours to remove
  bool matched = false;
};

struct RemoteCart {
  std::string id;
  std::string currency;
  int64_t channelId = 1;
  int64_t customerId = 0;
  std::vector<RemoteItem> items;
};

// The Cart API types some numbers as strings (ItemCustom.quantity and list_price): accept both.
std::optional<int64_t> readMoney(JsonFields& f, const char* key, const Currency& currency) {
  const Json* v = f.raw(key);
  Result<int64_t> r = v ? amountFromJson(*v, currency) : Result<int64_t>(makeError(kInvalid, "missing"));
  if (!r.ok()) {
    f.fail(f.pathOf(key) + " is not an amount in " + currency.code);
    return std::nullopt;
  }
  return r.value();
}

std::optional<int64_t> readQuantity(JsonFields& f) {
  const Json* v = f.raw("quantity");
  if (v && v->is_string()) {
    Result<int64_t> r = parseDecimal(v->get<std::string>(), 0);
    if (r.ok()) return r.value();
    f.fail(f.pathOf("quantity") + " must be an integer");
    return std::nullopt;
  }
  return f.integer("quantity");
}

Contact readContact(JsonFields& parent, const char* key) {
  Contact c;
  const Json* obj = parent.optionalObject(key);
  if (!obj) return c;
  JsonFields f(*obj, parent.pathOf(key), kInvalid);
  c.name = f.optionalString("name");
  c.email = f.optionalString("email");
  if (!f.ok()) parent.fail(f.error().message);
  return c;
}

Result<RemoteCart> readRemote(const Json& json, const Currency& localCurrency) {
  RemoteCart cart;
  JsonFields f(json, "cart", kInvalid);
  cart.id = f.string("id");
  if (const Json* currency = f.optionalObject("currency")) {
    JsonFields c(*currency, f.pathOf("currency"), kInvalid);
    cart.currency = c.optionalString("code");
    if (!c.ok()) return c.error();
  }
  cart.channelId = f.optionalInteger("channel_id").value_or(1);
  cart.customerId = f.optionalInteger("customer_id").value_or(0);
  if (!f.ok()) return f.error();
  if (!isValidCartId(cart.id)) return makeError(kInvalid, "cart.id is not a cart id");
  // Amounts are only compared when the currencies agree; otherwise the cart is replaced anyway.
  const Currency* currency = findCurrency(cart.currency);
  if (!currency) currency = &localCurrency;

  const Json* lineItems = f.optionalObject("line_items");
  if (!f.ok()) return f.error();
  if (!lineItems) return cart;
  JsonFields groups(*lineItems, f.pathOf("line_items"), kInvalid);
  const char* const kGroups[] = {"physical_items", "digital_items", "custom_items", "gift_certificates"};
  for (int g = 0; g < 4; ++g) {
    const Json* items = groups.optionalArray(kGroups[g]);
    if (!groups.ok()) return groups.error();
    if (!items) continue;
    for (size_t i = 0; i < items->size(); ++i) {
      JsonFields it((*items)[i], groups.pathOf(kGroups[g]) + "[" + std::to_string(i) + "]", kInvalid);
      RemoteItem item;
      item.id = it.string("id");
      if (g < 2) {
        // Bundled child items (parent_id set) come and go with their parent; they are not ours to manage.
        if (!it.optionalString("parent_id").empty()) continue;
        item.kind = LineKind::Product;
        item.productId = it.integer("product_id");
        item.variantId = it.optionalInteger("variant_id");
        item.quantity = readQuantity(it).value_or(0);
        if (const Json* promo = it.raw("added_by_promotion")) item.addedByPromotion = promo->is_boolean() && promo->get<bool>();
        if (const Json* options = it.optionalArray("options")) {
          item.hasOptions = true;
          for (size_t o = 0; o < options->size() && it.ok(); ++o) {
            JsonFields of((*options)[o], it.pathOf("options") + "[" + std::to_string(o) + "]", kInvalid);
            RemoteOption option;
            option.nameId = of.optionalInteger("nameId").value_or(0);
            option.valueId = of.optionalInteger("valueId").value_or(0);
            option.value = of.optionalString("value");
            if (!of.ok()) it.fail(of.error().message);
            item.options.push_back(std::move(option));
          }
        }
      } else if (g == 2) {
        item.kind = LineKind::Custom;
        item.sku = it.optionalString("sku");
        item.name = it.optionalString("name");
        item.quantity = readQuantity(it).value_or(0);
        item.money = readMoney(it, "list_price", *currency).value_or(0);
      } else {
        item.kind = LineKind::GiftCertificate;
        item.quantity = 1;
        item.name = it.optionalString("name");
        item.theme = it.optionalString("theme");
        item.message = it.optionalString("message");
        item.money = readMoney(it, "amount", *currency).value_or(0);
        item.sender = readContact(it, "sender");
        item.recipient = readContact(it, "recipient");
      }
      if (it.ok() && !isValidCartId(item.id)) it.fail(it.pathOf("id") + " is not an item id");
      if (!it.ok()) return it.error();
      cart.items.push_back(std::move(item));
    }
  }
  return cart;
}

bool optionsMatch(const Line& line, const RemoteItem& item) {
  if (line.optionSelections.empty()) return true;
  // Without the options in the response we cannot tell modifier choices apart: no match, re-add instead.
  if (!item.hasOptions) return false;
  for (const OptionSelection& sel : line.optionSelections) {
    bool found = false;
    for (const RemoteOption& o : item.options) {
      if (o.nameId != sel.optionId) continue;
      found = sel.valueIsText ? o.value == sel.valueText : o.valueId == sel.valueId;
      if (found) break;
    }
    if (!found) return false;
  }
  return true;
}

// Every remote option is one the line chose: a plain line is not the same as an engraved one, even though
// the engraved one's options include everything the plain line chose (nothing).
bool optionsExact(const Line& line, const RemoteItem& item) {
  return item.hasOptions ? item.options.size() == line.optionSelections.size() : line.optionSelections.empty();
}

bool sameItem(const Line& line, const RemoteItem& item) {
  if (line.kind != item.kind) return false;
  switch (line.kind) {
    case LineKind::Product:
      return line.productId == item.productId && (!line.variantId || line.variantId == item.variantId) &&
             optionsMatch(line, item);
    case LineKind::Custom:
      return line.sku == item.sku && line.name == item.name && line.listPrice == item.money;
    case LineKind::GiftCertificate:
      return line.name == item.name && line.theme == item.theme && line.amount == item.money &&
             line.sender == item.sender && line.recipient == item.recipient && line.message == item.message;
  }
  return false;
}

// Pairs remote items with local lines (remote index, local index), marking both matched.
// Pairing goes from the closest matches to the loosest: exact options and equal quantity first (nothing
// to send), then exact options, then options the remote item merely contains (variant options the line
// gave as a variant id), with equal quantities preferred at each step so no update is planned needlessly.
std::vector<std::pair<size_t, size_t>> pairLines(const Cart& local, RemoteCart& remote, std::vector<bool>& lineMatched) {
  std::vector<std::pair<size_t, size_t>> pairs;
  for (int pass = 0; pass < 4; ++pass) {
    const bool needExactOptions = pass < 2;
    const bool needEqualQuantity = pass % 2 == 0;
    for (size_t r = 0; r < remote.items.size(); ++r) {
      RemoteItem& item = remote.items[r];
      if (item.matched) continue;
      for (size_t l = 0; l < local.lines().size(); ++l) {
        const Line& line = local.lines()[l];
        if (lineMatched[l] || !sameItem(line, item)) continue;
        if (needExactOptions && line.kind == LineKind::Product && !optionsExact(line, item)) continue;
        if (needEqualQuantity && line.quantity != item.quantity) continue;
        item.matched = true;
        lineMatched[l] = true;
        pairs.emplace_back(r, l);
        break;
      }
    }
  }
  return pairs;
}

void writeOptionSelections(JsonWriter& out, const Line& line) {
  out.key("option_selections").beginArray();
  for (const OptionSelection& o : line.optionSelections) {
    out.beginObject().key("option_id").integer(o.optionId).key("option_value");
    if (o.valueIsText) out.string(o.valueText); else out.integer(o.valueId);
    out.endObject();
  }
  out.endArray();
}

void writeProduct(JsonWriter& out, const Line& line) {
  out.beginObject();
  out.key("quantity").integer(line.quantity);
  out.key("product_id").integer(line.productId);
  if (line.variantId) out.key("variant_id").integer(*line.variantId);
  if (!line.optionSelections.empty()) writeOptionSelections(out, line);
  // No list_price: prices are BigCommerce's, never the browser's.
  out.endObject();
}

void writeCustom(JsonWriter& out, const Line& line, const Currency& currency) {
  out.beginObject();
  out.key("sku").string(line.sku);
  out.key("name").string(line.name);
  out.key("quantity").integer(line.quantity);
  out.key("list_price").decimal(line.listPrice, currency.exponent);
  if (!line.imageUrl.empty()) out.key("image_url").string(line.imageUrl);
  out.endObject();
}

void writeGiftCertificate(JsonWriter& out, const Line& line, const Currency& currency) {
  out.beginObject();
  out.key("name").string(line.name);
  out.key("theme").string(line.theme);
  out.key("amount").decimal(line.amount, currency.exponent);
  out.key("quantity").integer(1);
  writeContact(out, "sender", line.sender);
  writeContact(out, "recipient", line.recipient);
  if (!line.message.empty()) out.key("message").string(line.message);
  out.endObject();
}

// The item arrays of a create or add request (CartCreatePostData / Cart_Line_Item_Update_Post),
// written into an object the caller has opened; `lineIds` gets the id of each line in the order it was written.
void writeItems(JsonWriter& out, const std::vector<const Line*>& lines, const Currency& currency,
                std::vector<std::string>& lineIds) {
  // line_items is always sent: the create endpoint lists it as required even when only custom items are added.
  out.key("line_items").beginArray();
  for (const Line* line : lines)
    if (line->kind == LineKind::Product) {
      writeProduct(out, *line);
      lineIds.push_back(line->id);
    }
  out.endArray();
  for (LineKind kind : {LineKind::Custom, LineKind::GiftCertificate}) {
    bool open = false;
    for (const Line* line : lines) {
      if (line->kind != kind) continue;
      if (!open) out.key(kind == LineKind::Custom ? "custom_items" : "gift_certificates").beginArray();
      open = true;
      if (kind == LineKind::Custom) writeCustom(out, *line, currency);
      else writeGiftCertificate(out, *line, currency);
      lineIds.push_back(line->id);
    }
    if (open) out.endArray();
  }
}

CartRequest createRequest(const Cart& local, const SyncOptions& options) {
  std::vector<const Line*> all;
  for (const Line& line : local.lines()) all.push_back(&line);
  CartRequest request{CartRequestKind::CreateCart, "POST", std::string("/carts?include=") + kCartInclude, "", {}};
  JsonWriter body;
  body.beginObject();
  writeItems(body, all, local.currency(), request.lineIds);
  body.key("channel_id").integer(options.channelId);
  body.key("currency").beginObject().key("code").string(local.currency().code).endObject();
  if (options.customerId) body.key("customer_id").integer(*options.customerId);
  if (!options.locale.empty()) body.key("locale").string(options.locale);
  body.endObject();
  request.body = body.take();
  return request;
}

}  // namespace

Result<std::vector<CartRequest>> planCartSync(const Cart& local, const Json& remoteJson, const SyncOptions& options) {
  std::vector<CartRequest> plan;
  if (remoteJson.is_null()) {
    if (!local.lines().empty()) plan.push_back(createRequest(local, options));
    return plan;
  }
  Result<RemoteCart> parsed = readRemote(remoteJson, local.currency());
  if (!parsed.ok()) return parsed.error();
  RemoteCart& remote = parsed.value();
  const std::string cartPath = "/carts/" + remote.id;

  const int64_t wantedCustomer = options.customerId.value_or(0);
  // A cart of another customer is never handed over, nor a customer's cart to a guest, and never changed or
  // deleted either: it is theirs, and BigCommerce keeps it for them. The shopper gets a new cart. A guest cart
  // can be claimed by the customer who just signed in.
  if (remote.customerId != 0 && remote.customerId != wantedCustomer) {
    if (!local.lines().empty()) plan.push_back(createRequest(local, options));
    return plan;
  }
  if (local.lines().empty()) {
    plan.push_back(CartRequest{CartRequestKind::DeleteCart, "DELETE", cartPath, "", {}});
    return plan;
  }

  const Currency* remoteCurrency = findCurrency(remote.currency);
  const bool sameCurrency = remoteCurrency == &local.currency();
  if (!sameCurrency || remote.channelId != options.channelId) {
    plan.push_back(CartRequest{CartRequestKind::DeleteCart, "DELETE", cartPath, "", {}});
    plan.push_back(createRequest(local, options));
    return plan;
  }

  const std::string include = std::string("?include=") + kCartInclude;
  std::vector<bool> lineMatched(local.lines().size(), false);
  const std::vector<std::pair<size_t, size_t>> pairs = pairLines(local, remote, lineMatched);

  std::vector<const Line*> toAdd;
  std::vector<CartRequest> updates;
  std::vector<CartRequest> deletes;
  auto deleteItem = [&](const std::string& itemId) -> CartRequest& {
    deletes.push_back(CartRequest{CartRequestKind::DeleteItem, "DELETE", cartPath + "/items/" + itemId + include, "", {}});
    return deletes.back();
  };
  for (const auto& [r, l] : pairs) {
    const RemoteItem& item = remote.items[r];
    const Line& line = local.lines()[l];
    if (item.quantity == line.quantity) continue;
    if (line.kind == LineKind::Product) {
      // carts.v3.yml updateCartLineItem: "If the product has modifiers, omit the variant_id and instead use
      // the option_selections array to describe both the variant and the modifier selections."
      JsonWriter body;
      body.beginObject().key("line_item").beginObject();
      body.key("product_id").integer(item.productId);
      body.key("quantity").integer(line.quantity);
      if (!line.optionSelections.empty()) writeOptionSelections(body, line);
      else if (item.variantId) body.key("variant_id").integer(*item.variantId);
      body.endObject().endObject();
      updates.push_back(
          CartRequest{CartRequestKind::UpdateItem, "PUT", cartPath + "/items/" + item.id + include, body.take(), {line.id}});
    } else {
      // Custom items cannot be updated: add the new quantity, then delete the old line.
      toAdd.push_back(&line);
      deleteItem(item.id).lineIds.push_back(line.id);
    }
  }
  for (size_t l = 0; l < local.lines().size(); ++l)
    if (!lineMatched[l]) toAdd.push_back(&local.lines()[l]);
  for (const RemoteItem& item : remote.items)
    if (!item.matched && !item.addedByPromotion) deleteItem(item.id);  // serves no local line

  if (remote.customerId != wantedCustomer) {
    JsonWriter body;
    body.beginObject().key("customer_id").integer(wantedCustomer).endObject();
    plan.push_back(CartRequest{CartRequestKind::SetCustomer, "PUT", cartPath, body.take(), {}});
  }
  if (!toAdd.empty()) {
    CartRequest add{CartRequestKind::AddItems, "POST", cartPath + "/items" + include, "", {}};
    JsonWriter body;
    body.beginObject();
    writeItems(body, toAdd, local.currency(), add.lineIds);
    body.endObject();
    add.body = body.take();
    plan.push_back(std::move(add));
  }
  for (CartRequest& update : updates) plan.push_back(std::move(update));
  for (CartRequest& deletion : deletes) plan.push_back(std::move(deletion));
  return plan;
}

Result<std::vector<LineMatch>> matchCartLines(const Cart& local, const Json& remote) {
  Result<RemoteCart> parsed = readRemote(remote, local.currency());
  if (!parsed.ok()) return parsed.error();
  std::vector<bool> lineMatched(local.lines().size(), false);
  std::vector<LineMatch> matches;
  for (const auto& [r, l] : pairLines(local, parsed.value(), lineMatched))
    matches.push_back(LineMatch{local.lines()[l].id, parsed.value().items[r].id});
  return matches;
}

}  // namespace bcch
