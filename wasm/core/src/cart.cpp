#include "bcch/cart.h"

#include <algorithm>

#include "bcch/text.h"

namespace bcch {
namespace {

// Display links are rendered as <a href>/<img src> by storefronts: refuse javascript:, data: and the like.
Status checkDisplayUrl(const std::string& url, const char* field) {
  if (url.empty()) return ok();
  if (url.size() > 2048) return makeError("invalid_url", std::string(field) + " is longer than 2048 characters");
  if (hasControlOrSpace(url)) return makeError("invalid_url", std::string(field) + " contains spaces or control characters");
  const bool absolute = startsWithIgnoreCase(url, "https://") || startsWithIgnoreCase(url, "http://");
  const bool rootRelative = url[0] == '/' && (url.size() == 1 || (url[1] != '/' && url[1] != '\\'));
  if (!absolute && !rootRelative)
    return makeError("invalid_url", std::string(field) + " must be an http(s) URL or a path starting with '/'");
  return ok();
}

// Option selections in optionId order, as add and restore both keep them, so that the same product with the same
// options merges whatever order the page named them in (sameProduct compares them in order). One comparator type
// for both, so the .wasm holds one std::sort, not one per caller.
struct ByOptionId {
  bool operator()(const OptionSelection& a, const OptionSelection& b) const { return a.optionId < b.optionId; }
};
void sortByOptionId(std::vector<OptionSelection>& options) { std::sort(options.begin(), options.end(), ByOptionId{}); }

bool sameProduct(const Line& a, const Line& b) {
  return a.kind == LineKind::Product && b.kind == LineKind::Product && a.productId == b.productId &&
         a.variantId == b.variantId && a.optionSelections == b.optionSelections;
}

// The unit price a line adds to the subtotal; false when a product line has no known price.
bool unitPrice(const Line& l, int64_t* unit) {
  if (l.kind == LineKind::Product) {
    if (!l.price) return false;
    *unit = *l.price;
  } else {
    *unit = l.kind == LineKind::Custom ? l.listPrice : l.amount;
  }
  return true;
}

bool sameCustom(const Line& a, const Line& b) {
  return a.kind == LineKind::Custom && b.kind == LineKind::Custom && a.sku == b.sku && a.name == b.name &&
         a.listPrice == b.listPrice && a.imageUrl == b.imageUrl;
}

// Validation shared by add and restore. Each returns a clear error naming the field.
Status validateProductLine(const Line& line) {
  if (line.productId <= 0) return makeError("invalid_product_id", "productId must be a positive integer");
  if (line.variantId && *line.variantId <= 0) return makeError("invalid_variant_id", "variantId must be a positive integer");
  for (size_t i = 0; i < line.optionSelections.size(); ++i) {
    const OptionSelection& o = line.optionSelections[i];
    if (o.optionId <= 0) return makeError("invalid_option", "optionSelections[].optionId must be a positive integer");
    if (!o.valueIsText && o.valueId <= 0)
      return makeError("invalid_option", "optionSelections[].optionValue must be a positive value id or a text");
    if (o.valueIsText && (o.valueText.empty() || codePointCount(o.valueText) > 1000))
      return makeError("invalid_option", "a text optionValue must have 1 to 1000 characters");
    if (i > 0 && line.optionSelections[i - 1].optionId == o.optionId)
      return makeError("invalid_option", "option " + std::to_string(o.optionId) + " is selected twice");
  }
  if (line.price && *line.price < 0) return makeError("invalid_amount", "price must not be negative");
  if (line.price && *line.price > kMaxSafeMinor) return makeError("amount_too_large", "price is too large");
  if (codePointCount(line.name) > 250) return makeError("invalid_name", "name must have at most 250 characters");
  if (Status s = checkDisplayUrl(line.imageUrl, "imageUrl"); !s.ok()) return s;
  return checkDisplayUrl(line.url, "url");
}


Status validateGiftCertificate(const Line& line, const Currency& currency) {
  const size_t nameLength = codePointCount(line.name);
  if (nameLength < 1 || nameLength > 250) return makeError("invalid_name", "name must have 1 to 250 characters");
  // carts.v3.yml: theme enum.
  static const char* const kThemes[] = {"Birthday", "Boy", "Celebration", "Christmas", "General", "Girl"};
  if (std::none_of(std::begin(kThemes), std::end(kThemes), [&](const char* t) { return line.theme == t; }))
    return makeError("invalid_theme", "theme must be one of Birthday, Boy, Celebration, Christmas, General, Girl");
  // carts.v3.yml: amount minimum 1, maximum 1000 (in the store's currency).
  int64_t unit = 1;
  for (int i = 0; i < currency.exponent; ++i) unit *= 10;
  if (line.amount < unit || line.amount > 1000 * unit)
    return makeError("amount_out_of_range", "gift certificate amount must be between 1 and 1000");
  const Contact* contacts[] = {&line.sender, &line.recipient};
  const char* names[] = {"sender", "recipient"};
  for (int i = 0; i < 2; ++i) {
    if (contacts[i]->name.empty() || codePointCount(contacts[i]->name) > 250)
      return makeError("invalid_contact", std::string(names[i]) + ".name must have 1 to 250 characters");
    if (!looksLikeEmail(contacts[i]->email))
      return makeError("invalid_email", std::string(names[i]) + ".email is not an email address");
  }
  // carts.v3.yml: message limited to 200 characters.
  if (codePointCount(line.message) > 200) return makeError("message_too_long", "message must have at most 200 characters");
  return ok();
}

}  // namespace

Status validateCustomItem(const Line& line) {
  if (line.sku.empty() || line.sku.size() > 255) return makeError("invalid_sku", "sku must have 1 to 255 characters");
  const size_t nameLength = codePointCount(line.name);
  // carts.v3.yml cart_PostCustomItem: name minLength 1, maxLength 250.
  if (nameLength < 1 || nameLength > 250) return makeError("invalid_name", "name must have 1 to 250 characters");
  if (line.listPrice < 0) return makeError("invalid_amount", "listPrice must not be negative");
  if (line.listPrice > kMaxSafeMinor) return makeError("amount_too_large", "listPrice is too large");
  return checkDisplayUrl(line.imageUrl, "imageUrl");
}

Cart::Cart(const Currency* currency, CartLimits limits) : currency_(currency), limits_(limits) {}
Cart::Cart() : Cart(findCurrency("USD"), CartLimits{}) {}

bool isValidCartId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
  return true;
}

Status Cart::checkQuantity(int64_t quantity) const {
  if (quantity < 1) return makeError("invalid_quantity", "quantity must be a positive integer");
  if (quantity > limits_.maxQuantityPerLine)
    return makeError("quantity_exceeds_max",
                     "quantity must be at most " + std::to_string(limits_.maxQuantityPerLine) + " per line");
  return ok();
}

Result<std::string> Cart::append(Line line) {
  if (static_cast<int64_t>(lines_.size()) >= limits_.maxLines)
    return makeError("too_many_lines", "a cart holds at most " + std::to_string(limits_.maxLines) + " lines");
  line.id = "l" + std::to_string(nextLineNumber_++);
  lines_.push_back(std::move(line));
  return lines_.back().id;
}

Result<std::string> Cart::addProduct(Line line) {
  line.kind = LineKind::Product;
  sortByOptionId(line.optionSelections);
  if (Status s = validateProductLine(line); !s.ok()) return s.error();
  if (Status s = checkQuantity(line.quantity); !s.ok()) return s.error();
  for (Line& existing : lines_) {
    if (!sameProduct(existing, line)) continue;
    if (Status s = checkQuantity(static_cast<int64_t>(existing.quantity) + line.quantity); !s.ok()) return s.error();
    Line merged = existing;
    merged.quantity += line.quantity;
    // The newest display data wins (a price may have changed since the first add).
    if (line.price) merged.price = line.price;
    if (!line.name.empty()) merged.name = line.name;
    if (!line.imageUrl.empty()) merged.imageUrl = line.imageUrl;
    if (!line.url.empty()) merged.url = line.url;
    if (Result<Subtotal> t = subtotalWith(&existing, &merged); !t.ok()) return t.error();
    existing = std::move(merged);
    return existing.id;
  }
  if (Result<Subtotal> t = subtotalWith(nullptr, &line); !t.ok()) return t.error();
  return append(std::move(line));
}

Result<std::string> Cart::addCustom(Line line) {
  line.kind = LineKind::Custom;
  if (Status s = validateCustomItem(line); !s.ok()) return s.error();
  if (Status s = checkQuantity(line.quantity); !s.ok()) return s.error();
  for (Line& existing : lines_) {
    if (!sameCustom(existing, line)) continue;
    if (Status s = checkQuantity(static_cast<int64_t>(existing.quantity) + line.quantity); !s.ok()) return s.error();
    Line merged = existing;
    merged.quantity += line.quantity;
    if (Result<Subtotal> t = subtotalWith(&existing, &merged); !t.ok()) return t.error();
    existing.quantity = merged.quantity;
    return existing.id;
  }
  if (Result<Subtotal> t = subtotalWith(nullptr, &line); !t.ok()) return t.error();
  return append(std::move(line));
}

Result<std::string> Cart::addGiftCertificate(Line line) {
  line.kind = LineKind::GiftCertificate;
  // Each gift certificate is its own line with quantity 1: the Cart API returns them without a quantity.
  line.quantity = 1;
  if (Status s = validateGiftCertificate(line, *currency_); !s.ok()) return s.error();
  if (Result<Subtotal> t = subtotalWith(nullptr, &line); !t.ok()) return t.error();
  return append(std::move(line));
}

Status Cart::updateQuantity(const std::string& lineId, int64_t quantity) {
  auto it = std::find_if(lines_.begin(), lines_.end(), [&](const Line& l) { return l.id == lineId; });
  if (it == lines_.end()) return makeError("line_not_found", "no line with id \"" + lineId + "\"");
  if (quantity == 0) {
    lines_.erase(it);
    return ok();
  }
  if (Status s = checkQuantity(quantity); !s.ok()) return s;
  if (it->kind == LineKind::GiftCertificate && quantity != 1)
    return makeError("invalid_quantity", "a gift certificate line always has quantity 1; add another one instead");
  Line changed = *it;
  changed.quantity = static_cast<int32_t>(quantity);
  if (Result<Subtotal> t = subtotalWith(&*it, &changed); !t.ok()) return t.error();
  it->quantity = changed.quantity;
  return ok();
}

Status Cart::remove(const std::string& lineId) {
  auto it = std::find_if(lines_.begin(), lines_.end(), [&](const Line& l) { return l.id == lineId; });
  if (it == lines_.end()) return makeError("line_not_found", "no line with id \"" + lineId + "\"");
  lines_.erase(it);
  return ok();
}

void Cart::clear() { lines_.clear(); }

const Line* Cart::find(const std::string& lineId) const {
  for (const Line& l : lines_)
    if (l.id == lineId) return &l;
  return nullptr;
}

int64_t Cart::count() const {
  int64_t n = 0;
  for (const Line& l : lines_) n += l.quantity;  // bounded by maxLines * maxQuantityPerLine
  return n;
}

Result<Subtotal> Cart::subtotal() const { return subtotalWith(nullptr, nullptr); }

Result<Subtotal> Cart::subtotalWith(const Line* replaced, const Line* candidate) const {
  Subtotal total;
  auto addLine = [&](const Line& l) {
    int64_t unit = 0, lineTotal = 0;
    if (!unitPrice(l, &unit)) {
      total.complete = false;
      return true;
    }
    return checkedMul(unit, l.quantity, &lineTotal) && checkedAdd(total.minor, lineTotal, &total.minor) &&
           total.minor <= kMaxSafeMinor;
  };
  bool fits = true;
  for (const Line& l : lines_) fits = fits && addLine(&l == replaced ? *candidate : l);
  if (candidate && !replaced) fits = fits && addLine(*candidate);
  if (!fits) return makeError("amount_too_large", "the cart subtotal would be too large to represent");
  return total;
}

Status Cart::restoreLine(Line line) {
  sortByOptionId(line.optionSelections);
  Status valid = line.kind == LineKind::Product ? validateProductLine(line)
                 : line.kind == LineKind::Custom ? validateCustomItem(line)
                                                 : validateGiftCertificate(line, *currency_);
  if (!valid.ok()) return valid;
  if (Status s = checkQuantity(line.quantity); !s.ok()) return s;
  if (line.kind == LineKind::GiftCertificate && line.quantity != 1)
    return makeError("invalid_quantity", "a gift certificate line always has quantity 1");
  if (static_cast<int64_t>(lines_.size()) >= limits_.maxLines)
    return makeError("too_many_lines", "a cart holds at most " + std::to_string(limits_.maxLines) + " lines");
  if (find(line.id)) return makeError("duplicate_line_id", "line id \"" + line.id + "\" appears twice");
  lines_.push_back(std::move(line));
  return ok();
}

}  // namespace bcch
