// Attribute value types in the compact notation of the generated schema
// tables, and the check of a literal value against one, following
// Terraform's own conversion rules (a number or bool converts to a string,
// "12" to a number, "true"/"false"/"1"/"0" to a bool, nothing to a list
// from a string, ...).
//
//   s  n  b  d        string, number, bool, dynamic (any value)
//   Lt  St  Mt        list, set, map of element type t: "Ls" is list(string)
//   O{a:t,b?:t}       object; '?' marks an optional attribute
//   T[t,t]            tuple
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "infra/value.hpp"

namespace infra::schema {

struct TypeMismatch {
    // Where inside the value, appended to the argument's name: "", "[1]", ".port".
    std::string where;
    // "expected bool, got string \"yes\""
    std::string message;
};

// Why the literal `value` cannot become a value of `type`; nullopt when it
// can. Expressions (anywhere in the value) are unknown until apply and
// always pass, and so does null.
std::optional<TypeMismatch> literal_type_mismatch(const Value& value, std::string_view type);

// "list of string", "map of object", for messages.
std::string describe_type(std::string_view type);

// Whether `type` is a well-formed type in this notation.
bool is_valid_type(std::string_view type);

}  // namespace infra::schema
