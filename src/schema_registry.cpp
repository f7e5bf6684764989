#include "infra/schema_registry.hpp"

namespace infra {

void SchemaRegistry::add(const schema::ProviderSchema& provider) {
    for (const auto* existing : providers_)
        if (existing == &provider) return;
    providers_.push_back(&provider);
}

const schema::ProviderSchema* SchemaRegistry::provider_of(std::string_view type_name) const {
    const std::string_view prefix = type_name.substr(0, type_name.find('_'));
    for (auto it = providers_.rbegin(); it != providers_.rend(); ++it)
        if ((*it)->name == prefix) return *it;
    return nullptr;
}

const schema::Block* SchemaRegistry::find(ElementKind kind, std::string_view type_name) const {
    const std::string_view prefix = type_name.substr(0, type_name.find('_'));
    for (auto it = providers_.rbegin(); it != providers_.rend(); ++it) {
        if ((*it)->name != prefix) continue;
        if (const schema::TypeSchema* type = schema::find_type(types_of(**it, kind), type_name)) return type->block;
    }
    return nullptr;
}

std::span<const schema::TypeSchema> types_of(const schema::ProviderSchema& provider, ElementKind kind) {
    if (kind == ElementKind::Resource) return provider.resources;
    if (kind == ElementKind::DataSource) return provider.data_sources;
    return {};
}

}  // namespace infra
