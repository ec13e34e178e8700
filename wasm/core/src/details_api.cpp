#include "bcch/details_api.h"

#include <vector>

#include "bcch/checkout_details.h"
#include "bcch/checkout_plan.h"
#include "bcch/checkout_view.h"
#include "bcch/json_writer.h"
#include "bcch/saved_cart.h"

#ifndef BCCH_VERSION
#define BCCH_VERSION "0.0.0-dev"
#endif

namespace bcch {
namespace {

std::string failure(const Error& e, const std::vector<FieldError>* fields = nullptr) {
  JsonWriter out;
  out.beginObject().key("ok").boolean(false);
  out.key("error").beginObject().key("code").string(e.code).key("message").string(e.message);
  if (fields) {
    out.key("fields").beginArray();
    for (const FieldError& f : *fields)
      out.beginObject().key("field").string(f.field).key("code").string(f.code).key("message").string(f.message).endObject();
    out.endArray();
  }
  return out.endObject().endObject().take();
}

// One message for a form: the first problem, and how many more there are.
std::string fieldFailure(const char* code, const char* what, const std::vector<FieldError>& fields) {
  std::string message = std::string(what) + ": " + (fields.front().field.empty() ? "" : fields.front().field + ": ") + fields.front().message;
  if (fields.size() > 1) message += " (and " + std::to_string(fields.size() - 1) + " more)";
  return failure(Error{code, message}, &fields);
}

template <typename WriteFields>
std::string success(WriteFields fields) {
  JsonWriter out;
  out.beginObject().key("ok").boolean(true);
  fields(out);
  return out.endObject().take();
}

// The details, checked; `error` set (a whole failure text) when they are not valid.
bool detailsFrom(const std::string& text, CheckoutDetails* details, std::string* error) {
  Result<Json> parsed = parseJson(text, "invalid_details");
  if (!parsed.ok()) {
    *error = failure(parsed.error());
    return false;
  }
  std::vector<FieldError> fields;
  *details = readDetails(parsed.value(), &fields);
  if (fields.empty()) return true;
  *error = fieldFailure("invalid_details", "Check the checkout details", fields);
  return false;
}

// The checkout answer and, when given, the saved cart its items are matched with.
bool checkoutFrom(const std::string& checkoutJson, const std::string& savedCartJson, CheckoutView* view, std::string* error) {
  Result<Json> data = parseJson(checkoutJson, "invalid_checkout");
  if (!data.ok()) {
    *error = failure(data.error());
    return false;
  }
  std::optional<SavedCart> saved;
  if (!savedCartJson.empty() && savedCartJson != "null") {
    Result<SavedCart> restored = restoreCart(savedCartJson, CartLimits{});
    if (!restored.ok()) {
      *error = failure(restored.error());
      return false;
    }
    saved = std::move(restored.value());
  }
  Result<CheckoutView> read = readCheckout(data.value(), saved ? &saved->cart : nullptr);
  if (!read.ok()) {
    *error = failure(read.error());
    return false;
  }
  *view = std::move(read.value());
  return true;
}

std::string codeResult(const Result<std::string>& code) {
  if (!code.ok()) return failure(code.error());
  return success([&](JsonWriter& out) { out.key("code").string(code.value()); });
}

}  // namespace

std::string checkAddressJson(const std::string& addressJson, const std::string& purposeName) {
  AddressPurpose purpose;
  if (!addressPurposeFromName(purposeName, &purpose))
    return failure(makeError("invalid_argument", "the purpose must be \"billing\", \"shipping\" or \"estimate\""));
  Result<Json> parsed = parseJson(addressJson, "invalid_address");
  if (!parsed.ok()) return failure(parsed.error());
  Address address;
  std::vector<FieldError> fields;
  readAddress(parsed.value(), purpose, "", &address, &fields);
  if (!fields.empty()) return fieldFailure("invalid_address", "Check the address", fields);
  return success([&](JsonWriter& out) {
    out.key("address");
    writeAddress(out, address);
  });
}

std::string checkDetailsJson(const std::string& detailsJson) {
  CheckoutDetails details;
  std::string error;
  if (!detailsFrom(detailsJson, &details, &error)) return error;
  return success([&](JsonWriter& out) {
    out.key("details");
    writeDetails(out, details);
  });
}

std::string checkCouponCodeJson(const std::string& code) { return codeResult(checkCouponCode(code)); }

std::string checkGiftCertificateCodeJson(const std::string& code) { return codeResult(checkGiftCertificateCode(code)); }

std::string planDetailsSyncJson(const std::string& detailsJson, const std::string& checkoutJson, const std::string& savedCartJson) {
  CheckoutDetails details;
  CheckoutView view;
  std::string error;
  if (!detailsFrom(detailsJson, &details, &error) || !checkoutFrom(checkoutJson, savedCartJson, &view, &error)) return error;
  const DetailsPlan plan = planDetailsSync(details, view);
  return success([&](JsonWriter& out) {
    out.key("requests").beginArray();
    for (const DetailsRequest& r : plan.requests) {
      out.beginObject().key("kind").string(detailsRequestKindName(r.kind));
      out.key("method").string(r.method).key("path").string(r.path).key("body");
      if (r.body.empty()) out.null(); else out.raw(r.body);
      out.endObject();
    }
    out.endArray().key("unmet").beginArray();
    for (const UnmetDetail& u : plan.unmet) {
      out.beginObject().key("kind").string(detailsRequestKindName(u.kind));
      if (u.consignmentIndex >= 0) out.key("consignmentIndex").integer(u.consignmentIndex);
      out.key("reason").string(u.reason);
      if (!u.lineId.empty()) out.key("lineId").string(u.lineId);
      out.endObject();
    }
    out.endArray();
  });
}

std::string readCheckoutJson(const std::string& checkoutJson, const std::string& savedCartJson) {
  CheckoutView view;
  std::string error;
  if (!checkoutFrom(checkoutJson, savedCartJson, &view, &error)) return error;
  return success([&](JsonWriter& out) {
    out.key("checkout");
    writeCheckoutView(out, view);
  });
}

std::string applyGiftCertificatesJson(const std::string& totalsJson, const std::string& certificatesJson) {
  Result<Json> totalsParsed = parseJson(totalsJson, "invalid_argument");
  if (!totalsParsed.ok()) return failure(totalsParsed.error());
  Result<Totals> totals = readTotals(totalsParsed.value());
  if (!totals.ok()) return failure(totals.error());
  Result<Json> certificates = parseJson(certificatesJson, "invalid_argument");
  if (!certificates.ok()) return failure(certificates.error());
  int64_t due = 0;
  Result<std::vector<GiftCertificateUse>> uses = applyGiftCertificates(totals.value(), certificates.value(), &due);
  if (!uses.ok()) return failure(uses.error());
  // The totals object, then the certificates and what is left to pay, in one object.
  JsonWriter t;
  writeTotals(t, totals.value());
  std::string totalsText = t.take();
  totalsText.pop_back();  // the closing brace
  JsonWriter rest;
  rest.beginObject().key("giftCertificates").beginArray();
  for (const GiftCertificateUse& u : uses.value())
    rest.beginObject().key("code").string(u.code).key("used").integer(u.used).key("balance").integer(u.balance).endObject();
  rest.endArray().key("amountDue").integer(due).endObject();
  const std::string restText = rest.take();
  return "{\"ok\":true,\"totals\":" + totalsText + "," + restText.substr(1) + "}";
}

std::string detailsConstantsJson() {
  JsonWriter out;
  out.beginObject().key("checkoutInclude").string(kCheckoutInclude);
  return out.endObject().take();
}

const char* detailsVersion() { return BCCH_VERSION; }

}  // namespace bcch
