// A shopper's address: read from the page's camelCase shape, checked as BigCommerce checks it, and written in
// the Checkouts API's snake_case (checkouts.v3.yml AddressProperties).
//
// BigCommerce requires country_code and email (AddressProperties); a consignment also state_or_province and
// postal_code (CreateConsignmentRequest); phone matches ^\+?[1-9]\d{1,14}. The hosted checkout's address form
// asks for names, street and city too. Each purpose asks for what it is used for:
//   Billing, Shipping: firstName, lastName, email, address1, city, countryCode, postalCode (where the country uses
//                      them), state (where the core knows the country's subdivisions: US, CA, AU)
//   Estimate:          countryCode, email, postalCode and state as above (a shipping quote before the rest)
// Every field is text of at most 255 characters, trimmed, without control characters.
#pragma once

#include <string>
#include <vector>

#include "bcch/json_fields.h"
#include "bcch/json_writer.h"

namespace bcch {

enum class AddressPurpose { Billing, Shipping, Estimate };

// The text rules of every field the shopper types: surrounding whitespace dropped, and no control character
// (C0, DEL or C1: nothing a person types, and what log and header injection is made of).
std::string trimmedText(const std::string& s);
bool hasControlCharacter(const std::string& s);

// "billing", "shipping", "estimate"; false for anything else.
bool addressPurposeFromName(const std::string& name, AddressPurpose* out);

struct Address {
  std::string firstName, lastName, email, company, address1, address2, city;
  std::string stateOrProvince;      // the subdivision's name ("Texas"), or the shopper's text where unknown
  std::string stateOrProvinceCode;  // ISO 3166-2 without the country ("TX"), when known
  std::string countryCode;          // ISO 3166-1 alpha-2, upper case
  std::string postalCode, phone;
};

// One refused field. `field` is the path ("consignments[0].address.email"), `code` one per field:
// invalid_first_name invalid_last_name invalid_email invalid_company invalid_address1 invalid_address2
// invalid_city invalid_state invalid_postal_code invalid_country invalid_phone.
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
};

// Reads and checks the address object at `path` ("" for a top-level address: fields are then named alone).
// Every refused field is appended to `errors`; `out` holds the normalised address when none was.
void readAddress(const Json& json, AddressPurpose purpose, const std::string& path, Address* out,
                 std::vector<FieldError>* errors);

// The page's shape: camelCase, empty fields left out.
void writeAddress(JsonWriter& out, const Address& address);

// checkouts.v3.yml AddressProperties as a request body wants it. `consignment`: state_or_province and
// postal_code always present, as CreateConsignmentRequest requires them (empty where the country has none).
void writeAddressBody(JsonWriter& out, const Address& address, bool consignment);

// An address as BigCommerce answers it (snake_case), read without judging it: it is the store's.
// Fields that are not text are left empty.
Address addressFromCheckout(const Json& json);

// Whether BigCommerce holds `wanted` already: the fields compared as the store keeps them (e-mail, country,
// state code and postal code without regard to case or spaces).
bool sameAddress(const Address& wanted, const Address& held);

}  // namespace bcch
