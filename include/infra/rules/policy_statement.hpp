// IAM policy statements as rules see them, whichever way a policy was
// written: an aws_iam_policy_document data source (typed statements) or a
// literal JSON document. Values that are expressions are kept as their
// "${...}" text, so a rule can tell a literal "*" from a reference.
#pragma once

#include <string>
#include <vector>

namespace infra::rules {

struct PolicyCondition {
    std::string test;      // StringEquals, StringLike, Bool, ...
    std::string variable;  // token.actions.githubusercontent.com:sub, ...
    std::vector<std::string> values;
};

struct PolicyPrincipal {
    std::string type;  // AWS, Service, Federated, *
    std::vector<std::string> identifiers;
};

struct PolicyStatement {
    std::string effect = "Allow";
    std::vector<std::string> actions;
    std::vector<std::string> not_actions;
    std::vector<std::string> resources;
    std::vector<PolicyPrincipal> principals;
    std::vector<PolicyCondition> conditions;

    bool allows() const { return effect == "Allow"; }
    // An action matches `action` ("iam:PassRole") literally or through a
    // wildcard pattern ("iam:*", "*", "iam:Pass*"), case-insensitively.
    bool grants(std::string_view action) const;
    bool on_any_resource() const;  // "*" among the resources
};

// Whether IAM's wildcard pattern (`*` and `?`) matches `text`, ignoring case.
bool iam_pattern_matches(std::string_view pattern, std::string_view text);

}  // namespace infra::rules
