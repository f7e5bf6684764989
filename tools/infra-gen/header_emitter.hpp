// The header of one generated binding: the Args struct (members in
// alphabetical order, required ones as infra::Required, nested blocks as
// nested structs) and the resource or data source class with its typed
// attribute getters. It includes only the SDK headers it needs, never
// another binding, so a stack pays for the types it uses.
#pragma once

#include <string>

#include "binding_plan.hpp"

namespace infra::gen {

std::string emit_header(const TypePlan& type, const ProviderPlan& provider);

}  // namespace infra::gen
