// The validation tables of infra/provider_schema.hpp, built at run time from
// a parsed schema document. Generated bindings hold the same tables as
// compiled constants (schema_table_emitter.cpp); a fuzz target cannot
// compile what it generates, so it builds them in memory, with the same
// type notation (gen::type_code) and the same refusal of types the notation
// cannot hold, and validates against those.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "infra/provider_schema.hpp"
#include "schema_model.hpp"

namespace infra::fuzz {

class RuntimeSchemaTables {
public:
    // Throws infra::Error where the generator would: a type the notation
    // cannot hold. `document` must outlive the tables (names point into it).
    explicit RuntimeSchemaTables(const gen::SchemaDocument& document);
    RuntimeSchemaTables(const RuntimeSchemaTables&) = delete;
    RuntimeSchemaTables& operator=(const RuntimeSchemaTables&) = delete;

    const std::deque<schema::ProviderSchema>& providers() const { return providers_; }

private:
    const schema::Block* block(const gen::Block& b);
    std::span<const schema::Attribute> attributes(const std::vector<gen::Attribute>& attributes);

    // Deques: what is added later never moves what earlier tables point at.
    std::deque<std::string> type_codes_;
    std::deque<std::vector<schema::Attribute>> attribute_arrays_;
    std::deque<schema::NestedAttributes> nested_;
    std::deque<std::vector<schema::BlockType>> block_type_arrays_;
    std::deque<schema::Block> blocks_;
    std::deque<std::vector<schema::TypeSchema>> type_arrays_;
    std::deque<schema::ProviderSchema> providers_;
};

}  // namespace infra::fuzz
