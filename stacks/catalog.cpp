#include "catalog.hpp"

#include "dev_stack.hpp"
#include "environment_settings.hpp"
#include "infra/aws/provider_schema.hpp"

namespace infra::stacks {

const StackCatalog& builtin_catalog() {
    static const StackCatalog catalog = [] {
        StackCatalog c;
        // Every synth checks aws_* resources against the provider schema. An
        // explicit call: a static registrar in a static library would be
        // dropped by the linker.
        aws::register_schemas(c.schemas());
        c.add({
            .name = "dev",
            .description = "development environment of the serverless CRUD API",
            .build =
                [](App& app, const SettingsSource& source) -> Stack& {
                    EnvironmentSettings s = dev_settings();
                    s.load(source);
                    return build_dev_stack(app, "dev", s);
                },
            .with_settings =
                [](const std::function<void(SettingsSchema&)>& use) {
                    EnvironmentSettings s = dev_settings();
                    SettingsSchema schema;
                    s.describe(schema);
                    use(schema);
                },
        });
        return c;
    }();
    return catalog;
}

}  // namespace infra::stacks
