#include "github_oidc/github_trust_policy.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "infra/quoted_value.hpp"

namespace crud_api::modules {
using namespace infra;

namespace {

bool is_repository_part(const std::string& s, std::size_t longest) {
    return !s.empty() && s.size() <= longest && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

}  // namespace

std::string repository_problem(const std::string& repository) {
    if (repository.empty()) return "repository is empty; give \"owner/name\"";
    const auto slash = repository.find('/');
    // GitHub's limits: an owner of at most 39 characters, a name of at most 100.
    if (slash == std::string::npos || !is_repository_part(repository.substr(0, slash), 39) ||
        !is_repository_part(repository.substr(slash + 1), 100))
        return fmt::format("repository {} is not \"owner/name\" (letters, digits, '-', '_', '.'; an owner of at most 39 "
                           "characters, a name of at most 100; no wildcard)",
                           quoted_value(repository));
    return "";
}

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

}  // namespace crud_api::modules
