#include "bcch/api.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <memory>
#include <vector>

#include "bcch/cart_json.h"
#include "bcch/checkout_url.h"
#include "bcch/custom_items.h"
#include "bcch/json_fields.h"
#include "bcch/json_writer.h"
#include "bcch/protection_artifacts.h"
#include "bcch/saved_cart.h"
#include "bcch/sync_plan.h"

#ifndef BCCH_VERSION
#define BCCH_VERSION "0.0.0-dev"
#endif

namespace bcch {
namespace {

// `lineId`, when given, names the saved cart line the error is about.
std::string failure(const Error& e, const std::string& lineId = std::string()) {
  JsonWriter out;
  out.beginObject().key("ok").boolean(false);
  out.key("error").beginObject().key("code").string(e.code).key("message").string(e.message);
  if (!lineId.empty()) out.key("lineId").string(lineId);
  return out.endObject().endObject().take();
}

// {"ok":true, ...fields written by `fields`}
template <typename WriteFields>
std::string success(WriteFields fields) {
  JsonWriter out;
  out.beginObject().key("ok").boolean(true);
  fields(out);
  return out.endObject().take();
}

std::string success() {
  return "{\"ok\":true}";
}

std::string fromStatus(const Status& s) { return s.ok() ? success() : failure(s.error()); }

Result<std::vector<Origin>> readOrigins(const Json& list, const char* what) {
  if (!list.is_array()) return makeError("invalid_argument", std::string(what) + " must be an array of origins");
  std::vector<Origin> origins;
  for (const Json& item : list) {
    if (!item.is_string()) return makeError("invalid_store_origin", std::string(what) + " must contain strings");
    Result<Origin> origin = parseStoreOrigin(item.get<std::string>());
    if (!origin.ok()) return origin.error();
    origins.push_back(origin.value());
  }
  return origins;
}

// The store origins come as JSON with every call and are the same list each time (the server stub's
// BC_STORE_URL, a page's storeOrigins), so the last list read is kept: a call then parses only its own URL.
// Only a list that was read without error is kept; the core is single-threaded (wasm, tests, fuzzing).
Result<std::vector<Origin>> storeOriginsFrom(const std::string& json) {
  static std::string lastJson;
  static std::vector<Origin> lastOrigins;
  static bool haveLast = false;
  if (haveLast && json == lastJson) return lastOrigins;
  Result<Json> parsed = parseJson(json, "invalid_argument");
  if (!parsed.ok()) return parsed.error();
  Result<std::vector<Origin>> origins = readOrigins(parsed.value(), "storeOrigins");
  if (origins.ok()) {
    lastJson = json;
    lastOrigins = origins.value();
    haveLast = true;
  }
  return origins;
}

Result<CartLimits> readLimits(JsonFields& f) {
  CartLimits limits;
  // The Cart API itself caps lines; we never allow more than these hard ceilings.
  if (std::optional<int64_t> q = f.optionalInteger("maxQuantityPerLine")) {
    if (*q < 1 || *q > 1000000) return makeError("invalid_argument", "maxQuantityPerLine must be 1 to 1000000");
    limits.maxQuantityPerLine = static_cast<int32_t>(*q);
  }
  if (std::optional<int64_t> n = f.optionalInteger("maxLines")) {
    if (*n < 1 || *n > 250) return makeError("invalid_argument", "maxLines must be 1 to 250");
    limits.maxLines = static_cast<int32_t>(*n);
  }
  if (!f.ok()) return f.error();
  return limits;
}

}  // namespace

CartSession::CartSession() = default;

std::string CartSession::configure(const std::string& optionsJson) {
  Result<Json> parsed = parseJson(optionsJson, "invalid_argument");
  if (!parsed.ok()) return failure(parsed.error());
  JsonFields f(parsed.value(), "options", "invalid_argument");
  std::string code = f.optionalString("currency");
  if (!f.ok()) return failure(f.error());
  if (code.empty()) code = "USD";
  const Currency* currency = findCurrency(code);
  if (!currency) return failure(makeError("unknown_currency", "\"" + code + "\" is not an ISO 4217 currency code"));
  Result<CartLimits> limits = readLimits(f);
  if (!limits.ok()) return failure(limits.error());
  cart_ = Cart(currency, limits.value());
  cartId_.clear();
  cartToken_.clear();
  checkout_.clear();
  return success();
}

std::string CartSession::add(const std::string& itemJson, LineKind kind) {
  Result<Json> parsed = parseJson(itemJson, "invalid_argument");
  if (!parsed.ok()) return failure(parsed.error());
  Result<Line> line = lineFromJson(parsed.value(), "item", kind, MoneyForm::MajorUnits, cart_.currency(), "invalid_argument");
  if (!line.ok()) return failure(line.error());
  if (kind == LineKind::Custom && customItems_) {
    if (Status s = priceCustomLine(line.value(), &*customItems_, cart_.currency()); !s.ok()) return failure(s.error());
  }
  Result<std::string> id = kind == LineKind::Product  ? cart_.addProduct(std::move(line.value()))
                           : kind == LineKind::Custom ? cart_.addCustom(std::move(line.value()))
                                                      : cart_.addGiftCertificate(std::move(line.value()));
  return id.ok() ? success([&](JsonWriter& out) { out.key("lineId").string(id.value()); }) : failure(id.error());
}

std::string CartSession::update(const std::string& lineId, double quantity) {
  // JS hands us a number: NaN, 1.5 and 1e20 are not quantities.
  if (!std::isfinite(quantity) || quantity != std::floor(quantity) || quantity < 0 || quantity > 2147483647.0)
    return failure(makeError("invalid_quantity", "quantity must be a whole number from 0 up"));
  return fromStatus(cart_.updateQuantity(lineId, static_cast<int64_t>(quantity)));
}

std::string CartSession::remove(const std::string& lineId) { return fromStatus(cart_.remove(lineId)); }

std::string CartSession::clear() {
  cart_.clear();
  checkout_.clear();  // details of an emptied cart are no one's: the next cart starts a fresh checkout
  return success();
}

std::string CartSession::view() const { return writeView(true); }

std::string CartSession::summary() const { return writeView(false); }

std::string CartSession::writeView(bool withLines) const {
  Result<Subtotal> subtotal = cart_.subtotal();
  if (!subtotal.ok()) return failure(subtotal.error());
  return success([&](JsonWriter& out) {
    out.key("currency").string(cart_.currency().code);
    out.key("exponent").integer(cart_.currency().exponent);
    out.key("count").integer(cart_.count());
    out.key("subtotal").beginObject().key("minor").integer(subtotal.value().minor);
    out.key("complete").boolean(subtotal.value().complete).endObject();
    out.key("cartId").string(cartId_);
    if (!withLines) return;
    out.key("lines").beginArray();
    for (const Line& line : cart_.lines()) writeLine(out, line);
    out.endArray();
  });
}

std::string CartSession::save() const { return saveCart(cart_, cartId_, cartToken_, checkout_); }

std::string CartSession::restore(const std::string& text) {
  Result<SavedCart> saved = restoreCart(text, cart_.limits());
  if (!saved.ok()) return failure(saved.error());
  cart_ = std::move(saved.value().cart);
  cartId_ = std::move(saved.value().cartId);
  cartToken_ = std::move(saved.value().cartToken);
  checkout_ = std::move(saved.value().checkout);
  const int fromVersion = saved.value().fromVersion;
  return success([&](JsonWriter& out) { out.key("fromVersion").integer(fromVersion); });
}

std::string CartSession::setCartId(const std::string& cartId) {
  if (!cartId.empty() && !isValidCartId(cartId))
    return failure(makeError("invalid_argument", "cartId is not a BigCommerce cart id"));
  if (cartId != cartId_) cartToken_.clear();  // a token names one cart
  cartId_ = cartId;
  return success();
}

std::string CartSession::setCheckout(const std::string& json) {
  Result<std::string> section = checkCheckoutSection(json, "invalid_argument");
  if (!section.ok()) return failure(section.error());
  checkout_ = std::move(section.value());
  return success();
}

std::string CartSession::setCustomItems(const std::string& listJson) {
  if (listJson.empty()) {
    customItems_.reset();
    return success();
  }
  Result<CustomItemList> list = CustomItemList::parse(listJson);
  if (!list.ok()) return failure(list.error());
  customItems_ = std::move(list.value());
  return success();
}

std::string CartSession::setCartToken(const std::string& token) {
  if (!token.empty() && (cartId_.empty() || !isValidCartToken(token)))
    return failure(makeError("invalid_argument", "cartToken is not a cart token, or there is no cart id for it"));
  cartToken_ = token;
  return success();
}

namespace {
std::vector<std::unique_ptr<CartSession>>& sessions() {
  static std::vector<std::unique_ptr<CartSession>> all;  // handle = index + 1; freed slots are reused
  return all;
}
CartSession* sessionOf(int handle) {
  auto& all = sessions();
  return handle >= 1 && static_cast<size_t>(handle) <= all.size() ? all[handle - 1].get() : nullptr;
}
}  // namespace

int createCartSession() {
  auto& all = sessions();
  for (size_t i = 0; i < all.size(); ++i)
    if (!all[i]) {
      all[i] = std::make_unique<CartSession>();
      return static_cast<int>(i + 1);
    }
  all.push_back(std::make_unique<CartSession>());
  return static_cast<int>(all.size());
}

void destroyCartSession(int handle) {
  if (sessionOf(handle)) sessions()[handle - 1].reset();
}

namespace {
// The CartSession methods JS may call, by the name JS calls them: callCartSession dispatches on this table and
// web/core.js builds its session object from the same names (coreConstantsJson), so neither keeps a copy.
// The most frequent calls (summary, save) come first.
struct CartMethod {
  const char* name;
  std::string (*call)(CartSession& s, const std::string& text, double number);
};
const CartMethod kCartMethods[] = {
    {"summary", [](CartSession& s, const std::string&, double) { return s.summary(); }},
    {"view", [](CartSession& s, const std::string&, double) { return s.view(); }},
    {"save", [](CartSession& s, const std::string&, double) { return s.save(); }},
    {"add", [](CartSession& s, const std::string& text, double) { return s.add(text); }},
    {"update", [](CartSession& s, const std::string& text, double number) { return s.update(text, number); }},
    {"remove", [](CartSession& s, const std::string& text, double) { return s.remove(text); }},
    {"clear", [](CartSession& s, const std::string&, double) { return s.clear(); }},
    {"addCustom", [](CartSession& s, const std::string& text, double) { return s.add(text, LineKind::Custom); }},
    {"addGiftCertificate",
     [](CartSession& s, const std::string& text, double) { return s.add(text, LineKind::GiftCertificate); }},
    {"restore", [](CartSession& s, const std::string& text, double) { return s.restore(text); }},
    {"setCartId", [](CartSession& s, const std::string& text, double) { return s.setCartId(text); }},
    {"setCartToken", [](CartSession& s, const std::string& text, double) { return s.setCartToken(text); }},
    {"setCustomItems", [](CartSession& s, const std::string& text, double) { return s.setCustomItems(text); }},
    {"setCheckout", [](CartSession& s, const std::string& text, double) { return s.setCheckout(text); }},
    {"configure", [](CartSession& s, const std::string& text, double) { return s.configure(text); }},
};
}  // namespace

std::string callCartSession(int handle, const std::string& method, const std::string& text, double number) {
  CartSession* s = sessionOf(handle);
  if (!s) return failure(makeError("destroyed", "the cart was destroyed"));
  for (const CartMethod& m : kCartMethods)
    if (method == m.name) return m.call(*s, text, number);
  return failure(makeError("invalid_argument", "no such cart method: " + method));
}

std::string coreConstantsJson() {
  JsonWriter out;
  out.beginObject().key("cartSessionMethods").beginArray();
  for (const CartMethod& m : kCartMethods) out.string(m.name);
  out.endArray();
  out.key("cartInclude").string(kCartInclude);
  return out.endObject().take();
}

std::string checkStoreOriginsJson(const std::string& storeOriginsJson) {
  Result<std::vector<Origin>> origins = storeOriginsFrom(storeOriginsJson);
  if (!origins.ok()) return failure(origins.error());
  if (origins.value().empty()) return failure(makeError("no_store_origins", "no store origins are configured"));
  return success();
}

std::string checkCheckoutUrlJson(const std::string& url, const std::string& storeOriginsJson) {
  Result<std::vector<Origin>> origins = storeOriginsFrom(storeOriginsJson);
  if (!origins.ok()) return failure(origins.error());
  return fromStatus(checkCheckoutUrl(url, origins.value()));
}

std::string chooseCheckoutUrlJson(const std::string& mode, const std::string& checkoutUrl,
                                  const std::string& embeddedCheckoutUrl, const std::string& loginUrl,
                                  const std::string& storeOriginsJson) {
  if (mode != "redirect" && mode != "embedded")
    return failure(makeError("invalid_mode", "mode must be \"redirect\" or \"embedded\""));
  Result<std::vector<Origin>> origins = storeOriginsFrom(storeOriginsJson);
  if (!origins.ok()) return failure(origins.error());
  RedirectUrls urls;
  urls.checkoutUrl = checkoutUrl;
  urls.embeddedCheckoutUrl = embeddedCheckoutUrl;
  const CheckoutMode checkoutMode = mode == "embedded" ? CheckoutMode::Embedded : CheckoutMode::Redirect;
  Result<std::string> url = chooseCheckoutUrl(urls, checkoutMode, loginUrl, origins.value());
  if (!url.ok()) return failure(url.error());
  // Named, not copied back: the chosen URL is one of the arguments, and a login URL carries a JWT of several
  // hundred characters that would cross into JS a second time.
  const char* chosen = "checkout_url";
  switch (checkoutUrlSource(checkoutMode, loginUrl)) {
    case CheckoutUrlSource::LoginUrl: chosen = "loginUrl"; break;
    case CheckoutUrlSource::EmbeddedCheckoutUrl: chosen = "embedded_checkout_url"; break;
    case CheckoutUrlSource::CheckoutUrl: break;
  }
  return success([&](JsonWriter& out) { out.key("chosen").string(chosen); });
}

namespace {
// The saved cart with every custom line named and priced from the merchant's list. The list comes with every
// sync and is the same each time, so the last one read is kept, as the store origins are. When a line is
// refused, `refusedLine` names it.
Result<Cart> priceCustomLines(const Cart& cart, const std::string& listJson, std::string* refusedLine) {
  const bool anyCustom = std::any_of(cart.lines().begin(), cart.lines().end(), [](const Line& l) { return l.kind == LineKind::Custom; });
  if (!anyCustom) return cart;
  static std::string lastText;
  static std::optional<CustomItemList> lastList;
  const CustomItemList* list = nullptr;
  if (!listJson.empty()) {
    if (!lastList || listJson != lastText) {
      Result<CustomItemList> parsed = CustomItemList::parse(listJson);
      if (!parsed.ok()) return parsed.error();
      lastList = std::move(parsed.value());
      lastText = listJson;
    }
    list = &*lastList;
  }
  Cart priced(&cart.currency(), cart.limits());
  priced.setNextLineNumber(cart.nextLineNumber());
  for (Line line : cart.lines()) {
    if (line.kind == LineKind::Custom) {
      if (Status s = priceCustomLine(line, list, cart.currency()); !s.ok()) {
        *refusedLine = line.id;
        return s.error();
      }
    }
    if (Status s = priced.restoreLine(std::move(line)); !s.ok()) return s.error();
  }
  return priced;
}
}  // namespace

std::string planCartSyncJson(const std::string& savedCart, const std::string& remoteCartJson,
                             const std::string& optionsJson, const std::string& customItemsJson) {
  Result<SavedCart> saved = restoreCart(savedCart, CartLimits{});
  if (!saved.ok()) return failure(saved.error());
  Result<Json> remote = parseJson(remoteCartJson, "invalid_remote_cart");
  if (!remote.ok()) return failure(remote.error());
  Result<Json> optionsParsed = parseJson(optionsJson, "invalid_argument");
  if (!optionsParsed.ok()) return failure(optionsParsed.error());
  JsonFields f(optionsParsed.value(), "options", "invalid_argument");
  SyncOptions options;
  options.channelId = f.optionalInteger("channelId").value_or(1);
  options.customerId = f.optionalInteger("customerId");
  options.locale = f.optionalString("locale");
  if (!f.ok()) return failure(f.error());
  if (options.channelId < 1) return failure(makeError("invalid_argument", "channelId must be a positive integer"));
  if (options.customerId && *options.customerId <= 0) options.customerId.reset();

  std::string refusedLine;
  Result<Cart> priced = priceCustomLines(saved.value().cart, customItemsJson, &refusedLine);
  if (!priced.ok()) return failure(priced.error(), refusedLine);
  Result<std::vector<CartRequest>> plan = planCartSync(priced.value(), remote.value(), options);
  if (!plan.ok()) return failure(plan.error());
  // The remote cart is kept unless the plan deletes it (to replace it, or because the local cart is empty).
  bool keepsCart = !remote.value().is_null();
  for (const CartRequest& r : plan.value())
    if (r.kind == CartRequestKind::DeleteCart) keepsCart = false;
  const std::string kept = keepsCart ? remote.value().value("id", std::string()) : std::string();
  return success([&](JsonWriter& out) {
    out.key("requests").beginArray();
    for (const CartRequest& r : plan.value()) {
      out.beginObject().key("kind").string(cartRequestKindName(r.kind));
      out.key("method").string(r.method).key("path").string(r.path).key("body");
      if (r.body.empty()) out.null(); else out.raw(r.body);
      out.key("lineIds").beginArray();
      for (const std::string& id : r.lineIds) out.string(id);
      out.endArray().endObject();
    }
    out.endArray();
    out.key("cartId").string(kept);
  });
}

std::string checkCustomItemsJson(const std::string& listJson) {
  Result<CustomItemList> list = CustomItemList::parse(listJson);
  if (!list.ok()) return failure(list.error());
  return success([&](JsonWriter& out) {
    out.key("skus").beginArray();
    for (const CustomItemOffer& offer : list.value().offers()) out.string(offer.sku);
    out.endArray();
  });
}

std::string parseMoneyJson(const std::string& amount, const std::string& currency) {
  const Currency* c = findCurrency(currency);
  if (!c) return failure(makeError("unknown_currency", "\"" + currency + "\" is not an ISO 4217 currency code"));
  Result<int64_t> minor = parseDecimal(amount, c->exponent);
  if (!minor.ok()) return failure(minor.error());
  if (minor.value() > kMaxSafeMinor || minor.value() < -kMaxSafeMinor)
    return failure(makeError("amount_too_large", "the amount is too large to be exact in JavaScript"));
  return success([&](JsonWriter& out) { out.key("minor").integer(minor.value()).key("exponent").integer(c->exponent); });
}

std::string protectionTargetJson(const std::string& pageJson, const std::string& configJson) {
  Result<ProtectionConfig> config = parseProtectionConfig(configJson);
  if (!config.ok()) return failure(config.error());
  Result<Json> parsed = parseJson(pageJson, "invalid_argument");
  if (!parsed.ok()) return failure(parsed.error());
  JsonFields f(parsed.value(), "page", "invalid_argument");
  HostedPage page;
  page.url = f.string("url");
  page.pageType = f.optionalString("pageType");
  page.entityUrl = f.optionalString("entityUrl");
  page.cookies = f.optionalString("cookies");
  page.language = f.optionalString("language");
  if (const Json* id = f.raw("id"); id && !id->is_null()) {
    if (id->is_number_unsigned()) page.id = std::to_string(id->get<uint64_t>());
    else page.id = f.optionalString("id");
  }
  if (const Json* framed = f.raw("framed"); framed && !framed->is_null()) {
    if (!framed->is_boolean()) f.fail("page.framed must be true or false");
    else page.framed = framed->get<bool>();
  }
  if (!f.ok()) return failure(f.error());
  const ProtectionDecision d = protectionTarget(page, config.value());
  return success([&](JsonWriter& out) {
    out.key("target");
    if (d.target.empty()) out.null(); else out.string(d.target);
    out.key("reason").string(d.reason).key("pageType").string(d.pageType).key("message").string(d.message);
  });
}

std::string protectionArtifactsJson(const std::string& configJson) {
  Result<ProtectionConfig> config = parseProtectionConfig(configJson);
  if (!config.ok()) return failure(config.error());
  Result<std::string> snippet = protectionSnippet(config.value());
  if (!snippet.ok()) return failure(snippet.error());
  Result<std::string> script = scriptsPayload(config.value());
  if (!script.ok()) return failure(script.error());
  return success([&](JsonWriter& out) {
    out.key("snippet").string(snippet.value());
    out.key("routes").raw(siteRoutesPayload(config.value()));
    out.key("script").raw(script.value());
  });
}

int currencyExponent(const std::string& code) {
  const Currency* c = findCurrency(code);
  return c ? c->exponent : -1;
}

const char* coreVersion() { return BCCH_VERSION; }

}  // namespace bcch
