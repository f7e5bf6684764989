// GitHub Actions deploys without stored AWS keys: the account trusts
// GitHub's OIDC token issuer, and a role may be assumed with a token only by
// the given branches, environments and pull requests of one repository.
#pragma once

#include "infra/source_location.hpp"
#include <string>
#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace infra::modules {

struct GithubOidcProps {
    // Prefix of the role's name, e.g. "cloud-serverless-rds-dev".
    std::string name_prefix{};
    // Project name shared by every environment, e.g. "cloud-serverless-rds":
    // the default resource_name_pattern is "<project>-*". Empty: name_prefix.
    std::string project{};
    // "owner/name" of the repository whose workflows may assume the role.
    std::string repository{};
    // Workflows on these branches may assume the role (sub
    // "repo:<repository>:ref:refs/heads/<branch>").
    std::vector<std::string> branches{"main"};
    // Jobs that run in these GitHub environments may assume the role (sub
    // "repo:<repository>:environment:<env>"); a job with an environment gets
    // that subject instead of its branch's.
    std::vector<std::string> environments{};
    // The role deploys, so it never trusts pull requests (sub
    // "repo:<repository>:pull_request": any branch of the repository could
    // open one and take the role); plans of pull requests use the read-only
    // GithubPlanRole.
    // Other CI roles (the plan role, the ci-tester role) this role may never
    // change, delete or pass, beside itself: an explicit Deny, so no allow
    // elsewhere can let it raise its own or their privileges.
    std::vector<std::string> protected_role_names{};
    // The Terraform state bucket; when set, the role may read and write the
    // state objects (and S3 lock files) in it.
    Str state_bucket_arn{};
    // The DynamoDB lock table, when the backend uses one.
    Str lock_table_arn{};
    // The names of the IAM roles, instance profiles and policies the role may
    // create, change and pass: "<project>-*" when empty. IAM is where a
    // deploy role could raise its own privileges, so it is the one service
    // limited to this project's names rather than to the service.
    std::string resource_name_pattern{};
    // Create the account's GitHub OIDC provider. An account holds one per
    // issuer URL: a second environment in the same account sets this false
    // and passes the first one's provider_arn() as existing_provider_arn.
    bool create_provider{true};
    Str existing_provider_arn{};
};

class GithubOidc : public Construct {
public:
    GithubOidc(Scope scope, GithubOidcProps props);

    Str role_arn() const;
    Str role_name() const;
    Str provider_arn() const { return provider_arn_; }
    // The token subjects the role trusts, in order: branches, environments.
    const std::vector<std::string>& subjects() const { return subjects_; }
    // The IAM name pattern the deploy policy is limited to.
    const std::string& resource_name_pattern() const { return resource_name_pattern_; }

private:
    // Throws a UsageError naming `where`, the line that created the module.
    void validate(const infra::SourceLocation& where) const;
    aws::data::IamPolicyDocument& deploy_policy_document();

    GithubOidcProps props_;
    std::vector<std::string> subjects_;
    std::string resource_name_pattern_;
    std::string role_name_;
    Str provider_arn_;
    aws::IamRole* role_ = nullptr;
};

}  // namespace infra::modules
