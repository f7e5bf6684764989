#include "infra/provider.hpp"

#include <fmt/format.h>

#include "infra/error.hpp"
#include "logical_id.hpp"

namespace infra {

Provider::Provider(Scope scope, ProviderConfig config)
    : TerraformElement(std::move(scope), ElementKind::Provider), config_(std::move(config)) {
    if (config_.name.empty()) throw Error(fmt::format("{}: provider name must not be empty", path()));
    if (config_.alias && !is_valid_logical_id(*config_.alias))
        throw Error(fmt::format("{}: provider alias \"{}\" is not a valid Terraform name", path(), *config_.alias));
}

void Provider::set(std::string_view name, Value value) { config_.arguments.insert_or_assign(std::string(name), std::move(value)); }

std::string Provider::provider_reference() const {
    return config_.alias ? config_.name + "." + *config_.alias : config_.name;
}

// Providers are keyed by name and alias, not by path: two default (unaliased)
// "aws" providers in one stack collide.
std::string Provider::id_namespace() const { return "provider." + config_.name; }

Value::Map Provider::body() const {
    Value::Map body = config_.arguments;
    if (config_.alias) body.insert_or_assign("alias", *config_.alias);
    return body;
}

}  // namespace infra
