#include "bcch/json_fields.h"

namespace bcch {

Result<Json> parseJson(const std::string& text, const char* code) {
  // The parser and DOM builder that Json::parse uses, driven directly: Json::parse also instantiates the
  // callback-filtering builder and sax_parse the binary formats, which this core never reads (size).
  Json value;
  auto adapter = nlohmann::detail::input_adapter(text);
  nlohmann::detail::parser<Json, decltype(adapter)> parser(std::move(adapter), nullptr, /*allow_exceptions=*/false);
  nlohmann::detail::json_sax_dom_parser<Json> builder(value, /*allow_exceptions=*/false);
  if (!parser.sax_parse(&builder, /*strict=*/true) || builder.is_errored()) return makeError(code, "not valid JSON");
  return value;
}


JsonFields::JsonFields(const Json& object, std::string path, const char* errorCode)
    : object_(object), path_(std::move(path)), code_(errorCode) {
  if (!object_.is_object()) fail((path_.empty() ? std::string("the document") : path_) + " must be an object");
}

std::string JsonFields::pathOf(const char* key) const { return path_.empty() ? key : path_ + "." + key; }

void JsonFields::fail(const std::string& message, const char* code) {
  if (failed_) return;
  failed_ = true;
  error_ = Error{code ? code : code_, message};
}

const Json* JsonFields::raw(const char* key) const {
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

int64_t JsonFields::integer(const char* key) {
  const Json* v = raw(key);
  if (!v) { fail(pathOf(key) + " is required"); return 0; }
  std::optional<int64_t> n = optionalInteger(key);
  if (!n) { fail(pathOf(key) + " must be an integer"); return 0; }
  return *n;
}

std::optional<int64_t> JsonFields::optionalInteger(const char* key) {
  const Json* v = raw(key);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_number_unsigned()) {
    // Above int64 is no id or quantity we accept.
    if (v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) { fail(pathOf(key) + " is too large"); return std::nullopt; }
    return static_cast<int64_t>(v->get<uint64_t>());
  }
  if (v->is_number_integer()) return v->get<int64_t>();
  // BigCommerce sometimes sends whole numbers as 12.0; accept those, refuse fractions.
  if (v->is_number_float()) {
    const double d = v->get<double>();
    // Range first: converting an out-of-range double to int64 is undefined behaviour.
    if (d > -9e15 && d < 9e15 && d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
  }
  fail(pathOf(key) + " must be an integer");
  return std::nullopt;
}

std::string JsonFields::string(const char* key) {
  const Json* v = raw(key);
  if (!v) { fail(pathOf(key) + " is required"); return {}; }
  if (!v->is_string()) { fail(pathOf(key) + " must be a string"); return {}; }
  return v->get<std::string>();
}

std::string JsonFields::optionalString(const char* key) {
  const Json* v = raw(key);
  if (!v || v->is_null()) return {};
  if (!v->is_string()) { fail(pathOf(key) + " must be a string"); return {}; }
  return v->get<std::string>();
}

const Json* JsonFields::optionalArray(const char* key) {
  const Json* v = raw(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_array()) { fail(pathOf(key) + " must be an array"); return nullptr; }
  return v;
}

const Json* JsonFields::optionalObject(const char* key) {
  const Json* v = raw(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) { fail(pathOf(key) + " must be an object"); return nullptr; }
  return v;
}

}  // namespace bcch
