#include "bootstrap_stack.hpp"

#include <fmt/format.h>

#include <optional>

#include "api_gateway/account_logging.hpp"
#include "aws_provider.hpp"
#include "github_oidc/github_plan_role.hpp"
#include "iam/permissions_boundary.hpp"
#include "infra/error.hpp"
#include "infra/functions.hpp"
#include "infra/output.hpp"
#include "infra/rules/suppression.hpp"

namespace crud_api::stacks {
using namespace infra;

namespace {

constexpr const char* kStackName = "bootstrap";

// The stack keeps the handles of the modules it made: the environment
// stacks that read it get them without looking its children up by id.
class BootstrapStackConstruct : public Stack {
public:
    BootstrapStackConstruct(Scope scope, const EnvironmentSettings& settings);
    const BootstrapStack& handles() const { return *handles_; }

private:
    std::optional<BootstrapStack> handles_;
};

BootstrapStackConstruct::BootstrapStackConstruct(Scope scope, const EnvironmentSettings& s) : Stack(std::move(scope)) {
    Stack& stack = *this;
    // Shared by every environment: held to the production rules.
    rules::mark_environment(stack, "shared");
    if (s.bootstrap_backend == "s3") stack.set_backend(s.s3_backend(EnvironmentSettings::state_key(kStackName)));
    else stack.set_backend(LocalBackend{});
    add_aws_provider(stack, s);

    auto& state = stack.add<modules::StateBackend>(
        "state", modules::StateBackendProps{.bucket_name = s.state_bucket_name(),
                                            .locking = s.state_lock,
                                            .lock_table_name = s.state_lock_table_name(),
                                            .force_destroy = s.state_bucket_force_destroy,
                                            .deny_insecure_transport = s.aws_endpoint.empty()});
    if (!s.aws_endpoint.empty())
        rules::suppress(state, "INFRA-S3-004",
                        "local cloud mode: moto server ignores policy conditions, so the TLS-only Deny would deny "
                        "every request to the state bucket");
    // Every role the deploy roles create carries it (environment stacks add
    // it to their roles); the deploy roles may write no role without it.
    auto& boundary = stack.add<modules::PermissionsBoundary>(
        "permissions_boundary", modules::PermissionsBoundaryProps{.policy_name = s.project + "-permissions-boundary"});

    // The CI roles: pull requests plan with a read-only role; each GitHub
    // environment deploys with its own role, which may not change or pass
    // itself or the other CI roles.
    const std::string plan_role_name = s.project + "-github-plan";
    const std::string ci_tester_role_name = modules::CiTester::role_name_for(s.project);
    std::vector<modules::GithubDeployEnvironment> environments;
    for (const auto& env : s.github_environments)
        environments.push_back({.name = env, .state_key = EnvironmentSettings::state_key(env)});
    auto& github = stack.add<modules::GithubOidc>(
        "github", modules::GithubOidcProps{
                      .project = s.project,
                      .repository = s.github_repository,
                      .environments = std::move(environments),
                      .regions = {s.region},
                      .shared_state_keys = {EnvironmentSettings::state_key(kStackName)},
                      .protected_role_names = s.github_pull_request_plans
                                                  ? std::vector<std::string>{plan_role_name, ci_tester_role_name}
                                                  : std::vector<std::string>{ci_tester_role_name},
                      .permissions_boundary_arn = boundary.arn(),
                      .state_bucket_arn = state.bucket_arn(),
                      .lock_table_arn = state.lock_table_arn(),
                      .create_provider = s.create_github_oidc_provider,
                      .existing_provider_arn = s.existing_github_oidc_provider_arn,
                      .deploy_role_policy_arns = s.github_deploy_role_policy_arns,
                  });
    if (s.github_pull_request_plans) {
        auto& plan = stack.add<modules::GithubPlanRole>("github_plan", modules::GithubPlanRoleProps{
                                                                           .role_name = plan_role_name,
                                                                           .repository = s.github_repository,
                                                                           .provider_arn = github.provider_arn(),
                                                                           .project = s.project,
                                                                           .state_bucket_arn = state.bucket_arn(),
                                                                           .lock_table_arn = state.lock_table_arn(),
                                                                       });
        stack.add<Output>("github_plan_role_arn",
                          OutputConfig{.value = plan.role_arn(),
                                       .description = "read-only role pull requests plan with: the "
                                                      "AWS_GITHUB_PLAN_ROLE_ARN secret"});
    }

    // Without configured principals the ci-tester role trusts this
    // account's users and roles; always with MFA. The account id comes from
    // an ARN this stack creates, so no data source has to call AWS at plan
    // time.
    std::vector<Str> principals;
    for (const auto& arn : s.ci_tester_principals) principals.emplace_back(arn);
    if (principals.empty()) {
        const Value arn_parts = fn::split(":", github.provider_arn());
        principals.push_back(Str("arn:") + Str(fn::element(arn_parts, 1)) + Str(":iam::") +
                             Str(fn::element(arn_parts, 4)) + Str(":root"));
    }
    auto& ci_tester = stack.add<modules::CiTester>("ci_tester", modules::CiTesterProps{
                                                                    .name_prefix = s.project,
                                                                    .principals = std::move(principals),
                                                                    .require_mfa = true,
                                                                    .state_bucket_arn = state.bucket_arn(),
                                                                    .lock_table_arn = state.lock_table_arn(),
                                                                });

    // One per account and region: the environments' API stages log with it.
    if (s.apigateway_account_logging)
        stack.add<modules::ApiGatewayAccountLogging>(
            "apigateway_logging", modules::ApiGatewayAccountLoggingProps{.role_name = s.project + "-apigateway-logs"});

    stack.add<Output>("state_bucket_name", OutputConfig{.value = state.bucket_name(),
                                                        .description = "S3 bucket holding the environments' state"});
    Value::Map deploy_roles;
    for (const auto& [env, role] : github.deploy_roles()) deploy_roles.emplace(env, role->role_arn().value());
    stack.add<Output>("github_deploy_role_arns",
                      OutputConfig{.value = Value(std::move(deploy_roles)),
                                   .description = "deploy role of each GitHub environment: the AWS_GITHUB_ROLE_ARN "
                                                  "secret of that environment"});
    stack.add<Output>("github_oidc_provider_arn",
                      OutputConfig{.value = github.provider_arn(),
                                   .description = "the account's GitHub OIDC provider the CI roles trust"});
    stack.add<Output>("ci_tester_role_arn", OutputConfig{.value = ci_tester.role_arn(),
                                                         .description = "role for manual testing and troubleshooting"});
    handles_.emplace(BootstrapStack{stack, state, github, ci_tester, boundary});
}

}  // namespace

const BootstrapStack& bootstrap_stack(App& app, const EnvironmentSettings& settings) {
    Stack* existing = app.find_stack(kStackName);
    if (existing == nullptr) return app.add<BootstrapStackConstruct>(kStackName, settings).handles();
    const auto* bootstrap = dynamic_cast<const BootstrapStackConstruct*>(existing);
    if (bootstrap == nullptr)
        throw Error(fmt::format("stack \"{}\" exists but was not built as the bootstrap stack; the environments "
                                "need the one bootstrap_stack() builds",
                                kStackName));
    return bootstrap->handles();
}

}  // namespace crud_api::stacks
