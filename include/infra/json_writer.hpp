// Writes a resolved Value (no expressions left) as JSON: keys in byte order,
// two-space indent, trailing newline. The same value always gives the same
// bytes.
#pragma once

#include <string>

#include "infra/value.hpp"

namespace infra {

void write_json(const Value& value, std::string& out);
std::string to_json(const Value& value);

}  // namespace infra
