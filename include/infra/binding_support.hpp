// What the constructors of generated bindings call to pass their arguments
// on. Out of line on purpose: a binding sets dozens of arguments, and
// copying each value in here rather than at every call site keeps the
// generated code, and the time to compile it, small. Included by generated
// sources only, never by their headers.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "infra/resource_base.hpp"
#include "infra/value.hpp"

namespace infra::binding {

// resource.set(name, value), taking the value by reference.
void set_argument(ResourceBase& resource, std::string_view name, const Value& value);

// One argument of a nested block.
void add_field(Value::Map& block, std::string_view name, const Value& value);

// A list of blocks, each converted by `convert`.
template <class Block>
Value list_of(const std::vector<Block>& blocks, Value (*convert)(const Block&)) {
    Value::List out;
    out.reserve(blocks.size());
    for (const Block& b : blocks) out.push_back(convert(b));
    return Value(std::move(out));
}

// Blocks by label, each converted by `convert`.
template <class Block>
Value map_of(const std::map<std::string, Block>& blocks, Value (*convert)(const Block&)) {
    Value::Map out;
    for (const auto& [label, b] : blocks) out.emplace(label, convert(b));
    return Value(std::move(out));
}

}  // namespace infra::binding
