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

void JsonWriter::grow(size_t atLeast) {
  const size_t doubled = capacity_ * 2;
  capacity_ = doubled > size_ + atLeast + 64 ? doubled : size_ + atLeast + 64;
  out_.resize(capacity_);
  data_ = &out_[0];
}

void JsonWriter::beforeValue() {
  if (afterKey_) {
    afterKey_ = false;
    return;
  }
  if (depth_ == 0) return;
  const uint64_t bit = uint64_t{1} << (depth_ - 1);
  if (firstBits_ & bit) firstBits_ &= ~bit;
  else put(',');
}

JsonWriter& JsonWriter::beginObject() {
  beforeValue();
  put('{');
  firstBits_ |= uint64_t{1} << depth_++;
  return *this;
}

JsonWriter& JsonWriter::endObject() {
  put('}');
  firstBits_ &= ~(uint64_t{1} << --depth_);
  return *this;
}

JsonWriter& JsonWriter::beginArray() {
  beforeValue();
  put('[');
  firstBits_ |= uint64_t{1} << depth_++;
  return *this;
}

JsonWriter& JsonWriter::endArray() {
  put(']');
  firstBits_ &= ~(uint64_t{1} << --depth_);
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  string(name);
  put(':');
  afterKey_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  beforeValue();
  static const char kHex[] = "0123456789abcdef";
  put('"');
  size_t runStart = 0;  // plain ASCII is copied in runs, not byte by byte
  for (size_t i = 0; i < value.size();) {
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    put(value.data() + runStart, i - runStart);
    if (c == '"' || c == '\\') {
      const char escaped[2] = {'\\', static_cast<char>(c)};
      put(escaped, 2);
      ++i;
    } else if (c < 0x20) {
      const char escaped[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
      put(escaped, 6);
      ++i;
    } else {
      const size_t len = utf8SequenceLength(value, i);
      if (len == 0) {
        put("\\ufffd", 6);
        ++i;
      } else {
        put(value.data() + i, len);
        i += len;
      }
    }
    runStart = i;
  }
  put(value.data() + runStart, value.size() - runStart);
  put('"');
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
  put(p, static_cast<size_t>(end - p));
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  beforeValue();
  if (value) put("true", 4);
  else put("false", 5);
  return *this;
}

JsonWriter& JsonWriter::null() {
  beforeValue();
  put("null", 4);
  return *this;
}

JsonWriter& JsonWriter::decimal(int64_t minor, int exponent) {
  beforeValue();
  const std::string text = toDecimal(minor, exponent);
  put(text.data(), text.size());
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  beforeValue();
  put(json.data(), json.size());
  return *this;
}

}  // namespace bcch
