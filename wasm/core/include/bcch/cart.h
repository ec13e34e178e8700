// The shopper's local cart: what they chose, before BigCommerce prices it.
// Rules follow the request schemas of the BigCommerce Cart API, carts.v3.yml (cart_PostVariant, cart_PostModifier,
// cart_PostCustomItem, Line Item Gift Certificate Request Data).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bcch/money.h"
#include "bcch/result.h"

namespace bcch {

enum class LineKind { Product, Custom, GiftCertificate };

// An option or modifier choice. BigCommerce takes the option value id for multiple-choice options
// and free text for text modifiers, so the value is either a number or a string.
struct OptionSelection {
  int64_t optionId = 0;
  bool valueIsText = false;
  int64_t valueId = 0;
  std::string valueText;

  bool operator==(const OptionSelection& o) const {
    return optionId == o.optionId && valueIsText == o.valueIsText && valueId == o.valueId && valueText == o.valueText;
  }
};

struct Contact {
  std::string name;
  std::string email;
  bool operator==(const Contact& o) const { return name == o.name && email == o.email; }
};

// One line of the cart. A flat struct rather than a variant: fields that do not apply to a kind stay empty.
struct Line {
  std::string id;  // stable local id ("l1", "l2", ...), never reused within a cart
  LineKind kind = LineKind::Product;
  int32_t quantity = 1;

  // Product (physical or digital; BigCommerce decides which).
  int64_t productId = 0;
  std::optional<int64_t> variantId;
  std::vector<OptionSelection> optionSelections;  // kept sorted by optionId
  std::optional<int64_t> price;                   // display unit price in minor units, if the storefront knows it
  std::string imageUrl;
  std::string url;

  // Product (display name override) and custom item / gift certificate name.
  std::string name;

  // Custom item.
  std::string sku;
  int64_t listPrice = 0;  // minor units

  // Gift certificate.
  std::string theme;
  int64_t amount = 0;  // minor units
  Contact sender;
  Contact recipient;
  std::string message;
};

struct CartLimits {
  int32_t maxQuantityPerLine = 999;
  int32_t maxLines = 250;
};

struct Subtotal {
  int64_t minor = 0;  // at most kMaxSafeMinor
  // False when some product line has no known price: the subtotal then covers only the priced lines.
  bool complete = true;
};

class Cart {
 public:
  // `currency` must be a known ISO 4217 code; check with findCurrency before constructing.
  Cart(const Currency* currency, CartLimits limits);
  Cart();  // an empty USD cart with default limits

  // Adds a product line, merging into an existing line with the same product, variant and options.
  // Returns the id of the line that now holds the item.
  Result<std::string> addProduct(Line line);
  Result<std::string> addCustom(Line line);
  Result<std::string> addGiftCertificate(Line line);

  // Quantity 0 removes the line.
  Status updateQuantity(const std::string& lineId, int64_t quantity);
  Status remove(const std::string& lineId);
  void clear();

  const std::vector<Line>& lines() const { return lines_; }
  const Line* find(const std::string& lineId) const;
  int64_t count() const;  // total quantity over all lines
  Result<Subtotal> subtotal() const;

  const Currency& currency() const { return *currency_; }
  const CartLimits& limits() const { return limits_; }

  // Used by restore: puts back a saved line without merging, keeping its id.
  Status restoreLine(Line line);
  uint64_t nextLineNumber() const { return nextLineNumber_; }
  void setNextLineNumber(uint64_t n) { nextLineNumber_ = n; }

 private:
  Status checkQuantity(int64_t quantity) const;
  // The subtotal if `candidate` replaced `replaced` (or were added, when `replaced` is null): a change that
  // would make the subtotal unrepresentable is refused before it happens.
  Result<Subtotal> subtotalWith(const Line* replaced, const Line* candidate) const;
  Result<std::string> append(Line line);

  const Currency* currency_;
  CartLimits limits_;
  std::vector<Line> lines_;
  uint64_t nextLineNumber_ = 1;
};

// A custom line's own rules (carts.v3.yml cart_PostCustomItem); the custom item list checks its offers with it.
Status validateCustomItem(const Line& line);

// BigCommerce cart ids are UUIDs; anything else could smuggle a path into a Cart API URL.
bool isValidCartId(const std::string& id);

}  // namespace bcch
