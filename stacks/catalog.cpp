#include "catalog.hpp"

#include <fmt/format.h>

#include <iterator>

#include "bootstrap_stack.hpp"
#include "environment_settings.hpp"
#include "environment_stack.hpp"
#include "infra/aws/provider_schema.hpp"
#include "infra/error.hpp"
#include "infra/rules/aws_rules.hpp"
#include "lambda_dependencies.hpp"

namespace crud_api::stacks {
using namespace infra;

namespace {

// `defaults` with the run's overrides applied.
EnvironmentSettings load(EnvironmentSettings (*defaults)(), const SettingsSource& source) {
    EnvironmentSettings s = defaults();
    s.load(source);
    return s;
}

std::function<void(const std::function<void(SettingsSchema&)>&)> describe(EnvironmentSettings (*defaults)()) {
    return [defaults](const std::function<void(SettingsSchema&)>& use) {
        EnvironmentSettings s = defaults();
        SettingsSchema schema;
        s.describe(schema);
        use(schema);
    };
}

// The environment stacks and their defaults.
struct EnvironmentDefaults {
    const char* stack;
    EnvironmentSettings (*defaults)();
};
constexpr EnvironmentDefaults kEnvironments[] = {{"dev", dev_settings}, {"prod", prod_settings}};

// Every setting applies to every stack of a run: a value that gives two
// environments one name prefix would give them one state key too, and a
// deploy of one would replace the other's resources.
void check_environments_apart(const SettingsSource& source) {
    for (std::size_t i = 0; i < std::size(kEnvironments); ++i)
        for (std::size_t j = i + 1; j < std::size(kEnvironments); ++j) {
            const EnvironmentSettings a = load(kEnvironments[i].defaults, source);
            const EnvironmentSettings b = load(kEnvironments[j].defaults, source);
            if (a.prefix() == b.prefix())
                throw UsageError(fmt::format(
                    "setting \"environment\": \"{}\" would give stacks {} and {} the same names and state key "
                    "(\"{}\"); settings apply to every stack, so leave environment to each stack's default",
                    a.environment, kEnvironments[i].stack, kEnvironments[j].stack, a.prefix()));
        }
}

// The bootstrap stack is shared by every environment; its names follow the
// dev defaults (cloud-serverless-rds-dev-github-actions, as in the original
// system).
StackDefinition environment(std::string name, std::string description, EnvironmentSettings (*defaults)()) {
    const std::string stack_name = name;
    return {
        .name = std::move(name),
        .description = std::move(description),
        .build = [stack_name, defaults](App& app, const SettingsSource& source) -> Stack& {
            return build_environment_stack(app, stack_name, load(defaults, source), load(dev_settings, source));
        },
        .with_settings = describe(defaults),
        .check_settings =
            [defaults](const SettingsSource& source) {
                load(defaults, source);
                check_environments_apart(source);
            },
        // pip, when lambda_dependencies=pip: run by the CLI before the build.
        .prepare = [defaults](const SettingsSource& source) {
            const EnvironmentSettings s = load(defaults, source);
            return prepare_lambda_dependencies(s.lambda_dependencies, lambda_requirements(s.lambda_runtime));
        },
    };
}

}  // namespace

const StackCatalog& builtin_catalog() {
    static const StackCatalog catalog = [] {
        StackCatalog c;
        // Every synth checks aws_* resources against the provider schema. An
        // explicit call: a static registrar in a static library would be
        // dropped by the linker.
        aws::register_schemas(c.schemas());
        // ... and runs the security and best-practice rules.
        rules::add_aws_rules(c.rules());
        c.add({
            .name = "bootstrap",
            .description = "state bucket, GitHub OIDC deploy role and ci-tester role (deploy first, local state)",
            .build = [](App& app, const SettingsSource& source) -> Stack& {
                return bootstrap_stack(app, load(dev_settings, source)).stack;
            },
            .with_settings = describe(dev_settings),
            .check_settings = [](const SettingsSource& source) { load(dev_settings, source); },
        });
        c.add(environment(kEnvironments[0].stack, "development environment of the serverless CRUD API",
                          kEnvironments[0].defaults));
        c.add(environment(kEnvironments[1].stack, "production environment of the serverless CRUD API",
                          kEnvironments[1].defaults));
        return c;
    }();
    return catalog;
}

}  // namespace crud_api::stacks
