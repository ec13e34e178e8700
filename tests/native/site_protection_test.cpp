// Site protection. The table in tests/protection/pages.json is the specification: the same rows run here,
// through the wasm module (tests/js/protection.test.mjs) and through the generated snippet in Chromium
// (tests/browser/protection.test.mjs). This file adds what only the core sees: hostile URLs, config errors,
// and the payloads.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "bcch/json_fields.h"
#include "bcch/protection_artifacts.h"
#include "bcch/site_protection.h"

using bcch::HostedPage;
using bcch::Json;
using bcch::ProtectionConfig;

namespace {

Json loadTable() {
  std::ifstream file(BCCH_PROTECTION_TABLE);
  std::stringstream text;
  text << file.rdbuf();
  auto parsed = bcch::parseJson(text.str(), "table");
  REQUIRE(parsed.ok());
  return parsed.value();
}

ProtectionConfig config(const std::string& json) {
  auto parsed = bcch::parseProtectionConfig(json);
  INFO(json);
  if (!parsed.ok()) INFO(parsed.error().message);
  REQUIRE(parsed.ok());
  return parsed.value();
}

const char* const kMain = R"({"headlessOrigin":"https://www.example.com","storeOrigins":["https://store-abc.mybigcommerce.com"],
  "routes":[{"type":"product","route":"/products/{slug}"}]})";

std::string configError(const std::string& json) {
  auto parsed = bcch::parseProtectionConfig(json);
  if (parsed.ok()) return "";
  CHECK(parsed.error().code == "invalid_protection_config");
  return parsed.error().message;
}

}  // namespace

TEST_CASE("site protection: every page of the shared table") {
  const Json table = loadTable();
  const Json& pages = table["pages"];
  REQUIRE(pages.size() >= 120);
  for (const Json& row : pages) {
    const Json& p = row["page"];
    HostedPage page;
    page.url = p["url"].get<std::string>();
    page.pageType = p.value("pageType", std::string());
    page.id = p.value("id", std::string());
    page.entityUrl = p.value("entityUrl", std::string());
    page.cookies = p.value("cookies", std::string());
    page.language = p.value("language", std::string());
    page.framed = p.value("framed", false);
    const ProtectionConfig c = config(table["configs"][row["config"].get<std::string>()].dump());
    const auto decision = bcch::protectionTarget(page, c);
    INFO(row["name"].get<std::string>() << ": " << decision.message);
    const Json& expect = row["expect"];
    CHECK(decision.target == (expect["target"].is_null() ? std::string() : expect["target"].get<std::string>()));
    CHECK(decision.reason == expect["reason"].get<std::string>());
  }
}

TEST_CASE("site protection: URLs no browser would give stay where they are") {
  const ProtectionConfig c = config(kMain);
  for (const char* url : {"", "/shirt/", "javascript:alert(1)", "https://store-abc.mybigcommerce.com/a/../checkout",
                          "https://store-abc.mybigcommerce.com/./checkout", "https://store-abc.mybigcommerce.com/%2e%2e/x",
                          "https://store-abc.mybigcommerce.com/a\\b", "https://user@store-abc.mybigcommerce.com/",
                          "https://store-abc.mybigcommerce.com/a b/", "https://store-abc.mybigcommerce.com/\xC3\xA9/"}) {
    HostedPage page;
    page.url = url;
    const auto d = bcch::protectionTarget(page, c);
    INFO(url);
    CHECK(d.target.empty());
    CHECK(d.reason == "bad_url");
  }
}

TEST_CASE("site protection: targets never leave the headless origin") {
  const ProtectionConfig c = config(kMain);
  for (const char* path : {"//evil.example/x/", "/%2F%2Fevil.example/", "/x/?utm_source=https://evil.example/"}) {
    HostedPage page;
    page.url = std::string("https://store-abc.mybigcommerce.com") + path;
    const auto d = bcch::protectionTarget(page, c);
    INFO(path << " -> " << d.target);
    REQUIRE(!d.target.empty());
    CHECK(d.target.rfind("https://www.example.com/", 0) == 0);
  }
}

TEST_CASE("site protection config: clear errors naming the field") {
  CHECK_FALSE(configError("nope").empty());
  CHECK(configError("[]") == "the config must be a JSON object");
  CHECK(configError(R"({"storeOrigins":["https://s.example"]})").rfind("headlessOrigin: is required", 0) == 0);
  CHECK(configError(R"({"headlessOrigin":"http://www.example.com","storeOrigins":["https://s.example"]})") ==
        "headlessOrigin: must use https (http is allowed for localhost, 127.x.y.z and [::1] only)");
  // Plain http on this machine is fine, the IPv6 loopback included.
  for (const char* local : {"http://localhost:3000", "http://127.0.0.1:3000", "http://127.0.1.1:3000", "http://[::1]:3000"}) {
    CAPTURE(local);
    CHECK(configError(std::string(R"({"headlessOrigin":")") + local + R"(","storeOrigins":["https://s.example"]})") == "");
  }
  CHECK(configError(R"({"headlessOrigin":"https://www.example.com/shop","storeOrigins":["https://s.example"]})") ==
        "headlessOrigin: must be scheme://host[:port] with no path");
  CHECK(configError(R"({"headlessOrigin":"https://www.example.com","storeOrigins":[]})").rfind("storeOrigins:", 0) == 0);
  CHECK(configError(R"({"headlessOrigin":"https://www.example.com","storeOrigins":["https://example.com"]})") ==
        "headlessOrigin: is one of the store origins: shoppers would be sent in a loop");
  const std::string base = R"({"headlessOrigin":"https://www.example.com","storeOrigins":["https://s.example"],)";
  CHECK(configError(base + R"("rutes":[]})") == "rutes: is not a known field");
  CHECK(configError(base + R"("routes":[{"type":"checkout","route":"/c"}]})") ==
        "routes[0].type: \"checkout\" is not allowed: checkout stays on BigCommerce");
  CHECK(configError(base + R"("routes":[{"type":"products","route":"/p"}]})").rfind("routes[0].type: \"products\" is not a Sites & Routes type", 0) == 0);
  CHECK(configError(base + R"("routes":[{"type":"product","route":"//evil.example/{slug}"}]})").rfind("routes[0].route: must be a path", 0) == 0);
  CHECK(configError(base + R"("routes":[{"type":"product","route":"products/{slug}"}]})").rfind("routes[0].route: must be a path", 0) == 0);
  CHECK(configError(base + R"("routes":[{"type":"product","route":"/p/{sku}"}]})") ==
        "routes[0].route: knows the tokens {id}, {slug} and {language}, not \"{sku}\"");
  CHECK(configError(base + R"("routes":[{"type":"product","route":"/p/{slug"}]})").rfind("routes[0].route: knows the tokens", 0) == 0);
  CHECK(configError(base + R"("routes":[{"type":"product","route":"/p}"}]})") == "routes[0].route: has a '}' without its '{'");
  CHECK(configError(base + R"("routes":[{"type":"product","route":"/p/<x>"}]})").rfind("routes[0].route: may not contain", 0) == 0);
  CHECK(configError(base + R"("routes":[{"type":"product","route":"/a"},{"type":"product","route":"/b"}]})") ==
        "routes[1]: repeats the product route for matching \"*\"");
  CHECK(configError(base + R"("routes":[{"type":"product","route":"/a","matching":"x"}]})") ==
        "routes[0].matching: must be \"*\" or an entity id such as \"12\"");
  CHECK(configError(base + R"("allow":["contact"]})").rfind("allow[0]: must be a path", 0) == 0);
  CHECK(configError(base + R"("allow":["/{{x}}"]})").rfind("allow[0]: must be a path", 0) == 0);
  CHECK(configError(base + R"("keepParams":["utm_*","a b"]})").rfind("keepParams[1]: must be a parameter name", 0) == 0);
  CHECK(configError(base + R"("unknown":"404"})") == "unknown: must be \"same-path\", \"home\" or \"stay\"");
  CHECK(configError(base + R"("bypass":{"cookie":"a.b"}})").rfind("bypass.cookie:", 0) == 0);
  CHECK(configError(base + R"("bypass":{"param":"x","cooky":"y"}})") == "bypass.cooky: is not a known field");
  CHECK(configError(base + R"("storefrontChannelId":0})").rfind("storefrontChannelId:", 0) == 0);
  CHECK(configError(base + R"("language":"en US"})").rfind("language:", 0) == 0);
}

TEST_CASE("site protection config: defaults") {
  const ProtectionConfig c = config(R"({"headlessOrigin":"https://www.example.com/","storeOrigins":["https://s.example"]})");
  CHECK(c.unknown == bcch::UnknownPolicy::SamePath);
  CHECK(c.keepParams == bcch::defaultKeepParams());
  CHECK(c.bypassParam == "bc_preview");
  CHECK(c.bypassCookie == "bc_preview");
  CHECK(c.storefrontChannelId == 1);
  CHECK(c.routes.empty());
}

TEST_CASE("site protection snippet: Handlebars-safe, HTML-safe, with the config inlined") {
  const ProtectionConfig c = config(kMain);
  auto snippet = bcch::protectionSnippet(c);
  REQUIRE(snippet.ok());
  const std::string& html = snippet.value();
  CHECK(html.rfind("<script>", 0) == 0);
  CHECK(html.find("</script>") == html.size() - 9);
  CHECK(html.find("__CONFIG__") == std::string::npos);
  CHECK(html.find("\"https://www.example.com\"") != std::string::npos);
  CHECK(html.find("/products/{slug}") != std::string::npos);
  // Every "{{" opens one of the documented context expressions and nothing else.
  size_t count = 0;
  for (size_t at = html.find("{{"); at != std::string::npos; at = html.find("{{", at + 2), ++count) {
    const std::string expr = html.substr(at, html.find("}}", at) + 2 - at);
    INFO(expr);
    CHECK((expr == "{{page_type}}" || expr == "{{product.id}}" || expr == "{{product.url}}" || expr == "{{category.id}}" ||
           expr == "{{category.url}}" || expr == "{{brand.url}}" || expr == "{{page.id}}"));
  }
  CHECK(count == 7);
  CHECK(html.find("Handlebars expression") == std::string::npos);  // the source's comment lines are stripped
  CHECK(html.find("\n") == std::string::npos);
}

TEST_CASE("site protection payloads: Sites & Routes and Scripts API") {
  const ProtectionConfig c = config(R"({"headlessOrigin":"https://www.example.com","storeOrigins":["https://s.example"],
    "routes":[{"type":"product","route":"/p/{id}"},{"type":"product","matching":"7","route":"/seven"}],"storefrontChannelId":3})");
  auto routes = bcch::parseJson(bcch::siteRoutesPayload(c), "t");
  REQUIRE(routes.ok());
  CHECK(routes.value() == Json::parse(R"([{"type":"product","matching":"*","route":"/p/{id}"},
    {"type":"product","matching":"7","route":"/seven"},{"type":"home","matching":"*","route":"/"}])"));

  auto script = bcch::scriptsPayload(c);
  REQUIRE(script.ok());
  auto body = bcch::parseJson(script.value(), "t");
  REQUIRE(body.ok());
  const Json& s = body.value();
  CHECK(s["kind"] == "script_tag");
  CHECK(s["visibility"] == "storefront");  // never checkout, order confirmation, login or account
  CHECK(s["location"] == "head");
  CHECK(s["load_method"] == "default");
  CHECK(s["consent_category"] == "essential");
  CHECK(s["channel_id"] == 3);
  CHECK(s["auto_uninstall"] == true);
  CHECK(s["enabled"] == true);
  CHECK(s["html"] == bcch::protectionSnippet(c).value());
}

TEST_CASE("site protection snippet: too many routes for Script Manager is an error, not a truncation") {
  std::string json = R"({"headlessOrigin":"https://www.example.com","storeOrigins":["https://s.example"],"routes":[)";
  for (int i = 1; i <= 2000; ++i) json += (i > 1 ? "," : "") + std::string(R"({"type":"product","matching":")") + std::to_string(i) + R"(","route":"/products/a-long-route-name-for-this-item/{id}"})";
  json += "]}";
  auto snippet = bcch::protectionSnippet(config(json));
  REQUIRE_FALSE(snippet.ok());
  CHECK(snippet.error().code == "snippet_too_long");
}
