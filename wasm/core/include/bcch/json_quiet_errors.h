// nlohmann/json, told not to write error messages nobody reads. parseJson (json_fields.cpp) answers "not valid
// JSON" and never shows the parser's own message, but the parser builds one for every error it reports
// ("[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing value -
// invalid literal; last read: '<U+001F>'"), and that text, its formatting (snprintf "<U+%.4X>") and its
// strings were kilobytes of the .wasm. These explicit specializations replace, for the one parser the core
// instantiates, the functions that compose it; the error is still reported, with its position, and still fails
// the parse. Included by json_fields.h, so every file that sees the parser sees them.
#pragma once

#include <cstddef>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace bcch {
// The input adapter nlohmann picks for a std::string, the only input parseJson reads.
using JsonTextAdapter = decltype(nlohmann::detail::input_adapter(std::declval<const std::string&>()));
}  // namespace bcch

namespace nlohmann {
namespace detail {

template <>
inline std::string lexer<nlohmann::json, bcch::JsonTextAdapter>::get_token_string() const {
  return {};
}

template <>
inline std::string parser<nlohmann::json, bcch::JsonTextAdapter>::exception_message(const token_type, const std::string&) {
  return {};
}

template <>
inline parse_error parse_error::create<std::nullptr_t, 0>(int id, const position_t& pos, const std::string&, std::nullptr_t) {
  return {id, pos.chars_read_total, ""};
}

template <>
inline out_of_range out_of_range::create<std::nullptr_t, 0>(int id, const std::string&, std::nullptr_t) {
  return {id, ""};
}

}  // namespace detail
}  // namespace nlohmann
