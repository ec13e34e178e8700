// planCartSyncJson with a fixed saved cart and arbitrary bytes as the remote cart (the Cart API response's
// `data`, Cart_Full, which comes from the network). It must not crash, must answer valid JSON, and every
// request it plans must stay on the Cart API's /carts paths: nothing in the response may steer a request
// elsewhere ("/carts/../customers", "https://...", "#", encodings).
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bcch/api.h"
#include "bcch/cart.h"
#include "fuzz_check.h"

using bcch_fuzz::require;
using Json = nlohmann::json;

namespace {

// Version 2, one line of each kind (a product with a variant and options, a plain product, a custom item,
// a gift certificate), synced before to the cart below.
const char kSavedCart[] =
    R"({"version":2,"currency":"USD","nextLine":6,"cartId":"0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","lines":[)"
    R"({"id":"l1","type":"product","quantity":2,"productId":80,"variantId":64,)"
    R"("optionSelections":[{"optionId":7,"optionValue":101},{"optionId":9,"optionValue":"Engraved"}],"price":10900},)"
    R"({"id":"l2","type":"product","quantity":1,"productId":81,"price":2500},)"
    R"({"id":"l3","type":"custom","quantity":3,"sku":"GIFT-WRAP","name":"Gift wrap","listPrice":500},)"
    R"({"id":"l5","type":"giftCertificate","quantity":1,"name":"Birthday","theme":"Birthday","amount":5000,)"
    R"("sender":{"name":"Ann","email":"ann@example.com"},"recipient":{"name":"Bo","email":"bo@example.com"}}]})";

const char kOptions[] = R"({"channelId":1,"customerId":7,"locale":"en"})";

bool startsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The local lines of kSavedCart: a request may only serve these.
bool isSavedLineId(const std::string& id) { return id == "l1" || id == "l2" || id == "l3" || id == "l5"; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string remote(reinterpret_cast<const char*>(data), size);
  const std::string out = bcch::planCartSyncJson(kSavedCart, remote, kOptions);
  const Json result = Json::parse(out, nullptr, /*allow_exceptions=*/false);
  require(result.is_object() && result.contains("ok") && result["ok"].is_boolean(),
          "planCartSyncJson did not answer {\"ok\":...}: " + out);
  if (!result["ok"].get<bool>()) {
    const Json error = result.value("error", Json());
    require(error.is_object() && error.contains("code") && error["code"].is_string() &&
                !error["code"].get<std::string>().empty(),
            "a refused plan has no error code: " + out);
    require(error["code"].get<std::string>() != "saved_cart_invalid" &&
                error["code"].get<std::string>() != "saved_cart_corrupt",
            "the fixed saved cart was refused: " + out);
    return 0;
  }
  require(result.contains("requests") && result["requests"].is_array(), "no requests array: " + out);
  for (const Json& r : result["requests"]) {
    require(r.is_object() && r.contains("method") && r["method"].is_string() && r.contains("path") &&
                r["path"].is_string() && r.contains("body"),
            "malformed request: " + r.dump());
    const std::string method = r["method"].get<std::string>();
    const std::string path = r["path"].get<std::string>();
    require(method == "POST" || method == "PUT" || method == "DELETE", "unexpected method: " + r.dump());
    require(r.contains("kind") && r["kind"].is_string() && r.contains("lineIds") && r["lineIds"].is_array(),
            "a request without kind or lineIds: " + r.dump());
    const std::string kind = r["kind"].get<std::string>();
    const char* expectedMethod = kind == "createCart" || kind == "addItems"       ? "POST"
                                 : kind == "updateItem" || kind == "setCustomer" ? "PUT"
                                 : kind == "deleteItem" || kind == "deleteCart"  ? "DELETE"
                                                                                 : nullptr;
    require(expectedMethod && method == expectedMethod, "a kind with the wrong method, or no known kind: " + r.dump());
    for (const Json& id : r["lineIds"])
      require(id.is_string() && isSavedLineId(id.get<std::string>()), "a request serves no saved line: " + r.dump());
    require(startsWith(path, "/carts"), "a request path leaves /carts: " + path);
    require(path.find("..") == std::string::npos, "a request path has a dot segment: " + path);
    for (unsigned char c : path)
      require(c > 0x20 && c < 0x7F && c != '\\' && c != '#' && c != '%' && c != '@',
              "a request path has a character no cart or item id has: " + path);
    require(r["body"].is_null() || r["body"].is_object(), "a body is neither null nor an object: " + r.dump());
  }
  require(result.contains("cartId") && result["cartId"].is_string(), "no cartId: " + out);
  const std::string cartId = result["cartId"].get<std::string>();
  require(cartId.empty() || bcch::isValidCartId(cartId), "the kept cartId is not a cart id: " + cartId);
  return 0;
}
