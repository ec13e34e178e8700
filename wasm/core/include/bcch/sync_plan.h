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

struct CartRequest {
  std::string method;  // POST, PUT or DELETE
  std::string path;    // relative to https://api.bigcommerce.com/stores/{store_hash}/v3
  std::string body;    // JSON text; empty for requests without a body
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

}  // namespace bcch
