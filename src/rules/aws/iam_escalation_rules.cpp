// The iam pack, second part: grants through which a principal can raise its
// own permissions or lend them out (a role that may rewrite its own policies
// or trust, role writes without a permissions boundary, iam:PassRole to any
// service, whole-service wildcards with no bound), and GitHub Actions roles
// that can write while trusting workflows that no review or environment
// protection stands in front of.
//
// The rules on aws_iam_role judge the role by everything its stack grants it
// (iam::role_permission_sources), so a Deny in one of its policies counts
// against an Allow in another, as it does in IAM. The other rules read one
// policy, like the first part of the pack (iam_rules.cpp).
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "iam_policy_reading.hpp"
#include "infra/resource_base.hpp"
#include "infra/rules/aws_rules.hpp"
#include "infra/value.hpp"

namespace infra::rules {

using namespace iam;

namespace {

// Matching a statement's resources against a role or policy of the stack.

// A role or managed policy whose ARN a statement's resources are matched
// against: arn:aws:iam::<account>:<kind><path><name>.
struct IamArnTarget {
    std::string address;              // "aws_iam_role.deploy": a reference to it names it too
    std::string kind;                 // "role", "policy"
    std::optional<std::string> name;  // unknown with name_prefix or a name from an expression
    std::string path = "/";
};

IamArnTarget role_target(const RuleContext& c) {
    return {c.resource().address(), "role", c.literal_string("name"), c.literal_string("path").value_or("/")};
}

IamArnTarget policy_target(const ResourceBase& policy) {
    const Value::Map body = policy.rendered_body();
    IamArnTarget target{policy.address(), "policy", std::nullopt, "/"};
    if (auto it = body.find("name"); it != body.end() && it->second.kind() == Value::Kind::String)
        target.name = it->second.as_string();
    if (auto it = body.find("path"); it != body.end() && it->second.kind() == Value::Kind::String)
        target.path = it->second.as_string();
    return target;
}

// Whether an expression's text refers to the element at `address`
// ("aws_iam_role.deploy" in "${aws_iam_role.deploy.arn}"), and not to one
// whose address merely ends the same ("data.aws_iam_role.deploy").
bool mentions_address(std::string_view text, std::string_view address) {
    const auto is_name_char = [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
               ch == '-' || ch == '.';
    };
    for (std::size_t at = text.find(address); at != std::string_view::npos; at = text.find(address, at + 1)) {
        const std::size_t end = at + address.size();
        if ((at == 0 || !is_name_char(text[at - 1])) && end < text.size() && text[end] == '.') return true;
    }
    return false;
}

// The colon-separated fields of an ARN pattern, with the interpolations
// ("${...}") left whole inside their field; the sixth field (the resource)
// keeps any further colons.
std::vector<std::string> arn_fields(std::string_view pattern) {
    std::vector<std::string> fields(1);
    int depth = 0;
    for (char ch : pattern) {
        if (ch == '{' && (depth > 0 || (!fields.back().empty() && fields.back().back() == '$'))) ++depth;
        else if (ch == '}' && depth > 0) --depth;
        if (ch == ':' && depth == 0 && fields.size() < 6) fields.emplace_back();
        else fields.back() += ch;
    }
    return fields;
}

// Whether the Resource `resource` of a statement matches the target's ARN.
// The partition and account are not known at synth time; the policy and the
// role live in the account the stack deploys to, so whatever the pattern
// says there (a "*", an account id, an expression) is taken to match. In the
// resource part only what is written literally counts: an interpolation there
// names some other element, so "role/${aws_iam_role.x.name}" does not match.
bool resource_matches(const std::string& resource, const IamArnTarget& target) {
    if (resource == "*") return true;
    if (is_expression(resource) && mentions_address(resource, target.address)) return true;
    if (!target.name) return false;
    std::string_view pattern = resource;
    if (is_expression(pattern)) {
        if (pattern.size() < 5 || !starts_with(pattern, "${\"") || !ends_with(pattern, "\"}")) return false;
        pattern = pattern.substr(3, pattern.size() - 5);  // a template: "arn:aws:iam::${...}:role/x"
    }
    auto fields = arn_fields(pattern);
    if (fields.size() == 6) fields[1] = fields[4] = "*";
    std::string literal;
    for (std::size_t i = 0; i < fields.size(); ++i) literal += (i == 0 ? "" : ":") + literal_parts(fields[i]);
    const std::string arn = "arn:aws:iam::000000000000:" + target.kind + target.path + *target.name;
    return iam_pattern_matches(literal, arn);
}

const std::string* first_matching_resource(const PolicyStatement& s, const IamArnTarget& target) {
    for (const auto& r : s.resources)
        if (resource_matches(r, target)) return &r;
    return nullptr;
}

// Whether an unconditional Deny among `sources` takes `action` on the target
// away, whatever the Allow statements say.
bool denied(const std::vector<PolicySource>& sources, std::string_view action, const IamArnTarget& target) {
    for (const auto& source : sources)
        for (const auto& s : source.statements)
            if (!s.allows() && s.conditions.empty() && s.grants(action) && first_matching_resource(s, target))
                return true;
    return false;
}

// Reports each Allow statement of the role that grants one of `actions` on
// the target and is not denied; `consequence` ends the message.
void report_grants_on(RuleContext& c, const std::vector<PolicySource>& sources, const IamArnTarget& target,
                      const std::vector<const char*>& actions, const std::string& target_label,
                      const char* consequence) {
    for (const auto& source : sources)
        for (std::size_t i = 0; i < source.statements.size(); ++i) {
            const PolicyStatement& s = source.statements[i];
            if (!s.allows()) continue;
            const std::string* resource = first_matching_resource(s, target);
            if (resource == nullptr) continue;
            std::string granted;
            for (const char* action : actions)
                if (s.grants(action) && !denied(sources, action, target))
                    granted += (granted.empty() ? "" : ", ") + granted_through(s, action);
            if (!granted.empty())
                c.report(fmt::format("{} allows {} on Resource \"{}\", which matches {}: {}", where(source, i),
                                     granted, *resource, target_label, consequence));
        }
}

// Conditions and action patterns.

bool has_condition_on(const PolicyStatement& s, std::string_view variable) {
    return std::any_of(s.conditions.begin(), s.conditions.end(),
                       [&](const PolicyCondition& c) { return lower(c.variable) == variable; });
}

// Whether the statement grants `action` through a pattern of its own: an
// action or wildcard other than the bare "*" (INFRA-IAM-001 reports that),
// or a NotAction that leaves it in.
bool grants_by_pattern(const PolicyStatement& s, std::string_view action) {
    if (!s.not_actions.empty()) return s.grants(action);
    return std::any_of(s.actions.begin(), s.actions.end(), [&](const std::string& a) {
        return a != "*" && a != "*:*" && iam_pattern_matches(a, action);
    });
}

// "ec2:*": every action of one service. Not "*" or "*:*" (INFRA-IAM-001's).
bool is_whole_service_wildcard(const std::string& action) {
    const std::size_t colon = action.find(':');
    if (is_expression(action) || colon == std::string::npos || colon == 0) return false;
    const std::string_view service = std::string_view(action).substr(0, colon);
    return action.substr(colon + 1) == "*" && service.find_first_of("*?") == std::string_view::npos;
}

// Write access, for the GitHub Actions rules.

bool is_read_only_action(const std::string& action) {
    static const char* const read_prefixes[] = {"get",   "list", "describe", "head",   "batchget", "query",
                                                "scan",  "select", "view",   "lookup", "search",   "filter"};
    const std::string a = lower(action);
    if (a == "sts:getcalleridentity" || a == "apigateway:get") return true;
    const std::size_t colon = a.find(':');
    if (colon == std::string::npos || is_expression(a)) return false;
    const std::string_view name = std::string_view(a).substr(colon + 1);
    return std::any_of(std::begin(read_prefixes), std::end(read_prefixes),
                       [&](const char* prefix) { return starts_with(name, prefix); });
}

// The DynamoDB tables of the stack that hold Terraform state locks: their
// hash key is Terraform's "LockID".
std::vector<std::string> lock_table_addresses(const RuleContext& c) {
    std::vector<std::string> out;
    for (const ResourceBase* table : c.of_type("aws_dynamodb_table")) {
        const Value::Map body = table->rendered_body();
        auto key = body.find("hash_key");
        if (key != body.end() && key->second.kind() == Value::Kind::String && key->second.as_string() == "LockID")
            out.push_back(table->address());
    }
    return out;
}

// Taking and releasing a Terraform state lock writes, but only the lock: a
// plan needs it, and it changes no state and no infrastructure.
bool is_state_lock_write(const RuleContext& c, const PolicyStatement& s, const std::string& action) {
    const std::string a = lower(action);
    const auto& resources = s.resources;
    if (resources.empty()) return false;
    if (a == "s3:putobject" || a == "s3:deleteobject")
        return std::all_of(resources.begin(), resources.end(),
                           [](const std::string& r) { return ends_with(literal_parts(r), ".tflock"); });
    if (a == "dynamodb:putitem" || a == "dynamodb:deleteitem" || a == "dynamodb:getitem" ||
        a == "dynamodb:describetable") {
        const auto tables = lock_table_addresses(c);
        return std::all_of(resources.begin(), resources.end(), [&](const std::string& r) {
            return std::any_of(tables.begin(), tables.end(),
                               [&](const std::string& table) { return mentions_address(r, table); });
        });
    }
    return false;
}

// What an Allow statement lets its holder write, for messages: its action
// patterns that are not read-only (a "Describe*" is, a "service:*" is not)
// and not a state lock, quoted, or its NotAction. Empty for a Deny or a
// read-only statement.
std::vector<std::string> write_actions(const RuleContext& c, const PolicyStatement& s) {
    std::vector<std::string> out;
    if (!s.allows()) return out;
    if (!s.not_actions.empty()) {
        out.push_back("NotAction " + quoted_list(s.not_actions));
        return out;
    }
    for (const auto& action : s.actions)
        if (!is_read_only_action(action) && !is_state_lock_write(c, s, action)) out.push_back("\"" + action + "\"");
    return out;
}

// The first write the role is granted, as "<where> allows <action>", for
// messages; nullopt when the role only reads.
std::optional<std::string> first_write(const RuleContext& c, const std::vector<PolicySource>& sources) {
    for (const auto& source : sources)
        for (std::size_t i = 0; i < source.statements.size(); ++i) {
            const auto writes = write_actions(c, source.statements[i]);
            if (!writes.empty()) return fmt::format("{} allows {}", where(source, i), writes.front());
        }
    return std::nullopt;
}

// The GitHub Actions subjects a trust policy admits.

struct GithubSubject {
    std::size_t statement;  // index in the trust policy
    std::string test;       // StringLike, StringEquals, ...
    std::string value;      // as written
    std::string literal;    // its literal parts
    bool wildcards;         // '*' and '?' are wildcards under the test (the *Like tests)
};

// Every value of a condition that admits token.actions.githubusercontent.com:sub
// values (a String test that is not a negation), in the statements trusting
// the GitHub OIDC provider. Values that are whole expressions are left out:
// what they hold is not known at synth time.
std::vector<GithubSubject> github_subjects(const std::vector<PolicyStatement>& trust) {
    const std::string sub_variable = std::string(kGithubIssuer) + ":sub";
    std::vector<GithubSubject> out;
    for (std::size_t i = 0; i < trust.size(); ++i) {
        if (!trusts_github_actions(trust[i])) continue;
        for (const auto& condition : trust[i].conditions) {
            const std::string test = lower(condition.test);
            if (lower(condition.variable) != sub_variable || test.find("string") == std::string::npos ||
                test.find("not") != std::string::npos)
                continue;
            for (const auto& value : condition.values) {
                std::string literal = literal_parts(value);
                if (literal.empty()) continue;
                out.push_back({i, condition.test, value, std::move(literal), test.find("like") != std::string::npos});
            }
        }
    }
    return out;
}

// "statement 2 trusts" or "statements 1, 2 trust", for messages.
std::string statements_trust(std::vector<std::size_t> indexes) {
    std::sort(indexes.begin(), indexes.end());
    indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
    std::string numbers;
    for (std::size_t i = 0; i < indexes.size(); ++i)
        numbers += (i == 0 ? "" : ", ") + std::to_string(indexes[i] + 1);
    return indexes.size() == 1 ? "statement " + numbers + " trusts" : "statements " + numbers + " trust";
}

void add_distinct(std::vector<std::string>& names, std::string name) {
    const auto same = [&](const std::string& n) { return lower(n) == lower(name); };
    if (std::none_of(names.begin(), names.end(), same)) names.push_back(std::move(name));
}

}  // namespace

void add_iam_escalation_rules(RuleSet& rules) {
    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-007",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A role may change its own inline or attached policies, permissions boundary or trust "
                           "policy, or a policy attached to it: whoever holds the role can grant it anything",
            .fix = "Limit the role's iam:*RolePolicy, iam:UpdateAssumeRolePolicy, permissions boundary and policy "
                   "version actions to other ARNs, or add a Deny of them on the role's own ARN",
            .equivalents = {"checkov:CKV_AWS_286"},
        },
        {"aws_iam_role"}, [](RuleContext& c) {
            static const std::vector<const char*> role_writes{
                "iam:PutRolePolicy",           "iam:AttachRolePolicy",           "iam:DetachRolePolicy",
                "iam:DeleteRolePolicy",        "iam:UpdateAssumeRolePolicy",     "iam:PutRolePermissionsBoundary",
                "iam:DeleteRolePermissionsBoundary"};
            static const std::vector<const char*> version_writes{"iam:CreatePolicyVersion",
                                                                 "iam:SetDefaultPolicyVersion"};
            const auto sources = role_permission_sources(c);
            const IamArnTarget role = role_target(c);
            report_grants_on(c, sources, role, role_writes,
                             fmt::format("this role (\"{}\")", role.name.value_or(role.address)),
                             "the role can rewrite its own permissions or trust");
            for (const auto& source : sources) {
                if (source.attached_policy == nullptr) continue;
                const IamArnTarget policy = policy_target(*source.attached_policy);
                report_grants_on(c, sources, policy, version_writes,
                                 fmt::format("{}, attached to this role", policy.address),
                                 "the role can replace the policy that grants its permissions");
            }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-008",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A policy allows creating roles or writing their policies without requiring a "
                           "permissions boundary, or allows removing one: the holder can make a role with more "
                           "permissions than its own",
            .fix = "Add a condition on iam:PermissionsBoundary (the boundary policy's ARN) to the statements "
                   "granting iam:CreateRole, PutRolePolicy, AttachRolePolicy and PutRolePermissionsBoundary, and "
                   "do not grant iam:DeleteRolePermissionsBoundary",
            .equivalents = {},
        },
        policy_types(), [](RuleContext& c) {
            static const char* const bounded[] = {"iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy",
                                                  "iam:PutRolePermissionsBoundary"};
            // AWS's other way of requiring the boundary: a Deny of the action
            // unless the request names it.
            const auto boundary_required_by_deny = [](const std::vector<PolicyStatement>& statements,
                                                      const PolicyStatement& allow, const char* action) {
                return std::any_of(statements.begin(), statements.end(), [&](const PolicyStatement& d) {
                    if (d.allows() || !d.grants(action) || !has_condition_on(d, "iam:permissionsboundary"))
                        return false;
                    return d.on_any_resource() ||
                           std::all_of(allow.resources.begin(), allow.resources.end(), [&](const std::string& r) {
                               return std::find(d.resources.begin(), d.resources.end(), r) != d.resources.end();
                           });
                });
            };
            for (const auto& source : permission_sources(c))
                for (std::size_t i = 0; i < source.statements.size(); ++i) {
                    const PolicyStatement& s = source.statements[i];
                    if (!s.allows()) continue;
                    if (!has_condition_on(s, "iam:permissionsboundary")) {
                        std::string granted;
                        for (const char* action : bounded)
                            if (grants_by_pattern(s, action) &&
                                !boundary_required_by_deny(source.statements, s, action))
                                granted += (granted.empty() ? "" : ", ") + granted_through(s, action);
                        if (!granted.empty())
                            c.report(fmt::format("{} allows {} with no iam:PermissionsBoundary condition: the "
                                                 "roles it creates or writes can get more permissions than the "
                                                 "holder has",
                                                 where(source, i), granted));
                    }
                    if (grants_by_pattern(s, "iam:DeleteRolePermissionsBoundary"))
                        c.report(fmt::format("{} allows {}: the holder can remove the permissions boundary of the "
                                             "roles it may change",
                                             where(source, i),
                                             granted_through(s, "iam:DeleteRolePermissionsBoundary")));
                }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-009",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A policy allows iam:PassRole with no iam:PassedToService condition: the roles it "
                           "matches can be handed to any service, not only to the one they are made for",
            .fix = "Add a StringEquals condition on iam:PassedToService listing the services the roles are passed "
                   "to (e.g. lambda.amazonaws.com)",
            .equivalents = {"trivy:AVD-AWS-0342"},
        },
        policy_types(), [](RuleContext& c) {
            for (const auto& source : permission_sources(c))
                for (std::size_t i = 0; i < source.statements.size(); ++i) {
                    const PolicyStatement& s = source.statements[i];
                    if (s.allows() && grants_by_pattern(s, "iam:PassRole") &&
                        !has_condition_on(s, "iam:passedtoservice"))
                        c.report(fmt::format("{} allows {} on Resource {} with no iam:PassedToService condition: "
                                             "the roles can be passed to any service",
                                             where(source, i), granted_through(s, "iam:PassRole"),
                                             quoted_list(s.resources)));
                }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-010",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A role with write permissions trusts GitHub Actions workflows of pull requests, or "
                           "through a wildcard subject: workflow code that no one has reviewed can change the "
                           "account",
            .fix = "Trust pull requests only with a read-only plan role (reads and Terraform lock files), and pin "
                   "the write role's subjects to branches or GitHub environments, without wildcards",
            .equivalents = {},
        },
        {"aws_iam_role"}, [](RuleContext& c) {
            std::vector<GithubSubject> risky;
            for (auto& subject : github_subjects(c.policy_at("assume_role_policy")))
                if (ends_with(subject.literal, ":pull_request") ||
                    (subject.wildcards && subject.literal.find_first_of("*?") != std::string::npos))
                    risky.push_back(std::move(subject));
            if (risky.empty()) return;
            const auto write = first_write(c, role_permission_sources(c));
            if (!write) return;
            for (const auto& subject : risky)
                c.report(fmt::format(
                    "assume_role_policy: statement {} trusts GitHub Actions with {} {}:sub = \"{}\" ({}), and the "
                    "role can write ({})",
                    subject.statement + 1, subject.test, kGithubIssuer, subject.value,
                    ends_with(subject.literal, ":pull_request") ? "the workflow of any pull request"
                                                                : "a wildcard admits other branches, environments "
                                                                  "or pull requests",
                    *write));
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-011",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A policy allows a whole service (\"service:*\") on every resource with no condition: "
                           "every action of the service, present and future, on everything of the account",
            .fix = "List the actions needed, limit the resources to the project's ARNs, or bound the grant with a "
                   "condition (aws:RequestedRegion, aws:ResourceTag/..., aws:ResourceAccount)",
            .equivalents = {"checkov:CKV_AWS_355", "trivy:AVD-AWS-0057", "cdk-nag:AwsSolutions-IAM5"},
        },
        policy_types(), [](RuleContext& c) {
            for (const auto& source : permission_sources(c))
                for (std::size_t i = 0; i < source.statements.size(); ++i) {
                    const PolicyStatement& s = source.statements[i];
                    if (!s.allows() || !s.on_any_resource() || !s.conditions.empty()) continue;
                    for (const auto& action : s.actions)
                        if (is_whole_service_wildcard(action))
                            c.report(fmt::format("{} allows \"{}\" on Resource \"*\" with no condition: every "
                                                 "action of {} on every resource",
                                                 where(source, i), action, action.substr(0, action.find(':'))));
                }
        }));

    rules.add(make_rule(
        RuleInfo{
            .id = "INFRA-IAM-012",
            .pack = "iam",
            .severity = Severity::Error,
            .description = "A GitHub Actions role with write permissions is trusted by several GitHub environments, "
                           "or by an environment and a branch or tag: a workflow can deploy without the protection "
                           "rules of the environment it deploys to",
            .fix = "Give each GitHub environment its own role, trusted by "
                   "\"repo:<owner>/<name>:environment:<env>\" only",
            .equivalents = {},
        },
        {"aws_iam_role"}, [](RuleContext& c) {
            std::vector<std::string> environments;
            std::vector<std::string> refs;
            std::vector<std::size_t> statements;
            // "repo:<owner>/<name>:environment:<env>" and "repo:<owner>/<name>:ref:refs/heads/<branch>".
            static constexpr std::string_view environment_part = ":environment:";
            static constexpr std::string_view ref_part = ":ref:";
            for (const auto& subject : github_subjects(c.policy_at("assume_role_policy"))) {
                const std::string& literal = subject.literal;
                if (auto at = literal.find(environment_part); at != std::string::npos)
                    add_distinct(environments, literal.substr(at + environment_part.size()));
                else if (at = literal.find(std::string(ref_part) + "refs/"); at != std::string::npos)
                    add_distinct(refs, literal.substr(at + ref_part.size()));
                else
                    continue;
                statements.push_back(subject.statement);
            }
            if (environments.size() < 2 && (environments.empty() || refs.empty())) return;
            const auto write = first_write(c, role_permission_sources(c));
            if (!write) return;
            c.report(fmt::format("assume_role_policy: {} GitHub Actions for environments {}{}, and the role can "
                                 "write ({}): a workflow of one of them can deploy past the protection rules of "
                                 "another",
                                 statements_trust(statements), quoted_list(environments),
                                 refs.empty() ? "" : " and for refs " + quoted_list(refs), *write));
        }));
}

}  // namespace infra::rules
