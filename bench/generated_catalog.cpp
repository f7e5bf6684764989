#include "generated_catalog.hpp"

#include <cstdint>

#include "generated_stack.hpp"
#include "infra/aws/provider_schema.hpp"
#include "infra/settings.hpp"

namespace infra::bench {

namespace {

struct GeneratedSettings {
    std::int64_t resources = 1000;
    void describe(SettingsSchema& schema) {
        schema.bind("resources", resources, "number of generated security groups");
    }
};

}  // namespace

const StackCatalog& generated_catalog() {
    static const StackCatalog catalog = [] {
        StackCatalog c;
        // Validated against the aws schema, as the shipped stacks are.
        aws::register_schemas(c.schemas());
        c.add({
            .name = "gen",
            .description = "generated stack of `resources` security groups, each referring to the previous one",
            .build =
                [](App& app, const SettingsSource& source) -> Stack& {
                    GeneratedSettings s;
                    SettingsSchema schema;
                    s.describe(schema);
                    source.apply(schema);
                    return build_generated_stack(app, "gen", s.resources);
                },
            .with_settings =
                [](const std::function<void(SettingsSchema&)>& use) {
                    GeneratedSettings s;
                    SettingsSchema schema;
                    s.describe(schema);
                    use(schema);
                },
        });
        return c;
    }();
    return catalog;
}

}  // namespace infra::bench
