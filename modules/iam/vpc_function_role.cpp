#include "iam/vpc_function_role.hpp"

#include "iam/inline_role_policy.hpp"
#include "iam/managed_policies.hpp"
#include "iam/service_trust_policy.hpp"
#include "iam/xray_write_traces.hpp"
#include "infra/aws/iam_role_policy_attachment.hpp"

namespace crud_api::modules {
using namespace infra;

VpcFunctionRole vpc_function_role(Construct& scope, VpcFunctionRoleProps props) {
    auto& trust = service_trust_policy(scope, "role_trust", "lambda.amazonaws.com");
    auto& role = scope.add<aws::IamRole>("role", aws::IamRoleArgs{
                                                     .assume_role_policy = trust.json(),
                                                     .description = props.description,
                                                     .name = props.role_name,
                                                     .tags = Map<Str>{{"Name", props.role_name}},
                                                 });
    auto& vpc_access = scope.add<aws::IamRolePolicyAttachment>(
        "vpc_access", aws::IamRolePolicyAttachmentArgs{.policy_arn = kLambdaVpcAccessPolicyArn, .role = role.name()});
    if (props.xray_tracing) props.statements.push_back(write_xray_traces());
    auto& policy = inline_role_policy(scope, {.document_id = "role_policy_document",
                                              .policy_id = "role_policy",
                                              .name = props.policy_name,
                                              .role = role.id(),
                                              .statements = std::move(props.statements)});
    return {.role = &role, .grants = {&vpc_access, &policy}};
}

}  // namespace crud_api::modules
