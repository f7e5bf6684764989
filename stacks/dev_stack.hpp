// The `dev` environment. For now a placeholder network (VPC and one subnet
// per availability zone) written with the typed infra::aws bindings.
#pragma once

#include "environment_settings.hpp"
#include "infra/app.hpp"

namespace infra::stacks {

Stack& build_dev_stack(App& app, const std::string& name, const EnvironmentSettings& settings);

}  // namespace infra::stacks
