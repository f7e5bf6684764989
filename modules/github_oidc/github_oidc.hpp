// GitHub Actions deploys without stored AWS keys: the account trusts
// GitHub's OIDC token issuer, and each environment has its own deploy role
// (GithubDeployRole) that only jobs running in that GitHub environment of
// one repository may assume. Pull requests plan with GithubPlanRole.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "github_oidc/github_deploy_role.hpp"
#include "infra/construct.hpp"
#include "infra/source_location.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

struct GithubDeployEnvironment {
    // The GitHub environment and the app's environment, e.g. "prod".
    std::string name;
    // The key of the environment's Terraform state in the bucket.
    std::string state_key;
};

struct GithubOidcProps {
    // Project name, e.g. "cloud-serverless-rds": the role of environment
    // <env> is "<project>-<env>-github-actions" and may manage the
    // resources named "<project>-<env>-*".
    std::string project{};
    // "owner/name" of the repository whose workflows may assume the roles.
    std::string repository{};
    // One deploy role for each; at least one.
    std::vector<GithubDeployEnvironment> environments{};
    // The regions the environments deploy to.
    std::vector<std::string> regions{};
    // State keys every deploy reads (the bootstrap stack's, whose outputs
    // the environments read).
    std::vector<std::string> shared_state_keys{};
    // Other CI roles (the plan role, the ci-tester role) no deploy role may
    // change, delete or pass; the deploy roles are protected from each other.
    std::vector<std::string> protected_role_names{};
    // The project's permissions boundary (PermissionsBoundary::arn()).
    Str permissions_boundary_arn{};
    // The Terraform state bucket and its DynamoDB lock table, if any.
    Str state_bucket_arn{};
    Str lock_table_arn{};
    // Create the account's GitHub OIDC provider. An account holds one per
    // issuer URL: when it exists already, set this false and pass its ARN
    // as existing_provider_arn, or leave that empty to look it up by URL
    // (a data source, read at plan time).
    bool create_provider{true};
    Str existing_provider_arn{};
    // Managed policies attached to every deploy role.
    std::vector<std::string> deploy_role_policy_arns{};
};

class GithubOidc : public Construct {
public:
    GithubOidc(Scope scope, GithubOidcProps props);

    Str provider_arn() const { return provider_arn_; }
    // The deploy role of each environment, by environment name.
    const std::map<std::string, GithubDeployRole*>& deploy_roles() const { return deploy_roles_; }
    // The deploy role of `environment`; a UsageError when there is none.
    const GithubDeployRole& deploy_role(const std::string& environment) const;
    // The name the deploy role of `environment` gets, known before it exists.
    static std::string role_name_for(const std::string& project, const std::string& environment) {
        return project + "-" + environment + "-github-actions";
    }

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;

    GithubOidcProps props_;
    Str provider_arn_;
    std::map<std::string, GithubDeployRole*> deploy_roles_;
};

}  // namespace crud_api::modules
