#include "github_oidc/github_trust_policy.hpp"

namespace infra::modules {

aws::data::IamPolicyDocument& github_trust_policy(Construct& scope, std::string id, Str provider_arn,
                                                  const std::vector<std::string>& subjects) {
    using Statement = aws::data::IamPolicyDocumentArgs::Statement;
    return scope.add<aws::data::IamPolicyDocument>(
        std::move(id),
        aws::data::IamPolicyDocumentArgs{
            .statement = {Statement{
                .actions = List<Str>{"sts:AssumeRoleWithWebIdentity"},
                .condition =
                    {
                        // The token was minted for AWS STS, not for another audience.
                        Statement::Condition{.test = "StringEquals",
                                             .values = List<Str>{kGithubAudience},
                                             .variable = std::string(kGithubIssuer) + ":aud"},
                        // Exactly these subjects.
                        Statement::Condition{.test = "StringLike",
                                             .values = List<Str>(std::vector<Str>(subjects.begin(), subjects.end())),
                                             .variable = std::string(kGithubIssuer) + ":sub"},
                    },
                .effect = "Allow",
                .principals = {Statement::Principals{.identifiers = List<Str>{std::move(provider_arn)},
                                                     .type = "Federated"}},
            }},
        });
}

}  // namespace infra::modules
