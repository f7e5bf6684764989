// The `infra` command line over the release and changelog stacks, checked
// against the schema of terraform's builtin provider that `infra get`
// generated the tables of.
#include "infra/cli.hpp"
#include "other_provider/terraform/provider_schema.hpp"
#include "release_settings.hpp"
#include "release_stacks.hpp"

namespace {

std::function<void(const std::function<void(infra::SettingsSchema&)>&)> release_settings() {
    return [](const std::function<void(infra::SettingsSchema&)>& use) {
        other_provider::ReleaseSettings defaults;
        infra::SettingsSchema schema;
        defaults.describe(schema);
        use(schema);
    };
}

}  // namespace

int main(int argc, char** argv) {
    infra::StackCatalog catalog;
    // synth and validate check every terraform_* resource and data source,
    // also the terraform_remote_state reads of cross-stack references.
    other_provider::terraform::register_schemas(catalog.schemas());
    catalog.add({.name = "release",
                 .description = "the version being released, and its announcement",
                 .build = [](infra::App& app, const infra::SettingsSource& source) -> infra::Stack& {
                     return other_provider::release_stack(app, other_provider::ReleaseSettings::load(source)).stack;
                 },
                 .with_settings = release_settings()});
    catalog.add({.name = "changelog",
                 .description = "the latest announcement of the release stack",
                 .build = [](infra::App& app, const infra::SettingsSource& source) -> infra::Stack& {
                     return other_provider::changelog_stack(app, other_provider::ReleaseSettings::load(source));
                 },
                 .with_settings = release_settings()});
    return infra::run_cli(argc, argv, catalog);
}
