#include "runtime_schema_tables.hpp"

#include "infra/error.hpp"
#include "infra/schema_type.hpp"
#include "type_mapping.hpp"

namespace infra::fuzz {

namespace {

schema::Nesting nesting_of(gen::Nesting n) {
    switch (n) {
        case gen::Nesting::Single: return schema::Nesting::Single;
        case gen::Nesting::Group: return schema::Nesting::Group;
        case gen::Nesting::List: return schema::Nesting::List;
        case gen::Nesting::Set: return schema::Nesting::Set;
        case gen::Nesting::Map: return schema::Nesting::Map;
    }
    return schema::Nesting::Single;
}

std::uint8_t flags_of(const gen::Attribute& a) {
    std::uint8_t flags = 0;
    if (a.required) flags |= schema::kRequired;
    if (a.optional) flags |= schema::kOptional;
    if (a.computed) flags |= schema::kComputed;
    if (a.deprecated) flags |= schema::kDeprecated;
    if (a.sensitive) flags |= schema::kSensitive;
    if (a.write_only) flags |= schema::kWriteOnly;
    return flags;
}

}  // namespace

RuntimeSchemaTables::RuntimeSchemaTables(const gen::SchemaDocument& document) {
    for (const gen::ProviderSchema& p : document.providers) {
        std::span<const schema::TypeSchema> kinds[2];
        int k = 0;
        for (const auto* types : {&p.resources, &p.data_sources}) {
            std::vector<schema::TypeSchema> table;
            for (const gen::TypeSchema& t : *types) table.push_back({t.name, block(t.block)});
            kinds[k++] = type_arrays_.emplace_back(std::move(table));
        }
        providers_.push_back({p.name, p.source, kinds[0], kinds[1]});
    }
}

std::span<const schema::Attribute> RuntimeSchemaTables::attributes(const std::vector<gen::Attribute>& attributes) {
    std::vector<schema::Attribute> table;
    for (const gen::Attribute& a : attributes) {
        const schema::NestedAttributes* nested = nullptr;
        std::string_view code;
        if (a.nested != nullptr) {
            nested = &nested_.emplace_back(
                schema::NestedAttributes{nesting_of(a.nested->nesting), this->attributes(a.nested->attributes)});
        } else {
            code = type_codes_.emplace_back(gen::type_code(*a.type));
            // The emitter refuses such a table too (schema_table_emitter.cpp).
            if (!schema::is_valid_type(code))
                throw Error("attribute \"" + a.name + "\" has a type the tables cannot express");
        }
        table.push_back({a.name, code, flags_of(a), nested});
    }
    return attribute_arrays_.emplace_back(std::move(table));
}

const schema::Block* RuntimeSchemaTables::block(const gen::Block& b) {
    const std::span<const schema::Attribute> attrs = attributes(b.attributes);
    std::vector<schema::BlockType> types;
    for (const gen::BlockType& t : b.block_types)
        types.push_back({t.name, nesting_of(t.nesting), t.min_items, t.max_items, block(*t.block)});
    const std::span<const schema::BlockType> type_span = block_type_arrays_.emplace_back(std::move(types));
    return &blocks_.emplace_back(schema::Block{attrs, type_span, b.deprecated});
}

}  // namespace infra::fuzz
