// A provider configuration: `provider "aws" { region = ... }`, optionally
// under an alias so one stack can talk to several regions or accounts. The
// stack's `required_providers` is derived from its providers.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "infra/terraform_element.hpp"

namespace infra {

struct ProviderConfig {
    std::string name{};     // local name, e.g. "aws"
    std::string source{};   // e.g. "hashicorp/aws"
    std::string version{};  // a version constraint, e.g. "5.100.0"; empty: any
    std::optional<std::string> alias{};
    Value::Map arguments{};  // region, default_tags, ...
};

class Provider : public TerraformElement {
public:
    Provider(Scope scope, ProviderConfig config);

    const ProviderConfig& config() const { return config_; }
    void set(std::string_view name, Value value);
    // "aws" or "aws.west": what resources put in their `provider` argument.
    std::string provider_reference() const;

    std::string id_namespace() const override;
    std::string reference_prefix() const override { return {}; }
    Value::Map body() const override;

private:
    ProviderConfig config_;
};

}  // namespace infra
