// The aws provider every stack of the app configures the same way: region
// and default tags from the settings, and an emulator's endpoints in local
// cloud mode (local_cloud.hpp).
#pragma once

#include "environment_settings.hpp"
#include "infra/provider.hpp"
#include "infra/stack.hpp"

namespace crud_api::stacks {
using namespace infra;

Provider& add_aws_provider(Stack& stack, const EnvironmentSettings& settings);

}  // namespace crud_api::stacks
