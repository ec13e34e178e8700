#include "bcch/checkout_details.h"

#include "bcch/text.h"

namespace bcch {
namespace {

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// A saved cart line id: "l" and a number (saved_cart.cpp).
bool isLineId(const std::string& id) {
  if (id.size() < 2 || id.size() > 14 || id[0] != 'l' || id[1] == '0') return false;
  for (size_t i = 1; i < id.size(); ++i)
    if (id[i] < '0' || id[i] > '9') return false;
  return true;
}

// Shipping option ids are BigCommerce's opaque tokens (hex in its examples); they go into request bodies only,
// but are held to token characters all the same.
bool isOptionId(const std::string& id) {
  if (id.empty() || id.size() > 255) return false;
  for (char c : id)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':'))
      return false;
  return true;
}

// A list of codes: each one checked, repeats dropped.
std::vector<std::string> readCodes(const Json& json, const std::string& key, Result<std::string> (*check)(const std::string&),
                                   const char* code, std::vector<FieldError>* errors) {
  std::vector<std::string> codes;
  auto it = json.find(key);
  if (it == json.end() || it->is_null()) return codes;
  if (!it->is_array()) {
    errors->push_back(FieldError{key, "invalid_details", key + " must be an array of codes"});
    return codes;
  }
  if (it->size() > kMaxCodes) {
    errors->push_back(FieldError{key, "invalid_details", key + " holds more than 20 codes"});
    return codes;
  }
  for (size_t i = 0; i < it->size(); ++i) {
    const Json& item = (*it)[i];
    const std::string path = key + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      errors->push_back(FieldError{path, code, "the code must be text"});
      continue;
    }
    Result<std::string> checked = check(item.get<std::string>());
    if (!checked.ok()) {
      errors->push_back(FieldError{path, code, checked.error().message});
      continue;
    }
    bool repeated = false;
    for (const std::string& c : codes) repeated = repeated || upper(c) == upper(checked.value());
    if (!repeated) codes.push_back(checked.value());
  }
  return codes;
}

void readConsignment(const Json& json, const std::string& path, ConsignmentDetails* out, std::vector<std::string>* seenLines,
                     std::vector<FieldError>* errors) {
  if (!json.is_object()) {
    errors->push_back(FieldError{path, "invalid_details", "a consignment must be an object"});
    return;
  }
  auto address = json.find("address");
  if (address == json.end() || address->is_null()) errors->push_back(FieldError{path + ".address", "invalid_address", "the address is required"});
  else readAddress(*address, AddressPurpose::Estimate, path + ".address", &out->address, errors);

  auto lines = json.find("lineIds");
  if (lines != json.end() && !lines->is_null()) {
    if (!lines->is_array() || lines->size() > 250) {
      errors->push_back(FieldError{path + ".lineIds", "invalid_line_id", "lineIds must be an array of at most 250 line ids"});
    } else {
      if (lines->empty()) errors->push_back(FieldError{path + ".lineIds", "invalid_line_id", "lineIds is empty: leave it out to ship every line"});
      for (size_t i = 0; i < lines->size(); ++i) {
        const Json& id = (*lines)[i];
        const std::string itemPath = path + ".lineIds[" + std::to_string(i) + "]";
        if (!id.is_string() || !isLineId(id.get<std::string>())) {
          errors->push_back(FieldError{itemPath, "invalid_line_id", "not a cart line id (l1, l2, ...)"});
          continue;
        }
        const std::string& text = id.get_ref<const std::string&>();
        bool seen = false;
        for (const std::string& s : *seenLines) seen = seen || s == text;
        if (seen) errors->push_back(FieldError{itemPath, "invalid_line_id", "line " + text + " is named twice: a line ships in one consignment"});
        else {
          seenLines->push_back(text);
          out->lineIds.push_back(text);
        }
      }
    }
  }
  auto option = json.find("shippingOptionId");
  if (option != json.end() && !option->is_null()) {
    if (!option->is_string() || !isOptionId(option->get<std::string>()))
      errors->push_back(FieldError{path + ".shippingOptionId", "invalid_shipping_option", "not a shipping option id"});
    else out->shippingOptionId = option->get<std::string>();
  }
  auto description = json.find("shippingOptionDescription");
  if (description != json.end() && !description->is_null()) {
    const std::string text = description->is_string() ? trimmedText(description->get<std::string>()) : std::string("\x01");
    if (codePointCount(text) > 255 || hasControlCharacter(text))
      errors->push_back(FieldError{path + ".shippingOptionDescription", "invalid_shipping_option",
                                   "the shipping option description must be text of at most 255 characters"});
    else out->shippingOptionDescription = text;
  }
}

}  // namespace

Result<std::string> checkCouponCode(const std::string& code) {
  const std::string s = trimmedText(code);
  if (s.empty()) return makeError("invalid_coupon_code", "enter a coupon code");
  if (codePointCount(s) > 50) return makeError("invalid_coupon_code", "a coupon code has at most 50 characters");
  if (hasControlCharacter(s)) return makeError("invalid_coupon_code", "the coupon code contains control characters");
  return s;
}

Result<std::string> checkGiftCertificateCode(const std::string& code) {
  const std::string s = trimmedText(code);
  if (s.empty()) return makeError("invalid_gift_certificate_code", "enter a gift certificate code");
  if (s.size() > 255) return makeError("invalid_gift_certificate_code", "a gift certificate code has at most 255 characters");
  for (char c : s)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return makeError("invalid_gift_certificate_code", "a gift certificate code has only letters, digits and dashes");
  return s;
}

CheckoutDetails readDetails(const Json& json, std::vector<FieldError>* errors) {
  CheckoutDetails details;
  if (!json.is_object()) {
    errors->push_back(FieldError{"details", "invalid_details", "the checkout details must be an object"});
    return details;
  }
  auto billing = json.find("billing");
  if (billing != json.end() && !billing->is_null()) {
    details.billing.emplace();
    readAddress(*billing, AddressPurpose::Billing, "billing", &*details.billing, errors);
  }
  auto consignments = json.find("consignments");
  if (consignments != json.end() && !consignments->is_null()) {
    if (!consignments->is_array() || consignments->size() > kMaxConsignments) {
      errors->push_back(FieldError{"consignments", "invalid_details", "consignments must be an array of at most 50"});
    } else {
      std::vector<std::string> seenLines;
      bool everyLine = false;
      for (size_t i = 0; i < consignments->size(); ++i) {
        const std::string path = "consignments[" + std::to_string(i) + "]";
        ConsignmentDetails c;
        readConsignment((*consignments)[i], path, &c, &seenLines, errors);
        if (c.lineIds.empty()) {
          // Two consignments that each ship "every other line" would compete for the same lines.
          if (everyLine) errors->push_back(FieldError{path + ".lineIds", "invalid_line_id", "only one consignment may leave out lineIds"});
          everyLine = true;
        }
        details.consignments.push_back(std::move(c));
      }
    }
  }
  details.coupons = readCodes(json, "coupons", checkCouponCode, "invalid_coupon_code", errors);
  details.giftCertificates = readCodes(json, "giftCertificates", checkGiftCertificateCode, "invalid_gift_certificate_code", errors);
  return details;
}

void writeDetails(JsonWriter& out, const CheckoutDetails& details) {
  out.beginObject().key("billing");
  if (details.billing) writeAddress(out, *details.billing); else out.null();
  out.key("consignments").beginArray();
  for (const ConsignmentDetails& c : details.consignments) {
    out.beginObject().key("address");
    writeAddress(out, c.address);
    if (!c.lineIds.empty()) {
      out.key("lineIds").beginArray();
      for (const std::string& id : c.lineIds) out.string(id);
      out.endArray();
    }
    if (!c.shippingOptionId.empty()) out.key("shippingOptionId").string(c.shippingOptionId);
    if (!c.shippingOptionDescription.empty()) out.key("shippingOptionDescription").string(c.shippingOptionDescription);
    out.endObject();
  }
  out.endArray();
  for (const auto* list : {&details.coupons, &details.giftCertificates}) {
    out.key(list == &details.coupons ? "coupons" : "giftCertificates").beginArray();
    for (const std::string& code : *list) out.string(code);
    out.endArray();
  }
  out.endObject();
}

}  // namespace bcch
