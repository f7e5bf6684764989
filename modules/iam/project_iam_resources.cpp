#include "iam/project_iam_resources.hpp"

namespace crud_api::modules {
using namespace infra;

std::vector<Str> project_iam_resource_arns(const std::string& name_pattern) {
    return {
        Str("arn:aws:iam::*:role/" + name_pattern),
        Str("arn:aws:iam::*:instance-profile/" + name_pattern),
        Str("arn:aws:iam::*:policy/" + name_pattern),
    };
}

std::vector<std::string> project_iam_read_actions() {
    return {
        "iam:GetInstanceProfile",
        "iam:GetPolicy",
        "iam:GetPolicyVersion",
        "iam:GetRole",
        "iam:GetRolePolicy",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        "iam:ListPolicyVersions",
        "iam:ListRolePolicies",
    };
}

}  // namespace crud_api::modules
