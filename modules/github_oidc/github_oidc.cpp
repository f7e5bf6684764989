#include "github_oidc/github_oidc.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "errors/props_error.hpp"
#include "github_oidc/github_trust_policy.hpp"
#include "infra/aws/iam_openid_connect_provider.hpp"
#include "infra/aws/iam_role_policy.hpp"
#include "infra/error.hpp"

namespace infra::modules {

namespace {

bool is_empty_literal(const Str& s) {
    const Value& v = s.value();
    return v.is_null() || (v.kind() == Value::Kind::String && v.as_string().empty());
}

bool is_repository_part(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == '.';
    });
}

// '*' and '?' are StringLike wildcards: in a subject they would let other
// branches, environments or repositories assume the role.
bool has_wildcard(const std::string& s) { return s.find_first_of("*?") != std::string::npos; }

}  // namespace

GithubOidc::GithubOidc(Scope scope, GithubOidcProps props) : Construct(scope), props_(std::move(props)) {
    validate(scope.where());
    const std::string repo = "repo:" + props_.repository;
    for (const auto& branch : props_.branches) subjects_.push_back(repo + ":ref:refs/heads/" + branch);
    for (const auto& env : props_.environments) subjects_.push_back(repo + ":environment:" + env);
    if (subjects_.empty())
        throw_props_error(*this, scope.where(), "branches and environments allow no workflow; give at least one");
    resource_name_pattern_ = !props_.resource_name_pattern.empty() ? props_.resource_name_pattern
                             : !props_.project.empty()              ? props_.project + "-*"
                                                                    : props_.name_prefix + "-*";
    if (resource_name_pattern_.front() == '*' || resource_name_pattern_.front() == '?')
        throw_props_error(*this, scope.where(),
                          fmt::format("resource_name_pattern \"{}\" must start with a fixed name, not a wildcard",
                                      resource_name_pattern_));

    if (props_.create_provider) {
        // No thumbprint_list: since provider 5.x AWS validates GitHub's
        // certificate against its own trusted CAs and ignores thumbprints.
        auto& provider = add<aws::IamOpenidConnectProvider>(
            "provider", aws::IamOpenidConnectProviderArgs{
                            .client_id_list = List<Str>{kGithubAudience},
                            .tags = Map<Str>{{"Name", props_.name_prefix + "-github-oidc"}},
                            .url = std::string("https://") + kGithubIssuer,
                        });
        provider_arn_ = provider.arn();
    } else {
        provider_arn_ = props_.existing_provider_arn;
    }

    // Exactly these subjects; none holds a wildcard (validate()).
    auto& trust = github_trust_policy(*this, "trust_policy", provider_arn_, subjects_);

    role_name_ = props_.name_prefix + "-github-actions";
    role_ = &add<aws::IamRole>("role", aws::IamRoleArgs{
                                           .assume_role_policy = trust.json(),
                                           .description = "GitHub Actions deployments of " + props_.repository,
                                           .max_session_duration = 3600,
                                           .name = role_name_,
                                           .tags = Map<Str>{{"Name", role_name_}},
                                       });
    add<aws::IamRolePolicy>("deploy_policy", aws::IamRolePolicyArgs{
                                                 .name = role_name_ + "-deploy",
                                                 .policy = deploy_policy_document().json(),
                                                 .role = role_->name(),
                                             });
}

void GithubOidc::validate(const infra::SourceLocation& where) const {
    const auto fail = [&](const std::string& what) { throw_props_error(*this, where, what); };
    const std::string& prefix = props_.name_prefix;
    if (prefix.empty()) fail("name_prefix is empty; give e.g. \"cloud-serverless-rds-dev\"");
    if (!std::all_of(prefix.begin(), prefix.end(), [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
        }))
        fail(fmt::format("name_prefix \"{}\" may hold only letters, digits and '-'", prefix));
    // IAM role names are at most 64 characters.
    if (const std::string role = prefix + "-github-actions"; role.size() > 64)
        fail(fmt::format("name_prefix \"{}\" is too long: the role name \"{}\" exceeds 64 characters", prefix, role));
    const std::string& repo = props_.repository;
    if (repo.empty()) fail("repository is empty; give \"owner/name\"");
    const auto slash = repo.find('/');
    if (has_wildcard(repo) || slash == std::string::npos || !is_repository_part(repo.substr(0, slash)) ||
        !is_repository_part(repo.substr(slash + 1)))
        fail(fmt::format("repository \"{}\" is not \"owner/name\" (letters, digits, '-', '_', '.'; no wildcard)", repo));
    for (const auto& branch : props_.branches)
        if (branch.empty() || has_wildcard(branch))
            fail(fmt::format("branches holds \"{}\"; give a branch name without '*' or '?'", branch));
    for (const auto& env : props_.environments)
        if (env.empty() || has_wildcard(env))
            fail(fmt::format("environments holds \"{}\"; give an environment name without '*' or '?'", env));
    for (const auto& name : props_.protected_role_names)
        if (name.empty() || has_wildcard(name))
            fail(fmt::format("protected_role_names holds \"{}\"; give a role name without '*' or '?'", name));
    if (!props_.create_provider && is_empty_literal(props_.existing_provider_arn))
        fail("existing_provider_arn is empty while create_provider is false; give the account's GitHub OIDC provider");
}

Str GithubOidc::role_arn() const { return role_->arn(); }
Str GithubOidc::role_name() const { return role_->name(); }

}  // namespace infra::modules
