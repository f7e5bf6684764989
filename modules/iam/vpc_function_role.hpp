// The execution role of a Lambda function in a VPC, as the API functions
// and the schema migration have one each: trusted by Lambda, with AWS's VPC
// access policy (the function's network interfaces and its logs) and an
// inline policy of what the function's own code calls, X-Ray included when
// the function is traced.
#pragma once

#include <string>
#include <vector>

#include "infra/aws/data/iam_policy_document.hpp"
#include "infra/aws/iam_role.hpp"
#include "infra/construct.hpp"
#include "infra/terraform_element.hpp"

namespace crud_api::modules {
using namespace infra;

struct VpcFunctionRoleProps {
    std::string role_name{};
    std::string description{};
    // The inline policy's name and statements.
    std::string policy_name{};
    std::vector<aws::data::IamPolicyDocumentArgs::Statement> statements{};
    // Adds write_xray_traces() to the statements.
    bool xray_tracing{false};
};

struct VpcFunctionRole {
    aws::IamRole* role = nullptr;
    // The VPC access attachment and the inline policy: a function must
    // depend on them, or Lambda may create its network interfaces, or the
    // code may run, before the role holds the permissions.
    std::vector<const TerraformElement*> grants{};
};

// The role and its grants under `scope`, as "role_trust", "role",
// "vpc_access", "role_policy_document" and "role_policy".
VpcFunctionRole vpc_function_role(Construct& scope, VpcFunctionRoleProps props);

}  // namespace crud_api::modules
