#include "bcch/cart_json.h"

namespace bcch {
namespace {

std::optional<int64_t> readMoney(JsonFields& f, const char* key, MoneyForm form, const Currency& currency, bool required) {
  const Json* v = f.raw(key);
  if (!v) {
    if (required) f.fail(f.pathOf(key) + " is required");
    return std::nullopt;
  }
  // A null is a number that went wrong on the way (JSON.stringify writes NaN and ±Infinity as null): an
  // absent price is fine, a broken one is not.
  if (v->is_null()) {
    f.fail(f.pathOf(key) + " must be an amount, not null", "invalid_amount");
    return std::nullopt;
  }
  if (form == MoneyForm::MinorUnits) {
    std::optional<int64_t> n = f.optionalInteger(key);
    return n;
  }
  Result<int64_t> parsed = amountFromJson(*v, currency);
  if (!parsed.ok()) {
    f.fail(f.pathOf(key) + ": " + parsed.error().message + " (" + currency.code + ")", parsed.error().code.c_str());
    return std::nullopt;
  }
  return parsed.value();
}

Contact readContact(JsonFields& parent, const char* key) {
  Contact c;
  const Json* obj = parent.optionalObject(key);
  if (!obj) {
    parent.fail(parent.pathOf(key) + " is required");
    return c;
  }
  JsonFields f(*obj, parent.pathOf(key), parent.code());
  c.name = f.string("name");
  c.email = f.string("email");
  if (!f.ok()) parent.fail(f.error().message);
  return c;
}

// The line type's name in the JSON shape.
const char* lineKindName(LineKind kind) {
  switch (kind) {
    case LineKind::Product: return "product";
    case LineKind::Custom: return "custom";
    case LineKind::GiftCertificate: return "giftCertificate";
  }
  return "product";
}

}  // namespace

void writeContact(JsonWriter& out, const char* key, const Contact& c) {
  out.key(key).beginObject().key("name").string(c.name).key("email").string(c.email).endObject();
}

Result<int64_t> amountFromJson(const Json& v, const Currency& currency) {
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX))
    return makeError("amount_too_large", "the amount is too large");
  if (v.is_string()) return parseDecimal(v.get<std::string>(), currency.exponent);
  if (v.is_number_integer()) return parseDecimal(std::to_string(v.get<int64_t>()), currency.exponent);
  if (v.is_number_float()) return fromNumber(v.get<double>(), currency.exponent);
  return makeError("invalid_amount", "not a number");
}

bool lineKindFromName(const std::string& name, LineKind* out) {
  for (LineKind k : {LineKind::Product, LineKind::Custom, LineKind::GiftCertificate})
    if (name == lineKindName(k)) { *out = k; return true; }
  return false;
}

Result<Line> lineFromJson(const Json& json, const std::string& path, LineKind kind, MoneyForm form,
                          const Currency& currency, const char* errorCode) {
  JsonFields f(json, path, errorCode);
  Line line;
  line.kind = kind;
  if (!f.ok()) return f.error();
  line.quantity = 1;  // the default for API input; a saved cart must state it (checked by restoreCart)
  // Only an absent quantity means 1. A null is a number that went wrong on the way (JSON.stringify writes NaN
  // and ±Infinity as null), so it is refused like any other bad quantity.
  if (const Json* q = f.raw("quantity")) {
    const std::optional<int64_t> n = q->is_null() ? std::nullopt : f.optionalInteger("quantity");
    if (!n) return makeError("invalid_quantity", f.pathOf("quantity") + " must be a whole number");
    if (*n < 0) return makeError("invalid_quantity", "quantity must be a positive integer");
    if (*n > INT32_MAX) return makeError("quantity_exceeds_max", f.pathOf("quantity") + " is out of range");
    line.quantity = static_cast<int32_t>(*n);
  }
  switch (kind) {
    case LineKind::Product: {
      line.productId = f.integer("productId");
      if (const Json* v = f.raw("variantId"); v && v->is_null()) f.fail(f.pathOf("variantId") + " must be a variant id, not null");
      line.variantId = f.optionalInteger("variantId");
      if (const Json* options = f.optionalArray("optionSelections")) {
        for (size_t i = 0; i < options->size() && f.ok(); ++i) {
          JsonFields o((*options)[i], f.pathOf("optionSelections") + "[" + std::to_string(i) + "]", errorCode);
          OptionSelection sel;
          sel.optionId = o.integer("optionId");
          const Json* value = o.raw("optionValue");
          if (value && value->is_string()) {
            sel.valueIsText = true;
            sel.valueText = value->get<std::string>();
          } else if (value) {
            sel.valueId = o.integer("optionValue");
          } else {
            o.fail(o.pathOf("optionValue") + " is required");
          }
          if (!o.ok()) f.fail(o.error().message);
          line.optionSelections.push_back(std::move(sel));
        }
      }
      line.price = readMoney(f, "price", form, currency, false);
      line.name = f.optionalString("name");
      line.imageUrl = f.optionalString("imageUrl");
      line.url = f.optionalString("url");
      break;
    }
    case LineKind::Custom:
      line.sku = f.string("sku");
      line.name = f.string("name");
      line.listPrice = readMoney(f, "listPrice", form, currency, true).value_or(0);
      line.imageUrl = f.optionalString("imageUrl");
      break;
    case LineKind::GiftCertificate:
      line.name = f.string("name");
      line.theme = f.string("theme");
      line.amount = readMoney(f, "amount", form, currency, true).value_or(0);
      line.sender = readContact(f, "sender");
      line.recipient = readContact(f, "recipient");
      line.message = f.optionalString("message");
      break;
  }
  if (!f.ok()) return f.error();
  return line;
}

void writeLine(JsonWriter& out, const Line& line) {
  out.beginObject();
  out.key("id").string(line.id);
  out.key("type").string(lineKindName(line.kind));
  out.key("quantity").integer(line.quantity);
  switch (line.kind) {
    case LineKind::Product:
      out.key("productId").integer(line.productId);
      if (line.variantId) out.key("variantId").integer(*line.variantId);
      if (!line.optionSelections.empty()) {
        out.key("optionSelections").beginArray();
        for (const OptionSelection& o : line.optionSelections) {
          out.beginObject().key("optionId").integer(o.optionId).key("optionValue");
          if (o.valueIsText) out.string(o.valueText); else out.integer(o.valueId);
          out.endObject();
        }
        out.endArray();
      }
      if (line.price) out.key("price").integer(*line.price);
      if (!line.name.empty()) out.key("name").string(line.name);
      if (!line.imageUrl.empty()) out.key("imageUrl").string(line.imageUrl);
      if (!line.url.empty()) out.key("url").string(line.url);
      break;
    case LineKind::Custom:
      out.key("sku").string(line.sku);
      out.key("name").string(line.name);
      out.key("listPrice").integer(line.listPrice);
      if (!line.imageUrl.empty()) out.key("imageUrl").string(line.imageUrl);
      break;
    case LineKind::GiftCertificate:
      out.key("name").string(line.name);
      out.key("theme").string(line.theme);
      out.key("amount").integer(line.amount);
      writeContact(out, "sender", line.sender);
      writeContact(out, "recipient", line.recipient);
      if (!line.message.empty()) out.key("message").string(line.message);
      break;
  }
  out.endObject();
}

}  // namespace bcch
