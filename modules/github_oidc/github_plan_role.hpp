// The role pull requests plan with: a workflow triggered by a pull request
// (token subject "repo:<repository>:pull_request", which any branch of the
// repository can present) may read what `terraform plan` refreshes and take
// the state lock, nothing more: no write to the application's resources, no
// secret values, no state writes. Deploys use GithubOidc's role, trusted
// only for branches and GitHub environments.
#pragma once

#include "infra/source_location.hpp"
#include <string>

#include "infra/aws/iam_role.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct GithubPlanRoleProps {
    // At most 64 characters, e.g. "cloud-serverless-rds-github-plan".
    std::string role_name{};
    // "owner/name" of the repository whose pull requests may plan.
    std::string repository{};
    // The account's GitHub OIDC provider (GithubOidc::provider_arn()).
    Str provider_arn{};
    // IAM reads are limited to "<project>-*" roles, profiles and policies,
    // function reads to "<project>-*" functions.
    std::string project{};
    // The state bucket: state objects read, lock files (*.tflock) written.
    Str state_bucket_arn{};
    // The DynamoDB lock table, when the backend uses one.
    Str lock_table_arn{};
};

class GithubPlanRole : public Construct {
public:
    GithubPlanRole(Scope scope, GithubPlanRoleProps props);

    Str role_arn() const;
    Str role_name() const;

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;

    GithubPlanRoleProps props_;
    aws::IamRole* role_ = nullptr;
};

}  // namespace crud_api::modules
