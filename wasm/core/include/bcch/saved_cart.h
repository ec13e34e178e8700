// The saved cart document: what the shim keeps in localStorage and sends to the server stub.
//
// Version 2 (current):
//   {"version":2,"currency":"USD","nextLine":4,"cartId":"<BigCommerce cart id, optional>",
//    "cartToken":"<the server stub's token for that cart, optional>","lines":[{"id":"l1","type":"product","productId":80,"variantId":64,"quantity":1,"price":1999,...}, ...]}
//   Money is in integer minor units of `currency`.
// Version 1 (first release): the same lines with money as decimal strings ("19.99"), no cartId, no nextLine.
//   Restoring it migrates to version 2.
//
// Restoring never trusts the document: every field is checked as if a shopper had typed it.
#pragma once

#include <string>

#include "bcch/cart.h"

namespace bcch {

constexpr int kSavedCartVersion = 2;

struct SavedCart {
  Cart cart;
  std::string cartId;    // BigCommerce cart id once the cart has been synced, else empty
  std::string cartToken; // the server stub's cart token for cartId (opaque here), else empty
  int fromVersion = 0;   // the version that was read (lower than current when migrated)
};

std::string saveCart(const Cart& cart, const std::string& cartId, const std::string& cartToken = std::string());

// A cart token as the stub issues them (base64url text and dots, at most 1,024 characters); opaque otherwise.
bool isValidCartToken(const std::string& token);

// Error codes: saved_cart_corrupt (not JSON or not an object), saved_cart_unsupported_version
// (newer than this build knows), saved_cart_invalid (a field is missing, of the wrong type or breaks a cart rule;
// the message names it). The caller keeps the raw text for recovery.
Result<SavedCart> restoreCart(const std::string& text, CartLimits limits);

}  // namespace bcch
