#include "bootstrap_stack.hpp"

#include "api_gateway/account_logging.hpp"
#include "aws_provider.hpp"
#include "github_oidc/github_plan_role.hpp"
#include "infra/functions.hpp"
#include "infra/output.hpp"
#include "infra/rules/suppression.hpp"

namespace infra::stacks {

namespace {

constexpr const char* kStackName = "bootstrap";

template <class T>
T& child(Stack& stack, const char* id) {
    return dynamic_cast<T&>(*stack.find_child(id));
}

void build(App& app, const EnvironmentSettings& s) {
    auto& stack = app.add<Stack>(kStackName);
    // Shared by every environment: held to the production rules.
    rules::mark_environment(stack, "shared");
    if (s.bootstrap_backend == "s3") stack.set_backend(s.s3_backend("bootstrap/terraform.tfstate"));
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
    // The CI roles: pull requests plan with a read-only role; the deploy
    // role is trusted by branches and GitHub environments only, and may not
    // change or pass itself or the other CI roles.
    const std::string plan_role_name = s.project + "-github-plan";
    auto& github = stack.add<modules::GithubOidc>(
        "github", modules::GithubOidcProps{
                      .name_prefix = s.prefix(),
                      .project = s.project,
                      .repository = s.github_repository,
                      .branches = s.github_branches,
                      .environments = s.github_environments,
                      .protected_role_names = {plan_role_name, modules::CiTester::role_name_for(s.prefix())},
                      .state_bucket_arn = state.bucket_arn(),
                      .lock_table_arn = state.lock_table_arn(),
                  });
    auto& plan = stack.add<modules::GithubPlanRole>("github_plan", modules::GithubPlanRoleProps{
                                                                       .role_name = plan_role_name,
                                                                       .repository = s.github_repository,
                                                                       .provider_arn = github.provider_arn(),
                                                                       .project = s.project,
                                                                       .state_bucket_arn = state.bucket_arn(),
                                                                       .lock_table_arn = state.lock_table_arn(),
                                                                   });

    // Without configured principals the ci-tester role trusts this account,
    // and only with MFA. The account id comes from an ARN this stack creates,
    // so no data source has to call AWS at plan time.
    std::vector<Str> principals;
    for (const auto& arn : s.ci_tester_principals) principals.emplace_back(arn);
    const bool account_with_mfa = principals.empty();
    if (account_with_mfa) {
        const Value arn_parts = fn::split(":", github.provider_arn());
        principals.push_back(Str("arn:") + Str(fn::element(arn_parts, 1)) + Str(":iam::") +
                             Str(fn::element(arn_parts, 4)) + Str(":root"));
    }
    auto& ci_tester = stack.add<modules::CiTester>("ci_tester", modules::CiTesterProps{
                                                                    .name_prefix = s.prefix(),
                                                                    .principals = std::move(principals),
                                                                    .require_mfa = account_with_mfa,
                                                                    .state_bucket_arn = state.bucket_arn(),
                                                                    .lock_table_arn = state.lock_table_arn(),
                                                                });

    // One per account and region: the environments' API stages log with it.
    if (s.apigateway_account_logging)
        stack.add<modules::ApiGatewayAccountLogging>(
            "apigateway_logging", modules::ApiGatewayAccountLoggingProps{.role_name = s.project + "-apigateway-logs"});

    stack.add<Output>("state_bucket_name", OutputConfig{.value = state.bucket_name(),
                                                        .description = "S3 bucket holding the environments' state"});
    stack.add<Output>("github_actions_role_arn",
                      OutputConfig{.value = github.role_arn(),
                                   .description = "role GitHub Actions assumes: the AWS_GITHUB_ROLE_ARN secret"});
    stack.add<Output>("github_plan_role_arn",
                      OutputConfig{.value = plan.role_arn(),
                                   .description = "read-only role pull requests plan with: the AWS_GITHUB_PLAN_ROLE_ARN "
                                                  "secret"});
    stack.add<Output>("ci_tester_role_arn", OutputConfig{.value = ci_tester.role_arn(),
                                                         .description = "role for manual testing and troubleshooting"});
}

}  // namespace

BootstrapStack bootstrap_stack(App& app, const EnvironmentSettings& settings) {
    if (app.find_stack(kStackName) == nullptr) build(app, settings);
    Stack& stack = *app.find_stack(kStackName);
    return {stack, child<modules::StateBackend>(stack, "state"), child<modules::GithubOidc>(stack, "github"),
            child<modules::CiTester>(stack, "ci_tester")};
}

}  // namespace infra::stacks
