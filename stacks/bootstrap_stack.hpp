// The `bootstrap` stack: what must exist before any environment can be
// deployed by CI — the Terraform state bucket, the GitHub OIDC provider, a
// deploy role per GitHub environment, the pull requests' plan role, the
// ci-tester role, the permissions boundary of the roles the deploy roles
// create — and what exists once per account and region (API Gateway's
// CloudWatch Logs role). Its own state stays local at first (the bucket it
// creates cannot hold the state of its own creation). It replaces the
// original system's manual dance of commenting out the backend and running
// targeted applies.
#pragma once

#include "ci_tester/ci_tester.hpp"
#include "environment_settings.hpp"
#include "github_oidc/github_oidc.hpp"
#include "iam/permissions_boundary.hpp"
#include "infra/app.hpp"
#include "state_backend/state_backend.hpp"

namespace crud_api::stacks {
using namespace infra;

struct BootstrapStack {
    Stack& stack;
    modules::StateBackend& state;
    modules::GithubOidc& github;
    modules::CiTester& ci_tester;
    modules::PermissionsBoundary& permissions_boundary;
};

// The app's bootstrap stack, built from `settings` the first time it is asked
// for (every environment reads it, and it is built once). Throws
// infra::Error when the app holds another stack of that name.
const BootstrapStack& bootstrap_stack(App& app, const EnvironmentSettings& settings);

}  // namespace crud_api::stacks
