#include "bcch/site_protection.h"

#include <utility>

#include "bcch/json_fields.h"
#include "bcch/text.h"

namespace bcch {
namespace {

constexpr const char kConfigError[] = "invalid_protection_config";

// sites.v3.yml siteRoute_Base.type. "checkout" is in the enum but refused in our config: checkout stays on
// BigCommerce, and a checkout route would make BigCommerce's own links leave it.
const char* const kRouteTypes[] = {"product", "brand",   "category", "page",  "blog",    "home",
                                   "cart",    "search",  "account",  "login", "returns", "static"};

bool isRouteType(const std::string& type) {
  for (const char* t : kRouteTypes)
    if (type == t) return true;
  return false;
}

bool isDigits(const std::string& s) {
  if (s.empty() || s.size() > 18) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// Parameter and cookie names: a conservative token set, so they need no escaping anywhere we write them.
bool isName(const std::string& s, bool allowStar) {
  if (s.empty() || s.size() > 64) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '-' || c == '.' || (allowStar && c == '*' && i == s.size() - 1 && i > 0);
    if (!ok) return false;
  }
  return true;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = lower(c);
  return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// The path as BigCommerce's router would match it: case-insensitive, with percent-encoded unreserved
// characters decoded ("/%63heckout" is /checkout to the server). Other escapes stay as they are.
std::string matchPath(const std::string& path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && hexValue(path[i + 1]) >= 0 && hexValue(path[i + 2]) >= 0) {
      const char c = static_cast<char>(hexValue(path[i + 1]) * 16 + hexValue(path[i + 2]));
      const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                              c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        out += lower(c);
        i += 2;
        continue;
      }
    }
    out += lower(path[i]);
  }
  return out;
}

// A browser resolves "." and ".." before the page runs; a URL that still has them did not come from one.
bool hasDotSegment(const std::string& path) {
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string segment = path.substr(start, end - start);
    if (segment == "." || segment == ".." || segment == "%2e" || segment == "%2e%2e" || segment == ".%2e" ||
        segment == "%2e.")
      return true;
    start = end + 1;
  }
  return false;
}

bool startsWith(const std::string& s, const char* prefix) {
  const std::string p(prefix);
  return s.compare(0, p.size(), p) == 0;
}

bool pathIs(const std::string& path, const char* base) {  // base, or base followed by '/' and anything
  const std::string b(base);
  return path == b || (startsWith(path, base) && path.size() > b.size() && path[b.size()] == '/');
}

struct QueryParam {
  std::string name;
  std::string value;
  std::string raw;  // "name=value" as written
};

std::vector<QueryParam> queryParams(const std::string& tail) {
  std::vector<QueryParam> out;
  if (tail.empty() || tail[0] != '?') return out;
  const size_t end = tail.find('#');
  const std::string query = tail.substr(1, end == std::string::npos ? std::string::npos : end - 1);
  size_t start = 0;
  while (start <= query.size()) {
    size_t amp = query.find('&', start);
    if (amp == std::string::npos) amp = query.size();
    const std::string part = query.substr(start, amp - start);
    if (!part.empty()) {
      const size_t eq = part.find('=');
      out.push_back({part.substr(0, eq), eq == std::string::npos ? "" : part.substr(eq + 1), part});
    }
    start = amp + 1;
  }
  return out;
}

const QueryParam* findParam(const std::vector<QueryParam>& params, const std::string& name) {
  for (const QueryParam& p : params)
    if (p.name == name) return &p;
  return nullptr;
}

bool cookieSet(const std::string& cookies, const std::string& name) {
  size_t start = 0;
  while (start < cookies.size()) {
    size_t end = cookies.find(';', start);
    if (end == std::string::npos) end = cookies.size();
    size_t b = start;
    while (b < end && cookies[b] == ' ') ++b;
    const std::string pair = cookies.substr(b, end - b);
    const size_t eq = pair.find('=');
    if (eq != std::string::npos && pair.compare(0, eq, name) == 0 && eq == name.size()) {
      const std::string value = pair.substr(eq + 1);
      if (!value.empty() && value != "0") return true;
    }
    start = end + 1;
  }
  return false;
}

bool matchesPattern(const std::string& value, const std::string& pattern) {
  if (!pattern.empty() && pattern.back() == '*') return value.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  return value == pattern;
}

// --- classification -------------------------------------------------------------------------------

struct PageKind {
  std::string type;  // a route type, "account", "checkout" or "unknown"
  std::string slug;
  bool blogList = false;  // the blog's own page, not a post
};

// Stencil's {{page_type}} (Stencil theme object reference, "page_type" of the global context) to route types.
// Checkout and order confirmation never reach here: they are kept by path and by type before.
std::string routeTypeOfStencilPage(const std::string& pageType) {
  if (pageType == "default" || pageType == "home") return "home";
  if (pageType == "product" || pageType == "category" || pageType == "brand" || pageType == "page" ||
      pageType == "search" || pageType == "cart")
    return pageType;
  if (pageType == "blog" || pageType == "blog_post") return "blog";
  if (pageType == "login") return "login";
  if (pageType == "createaccount" || pageType == "getnewpassword" || pageType == "forgot_password" ||
      startsWith(pageType, "account"))
    return "account";
  return "unknown";  // brands list, compare, wishlists, gift certificates, 404, sitemap, ...
}

bool isCheckoutPageType(const std::string& pageType) {
  return pageType == "checkout" || pageType == "orderconfirmation" || pageType == "order_confirmation" ||
         pageType == "embedded_checkout";
}

// "/shop/shirts/" -> "shop/shirts"; brand and blog slugs lose their "brands/" and "blog/" folder, and
// legacy ".html" URLs their suffix. `path` is as written (not lower-cased): slugs keep their case.
std::string slugOf(std::string path, const std::string& type) {
  while (!path.empty() && path.front() == '/') path.erase(0, 1);
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.size() > 5 && path.compare(path.size() - 5, 5, ".html") == 0) path.resize(path.size() - 5);
  const char* folder = type == "brand" ? "brands/" : type == "blog" ? "blog/" : nullptr;
  if (folder && matchPath(path.substr(0, std::string(folder).size())) == folder) path.erase(0, std::string(folder).size());
  return path;
}

// Without Stencil's context: only what the URL says for sure. BigCommerce's default product, category and
// page URLs are all "/{slug}/", so those are "unknown" and the config's `unknown` policy applies.
PageKind classifyByUrl(const std::string& path, const std::vector<QueryParam>& params) {
  PageKind kind{"unknown", "", false};
  if (path.empty() || path == "/") kind.type = "home";
  else if (path == "/search.php") kind.type = "search";
  else if (path == "/cart.php") kind.type = "cart";
  else if (path == "/login.php") kind.type = params.empty() || !findParam(params, "action") ? "login" : "account";
  else if (path == "/account.php") kind.type = "account";
  else if (path == "/blog" || path == "/blog/") {
    kind.type = "blog";
    kind.blogList = true;
  } else if (startsWith(path, "/blog/") && !startsWith(path, "/blog/tag/")) kind.type = "blog";
  else if (startsWith(path, "/brands/") && path != "/brands/") kind.type = "brand";
  return kind;
}

const ProtectionRoute* findRoute(const ProtectionConfig& config, const std::string& type, const std::string& id) {
  const ProtectionRoute* wildcard = nullptr;
  for (const ProtectionRoute& r : config.routes) {
    if (r.type != type) continue;
    if (!id.empty() && r.matching == id) return &r;
    if (r.matching == "*" && !wildcard) wildcard = &r;
  }
  return wildcard;
}

// Fills {id}, {slug}, {language} and {lang}; false when the template needs a value the page lacks.
bool fillRoute(const std::string& route, const std::string& id, const std::string& slug, const std::string& language,
               std::string& out) {
  out.clear();
  for (size_t i = 0; i < route.size(); ++i) {
    if (route[i] == '{') {
      const size_t close = route.find('}', i);
      const std::string token = route.substr(i + 1, close - i - 1);
      const std::string& value = token == "id" ? id : token == "slug" ? slug : language;
      if (value.empty()) return false;
      out += value;
      i = close;
      continue;
    }
    out += route[i];
  }
  return true;
}

void appendParams(std::string& url, const std::vector<QueryParam>& params, const ProtectionConfig& config,
                  bool keepSearch) {
  for (const QueryParam& p : params) {
    bool keep = keepSearch && p.name == "search_query";
    for (const std::string& pattern : config.keepParams) keep = keep || matchesPattern(p.name, pattern);
    if (!keep) continue;
    if (url.find('?') == std::string::npos) url += '?';
    else if (url.back() != '?' && url.back() != '&') url += '&';
    url += p.raw;
  }
}

ProtectionDecision stay(const char* reason, std::string pageType, std::string message) {
  return ProtectionDecision{"", reason, std::move(pageType), std::move(message)};
}

bool isStoreOrigin(const Origin& origin, const std::vector<Origin>& stores) {
  for (const Origin& s : stores)
    if (s.scheme == origin.scheme && s.port == origin.port && sameHostOrWww(s.host, origin.host)) return true;
  return false;
}

}  // namespace

std::vector<std::string> defaultKeepParams() { return {"utm_*", "gclid", "fbclid", "msclkid", "coupon"}; }

ProtectionDecision protectionTarget(const HostedPage& page, const ProtectionConfig& config) {
  Result<ParsedUrl> parsed = parseUrl(page.url);
  if (!parsed.ok()) return stay("bad_url", "unknown", "the page URL is not valid: " + parsed.error().message);
  const ParsedUrl& url = parsed.value();
  if (hasDotSegment(url.path)) return stay("bad_url", "unknown", "the page URL has dot segments");
  if (!isStoreOrigin(url.origin, config.storeOrigins))
    return stay("not_store_page", "unknown", originText(url.origin) + " is not one of the store origins");

  const std::string rawPath = url.path.empty() ? "/" : url.path;
  const std::string path = matchPath(rawPath);
  const std::vector<QueryParam> params = queryParams(url.tail);
  // Checkout and what surrounds it never move: the checkout itself, the embedded checkout and its
  // allow-cookie step, login tokens (BigCommerce's "Customer Login API" guide), order confirmation, and cart.php
  // actions (BigCommerce's "Checkout URL" guide: redirect URLs load the cart through cart.php).
  const std::string& stencilType = page.pageType;
  if (pathIs(path, "/checkout") || pathIs(path, "/embedded-checkout") || startsWith(path, "/login/token/") ||
      path == "/finishorder.php" || path == "/checkout.php" || pathIs(path, "/order-confirmation") ||
      isCheckoutPageType(stencilType))
    return stay("checkout", "checkout", "checkout pages always stay on the store");
  const QueryParam* action = findParam(params, "action");
  if (path == "/login.php" && action && action->value == "logout")
    return stay("account", "account", "signing out must happen on the store");
  if (path == "/cart.php" && action)
    return stay("cart_action", "cart", "cart.php actions load or change the cart and must run on the store");

  if (const QueryParam* p = findParam(params, config.bypassParam); p && p->value != "0")
    return stay("bypass", "unknown", "previewing the hosted store (?" + config.bypassParam + "=" + p->value + ")");
  if (!findParam(params, config.bypassParam) && cookieSet(page.cookies, config.bypassCookie))
    return stay("bypass", "unknown", "previewing the hosted store (cookie " + config.bypassCookie + ")");

  if (page.framed) return stay("framed", "unknown", "the page is in a frame (the control panel's page builder previews the store so)");
  for (const std::string& pattern : config.allow)
    if (matchesPattern(path, pattern)) return stay("allowed", "unknown", "the path is in `allow`");

  PageKind kind;
  std::string id;
  if (!stencilType.empty()) {
    kind.type = routeTypeOfStencilPage(stencilType);
    kind.blogList = stencilType == "blog";
    if (isDigits(page.id)) id = page.id;
    std::string slugPath = rawPath;
    if (!page.entityUrl.empty()) {
      Result<ParsedUrl> entity = parseUrl(page.entityUrl);
      if (entity.ok()) slugPath = entity.value().path;
    }
    kind.slug = kind.blogList ? "" : slugOf(slugPath, kind.type);
  } else {
    kind = classifyByUrl(path, params);
    if (kind.type != "unknown" && !kind.blogList) kind.slug = slugOf(rawPath, kind.type);
  }
  if (kind.type == "home" || kind.type == "cart" || kind.type == "search" || kind.type == "login" ||
      kind.type == "account")
    kind.slug.clear();

  std::string target;
  const ProtectionRoute* route = kind.type == "unknown" ? nullptr : findRoute(config, kind.type, id);
  const char* reason = "route";
  std::string message;
  if (route) {
    std::string filled;
    if (fillRoute(route->route, id, kind.slug, page.language.empty() ? config.language : page.language, filled)) {
      target = originText(config.headlessOrigin) + filled;
      message = "the " + kind.type + " route " + route->route;
    } else {
      message = "the " + kind.type + " route " + route->route + " needs a value this page does not give; ";
    }
  } else if (kind.type == "home") {
    target = originText(config.headlessOrigin) + "/";
    message = "the home page (no home route configured: /)";
  } else if (kind.type == "login" || kind.type == "account") {
    return stay("account", "account", "account and sign-in pages stay unless an account or login route is configured");
  } else if (kind.type != "unknown") {
    message = "no " + kind.type + " route is configured; ";
  }

  if (target.empty()) {
    const std::string what = kind.type == "unknown" ? "the page type is not known; " : message;
    switch (config.unknown) {
      case UnknownPolicy::Stay:
        return stay("unknown", kind.type, what + "unknown: stay");
      case UnknownPolicy::Home:
        target = originText(config.headlessOrigin) + "/";
        reason = "home";
        message = what + "unknown: home";
        break;
      case UnknownPolicy::SamePath:
        target = originText(config.headlessOrigin) + rawPath;
        reason = "same_path";
        message = what + "unknown: same-path";
        break;
    }
  }
  appendParams(target, params, config, kind.type == "search");

  // The target must be a clean URL on the headless origin, and never a store page (no loops).
  Result<ParsedUrl> checked = parseUrl(target);
  if (!checked.ok() || !sameOrigin(checked.value().origin, config.headlessOrigin))
    return stay("bad_target", kind.type, "the route would not give a URL on the headless origin");
  if (isStoreOrigin(checked.value().origin, config.storeOrigins))
    return stay("loop", kind.type, "the target is on a store origin");
  return ProtectionDecision{target, reason, kind.type, message};
}

// --- configuration --------------------------------------------------------------------------------------

namespace {

Error configError(const std::string& field, const std::string& message) {
  return makeError(kConfigError, field + ": " + message);
}

Result<Origin> configOrigin(const Json& value, const std::string& field) {
  if (!value.is_string()) return configError(field, "must be an origin such as \"https://www.example.com\"");
  std::string text = value.get<std::string>();
  if (!text.empty() && text.back() == '/') text.pop_back();
  Result<ParsedUrl> parsed = parseUrl(text);
  if (!parsed.ok()) return configError(field, parsed.error().message);
  if (!parsed.value().path.empty() || !parsed.value().tail.empty())
    return configError(field, "must be scheme://host[:port] with no path");
  if (parsed.value().origin.scheme == "http" && !isLoopbackHost(parsed.value().origin.host))
    return configError(field, "must use https (http is allowed for localhost, 127.x.y.z and [::1] only)");
  return parsed.value().origin;
}

// Route templates are paths on the headless origin: "/products/{slug}". A leading "//" would make a
// browser read the rest as a host, so it is refused along with anything needing escapes.
Status checkRouteTemplate(const std::string& route, const std::string& field) {
  if (route.empty() || route[0] != '/' || (route.size() > 1 && route[1] == '/'))
    return configError(field, "must be a path starting with a single \"/\", such as \"/products/{slug}\"");
  if (route.size() > 2048) return configError(field, "is longer than 2048 characters");
  for (size_t i = 0; i < route.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(route[i]);
    if (c <= 0x20 || c >= 0x7F || c == '\\' || c == '#' || c == '"' || c == '<' || c == '>')
      return configError(field, "may not contain spaces, backslashes, '#', quotes, '<', '>' or non-ASCII");
    if (c == '}') return configError(field, "has a '}' without its '{'");
    if (c == '{') {
      const size_t close = route.find('}', i);
      const std::string token = close == std::string::npos ? "" : route.substr(i + 1, close - i - 1);
      if (token != "id" && token != "slug" && token != "language" && token != "lang")
        return configError(field, "knows the tokens {id}, {slug} and {language}, not \"" + route.substr(i, close == std::string::npos ? 1 : close - i + 1) + "\"");
      i = close;
    }
  }
  return ok();
}

Result<std::vector<std::string>> nameList(const Json& value, const std::string& field, bool paths) {
  if (!value.is_array()) return configError(field, "must be an array of strings");
  std::vector<std::string> out;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item = field + "[" + std::to_string(i) + "]";
    if (!value[i].is_string()) return configError(item, "must be a string");
    const std::string s = value[i].get<std::string>();
    if (paths) {
      if (s.empty() || s[0] != '/' || hasControlOrSpace(s) || s.size() > 2048 ||
          s.find_first_of("{}<>\"\\#?") != std::string::npos)
        return configError(item, "must be a path starting with \"/\" (a trailing * makes it a prefix)");
    } else if (!isName(s, true)) {
      return configError(item, "must be a parameter name of letters, digits, '_', '-' or '.' (a trailing * makes it a prefix)");
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace

Result<ProtectionConfig> parseProtectionConfig(const std::string& text) {
  Result<Json> parsed = parseJson(text, kConfigError);
  if (!parsed.ok()) return parsed.error();
  const Json& doc = parsed.value();
  if (!doc.is_object()) return makeError(kConfigError, "the config must be a JSON object");
  static const char* const kFields[] = {"headlessOrigin", "storeOrigins", "routes", "allow", "keepParams", "unknown",
                                        "bypass", "language", "storefrontChannelId", "scriptName", "$schema"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    bool known = false;
    for (const char* f : kFields) known = known || it.key() == f;
    if (!known) return configError(it.key(), "is not a known field");
  }

  ProtectionConfig config;
  config.keepParams = defaultKeepParams();
  if (!doc.contains("headlessOrigin")) return configError("headlessOrigin", "is required (the headless storefront's origin)");
  Result<Origin> headless = configOrigin(doc["headlessOrigin"], "headlessOrigin");
  if (!headless.ok()) return headless.error();
  config.headlessOrigin = headless.value();

  if (!doc.contains("storeOrigins") || !doc["storeOrigins"].is_array() || doc["storeOrigins"].empty())
    return configError("storeOrigins", "must be a non-empty array of the store's origins");
  for (size_t i = 0; i < doc["storeOrigins"].size(); ++i) {
    Result<Origin> origin = configOrigin(doc["storeOrigins"][i], "storeOrigins[" + std::to_string(i) + "]");
    if (!origin.ok()) return origin.error();
    config.storeOrigins.push_back(origin.value());
  }
  for (const Origin& store : config.storeOrigins)
    if (store.scheme == config.headlessOrigin.scheme && store.port == config.headlessOrigin.port &&
        sameHostOrWww(store.host, config.headlessOrigin.host))
      return configError("headlessOrigin", "is one of the store origins: shoppers would be sent in a loop");

  if (doc.contains("routes")) {
    const Json& routes = doc["routes"];
    if (!routes.is_array()) return configError("routes", "must be an array of {type, route, matching?}");
    for (size_t i = 0; i < routes.size(); ++i) {
      const std::string field = "routes[" + std::to_string(i) + "]";
      const Json& r = routes[i];
      if (!r.is_object()) return configError(field, "must be an object {type, route, matching?}");
      for (auto it = r.begin(); it != r.end(); ++it)
        if (it.key() != "type" && it.key() != "route" && it.key() != "matching" && it.key() != "id")
          return configError(field + "." + it.key(), "is not a known field");
      ProtectionRoute route;
      if (!r.contains("type") || !r["type"].is_string()) return configError(field + ".type", "is required");
      route.type = r["type"].get<std::string>();
      if (route.type == "checkout")
        return configError(field + ".type", "\"checkout\" is not allowed: checkout stays on BigCommerce");
      if (!isRouteType(route.type))
        return configError(field + ".type", "\"" + route.type + "\" is not a Sites & Routes type (product, brand, category, page, blog, home, cart, search, account, login, returns, static)");
      if (!r.contains("route") || !r["route"].is_string()) return configError(field + ".route", "is required");
      route.route = r["route"].get<std::string>();
      if (Status s = checkRouteTemplate(route.route, field + ".route"); !s.ok()) return s.error();
      if (r.contains("matching")) {
        if (!r["matching"].is_string() || (r["matching"].get<std::string>() != "*" && !isDigits(r["matching"].get<std::string>())))
          return configError(field + ".matching", "must be \"*\" or an entity id such as \"12\"");
        route.matching = r["matching"].get<std::string>();
      }
      for (const ProtectionRoute& other : config.routes)
        if (other.type == route.type && other.matching == route.matching)
          return configError(field, "repeats the " + route.type + " route for matching \"" + route.matching + "\"");
      config.routes.push_back(route);
    }
  }
  if (doc.contains("allow")) {
    Result<std::vector<std::string>> allow = nameList(doc["allow"], "allow", true);
    if (!allow.ok()) return allow.error();
    // Kept as the paths they are compared with (matchPath): the core and the snippet then match the same way.
    for (const std::string& pattern : allow.value()) config.allow.push_back(matchPath(pattern));
  }
  if (doc.contains("keepParams")) {
    Result<std::vector<std::string>> keep = nameList(doc["keepParams"], "keepParams", false);
    if (!keep.ok()) return keep.error();
    config.keepParams = keep.value();
  }
  if (doc.contains("unknown")) {
    const Json& u = doc["unknown"];
    const std::string value = u.is_string() ? u.get<std::string>() : "";
    if (value == "same-path") config.unknown = UnknownPolicy::SamePath;
    else if (value == "home") config.unknown = UnknownPolicy::Home;
    else if (value == "stay") config.unknown = UnknownPolicy::Stay;
    else return configError("unknown", "must be \"same-path\", \"home\" or \"stay\"");
  }
  if (doc.contains("bypass")) {
    const Json& b = doc["bypass"];
    if (!b.is_object()) return configError("bypass", "must be an object {param, cookie}");
    for (auto it = b.begin(); it != b.end(); ++it)
      if (it.key() != "param" && it.key() != "cookie") return configError("bypass." + it.key(), "is not a known field");
    if (b.contains("param")) {
      if (!b["param"].is_string() || !isName(b["param"].get<std::string>(), false))
        return configError("bypass.param", "must be a parameter name of letters, digits, '_', '-' or '.'");
      config.bypassParam = b["param"].get<std::string>();
    }
    if (b.contains("cookie")) {
      const std::string cookie = b["cookie"].is_string() ? b["cookie"].get<std::string>() : "";
      if (!isName(cookie, false) || cookie.find('.') != std::string::npos)
        return configError("bypass.cookie", "must be a cookie name of letters, digits, '_' or '-'");
      config.bypassCookie = b["cookie"].get<std::string>();
    }
  }
  if (doc.contains("language")) {
    if (!doc["language"].is_string() || !isName(doc["language"].get<std::string>(), false))
      return configError("language", "must be a language tag such as \"en\"");
    config.language = doc["language"].get<std::string>();
  }
  if (doc.contains("storefrontChannelId")) {
    const Json& c = doc["storefrontChannelId"];
    if (!c.is_number_integer() || c.get<int64_t>() < 1 || c.get<int64_t>() > 2147483647)
      return configError("storefrontChannelId", "must be a positive integer (the Stencil storefront's channel, usually 1)");
    config.storefrontChannelId = c.get<int64_t>();
  }
  if (doc.contains("scriptName")) {
    const Json& n = doc["scriptName"];
    if (!n.is_string() || n.get<std::string>().empty() || codePointCount(n.get<std::string>()) > 255)
      return configError("scriptName", "must be a name of 1 to 255 characters");
    config.scriptName = n.get<std::string>();
  }
  return config;
}

}  // namespace bcch
