// The iam pack: the policies IAM resources carry, whether written through an
// aws_iam_policy_document data source or as a literal JSON document.
//
// A policy is read where it is used: the trust policy (assume_role_policy)
// and the inline_policy blocks of an aws_iam_role, and the policy argument of
// aws_iam_role_policy, aws_iam_policy, aws_iam_user_policy and
// aws_iam_group_policy. The finding is on that resource. Values that are
// expressions are kept as their "${...}" text and never taken for wildcards.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "infra/rules/aws_rules.hpp"
#include "infra/value.hpp"

namespace infra::rules {

namespace {

constexpr const char* kGithubIssuer = "token.actions.githubusercontent.com";

struct PolicySource {
    std::string argument;  // "policy", "assume_role_policy", "inline_policy[\"name\"].policy"
    std::vector<PolicyStatement> statements;
    bool trust = false;
};

const std::vector<std::string>& policy_types() {
    static const std::vector<std::string> types{"aws_iam_role", "aws_iam_role_policy", "aws_iam_policy",
                                                "aws_iam_user_policy", "aws_iam_group_policy"};
    return types;
}

std::vector<PolicySource> policy_sources(const RuleContext& c) {
    std::vector<PolicySource> out;
    if (c.type() != "aws_iam_role") {
        out.push_back({"policy", c.policy_at("policy"), false});
        return out;
    }
    out.push_back({"assume_role_policy", c.policy_at("assume_role_policy"), true});
    const auto blocks = c.all("inline_policy");
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (blocks[i]->kind() != Value::Kind::Map) continue;
        const auto& m = blocks[i]->as_map();
        auto policy = m.find("policy");
        if (policy == m.end()) continue;
        auto name = m.find("name");
        const std::string label = name != m.end() && name->second.kind() == Value::Kind::String
                                      ? fmt::format("inline_policy[\"{}\"].policy", name->second.as_string())
                                      : fmt::format("inline_policy[{}].policy", i);
        out.push_back({label, c.policy(policy->second), false});
    }
    return out;
}

std::vector<PolicySource> permission_sources(const RuleContext& c) {
    auto all = policy_sources(c);
    all.erase(std::remove_if(all.begin(), all.end(), [](const PolicySource& s) { return s.trust; }), all.end());
    return all;
}

std::string lower(std::string s) {
    for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_expression(std::string_view s) { return starts_with(s, "${"); }

// The literal parts of a value's text: a template ("${\"arn:${x}:*\"}") is
// unwrapped, then every "${...}" interpolation is removed, so what remains is
// what was written literally.
std::string literal_parts(std::string_view s) {
    if (s.size() >= 5 && starts_with(s, "${\"") && ends_with(s, "\"}")) s = s.substr(3, s.size() - 5);
    std::string out;
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (depth == 0) {
            if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') {
                depth = 1;
                ++i;
            } else {
                out += s[i];
            }
        } else if (s[i] == '{') {
            ++depth;
        } else if (s[i] == '}') {
            --depth;
        }
    }
    return out;
}

// The statement's number in the document, for messages.
std::string where(const PolicySource& source, std::size_t index) {
    return fmt::format("{}: statement {}", source.argument, index + 1);
}

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "\"" : ", \"") + item + "\"";
    return "[" + out + "]";
}

// How a statement grants `action`, for messages: the action pattern that
// matches it, or its NotAction.
std::string granted_through(const PolicyStatement& s, std::string_view action) {
    for (const auto& a : s.actions)
        if (iam_pattern_matches(a, action))
            return lower(a) == lower(std::string(action)) ? a : fmt::format("{} (through \"{}\")", action, a);
    return fmt::format("{} (through NotAction {})", action, quoted_list(s.not_actions));
}

bool grants_on_any(const PolicyStatement& s, std::string_view action) {
    return s.allows() && s.on_any_resource() && s.grants(action);
}

bool is_whole_account(const std::string& identifier) {
    const std::string literal = literal_parts(identifier);
    const bool digits = std::all_of(literal.begin(), literal.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (literal.size() == 12 && digits) return !is_expression(identifier);
    return ends_with(literal, ":root") && (starts_with(literal, "arn:") || is_expression(identifier));
}

bool is_github_provider(const std::string& identifier) {
    if (identifier.find(kGithubIssuer) != std::string::npos) return true;
    return is_expression(identifier) && identifier.find("aws_iam_openid_connect_provider.") != std::string::npos;
}

}  // namespace

void add_iam_rules(RuleSet& rules) {
    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-001",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A policy allows every action (Action \"*\", or NotAction) on every resource: whoever "
                           "holds it is an administrator of the account",
            .fix = "List the actions the principal needs in the statement's actions and the ARNs it needs in "
                   "resources",
            .equivalents = {"checkov:CKV_AWS_1", "checkov:CKV_AWS_62", "trivy:AVD-AWS-0057",
                            "cdk-nag:AwsSolutions-IAM5"},
        },
        policy_types(), [](RuleContext& c) {
            for (const auto& source : permission_sources(c))
                for (std::size_t i = 0; i < source.statements.size(); ++i) {
                    const PolicyStatement& s = source.statements[i];
                    if (!s.allows() || !s.on_any_resource()) continue;
                    const bool all_actions = std::any_of(s.actions.begin(), s.actions.end(), [](const std::string& a) {
                        return a == "*" || a == "*:*";
                    });
                    if (all_actions)
                        c.report(fmt::format("{} allows Action \"*\" on Resource \"*\": full administrative access",
                                             where(source, i)));
                    else if (!s.not_actions.empty())
                        c.report(fmt::format("{} allows NotAction {} on Resource \"*\": every other action of every "
                                             "service, on everything",
                                             where(source, i), quoted_list(s.not_actions)));
                }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-002",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A policy allows iam:PassRole on every role: the holder can hand any role of the "
                           "account, including administrative ones, to a service it controls",
            .fix = "Limit the resources of the statement granting iam:PassRole to the ARNs of the roles to pass "
                   "(and add an iam:PassedToService condition)",
            .equivalents = {"trivy:AVD-AWS-0342"},
        },
        policy_types(), [](RuleContext& c) {
            for (const auto& source : permission_sources(c))
                for (std::size_t i = 0; i < source.statements.size(); ++i) {
                    const PolicyStatement& s = source.statements[i];
                    if (grants_on_any(s, "iam:PassRole"))
                        c.report(fmt::format("{} allows {} on Resource \"*\": any role of the account can be passed",
                                             where(source, i), granted_through(s, "iam:PassRole")));
                }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-003",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A policy allows privilege escalation: iam:PassRole together with creating roles or "
                           "writing or attaching policies, on any resource, lets the holder grant itself anything",
            .fix = "Limit the resources of iam:PassRole and of iam:CreateRole/PutRolePolicy/AttachRolePolicy/"
                   "CreatePolicy/CreatePolicyVersion to the project's own ARNs, or drop them",
            .equivalents = {"checkov:CKV_AWS_286"},
        },
        policy_types(), [](RuleContext& c) {
            static const char* const escalators[] = {"iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy",
                                                     "iam:CreatePolicy", "iam:CreatePolicyVersion"};
            for (const auto& source : permission_sources(c)) {
                const auto& st = source.statements;
                const bool passes = std::any_of(st.begin(), st.end(), [](const PolicyStatement& s) {
                    return grants_on_any(s, "iam:PassRole");
                });
                if (!passes) continue;
                std::vector<std::string> granted;
                for (const char* action : escalators)
                    if (std::any_of(st.begin(), st.end(),
                                    [&](const PolicyStatement& s) { return grants_on_any(s, action); }))
                        granted.emplace_back(action);
                if (granted.empty()) continue;
                std::string list;
                for (const auto& a : granted) list += (list.empty() ? "" : ", ") + a;
                c.report(fmt::format("{} allows iam:PassRole and {} on Resource \"*\": the holder can create or "
                                     "extend a role and pass it to a service it controls",
                                     source.argument, list));
            }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-004",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A policy allows rds-db:connect on a wildcard resource: the holder can log in as any "
                           "database user (including the master user) of the matched databases",
            .fix = "Give rds-db:connect the exact dbuser ARN: arn:aws:rds-db:<region>:<account>:dbuser:<resource "
                   "id>/<user>",
            .equivalents = {},
        },
        policy_types(), [](RuleContext& c) {
            for (const auto& source : permission_sources(c))
                for (std::size_t i = 0; i < source.statements.size(); ++i) {
                    const PolicyStatement& s = source.statements[i];
                    if (!s.allows()) continue;
                    // Only statements that name the service: a bare "*" is INFRA-IAM-001's.
                    const bool names_rds_db = std::any_of(s.actions.begin(), s.actions.end(), [](const std::string& a) {
                        return starts_with(lower(a), "rds-db:") && iam_pattern_matches(a, "rds-db:connect");
                    });
                    if (!names_rds_db) continue;
                    for (const auto& resource : s.resources)
                        if (literal_parts(resource).find('*') != std::string::npos)
                            c.report(fmt::format("{} allows rds-db:connect on Resource \"{}\": a wildcard matches "
                                                 "other database users",
                                                 where(source, i), resource));
                }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-005",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A role trusts GitHub Actions OIDC tokens without pinning the subject: a workflow of "
                           "any repository on GitHub (or any branch) can assume it",
            .fix = "Add a StringEquals or StringLike condition on token.actions.githubusercontent.com:sub listing "
                   "\"repo:<owner>/<name>:ref:refs/heads/<branch>\" or \"repo:<owner>/<name>:environment:<env>\"",
            .equivalents = {"checkov:CKV_AWS_358"},
        },
        {"aws_iam_role"}, [](RuleContext& c) {
            const std::string sub_variable = std::string(kGithubIssuer) + ":sub";
            for (const auto& source : policy_sources(c)) {
                if (!source.trust) continue;
                for (std::size_t i = 0; i < source.statements.size(); ++i) {
                    const PolicyStatement& s = source.statements[i];
                    if (!s.allows() || !s.grants("sts:AssumeRoleWithWebIdentity")) continue;
                    const auto& principals = s.principals;
                    const bool github = std::any_of(principals.begin(), principals.end(), [](const PolicyPrincipal& p) {
                        return p.type == "Federated" &&
                               std::any_of(p.identifiers.begin(), p.identifiers.end(), is_github_provider);
                    });
                    if (!github) continue;
                    bool has_sub = false;
                    for (const auto& condition : s.conditions) {
                        if (lower(condition.variable) != sub_variable) continue;
                        has_sub = true;
                        for (const auto& value : condition.values) {
                            if (is_expression(value)) continue;
                            if (value == "*" || starts_with(value, "*") || starts_with(value, "repo:*"))
                                c.report(fmt::format("{} trusts GitHub Actions with {} {} = \"{}\": workflows of "
                                                     "any repository can assume the role",
                                                     where(source, i), condition.test, condition.variable, value));
                        }
                    }
                    if (!has_sub)
                        c.report(fmt::format("{} allows sts:AssumeRoleWithWebIdentity from the GitHub OIDC "
                                             "provider with no condition on {}: workflows of any repository can "
                                             "assume the role",
                                             where(source, i), sub_variable));
                }
            }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-006",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A role trusts a whole AWS account with no condition: every user and role of that "
                           "account allowed sts:AssumeRole by its own policies can assume it",
            .fix = "Name the roles or users that may assume the role in the AWS principal's identifiers, or add a "
                   "condition (aws:PrincipalArn, aws:MultiFactorAuthPresent, sts:ExternalId)",
            .equivalents = {},
        },
        {"aws_iam_role"}, [](RuleContext& c) {
            for (const auto& source : policy_sources(c)) {
                if (!source.trust) continue;
                for (std::size_t i = 0; i < source.statements.size(); ++i) {
                    const PolicyStatement& s = source.statements[i];
                    if (!s.allows() || !s.grants("sts:AssumeRole") || !s.conditions.empty()) continue;
                    for (const auto& principal : s.principals) {
                        if (principal.type != "AWS") continue;
                        for (const auto& identifier : principal.identifiers)
                            if (is_whole_account(identifier))
                                c.report(fmt::format("{} allows sts:AssumeRole to AWS principal \"{}\" (the whole "
                                                     "account) with no condition",
                                                     where(source, i), identifier));
                    }
                }
            }
        }));
}

}  // namespace infra::rules
