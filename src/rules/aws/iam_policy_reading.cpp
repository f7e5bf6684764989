#include "iam_policy_reading.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "infra/resource_base.hpp"
#include "infra/value.hpp"

namespace infra::rules::iam {

namespace {

// The policy argument of another resource of the stack (an
// aws_iam_role_policy or aws_iam_policy), read like the inspected one's.
std::vector<PolicyStatement> policy_argument_of(const RuleContext& c, const ResourceBase& resource) {
    const Value::Map body = resource.rendered_body();
    auto it = body.find("policy");
    return it == body.end() ? std::vector<PolicyStatement>{} : c.policy(it->second);
}

}  // namespace

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

std::vector<PolicySource> role_permission_sources(const RuleContext& c) {
    auto out = permission_sources(c);
    for (const ResourceBase* role_policy : c.referrers("aws_iam_role_policy", "role"))
        out.push_back({role_policy->address() + ".policy", policy_argument_of(c, *role_policy), false});
    // A policy attached twice is still one set of statements.
    std::set<const ResourceBase*> attached;
    for (const ResourceBase* attachment : c.referrers("aws_iam_role_policy_attachment", "role")) {
        const Value::Map body = attachment->rendered_body();
        auto arn = body.find("policy_arn");
        if (arn == body.end()) continue;
        const TerraformElement* target = RuleContext::referenced(arn->second);
        if (target == nullptr || target->element_kind() != ElementKind::Resource) continue;
        const auto* policy = static_cast<const ResourceBase*>(target);
        if (policy->terraform_type() != "aws_iam_policy" || !attached.insert(policy).second) continue;
        out.push_back({policy->address() + ".policy", policy_argument_of(c, *policy), false, policy});
    }
    return out;
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

std::string where(const PolicySource& source, std::size_t index) {
    return fmt::format("{}: statement {}", source.argument, index + 1);
}

std::string quoted_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "\"" : ", \"") + item + "\"";
    return "[" + out + "]";
}

std::string granted_through(const PolicyStatement& s, std::string_view action) {
    for (const auto& a : s.actions)
        if (iam_pattern_matches(a, action))
            return lower(a) == lower(std::string(action)) ? a : fmt::format("{} (through \"{}\")", action, a);
    return fmt::format("{} (through NotAction {})", action, quoted_list(s.not_actions));
}

bool grants_on_any(const PolicyStatement& s, std::string_view action) {
    return s.allows() && s.on_any_resource() && s.grants(action);
}

bool is_github_provider(const std::string& identifier) {
    if (identifier.find(kGithubIssuer) != std::string::npos) return true;
    return is_expression(identifier) && identifier.find("aws_iam_openid_connect_provider.") != std::string::npos;
}

bool trusts_github_actions(const PolicyStatement& s) {
    if (!s.allows() || !s.grants("sts:AssumeRoleWithWebIdentity")) return false;
    return std::any_of(s.principals.begin(), s.principals.end(), [](const PolicyPrincipal& p) {
        return p.type == "Federated" && std::any_of(p.identifiers.begin(), p.identifiers.end(), is_github_provider);
    });
}

}  // namespace infra::rules::iam
