// The trust policy of a role GitHub Actions assumes with its OIDC token:
// the token must come from GitHub's issuer, for the STS audience, with one
// of the listed subjects exactly ("repo:owner/name:environment:dev", ...).
#pragma once

#include <string>
#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/construct.hpp"
#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

inline constexpr const char* kGithubIssuer = "token.actions.githubusercontent.com";
inline constexpr const char* kGithubAudience = "sts.amazonaws.com";

// Why `repository` cannot name the repository in a token subject ("owner/name"
// of letters, digits, '-', '_', '.'; no wildcard), or "" when it can.
std::string repository_problem(const std::string& repository);

// An aws_iam_policy_document `id` under `scope` allowing
// sts:AssumeRoleWithWebIdentity through `provider_arn` to tokens with one of
// `subjects` (none holding a wildcard: the caller checks).
aws::data::IamPolicyDocument& github_trust_policy(Construct& scope, std::string id, Str provider_arn,
                                                  const std::vector<std::string>& subjects);

}  // namespace crud_api::modules
