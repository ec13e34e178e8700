#include "bcch/json_writer.h"

#include "bcch/money.h"

namespace bcch {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 when it is invalid (overlong, surrogate, truncated).
size_t utf8SequenceLength(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len;
  uint32_t cp;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
  else if (c >= 0xE0 && c <= 0xEF) { len = 3; cp = c & 0x0F; }
  else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
  else return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    const unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
    return 0;
  return len;
}

}  // namespace

void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (!firstFlags_.empty()) {
    if (firstFlags_.back() == '1') firstFlags_.back() = '0';
    else out_ += ',';
  }
}

JsonWriter& JsonWriter::beginObject() {
  beforeValue();
  out_ += '{';
  firstFlags_ += '1';
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  out_ += '}';
  firstFlags_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  beforeValue();
  out_ += '[';
  firstFlags_ += '1';
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  out_ += ']';
  firstFlags_.pop_back();
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  string(name);
  out_ += ':';
  afterKey_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  beforeValue();
  static const char kHex[] = "0123456789abcdef";
  out_ += '"';
  size_t runStart = 0;  // plain ASCII is copied in runs, not byte by byte
  for (size_t i = 0; i < value.size();) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    out_.append(value.data() + runStart, i - runStart);
    if (c == '"' || c == '\\') {
      const char escaped[2] = {'\\', static_cast<char>(c)};
      out_.append(escaped, 2);
      ++i;
    } else if (c < 0x20) {
      const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      out_.append(escaped, 6);
      ++i;
    } else {
      const size_t len = utf8SequenceLength(value, i);
      if (len == 0) {
        out_.append("\\ufffd", 6);
        ++i;
      } else {
        out_.append(value.data() + i, len);
        i += len;
      }
    }
    runStart = i;
  }
  out_.append(value.data() + runStart, value.size() - runStart);
  out_ += '"';
  return *this;
}

JsonWriter& JsonWriter::integer(int64_t value) {
  beforeValue();
  // Formatted in place: std::to_string would allocate a string per number.
  char buffer[24];
  char* end = buffer + sizeof buffer;
  char* p = end;
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    *--p = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude);
  if (value < 0) *--p = '-';
  out_.append(p, static_cast<size_t>(end - p));
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  beforeValue();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  beforeValue();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::decimal(int64_t minor, int exponent) {
  beforeValue();
  out_ += toDecimal(minor, exponent);
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  beforeValue();
  out_ += json;
  return *this;
}

}  // namespace bcch
