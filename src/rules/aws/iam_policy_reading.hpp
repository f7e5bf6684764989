// How the iam rules (iam_rules.cpp, iam_escalation_rules.cpp) read the
// policies of IAM resources: which arguments hold policies, the statements of
// a role gathered from every resource that grants it permissions, and the
// small text helpers their messages and wildcard checks share.
//
// Values that are expressions are kept as their "${...}" text (see
// RuleContext::text), so these helpers never take a reference for a literal
// wildcard.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "infra/rules/policy_statement.hpp"
#include "infra/rules/rule.hpp"

namespace infra {
class ResourceBase;
}

namespace infra::rules::iam {

inline constexpr const char* kGithubIssuer = "token.actions.githubusercontent.com";

// One policy document of a resource, with the name of the argument it is in
// for messages.
struct PolicySource {
    std::string argument;  // "policy", "assume_role_policy", "inline_policy[\"name\"].policy"
    std::vector<PolicyStatement> statements;
    bool trust = false;
    // For a role's statements that come from an aws_iam_policy attached to
    // it: that policy. Null otherwise.
    const ResourceBase* attached_policy = nullptr;
};

// The resource types whose arguments hold identity or trust policies.
const std::vector<std::string>& policy_types();

// The policies the inspected resource carries itself: an aws_iam_role's trust
// policy and inline_policy blocks, or the policy argument of the other types.
std::vector<PolicySource> policy_sources(const RuleContext& c);
// The same without the trust policy: what the resource grants.
std::vector<PolicySource> permission_sources(const RuleContext& c);
// Everything the inspected aws_iam_role is granted from its own stack: its
// inline_policy blocks, the aws_iam_role_policy resources that refer to it,
// and the aws_iam_policy resources attached to it through an
// aws_iam_role_policy_attachment. Policies attached by a literal ARN (AWS
// managed ones) are not readable and so not included.
std::vector<PolicySource> role_permission_sources(const RuleContext& c);

std::string lower(std::string s);
bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
bool is_expression(std::string_view s);

// The literal parts of a value's text: a template ("${\"arn:${x}:*\"}") is
// unwrapped, then every "${...}" interpolation is removed, so what remains is
// what was written literally.
std::string literal_parts(std::string_view s);

// "<argument>: statement N", for messages (N counts from 1).
std::string where(const PolicySource& source, std::size_t index);
// ["a", "b"], for messages.
std::string quoted_list(const std::vector<std::string>& items);
// How a statement grants `action`, for messages: the action itself, or the
// pattern or NotAction it is granted through.
std::string granted_through(const PolicyStatement& s, std::string_view action);

bool grants_on_any(const PolicyStatement& s, std::string_view action);

bool is_github_provider(const std::string& identifier);
// An Allow of sts:AssumeRoleWithWebIdentity to the GitHub Actions OIDC
// provider.
bool trusts_github_actions(const PolicyStatement& s);

}  // namespace infra::rules::iam
