// protectionTarget on arbitrary page URLs (and Stencil context), against a fixed config. Invariants: a target
// is always on the headless origin, checkout-like paths always stay, and a target never redirects again.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bcch/site_protection.h"
#include "fuzz_check.h"

using bcch_fuzz::require;
using bcch_fuzz::violation;

namespace {

const bcch::ProtectionConfig& config() {
  static const bcch::ProtectionConfig c = [] {
    auto parsed = bcch::parseProtectionConfig(R"({"headlessOrigin":"https://www.example.com",
      "storeOrigins":["https://store-abc.mybigcommerce.com"],
      "routes":[{"type":"product","route":"/products/{slug}?id={id}"},{"type":"category","route":"/c/{slug}"},
                {"type":"brand","route":"/{language}/brands/{slug}"}]})");
    if (!parsed.ok()) violation("the fixed config does not parse: " + parsed.error().message);
    return parsed.value();
  }();
  return c;
}

}  // namespace

// Input: "<path and query>\n<page type>\n<id>\n<entity url>" (later parts optional).
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  std::string parts[4];
  size_t start = 0;
  for (int i = 0; i < 4 && start <= input.size(); ++i) {
    size_t end = i == 3 ? input.size() : input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    parts[i] = input.substr(start, end - start);
    start = end + 1;
  }
  bcch::HostedPage page;
  page.url = "https://store-abc.mybigcommerce.com" + parts[0];
  page.pageType = parts[1];
  page.id = parts[2];
  page.entityUrl = parts[3];
  const bcch::ProtectionDecision d = bcch::protectionTarget(page, config());
  if (d.target.empty()) return 0;
  require(d.target.rfind("https://www.example.com/", 0) == 0, "target left the headless origin: " + d.target);
  require(d.target.find_first_of(" \t\r\n\\") == std::string::npos, "target has whitespace or a backslash: " + d.target);
  require(d.pageType != "checkout" && d.reason != "checkout", "a checkout page was redirected");
  bcch::HostedPage again;
  again.url = d.target;
  require(bcch::protectionTarget(again, config()).target.empty(), "the target would redirect again: " + d.target);
  return 0;
}
