// The IAM resources the environment stacks create (roles, instance profiles,
// managed policies), named by a pattern such as "cloud-serverless-rds-dev-*",
// and the reads a plan makes to refresh them: the CI roles that plan or
// deploy the stacks grant them on the same ARNs with the same actions, so a
// resource type added to the stacks is added for all of them at once.
#pragma once

#include <string>
#include <vector>

#include "infra/typed_values.hpp"

namespace crud_api::modules {
using namespace infra;

// "arn:aws:iam::*:role/<pattern>", then the instance-profile and the policy
// ARNs of the same pattern.
std::vector<Str> project_iam_resource_arns(const std::string& name_pattern);

// The iam:Get* and iam:List* calls a plan makes on those resources, sorted.
std::vector<std::string> project_iam_read_actions();

}  // namespace crud_api::modules
