// The checkout-details parser and the checkout reader on arbitrary bytes must never crash (ASan/UBSan watch),
// every answer must be JSON with "ok", and normalising is idempotent: checkDetails of its own output gives the
// same output. The input is split at the first NUL: details before it, a Checkout answer after it, so the
// plan runs on both.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bcch/details_api.h"
#include "fuzz_check.h"

using bcch_fuzz::require;
using Json = nlohmann::json;

namespace {
Json parsed(const std::string& text, const char* what) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  require(j.is_object() && j.contains("ok") && j["ok"].is_boolean(), std::string(what) + " answered without ok: " + text);
  if (j["ok"] == false) require(j["error"]["code"].is_string() && !j["error"]["code"].get<std::string>().empty(), std::string(what) + " failed without a code");
  return j;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const size_t split = input.find('\0');
  const std::string details = input.substr(0, split);
  const std::string checkout = split == std::string::npos ? std::string("{}") : input.substr(split + 1);

  Json first = parsed(bcch::checkDetailsJson(details), "checkDetails");
  if (first["ok"] == true) {
    const std::string normal = first["details"].dump();
    Json second = parsed(bcch::checkDetailsJson(normal), "checkDetails of its output");
    require(second["ok"] == true, "normalised details are refused: " + normal);
    require(second["details"] == first["details"], "normalising twice changed the details: " + normal);
  }
  for (const char* purpose : {"billing", "estimate"}) {
    Json a = parsed(bcch::checkAddressJson(details, purpose), "checkAddress");
    if (a["ok"] == true) require(parsed(bcch::checkAddressJson(a["address"].dump(), purpose), "checkAddress again")["address"] == a["address"], "address normalising is not idempotent");
  }
  parsed(bcch::readCheckoutJson(checkout, ""), "readCheckout");
  parsed(bcch::planDetailsSyncJson(details, checkout, ""), "planDetailsSync");
  parsed(bcch::checkCouponCodeJson(details), "checkCouponCode");
  return 0;
}
