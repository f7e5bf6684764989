// The iam pack: the policies IAM resources carry, whether written through an
// aws_iam_policy_document data source or as a literal JSON document.
//
// A policy is read where it is used: the trust policy (assume_role_policy)
// and the inline_policy blocks of an aws_iam_role, and the policy argument of
// aws_iam_role_policy, aws_iam_policy, aws_iam_user_policy and
// aws_iam_group_policy. The finding is on that resource. Values that are
// expressions are kept as their "${...}" text and never taken for wildcards.
// How policies are read is shared with the pack's second part, the grants
// that raise permissions (iam_escalation_rules.cpp): iam_policy_reading.hpp.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <vector>

#include "iam_policy_reading.hpp"
#include "infra/rules/aws_rules.hpp"

namespace infra::rules {

using namespace iam;

namespace {

bool is_whole_account(const std::string& identifier) {
    const std::string literal = literal_parts(identifier);
    const bool digits = std::all_of(literal.begin(), literal.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (literal.size() == 12 && digits) return !is_expression(identifier);
    return ends_with(literal, ":root") && (starts_with(literal, "arn:") || is_expression(identifier));
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
                    if (!trusts_github_actions(s)) continue;
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
