// The API canary: a scheduled function that checks the /animals API of an
// environment of the seed app (stacks/environment_stack.cpp) every five
// minutes, so a broken deploy shows in its Errors metric before a user
// notices.
#pragma once

#include "environment_settings.hpp"
#include "infra/stack.hpp"
#include "scheduled_function/scheduled_function.hpp"

namespace scheduled_lambda {

// Adds the canary (construct "api_canary") to `environment`, a stack that
// build_environment_stack made. Throws infra::Error when it has no REST API
// (construct "api") to check.
ScheduledFunction& add_api_canary(infra::Stack& environment, const crud_api::stacks::EnvironmentSettings& settings);

}  // namespace scheduled_lambda
