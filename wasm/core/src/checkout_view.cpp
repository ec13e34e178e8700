#include "bcch/checkout_view.h"

#include "bcch/cart_json.h"
#include "bcch/checkout_details.h"
#include "bcch/sync_plan.h"

namespace bcch {

const char* const kCheckoutInclude = "consignments.available_shipping_options,cart.line_items.physical_items.options";

namespace {
constexpr const char* kInvalid = "invalid_checkout";

// An amount of the checkout's currency; absent or null is 0 (BigCommerce leaves out what does not apply).
int64_t money(JsonFields& f, const char* key, const Currency& currency) {
  const Json* v = f.raw(key);
  if (!v || v->is_null()) return 0;
  Result<int64_t> r = amountFromJson(*v, currency);
  if (!r.ok() || r.value() > kMaxSafeMinor || r.value() < -kMaxSafeMinor) {
    f.fail(f.pathOf(key) + " is not an amount in " + currency.code);
    return 0;
  }
  return r.value();
}

// Ids that go into request paths: BigCommerce's are hex or UUIDs; nothing that could change a path.
bool isPathId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

bool hasAnyField(const Address& a) {
  return !(a.firstName.empty() && a.lastName.empty() && a.email.empty() && a.address1.empty() && a.city.empty() &&
           a.countryCode.empty() && a.postalCode.empty());
}

ShippingOptionView readOption(const Json& json, const std::string& path, const Currency& currency, JsonFields& parent) {
  ShippingOptionView o;
  JsonFields f(json, path, kInvalid);
  o.id = f.optionalString("id");
  o.description = f.optionalString("description");
  o.type = f.optionalString("type");
  o.transitTime = f.optionalString("transit_time");
  o.cost = money(f, "cost", currency);
  if (!f.ok()) parent.fail(f.error().message);
  return o;
}

std::string lineIdOf(const std::vector<PhysicalItem>& items, const std::string& itemId) {
  for (const PhysicalItem& item : items)
    if (item.id == itemId) return item.lineId;
  return std::string();
}

void writeMoneyField(JsonWriter& out, const char* key, int64_t minor) { out.key(key).integer(minor); }
}  // namespace

Result<CheckoutView> readCheckout(const Json& data, const Cart* saved) {
  CheckoutView view;
  JsonFields f(data, "checkout", kInvalid);
  view.id = f.string("id");
  if (!f.ok()) return f.error();
  if (!isValidCartId(view.id)) return makeError(kInvalid, "checkout.id is not a checkout id");
  const Json* cart = f.optionalObject("cart");
  if (!f.ok()) return f.error();
  if (!cart) return makeError(kInvalid, "checkout.cart is required");
  JsonFields cf(*cart, "checkout.cart", kInvalid);
  std::string code;
  if (const Json* currency = cf.optionalObject("currency")) {
    JsonFields c(*currency, "checkout.cart.currency", kInvalid);
    code = c.optionalString("code");
    if (!c.ok()) return c.error();
  }
  if (!cf.ok()) return cf.error();
  view.currency = findCurrency(code);
  if (!view.currency) return makeError(kInvalid, "checkout.cart.currency.code \"" + code + "\" is not an ISO 4217 code");
  const Currency& currency = *view.currency;
  bool taxIncluded = false;
  if (const Json* t = cf.raw("tax_included"); t && t->is_boolean()) taxIncluded = t->get<bool>();

  // order_id is a string in checkouts.v3.yml, a number in some answers.
  if (const Json* order = f.raw("order_id"); order && !order->is_null()) {
    if (order->is_number_unsigned()) view.orderId = static_cast<int64_t>(order->get<uint64_t>());
    else if (order->is_string() && !order->get_ref<const std::string&>().empty()) {
      Result<int64_t> n = parseDecimal(order->get<std::string>(), 0);
      if (!n.ok() || n.value() <= 0) return makeError(kInvalid, "checkout.order_id is not an order id");
      view.orderId = n.value();
    } else if (!order->is_string()) {
      return makeError(kInvalid, "checkout.order_id is not an order id");
    }
  }
  view.version = f.optionalInteger("version").value_or(0);

  if (const Json* billing = f.optionalObject("billing_address")) {
    Address a = addressFromCheckout(*billing);
    JsonFields bf(*billing, "checkout.billing_address", kInvalid);
    view.billingAddressId = bf.optionalString("id");
    if (!bf.ok()) return bf.error();
    if (!view.billingAddressId.empty() && !isPathId(view.billingAddressId))
      return makeError(kInvalid, "checkout.billing_address.id is not an address id");
    if (hasAnyField(a)) view.billingAddress = std::move(a);
  }
  if (!f.ok()) return f.error();

  // Physical items: the only ones a consignment ships.
  if (const Json* lineItems = cf.optionalObject("line_items")) {
    JsonFields lf(*lineItems, "checkout.cart.line_items", kInvalid);
    if (const Json* physical = lf.optionalArray("physical_items")) {
      for (size_t i = 0; i < physical->size(); ++i) {
        JsonFields it((*physical)[i], "checkout.cart.line_items.physical_items[" + std::to_string(i) + "]", kInvalid);
        PhysicalItem item;
        item.id = it.string("id");
        item.quantity = it.integer("quantity");
        if (!it.ok()) return it.error();
        view.physicalItems.push_back(std::move(item));
      }
    }
    if (!lf.ok()) return lf.error();
  }
  if (!cf.ok()) return cf.error();
  if (saved && !view.physicalItems.empty()) {
    Result<std::vector<LineMatch>> matches = matchCartLines(*saved, *cart);
    if (!matches.ok()) return makeError(kInvalid, matches.error().message);
    for (const LineMatch& m : matches.value())
      for (PhysicalItem& item : view.physicalItems)
        if (item.id == m.itemId) item.lineId = m.lineId;
  }

  Totals& t = view.totals;
  if (const Json* coupons = f.optionalArray("coupons")) {
    for (size_t i = 0; i < coupons->size(); ++i) {
      JsonFields c((*coupons)[i], "checkout.coupons[" + std::to_string(i) + "]", kInvalid);
      CouponView coupon;
      coupon.code = c.string("code");
      coupon.name = c.optionalString("display_name");
      coupon.discount = money(c, "discounted_amount", currency);
      if (!c.ok()) return c.error();
      t.discount += coupon.discount;
      view.coupons.push_back(std::move(coupon));
    }
  }
  if (const Json* consignments = f.optionalArray("consignments")) {
    for (size_t i = 0; i < consignments->size(); ++i) {
      const std::string path = "checkout.consignments[" + std::to_string(i) + "]";
      JsonFields c((*consignments)[i], path, kInvalid);
      ConsignmentView cv;
      cv.id = c.string("id");
      if (!c.ok()) return c.error();
      if (!isPathId(cv.id)) return makeError(kInvalid, path + ".id is not a consignment id");
      if (const Json* address = c.optionalObject("address")) cv.address = addressFromCheckout(*address);
      if (const Json* ids = c.optionalArray("line_item_ids")) {
        for (const Json& id : *ids) {
          if (!id.is_string()) return makeError(kInvalid, path + ".line_item_ids must hold strings");
          cv.lineItemIds.push_back(id.get<std::string>());
          const std::string lineId = lineIdOf(view.physicalItems, cv.lineItemIds.back());
          if (!lineId.empty()) cv.lineIds.push_back(lineId);
        }
      }
      if (const Json* options = c.optionalArray("available_shipping_options")) {
        cv.optionsListed = true;
        for (size_t o = 0; o < options->size(); ++o)
          cv.shippingOptions.push_back(readOption((*options)[o], path + ".available_shipping_options[" + std::to_string(o) + "]", currency, c));
      }
      if (const Json* selected = c.optionalObject("selected_shipping_option")) {
        const ShippingOptionView o = readOption(*selected, path + ".selected_shipping_option", currency, c);
        cv.selectedOptionId = o.id;
        cv.selectedDescription = o.description;
      }
      if (!c.ok()) return c.error();
      view.consignments.push_back(std::move(cv));
    }
  }
  if (!f.ok()) return f.error();

  // What the shopper pays for the goods, as the store shows prices (cart.tax_included), and every discount:
  // coupons plus the cart's automatic, order-based ones (Cart discount_amount excludes coupons).
  t.subtotal = money(f, taxIncluded ? "subtotal_inc_tax" : "subtotal_ex_tax", currency);
  t.shipping = money(f, taxIncluded ? "shipping_cost_total_inc_tax" : "shipping_cost_total_ex_tax", currency);
  t.handling = money(f, taxIncluded ? "handling_cost_total_inc_tax" : "handling_cost_total_ex_tax", currency);
  t.tax = money(f, "tax_total", currency);
  t.grandTotal = money(f, "grand_total", currency);
  t.discount += money(cf, "discount_amount", currency);
  if (const Json* taxes = f.optionalArray("taxes")) {
    for (size_t i = 0; i < taxes->size(); ++i) {
      JsonFields tf((*taxes)[i], "checkout.taxes[" + std::to_string(i) + "]", kInvalid);
      TaxView tax;
      tax.name = tf.optionalString("name");
      tax.amount = money(tf, "amount", currency);
      if (!tf.ok()) return tf.error();
      t.taxes.push_back(std::move(tax));
    }
  }
  if (!f.ok()) return f.error();
  if (!cf.ok()) return cf.error();
  return view;
}

void writeTotals(JsonWriter& out, const Totals& t) {
  out.beginObject();
  writeMoneyField(out, "subtotal", t.subtotal);
  writeMoneyField(out, "discount", t.discount);
  writeMoneyField(out, "shipping", t.shipping);
  writeMoneyField(out, "handling", t.handling);
  writeMoneyField(out, "tax", t.tax);
  out.key("taxes").beginArray();
  for (const TaxView& tax : t.taxes) out.beginObject().key("name").string(tax.name).key("amount").integer(tax.amount).endObject();
  out.endArray();
  writeMoneyField(out, "grandTotal", t.grandTotal);
  out.endObject();
}

void writeCheckoutView(JsonWriter& out, const CheckoutView& v) {
  out.beginObject();
  out.key("id").string(v.id);
  out.key("currency").string(v.currency->code);
  out.key("exponent").integer(v.currency->exponent);
  out.key("orderId");
  if (v.orderId) out.integer(*v.orderId); else out.null();
  out.key("version").integer(v.version);
  out.key("billingAddress");
  if (v.billingAddress) writeAddress(out, *v.billingAddress); else out.null();
  out.key("coupons").beginArray();
  for (const CouponView& c : v.coupons)
    out.beginObject().key("code").string(c.code).key("name").string(c.name).key("discount").integer(c.discount).endObject();
  out.endArray();
  out.key("consignments").beginArray();
  for (const ConsignmentView& c : v.consignments) {
    out.beginObject().key("id").string(c.id).key("address");
    writeAddress(out, c.address);
    for (const auto* ids : {&c.lineItemIds, &c.lineIds}) {
      out.key(ids == &c.lineItemIds ? "lineItemIds" : "lineIds").beginArray();
      for (const std::string& id : *ids) out.string(id);
      out.endArray();
    }
    out.key("shippingOptions").beginArray();
    for (const ShippingOptionView& o : c.shippingOptions) {
      out.beginObject().key("id").string(o.id).key("description").string(o.description).key("type").string(o.type);
      out.key("cost").integer(o.cost).key("transitTime").string(o.transitTime).endObject();
    }
    out.endArray();
    out.key("selectedOptionId");
    if (c.selectedOptionId.empty()) out.null(); else out.string(c.selectedOptionId);
    out.endObject();
  }
  out.endArray();
  out.key("totals");
  writeTotals(out, v.totals);
  out.endObject();
}

Result<Totals> readTotals(const Json& json) {
  Totals t;
  JsonFields f(json, "totals", "invalid_argument");
  int64_t* const fields[] = {&t.subtotal, &t.discount, &t.shipping, &t.handling, &t.tax, &t.grandTotal};
  const char* const names[] = {"subtotal", "discount", "shipping", "handling", "tax", "grandTotal"};
  for (int i = 0; i < 6; ++i) *fields[i] = f.optionalInteger(names[i]).value_or(0);
  if (const Json* taxes = f.optionalArray("taxes")) {
    for (size_t i = 0; i < taxes->size() && f.ok(); ++i) {
      JsonFields tf((*taxes)[i], "totals.taxes[" + std::to_string(i) + "]", "invalid_argument");
      TaxView tax;
      tax.name = tf.optionalString("name");
      tax.amount = tf.optionalInteger("amount").value_or(0);
      if (!tf.ok()) return tf.error();
      t.taxes.push_back(std::move(tax));
    }
  }
  if (!f.ok()) return f.error();
  for (int i = 0; i < 6; ++i)
    if (*fields[i] > kMaxSafeMinor || *fields[i] < -kMaxSafeMinor)
      return makeError("invalid_argument", std::string("totals.") + names[i] + " is too large to be exact in JavaScript");
  return t;
}

Result<std::vector<GiftCertificateUse>> applyGiftCertificates(const Totals& totals, const Json& certificates, int64_t* amountDue) {
  if (!certificates.is_array()) return makeError("invalid_argument", "certificates must be an array of { code, balance }");
  if (certificates.size() > kMaxCodes) return makeError("invalid_argument", "at most 20 gift certificates pay for one order");
  int64_t due = totals.grandTotal > 0 ? totals.grandTotal : 0;
  std::vector<GiftCertificateUse> uses;
  for (size_t i = 0; i < certificates.size(); ++i) {
    JsonFields f(certificates[i], "certificates[" + std::to_string(i) + "]", "invalid_argument");
    const std::string code = f.string("code");
    const int64_t balance = f.integer("balance");
    if (!f.ok()) return f.error();
    Result<std::string> checked = checkGiftCertificateCode(code);
    if (!checked.ok()) return checked.error();
    if (balance < 0 || balance > kMaxSafeMinor)
      return makeError("invalid_argument", f.pathOf("balance") + " must be a whole amount in minor units, 0 or more");
    for (const GiftCertificateUse& u : uses)
      if (u.code == checked.value()) return makeError("invalid_argument", "gift certificate " + u.code + " is given twice");
    const int64_t used = balance < due ? balance : due;
    due -= used;
    uses.push_back(GiftCertificateUse{checked.value(), used, balance});
  }
  *amountDue = due;
  return uses;
}

}  // namespace bcch
