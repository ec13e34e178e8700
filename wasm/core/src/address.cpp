#include "bcch/address.h"

#include "bcch/countries.h"
#include "bcch/text.h"

namespace bcch {
namespace {

constexpr size_t kMaxFieldLength = 255;

// Field name, its error code, and what a person is told when it is missing.
struct FieldSpec {
  const char* name;
  const char* code;
  const char* what;
  std::string Address::*member;
};

const FieldSpec kFields[] = {
    {"firstName", "invalid_first_name", "first name", &Address::firstName},
    {"lastName", "invalid_last_name", "last name", &Address::lastName},
    {"email", "invalid_email", "e-mail address", &Address::email},
    {"company", "invalid_company", "company", &Address::company},
    {"address1", "invalid_address1", "street address", &Address::address1},
    {"address2", "invalid_address2", "second address line", &Address::address2},
    {"city", "invalid_city", "city", &Address::city},
    {"stateOrProvince", "invalid_state", "state or province", &Address::stateOrProvince},
    {"stateOrProvinceCode", "invalid_state", "state or province", &Address::stateOrProvinceCode},
    {"countryCode", "invalid_country", "country", &Address::countryCode},
    {"postalCode", "invalid_postal_code", "postal code", &Address::postalCode},
    {"phone", "invalid_phone", "phone number", &Address::phone},
};

std::string upperAscii(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// ^\+?[1-9]\d{1,14}$ (checkouts.v3.yml AddressProperties.phone), after the spaces, dashes, dots and brackets
// people write between digits are taken out.
bool normalisePhone(std::string* phone) {
  std::string s;
  for (char c : *phone)
    if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') s += c;
  size_t i = s.size() && s[0] == '+' ? 1 : 0;
  const size_t digits = s.size() - i;
  if (digits < 2 || digits > 15 || s[i] < '1' || s[i] > '9') return false;
  for (; i < s.size(); ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  *phone = std::move(s);
  return true;
}

bool equalsIgnoreCase(const std::string& a, const std::string& b) { return upperAscii(a) == upperAscii(b); }

std::string withoutSpaces(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out += c;
  return upperAscii(out);
}

}  // namespace

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string trimmedText(const std::string& s) {
  size_t a = 0, b = s.size();
  while (a < b && isSpace(s[a])) ++a;
  while (b > a && isSpace(s[b - 1])) --b;
  return s.substr(a, b - a);
}

// C1 controls are U+0080..U+009F, in UTF-8 C2 80..C2 9F.
bool hasControlCharacter(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return true;
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
  }
  return false;
}

bool addressPurposeFromName(const std::string& name, AddressPurpose* out) {
  if (name == "billing") *out = AddressPurpose::Billing;
  else if (name == "shipping") *out = AddressPurpose::Shipping;
  else if (name == "estimate") *out = AddressPurpose::Estimate;
  else return false;
  return true;
}

void readAddress(const Json& json, AddressPurpose purpose, const std::string& path, Address* out,
                 std::vector<FieldError>* errors) {
  const std::string prefix = path.empty() ? std::string() : path + ".";
  const size_t before = errors->size();
  auto refuse = [&](const FieldSpec& f, const std::string& message) {
    // One error per field: the first problem is the one to fix.
    for (size_t i = before; i < errors->size(); ++i)
      if ((*errors)[i].code == f.code) return;
    errors->push_back(FieldError{prefix + f.name, f.code, message});
  };
  *out = Address{};
  if (!json.is_object()) {
    errors->push_back(FieldError{path.empty() ? "address" : path, "invalid_address", "the address must be an object"});
    return;
  }
  for (const FieldSpec& f : kFields) {
    auto it = json.find(f.name);
    if (it == json.end() || it->is_null()) continue;
    if (!it->is_string()) {
      refuse(f, std::string("the ") + f.what + " must be text");
      continue;
    }
    std::string value = trimmedText(it->get<std::string>());
    if (codePointCount(value) > kMaxFieldLength) refuse(f, std::string("the ") + f.what + " is longer than 255 characters");
    else if (hasControlCharacter(value)) refuse(f, std::string("the ") + f.what + " contains control characters");
    else out->*f.member = std::move(value);
  }
  const bool full = purpose != AddressPurpose::Estimate;
  for (const FieldSpec& f : kFields) {
    const bool required = f.member == &Address::email || f.member == &Address::countryCode ||
                          (full && (f.member == &Address::firstName || f.member == &Address::lastName ||
                                    f.member == &Address::address1 || f.member == &Address::city));
    if (required && (out->*f.member).empty()) refuse(f, std::string("the ") + f.what + " is required");
  }
  const FieldSpec& emailSpec = kFields[2];
  const FieldSpec& stateSpec = kFields[7];
  const FieldSpec& countrySpec = kFields[9];
  const FieldSpec& postalSpec = kFields[10];
  if (!out->email.empty() && !looksLikeEmail(out->email)) refuse(emailSpec, "the e-mail address is not valid");
  if (!out->phone.empty() && !normalisePhone(&out->phone))
    refuse(kFields[11], "the phone number must be up to 15 digits, optionally starting with +");

  if (out->countryCode.empty()) return;
  out->countryCode = upperAscii(out->countryCode);
  if (!isCountryCode(out->countryCode)) {
    refuse(countrySpec, "\"" + out->countryCode + "\" is not an ISO 3166-1 country code");
    return;
  }
  const std::string& country = out->countryCode;
  if (subdivisionsOf(country).count > 0) {
    // A code wins over a name when both are given; either may be the code or the name.
    const std::string given = !out->stateOrProvinceCode.empty() ? out->stateOrProvinceCode : out->stateOrProvince;
    const Subdivision* s = given.empty() ? nullptr : findSubdivision(country, given);
    if (given.empty()) refuse(stateSpec, "the state or province is required");
    else if (!s) refuse(stateSpec, "\"" + given + "\" is not a state or province of " + country);
    else {
      out->stateOrProvince = s->name;
      out->stateOrProvinceCode = s->code;
    }
  }
  if (usesPostalCode(country)) {
    if (out->postalCode.empty()) refuse(postalSpec, "the postal code is required");
    else if (!normalisePostalCode(country, &out->postalCode))
      refuse(postalSpec, "\"" + out->postalCode + "\" is not a postal code of " + country);
  }
}

void writeAddress(JsonWriter& out, const Address& address) {
  out.beginObject();
  for (const FieldSpec& f : kFields)
    if (!(address.*f.member).empty()) out.key(f.name).string(address.*f.member);
  out.endObject();
}

namespace {
// The Checkouts API's names, in kFields' order.
const char* const kBodyNames[] = {"first_name", "last_name", "email", "company", "address1", "address2", "city",
                                  "state_or_province", "state_or_province_code", "country_code", "postal_code", "phone"};
}  // namespace

void writeAddressBody(JsonWriter& out, const Address& address, bool consignment) {
  out.beginObject();
  for (size_t i = 0; i < sizeof kBodyNames / sizeof kBodyNames[0]; ++i) {
    const std::string& value = address.*kFields[i].member;
    const bool always = consignment && (kFields[i].member == &Address::stateOrProvince || kFields[i].member == &Address::postalCode);
    if (!value.empty() || always) out.key(kBodyNames[i]).string(value);
  }
  out.endObject();
}

Address addressFromCheckout(const Json& json) {
  Address a;
  if (!json.is_object()) return a;
  for (size_t i = 0; i < sizeof kBodyNames / sizeof kBodyNames[0]; ++i) {
    auto it = json.find(kBodyNames[i]);
    if (it != json.end() && it->is_string()) a.*kFields[i].member = it->get<std::string>();
  }
  return a;
}

bool sameAddress(const Address& wanted, const Address& held) {
  for (const FieldSpec& f : kFields) {
    const std::string& a = wanted.*f.member;
    const std::string& b = held.*f.member;
    if (f.member == &Address::stateOrProvince || f.member == &Address::stateOrProvinceCode) continue;
    if (f.member == &Address::email || f.member == &Address::countryCode ? !equalsIgnoreCase(a, b)
        : f.member == &Address::postalCode                               ? withoutSpaces(a) != withoutSpaces(b)
                                                                         : a != b)
      return false;
  }
  // The store may fill in the name of a state it was given by code, or the other way round.
  if (!wanted.stateOrProvinceCode.empty() && !held.stateOrProvinceCode.empty())
    return equalsIgnoreCase(wanted.stateOrProvinceCode, held.stateOrProvinceCode);
  return equalsIgnoreCase(wanted.stateOrProvince, held.stateOrProvince) ||
         (wanted.stateOrProvince.empty() && equalsIgnoreCase(wanted.stateOrProvinceCode, held.stateOrProvinceCode));
}

}  // namespace bcch
