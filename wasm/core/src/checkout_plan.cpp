#include "bcch/checkout_plan.h"

namespace bcch {

const char* detailsRequestKindName(DetailsRequestKind kind) {
  static const char* const kNames[] = {"setBillingAddress", "addConsignments",    "updateConsignment", "deleteConsignment",
                                       "selectShippingOption", "addCoupon", "removeCoupon"};
  return kNames[static_cast<int>(kind)];
}

namespace {

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// RFC 3986 unreserved characters stay; every other byte is %XX, so a code never changes the path.
std::string percentEncoded(const std::string& s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// A consignment as the details want it: its address and BigCommerce's item ids.
struct WantedConsignment {
  int index;  // in details.consignments
  const ConsignmentDetails* details;
  std::vector<const PhysicalItem*> items;
};

bool sameItems(const WantedConsignment& wanted, const ConsignmentView& held) {
  if (wanted.items.size() != held.lineItemIds.size()) return false;
  for (const PhysicalItem* item : wanted.items) {
    bool found = false;
    for (const std::string& id : held.lineItemIds) found = found || id == item->id;
    if (!found) return false;
  }
  return true;
}

void writeConsignmentBody(JsonWriter& out, const WantedConsignment& c) {
  out.beginObject().key("address");
  writeAddressBody(out, c.details->address, /*consignment=*/true);
  out.key("line_items").beginArray();
  for (const PhysicalItem* item : c.items)
    out.beginObject().key("item_id").string(item->id).key("quantity").integer(item->quantity).endObject();
  out.endArray().endObject();
}

}  // namespace

DetailsPlan planDetailsSync(const CheckoutDetails& details, const CheckoutView& checkout) {
  DetailsPlan plan;
  const std::string base = "/checkouts/" + checkout.id;
  const std::string withOptions = "?include=consignments.available_shipping_options";

  if (details.billing && !(checkout.billingAddress && sameAddress(*details.billing, *checkout.billingAddress))) {
    JsonWriter body;
    writeAddressBody(body, *details.billing, /*consignment=*/false);
    if (checkout.billingAddressId.empty())
      plan.requests.push_back({DetailsRequestKind::SetBillingAddress, "POST", base + "/billing-address", body.take()});
    else
      plan.requests.push_back({DetailsRequestKind::SetBillingAddress, "PUT", base + "/billing-address/" + checkout.billingAddressId, body.take()});
  }

  // Which items each consignment ships: those its lineIds name, then every item no other consignment names
  // for the one without lineIds (checkout_details.h).
  std::vector<WantedConsignment> wanted;
  std::vector<bool> claimed(checkout.physicalItems.size(), false);
  for (size_t i = 0; i < details.consignments.size(); ++i) {
    WantedConsignment w{static_cast<int>(i), &details.consignments[i], {}};
    for (const std::string& lineId : w.details->lineIds) {
      bool found = false;
      for (size_t k = 0; k < checkout.physicalItems.size(); ++k) {
        if (checkout.physicalItems[k].lineId != lineId || claimed[k]) continue;
        claimed[k] = found = true;
        w.items.push_back(&checkout.physicalItems[k]);
      }
      if (!found) plan.unmet.push_back({DetailsRequestKind::UpdateConsignment, w.index, "line_not_in_checkout", lineId});
    }
    wanted.push_back(std::move(w));
  }
  for (WantedConsignment& w : wanted) {
    if (!w.details->lineIds.empty()) continue;
    for (size_t k = 0; k < checkout.physicalItems.size(); ++k)
      if (!claimed[k]) {
        claimed[k] = true;
        w.items.push_back(&checkout.physicalItems[k]);
      }
  }
  std::vector<const WantedConsignment*> shipping;
  for (const WantedConsignment& w : wanted) {
    if (w.items.empty()) plan.unmet.push_back({DetailsRequestKind::AddConsignments, w.index, "no_items", ""});
    else shipping.push_back(&w);
  }

  // Consignments are paired in order: the nth that ships something with the checkout's nth. Surplus ones go
  // first, so that the items they held are free for the updates and additions after them.
  const size_t held = checkout.consignments.size();
  for (size_t i = shipping.size(); i < held; ++i)
    plan.requests.push_back({DetailsRequestKind::DeleteConsignment, "DELETE", base + "/consignments/" + checkout.consignments[i].id, ""});
  std::vector<bool> settled(shipping.size(), false);  // address and items already as wanted
  for (size_t i = 0; i < shipping.size() && i < held; ++i) {
    const ConsignmentView& c = checkout.consignments[i];
    if (sameAddress(shipping[i]->details->address, c.address) && sameItems(*shipping[i], c)) {
      settled[i] = true;
      continue;
    }
    JsonWriter body;
    writeConsignmentBody(body, *shipping[i]);
    plan.requests.push_back({DetailsRequestKind::UpdateConsignment, "PUT", base + "/consignments/" + c.id + withOptions, body.take()});
  }
  if (shipping.size() > held) {
    JsonWriter body;
    body.beginArray();
    for (size_t i = held; i < shipping.size(); ++i) writeConsignmentBody(body, *shipping[i]);
    body.endArray();
    plan.requests.push_back({DetailsRequestKind::AddConsignments, "POST", base + "/consignments" + withOptions, body.take()});
  }

  // Shipping options, for the consignments this round leaves as they are.
  for (size_t i = 0; i < shipping.size() && i < held; ++i) {
    const ConsignmentDetails& d = *shipping[i]->details;
    if (!settled[i] || (d.shippingOptionId.empty() && d.shippingOptionDescription.empty())) continue;
    const ConsignmentView& c = checkout.consignments[i];
    if (!c.selectedOptionId.empty() && (c.selectedOptionId == d.shippingOptionId ||
                                        (d.shippingOptionId.empty() && c.selectedDescription == d.shippingOptionDescription)))
      continue;
    std::string optionId;
    if (!c.optionsListed) {
      // The answer did not list the options (an answer to a request without `include`): the stored id is
      // tried, and the store refuses it if it is gone.
      optionId = d.shippingOptionId;
    } else {
      for (const ShippingOptionView& o : c.shippingOptions)
        if (!d.shippingOptionId.empty() && o.id == d.shippingOptionId) optionId = o.id;
      // Option ids change with the address; the description names the same service.
      for (const ShippingOptionView& o : c.shippingOptions)
        if (optionId.empty() && !d.shippingOptionDescription.empty() && o.description == d.shippingOptionDescription) optionId = o.id;
    }
    if (optionId.empty() || (!c.selectedOptionId.empty() && optionId == c.selectedOptionId)) {
      if (optionId.empty()) plan.unmet.push_back({DetailsRequestKind::SelectShippingOption, shipping[i]->index, "shipping_option_unavailable", ""});
      continue;
    }
    JsonWriter body;
    body.beginObject().key("shipping_option_id").string(optionId).endObject();
    plan.requests.push_back({DetailsRequestKind::SelectShippingOption, "PUT", base + "/consignments/" + c.id + withOptions, body.take()});
  }

  // Coupons: removals first, since a store may take one coupon at a time. Codes compare without case, as the
  // store matches them.
  for (const CouponView& applied : checkout.coupons) {
    bool keep = false;
    for (const std::string& code : details.coupons) keep = keep || upper(code) == upper(applied.code);
    if (!keep) plan.requests.push_back({DetailsRequestKind::RemoveCoupon, "DELETE", base + "/coupons/" + percentEncoded(applied.code), ""});
  }
  for (const std::string& code : details.coupons) {
    bool applied = false;
    for (const CouponView& c : checkout.coupons) applied = applied || upper(code) == upper(c.code);
    if (applied) continue;
    JsonWriter body;
    body.beginObject().key("coupon_code").string(code).endObject();
    plan.requests.push_back({DetailsRequestKind::AddCoupon, "POST", base + "/coupons", body.take()});
  }
  return plan;
}

}  // namespace bcch
