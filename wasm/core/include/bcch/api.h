// The core's face toward JavaScript, still in plain C++: JSON text in, JSON text out.
// One JSON string per call keeps the Embind surface (and the glue) small; a cart and a Cart API response are big,
// irregular documents, and the JSON round trip costs little next to what a call does with them.
// Every result is {"ok":true,...} or {"ok":false,"error":{"code":"...","message":"..."}}.
#pragma once

#include <optional>
#include <string>

#include "bcch/cart.h"
#include "bcch/custom_items.h"

namespace bcch {

// A cart the JS shim holds for the page's lifetime (an Embind handle the shim owns and deletes).
class CartSession {
 public:
  CartSession();

  // {"currency":"USD","maxQuantityPerLine":999,"maxLines":250}; empties the cart.
  std::string configure(const std::string& optionsJson);

  // A product, custom item or gift certificate by `kind` -> {"ok":true,"lineId":"l1"}
  std::string add(const std::string& itemJson, LineKind kind = LineKind::Product);
  std::string update(const std::string& lineId, double quantity);  // 0 removes
  std::string remove(const std::string& lineId);
  std::string clear();

  // {"ok":true,"currency":"USD","exponent":2,"count":3,"subtotal":{"minor":5997,"complete":true},
  //  "cartId":"...","lines":[...]}
  std::string view() const;
  // view() without "lines": the saved cart document (save()) has the same lines, written the same way
  // (writeLine), so a page that already holds the saved text reads its lines from there, and a change to the
  // cart is serialised once, not twice.
  std::string summary() const;
  std::string save() const;                   // the saved cart document (saved_cart.h), not wrapped
  std::string restore(const std::string& text);  // -> {"ok":true,"fromVersion":2}; on error the cart is unchanged
  std::string setCartId(const std::string& cartId);  // "" forgets the remote cart; a new id forgets the token
  std::string setCartToken(const std::string& token);  // the stub's token for the current cart id ("" forgets it)
  // The merchant's custom item list (custom_items.h), when the page has it: addCustom then names and prices
  // each custom item from it and refuses what it does not list, as the server stub will. "" forgets it.
  std::string setCustomItems(const std::string& listJson);
  // The saved cart's checkout section (saved_cart.h): a JSON object kept as it is, written by save();
  // "" or "null" forgets it, as clear() and configure() do.
  std::string setCheckout(const std::string& json);

 private:
  std::string writeView(bool withLines) const;

  Cart cart_;
  std::string cartId_;
  std::string cartToken_;
  std::optional<CustomItemList> customItems_;
  std::string checkout_;  // JSON text of an object, or empty
};

// CartSessions by integer handle, so the binding needs no Embind class_ (its class machinery was about a
// tenth of the glue; the JS shim owns every handle and destroys it). `method` is one of the names
// coreConstantsJson lists ("add", "addCustom" and "addGiftCertificate" are add() of each kind, the others
// the CartSession member of that name); `text` its string argument (item JSON, line id, options, saved cart)
// and `number` update()'s quantity.
int createCartSession();
void destroyCartSession(int handle);
std::string callCartSession(int handle, const std::string& method, const std::string& text, double number);

// What the JS side takes from the core rather than keeping its own copy, read once when the module loads:
// {"cartSessionMethods":["view","save",...],"cartInclude":"redirect_urls,..."}: the method names callCartSession
// accepts, and the Cart API include of every cart request (kCartInclude, sync_plan.h) for the server stub's own
// reads of a cart. The cart id rule goes across as a function (isValidCartId, cart.h).
std::string coreConstantsJson();

// ["https://store.example.com", ...] -> {"ok":true} or why a configured origin is unusable.
std::string checkStoreOriginsJson(const std::string& storeOriginsJson);

// checkCheckoutUrl(url, ["https://store.example.com"]) -> {"ok":true} or the reason it is refused.
std::string checkCheckoutUrlJson(const std::string& url, const std::string& storeOriginsJson);

// ("redirect"|"embedded", checkout_url, embedded_checkout_url, login URL or "", ["https://store.example.com"])
// -> {"ok":true,"chosen":"checkout_url"|"embedded_checkout_url"|"loginUrl"}, the argument that was chosen and
// checked. Plain strings, not one JSON document: the server stub calls this twice per
// checkout, and lexing three redirect URLs and a login JWT as JSON was most of each call's time in wasm.
std::string chooseCheckoutUrlJson(const std::string& mode, const std::string& checkoutUrl,
                                  const std::string& embeddedCheckoutUrl, const std::string& loginUrl,
                                  const std::string& storeOriginsJson);

// (saved cart document, Cart_Full or "null", {"channelId":1,"customerId":7,"locale":"en"}, custom item list or "")
// The custom item list is the merchant's (custom_items.h): every custom line is named and priced from it before
// planning; without one ("") a custom line is refused (custom_items_not_sold). A refused line's error names it
// ("lineId"). The list is its own argument, as text, so the same list is read once and then kept.
// -> {"ok":true,"requests":[{"kind","method","path","body","lineIds"}],"cartId":"<id kept, or empty when replaced/created>"}
// kind and lineIds as CartRequest says (sync_plan.h).
std::string planCartSyncJson(const std::string& savedCart, const std::string& remoteCartJson,
                             const std::string& optionsJson, const std::string& customItemsJson = std::string());

// ("19.99", "USD") -> {"ok":true,"minor":1999,"exponent":2}
std::string parseMoneyJson(const std::string& amount, const std::string& currency);

// Site protection (bcch/site_protection.h), for the protection module, the CLI and the demo's configurator.
// ({"url","pageType"?,"id"?,"entityUrl"?,"cookies"?,"language"?,"framed"?}, protect.json text)
// -> {"ok":true,"target":"https://..." | null,"reason":"route","pageType":"product","message":"..."}
std::string protectionTargetJson(const std::string& pageJson, const std::string& configJson);

// protect.json text -> {"ok":true,"snippet":"<script>...","routes":[...],"script":{...}}
std::string protectionArtifactsJson(const std::string& configJson);

// The merchant's custom item list -> {"ok":true,"skus":["GIFT-WRAP",...]} or what is wrong with it.
std::string checkCustomItemsJson(const std::string& listJson);

// ISO 4217 minor-unit digits, or -1 for an unknown code.
int currencyExponent(const std::string& code);

// The core's version, so a self-hosted .wasm that does not match its JS is detected.
const char* coreVersion();

}  // namespace bcch
