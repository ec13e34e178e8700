#include "bcch/saved_cart.h"

#include "bcch/cart_json.h"
#include "bcch/json_fields.h"

namespace bcch {
namespace {
constexpr const char* kInvalid = "saved_cart_invalid";
// Line ids are "l<number>"; the counter stops far below where it could wrap or lose precision in JS.
constexpr uint64_t kMaxLineNumber = 1000000000000ULL;

// "l12" -> 12; used to rebuild the id counter of version 1 documents, which did not store it.
uint64_t lineNumber(const std::string& id) {
  if (id.size() < 2 || id[0] != 'l') return 0;
  uint64_t n = 0;
  for (size_t i = 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9' || n > kMaxLineNumber) return 0;
    n = n * 10 + static_cast<uint64_t>(id[i] - '0');
  }
  return n > kMaxLineNumber ? 0 : n;
}

// The text of the top-level member `checkout` of a document that parsed as a JSON object, when it is an object,
// as the parser reads it (escapes in the key decoded, the last of duplicate keys, a byte order mark skipped): the
// parser's own lexer finds it, so this costs the cart module no second JSON reader. The section is kept as text
// so that saving writes it back byte for byte: the core has no JSON serialiser (json_writer.h), and opaque
// numbers must not pass through a double.
std::string checkoutMemberText(const std::string& text) {
  using Lexer = nlohmann::detail::lexer<Json, nlohmann::detail::iterator_input_adapter<std::string::const_iterator>>;
  using Token = Lexer::token_type;
  Lexer lexer(nlohmann::detail::input_adapter(text));
  std::string found;
  int depth = 0;
  bool atKey = false, inSection = false;
  size_t start = 0;
  for (Token t = lexer.scan(); t != Token::end_of_input && t != Token::parse_error; t = lexer.scan()) {
    const size_t at = lexer.get_position().chars_read_total;
    if (t == Token::begin_object || t == Token::begin_array) {
      if (depth++ == 1 && inSection) start = at - 1;
      atKey = depth == 1;
    } else if (t == Token::end_object || t == Token::end_array) {
      if (--depth == 1 && inSection) {
        found = text.substr(start, at - start);
        inSection = false;
      }
    } else if (depth == 1 && t == Token::value_separator) {
      atKey = true;
      inSection = false;  // the member was not an object
    } else if (depth == 1 && atKey && t == Token::value_string) {
      inSection = lexer.get_string() == "checkout";
      atKey = false;
    }
  }
  return found;
}

Status checkSectionSize(const std::string& section, const char* code) {
  if (section.size() > kMaxCheckoutSectionBytes) return makeError(code, "checkout is over 16384 bytes");
  return ok();
}
}  // namespace

Result<std::string> checkCheckoutSection(const std::string& json, const char* code) {
  if (json.empty()) return std::string();
  Result<Json> parsed = parseJson(json, code);
  if (!parsed.ok()) return parsed.error();
  if (parsed.value().is_null()) return std::string();
  if (!parsed.value().is_object()) return makeError(code, "checkout must be an object");
  if (Status s = checkSectionSize(json, code); !s.ok()) return s.error();
  return json;
}

bool isValidCartToken(const std::string& token) {
  if (token.empty() || token.size() > 1024) return false;
  for (const char c : token)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.')) return false;
  return true;
}

std::string saveCart(const Cart& cart, const std::string& cartId, const std::string& cartToken,
                     const std::string& checkout) {
  JsonWriter out;
  out.beginObject();
  out.key("version").integer(kSavedCartVersion);
  out.key("currency").string(cart.currency().code);
  out.key("nextLine").integer(static_cast<int64_t>(cart.nextLineNumber()));
  if (!cartId.empty()) out.key("cartId").string(cartId);
  if (!cartId.empty() && !cartToken.empty()) out.key("cartToken").string(cartToken);
  out.key("lines").beginArray();
  for (const Line& line : cart.lines()) writeLine(out, line);
  out.endArray();
  if (!checkout.empty()) out.key("checkout").raw(checkout);
  out.endObject();
  return out.take();
}

Result<SavedCart> restoreCart(const std::string& text, CartLimits limits) {
  Result<Json> parsed = parseJson(text, "saved_cart_corrupt");
  if (!parsed.ok()) return parsed.error();
  const Json& doc = parsed.value();
  if (!doc.is_object()) return makeError("saved_cart_corrupt", "the saved cart is not a JSON object");

  JsonFields f(doc, "", kInvalid);
  const int64_t version = f.integer("version");
  if (!f.ok()) return f.error();
  if (version > kSavedCartVersion)
    return makeError("saved_cart_unsupported_version", "the saved cart has version " + std::to_string(version) +
                                                           "; this build reads up to version " +
                                                           std::to_string(kSavedCartVersion));
  if (version < 1) return makeError(kInvalid, "version must be 1 or more");

  const std::string currencyCode = f.string("currency");
  if (!f.ok()) return f.error();
  const Currency* currency = findCurrency(currencyCode);
  if (!currency) return makeError(kInvalid, "currency \"" + currencyCode + "\" is not an ISO 4217 code");

  SavedCart saved;
  saved.fromVersion = static_cast<int>(version);
  saved.cart = Cart(currency, limits);
  // Version 1 stored money as decimal strings in major units.
  const MoneyForm form = version == 1 ? MoneyForm::MajorUnits : MoneyForm::MinorUnits;
  if (version >= 2) {
    saved.cartId = f.optionalString("cartId");
    if (!saved.cartId.empty() && !isValidCartId(saved.cartId)) return makeError(kInvalid, "cartId is not a cart id");
    saved.cartToken = f.optionalString("cartToken");
    if (!saved.cartToken.empty() && (saved.cartId.empty() || !isValidCartToken(saved.cartToken)))
      return makeError(kInvalid, "cartToken is not a cart token for the cartId");
  }
  if (version >= 3) {
    if (const Json* checkout = f.raw("checkout"); checkout && !checkout->is_null()) {
      if (!checkout->is_object()) return makeError(kInvalid, "checkout must be an object");
      saved.checkout = checkoutMemberText(text);
      if (Status s = checkSectionSize(saved.checkout, kInvalid); !s.ok()) return s.error();
    }
  }
  const Json* lines = f.optionalArray("lines");
  if (!f.ok()) return f.error();
  if (!lines) return makeError(kInvalid, "lines is required");

  uint64_t highest = 0;
  for (size_t i = 0; i < lines->size(); ++i) {
    const std::string path = "lines[" + std::to_string(i) + "]";
    JsonFields lf((*lines)[i], path, kInvalid);
    const std::string type = lf.string("type");
    const std::string id = lf.string("id");
    if (!lf.ok()) return lf.error();
    LineKind kind;
    if (!lineKindFromName(type, &kind)) return makeError(kInvalid, path + ".type \"" + type + "\" is unknown");
    const uint64_t number = lineNumber(id);
    if (number == 0) return makeError(kInvalid, path + ".id \"" + id + "\" is not a line id");
    if (number > highest) highest = number;
    Result<Line> line = lineFromJson((*lines)[i], path, kind, form, *currency, kInvalid);
    // Whatever the rule that failed (a bad amount, say), the document is what is invalid.
    if (!line.ok()) return makeError(kInvalid, line.error().message);
    // Quantities must be given explicitly in a saved cart (lineFromJson defaults them for API input).
    const Json* quantity = lf.raw("quantity");
    if (!quantity || quantity->is_null()) return makeError(kInvalid, path + ".quantity is required");
    line.value().id = id;
    if (Status s = saved.cart.restoreLine(std::move(line.value())); !s.ok())
      return makeError(kInvalid, path + ": " + s.error().message);
  }

  uint64_t next = highest + 1;
  if (version >= 2) {
    std::optional<int64_t> stored = f.optionalInteger("nextLine");
    if (!f.ok()) return f.error();
    if (!stored) return makeError(kInvalid, "nextLine is required");
    // Never reuse an id: a stored counter below an existing id is corrupt.
    if (*stored < static_cast<int64_t>(next)) return makeError(kInvalid, "nextLine is lower than an existing line id");
    if (static_cast<uint64_t>(*stored) > kMaxLineNumber) return makeError(kInvalid, "nextLine is too large");
    next = static_cast<uint64_t>(*stored);
  }
  saved.cart.setNextLineNumber(next);
  if (Result<Subtotal> total = saved.cart.subtotal(); !total.ok()) return makeError(kInvalid, total.error().message);
  return saved;
}

}  // namespace bcch
