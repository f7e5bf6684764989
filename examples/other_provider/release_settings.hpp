// The settings of the release stacks: which version is being released, on
// which channel. `--set release_version=1.5.0` releases another version.
#pragma once

#include <string>

#include "infra/settings.hpp"

namespace other_provider {

struct ReleaseSettings {
    std::string version = "1.4.2";
    std::string channel = "stable";

    void describe(infra::SettingsSchema& schema);
    // The defaults with the run's overrides; throws infra::UsageError for an
    // unknown key or an empty value.
    static ReleaseSettings load(const infra::SettingsSource& source);
};

}  // namespace other_provider
