// Typed helpers for Terraform's built-in functions. Each returns an
// expression of the function's result type; `call` reaches any other function.
#pragma once

#include <string>
#include <vector>

#include "infra/expression.hpp"
#include "infra/typed_values.hpp"

namespace infra::fn {

Expr call(std::string function, std::vector<Value> args);

// Encoding
Str jsonencode(const Value& value);
Expr jsondecode(const Str& text);
Str base64encode(const Str& text);
Str base64decode(const Str& text);
Str base64sha256(const Str& text);
Str sha256(const Str& text);

// Strings
Str format(const Str& spec, std::vector<Value> args);
Str join(const Str& separator, const Value& list);
Expr split(const Str& separator, const Str& text);
Str lower(const Str& text);
Str upper(const Str& text);
Str replace(const Str& text, const Str& search, const Str& replacement);
Str trimspace(const Str& text);
Str substr(const Str& text, const Num& offset, const Num& length);

// Collections
Expr element(const Value& list, const Num& index);
Expr lookup(const Value& map, const Str& key, const Value& fallback);
Expr concat(std::vector<Value> lists);
Expr merge(std::vector<Value> maps);
Expr flatten(const Value& list);
Expr keys(const Value& map);
Expr values(const Value& map);
Expr tolist(const Value& value);
Expr toset(const Value& value);
Expr tomap(const Value& value);
Num length(const Value& collection);
Expr coalesce(std::vector<Value> values);
Expr try_(std::vector<Value> alternatives);

// Numbers and networks
Num min(std::vector<Value> numbers);
Num max(std::vector<Value> numbers);
Str cidrsubnet(const Str& prefix, const Num& newbits, const Num& netnum);
Str cidrhost(const Str& prefix, const Num& hostnum);

// Files (relative to the synthesized stack folder)
Str file(const Str& path);
Str filebase64sha256(const Str& path);

}  // namespace infra::fn
