// The validation schema as static C++ tables (infra/provider_schema.hpp):
// per type, constant arrays of attributes and block types in name order
// (constant-initialized: no parsing and no start-up cost, and binary search
// finds a name); per provider, a sorted table of its types and
// register_schemas(), which hands it to an infra::SchemaRegistry.
#pragma once

#include <string>

#include "binding_plan.hpp"

namespace infra::gen {

// The tables of one type, appended to the type's source.
std::string emit_schema_table(const TypePlan& type, const ProviderPlan& provider);

// The header and source that list every type of the provider and register them.
std::string emit_registry_header(const ProviderPlan& provider);
std::string emit_registry_source(const ProviderPlan& provider);

}  // namespace infra::gen
