#include "github_oidc/github_oidc.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "errors/props_error.hpp"
#include "github_oidc/github_trust_policy.hpp"
#include "infra/aws/data/iam_openid_connect_provider.hpp"
#include "infra/aws/iam_openid_connect_provider.hpp"
#include "infra/error.hpp"
#include "naming/iam_role_name.hpp"
#include "naming/name_prefix.hpp"
#include "naming/name_text.hpp"

namespace crud_api::modules {
using namespace infra;

GithubOidc::GithubOidc(Scope scope, GithubOidcProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    if (props_.create_provider) {
        // No thumbprint_list: since provider 5.x AWS validates GitHub's
        // certificate against its own trusted CAs and ignores thumbprints.
        auto& provider = add<aws::IamOpenidConnectProvider>(
            "provider", aws::IamOpenidConnectProviderArgs{
                            .client_id_list = List<Str>{kGithubAudience},
                            .tags = Map<Str>{{"Name", props_.project + "-github-oidc"}},
                            .url = std::string("https://") + kGithubIssuer,
                        });
        provider_arn_ = provider.arn();
    } else if (!is_unset(props_.existing_provider_arn.value())) {
        provider_arn_ = props_.existing_provider_arn;
    } else {
        // The account's provider, found by its URL when the plan reads it.
        auto& existing = add<aws::data::IamOpenidConnectProvider>(
            "existing_provider", aws::data::IamOpenidConnectProviderArgs{.url = std::string("https://") + kGithubIssuer});
        provider_arn_ = existing.arn();
    }

    std::vector<std::string> ci_roles = props_.protected_role_names;
    for (const auto& env : props_.environments) ci_roles.push_back(role_name_for(props_.project, env.name));
    for (const auto& env : props_.environments) {
        const std::string role_name = role_name_for(props_.project, env.name);
        std::vector<std::string> others;
        std::copy_if(ci_roles.begin(), ci_roles.end(), std::back_inserter(others),
                     [&](const std::string& name) { return name != role_name; });
        deploy_roles_[env.name] = &add<GithubDeployRole>(
            env.name, GithubDeployRoleProps{
                          .role_name = role_name,
                          .repository = props_.repository,
                          .environment = env.name,
                          .provider_arn = provider_arn_,
                          .resource_name_pattern = props_.project + "-" + env.name + "-*",
                          .regions = props_.regions,
                          .permissions_boundary_arn = props_.permissions_boundary_arn,
                          .protected_role_names = std::move(others),
                          .state_bucket_arn = props_.state_bucket_arn,
                          .lock_table_arn = props_.lock_table_arn,
                          .state = StateKeys{.keys = {env.state_key}, .read_only_keys = props_.shared_state_keys},
                          .managed_policy_arns = props_.deploy_role_policy_arns,
                      });
    }
}

void GithubOidc::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    // The roles' names hold an environment's name too: their length is
    // checked with each environment below.
    const NamePrefixRule project_rule{.prop = "project", .example = "cloud-serverless-rds"};
    if (const auto problem = name_prefix_problem(props_.project, project_rule); !problem.empty()) fail(problem);
    if (const std::string problem = repository_problem(props_.repository); !problem.empty()) fail(problem);
    if (props_.environments.empty())
        fail("environments is empty; give the GitHub environments that deploy, e.g. dev and prod");
    std::set<std::string> seen;
    for (const auto& env : props_.environments) {
        if (!is_name_text(env.name))
            fail(fmt::format("environments holds \"{}\"; give a name of letters, digits and '-'", env.name));
        if (!seen.insert(env.name).second) fail(fmt::format("environments holds \"{}\" twice", env.name));
        if (env.state_key.empty()) fail(fmt::format("environment \"{}\" has no state_key", env.name));
        if (const std::string role = role_name_for(props_.project, env.name); role.size() > kIamRoleNameLimit)
            fail(fmt::format("the role name \"{}\" exceeds {} characters; shorten the project or environment name",
                             role, kIamRoleNameLimit));
    }
    if (props_.create_provider && !is_unset(props_.existing_provider_arn.value()))
        fail("existing_provider_arn is given while create_provider is true; set create_provider false to reuse it");
}

const GithubDeployRole& GithubOidc::deploy_role(const std::string& environment) const {
    auto it = deploy_roles_.find(environment);
    if (it == deploy_roles_.end())
        throw UsageError(fmt::format("{}: no deploy role for environment \"{}\"; add it to github_environments", path(),
                                     environment));
    return *it->second;
}

}  // namespace crud_api::modules
