#include "example_catalog.hpp"

#include "api_canary.hpp"
#include "catalog.hpp"  // the seed's stacks/catalog.hpp: crud_api::stacks::builtin_catalog()
#include "environment_settings.hpp"
#include "infra/aws/provider_schema.hpp"
#include "infra/rules/aws_rules.hpp"
#include "scheduled_lambda/aws_events/provider_schema.hpp"

namespace scheduled_lambda {

namespace {

// The seed's dev stack, then the canary in it. The settings are loaded
// again, as the seed's catalog loads them, for the canary's name prefix and
// log retention.
infra::StackDefinition with_canary(infra::StackDefinition seed_dev) {
    seed_dev.description += ", with an API canary";
    seed_dev.build = [seed_build = seed_dev.build](infra::App& app, const infra::SettingsSource& source) -> infra::Stack& {
        infra::Stack& dev = seed_build(app, source);
        crud_api::stacks::EnvironmentSettings settings = crud_api::stacks::dev_settings();
        settings.load(source);
        add_api_canary(dev, settings);
        return dev;
    };
    return seed_dev;
}

}  // namespace

const infra::StackCatalog& catalog() {
    static const infra::StackCatalog c = [] {
        infra::StackCatalog c;
        // The SDK's aws tables, then those of the types generated here: the
        // registry looks a type up in both.
        infra::aws::register_schemas(c.schemas());
        aws_events::register_schemas(c.schemas());
        infra::rules::add_aws_rules(c.rules());
        for (const infra::StackDefinition& seed : crud_api::stacks::builtin_catalog().definitions())
            c.add(seed.name == "dev" ? with_canary(seed) : seed);
        return c;
    }();
    return c;
}

}  // namespace scheduled_lambda
