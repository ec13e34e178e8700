#include "bcch/countries.h"

#include <cstring>

namespace bcch {
namespace {

// ISO 3166-1 alpha-2, every officially assigned code (249), in order: two letters each, no names (the page
// shows its own, in the shopper's language). Read from the ISO 3166 Maintenance Agency's list as the Debian
// iso-codes package ships it.
constexpr const char kCountryCodes[] =
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCR"
    "CUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHU"
    "IDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQ"
    "MRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSI"
    "SJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

// Where addresses have no postal code, or it is optional (Ireland's Eircode): Google's libaddressinput
// address data (chromium-i18n.appspot.com/ssl-address) lists no required "zip" for them.
constexpr const char kNoPostalCode[] =
    "AEAGAOAWBFBIBJBOBQBSBWBZCDCFCGCICKCMCWDJDMERFJGAGDGHGMGQGYHKIEJMKIKMKNKPLYMLMOMRNRNUQARWSBSCSLSOSRSS"
    "STSXSYTDTFTGTKTLTOTTTVUGVUYEZW";

// ISO 3166-2. US: the states, DC and the inhabited territories, and the armed forces "states" AA, AE and AP
// that US postal addresses and BigCommerce's state list use.
const Subdivision kUnitedStates[] = {
    {"AA", "Armed Forces Americas"}, {"AE", "Armed Forces Europe"}, {"AK", "Alaska"}, {"AL", "Alabama"},
    {"AP", "Armed Forces Pacific"}, {"AR", "Arkansas"}, {"AS", "American Samoa"}, {"AZ", "Arizona"},
    {"CA", "California"}, {"CO", "Colorado"}, {"CT", "Connecticut"}, {"DC", "District of Columbia"},
    {"DE", "Delaware"}, {"FL", "Florida"}, {"GA", "Georgia"}, {"GU", "Guam"}, {"HI", "Hawaii"}, {"IA", "Iowa"},
    {"ID", "Idaho"}, {"IL", "Illinois"}, {"IN", "Indiana"}, {"KS", "Kansas"}, {"KY", "Kentucky"},
    {"LA", "Louisiana"}, {"MA", "Massachusetts"}, {"MD", "Maryland"}, {"ME", "Maine"}, {"MI", "Michigan"},
    {"MN", "Minnesota"}, {"MO", "Missouri"}, {"MP", "Northern Mariana Islands"}, {"MS", "Mississippi"},
    {"MT", "Montana"}, {"NC", "North Carolina"}, {"ND", "North Dakota"}, {"NE", "Nebraska"},
    {"NH", "New Hampshire"}, {"NJ", "New Jersey"}, {"NM", "New Mexico"}, {"NV", "Nevada"}, {"NY", "New York"},
    {"OH", "Ohio"}, {"OK", "Oklahoma"}, {"OR", "Oregon"}, {"PA", "Pennsylvania"}, {"PR", "Puerto Rico"},
    {"RI", "Rhode Island"}, {"SC", "South Carolina"}, {"SD", "South Dakota"}, {"TN", "Tennessee"}, {"TX", "Texas"},
    {"UT", "Utah"}, {"VA", "Virginia"}, {"VI", "U.S. Virgin Islands"}, {"VT", "Vermont"}, {"WA", "Washington"},
    {"WI", "Wisconsin"}, {"WV", "West Virginia"}, {"WY", "Wyoming"},
};

const Subdivision kCanada[] = {
    {"AB", "Alberta"}, {"BC", "British Columbia"}, {"MB", "Manitoba"}, {"NB", "New Brunswick"},
    {"NL", "Newfoundland and Labrador"}, {"NS", "Nova Scotia"}, {"NT", "Northwest Territories"}, {"NU", "Nunavut"},
    {"ON", "Ontario"}, {"PE", "Prince Edward Island"}, {"QC", "Quebec"}, {"SK", "Saskatchewan"}, {"YT", "Yukon"},
};

const Subdivision kAustralia[] = {
    {"ACT", "Australian Capital Territory"}, {"NSW", "New South Wales"}, {"NT", "Northern Territory"},
    {"QLD", "Queensland"}, {"SA", "South Australia"}, {"TAS", "Tasmania"}, {"VIC", "Victoria"},
    {"WA", "Western Australia"},
};

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLetter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

bool equalsIgnoreCase(std::string_view a, const char* b) {
  const size_t n = std::strlen(b);
  if (a.size() != n) return false;
  for (size_t i = 0; i < n; ++i)
    if (upper(a[i]) != upper(b[i])) return false;
  return true;
}

// A two-letter code in a table of concatenated codes.
bool inTable(const char* table, std::string_view code) {
  if (code.size() != 2) return false;
  for (const char* p = table; p[0] && p[1]; p += 2)
    if (p[0] == code[0] && p[1] == code[1]) return true;
  return false;
}

// "A9A 9A9": Canada Post's forward sortation area, a space, the local delivery unit.
bool canadian(std::string_view s) {
  if (s.size() != 6) return false;
  for (size_t i = 0; i < 6; ++i)
    if (i % 2 == 0 ? !isLetter(s[i]) : !isDigit(s[i])) return false;
  return true;
}

// Royal Mail's format: an outward code (A9, A99, AA9, AA99, A9A, AA9A) and an inward code (9AA).
bool british(std::string_view s) {
  if (s.size() < 5 || s.size() > 7) return false;
  const std::string_view in = s.substr(s.size() - 3), out = s.substr(0, s.size() - 3);
  if (!isDigit(in[0]) || !isLetter(in[1]) || !isLetter(in[2])) return false;
  if (!isLetter(out[0])) return false;
  size_t i = 1;
  if (i < out.size() && isLetter(out[i])) ++i;
  if (i >= out.size() || !isDigit(out[i])) return false;
  ++i;
  if (i < out.size() && (isDigit(out[i]) || isLetter(out[i]))) ++i;
  return i == out.size();
}

bool digits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char c : s)
    if (!isDigit(c)) return false;
  return true;
}
}  // namespace

bool isCountryCode(std::string_view code) { return inTable(kCountryCodes, code); }

bool usesPostalCode(std::string_view country) { return !inTable(kNoPostalCode, country); }

SubdivisionList subdivisionsOf(std::string_view country) {
  if (country == "US") return {kUnitedStates, sizeof kUnitedStates / sizeof kUnitedStates[0]};
  if (country == "CA") return {kCanada, sizeof kCanada / sizeof kCanada[0]};
  if (country == "AU") return {kAustralia, sizeof kAustralia / sizeof kAustralia[0]};
  return {};
}

const Subdivision* findSubdivision(std::string_view country, std::string_view codeOrName) {
  const SubdivisionList list = subdivisionsOf(country);
  for (size_t i = 0; i < list.count; ++i)
    if (equalsIgnoreCase(codeOrName, list.items[i].code) || equalsIgnoreCase(codeOrName, list.items[i].name))
      return &list.items[i];
  return nullptr;
}

bool normalisePostalCode(std::string_view country, std::string* code) {
  const bool ca = country == "CA", gb = country == "GB";
  if (!ca && !gb && country != "US" && country != "AU") return true;
  // Spaces are where people put them; the formats place them.
  std::string s;
  for (char c : *code)
    if (c != ' ') s += upper(c);
  if (country == "US") {
    if (!digits(s, 5) && !(s.size() == 10 && digits(std::string_view(s).substr(0, 5), 5) && s[5] == '-' &&
                           digits(std::string_view(s).substr(6), 4)))
      return false;
  } else if (country == "AU") {
    if (!digits(s, 4)) return false;
  } else if (ca ? !canadian(s) : !british(s)) {
    return false;
  } else {
    s.insert(s.size() - 3, 1, ' ');
  }
  *code = std::move(s);
  return true;
}

}  // namespace bcch
