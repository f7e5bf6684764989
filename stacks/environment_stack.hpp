// An environment of the serverless CRUD API (`dev`, `prod`): network,
// Aurora behind an RDS Proxy, the /animals functions and their REST API, and
// the SSM bastion. Environments differ only in their settings. An
// environment reads the bootstrap stack (the ci-tester role it grants
// database access to, the deploy role it reports) through cross-stack
// references, and keeps its state in the bootstrap stack's bucket.
#pragma once

#include <string>

#include "environment_settings.hpp"
#include "infra/app.hpp"

namespace crud_api::stacks {
using namespace infra;

Stack& build_environment_stack(App& app, const std::string& name, const EnvironmentSettings& settings,
                               const EnvironmentSettings& bootstrap_settings);

}  // namespace crud_api::stacks
