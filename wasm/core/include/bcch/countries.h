// Countries and their address rules, as far as the checkout-details module checks them: every ISO 3166-1
// alpha-2 code, the ISO 3166-2 subdivisions of the countries whose addresses need one (US, CA, AU), which
// countries use postal codes, and the postal-code formats of US, CA, AU and GB. BigCommerce checks addresses
// again; these rules catch a typo while the shopper can still fix it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace bcch {

struct Subdivision {
  const char* code;  // ISO 3166-2 without the country prefix: "TX"
  const char* name;  // as BigCommerce's state list names it: "Texas"
};

struct SubdivisionList {
  const Subdivision* items = nullptr;
  size_t count = 0;  // 0: the core does not know this country's subdivisions, so it neither needs nor checks one
};

// `code` upper-case, two letters.
bool isCountryCode(std::string_view code);
bool usesPostalCode(std::string_view country);
SubdivisionList subdivisionsOf(std::string_view country);

// By code ("TX", "tx") or name ("Texas", "texas"); nullptr when the country has no such subdivision.
const Subdivision* findSubdivision(std::string_view country, std::string_view codeOrName);

// Checks `code` against the country's format and writes it the way the post writes it (upper case, one space
// where there is one): US 12345 or 12345-6789, CA "K1A 0B1", AU 4 digits, GB "SW1A 1AA". Other countries'
// codes pass unchanged. false when the code breaks its country's format.
bool normalisePostalCode(std::string_view country, std::string* code);

}  // namespace bcch
