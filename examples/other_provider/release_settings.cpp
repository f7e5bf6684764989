#include "release_settings.hpp"

#include "infra/error.hpp"

namespace other_provider {

void ReleaseSettings::describe(infra::SettingsSchema& schema) {
    schema.bind("release_version", version, "the version being released");
    schema.bind("release_channel", channel, "where it is released: stable, beta, ...");
}

ReleaseSettings ReleaseSettings::load(const infra::SettingsSource& source) {
    ReleaseSettings s;
    infra::SettingsSchema schema;
    s.describe(schema);
    source.apply(schema);
    if (s.version.empty()) throw infra::UsageError("setting \"release_version\" is empty");
    if (s.channel.empty()) throw infra::UsageError("setting \"release_channel\" is empty");
    return s;
}

}  // namespace other_provider
