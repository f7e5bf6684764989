#include "infra/schema_registry.hpp"

namespace infra {

void SchemaRegistry::add(const schema::ProviderSchema& provider) {
    for (auto& existing : providers_) {
        if (existing->name == provider.name) {
            existing = &provider;
            return;
        }
    }
    providers_.push_back(&provider);
}

const schema::ProviderSchema* SchemaRegistry::provider_of(std::string_view type_name) const {
    const std::string_view prefix = type_name.substr(0, type_name.find('_'));
    for (const auto* p : providers_)
        if (p->name == prefix) return p;
    return nullptr;
}

const schema::Block* SchemaRegistry::find(ElementKind kind, std::string_view type_name) const {
    const schema::ProviderSchema* provider = provider_of(type_name);
    if (provider == nullptr) return nullptr;
    const schema::TypeSchema* type = schema::find_type(types_of(*provider, kind), type_name);
    return type == nullptr ? nullptr : type->block;
}

std::span<const schema::TypeSchema> types_of(const schema::ProviderSchema& provider, ElementKind kind) {
    if (kind == ElementKind::Resource) return provider.resources;
    if (kind == ElementKind::DataSource) return provider.data_sources;
    return {};
}

}  // namespace infra
