#include "github_oidc/github_deploy_role.hpp"

#include <fmt/format.h>

#include "errors/props_error.hpp"
#include "github_oidc/github_trust_policy.hpp"
#include "iam/inline_role_policy.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"
#include "naming/iam_role_name.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

// '*' and '?' are wildcards in IAM patterns and StringLike conditions.
bool has_wildcard(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

}  // namespace

GithubDeployRole::GithubDeployRole(Scope scope, GithubDeployRoleProps props)
    : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    // One subject, no wildcard (validate()).
    auto& trust = github_trust_policy(*this, "trust_policy", props_.provider_arn, {subject()});
    role_ = &add<aws::IamRole>("role", aws::IamRoleArgs{
                                           .assume_role_policy = trust.json(),
                                           .description = fmt::format("GitHub Actions deployments of {} to {}",
                                                                      props_.repository, props_.environment),
                                           .max_session_duration = 3600,
                                           .name = props_.role_name,
                                           .tags = Map<Str>{{"Name", props_.role_name}},
                                       });
    inline_role_policy(*this, {.document_id = "policy_document",
                               .policy_id = "policy",
                               .name = props_.role_name + "-deploy",
                               .role = role_->name(),
                               .statements = deploy_policy_statements()});
    for (std::size_t i = 0; i < props_.managed_policy_arns.size(); ++i)
        add<aws::IamRolePolicyAttachment>(fmt::format("managed_policy_{}", i),
                                          aws::IamRolePolicyAttachmentArgs{.policy_arn = props_.managed_policy_arns[i],
                                                                           .role = role_->name()});
}

void GithubDeployRole::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    if (const auto problem = iam_role_name_problem("role_name", props_.role_name); !problem.empty()) fail(problem);
    if (const std::string problem = repository_problem(props_.repository); !problem.empty()) fail(problem);
    if (props_.environment.empty() || has_wildcard(props_.environment) ||
        props_.environment.find(':') != std::string::npos)
        fail(fmt::format("environment \"{}\" must be a GitHub environment name without '*', '?' or ':'",
                         props_.environment));
    if (is_unset(props_.provider_arn.value())) fail("provider_arn is empty; give the account's GitHub OIDC provider");
    const std::string& pattern = props_.resource_name_pattern;
    if (pattern.size() < 2 || pattern.back() != '*' || has_wildcard(pattern.substr(0, pattern.size() - 1)))
        fail(fmt::format("resource_name_pattern \"{}\" must be a fixed name prefix followed by one '*'", pattern));
    if (props_.regions.empty()) fail("regions is empty; give the regions the stacks deploy to");
    if (is_unset(props_.permissions_boundary_arn.value()))
        fail("permissions_boundary_arn is empty; the roles the deploy role creates must carry a boundary");
    for (const auto& other : props_.protected_role_names)
        if (other.empty() || has_wildcard(other))
            fail(fmt::format("protected_role_names holds \"{}\"; give a role name without '*' or '?'", other));
}

Str GithubDeployRole::role_arn() const { return role_->arn(); }
Str GithubDeployRole::role_name() const { return role_->name(); }

}  // namespace crud_api::modules
