// The plan of Cart API calls that brings a BigCommerce cart in line with the local one.
// The server stub runs it; the core only decides. Bodies follow carts.v3.yml (CartCreatePostData,
// Cart_Line_Item_Update_Post, Cart_Line_Item_Update_Put).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bcch/cart.h"
#include "bcch/json_fields.h"
#include "bcch/json_writer.h"

namespace bcch {

// What a planned request does: one Cart API operation each (carts.v3.yml operation in brackets).
enum class CartRequestKind {
  CreateCart,   // POST /carts (createCart)
  AddItems,     // POST /carts/{cartId}/items (addCartLineItems)
  UpdateItem,   // PUT /carts/{cartId}/items/{itemId} (updateCartLineItem)
  DeleteItem,   // DELETE /carts/{cartId}/items/{itemId} (deleteCartLineItem)
  DeleteCart,   // DELETE /carts/{cartId} (deleteCart)
  SetCustomer,  // PUT /carts/{cartId} with customer_id (updateCart, "Update Customer ID")
};

// The kind's stable name for JS: "createCart", "addItems", "updateItem", "deleteItem", "deleteCart",
// "setCustomer".
const char* cartRequestKindName(CartRequestKind kind);

struct CartRequest {
  CartRequestKind kind;
  std::string method;  // POST, PUT or DELETE
  std::string path;    // relative to https://api.bigcommerce.com/stores/{store_hash}/v3
  std::string body;    // JSON text; empty for requests without a body
  // The local lines (Line::id) the request serves. createCart and addItems: one per item of the body, in the
  // body's order (line_items, then custom_items, then gift_certificates). updateItem: the line whose quantity
  // changes. deleteItem: the line whose custom item is replaced by one of a new quantity, or none for an item
  // the local cart no longer has. deleteCart and setCustomer: none.
  std::vector<std::string> lineIds;
};

struct SyncOptions {
  int64_t channelId = 1;
  std::optional<int64_t> customerId;  // the signed-in customer; none for a guest
  std::string locale;                 // optional, "en" or "en-US"
};

// What the server should ask BigCommerce to include in cart responses, so the next plan can match
// line items with modifiers (options) and checkout can start from the same response (redirect_urls).
extern const char* const kCartInclude;

// `remote` is the last known Cart API response's `data` (Cart_Full), or null when no cart exists yet.
// The plan is minimal while keeping the remote cart (its id, coupons and checkout progress):
//   one POST for all new items, one PUT per changed quantity, one DELETE per removed item, adds first
//   so the cart is never emptied (deleting its last item deletes it).
// The cart is replaced (DELETE then create) only when it cannot be kept: another currency or channel, or a
// customer other than the signed-in one. Custom items cannot be updated (carts.v3.yml): a new quantity is
// an add of the new item plus a delete of the old one.
// Error codes: invalid_remote_cart (the message names the field).
Result<std::vector<CartRequest>> planCartSync(const Cart& local, const Json& remote, const SyncOptions& options);

// Which remote item serves which local line, paired exactly as planCartSync pairs them, so that the checkout
// details (whose consignments name local lines) reach the items of the same BigCommerce cart. `remote` is a
// Cart_Full, or the `cart` of a Checkout, which has the same line items. Lines without an item are left out.
struct LineMatch {
  std::string lineId;
  std::string itemId;
};
Result<std::vector<LineMatch>> matchCartLines(const Cart& local, const Json& remote);

}  // namespace bcch
