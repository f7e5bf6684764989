// The `bootstrap` stack: what must exist before any environment can be
// deployed by CI — the Terraform state bucket, the GitHub OIDC provider and
// deploy role, the ci-tester role — and what exists once per account and
// region (API Gateway's CloudWatch Logs role). Its own state stays local (the bucket
// it creates cannot hold the state of its own creation). It replaces the
// original system's manual dance of commenting out the backend and running
// targeted applies.
#pragma once

#include "ci_tester/ci_tester.hpp"
#include "environment_settings.hpp"
#include "github_oidc/github_oidc.hpp"
#include "infra/app.hpp"
#include "state_backend/state_backend.hpp"

namespace infra::stacks {

struct BootstrapStack {
    Stack& stack;
    modules::StateBackend& state;
    modules::GithubOidc& github;
    modules::CiTester& ci_tester;
};

// The app's bootstrap stack, built from `settings` the first time it is asked
// for (every environment reads it, and it is built once).
BootstrapStack bootstrap_stack(App& app, const EnvironmentSettings& settings);

}  // namespace infra::stacks
