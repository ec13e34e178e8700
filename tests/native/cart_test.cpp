// The local cart: merging, limits, stable ids, totals and the Cart API rules for custom items and gift certificates
// (BigCommerce Cart API, carts.v3.yml). Built without exceptions: CHECK only, never REQUIRE.
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "bcch/cart.h"
#include "bcch/money.h"

using namespace bcch;
using Catch::Matchers::Contains;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

template <typename T>
std::string status(const Result<T>& r) {
  return r.ok() ? std::string("ok") : r.error().code;
}

std::string idOf(const Result<std::string>& r) { return r.ok() ? r.value() : "<error " + r.error().code + ">"; }

OptionSelection valueOption(int64_t optionId, int64_t valueId) {
  OptionSelection o;
  o.optionId = optionId;
  o.valueId = valueId;
  return o;
}

OptionSelection textOption(int64_t optionId, std::string text) {
  OptionSelection o;
  o.optionId = optionId;
  o.valueIsText = true;
  o.valueText = std::move(text);
  return o;
}

Line product(int64_t productId, int32_t quantity = 1, std::optional<int64_t> variantId = std::nullopt,
             std::vector<OptionSelection> options = {}) {
  Line l;
  l.productId = productId;
  l.quantity = quantity;
  l.variantId = variantId;
  l.optionSelections = std::move(options);
  return l;
}

Line pricedProduct(int64_t productId, int64_t price, int32_t quantity = 1) {
  Line l = product(productId, quantity);
  l.price = price;
  return l;
}

Line customItem(std::string sku = "CUSTOM-1", std::string name = "Engraving", int64_t listPrice = 500,
                int32_t quantity = 1) {
  Line l;
  l.sku = std::move(sku);
  l.name = std::move(name);
  l.listPrice = listPrice;
  l.quantity = quantity;
  return l;
}

Line giftCertificate(int64_t amount = 2500) {
  Line l;
  l.name = "Happy birthday";
  l.theme = "Birthday";
  l.amount = amount;
  l.sender = Contact{"Ann Sender", "ann@example.com"};
  l.recipient = Contact{"Bob Recipient", "bob@example.org"};
  l.message = "Enjoy!";
  return l;
}

std::string repeat(const std::string& unit, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += unit;
  return s;
}

Cart cartIn(const char* currency, CartLimits limits = CartLimits{}) { return Cart(findCurrency(currency), limits); }

int32_t quantityOf(const Cart& cart, const std::string& id) {
  const Line* l = cart.find(id);
  return l ? l->quantity : -1;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
// Adding products and merging

TEST_CASE("a new cart is empty USD with the default limits", "[cart]") {
  Cart cart;
  CHECK(cart.lines().empty());
  CHECK(cart.count() == 0);
  CHECK(std::string(cart.currency().code) == "USD");
  CHECK(cart.limits().maxQuantityPerLine == 999);
  CHECK(cart.limits().maxLines == 250);
  CHECK(cart.nextLineNumber() == 1);
}

TEST_CASE("adding the same product, variant and options merges into one line", "[cart]") {
  Cart cart;
  Result<std::string> first = cart.addProduct(product(80, 1, 64, {valueOption(1, 10), textOption(2, "Hi Mom")}));
  CHECK(idOf(first) == "l1");
  Result<std::string> second = cart.addProduct(product(80, 2, 64, {valueOption(1, 10), textOption(2, "Hi Mom")}));
  CHECK(idOf(second) == "l1");
  CHECK(cart.lines().size() == 1);
  CHECK(quantityOf(cart, "l1") == 3);
  CHECK(cart.count() == 3);
}

TEST_CASE("option order does not matter when merging", "[cart]") {
  Cart cart;
  CHECK(idOf(cart.addProduct(product(80, 1, 64, {valueOption(7, 70), valueOption(3, 30), textOption(5, "x")}))) ==
        "l1");
  CHECK(idOf(cart.addProduct(product(80, 4, 64, {textOption(5, "x"), valueOption(3, 30), valueOption(7, 70)}))) ==
        "l1");
  CHECK(cart.lines().size() == 1);
  CHECK(quantityOf(cart, "l1") == 5);
  // Options are kept sorted by optionId.
  const Line* line = cart.find("l1");
  CHECK(line != nullptr);
  if (line && line->optionSelections.size() == 3) {
    CHECK(line->optionSelections[0].optionId == 3);
    CHECK(line->optionSelections[1].optionId == 5);
    CHECK(line->optionSelections[2].optionId == 7);
  } else {
    FAIL_CHECK("expected three option selections");
  }
}

TEST_CASE("different product, variant or options make separate lines", "[cart]") {
  Cart cart;
  CHECK(idOf(cart.addProduct(product(80, 1, 64, {valueOption(1, 10)}))) == "l1");
  CHECK(idOf(cart.addProduct(product(80, 1, 64, {valueOption(1, 11)}))) == "l2");  // other value
  CHECK(idOf(cart.addProduct(product(80, 1, 65, {valueOption(1, 10)}))) == "l3");  // other variant
  CHECK(idOf(cart.addProduct(product(80, 1, std::nullopt, {valueOption(1, 10)}))) == "l4");  // no variant
  CHECK(idOf(cart.addProduct(product(81, 1, 64, {valueOption(1, 10)}))) == "l5");  // other product
  CHECK(idOf(cart.addProduct(product(80, 1, 64, {valueOption(1, 10), valueOption(2, 20)}))) == "l6");  // extra option
  CHECK(idOf(cart.addProduct(product(80, 1, 64, {}))) == "l7");  // no options
  CHECK(idOf(cart.addProduct(product(80, 1, 64, {textOption(1, "10")}))) == "l8");  // text "10" is not value id 10
  CHECK(idOf(cart.addProduct(product(80, 1, 64, {textOption(1, "hello")}))) == "l9");
  CHECK(idOf(cart.addProduct(product(80, 1, 64, {textOption(1, "Hello")}))) == "l10");  // text is case-sensitive
  CHECK(cart.lines().size() == 10);
  CHECK(cart.count() == 10);
  for (const Line& l : cart.lines()) CHECK(l.quantity == 1);
}

TEST_CASE("merging keeps the newest display data", "[cart]") {
  Cart cart;
  Line first = pricedProduct(80, 1999);
  first.name = "Old name";
  first.imageUrl = "https://cdn.example.com/old.png";
  CHECK(idOf(cart.addProduct(first)) == "l1");

  Line second = pricedProduct(80, 2499);
  second.name = "New name";
  CHECK(idOf(cart.addProduct(second)) == "l1");
  const Line* line = cart.find("l1");
  CHECK(line != nullptr);
  if (!line) return;
  CHECK(line->quantity == 2);
  CHECK(line->price == std::optional<int64_t>(2499));
  CHECK(line->name == "New name");
  CHECK(line->imageUrl == "https://cdn.example.com/old.png");  // not given again: kept

  // A later add without a price keeps the known price.
  CHECK(idOf(cart.addProduct(product(80))) == "l1");
  line = cart.find("l1");
  CHECK(line != nullptr);
  if (line) {
    CHECK(line->quantity == 3);
    CHECK(line->price == std::optional<int64_t>(2499));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Quantity limits

TEST_CASE("quantity must be 1 to maxQuantityPerLine", "[cart]") {
  Cart cart;
  CHECK(status(cart.addProduct(product(1, 0))) == "invalid_quantity");
  CHECK(status(cart.addProduct(product(1, -1))) == "invalid_quantity");
  CHECK(status(cart.addProduct(product(1, std::numeric_limits<int32_t>::min()))) == "invalid_quantity");
  CHECK(status(cart.addProduct(product(1, 1000))) == "quantity_exceeds_max");
  CHECK(status(cart.addProduct(product(1, std::numeric_limits<int32_t>::max()))) == "quantity_exceeds_max");
  CHECK(cart.lines().empty());
  CHECK(cart.nextLineNumber() == 1);  // refused adds use no id

  CHECK(idOf(cart.addProduct(product(1, 999))) == "l1");
  CHECK(idOf(cart.addProduct(product(2, 1))) == "l2");
  CHECK(cart.count() == 1000);
}

TEST_CASE("quantity limit is configurable", "[cart]") {
  Cart cart = cartIn("USD", CartLimits{5, 250});
  CHECK(cart.limits().maxQuantityPerLine == 5);
  CHECK(status(cart.addProduct(product(1, 6))) == "quantity_exceeds_max");
  Result<std::string> r = cart.addProduct(product(1, 6));
  CHECK_THAT(r.error().message, Contains("5"));
  CHECK(idOf(cart.addProduct(product(1, 5))) == "l1");
  CHECK(status(cart.updateQuantity("l1", 6)) == "quantity_exceeds_max");
  CHECK(quantityOf(cart, "l1") == 5);
  CHECK(status(cart.addCustom(customItem("S", "N", 100, 6))) == "quantity_exceeds_max");
}

TEST_CASE("a merge past the maximum is refused and leaves the cart unchanged", "[cart]") {
  Cart cart;
  Line first = pricedProduct(80, 1999, 998);
  CHECK(idOf(cart.addProduct(first)) == "l1");

  Line more = pricedProduct(80, 2999, 2);
  more.name = "Should not stick";
  CHECK(status(cart.addProduct(more)) == "quantity_exceeds_max");
  CHECK(cart.lines().size() == 1);
  CHECK(quantityOf(cart, "l1") == 998);
  const Line* line = cart.find("l1");
  if (line) {
    CHECK(line->price == std::optional<int64_t>(1999));
    CHECK(line->name.empty());
  }
  CHECK(cart.nextLineNumber() == 2);

  // Exactly up to the maximum is fine.
  CHECK(idOf(cart.addProduct(product(80, 1))) == "l1");
  CHECK(quantityOf(cart, "l1") == 999);
  CHECK(status(cart.addProduct(product(80, 1))) == "quantity_exceeds_max");
  CHECK(quantityOf(cart, "l1") == 999);
}

TEST_CASE("a merge of custom items past the maximum is refused", "[cart]") {
  Cart cart = cartIn("USD", CartLimits{10, 250});
  CHECK(idOf(cart.addCustom(customItem("S", "N", 100, 8))) == "l1");
  CHECK(idOf(cart.addCustom(customItem("S", "N", 100, 2))) == "l1");  // identical custom items merge
  CHECK(quantityOf(cart, "l1") == 10);
  CHECK(status(cart.addCustom(customItem("S", "N", 100, 1))) == "quantity_exceeds_max");
  CHECK(quantityOf(cart, "l1") == 10);
  CHECK(cart.lines().size() == 1);
  // A different price is a different custom item.
  CHECK(idOf(cart.addCustom(customItem("S", "N", 200, 1))) == "l2");
}

// ---------------------------------------------------------------------------------------------------------------
// Line limit and ids

TEST_CASE("a cart holds at most 250 lines", "[cart]") {
  Cart cart;
  for (int64_t p = 1; p <= 250; ++p) {
    Result<std::string> r = cart.addProduct(product(p));
    if (!r.ok()) FAIL_CHECK("add " << p << " failed: " << r.error().code);
  }
  CHECK(cart.lines().size() == 250);
  CHECK(cart.lines().back().id == "l250");

  CHECK(status(cart.addProduct(product(251))) == "too_many_lines");
  CHECK(status(cart.addCustom(customItem())) == "too_many_lines");
  CHECK(status(cart.addGiftCertificate(giftCertificate())) == "too_many_lines");
  CHECK(cart.lines().size() == 250);
  CHECK(cart.nextLineNumber() == 251);
  CHECK(cart.find("l251") == nullptr);

  // Merging into an existing line needs no new line.
  CHECK(idOf(cart.addProduct(product(17, 2))) == "l17");
  CHECK(quantityOf(cart, "l17") == 3);

  // After a removal there is room again, under a fresh id.
  CHECK(status(cart.remove("l5")) == "ok");
  CHECK(idOf(cart.addProduct(product(251))) == "l251");
  CHECK(cart.lines().size() == 250);
}

TEST_CASE("the line limit is configurable", "[cart]") {
  Cart cart = cartIn("USD", CartLimits{999, 2});
  CHECK(idOf(cart.addProduct(product(1))) == "l1");
  CHECK(idOf(cart.addCustom(customItem())) == "l2");
  Result<std::string> r = cart.addGiftCertificate(giftCertificate());
  CHECK(status(r) == "too_many_lines");
  CHECK(cart.lines().size() == 2);
}

TEST_CASE("line ids are stable and never reused", "[cart]") {
  Cart cart;
  CHECK(idOf(cart.addProduct(product(1))) == "l1");
  CHECK(idOf(cart.addProduct(product(2))) == "l2");
  CHECK(idOf(cart.addProduct(product(3))) == "l3");
  CHECK(status(cart.remove("l2")) == "ok");
  CHECK(cart.find("l2") == nullptr);
  CHECK(idOf(cart.addProduct(product(4))) == "l4");
  // Adding product 2 again gets a new id, not the removed one.
  CHECK(idOf(cart.addProduct(product(2))) == "l5");
  // Quantity 0 removes too, and that id is not reused either.
  CHECK(status(cart.updateQuantity("l5", 0)) == "ok");
  CHECK(idOf(cart.addProduct(product(2))) == "l6");
  // Clearing does not restart the counter.
  cart.clear();
  CHECK(idOf(cart.addProduct(product(1))) == "l7");
  // Remaining ids are unchanged by removals of other lines.
  CHECK(idOf(cart.addProduct(product(9))) == "l8");
  CHECK(status(cart.remove("l7")) == "ok");
  CHECK(cart.find("l8") != nullptr);
  CHECK(cart.lines().size() == 1);
  CHECK(cart.lines()[0].id == "l8");
}

// ---------------------------------------------------------------------------------------------------------------
// Update, remove, clear, count

TEST_CASE("updateQuantity sets, removes at 0 and checks limits", "[cart]") {
  Cart cart;
  CHECK(idOf(cart.addProduct(product(1, 2))) == "l1");
  CHECK(idOf(cart.addProduct(product(2, 1))) == "l2");

  CHECK(status(cart.updateQuantity("l1", 7)) == "ok");
  CHECK(quantityOf(cart, "l1") == 7);
  CHECK(status(cart.updateQuantity("l1", 999)) == "ok");
  CHECK(quantityOf(cart, "l1") == 999);
  CHECK(status(cart.updateQuantity("l1", 1000)) == "quantity_exceeds_max");
  CHECK(status(cart.updateQuantity("l1", int64_t{1} << 40)) == "quantity_exceeds_max");
  CHECK(status(cart.updateQuantity("l1", -1)) == "invalid_quantity");
  CHECK(status(cart.updateQuantity("l1", std::numeric_limits<int64_t>::min())) == "invalid_quantity");
  CHECK(quantityOf(cart, "l1") == 999);

  CHECK(status(cart.updateQuantity("l1", 0)) == "ok");
  CHECK(cart.find("l1") == nullptr);
  CHECK(cart.lines().size() == 1);
  CHECK(status(cart.updateQuantity("l1", 0)) == "line_not_found");
  CHECK(status(cart.updateQuantity("l1", 3)) == "line_not_found");
  CHECK(status(cart.updateQuantity("nope", 1)) == "line_not_found");
  CHECK(status(cart.updateQuantity("", 1)) == "line_not_found");
  CHECK(cart.lines().size() == 1);
}

TEST_CASE("remove and clear", "[cart]") {
  Cart cart;
  CHECK(idOf(cart.addProduct(product(1, 2))) == "l1");
  CHECK(idOf(cart.addCustom(customItem())) == "l2");
  CHECK(idOf(cart.addGiftCertificate(giftCertificate())) == "l3");

  CHECK(status(cart.remove("l2")) == "ok");
  CHECK(cart.lines().size() == 2);
  CHECK(cart.find("l2") == nullptr);
  CHECK(status(cart.remove("l2")) == "line_not_found");
  CHECK(status(cart.remove("L1")) == "line_not_found");
  Status missing = cart.remove("l99");
  CHECK(status(missing) == "line_not_found");
  CHECK_THAT(missing.error().message, Contains("l99"));

  cart.clear();
  CHECK(cart.lines().empty());
  CHECK(cart.count() == 0);
  Result<Subtotal> total = cart.subtotal();
  CHECK(status(total) == "ok");
  CHECK(total.value().minor == 0);
  CHECK(total.value().complete);
  CHECK(status(cart.remove("l1")) == "line_not_found");
}

TEST_CASE("count is the total quantity over all lines", "[cart]") {
  Cart cart;
  CHECK(cart.count() == 0);
  CHECK(status(cart.addProduct(product(1, 3))) == "ok");
  CHECK(status(cart.addProduct(product(2, 4))) == "ok");
  CHECK(status(cart.addCustom(customItem("S", "N", 100, 2))) == "ok");
  CHECK(status(cart.addGiftCertificate(giftCertificate())) == "ok");
  CHECK(cart.count() == 10);
  CHECK(status(cart.updateQuantity("l1", 1)) == "ok");
  CHECK(cart.count() == 8);
}

// ---------------------------------------------------------------------------------------------------------------
// Subtotal

TEST_CASE("subtotal sums price x quantity over every kind of line", "[cart]") {
  Cart cart;
  CHECK(status(cart.addProduct(pricedProduct(1, 1999, 2))) == "ok");        // 3998
  CHECK(status(cart.addCustom(customItem("S", "N", 550, 3))) == "ok");      // 1650
  CHECK(status(cart.addGiftCertificate(giftCertificate(2500))) == "ok");   // 2500
  Result<Subtotal> total = cart.subtotal();
  CHECK(status(total) == "ok");
  CHECK(total.value().minor == 3998 + 1650 + 2500);
  CHECK(total.value().complete);
}

TEST_CASE("subtotal is marked incomplete when a product has no price", "[cart]") {
  Cart cart;
  CHECK(status(cart.addProduct(pricedProduct(1, 1000, 2))) == "ok");
  CHECK(status(cart.addProduct(product(2, 5))) == "ok");  // price unknown
  Result<Subtotal> total = cart.subtotal();
  CHECK(status(total) == "ok");
  CHECK(total.value().minor == 2000);
  CHECK_FALSE(total.value().complete);

  // A zero price is a known price.
  CHECK(status(cart.remove("l2")) == "ok");
  CHECK(status(cart.addProduct(pricedProduct(3, 0, 1))) == "ok");
  total = cart.subtotal();
  CHECK(total.value().minor == 2000);
  CHECK(total.value().complete);
}

TEST_CASE("a change that would overflow the subtotal is refused and leaves the cart as it was", "[cart]") {
  const int64_t safe = bcch::kMaxSafeMinor;  // 2^53 - 1: the largest amount JS can carry exactly
  SECTION("a price above the safe bound") {
    Cart cart;
    CHECK(status(cart.addProduct(pricedProduct(1, safe + 1, 1))) == "amount_too_large");
    CHECK(cart.lines().empty());
  }
  SECTION("one line's price x quantity") {
    Cart cart;
    CHECK(status(cart.addProduct(pricedProduct(1, safe, 2))) == "amount_too_large");
    CHECK(cart.lines().empty());
    CHECK(status(cart.subtotal()) == "ok");
  }
  SECTION("the sum of lines") {
    Cart cart;
    CHECK(status(cart.addProduct(pricedProduct(1, safe / 2 + 1, 1))) == "ok");
    CHECK(status(cart.addCustom(customItem("S", "N", safe / 2 + 1, 1))) == "amount_too_large");
    CHECK(cart.lines().size() == 1);
    CHECK(status(cart.subtotal()) == "ok");
  }
  SECTION("a merge or a quantity update that would overflow") {
    Cart cart;
    CHECK(status(cart.addProduct(pricedProduct(1, safe / 2, 1))) == "ok");
    CHECK(status(cart.addProduct(pricedProduct(1, safe / 2, 2))) == "amount_too_large");
    CHECK(cart.lines()[0].quantity == 1);
    CHECK(status(cart.updateQuantity(cart.lines()[0].id, 3)) == "amount_too_large");
    CHECK(cart.lines()[0].quantity == 1);
  }
  SECTION("exactly the safe bound still fits") {
    Cart cart;
    CHECK(status(cart.addProduct(pricedProduct(1, safe, 1))) == "ok");
    Result<Subtotal> total = cart.subtotal();
    CHECK(status(total) == "ok");
    CHECK(total.value().minor == safe);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Product rules

TEST_CASE("product lines are validated", "[cart]") {
  Cart cart;
  CHECK(status(cart.addProduct(product(0))) == "invalid_product_id");
  CHECK(status(cart.addProduct(product(-3))) == "invalid_product_id");
  CHECK(status(cart.addProduct(product(1, 1, 0))) == "invalid_variant_id");
  CHECK(status(cart.addProduct(product(1, 1, -5))) == "invalid_variant_id");
  CHECK(status(cart.addProduct(product(1, 1, std::nullopt, {valueOption(0, 1)}))) == "invalid_option");
  CHECK(status(cart.addProduct(product(1, 1, std::nullopt, {valueOption(1, 0)}))) == "invalid_option");
  CHECK(status(cart.addProduct(product(1, 1, std::nullopt, {textOption(1, "")}))) == "invalid_option");
  CHECK(status(cart.addProduct(product(1, 1, std::nullopt, {textOption(1, repeat("a", 1001))}))) == "invalid_option");
  CHECK(status(cart.addProduct(product(1, 1, std::nullopt, {textOption(1, repeat("\xC3\xA9", 1000))}))) == "ok");
  // The same option twice, in any order.
  CHECK(status(cart.addProduct(product(1, 1, std::nullopt, {valueOption(4, 1), valueOption(2, 1), valueOption(4, 2)}))) ==
        "invalid_option");
  Line negative = pricedProduct(2, -1);
  CHECK(status(cart.addProduct(negative)) == "invalid_amount");
  Line longName = product(2);
  longName.name = repeat("n", 251);
  CHECK(status(cart.addProduct(longName)) == "invalid_name");
  longName.name = repeat("\xE2\x82\xAC", 250);  // 250 euro signs: 750 bytes, 250 characters
  CHECK(status(cart.addProduct(longName)) == "ok");
  CHECK(cart.lines().size() == 2);
}

// ---------------------------------------------------------------------------------------------------------------
// Custom items (carts.v3.yml cart_PostCustomItem: name minLength 1, maxLength 250)

TEST_CASE("custom item name has 1 to 250 characters, counted in code points", "[cart]") {
  Cart cart;
  CHECK(status(cart.addCustom(customItem("S1", ""))) == "invalid_name");
  CHECK(status(cart.addCustom(customItem("S1", "x"))) == "ok");
  CHECK(status(cart.addCustom(customItem("S2", repeat("a", 250)))) == "ok");
  CHECK(status(cart.addCustom(customItem("S3", repeat("a", 251)))) == "invalid_name");
  // Two-byte characters: 250 of them are 500 bytes but 250 characters.
  CHECK(status(cart.addCustom(customItem("S4", repeat("\xC3\xA9", 250)))) == "ok");
  CHECK(status(cart.addCustom(customItem("S5", repeat("\xC3\xA9", 251)))) == "invalid_name");
  // Four-byte characters (emoji).
  CHECK(status(cart.addCustom(customItem("S6", repeat("\xF0\x9F\x98\x80", 250)))) == "ok");
  CHECK(status(cart.addCustom(customItem("S7", repeat("\xF0\x9F\x98\x80", 251)))) == "invalid_name");
  CHECK(cart.lines().size() == 4);
}

TEST_CASE("custom item needs a sku and a non-negative list price", "[cart]") {
  Cart cart;
  Result<std::string> noSku = cart.addCustom(customItem(""));
  CHECK(status(noSku) == "invalid_sku");
  CHECK_THAT(noSku.error().message, Contains("sku"));
  CHECK(status(cart.addCustom(customItem("S", "N", -1))) == "invalid_amount");
  CHECK(status(cart.addCustom(customItem("S", "N", 0))) == "ok");
  CHECK(status(cart.addCustom(customItem("S", "N", 100, 0))) == "invalid_quantity");
  Line badImage = customItem("S2");
  badImage.imageUrl = "javascript:alert(1)";
  CHECK(status(cart.addCustom(badImage)) == "invalid_url");
  badImage.imageUrl = "https://cdn.example.com/engraving.png";
  CHECK(status(cart.addCustom(badImage)) == "ok");
  CHECK(cart.lines().size() == 2);
  // The kind is set by addCustom.
  for (const Line& l : cart.lines()) CHECK(l.kind == LineKind::Custom);
}

// ---------------------------------------------------------------------------------------------------------------
// Gift certificates (carts.v3.yml Line Item Gift Certificate Request Data)

TEST_CASE("gift certificate theme is one of the six BigCommerce themes", "[cart]") {
  Cart cart;
  for (const char* theme : {"Birthday", "Boy", "Celebration", "Christmas", "General", "Girl"}) {
    Line gc = giftCertificate();
    gc.theme = theme;
    INFO("theme " << theme);
    CHECK(status(cart.addGiftCertificate(gc)) == "ok");
  }
  for (const char* theme : {"birthday", "BIRTHDAY", "Anniversary", "", " General", "General "}) {
    Line gc = giftCertificate();
    gc.theme = theme;
    INFO("theme \"" << theme << "\"");
    CHECK(status(cart.addGiftCertificate(gc)) == "invalid_theme");
  }
  CHECK(cart.lines().size() == 6);
}

TEST_CASE("gift certificate amount is 1 to 1000 major units (USD)", "[cart]") {
  Cart cart;
  CHECK(status(cart.addGiftCertificate(giftCertificate(100))) == "ok");      // 1.00
  CHECK(status(cart.addGiftCertificate(giftCertificate(100000))) == "ok");   // 1000.00
  CHECK(status(cart.addGiftCertificate(giftCertificate(99))) == "amount_out_of_range");
  CHECK(status(cart.addGiftCertificate(giftCertificate(100001))) == "amount_out_of_range");
  CHECK(status(cart.addGiftCertificate(giftCertificate(0))) == "amount_out_of_range");
  CHECK(status(cart.addGiftCertificate(giftCertificate(-100))) == "amount_out_of_range");
  CHECK(status(cart.addGiftCertificate(giftCertificate(kMax))) == "amount_out_of_range");
  CHECK(cart.lines().size() == 2);
}

TEST_CASE("gift certificate amount is 1 to 1000 major units (JPY, KWD)", "[cart]") {
  Cart jpy = cartIn("JPY");
  CHECK(status(jpy.addGiftCertificate(giftCertificate(1))) == "ok");
  CHECK(status(jpy.addGiftCertificate(giftCertificate(1000))) == "ok");
  CHECK(status(jpy.addGiftCertificate(giftCertificate(0))) == "amount_out_of_range");
  CHECK(status(jpy.addGiftCertificate(giftCertificate(1001))) == "amount_out_of_range");
  CHECK(status(jpy.addGiftCertificate(giftCertificate(2500))) == "amount_out_of_range");

  Cart kwd = cartIn("KWD");
  CHECK(status(kwd.addGiftCertificate(giftCertificate(1000))) == "ok");
  CHECK(status(kwd.addGiftCertificate(giftCertificate(1000000))) == "ok");
  CHECK(status(kwd.addGiftCertificate(giftCertificate(999))) == "amount_out_of_range");
  CHECK(status(kwd.addGiftCertificate(giftCertificate(1000001))) == "amount_out_of_range");
}

TEST_CASE("gift certificate needs a name and sender and recipient with emails", "[cart]") {
  Cart cart;
  Line gc = giftCertificate();
  gc.name = "";
  CHECK(status(cart.addGiftCertificate(gc)) == "invalid_name");
  gc.name = repeat("g", 251);
  CHECK(status(cart.addGiftCertificate(gc)) == "invalid_name");

  for (const char* email : {"", "not-an-email", "a@b", "@example.com", "a@@example.com", "a b@example.com",
                            "a@example.", "a@.com"}) {
    INFO("email \"" << email << "\"");
    Line s = giftCertificate();
    s.sender.email = email;
    CHECK(status(cart.addGiftCertificate(s)) == "invalid_email");
    Line r = giftCertificate();
    r.recipient.email = email;
    CHECK(status(cart.addGiftCertificate(r)) == "invalid_email");
  }
  Line noSenderName = giftCertificate();
  noSenderName.sender.name = "";
  CHECK(status(cart.addGiftCertificate(noSenderName)) == "invalid_contact");
  Line noRecipientName = giftCertificate();
  noRecipientName.recipient.name = "";
  CHECK(status(cart.addGiftCertificate(noRecipientName)) == "invalid_contact");

  Line fine = giftCertificate();
  fine.sender.email = "first.last+tag@sub.example.co.uk";
  CHECK(status(cart.addGiftCertificate(fine)) == "ok");
  CHECK(cart.lines().size() == 1);
}

TEST_CASE("gift certificate message has at most 200 characters", "[cart]") {
  Cart cart;
  Line gc = giftCertificate();
  gc.message = "";
  CHECK(status(cart.addGiftCertificate(gc)) == "ok");  // optional
  gc.message = repeat("m", 200);
  CHECK(status(cart.addGiftCertificate(gc)) == "ok");
  gc.message = repeat("m", 201);
  CHECK(status(cart.addGiftCertificate(gc)) == "message_too_long");
  gc.message = repeat("\xC3\xA9", 200);  // 400 bytes, 200 characters
  CHECK(status(cart.addGiftCertificate(gc)) == "ok");
  gc.message = repeat("\xC3\xA9", 201);
  CHECK(status(cart.addGiftCertificate(gc)) == "message_too_long");
  CHECK(cart.lines().size() == 3);
}

TEST_CASE("gift certificates always have quantity 1 and never merge", "[cart]") {
  Cart cart;
  Line gc = giftCertificate();
  gc.quantity = 5;
  CHECK(idOf(cart.addGiftCertificate(gc)) == "l1");
  CHECK(quantityOf(cart, "l1") == 1);
  gc.quantity = 0;  // forced to 1 as well, not an error
  CHECK(idOf(cart.addGiftCertificate(gc)) == "l2");
  CHECK(quantityOf(cart, "l2") == 1);
  CHECK(cart.lines().size() == 2);
  CHECK(cart.lines()[0].kind == LineKind::GiftCertificate);

  Status two = cart.updateQuantity("l1", 2);
  CHECK(status(two) == "invalid_quantity");
  CHECK(quantityOf(cart, "l1") == 1);
  CHECK(status(cart.updateQuantity("l1", 1)) == "ok");
  CHECK(status(cart.updateQuantity("l1", 0)) == "ok");
  CHECK(cart.find("l1") == nullptr);
  CHECK(cart.count() == 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Display URLs (rendered as <a href>/<img src> by storefronts)

TEST_CASE("display URLs must be http(s) or a root-relative path", "[cart]") {
  const std::vector<std::string> refused = {
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      " javascript:alert(1)",
      "data:image/png;base64,AAAA",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "//evil.example.com/x.png",
      "/\\evil.example.com/x.png",
      "\\\\evil.example.com\\x.png",
      "https://cdn.example.com/a b.png",
      "/path with space",
      "https://cdn.example.com/a.png\n",
      "https://cdn.example.com/\ta.png",
      std::string("/a\0b", 4),
      "ftp://example.com/a.png",
      "https:/cdn.example.com/a.png",
      "https:cdn.example.com",
      "image.png",
      "./image.png",
      "../image.png",
      "#fragment",
      "?q=1",
      "/" + repeat("a", 2048),
  };
  const std::vector<std::string> accepted = {
      "https://cdn.example.com/a.png",
      "HTTPS://CDN.EXAMPLE.COM/A.PNG",
      "http://cdn.example.com/a.png",
      "/path",
      "/products/shirt?color=red#top",
      "/",
      "https://cdn.example.com/" + repeat("a", 2048 - 24),
  };
  for (const std::string& url : refused) {
    INFO("url \"" << url << "\"");
    Cart cart;
    Line image = product(1);
    image.imageUrl = url;
    CHECK(status(cart.addProduct(image)) == "invalid_url");
    Line link = product(1);
    link.url = url;
    CHECK(status(cart.addProduct(link)) == "invalid_url");
    Line custom = customItem();
    custom.imageUrl = url;
    CHECK(status(cart.addCustom(custom)) == "invalid_url");
    CHECK(cart.lines().empty());
  }
  for (const std::string& url : accepted) {
    INFO("url \"" << url << "\"");
    Cart cart;
    Line l = product(1);
    l.imageUrl = url;
    l.url = url;
    CHECK(status(cart.addProduct(l)) == "ok");
    Line custom = customItem();
    custom.imageUrl = url;
    CHECK(status(cart.addCustom(custom)) == "ok");
  }
}

TEST_CASE("invalid_url names the field", "[cart]") {
  Cart cart;
  Line l = product(1);
  l.url = "javascript:alert(1)";
  Result<std::string> r = cart.addProduct(l);
  CHECK(status(r) == "invalid_url");
  CHECK_THAT(r.error().message, Contains("url"));
  l.url = "";
  l.imageUrl = "//evil.example.com";
  r = cart.addProduct(l);
  CHECK(status(r) == "invalid_url");
  CHECK_THAT(r.error().message, Contains("imageUrl"));
}

// ---------------------------------------------------------------------------------------------------------------
// Cart ids and restoreLine

TEST_CASE("isValidCartId accepts BigCommerce UUIDs only", "[cart]") {
  CHECK(isValidCartId("d4e978c2-bdcf-41b0-a49b-ecf1a1a8f2d5"));
  CHECK(isValidCartId("D4E978C2-BDCF-41B0-A49B-ECF1A1A8F2D5"));
  CHECK_FALSE(isValidCartId(""));
  CHECK_FALSE(isValidCartId("../x"));
  CHECK_FALSE(isValidCartId("a/b"));
  CHECK_FALSE(isValidCartId("abc%2F.."));
  CHECK_FALSE(isValidCartId("abc?x=1"));
  CHECK_FALSE(isValidCartId("abc def"));
  CHECK_FALSE(isValidCartId(repeat("a", 65)));
  CHECK(isValidCartId(repeat("a", 64)));
}

TEST_CASE("restoreLine keeps ids, refuses duplicates and applies the same rules", "[cart]") {
  Cart cart;
  Line l = pricedProduct(1, 100, 2);
  l.id = "l7";
  CHECK(status(cart.restoreLine(l)) == "ok");
  CHECK(quantityOf(cart, "l7") == 2);
  Line same = pricedProduct(1, 100, 1);
  same.id = "l8";
  CHECK(status(cart.restoreLine(same)) == "ok");  // no merging on restore
  CHECK(cart.lines().size() == 2);
  Line dup = pricedProduct(2, 100, 1);
  dup.id = "l7";
  CHECK(status(cart.restoreLine(dup)) == "duplicate_line_id");

  Line bad = product(0);
  bad.id = "l9";
  CHECK(status(cart.restoreLine(bad)) == "invalid_product_id");
  Line tooMany = product(3, 1000);
  tooMany.id = "l10";
  CHECK(status(cart.restoreLine(tooMany)) == "quantity_exceeds_max");
  Line gc = giftCertificate();
  gc.kind = LineKind::GiftCertificate;
  gc.quantity = 2;
  gc.id = "l11";
  CHECK(status(cart.restoreLine(gc)) == "invalid_quantity");
  CHECK(cart.lines().size() == 2);
}
