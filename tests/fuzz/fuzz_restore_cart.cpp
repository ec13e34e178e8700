// restoreCart on arbitrary bytes must never crash (ASan/UBSan watch), and whatever it restores must survive
// the round trip: save -> restore -> save gives the very same text, now as the current version.
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "bcch/saved_cart.h"
#include "fuzz_check.h"

using bcch_fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bcch::Result<bcch::SavedCart> first = bcch::restoreCart(text, bcch::CartLimits{});
  if (!first.ok()) {
    require(!first.error().code.empty(), "a refused document has no error code");
    return 0;
  }
  const std::string saved = bcch::saveCart(first.value().cart, first.value().cartId, "", first.value().checkout);
  require(nlohmann::json::accept(saved), "saveCart wrote invalid JSON: " + saved);

  bcch::Result<bcch::SavedCart> second = bcch::restoreCart(saved, bcch::CartLimits{});
  require(second.ok(), "the saved text of a restored cart is refused (" +
                           (second.ok() ? std::string() : second.error().code + ": " + second.error().message) +
                           "): " + saved);
  require(second.value().fromVersion == bcch::kSavedCartVersion, "saveCart did not write the current version");
  require(second.value().cartId == first.value().cartId, "cartId changed in the round trip");
  require(second.value().checkout == first.value().checkout, "the checkout section changed in the round trip");
  require(second.value().cart.lines().size() == first.value().cart.lines().size(), "line count changed");
  require(second.value().cart.nextLineNumber() == first.value().cart.nextLineNumber(), "nextLine changed");

  const std::string savedAgain = bcch::saveCart(second.value().cart, second.value().cartId, "", second.value().checkout);
  require(savedAgain == saved, "save -> restore -> save changed the text:\n  first:  " + saved +
                                   "\n  second: " + savedAgain);
  return 0;
}
