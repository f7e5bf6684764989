// The provider schemas a program validates its resources against. The core
// knows no provider: a generated binding library registers its own tables,
// e.g. infra::aws::register_schemas(registry), and types of a provider with
// no schema here are simply not validated.
#pragma once

#include <string_view>
#include <vector>

#include "infra/provider_schema.hpp"
#include "infra/terraform_element.hpp"

namespace infra {

class SchemaRegistry {
public:
    // Adds the schema of one provider. A provider may be registered more
    // than once: the SDK's infra::aws tables, then the tables `infra get`
    // generated for more aws types. A type is looked up in the latest
    // registration that has it. Adding the same tables again changes
    // nothing. The tables must outlive the registry (generated tables are
    // static).
    void add(const schema::ProviderSchema& provider);

    // The provider a type belongs to by Terraform's rule (the type name up to
    // the first '_': "aws" for "aws_vpc"), or nullptr if none is registered;
    // the latest registration of that provider.
    const schema::ProviderSchema* provider_of(std::string_view type_name) const;

    // The schema of a resource or data source type, or nullptr.
    const schema::Block* find(ElementKind kind, std::string_view type_name) const;

    // Every registration, in the order added.
    const std::vector<const schema::ProviderSchema*>& providers() const { return providers_; }
    bool empty() const { return providers_.empty(); }

private:
    std::vector<const schema::ProviderSchema*> providers_;
};

// The types of one kind a provider has (resources or data sources).
std::span<const schema::TypeSchema> types_of(const schema::ProviderSchema& provider, ElementKind kind);

}  // namespace infra
