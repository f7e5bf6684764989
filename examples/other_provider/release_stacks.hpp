// Two stacks made only of terraform's builtin provider, through the typed
// bindings `infra get` generated for it (namespace other_provider::terraform,
// README.md step 2):
//
//   release    terraform_data "release" holds the version being released;
//              terraform_data "announcement" is replaced, not updated, whenever
//              the release changes (triggers_replace): how a one-off step per
//              release hangs off the release.
//   changelog  records the release stack's announcement. A cross-stack
//              reference: `synth` turns it into an output of release and a
//              terraform_remote_state read in changelog.
//
// No cloud account is involved: both stacks plan and apply wherever terraform
// runs.
#pragma once

#include "infra/app.hpp"
#include "other_provider/terraform/data.hpp"
#include "release_settings.hpp"

namespace other_provider {

struct ReleaseStack {
    infra::Stack& stack;
    terraform::Data& release;
    terraform::Data& announcement;
};

// The release stack, built the first time it is asked for (changelog reads
// it, and a stack is built once).
ReleaseStack release_stack(infra::App& app, const ReleaseSettings& settings);

infra::Stack& changelog_stack(infra::App& app, const ReleaseSettings& settings);

}  // namespace other_provider
