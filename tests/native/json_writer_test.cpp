// JsonWriter: commas and nesting, string escapes, UTF-8 passed through or replaced (U+FFFD per bad byte),
// and numbers (decimal minor units, int64 limits). Every output must be JSON that nlohmann/json reads back.
// The core's JSON_NOEXCEPTION reaches this file too (a throwing nlohmann call would abort), so JSON is read with
// allow_exceptions=false and type-checked before get<>(); CHECK only (see money_test.cpp).
#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bcch/json_writer.h"

using bcch::JsonWriter;
using Json = nlohmann::json;

namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD as UTF-8

Json parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }
bool parses(const std::string& text) { return Json::accept(text); }

// The text written for one string value.
std::string written(const std::string& value) { return JsonWriter().string(value).take(); }

// The string nlohmann reads back from a written string value, or a marker when it is not a JSON string.
std::string readBack(const std::string& json) {
  const Json j = parse(json);
  return j.is_string() ? j.get<std::string>() : std::string("<not a JSON string: ") + json + ">";
}

std::string hex(const std::string& bytes) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

// Well-formed UTF-8 per the Unicode standard, table 3-7: the length of the sequence at s[i], or 0.
// Written independently of the writer, as the reference for the random sweep.
size_t wellFormedLength(const std::string& s, size_t i) {
  auto at = [&](size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0x100u; };
  auto in = [](unsigned v, unsigned lo, unsigned hi) { return v >= lo && v <= hi; };
  const unsigned c = at(0);
  if (c <= 0x7F) return 1;
  if (in(c, 0xC2, 0xDF)) return in(at(1), 0x80, 0xBF) ? 2 : 0;
  unsigned lo = 0x80, hi = 0xBF;
  if (in(c, 0xE0, 0xEF)) {
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
    return in(at(1), lo, hi) && in(at(2), 0x80, 0xBF) ? 3 : 0;
  }
  if (in(c, 0xF0, 0xF4)) {
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
    return in(at(1), lo, hi) && in(at(2), 0x80, 0xBF) && in(at(3), 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

std::string replaceIllFormed(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t len = wellFormedLength(s, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
    } else {
      out.append(s, i, len);
      i += len;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("JsonWriter: commas between elements, none after keys", "[json_writer]") {
  CHECK(JsonWriter().beginObject().endObject().take() == "{}");
  CHECK(JsonWriter().beginArray().endArray().take() == "[]");
  CHECK(JsonWriter().beginArray().integer(1).endArray().take() == "[1]");
  CHECK(JsonWriter().beginArray().integer(1).integer(2).integer(3).endArray().take() == "[1,2,3]");
  CHECK(JsonWriter().beginObject().key("a").integer(1).endObject().take() == "{\"a\":1}");
  CHECK(JsonWriter().beginObject().key("a").integer(1).key("b").string("x").endObject().take() ==
        "{\"a\":1,\"b\":\"x\"}");
  CHECK(JsonWriter().beginArray().boolean(true).boolean(false).null().string("").raw("{\"r\":[1]}").endArray().take() ==
        "[true,false,null,\"\",{\"r\":[1]}]");
  // Top-level scalars.
  CHECK(JsonWriter().integer(7).take() == "7");
  CHECK(JsonWriter().string("s").take() == "\"s\"");
  CHECK(JsonWriter().null().take() == "null");
}

TEST_CASE("JsonWriter: objects in arrays in objects", "[json_writer]") {
  JsonWriter w;
  w.beginObject();
  w.key("id").string("c1");
  w.key("lines").beginArray();
  w.beginObject().key("id").string("l1").key("options").beginArray().endArray().endObject();
  w.beginObject().key("id").string("l2").key("options").beginArray();
  w.beginObject().key("optionId").integer(3).key("value").string("red").endObject();
  w.beginObject().key("optionId").integer(4).key("value").integer(9).endObject();
  w.endArray().key("price").decimal(1999, 2).endObject();
  w.beginArray().beginArray().endArray().beginObject().endObject().endArray();
  w.endArray();
  w.key("empty").beginObject().endObject();
  w.key("deep").beginObject().key("a").beginObject().key("b").beginArray().null().endArray().endObject().endObject();
  w.key("last").boolean(false);
  w.endObject();
  const std::string text = w.text();
  CHECK(text ==
        "{\"id\":\"c1\",\"lines\":[{\"id\":\"l1\",\"options\":[]},{\"id\":\"l2\",\"options\":[{\"optionId\":3,"
        "\"value\":\"red\"},{\"optionId\":4,\"value\":9}],\"price\":19.99},[[],{}]],\"empty\":{},"
        "\"deep\":{\"a\":{\"b\":[null]}},\"last\":false}");
  const Json j = parse(text);
  REQUIRE_FALSE(j.is_discarded());
  const Json expected = {
      {"id", "c1"},
      {"lines", Json::array({Json{{"id", "l1"}, {"options", Json::array()}},
                             Json{{"id", "l2"},
                                  {"options", Json::array({Json{{"optionId", 3}, {"value", "red"}},
                                                           Json{{"optionId", 4}, {"value", 9}}})},
                                  {"price", 19.99}},
                             Json::array({Json::array(), Json::object()})})},
      {"empty", Json::object()},
      {"deep", {{"a", {{"b", Json::array({nullptr})}}}}},
      {"last", false},
  };
  CHECK(j == expected);
  // take() hands the text over.
  CHECK(w.take() == text);
}

TEST_CASE("JsonWriter: quote, backslash and every control character are escaped", "[json_writer]") {
  CHECK(written("\"") == "\"\\\"\"");
  CHECK(written("\\") == "\"\\\\\"");
  CHECK(written("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(written("</script>") == "\"</script>\"");  // '/' needs no escape
  CHECK(written("\x7F") == "\"\x7F\"");           // DEL is not a JSON control character
  static const char kHex[] = "0123456789abcdef";
  for (int c = 0; c < 0x20; ++c) {
    const std::string raw(1, static_cast<char>(c));
    INFO("control character 0x" << kHex[c >> 4] << kHex[c & 15]);
    const std::string expected = std::string("\"\\u00") + kHex[c >> 4] + kHex[c & 15] + "\"";
    CHECK(written(raw) == expected);
    CHECK(readBack(written(raw)) == raw);
    CHECK(readBack(written("x" + raw + "y")) == "x" + raw + "y");
  }
  // All of them at once, with a NUL in the middle, and in a key.
  std::string all;
  for (int c = 0; c < 0x20; ++c) all += static_cast<char>(c);
  all += "\"\\";
  CHECK(readBack(written(all)) == all);
  const std::string keyed = JsonWriter().beginObject().key(all).integer(1).endObject().take();
  const Json j = parse(keyed);
  CHECK(j.is_object());
  CHECK(j.size() == 1);
  if (j.is_object() && j.size() == 1) CHECK(j.begin().key() == all);
}

TEST_CASE("JsonWriter: valid multi-byte UTF-8 passes through unchanged", "[json_writer]") {
  for (const std::string s : {
           std::string("\xC3\xA9"),                  // é, 2 bytes
           std::string("\xC2\x80"),                  // U+0080, the first 2-byte
           std::string("\xDF\xBF"),                  // U+07FF, the last 2-byte
           std::string("\xE2\x82\xAC"),              // €, 3 bytes
           std::string("\xE0\xA0\x80"),              // U+0800, the first 3-byte
           std::string("\xED\x9F\xBF"),              // U+D7FF, just below the surrogates
           std::string("\xEE\x80\x80"),              // U+E000, just above them
           std::string("\xEF\xBF\xBD"),              // U+FFFD itself
           std::string("\xEF\xBF\xBF"),              // U+FFFF
           std::string("\xF0\x9F\x98\x80"),          // 😀, 4 bytes
           std::string("\xF0\x90\x80\x80"),          // U+10000, the first 4-byte
           std::string("\xF4\x8F\xBF\xBF"),          // U+10FFFF, the last code point
           std::string("Gr\xC3\xBC\xC3\x9F" "e \xE6\x97\xA5\xE6\x9C\xAC \xF0\x9F\x8E\x81!"),
       }) {
    INFO("bytes " << hex(s));
    CHECK(written(s) == "\"" + s + "\"");
    CHECK(readBack(written(s)) == s);
  }
}

TEST_CASE("JsonWriter: every invalid UTF-8 byte becomes \\ufffd and the output stays valid JSON", "[json_writer]") {
  const std::string R = "\\ufffd";
  struct Case {
    const char* what;
    std::string bytes;
    std::string json;  // expected output, quotes included
  };
  const std::vector<Case> cases = {
      {"lone continuation byte 80", "\x80", "\"" + R + "\""},
      {"lone continuation byte BF", "a\xBF" "b", "\"a" + R + "b\""},
      {"run of continuation bytes", "\x80\x81\xBF", "\"" + R + R + R + "\""},
      {"truncated 2-byte at the end", "a\xC3", "\"a" + R + "\""},
      {"truncated 2-byte before ASCII", "\xC3" "A", "\"" + R + "A\""},
      {"truncated 3-byte at the end", "\xE2\x82", "\"" + R + R + "\""},
      {"truncated 3-byte before ASCII", "\xE2\x82" "A", "\"" + R + R + "A\""},
      {"truncated 3-byte before a valid one", "\xE2\x82\xE2\x82\xAC", "\"" + R + R + "\xE2\x82\xAC\""},
      {"truncated 4-byte at the end", "\xF0\x9F\x98", "\"" + R + R + R + "\""},
      {"truncated 4-byte before a quote", "\xF0\x9F\"", "\"" + R + R + "\\\"\""},
      {"lead byte then control", "\xC3\n", "\"" + R + "\\u000a\""},
      {"overlong NUL C0 80", "\xC0\x80", "\"" + R + R + "\""},
      {"overlong C1 BF", "\xC1\xBF", "\"" + R + R + "\""},
      {"overlong 3-byte E0 80 80", "\xE0\x80\x80", "\"" + R + R + R + "\""},
      {"overlong 3-byte E0 9F BF", "\xE0\x9F\xBF", "\"" + R + R + R + "\""},
      {"overlong 4-byte F0 80 80 80", "\xF0\x80\x80\x80", "\"" + R + R + R + R + "\""},
      {"overlong 4-byte F0 8F BF BF", "\xF0\x8F\xBF\xBF", "\"" + R + R + R + R + "\""},
      {"high surrogate ED A0 80", "\xED\xA0\x80", "\"" + R + R + R + "\""},
      {"low surrogate ED BF BF", "\xED\xBF\xBF", "\"" + R + R + R + "\""},
      {"CESU-8 surrogate pair", "\xED\xA0\xBD\xED\xB8\x80", "\"" + R + R + R + R + R + R + "\""},
      {"above U+10FFFF F4 90 80 80", "\xF4\x90\x80\x80", "\"" + R + R + R + R + "\""},
      {"above U+10FFFF F4 BF BF BF", "\xF4\xBF\xBF\xBF", "\"" + R + R + R + R + "\""},
      {"old 5-byte form F8 88 80 80 80", "\xF8\x88\x80\x80\x80", "\"" + R + R + R + R + R + "\""},
      {"old 6-byte form FC 84 80 80 80 80", "\xFC\x84\x80\x80\x80\x80", "\"" + R + R + R + R + R + R + "\""},
      {"invalid between valid", "\xC3\xA9\xFF\xC3\xA9", "\"\xC3\xA9" + R + "\xC3\xA9\""},
  };
  for (const Case& c : cases) {
    INFO(c.what << ": bytes " << hex(c.bytes));
    const std::string out = written(c.bytes);
    CHECK(out == c.json);
    CHECK(parses(out));
    CHECK(readBack(out) == replaceIllFormed(c.bytes));
  }
  // Bytes F5 to FF never appear in UTF-8: each one alone, as a lead byte with continuations, and in a key.
  for (int b = 0xF5; b <= 0xFF; ++b) {
    const std::string bad(1, static_cast<char>(b));
    INFO("byte " << hex(bad));
    CHECK(written(bad) == "\"" + R + "\"");
    CHECK(written(bad + "\x80\x80\x80") == "\"" + R + R + R + R + "\"");
    const std::string keyed = JsonWriter().beginObject().key(bad).string(bad).endObject().take();
    CHECK(keyed == "{\"" + R + "\":\"" + R + "\"}");
    CHECK(parses(keyed));
  }
  // C0, C1 and every continuation byte alone.
  for (int b = 0x80; b <= 0xC1; ++b) {
    const std::string bad(1, static_cast<char>(b));
    INFO("byte " << hex(bad));
    CHECK(written(bad) == "\"" + R + "\"");
  }
}

TEST_CASE("JsonWriter: random bytes always give JSON that reads back as the well-formed replacement",
          "[json_writer]") {
  std::mt19937_64 rng(0x75746638ULL);
  int failures = 0;
  std::string first;
  const int count = 20000;
  for (int i = 0; i < count; ++i) {
    std::string s(std::uniform_int_distribution<int>(0, 24)(rng), '\0');
    for (char& c : s) {
      // Mostly bytes around the UTF-8 boundaries, some ASCII and controls.
      const int pick = std::uniform_int_distribution<int>(0, 9)(rng);
      c = static_cast<char>(pick < 2 ? std::uniform_int_distribution<int>(0x00, 0x7F)(rng)
                            : pick < 6 ? std::uniform_int_distribution<int>(0x80, 0xBF)(rng)
                                       : std::uniform_int_distribution<int>(0xC0, 0xFF)(rng));
    }
    const std::string out = written(s);
    if (!parses(out) || readBack(out) != replaceIllFormed(s)) {
      if (failures++ == 0) first = hex(s) + " -> " + out;
    }
  }
  INFO(failures << " of " << count << " random strings were written wrongly; first: " << first);
  CHECK(failures == 0);
}

TEST_CASE("JsonWriter: decimal writes valid JSON numbers", "[json_writer]") {
  struct Case {
    int64_t minor;
    int exponent;
    const char* text;
  };
  const Case cases[] = {
      {0, 0, "0"},
      {0, 1, "0.0"},
      {0, 2, "0.00"},
      {0, 3, "0.000"},
      {0, 4, "0.0000"},
      {1999, 2, "19.99"},
      {-1999, 2, "-19.99"},
      {-5, 2, "-0.05"},
      {5, 2, "0.05"},
      {-1, 4, "-0.0001"},
      {100, 3, "0.100"},
      {12345, 1, "1234.5"},
      {-12345, 0, "-12345"},
      {9007199254740991, 2, "90071992547409.91"},
      {kMin, 0, "-9223372036854775808"},
      {kMin, 1, "-922337203685477580.8"},
      {kMin, 2, "-92233720368547758.08"},
      {kMin, 3, "-9223372036854775.808"},
      {kMin, 4, "-922337203685477.5808"},
      {kMax, 0, "9223372036854775807"},
      {kMax, 4, "922337203685477.5807"},
  };
  for (const Case& c : cases) {
    INFO("decimal(" << c.minor << ", " << c.exponent << ")");
    const std::string out = JsonWriter().decimal(c.minor, c.exponent).take();
    CHECK(out == c.text);
    const Json j = parse(out);
    CHECK(j.is_number());
    // As an array element and an object value too.
    CHECK(parses(JsonWriter().beginArray().decimal(c.minor, c.exponent).decimal(c.minor, c.exponent).endArray().take()));
    CHECK(parses(JsonWriter().beginObject().key("v").decimal(c.minor, c.exponent).endObject().take()));
  }
  // Small amounts read back as the nearest double of the decimal.
  CHECK(parse(JsonWriter().decimal(1999, 2).take()) == Json(19.99));
  CHECK(parse(JsonWriter().decimal(-5, 2).take()) == Json(-0.05));
  // Every amount from -2000 to 2000 minor units, every exponent 0..4: a JSON number equal to minor / 10^exponent.
  int bad = 0;
  for (int exponent = 0; exponent <= 4; ++exponent) {
    double scale = 1;
    for (int k = 0; k < exponent; ++k) scale *= 10;
    for (int64_t minor = -2000; minor <= 2000; ++minor) {
      const Json j = parse(JsonWriter().decimal(minor, exponent).take());
      if (!j.is_number() || j.get<double>() != static_cast<double>(minor) / scale) ++bad;
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("JsonWriter: integer writes the whole int64 range", "[json_writer]") {
  for (const int64_t v : {kMin, kMin + 1, int64_t{-1}, int64_t{0}, int64_t{1}, int64_t{9007199254740991}, kMax}) {
    INFO("integer(" << v << ")");
    const std::string out = JsonWriter().integer(v).take();
    CHECK(out == std::to_string(v));
    const Json j = parse(out);
    CHECK(j.is_number_integer());
    if (j.is_number_integer()) CHECK(j.get<int64_t>() == v);
  }
  CHECK(JsonWriter().integer(kMin).take() == "-9223372036854775808");
  CHECK(JsonWriter().beginArray().integer(kMin).integer(kMax).endArray().take() ==
        "[-9223372036854775808,9223372036854775807]");
}
