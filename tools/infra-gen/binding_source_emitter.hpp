// The source of one generated binding: the constructor, which sets each
// argument that was given (so overrides, references and dependency tracking
// work exactly as for a raw infra::Resource), the conversions of nested
// structs to block values, and the type's validation table.
#pragma once

#include <string>

#include "binding_plan.hpp"

namespace infra::gen {

std::string emit_binding_source(const TypePlan& type, const ProviderPlan& provider);

}  // namespace infra::gen
