// The role GitHub Actions deploys one environment with. It is trusted only
// by jobs that run in that environment's GitHub environment (token subject
// "repo:<repository>:environment:<env>"), so a deploy goes through the
// environment's protection rules (required reviewers, deployment branches),
// and never by pull requests or plain branch pushes. What it may do:
// - the application's services, in the stacks' regions; IAM, Lambda, logs
//   and secrets only on the environment's own names ("<project>-<env>-*");
// - create roles and write their policies only with the project's
//   permissions boundary set, and pass them only to the services the
//   stacks run code in;
// - never change or pass itself, the other CI roles, nor the boundary;
// - read and write its environment's state, read the shared state.
#pragma once

#include <string>
#include <vector>

#include "iam/terraform_state_access.hpp"
#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/construct.hpp"
#include "infra/source_location.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct GithubDeployRoleProps {
    // At most 64 characters, e.g. "cloud-serverless-rds-dev-github-actions".
    std::string role_name{};
    // "owner/name" of the repository whose workflows deploy.
    std::string repository{};
    // The GitHub environment whose jobs may assume the role, e.g. "prod".
    std::string environment{};
    // The account's GitHub OIDC provider.
    Str provider_arn{};
    // The environment's resource names, e.g. "cloud-serverless-rds-prod-*":
    // the IAM roles, instance profiles and policies, functions, log groups
    // and secrets the role may create and change.
    std::string resource_name_pattern{};
    // The regions the stacks deploy to: the services whose resources have
    // generated names (VPCs, subnets, clusters, APIs) are allowed there only.
    std::vector<std::string> regions{};
    // The project's permissions boundary (PermissionsBoundary::arn()): every
    // role the deploy role creates or writes policies onto must carry it.
    Str permissions_boundary_arn{};
    // Other CI roles (the other environments' deploy roles, the plan role)
    // this role may never change, delete or pass, beside itself.
    std::vector<std::string> protected_role_names{};
    // The Terraform state bucket and lock table, and the state keys the
    // environment writes and reads.
    Str state_bucket_arn{};
    Str lock_table_arn{};
    StateKeys state{};
    // Managed policies attached beside the deploy policy (e.g. for resources
    // a team adds to the stacks); the deploy policy's Denies still hold.
    std::vector<std::string> managed_policy_arns{};
};

class GithubDeployRole : public Construct {
public:
    GithubDeployRole(Scope scope, GithubDeployRoleProps props);

    Str role_arn() const;
    Str role_name() const;
    const std::string& environment() const { return props_.environment; }
    // The token subject the role trusts.
    std::string subject() const { return "repo:" + props_.repository + ":environment:" + props_.environment; }

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;
    std::vector<aws::data::IamPolicyDocumentArgs::Statement> deploy_policy_statements() const;

    GithubDeployRoleProps props_;
    aws::IamRole* role_ = nullptr;
};

}  // namespace crud_api::modules
