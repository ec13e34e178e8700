// checkCheckoutUrl is the guard against open redirects: every URL the browser is sent to (or embeds) must be a
// checkout entry point on one of the merchant's own store origins. These tables are the threat model: each row
// is a URL and the exact error code expected ("" when the URL must be accepted).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "bcch/checkout_url.h"
#include "bcch/url.h"

using namespace std::string_literals;
using bcch::CheckoutMode;
using bcch::Origin;
using bcch::RedirectUrls;

namespace {

struct Row {
  std::string url;
  const char* code;  // "" = accepted
};

std::string codeOf(const bcch::Status& s) { return s.ok() ? std::string() : s.error().code; }

template <typename T>
std::string codeOf(const bcch::Result<T>& r) {
  return r.ok() ? std::string() : r.error().code;
}

Origin origin(const std::string& text) {
  bcch::Result<Origin> o = bcch::parseStoreOrigin(text);
  REQUIRE(o.ok());
  return o.value();
}

const std::string S = "https://store-abc.mybigcommerce.com";
const std::string kJwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
    "eyJpc3MiOiJhYmMiLCJvcGVyYXRpb24iOiJjdXN0b21lcl9sb2dpbiIsImN1c3RvbWVyX2lkIjo3fQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

// Rows for the store origin https://store-abc.mybigcommerce.com.
std::vector<Row> storeRows() {
  return {
      // ---- Accepted: the entry points BigCommerce hands out.
      {S + "/cart.php?action=load&id=3f1c2a9e-0b4d-4c8e-9f61-2a7b5d0e8c41&token=0f1e2d3c4b5a", ""},
      {S + "/cart.php?action=loadInCheckout&id=3f1c2a9e-0b4d-4c8e-9f61-2a7b5d0e8c41&token=aa", ""},
      {S + "/cart.php?embedded=1&action=loadInCheckout&id=3f1c2a9e&token=bb", ""},
      {S + "/cart.php", ""},
      {S + "/cart.php#top", ""},
      {S + "/checkout", ""},
      {S + "/checkout?setCurrencyId=2", ""},
      {S + "/checkout#payment", ""},
      {S + "/embedded-checkout", ""},
      {S + "/embedded-checkout?lang=en", ""},
      {S + "/login/token/" + kJwt, ""},
      {S + "/login/token/a.b.c", ""},
      {S + "/login/token/A-_.0-9._z", ""},
      {S + "/login/token/" + kJwt + "?x=1", ""},
      {"https://www.store-abc.mybigcommerce.com/checkout", ""},
      {"https://www.store-abc.mybigcommerce.com/cart.php?action=load&id=1&token=2", ""},
      {"https://www.store-abc.mybigcommerce.com/embedded-checkout", ""},
      {"https://www.store-abc.mybigcommerce.com/login/token/" + kJwt, ""},
      {S + ":443/checkout", ""},
      {S + ":443/cart.php?action=load", ""},
      {"https://www.store-abc.mybigcommerce.com:443/embedded-checkout", ""},
      {"HTTPS://STORE-ABC.MYBIGCOMMERCE.COM/checkout", ""},
      {"HtTpS://Store-Abc.MyBigCommerce.Com/cart.php?action=load", ""},
      {"HTTPS://WWW.STORE-ABC.MYBIGCOMMERCE.COM/embedded-checkout", ""},
      {"https://STORE-abc.mybigcommerce.COM:443/login/token/a.b.c", ""},

      // ---- Not absolute: scheme-relative, missing or malformed "//".
      {"", "not_absolute"},
      {"//store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"///store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"/checkout", "not_absolute"},
      {"store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"https:store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"https:/store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"https:", "not_absolute"},
      {"https", "not_absolute"},
      {":https://store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"1https://store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"?https://store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"#https://store-abc.mybigcommerce.com/checkout", "not_absolute"},
      {"https:?//store-abc.mybigcommerce.com/checkout", "not_absolute"},

      // ---- Schemes other than http(s).
      {"javascript:alert(1)", "scheme_not_allowed"},
      {"JavaScript:alert(document.cookie)", "scheme_not_allowed"},
      {"javascript://store-abc.mybigcommerce.com/%0aalert(1)", "scheme_not_allowed"},
      {"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", "scheme_not_allowed"},
      {"data:,checkout", "scheme_not_allowed"},
      {"vbscript:msgbox(1)", "scheme_not_allowed"},
      {"file:///etc/passwd", "scheme_not_allowed"},
      {"file://store-abc.mybigcommerce.com/checkout", "scheme_not_allowed"},
      {"ftp://store-abc.mybigcommerce.com/checkout", "scheme_not_allowed"},
      {"blob:https://store-abc.mybigcommerce.com/4f1c2a9e-0b4d-4c8e", "scheme_not_allowed"},
      {"wss://store-abc.mybigcommerce.com/checkout", "scheme_not_allowed"},
      {"httpss://store-abc.mybigcommerce.com/checkout", "scheme_not_allowed"},
      {"http+unix://store-abc.mybigcommerce.com/checkout", "scheme_not_allowed"},
      {"about:blank", "scheme_not_allowed"},
      {"mailto:shop@store-abc.mybigcommerce.com", "scheme_not_allowed"},
      {"intent://store-abc.mybigcommerce.com/checkout#Intent;scheme=https;end", "scheme_not_allowed"},
      {"jar:https://store-abc.mybigcommerce.com/checkout!/", "scheme_not_allowed"},
      // A bare host:port reads as scheme "store-abc.mybigcommerce.com".
      {"store-abc.mybigcommerce.com:443/checkout", "scheme_not_allowed"},

      // ---- User information in the authority.
      {"https://user@store-abc.mybigcommerce.com/checkout", "userinfo"},
      {"https://user:pass@store-abc.mybigcommerce.com/checkout", "userinfo"},
      {"https://@store-abc.mybigcommerce.com/checkout", "userinfo"},
      {"https://store-abc.mybigcommerce.com@evil.com/checkout", "userinfo"},
      {"https://store-abc.mybigcommerce.com:443@evil.com/checkout", "userinfo"},
      {"https://evil.com@store-abc.mybigcommerce.com/checkout", "userinfo"},
      {"https://evil.com:443@store-abc.mybigcommerce.com/checkout", "userinfo"},
      {"https://store-abc.mybigcommerce.com%2F@evil.com/checkout", "userinfo"},
      {"https://store-abc.mybigcommerce.com@", "userinfo"},

      // ---- Percent-encoding in the authority.
      {"https://%73tore-abc.mybigcommerce.com/checkout", "encoded_authority"},
      {"https://store-abc%2Emybigcommerce.com/checkout", "encoded_authority"},
      {"https://store-abc.mybigcommerce.com%2eevil.com/checkout", "encoded_authority"},
      {"https://store-abc.mybigcommerce.com%40evil.com/checkout", "encoded_authority"},
      {"https://store-abc.mybigcommerce.com:%34%34%33/checkout", "encoded_authority"},
      {"https://store-abc.mybigcommerce.com%00.evil.com/checkout", "encoded_authority"},

      // ---- Malformed hosts.
      {"https:///store-abc.mybigcommerce.com/checkout", "bad_host"},
      {"https://", "bad_host"},
      {"https://:443/checkout", "bad_host"},
      {"https://store-abc.mybigcommerce.com./checkout", "bad_host"},
      {"https://store-abc.mybigcommerce.com.:443/checkout", "bad_host"},
      {"https://.store-abc.mybigcommerce.com/checkout", "bad_host"},
      {"https://store-abc..mybigcommerce.com/checkout", "bad_host"},
      {"https://www..store-abc.mybigcommerce.com/checkout", "bad_host"},
      {"https://[2001:db8::1]:443/checkout", "bad_host"},
      {"https://[::ffff:127.0.0.1]/checkout", "bad_host"},
      {"https://[0:0:0:0:0:0:0:1]/checkout", "bad_host"},  // [::1], but not as browsers write it
      {"https://[::1/checkout", "bad_host"},
      {"https://[::1]x/checkout", "bad_host"},
      {"https://[::1]]/checkout", "bad_host"},
      {"https://[::1]:/checkout", "bad_port"},
      {"https://store_abc.mybigcommerce.com/checkout", "bad_host"},
      {"https://-store-abc.mybigcommerce.com/checkout", "bad_host"},
      {"https://store-abc-.mybigcommerce.com/checkout", "bad_host"},
      {"https://store-abc.mybigcommerce.com;evil.com/checkout", "bad_host"},
      {"https://store-abc.mybigcommerce.com!evil.com/checkout", "bad_host"},
      {"https://store-abc.mybigcommerce.com&evil.com/checkout", "bad_host"},
      {"https://store-abc.mybigcommerce.com:443:443/checkout", "bad_host"},
      {"https://*.mybigcommerce.com/checkout", "bad_host"},
      {"https://" + std::string(64, 'a') + ".mybigcommerce.com/checkout", "bad_host"},
      {"https://store-abc.mybigcommerce.com\"evil.com/checkout", "bad_host"},

      // ---- Non-ASCII (IDN lookalikes must come as punycode), backslashes, whitespace and controls.
      {"https://store-" "\xd0\xb0" "bc.mybigcommerce.com/checkout", "bad_character"},      // Cyrillic a
      {"https://st" "\xd0\xbe" "re-abc.mybigcommerce.com/checkout", "bad_character"},      // Cyrillic o
      {"https://" "\xef\xbd\x93" "tore-abc.mybigcommerce.com/checkout", "bad_character"},  // full-width s
      {"https://store-abc" "\xef\xbc\x8e" "mybigcommerce.com/checkout", "bad_character"},  // full-width dot
      {"https://store-abc" "\xe3\x80\x82" "mybigcommerce.com/checkout", "bad_character"},  // ideographic dot
      {"https://store-abc.mybigcommerce.com" "\xe2\x81\x84" "evil.com/checkout", "bad_character"},  // fraction slash
      {"https://store-abc.mybigcommerce.com/checkout" "\xc3\xa9", "bad_character"},
      {"\xef\xbb\xbf" "https://store-abc.mybigcommerce.com/checkout", "bad_character"},  // BOM
      {"https:\\\\store-abc.mybigcommerce.com/checkout", "bad_character"},
      {"https:/\\store-abc.mybigcommerce.com/checkout", "bad_character"},
      {"https://store-abc.mybigcommerce.com\\@evil.com/checkout", "bad_character"},
      {"https://evil.com\\@store-abc.mybigcommerce.com/checkout", "bad_character"},
      {"https://store-abc.mybigcommerce.com\\checkout", "bad_character"},
      {"https://store-abc.mybigcommerce.com/checkout\\..\\admin", "bad_character"},
      {"https://store-abc.mybigcommerce.com/che\tckout", "bad_character"},
      {"https://store-abc.mybigcommerce.com/checkout\n", "bad_character"},
      {"https://store-abc.mybigcommerce.com\r\n.evil.com/checkout", "bad_character"},
      {"ht\ttps://store-abc.mybigcommerce.com/checkout", "bad_character"},
      {"java\nscript:alert(1)", "bad_character"},
      {" https://store-abc.mybigcommerce.com/checkout", "bad_character"},
      {"https://store-abc.mybigcommerce.com/checkout ", "bad_character"},
      {"https://store-abc.mybigcommerce.com /checkout", "bad_character"},
      {"https://store-abc.mybigcommerce.com/check out", "bad_character"},
      {"https://store-abc.mybigcommerce.com\0.evil.com/checkout"s, "bad_character"},
      {"https://store-abc.mybigcommerce.com/checkout\0"s, "bad_character"},
      {"https://store-abc.mybigcommerce.com/checkout\x7f", "bad_character"},
      {"https://store-abc.mybigcommerce.com\x0b/checkout", "bad_character"},
      {"https://store-abc.mybigcommerce.com:4 43/checkout", "bad_character"},

      // ---- Ports.
      {S + ":0/checkout", "bad_port"},
      {S + ":65536/checkout", "bad_port"},
      {S + ":99999/checkout", "bad_port"},
      {S + ":123456/checkout", "bad_port"},
      {S + ":abc/checkout", "bad_port"},
      {S + ":/checkout", "bad_port"},
      {S + ":", "bad_port"},
      {S + ":-443/checkout", "bad_port"},
      {S + ":+443/checkout", "bad_port"},
      {S + ":443abc/checkout", "bad_port"},
      {S + ":0x1bb/checkout", "bad_port"},
      {S + ":444/checkout", "origin_not_allowed"},
      {S + ":8443/checkout", "origin_not_allowed"},
      {S + ":80/checkout", "origin_not_allowed"},
      {S + ":8081/cart.php", "origin_not_allowed"},
      {"https://www.store-abc.mybigcommerce.com:444/checkout", "origin_not_allowed"},

      // ---- Lookalike and foreign hosts.
      {"https://store-abc.mybigcommerce.com.evil.com/checkout", "origin_not_allowed"},
      {"https://evilstore-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://store-abc-mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://sub.store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://www.www.store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://wwwstore-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://www-store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://ww.store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://m.store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://store-abd.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://store-abc.mybigcommerce.co/checkout", "origin_not_allowed"},
      {"https://store-abc.mybigcommerce.com-evil.com/checkout", "origin_not_allowed"},
      {"https://mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://xn--store-bc-7nh.mybigcommerce.com/checkout", "origin_not_allowed"},  // punycode lookalike
      {"https://xn--stre-abc-9vf.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://evil.com/checkout", "origin_not_allowed"},
      {"https://evil.com/https://store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://evil.com/store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://evil.com#@store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://evil.com?@store-abc.mybigcommerce.com/checkout", "origin_not_allowed"},
      {"https://1.2.3.4/checkout", "origin_not_allowed"},
      {"https://127.0.0.1/checkout", "origin_not_allowed"},
      {"https://2130706433/checkout", "origin_not_allowed"},
      {"https://0x7f.0.0.1/checkout", "origin_not_allowed"},
      {"https://localhost/checkout", "origin_not_allowed"},
      {"https://[::1]/checkout", "origin_not_allowed"},

      // ---- http on the real store.
      {"http://store-abc.mybigcommerce.com/checkout", "insecure_scheme"},
      {"http://www.store-abc.mybigcommerce.com/cart.php?action=load", "insecure_scheme"},
      {"HTTP://STORE-ABC.MYBIGCOMMERCE.COM/checkout", "insecure_scheme"},
      {"http://store-abc.mybigcommerce.com:443/checkout", "origin_not_allowed"},  // http on 443: not the store
      {"http://store-abc.mybigcommerce.com:80/embedded-checkout", "insecure_scheme"},
      {"http://evil.com/checkout", "origin_not_allowed"},

      // ---- Paths that are not checkout entry points.
      {S, "path_not_allowed"},
      {S + "/", "path_not_allowed"},
      {S + "?action=load", "path_not_allowed"},
      {S + "#/checkout", "path_not_allowed"},
      {S + "/checkout/../admin", "path_not_allowed"},
      {S + "/./checkout", "path_not_allowed"},
      {S + "/checkout/.", "path_not_allowed"},
      {S + "/x/../checkout", "path_not_allowed"},
      {S + "/%2e%2e/checkout", "path_not_allowed"},
      {S + "/%2e%2e/admin", "path_not_allowed"},
      {S + "/%63heckout", "path_not_allowed"},
      {S + "//checkout", "path_not_allowed"},
      {S + "//evil.com/checkout", "path_not_allowed"},
      {S + "/checkout%2f..", "path_not_allowed"},
      {S + "/checkout%2F..%2Fadmin", "path_not_allowed"},
      {S + "/checkout/", "path_not_allowed"},
      {S + "/checkout;x=1", "path_not_allowed"},
      {S + "/checkout@evil.com", "path_not_allowed"},
      {S + "/cart.php/extra", "path_not_allowed"},
      {S + "/cart.php%3Faction=load", "path_not_allowed"},
      {S + "/CHECKOUT", "path_not_allowed"},
      {S + "/Cart.php", "path_not_allowed"},
      {S + "/Embedded-Checkout", "path_not_allowed"},
      {S + "/checkout.php", "path_not_allowed"},
      {S + "/embedded-checkout/allow-cookie?returnUrl=https%3A%2F%2Fevil.com", "path_not_allowed"},
      {S + "/admin", "path_not_allowed"},
      {S + "/account.php", "path_not_allowed"},
      {S + "/login.php?action=logout", "path_not_allowed"},
      {S + "/finishorder.php", "path_not_allowed"},
      {S + "/redirect?url=https://evil.com", "path_not_allowed"},
      {S + "/login/token", "path_not_allowed"},
      {S + "/login/token/", "path_not_allowed"},
      {S + "/login/token/a.b", "path_not_allowed"},
      {S + "/login/token/onlyonesegment", "path_not_allowed"},
      {S + "/login/token/a.b.c.d", "path_not_allowed"},
      {S + "/login/token/a..c", "path_not_allowed"},
      {S + "/login/token/.b.c", "path_not_allowed"},
      {S + "/login/token/a.b.", "path_not_allowed"},
      {S + "/login/token/a.b.c/", "path_not_allowed"},
      {S + "/login/token/a.b.c/../../admin", "path_not_allowed"},
      {S + "/login/token/a.b%2ec", "path_not_allowed"},
      {S + "/login/token/a.b.c%2F..", "path_not_allowed"},
      {S + "/login/token/a%2Eb.c", "path_not_allowed"},
      {S + "/login/token/a+b.c.d", "path_not_allowed"},
      {S + "/login/token/a=.b.c", "path_not_allowed"},
      {S + "/login/token/" + std::string(4094, 'a') + ".b.c", "path_not_allowed"},  // JWT over 4096
      {S + "/LOGIN/TOKEN/a.b.c", "path_not_allowed"},
      {S + "/login/token//a.b.c", "path_not_allowed"},
      {S + "/login//token/a.b.c", "path_not_allowed"},

      // ---- Length.
      {S + "/checkout?q=" + std::string(9000, 'a'), "url_too_long"},
      {S + "/checkout?q=" + std::string(8192 - (S.size() + 12), 'a'), ""},        // exactly 8192: the limit
      {S + "/checkout?q=" + std::string(8192 - (S.size() + 12) + 1, 'a'), "url_too_long"},  // 8193
      {"javascript:" + std::string(9000, 'a'), "url_too_long"},
  };
}

// Rows for the local sandbox origin http://localhost:8081.
std::vector<Row> sandboxRows() {
  return {
      {"http://localhost:8081/cart.php", ""},
      {"http://localhost:8081/cart.php?action=load&id=1&token=2", ""},
      {"http://localhost:8081/checkout", ""},
      {"http://localhost:8081/embedded-checkout", ""},
      {"http://localhost:8081/login/token/a.b.c", ""},
      {"HTTP://LOCALHOST:8081/checkout", ""},
      {"http://localhost:8082/cart.php", "origin_not_allowed"},
      {"http://localhost/cart.php", "origin_not_allowed"},
      {"http://localhost:80/cart.php", "origin_not_allowed"},
      {"https://localhost:8081/cart.php", "origin_not_allowed"},
      {"https://localhost/cart.php", "origin_not_allowed"},
      {"http://127.0.0.1:8081/cart.php", "origin_not_allowed"},
      {"http://[::1]:8081/cart.php", "origin_not_allowed"},
      {"http://localhost.evil.com:8081/cart.php", "origin_not_allowed"},
      {"http://evil.localhost:8081/cart.php", "origin_not_allowed"},
      {"http://store-abc.mybigcommerce.com/cart.php", "origin_not_allowed"},
      {"https://store-abc.mybigcommerce.com/cart.php", "origin_not_allowed"},
      {"http://localhost:8081/admin", "path_not_allowed"},
      {"http://localhost:8081", "path_not_allowed"},
      {"http://user@localhost:8081/cart.php", "userinfo"},
      {"http://localhost:8081@evil.com/cart.php", "userinfo"},
      {"http://localhost:08081/cart.php", ""},  // a leading zero is still port 8081, as in browsers
      {"http://localhost:081/cart.php", "origin_not_allowed"},  // port 81
      {"//localhost:8081/cart.php", "not_absolute"},
      {"localhost:8081/cart.php", "scheme_not_allowed"},
      {"javascript:location='http://localhost:8081/cart.php'", "scheme_not_allowed"},
  };
}

// Rows for a local store on the IPv6 loopback, http://[::1]:8081 (BC_STORE_URL=http://[::1]:8081).
std::vector<Row> ipv6LoopbackRows() {
  return {
      {"http://[::1]:8081/cart.php", ""},
      {"http://[::1]:8081/cart.php?action=load&id=1&token=2", ""},
      {"http://[::1]:8081/checkout", ""},
      {"http://[::1]:8081/embedded-checkout", ""},
      {"http://[::1]:8081/login/token/a.b.c", ""},
      {"HTTP://[::1]:8081/checkout", ""},
      {"http://[::1]:08081/cart.php", ""},
      {"http://[::1]:8082/cart.php", "origin_not_allowed"},
      {"http://[::1]/cart.php", "origin_not_allowed"},
      {"https://[::1]:8081/cart.php", "origin_not_allowed"},
      {"http://localhost:8081/cart.php", "origin_not_allowed"},
      {"http://127.0.0.1:8081/cart.php", "origin_not_allowed"},
      {"http://[0:0:0:0:0:0:0:1]:8081/cart.php", "bad_host"},
      {"http://[::1]8081/cart.php", "bad_host"},
      {"http://[::1]:8081:8081/cart.php", "bad_port"},
      {"http://[::1]:/cart.php", "bad_port"},
      {"http://[::1]:80/cart.php", "origin_not_allowed"},  // port 80, the default: http://[::1]
      {"http://[::2]:8081/cart.php", "bad_host"},
      {"http://[::1]:8081/admin", "path_not_allowed"},
      {"http://user@[::1]:8081/cart.php", "userinfo"},
      {"http://[::1]:8081@evil.com/cart.php", "userinfo"},
  };
}

}  // namespace

TEST_CASE("isLoopbackHost: localhost, 127.0.0.0/8 as browsers write it, and [::1]", "[checkout_url]") {
  for (const char* host : {"localhost", "127.0.0.1", "127.0.0.0", "127.1.2.3", "127.255.255.255", "127.10.100.200",
                           "[::1]"}) {
    CAPTURE(host);
    CHECK(bcch::isLoopbackHost(host));
  }
  for (const char* host : {"", "127.1", "127.0.1", "127.0.0.01", "127.00.0.1", "127.0.0.256", "127.0.0.1000",
                           "127.0.0.1.", "127..0.1", ".127.0.0.1", "127.0.0.1.2", "1127.0.0.1", "128.0.0.1",
                           "0.0.0.0", "0x7f.0.0.1", "2130706433", "127.0.0.1.evil.com", "127.0.0.-1", "localhost.",
                           "evil.localhost", "localhost.evil.com", "::1", "[::2]", "[0:0:0:0:0:0:0:1]", "[::1]:80"}) {
    CAPTURE(host);
    CHECK_FALSE(bcch::isLoopbackHost(host));
  }
}

TEST_CASE("checkCheckoutUrl: IPv6 loopback store origin table", "[checkout_url]") {
  const std::vector<Origin> origins{origin("http://[::1]:8081")};
  CHECK(origins[0].host == "[::1]");
  CHECK(origins[0].port == 8081);
  for (const Row& row : ipv6LoopbackRows()) {
    CAPTURE(row.url);
    CHECK(codeOf(bcch::checkCheckoutUrl(row.url, origins)) == row.code);
  }
}

TEST_CASE("checkCheckoutUrl: store origin table", "[checkout_url]") {
  const std::vector<Origin> origins{origin("https://store-abc.mybigcommerce.com")};
  const std::vector<Row> rows = storeRows();
  REQUIRE(rows.size() >= 120);
  for (const Row& row : rows) {
    CAPTURE(row.url.size() > 200 ? row.url.substr(0, 200) + "..." : row.url);
    CHECK(codeOf(bcch::checkCheckoutUrl(row.url, origins)) == row.code);
  }
}

TEST_CASE("checkCheckoutUrl: local sandbox origin table", "[checkout_url]") {
  const std::vector<Origin> origins{origin("http://localhost:8081")};
  for (const Row& row : sandboxRows()) {
    CAPTURE(row.url);
    CHECK(codeOf(bcch::checkCheckoutUrl(row.url, origins)) == row.code);
  }
}

TEST_CASE("checkCheckoutUrl: every error carries a message", "[checkout_url]") {
  const std::vector<Origin> origins{origin("https://store-abc.mybigcommerce.com")};
  for (const Row& row : storeRows()) {
    if (*row.code == '\0') continue;
    bcch::Status s = bcch::checkCheckoutUrl(row.url, origins);
    CAPTURE(row.url.substr(0, 200));
    REQUIRE_FALSE(s.ok());
    CHECK_FALSE(s.error().message.empty());
  }
}

TEST_CASE("checkCheckoutUrl: no store origins refuses everything", "[checkout_url]") {
  const std::vector<Origin> none;
  CHECK(codeOf(bcch::checkCheckoutUrl(S + "/checkout", none)) == "no_store_origins");
  CHECK(codeOf(bcch::checkCheckoutUrl("javascript:alert(1)", none)) == "no_store_origins");
  CHECK(codeOf(bcch::checkCheckoutUrl("", none)) == "no_store_origins");
}

TEST_CASE("checkCheckoutUrl: several store origins", "[checkout_url]") {
  const std::vector<Origin> origins{origin("https://store-abc.mybigcommerce.com"), origin("https://shop.example.com"),
                                    origin("http://localhost:8081")};
  CHECK(codeOf(bcch::checkCheckoutUrl(S + "/checkout", origins)).empty());
  CHECK(codeOf(bcch::checkCheckoutUrl("https://shop.example.com/embedded-checkout", origins)).empty());
  CHECK(codeOf(bcch::checkCheckoutUrl("https://www.shop.example.com/checkout", origins)).empty());
  CHECK(codeOf(bcch::checkCheckoutUrl("http://localhost:8081/cart.php", origins)).empty());
  CHECK(codeOf(bcch::checkCheckoutUrl("http://shop.example.com/checkout", origins)) == "insecure_scheme");
  CHECK(codeOf(bcch::checkCheckoutUrl("https://example.com/checkout", origins)) == "origin_not_allowed");
  CHECK(codeOf(bcch::checkCheckoutUrl("https://shop.example.com.evil.com/checkout", origins)) == "origin_not_allowed");
}

TEST_CASE("checkCheckoutUrl: a www. store origin also accepts the bare host", "[checkout_url]") {
  const std::vector<Origin> origins{origin("https://www.shop.example.com")};
  CHECK(codeOf(bcch::checkCheckoutUrl("https://www.shop.example.com/checkout", origins)).empty());
  CHECK(codeOf(bcch::checkCheckoutUrl("https://shop.example.com/checkout", origins)).empty());
  CHECK(codeOf(bcch::checkCheckoutUrl("https://example.com/checkout", origins)) == "origin_not_allowed");
}

TEST_CASE("checkCheckoutUrl: the redirect_urls of the BigCommerce docs are accepted", "[checkout_url]") {
  // The examples of BigCommerce's "Managing Carts" and "Embedded Checkout" guides.
  const std::vector<Origin> origins{origin("https://store-id30h7ohwf.mybigcommerce.com")};
  const std::string query = "id=bc218c65-7a32-4ab7-8082-68730c074d02&token=aa958e2b7922035bf3339215d95d145ebd9193deb36ae847caa780aa2e003e4b";
  for (const std::string url :
       {"https://store-id30h7ohwf.mybigcommerce.com/cart.php?action=load&" + query,
        "https://store-id30h7ohwf.mybigcommerce.com/cart.php?action=loadInCheckout&" + query,
        "https://store-id30h7ohwf.mybigcommerce.com/cart.php?embedded=1&action=loadInCheckout&" + query}) {
    CAPTURE(url);
    CHECK(codeOf(bcch::checkCheckoutUrl(url, origins)).empty());
  }
  CHECK(codeOf(bcch::checkCheckoutUrl("https://store-abc.mybigcommerce.com/cart.php?action=load&" + query, origins)) ==
        "origin_not_allowed");
}

TEST_CASE("parseStoreOrigin", "[checkout_url]") {
  SECTION("https origins, with or without a trailing slash, normalised") {
    for (const char* text : {"https://store-abc.mybigcommerce.com", "https://store-abc.mybigcommerce.com/",
                             "HTTPS://Store-ABC.mybigcommerce.com", "https://store-abc.mybigcommerce.com:443",
                             "https://store-abc.mybigcommerce.com:443/"}) {
      CAPTURE(text);
      bcch::Result<Origin> o = bcch::parseStoreOrigin(text);
      REQUIRE(o.ok());
      CHECK(o.value().scheme == "https");
      CHECK(o.value().host == "store-abc.mybigcommerce.com");
      CHECK(o.value().port == 0);
    }
  }
  SECTION("a non-default https port is kept") {
    bcch::Result<Origin> o = bcch::parseStoreOrigin("https://shop.example.com:8443");
    REQUIRE(o.ok());
    CHECK(o.value().port == 8443);
  }
  SECTION("http only on a loopback host") {
    for (const char* text : {"http://127.0.0.1:8081", "http://localhost:8081", "http://localhost:8081/",
                             "http://LOCALHOST:8081", "http://localhost", "http://127.0.0.2:8081",
                             "http://127.255.255.254", "http://[::1]:8081", "http://[::1]:8081/", "http://[::1]"}) {
      CAPTURE(text);
      bcch::Result<Origin> o = bcch::parseStoreOrigin(text);
      REQUIRE(o.ok());
      CHECK(o.value().scheme == "http");
    }
    bcch::Result<Origin> o = bcch::parseStoreOrigin("http://127.0.0.1:8081");
    REQUIRE(o.ok());
    CHECK(o.value().host == "127.0.0.1");
    CHECK(o.value().port == 8081);
    bcch::Result<Origin> d = bcch::parseStoreOrigin("http://localhost:80");
    REQUIRE(d.ok());
    CHECK(d.value().port == 0);
    bcch::Result<Origin> v6 = bcch::parseStoreOrigin("http://[::1]:80");
    REQUIRE(v6.ok());
    CHECK(v6.value().host == "[::1]");
    CHECK(v6.value().port == 0);
    CHECK(bcch::originText(v6.value()) == "http://[::1]");
  }
  SECTION("https on the IPv6 loopback") {
    bcch::Result<Origin> o = bcch::parseStoreOrigin("https://[::1]:8443");
    REQUIRE(o.ok());
    CHECK(bcch::originText(o.value()) == "https://[::1]:8443");
  }
  SECTION("refused") {
    for (const std::string text : {
             "http://example.com", "http://store-abc.mybigcommerce.com", "http://localhost.evil.com",
             "http://www.localhost:8081", "http://127.1:8081", "http://127.0.0.01", "http://127.0.0.256",
             "http://128.0.0.1", "http://0.0.0.0", "http://127.0.0.1.evil.com", "http://[::2]:8081",
             "http://[0:0::1]:8081", "http://[::ffff:127.0.0.1]", "https://[2001:db8::1]",
             "https://store-abc.mybigcommerce.com/checkout", "https://store-abc.mybigcommerce.com/path/",
             "https://store-abc.mybigcommerce.com//", "https://store-abc.mybigcommerce.com?x=1",
             "https://store-abc.mybigcommerce.com#frag", "https://user@store-abc.mybigcommerce.com",
             "https://store-abc.mybigcommerce.com:0", "https://store-abc.mybigcommerce.com.",
             "https://%73tore.example.com", "ftp://store.example.com", "javascript:alert(1)",
             "store-abc.mybigcommerce.com", "//store-abc.mybigcommerce.com", "", "/", "https://",
             " https://store.example.com", "https://st\xd0\xbe" "re.example.com"}) {
      CAPTURE(text);
      bcch::Result<Origin> o = bcch::parseStoreOrigin(text);
      REQUIRE_FALSE(o.ok());
      CHECK(o.error().code == "invalid_store_origin");
      CHECK_FALSE(o.error().message.empty());
    }
  }
}

TEST_CASE("chooseCheckoutUrl", "[checkout_url]") {
  const std::vector<Origin> origins{origin("https://store-abc.mybigcommerce.com")};
  RedirectUrls urls;
  urls.checkoutUrl = S + "/cart.php?action=loadInCheckout&id=c1&token=t2";
  urls.embeddedCheckoutUrl = S + "/cart.php?embedded=1&action=loadInCheckout&id=c1&token=t3";

  SECTION("redirect mode takes checkout_url") {
    bcch::Result<std::string> r = bcch::chooseCheckoutUrl(urls, CheckoutMode::Redirect, "", origins);
    REQUIRE(r.ok());
    CHECK(r.value() == urls.checkoutUrl);
  }
  SECTION("embedded mode takes embedded_checkout_url") {
    bcch::Result<std::string> r = bcch::chooseCheckoutUrl(urls, CheckoutMode::Embedded, "", origins);
    REQUIRE(r.ok());
    CHECK(r.value() == urls.embeddedCheckoutUrl);
  }
  SECTION("a missing URL for the mode") {
    RedirectUrls onlyEmbedded;
    onlyEmbedded.embeddedCheckoutUrl = urls.embeddedCheckoutUrl;
    CHECK(codeOf(bcch::chooseCheckoutUrl(onlyEmbedded, CheckoutMode::Redirect, "", origins)) == "missing_checkout_url");
    RedirectUrls onlyRedirect;
    onlyRedirect.checkoutUrl = urls.checkoutUrl;
    CHECK(codeOf(bcch::chooseCheckoutUrl(onlyRedirect, CheckoutMode::Embedded, "", origins)) == "missing_checkout_url");
    CHECK(codeOf(bcch::chooseCheckoutUrl(RedirectUrls{}, CheckoutMode::Redirect, "", origins)) == "missing_checkout_url");
  }
  SECTION("a login URL wins in both modes") {
    const std::string login = S + "/login/token/" + kJwt;
    for (CheckoutMode mode : {CheckoutMode::Redirect, CheckoutMode::Embedded}) {
      bcch::Result<std::string> r = bcch::chooseCheckoutUrl(urls, mode, login, origins);
      REQUIRE(r.ok());
      CHECK(r.value() == login);
    }
    // Even when the cart's own URLs are missing.
    bcch::Result<std::string> r = bcch::chooseCheckoutUrl(RedirectUrls{}, CheckoutMode::Embedded, login, origins);
    REQUIRE(r.ok());
    CHECK(r.value() == login);
    bcch::Result<std::string> www =
        bcch::chooseCheckoutUrl(urls, CheckoutMode::Redirect, "https://www.store-abc.mybigcommerce.com/login/token/a.b.c", origins);
    CHECK(www.ok());
  }
  SECTION("a login URL must be /login/token/<jwt> on the store") {
    const std::vector<Row> rows = {
        {S + "/checkout", "path_not_allowed"},
        {S + "/cart.php?action=load", "path_not_allowed"},
        {S + "/embedded-checkout", "path_not_allowed"},
        {S + "/login/token/", "path_not_allowed"},
        {S + "/login/token/a.b", "path_not_allowed"},
        {S + "/login/token/a.b.c%2F..%2F..%2Fadmin", "path_not_allowed"},
        {S + "/login/token/../../admin", "path_not_allowed"},
        {S + "/login.php", "path_not_allowed"},
        {"https://evil.com/login/token/a.b.c", "origin_not_allowed"},
        {"https://store-abc.mybigcommerce.com.evil.com/login/token/a.b.c", "origin_not_allowed"},
        {"http://store-abc.mybigcommerce.com/login/token/a.b.c", "insecure_scheme"},
        {"https://evil.com@store-abc.mybigcommerce.com/login/token/a.b.c", "userinfo"},
        {"javascript:alert(1)", "scheme_not_allowed"},
        {"//store-abc.mybigcommerce.com/login/token/a.b.c", "not_absolute"},
        {"/login/token/a.b.c", "not_absolute"},
        {"https:\\\\evil.com/login/token/a.b.c", "bad_character"},
        // The path is judged before the origin: a wrong path anywhere says so.
        {"https://evil.com/checkout", "path_not_allowed"},
    };
    for (const Row& row : rows) {
      CAPTURE(row.url);
      CHECK(codeOf(bcch::chooseCheckoutUrl(urls, CheckoutMode::Redirect, row.url, origins)) == row.code);
    }
    CHECK(codeOf(bcch::chooseCheckoutUrl(urls, CheckoutMode::Redirect, S + "/login/token/a.b.c", {})) == "no_store_origins");
  }
  SECTION("a hostile chosen URL is refused") {
    const std::vector<Row> rows = {
        {"https://evil.com/checkout", "origin_not_allowed"},
        {"https://store-abc.mybigcommerce.com.evil.com/cart.php?action=loadInCheckout", "origin_not_allowed"},
        {"https://store-abc.mybigcommerce.com@evil.com/checkout", "userinfo"},
        {"javascript:alert(document.domain)", "scheme_not_allowed"},
        {"data:text/html,<script>alert(1)</script>", "scheme_not_allowed"},
        {"http://store-abc.mybigcommerce.com/checkout", "insecure_scheme"},
        {S + "/admin", "path_not_allowed"},
        {"//evil.com/checkout", "not_absolute"},
        {"https:\\\\evil.com/checkout", "bad_character"},
    };
    for (const Row& row : rows) {
      CAPTURE(row.url);
      RedirectUrls hostile;
      hostile.checkoutUrl = row.url;
      hostile.embeddedCheckoutUrl = row.url;
      CHECK(codeOf(bcch::chooseCheckoutUrl(hostile, CheckoutMode::Redirect, "", origins)) == row.code);
      CHECK(codeOf(bcch::chooseCheckoutUrl(hostile, CheckoutMode::Embedded, "", origins)) == row.code);
    }
    // Only the URL for the chosen mode matters: a hostile one for the other mode is not used.
    RedirectUrls mixed = urls;
    mixed.embeddedCheckoutUrl = "https://evil.com/embedded-checkout";
    bcch::Result<std::string> r = bcch::chooseCheckoutUrl(mixed, CheckoutMode::Redirect, "", origins);
    REQUIRE(r.ok());
    CHECK(r.value() == urls.checkoutUrl);
    CHECK(codeOf(bcch::chooseCheckoutUrl(mixed, CheckoutMode::Embedded, "", origins)) == "origin_not_allowed");
  }
  SECTION("no store origins") {
    CHECK(codeOf(bcch::chooseCheckoutUrl(urls, CheckoutMode::Redirect, "", {})) == "no_store_origins");
  }
}
