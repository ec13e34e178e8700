// The saved cart document: what the shim keeps in localStorage and sends to the server stub.
//
// Version 3 (current): version 2 plus an optional "checkout" object, the shopper's checkout details
//   (billing address, consignments, coupon and gift-certificate codes; docs/saved-cart.md). The cart core keeps it
//   as opaque JSON, checked only to be an object of at most kMaxCheckoutSectionBytes as written, so a page pays
//   nothing for checkout before it reaches it; the checkout-details module checks every field when it is used.
// Version 2:
//   {"version":2,"currency":"USD","nextLine":4,"cartId":"<BigCommerce cart id, optional>",
//    "cartToken":"<the server stub's token for that cart, optional>","lines":[{"id":"l1","type":"product","productId":80,"variantId":64,"quantity":1,"price":1999,...}, ...]}
//   Money is in integer minor units of `currency`.
// Version 1 (first release): the same lines with money as decimal strings ("19.99"), no cartId, no nextLine.
//   Restoring version 1 or 2 migrates to version 3 (without a checkout section).
//
// Restoring never trusts the document: every field is checked as if a shopper had typed it.
#pragma once

#include <string>

#include "bcch/cart.h"

namespace bcch {

constexpr int kSavedCartVersion = 3;
// The checkout section is a few addresses and codes; anything near this size is not one, and localStorage is small.
constexpr size_t kMaxCheckoutSectionBytes = 16 * 1024;

struct SavedCart {
  Cart cart;
  std::string cartId;    // BigCommerce cart id once the cart has been synced, else empty
  std::string cartToken; // the server stub's cart token for cartId (opaque here), else empty
  std::string checkout;  // the checkout section as the JSON text of an object, else empty
  int fromVersion = 0;   // the version that was read (lower than current when migrated)
};

std::string saveCart(const Cart& cart, const std::string& cartId, const std::string& cartToken = std::string(),
                     const std::string& checkout = std::string());

// JSON text of a checkout section -> the same text, or "" for "" and "null" (no section).
// Anything but an object, or one over kMaxCheckoutSectionBytes, is refused with `code`.
Result<std::string> checkCheckoutSection(const std::string& json, const char* code);

// A cart token as the stub issues them (base64url text and dots, at most 1,024 characters); opaque otherwise.
bool isValidCartToken(const std::string& token);

// Error codes: saved_cart_corrupt (not JSON or not an object), saved_cart_unsupported_version
// (newer than this build knows), saved_cart_invalid (a field is missing, of the wrong type or breaks a cart rule;
// the message names it). The caller keeps the raw text for recovery.
Result<SavedCart> restoreCart(const std::string& text, CartLimits limits);

}  // namespace bcch
