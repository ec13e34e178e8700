// The JSON shape of a cart line, shared by the JS API (input), the saved cart and the cart view.
// Field names are the public camelCase ones: productId, variantId, optionSelections, quantity, ...
#pragma once

#include <string>

#include "bcch/cart.h"
#include "bcch/json_fields.h"
#include "bcch/json_writer.h"

namespace bcch {

// How money fields are written: shoppers' code passes prices in major units (19.99 or "19.99"),
// the saved cart stores integer minor units (1999).
enum class MoneyForm { MajorUnits, MinorUnits };

Result<Line> lineFromJson(const Json& json, const std::string& path, LineKind kind, MoneyForm form,
                          const Currency& currency, const char* errorCode);
void writeLine(JsonWriter& out, const Line& line);
void writeContact(JsonWriter& out, const char* key, const Contact& contact);  // minor units, empty fields left out

// An amount in major units as shoppers and the Cart API write it (19.99, "19.99", 20), read exactly into
// minor units of `currency`: more decimals than the currency has, or a value past int64, is an error.
Result<int64_t> amountFromJson(const Json& value, const Currency& currency);

bool lineKindFromName(const std::string& name, LineKind* out);  // "product", "custom", "giftCertificate"

}  // namespace bcch
